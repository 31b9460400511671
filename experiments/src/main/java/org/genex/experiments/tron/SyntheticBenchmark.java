package org.genex.experiments.tron;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.sim.TwoSpecies;
import org.genex.experiments.tron.TronMethods.Method;
import org.genex.nn.models.tron.Labels;
import org.genex.nn.models.tron.Tron;
import org.genex.nn.models.tron.TronConfig;
import org.genex.nn.models.tron.TronTraining;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;

/**
 * The synthetic ground-truth benchmark of specs/tron.md &sect;6.1 on {@link TwoSpecies}: per seed, a source network
 * is pre-trained on the simulated source species (continuous phenotype), then each method of {@link TronMethods} is
 * fitted on the first n target samples (nested subsets, n in {@code targetSizes}) and scored on held-out target
 * samples: MSE, Pearson, Spearman, R^2 (&sect;6.3), edge-recovery AUROC/AUPRC of |w_e| on the paralog groups (all of
 * them, and those of the phenotype genes), and how learned weights follow the true scales (&sect;6.1 c): Pearson
 * correlation of w_e with alpha and with 1/alpha, and Pearson and Spearman correlation with the ideal weight w*_e
 * (population least-squares slope in the preprocessed space, see {@link EdgeRecovery}), over functional edges.
 *
 * <p>Preprocessing (&sect;3): log-CPM; the source is z-scored with its training rows' statistics, the target with the
 * statistics of its n training rows (so nothing of the test samples leaks in). With {@link Options#scaling()}
 * {@link TronData.Scaling#CENTRE} both species are only centred (same statistics, no division by the sd): not the
 * spec's pipeline, but the one where the scale alpha survives preprocessing and w* &asymp; 1/alpha, so that
 * corr(w, 1/alpha) means something. Under the default z-scoring alpha cancels (w* = the cross-species correlation,
 * nearly flat in alpha) and corr(w, w*) is the meaningful metric.
 */
public final class SyntheticBenchmark {
    private SyntheticBenchmark() {}

    /**
     * @param sim         the simulator's config; its {@code targetSamples} is replaced by max(targetSizes) + testSamples
     * @param targetSizes the learning-curve sizes n
     * @param testSamples held-out target samples per seed
     * @param seeds       repetitions (seeds seed, seed + 1, ...)
     * @param config      TRON's config (architecture and stages); every method uses its epochs and batch sizes
     * @param methods     which methods to run
     * @param log         progress lines (may be null)
     * @param scaling     the preprocessing after log-CPM, for both species (default {@link TronData.Scaling#ZSCORE},
     *                    spec &sect;3)
     */
    public record Options(TwoSpecies.Config sim, int[] targetSizes, int testSamples, int seeds, long seed,
                          TronConfig config, List<Method> methods, Consumer<String> log, TronData.Scaling scaling) {
        /** The full benchmark of &sect;6.1: the simulator's defaults (n_s = 2,000), n = 25..500, 5 seeds. */
        public static Options full() {
            return new Options(TwoSpecies.Config.defaults(), new int[] {25, 50, 100, 250, 500}, 500, 5, 1,
                    TronConfig.small(), List.of(Method.values()), null, TronData.Scaling.ZSCORE);
        }

        /** A reduced benchmark for tests: 300 source genes, n = 25 and 50, 2 seeds, a narrow network. */
        public static Options reduced() {
            // more paralog groups (35% 1:many) and more phenotype genes (40 of 300) than the defaults, so that
            // enough paralog groups carry phenotype signal at this size, and noise decoys (decoyStateWeight 0)
            TwoSpecies.Config sim = new TwoSpecies.Config(300, 0.55, 0.35, 2, 0.05, 8, 10, 4, 1.0, 0.5, 0.8, 1.0,
                    0.5, 2.0, 0.5, 0.3, 0.2, 1200, 250, 2e6, 0.3, 0.05, 40, 0.1, 0.0);
            return new Options(sim, new int[] {25, 100}, 200, 2, 1,
                    TronConfig.small().withHidden(64, 16).withSource(1e-3f, 64, 20, 3).withTransfer(1e-2f, 16, 60),
                    List.of(Method.B0, Method.B1, Method.TRON), null, TronData.Scaling.ZSCORE);
        }

        public Options withFirstSeed(long first) { return new Options(sim, targetSizes, testSamples, seeds, first, config, methods, log, scaling); }
        public Options withSeeds(int n) { return new Options(sim, targetSizes, testSamples, n, seed, config, methods, log, scaling); }
        public Options withLog(Consumer<String> l) { return new Options(sim, targetSizes, testSamples, seeds, seed, config, methods, l, scaling); }
        public Options withMethods(List<Method> m) { return new Options(sim, targetSizes, testSamples, seeds, seed, config, m, log, scaling); }
        public Options withSizes(int[] sizes, int test) { return new Options(sim, sizes, test, seeds, seed, config, methods, log, scaling); }
        public Options withSim(TwoSpecies.Config c) { return new Options(c, targetSizes, testSamples, seeds, seed, config, methods, log, scaling); }
        public Options withScaling(TronData.Scaling z) { return new Options(sim, targetSizes, testSamples, seeds, seed, config, methods, log, z); }
        public Options withConfig(TronConfig c) { return new Options(sim, targetSizes, testSamples, seeds, seed, c, methods, log, scaling); }
    }

