package org.genex.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.genex.algorithms.embed.Word2VecConfig;
import org.genex.algorithms.hypergraph.CellGeneHypergraph;
import org.genex.algorithms.hypergraph.CoExpressionNetwork;
import org.genex.algorithms.hypergraph.CoMemWalk;
import org.genex.algorithms.hypergraph.HypergraphEmbedding;
import org.genex.algorithms.hypergraph.HypergraphEmbedding.WalkStorage;
import org.genex.algorithms.hypergraph.HypergraphPreprocessing;
import org.genex.algorithms.hypergraph.HypergraphPreprocessing.GeneSelector;
import org.genex.algorithms.hypergraph.HypergraphPreprocessing.LogBase;
import org.genex.algorithms.hypergraph.RandomWalks;
import org.genex.algorithms.hypergraph.TransitionStrategy;
import org.genex.algorithms.hypergraph.TwoStepWalk;
import org.genex.algorithms.hypergraph.WalkConfig;
import org.genex.algorithms.metrics.ClusteringMetrics;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.Matrix;
import org.genex.data.sim.PlantedHypergraph;

/**
 * The "ngenes" sweep of the hypergraph-walk paper (spec sections 7 and 8.1) on the planted-module simulator: for
 * each walk strategy and average module size, the clustering scores of k-means on the walk embeddings (ARI and NMI
 * against the planted modules, "NA" cells a class of their own, k = the number of modules) and the fraction of walk
 * steps that stay inside a module, averaged over seeds.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp jmh-benchmarks/target/benchmarks.jar org.genex.bench.WalkSweep
 * [config=small|paper] [gavg=10,20,40] [seeds=3]}: {@code small} is the spec's 2-core setting (section 9: 600 genes x
 * 300 cells, 10 modules, walks 10 x 20, vector size 16, 2 epochs); {@code paper} the scripts' (3000 x 1000, 30
 * modules, walks 30 x 30, vector size 30, 5 epochs).
 */
public final class WalkSweep {
    private WalkSweep() {}

    public static void main(String[] args) {
        String config = "small";
        double[] gavg = {10, 20, 40};
        int seeds = 3;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "config" -> config = kv[1];
                case "gavg" -> gavg = java.util.Arrays.stream(kv[1].split(",")).mapToDouble(Double::parseDouble)
                        .toArray();
                case "seeds" -> seeds = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        boolean paper = config.equals("paper");
        WalkConfig walks = paper ? WalkConfig.defaults() : new WalkConfig(10, 20, 42, true);
        Word2VecConfig w2v = Word2VecConfig.hypergraphDefaults().withThreads(1)
                .withVectorSize(paper ? 30 : 16).withEpochs(paper ? 5 : 2);
        List<TransitionStrategy> strategies = List.of(TwoStepWalk.edhw(), TwoStepWalk.diphw(50),
                TwoStepWalk.diphwSwapped(50),
                CoMemWalk.comem(CoExpressionNetwork.full(), CoExpressionNetwork.full()),
                CoMemWalk.comemDiphw(50, CoExpressionNetwork.full(), CoExpressionNetwork.full()),
                CoMemWalk.comemDiphw(50, CoExpressionNetwork.full(), CoExpressionNetwork.topK(10)),
                CoMemWalk.comemDiphw(50, CoExpressionNetwork.topK(10), CoExpressionNetwork.topK(10)));
        System.out.printf("config %s, walks %d x %d, vector size %d, %d epochs, %d seeds (42 + run)%n", config,
                walks.walksPerNode(), walks.walkLength(), w2v.vectorSize(), w2v.epochs(), seeds);
        System.out.printf("%-58s %6s %13s %13s %9s %7s%n", "strategy", "g_avg", "ARI", "NMI", "in-module", "s/run");
        for (double g : gavg) {
            PlantedHypergraph.Config sim = paper ? PlantedHypergraph.Config.ngenes(g)
                    : PlantedHypergraph.Config.small(g);
            List<AnnData> data = new ArrayList<>();
            for (int run = 0; run < seeds; run++) data.add(PlantedHypergraph.simulate(sim, 42 + run));
            for (TransitionStrategy s : strategies) {
                double[] ari = new double[seeds], nmi = new double[seeds], in = new double[seeds];
                long t0 = System.nanoTime();
                for (int run = 0; run < seeds; run++) {
                    AnnData a = data.get(run);
                    CellGeneHypergraph h = HypergraphPreprocessing.prepare(((Matrix.Csr) a.x()).matrix(),
                            LogBase.TWO, GeneSelector.all());
                    int[] truth = labels(a, h);
                    var r = HypergraphEmbedding.run(h, s, walks.withSeed(42 + run), w2v.withSeed(42 + run),
                            WalkStorage.STORED);
                    int[] pred = HypergraphEmbedding.cluster(r.embedding(), sim.nModules(), 42 + run);
                    ari[run] = ClusteringMetrics.adjustedRandIndex(truth, pred);
                    nmi[run] = ClusteringMetrics.normalizedMutualInformation(truth, pred);
                    in[run] = inModule(RandomWalks.sample(r.transitions(), walks.withSeed(42 + run)).tokens(),
                            walks.walkLength(), truth, sim.nModules());
                }
                System.out.printf(Locale.ROOT, "%-58s %6.0f %6.3f±%.3f %6.3f±%.3f %9.3f %7.1f%n", s.name(), g,
                        mean(ari), sd(ari), mean(nmi), sd(nmi), mean(in), (System.nanoTime() - t0) / 1e9 / seeds);
            }
        }
    }

    /** Module of each hypergraph cell; "NA" cells get their own label (the metrics count them as a class). */
    static int[] labels(AnnData a, CellGeneHypergraph h) {
        Column.Categorical m = (Column.Categorical) a.obs().get("module");
        int[] out = new int[h.cells()];
        for (int v = 0; v < out.length; v++) out[v] = m.codes()[h.cellIds()[v]];
        return out;
    }

    /**
     * Fraction of steps between two cells of the same planted module; NA cells (code {@code na}: PlantedHypergraph
     * lists "NA" after the modules) belong to none.
     */
    static double inModule(int[] tokens, int length, int[] label, int na) {
        long same = 0, all = 0;
        for (int w = 0; w < tokens.length / length; w++)
            for (int i = 1; i < length; i++) {
                int a = label[tokens[w * length + i - 1]], b = label[tokens[w * length + i]];
                all++;
                if (a == b && a != na) same++;
            }
        return (double) same / all;
    }

    static double mean(double[] a) {
        double s = 0;
        for (double x : a) s += x;
        return s / a.length;
    }

    static double sd(double[] a) {
        if (a.length < 2) return 0;
        double m = mean(a), s = 0;
        for (double x : a) s += (x - m) * (x - m);
        return Math.sqrt(s / (a.length - 1));
    }
}
