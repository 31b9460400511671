package org.genex.experiments.tron;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.genes.OrthologMap;
import org.genex.data.io.H5adReader;
import org.genex.experiments.tron.SyntheticBenchmark.Row;
import org.genex.experiments.tron.TronMethods.Method;
import org.genex.nn.models.tron.Labels;
import org.genex.nn.models.tron.Tron;
import org.genex.nn.models.tron.TronConfig;
import org.genex.nn.models.tron.TronTask;
import org.genex.nn.models.tron.TronTraining;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;

/**
 * The semi-real benchmark: real human cells, a simulated "mouse" moved through the real ortholog table.
 * <ol>
 *   <li>Cells of scanpy's pbmc68k_reduced (700 PBMCs, 765 genes; {@code raw.X} log-normalised, turned back into
 *       per-cell-scaled counts with expm1); the phenotype is {@code obs["bulk_labels"]}, the 10 FACS-sorted cell
 *       types (not {@code louvain}, which is a clustering of these very profiles). Cells are split at random:
 *       {@code sourceFraction} train the human source network, the others are the target species.</li>
 *   <li>Target genes: the mouse orthologs of the data's human genes in the Ensembl 105 human&rarr;mouse table
 *       (one-to-one, one-to-many, many-to-one as in the table). In each one-to-many group one mouse gene (at random)
 *       is functional and the others are decoys; {@code decoyFraction} of the one-to-one genes get an extra
 *       decoy paralog ({@code <mouse>-decoy}); {@code dropFraction} of the mouse genes are dropped (their human
 *       genes lose those orthologs). Ground truth: the functional edges E* and a scale alpha_t ~ U(0.5, 2) per
 *       mouse gene.</li>
 *   <li>Expression of a target cell n: a functional mouse gene t has log-expression alpha_t log1p(sum of the
 *       counts of its functional human genes), a decoy alpha_t log1p(counts of its human gene in another,
 *       random target cell) (the same marginal, no signal); counts = expm1 of that.</li>
 * </ol>
 * Then the protocol of {@link SyntheticBenchmark} with a categorical phenotype: accuracy, macro-F1, macro AUROC,
 * edge-recovery AUROC/AUPRC on the paralog groups, and corr(w_e, alpha).
 */
public final class SemiRealBenchmark {
    private SemiRealBenchmark() {}

    /**
     * @param h5ad           pbmc68k_reduced.h5ad
     * @param orthologTable  Ensembl105_Human2Mouse_Genes.csv
     * @param phenotype      the obs column of the cell type
     */
    public record Options(Path h5ad, Path orthologTable, String phenotype, double sourceFraction,
                          double decoyFraction, double dropFraction, int[] targetSizes, int seeds, long seed,
                          TronConfig config, List<Method> methods, Consumer<String> log) {
        /** 5 seeds, n = 25, 50, 100, every method. */
        public static Options of(Path h5ad, Path table) {
            return new Options(h5ad, table, "bulk_labels", 0.6, 0.2, 0.1, new int[] {25, 50, 100}, 5, 1,
                    TronConfig.small().withSource(1e-3f, 32, 60, 8).withTransfer(1e-2f, 16, 60), List.of(Method.values()),
                    null);
        }

        public Options withSeeds(int n) { return new Options(h5ad, orthologTable, phenotype, sourceFraction, decoyFraction, dropFraction, targetSizes, n, seed, config, methods, log); }
        public Options withSizes(int... s) { return new Options(h5ad, orthologTable, phenotype, sourceFraction, decoyFraction, dropFraction, s, seeds, seed, config, methods, log); }
        public Options withMethods(List<Method> m) { return new Options(h5ad, orthologTable, phenotype, sourceFraction, decoyFraction, dropFraction, targetSizes, seeds, seed, config, m, log); }
        public Options withLog(Consumer<String> l) { return new Options(h5ad, orthologTable, phenotype, sourceFraction, decoyFraction, dropFraction, targetSizes, seeds, seed, config, methods, l); }
        public Options withConfig(TronConfig c) { return new Options(h5ad, orthologTable, phenotype, sourceFraction, decoyFraction, dropFraction, targetSizes, seeds, seed, c, methods, log); }
    }

    /**
     * The simulated target species of one seed.
     *
     * @param counts     [cells, genes] target counts of the target cells
     * @param genes      the mouse gene names (columns)
     * @param graph      source (human) genes by target genes, the ortholog biadjacency
     * @param functional E*, a subset of graph
     * @param alpha      per target gene
     * @param summary    the biadjacency's summary line
     */
    public record Target(float[] counts, String[] genes, CsrMatrix graph, CsrMatrix functional, double[] alpha,
                         String summary) {}