    /** One (seed, n, method) result; NaN where a metric does not apply (edge metrics of B1). */
    public record Row(long seed, int n, Method method, double mse, double pearson, double spearman, double r2,
                      double accuracy, double macroF1, double macroAuroc,
                      double edgeAuroc, double edgeAuprc, double edgeAurocPhenotype, double topHit,
                      double alphaCorrelation, double inverseAlphaCorrelation, double idealPearson,
                      double idealSpearman, double seconds) {
        static final String HEADER = "seed,n,method,mse,pearson,spearman,r2,accuracy,macro_f1,macro_auroc,"
                + "edge_auroc,edge_auprc,edge_auroc_phenotype_genes,paralog_top_hit,alpha_correlation,"
                + "inv_alpha_correlation,ideal_weight_pearson,ideal_weight_spearman,seconds";

        /** A regression row (classification metrics NaN). */
        static Row regression(long seed, int n, Method m, TronMetrics.Regression r, double[] edges, double secs) {
            return new Row(seed, n, m, r.mse(), r.pearson(), r.spearman(), r.r2(), Double.NaN, Double.NaN,
                    Double.NaN, edges[0], edges[1], edges[2], edges[3], edges[4], edges[5], edges[6], edges[7], secs);
        }

        /** A classification row (regression metrics NaN). */
        static Row classification(long seed, int n, Method m, TronMetrics.Classification c, double[] edges,
                                  double secs) {
            return new Row(seed, n, m, Double.NaN, Double.NaN, Double.NaN, Double.NaN, c.accuracy(), c.macroF1(),
                    c.macroAuroc(), edges[0], edges[1], edges[2], edges[3], edges[4], edges[5], edges[6], edges[7], secs);
        }

        String csv() {
            return seed + "," + n + "," + method + "," + f(mse) + "," + f(pearson) + "," + f(spearman) + "," + f(r2)
                    + "," + f(accuracy) + "," + f(macroF1) + "," + f(macroAuroc)
                    + "," + f(edgeAuroc) + "," + f(edgeAuprc) + "," + f(edgeAurocPhenotype) + "," + f(topHit) + ","
                    + f(alphaCorrelation) + "," + f(inverseAlphaCorrelation) + "," + f(idealPearson) + ","
                    + f(idealSpearman) + "," + f(seconds);
        }

        double metric(String name) {
            return switch (name) {
                case "mse" -> mse;
                case "pearson" -> pearson;
                case "spearman" -> spearman;
                case "r2" -> r2;
                case "accuracy" -> accuracy;
                case "macro_f1" -> macroF1;
                case "macro_auroc" -> macroAuroc;
                case "edge_auroc" -> edgeAuroc;
                case "edge_auprc" -> edgeAuprc;
                case "edge_auroc_phenotype_genes" -> edgeAurocPhenotype;
                case "paralog_top_hit" -> topHit;
                case "alpha_correlation" -> alphaCorrelation;
                case "inv_alpha_correlation" -> inverseAlphaCorrelation;
                case "ideal_weight_pearson" -> idealPearson;
                case "ideal_weight_spearman" -> idealSpearman;
                case "seconds" -> seconds;
                default -> throw new IllegalArgumentException("unknown metric " + name);
            };
        }
    }