    public static SyntheticBenchmark.Result run(Options o) throws IOException {
        Consumer<String> log = o.log() == null ? s -> { } : o.log();
        AnnData a = H5adReader.read(o.h5ad());
        if (a.raw() == null) throw new IllegalArgumentException(o.h5ad() + ": no raw/X (log-normalised counts)");
        String[] human = a.raw().var().index();
        int cells = a.nObs(), ng = human.length;
        float[] counts = TronData.dense(a.raw().x());
        for (int k = 0; k < counts.length; k++) counts[k] = (float) Math.expm1(counts[k]);
        if (!(a.obs().get(o.phenotype()) instanceof Column.Categorical cat))
            throw new IllegalArgumentException(o.h5ad() + ": obs['" + o.phenotype() + "'] is not categorical");
        int k = cat.categories().length;
        OrthologMap table = OrthologMap.read(o.orthologTable());
        TronConfig config = o.config().withTask(TronTask.MULTICLASS, k);
        int maxN = Arrays.stream(o.targetSizes()).max().orElseThrow();

        List<Row> rows = new ArrayList<>();
        double[] valLoss = new double[o.seeds()];
        for (int s = 0; s < o.seeds(); s++) {
            long seed = o.seed() + s;
            Rng rng = Rng.seeded(seed).fork("semi-real");
            int[] perm = rng.fork("cells").permutation(cells);
            int nSource = (int) Math.round(o.sourceFraction() * cells);
            int[] src = Arrays.copyOf(perm, nSource), tgt = Arrays.copyOfRange(perm, nSource, cells);
            if (tgt.length - maxN < 20)
                throw new IllegalArgumentException("semi-real: " + tgt.length + " target cells leave too few for a test"
                        + " set after n = " + maxN);
            Target t = target(counts, human, tgt, table, o, rng.fork("target"));
            log.accept("seed " + seed + ": " + t.summary());

            // source: log-CPM, z-score on its training rows, pre-training with early stopping on 10%
            float[] xs = TronData.logCpm(select(counts, ng, src), src.length, ng);
            int nTrain = src.length - Math.max(1, src.length / 10);
            int[] tr = TronData.range(0, nTrain), va = TronData.range(nTrain, src.length);
            TronData.Standardizer zs = TronData.Standardizer.fit(xs, src.length, ng, tr);
            int[] ySrc = codes(cat, src);
            Tron pre = new Tron(config, t.graph(), Rng.seeded(seed).fork("tron"));
            Labels yVal = Labels.multiclass(pick(ySrc, va));
            Tensor xVal = zs.apply(xs, ng, va);
            TronTraining.pretrainSource(pre, zs.apply(xs, ng, tr), Labels.multiclass(pick(ySrc, tr)), xVal, yVal,
                    TronTraining.Run.seeded(seed));
            valLoss[s] = yVal.loss(org.genex.autodiff.Var.of(pre.predict(xVal, false)), TronData.range(0, va.length)).item();
            Map<String, Tensor> state = pre.stateDict();

            int nt = t.genes().length;
            float[] xt = TronData.logCpm(t.counts(), tgt.length, nt);
            int[] yTgt = codes(cat, tgt);
            int[] test = TronData.range(maxN, tgt.length);
            for (int n : o.targetSizes()) {
                int[] train = TronData.range(0, n);
                TronData.Standardizer z = TronData.Standardizer.fit(xt, tgt.length, nt, train);
                Tensor xTrain = z.apply(xt, nt, train), xTest = z.apply(xt, nt, test);
                for (Method m : o.methods()) {
                    long t1 = System.nanoTime();
                    TronMethods.Fitted f = TronMethods.fit(m, config, t.graph(), state, xTrain,
                            Labels.multiclass(pick(yTgt, train)), xTest, seed);
                    double secs = (System.nanoTime() - t1) * 1e-9;
                    Row r = Row.classification(seed, n, m,
                            TronMetrics.classification(f.predictions().toArray(), k, pick(yTgt, test)),
                            SyntheticBenchmark.edgeMetrics(f, t.graph(), t.functional(), null, t.alpha(), null), secs);
                    rows.add(r);
                    log.accept(String.format("seed %d n %d %-7s acc %.3f  F1 %.3f  edge AUROC %.3f  (%.1f s)", seed, n, m,
                            r.accuracy(), r.macroF1(), r.edgeAuroc(), secs));
                }
            }
        }
        return new SyntheticBenchmark.Result(rows, valLoss);
    }