    /** The metrics summarised over seeds. */
    public static final List<String> METRICS = List.of("mse", "pearson", "spearman", "r2", "accuracy", "macro_f1",
            "macro_auroc", "edge_auroc", "edge_auprc",
            "edge_auroc_phenotype_genes", "paralog_top_hit", "alpha_correlation", "inv_alpha_correlation",
            "ideal_weight_pearson", "ideal_weight_spearman", "seconds");

    /** Every row, and the source network's validation loss per seed. */
    public record Result(List<Row> rows, double[] sourceValLoss) {
        /** The mean and sd over seeds of a metric for (n, method); NaN when none. */
        public double[] meanSd(int n, Method m, String metric) { return BenchmarkTables.meanSd(rows, n, m, metric); }
    }

    /**
     * Runs the full benchmark ({@link Options#full()}) and writes its tables and plots:
     * {@code SyntheticBenchmark OUT_DIR [SEEDS [SOURCE_GENES [DECOY_STATE_WEIGHT [zscore|centre]]]]}.
     */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/tron");
        Options o = Options.full().withLog(s -> System.out.println(s));
        if (args.length > 1) o = o.withSeeds(Integer.parseInt(args[1]));
        if (args.length > 2) {
            int g = Integer.parseInt(args[2]);
            o = o.withSim(o.sim().withSizes(g, o.sim().sourceSamples(), o.sim().targetSamples()));
        }
        if (args.length > 3) o = o.withSim(o.sim().withDecoyStateWeight(Double.parseDouble(args[3])));
        if (args.length > 4) o = o.withScaling(TronData.Scaling.valueOf(args[4].toUpperCase(java.util.Locale.ROOT)));
        long t0 = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        String md = "";
        for (int s = 0; s < o.seeds(); s++) {          // tables rewritten after every seed: a partial run is usable
            rows.addAll(run(o.withFirstSeed(o.seed() + s).withSeeds(1)).rows());
            md = BenchmarkTables.write(rows, o.targetSizes(), o.methods(), out, "synthetic_");
        }
        System.out.println(md);
        System.out.printf("total %.0f s%n", (System.nanoTime() - t0) * 1e-9);
    }

    public static Result run(Options o) throws IOException {
        Consumer<String> log = o.log() == null ? s -> { } : o.log();
        int maxN = 0;
        for (int n : o.targetSizes()) maxN = Math.max(maxN, n);
        TwoSpecies.Config sc = o.sim().withSizes(o.sim().sourceGenes(), o.sim().sourceSamples(), maxN + o.testSamples());
        List<Row> rows = new ArrayList<>();
        double[] valLoss = new double[o.seeds()];
        for (int s = 0; s < o.seeds(); s++) {
            long seed = o.seed() + s;
            long t0 = System.nanoTime();
            TwoSpecies.Result sim = TwoSpecies.simulate(sc, seed);
            Prepared p = prepareSource(sim.source(), o.config(), sim.orthologs(), seed, o.scaling());
            valLoss[s] = p.valLoss;
            log.accept(String.format("seed %d: simulated and pre-trained the source network in %.1f s (val MSE %.4f)",
                    seed, (System.nanoTime() - t0) * 1e-9, p.valLoss));
            AnnData tgt = sim.target();
            int nt = tgt.nVars();
            float[] xt = TronData.logCpm(TronData.dense(tgt.requireX()), tgt.nObs(), nt);
            double[] yAll = floats(tgt, "phenotype");
            double[] alpha = ((Column.Floats) tgt.var().get("alpha")).values();
            float[] equivalent = TronData.dense((org.genex.data.Matrix) tgt.obsm().get("X_source_equivalent"));
            double[] ideal = EdgeRecovery.idealWeights(sim.orthologs(), equivalent, xt, tgt.nObs(), p.z.sd(),
                    o.scaling());
            log.accept(idealSummary(seed, sim.orthologs(), sim.functional(), ideal, alpha));
            boolean[] pheno = ((Column.Bools) sim.source().var().get("phenotype_gene")).values();
            int[] test = TronData.range(maxN, maxN + o.testSamples());
            double[] yTest = pick(yAll, test);
            for (int n : o.targetSizes()) {
                int[] train = TronData.range(0, n);
                TronData.Standardizer z = TronData.Standardizer.fit(xt, tgt.nObs(), nt, train, o.scaling());
                Tensor xTrain = z.apply(xt, nt, train), xTest = z.apply(xt, nt, test);
                Labels yTrain = Labels.regression(toFloat(pick(yAll, train)));
                for (Method m : o.methods()) {
                    long t1 = System.nanoTime();
                    TronMethods.Fitted f = TronMethods.fit(m, o.config(), sim.orthologs(), p.state, xTrain, yTrain,
                            xTest, seed);
                    double secs = (System.nanoTime() - t1) * 1e-9;
                    rows.add(score(seed, n, m, f, yTest, sim.orthologs(), sim.functional(), pheno, alpha, ideal,
                            secs));
                    Row r = rows.get(rows.size() - 1);
                    log.accept(String.format("seed %d n %d %-7s R2 %.3f  r %.3f  edge AUROC %.3f  corr(w, w*) %.3f"
                            + "  corr(w, 1/alpha) %.3f  (%.1f s)", seed, n, m, r.r2, r.pearson, r.edgeAuroc,
                            r.idealPearson, r.inverseAlphaCorrelation, secs));
                }
            }
        }
        return new Result(rows, valLoss);
    }

    /** One log line: mean and sd of w* over functional edges, and its Spearman correlation with alpha and 1/alpha. */
    static String idealSummary(long seed, CsrMatrix graph, CsrMatrix functional, double[] ideal, double[] alpha) {
        double[] inverse = new double[alpha.length];
        for (int j = 0; j < alpha.length; j++) inverse[j] = 1 / alpha[j];
        double sum = 0, ss = 0;
        int k = 0;
        for (int i = 0; i < graph.rows(); i++)
            for (int e = graph.indptr()[i]; e < graph.indptr()[i + 1]; e++)
                if (EdgeRecovery.contains(functional, i, graph.indices()[e])) {
                    sum += ideal[e];
                    ss += ideal[e] * ideal[e];
                    k++;
                }
        double mean = sum / k, sd = Math.sqrt(Math.max(0, ss / k - mean * mean));
        float[] w = toFloat(ideal);
        return String.format("seed %d: ideal weights w* over %d functional edges: mean %.3f sd %.3f, Spearman corr(w*, "
                + "alpha) %.3f, corr(w*, 1/alpha) %.3f", seed, k, mean, sd,
                EdgeRecovery.correlation(graph, functional, w, EdgeRecovery.perEdge(graph, alpha))[1],
                EdgeRecovery.correlation(graph, functional, w, EdgeRecovery.perEdge(graph, inverse))[1]);
    }

    /** A pre-trained source network (its state dict) and its validation loss. */
    record Prepared(Map<String, Tensor> state, double valLoss, TronData.Standardizer z) {}

    /** Log-CPM, z-score (or centre) on the first 90% (training) rows, pre-training with early stopping on the last 10%. */
    static Prepared prepareSource(AnnData src, TronConfig config, CsrMatrix graph, long seed, TronData.Scaling scaling)
            throws IOException {
        int n = src.nObs(), ns = src.nVars(), nTrain = n - Math.max(1, n / 10);
        float[] xs = TronData.logCpm(TronData.dense(src.requireX()), n, ns);
        int[] train = TronData.range(0, nTrain), val = TronData.range(nTrain, n);
        TronData.Standardizer z = TronData.Standardizer.fit(xs, n, ns, train, scaling);
        double[] y = floats(src, "phenotype");
        Tron model = new Tron(config, graph, Rng.seeded(seed).fork("tron"));
        Labels yVal = Labels.regression(toFloat(pick(y, val)));
        Tensor xVal = z.apply(xs, ns, val);
        TronTraining.pretrainSource(model, z.apply(xs, ns, train), Labels.regression(toFloat(pick(y, train))), xVal,
                yVal, TronTraining.Run.seeded(seed));
        double loss = yVal.loss(org.genex.autodiff.Var.of(model.predict(xVal, false)), TronData.range(0, val.length)).item();
        return new Prepared(model.stateDict(), loss, z);
    }

    static Row score(long seed, int n, Method m, TronMethods.Fitted f, double[] yTest, CsrMatrix graph,
                     CsrMatrix functional, boolean[] phenotypeGenes, double[] alpha, double[] ideal, double secs) {
        float[] p = f.predictions().toArray();
        double[] pred = new double[p.length];
        for (int i = 0; i < p.length; i++) pred[i] = p[i];
        return Row.regression(seed, n, m, TronMetrics.regression(pred, yTest),
                edgeMetrics(f, graph, functional, phenotypeGenes, alpha, ideal), secs);
    }

    /**
     * {AUROC, AUPRC, AUROC on phenotype genes' groups, top hit, corr(w, alpha), corr(w, 1/alpha), Pearson and
     * Spearman corr(w, w*)}; NaN without edge weights, or where alpha (per target gene) or the ideal weights (per
     * edge) are null.
     */
    static double[] edgeMetrics(TronMethods.Fitted f, CsrMatrix graph, CsrMatrix functional,
                                boolean[] phenotypeGenes, double[] alpha, double[] ideal) {
        double[] out = new double[8];
        java.util.Arrays.fill(out, Double.NaN);
        if (f.edgeWeights() == null) return out;
        EdgeRecovery.Result all = EdgeRecovery.paralogs(graph, functional, f.edgeWeights(), null);
        out[0] = all.auroc();
        out[1] = all.auprc();
        out[3] = all.topHit();
        if (phenotypeGenes != null)
            out[2] = EdgeRecovery.paralogs(graph, functional, f.edgeWeights(), phenotypeGenes).auroc();
        if (alpha != null) {
            double[] inverse = new double[alpha.length];
            for (int j = 0; j < alpha.length; j++) inverse[j] = 1 / alpha[j];
            out[4] = EdgeRecovery.correlation(graph, functional, f.edgeWeights(), EdgeRecovery.perEdge(graph, alpha))[0];
            out[5] = EdgeRecovery.correlation(graph, functional, f.edgeWeights(), EdgeRecovery.perEdge(graph, inverse))[0];
        }
        if (ideal != null) {
            double[] c = EdgeRecovery.correlation(graph, functional, f.edgeWeights(), ideal);
            out[6] = c[0];
            out[7] = c[1];
        }
        return out;
    }

    static double[] floats(AnnData a, String column) {
        Column c = a.obs().get(column);
        if (c instanceof Column.Floats f) return f.values();
        throw new IllegalArgumentException("obs column '" + column + "' is not a float column: " + c.getClass().getSimpleName());
    }

    static double[] pick(double[] v, int[] idx) {
        double[] out = new double[idx.length];
        for (int k = 0; k < idx.length; k++) out[k] = v[idx[k]];
        return out;
    }

    static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int k = 0; k < v.length; k++) out[k] = (float) v[k];
        return out;
    }

    private static String f(double v) { return Double.isNaN(v) ? "" : String.format(java.util.Locale.ROOT, "%.5g", v); }
}