    /**
     * Builds the target species for the cells {@code cells} (rows of {@code counts} [cells, human genes]) as the
     * class comment describes.
     */
    public static Target target(float[] counts, String[] human, int[] cells, OrthologMap table, Options o, Rng rng) {
        int ng = human.length;
        Rng pick = rng.fork("graph");
        // the mouse genes of the data's human genes, minus the dropped ones, plus decoys
        Set<String> mouse = new LinkedHashSet<>();
        for (String h : human) mouse.addAll(table.targets(h));
        Set<String> dropped = new LinkedHashSet<>();
        for (String m : mouse) if (pick.uniform(0, 1) < o.dropFraction()) dropped.add(m);
        List<String[]> pairs = new ArrayList<>();
        Map<String, Integer> functionalOf = new LinkedHashMap<>();     // "human\tmouse" of E*
        for (int i = 0; i < ng; i++) {
            List<String> ts = new ArrayList<>();
            for (String m : table.targets(human[i])) if (!dropped.contains(m)) ts.add(m);
            if (ts.isEmpty()) continue;
            if (ts.size() == 1 && pick.uniform(0, 1) < o.decoyFraction()) ts.add(ts.get(0) + "-decoy");
            String f = ts.get(ts.size() == 1 ? 0 : pick.nextInt(ts.size()));
            if (f.endsWith("-decoy")) f = ts.get(0);
            for (String m : ts) pairs.add(new String[] {human[i], m});
            functionalOf.put(human[i] + "\t" + f, i);
        }
        OrthologMap graphMap = OrthologMap.ofPairs(pairs);
        String[] genes = graphMap.inverse().sourceGenes().toArray(new String[0]);
        OrthologMap.Biadjacency b = graphMap.biadjacency(human, genes, OrthologMap.Pairs.ALL, true);
        CsrMatrix g = b.matrix();
        int nt = genes.length;
        // E* as a CSR of the same shape, and per target gene its functional sources
        List<Integer> fr = new ArrayList<>(), fc = new ArrayList<>();
        List<List<Integer>> signal = new ArrayList<>();
        int[] decoySource = new int[nt];
        Arrays.fill(decoySource, -1);
        for (int j = 0; j < nt; j++) signal.add(new ArrayList<>());
        for (int i = 0; i < g.rows(); i++)
            for (int e = g.indptr()[i]; e < g.indptr()[i + 1]; e++) {
                int j = g.indices()[e];
                if (functionalOf.containsKey(human[i] + "\t" + genes[j])) {
                    fr.add(i);
                    fc.add(j);
                    signal.get(j).add(i);
                } else if (decoySource[j] < 0) decoySource[j] = i;
            }
        float[] ones = new float[fr.size()];
        Arrays.fill(ones, 1f);
        CsrMatrix functional = CsrMatrix.fromCoo(g.rows(), nt, fr.stream().mapToInt(x -> x).toArray(),
                fc.stream().mapToInt(x -> x).toArray(), ones);
        double[] alpha = new double[nt];
        Rng ra = rng.fork("alpha");
        for (int j = 0; j < nt; j++) alpha[j] = ra.uniform(0.5, 2.0);
        int nc = cells.length;
        int[] shuffle = rng.fork("decoys").permutation(nc);
        float[] out = new float[nc * nt];
        for (int c = 0; c < nc; c++) {
            int row = cells[c];
            for (int j = 0; j < nt; j++) {
                double v = 0;
                if (!signal.get(j).isEmpty()) for (int i : signal.get(j)) v += counts[row * ng + i];
                else v = counts[cells[shuffle[c]] * ng + decoySource[j]];
                out[c * nt + j] = (float) Math.expm1(alpha[j] * Math.log1p(v));
            }
        }
        return new Target(out, genes, g, functional, alpha, b.summary() + ", " + dropped.size() + " mouse genes"
                + " dropped, " + fr.size() + " functional edges");
    }

    private static float[] select(float[] x, int g, int[] rows) {
        float[] out = new float[rows.length * g];
        for (int k = 0; k < rows.length; k++) System.arraycopy(x, rows[k] * g, out, k * g, g);
        return out;
    }

    private static int[] codes(Column.Categorical c, int[] rows) {
        int[] out = new int[rows.length];
        for (int k = 0; k < rows.length; k++) out[k] = Math.max(0, c.codes()[rows[k]]);
        return out;
    }

    private static int[] pick(int[] v, int[] idx) {
        int[] out = new int[idx.length];
        for (int k = 0; k < idx.length; k++) out[k] = v[idx[k]];
        return out;
    }

    /** Runs the benchmark and writes its tables: {@code SemiRealBenchmark H5AD TABLE OUT_DIR [SEEDS]}. */
    public static void main(String[] args) throws IOException {
        Options o = Options.of(Path.of(args[0]), Path.of(args[1])).withLog(System.out::println);
        if (args.length > 3) o = o.withSeeds(Integer.parseInt(args[3]));
        SyntheticBenchmark.Result r = run(o);
        System.out.println(BenchmarkTables.write(r.rows(), o.targetSizes(), o.methods(), Path.of(args[2]), "semireal_"));
    }
}
