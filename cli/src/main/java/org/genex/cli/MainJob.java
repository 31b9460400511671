package org.genex.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.genex.algorithms.cluster.KMeans;
import org.genex.algorithms.cluster.Leiden;
import org.genex.algorithms.embed.Word2VecConfig;
import org.genex.algorithms.graph.Neighbors;
import org.genex.algorithms.hypergraph.CellGeneHypergraph;
import org.genex.algorithms.hypergraph.CoExpressionNetwork;
import org.genex.algorithms.hypergraph.CoMemWalk;
import org.genex.algorithms.hypergraph.TransitionStrategy;
import org.genex.algorithms.hypergraph.TwoStepWalk;
import org.genex.algorithms.hypergraph.experiments.ClusteringMethods;
import org.genex.algorithms.metrics.ClusteringMetrics;
import org.genex.algorithms.reduce.Pca;
import org.genex.algorithms.reduce.Umap;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.data.pp.Filter;
import org.genex.data.pp.HighlyVariableGenes;
import org.genex.data.pp.Normalize;
import org.genex.data.pp.QcMetrics;
import org.genex.data.pp.Scale;
import org.genex.data.sim.Splatter;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Parallel;
import org.genex.tensor.Tensor;

/**
 * The main job of {@code genex run}, as a library call: from a count matrix (or the built-in Splatter data set) to
 * clusters, embeddings and metrics. {@link RunCommand} adds the files, plots and report.
 *
 * <ol>
 *   <li><b>Input.</b> X if it has no negative values, else {@code raw.X} (an h5ad whose X was scaled, as scanpy's
 *       tutorials leave it); with integer values it is taken as counts, otherwise as already log-normalised.</li>
 *   <li><b>QC and filters</b> (counts only): scanpy's {@code calculate_qc_metrics} with the mitochondrial genes
 *       ({@code MT-}/{@code mt-}), then {@code filter_cells(min_genes)} and {@code filter_genes(min_cells)}.</li>
 *   <li><b>Normalisation</b> (counts only): {@code normalize_total(target_sum=1e4)} and {@code log1p}.</li>
 *   <li><b>HVG</b>: seurat-flavour highly variable genes, the top {@link Settings#topGenes()} (all genes when
 *       there are fewer); cells without expression in them are dropped (a walk could not leave them).</li>
 *   <li><b>PCA</b> of the HVGs scaled to unit variance (clipped at 10), as scanpy's tutorial.</li>
 *   <li><b>kNN graph and Leiden</b>: 15 neighbours in PCA space with UMAP connectivities, Leiden resolution 1.</li>
 *   <li><b>UMAP</b> of that graph (scanpy's defaults: spectral start, min_dist 0.5).</li>
 *   <li><b>DIPHW and CoMem-DIPHW</b>: random walks on the cell-gene hypergraph of the log-normalised HVGs, skip-gram
 *       embeddings ({@link ClusteringMethods#walkEmbedding}), then k-means; and PCA + k-means as their baseline.
 *       k is {@link Settings#k()} if given, else the number of label classes, else Leiden's number of clusters.
 *       Difference from the paper's scripts: the hypergraph weights are scanpy's log-normalised values (target
 *       sum 1e4) rather than log-CPM (1e6), so one normalisation serves every method.</li>
 *   <li><b>Metrics</b> where labels exist (a column of obs, or the simulator's groups): ARI, NMI and ACC (Hungarian
 *       matching) for every clustering, over the cells that have a label.</li>
 * </ol>
 */
public final class MainJob {
    private MainJob() {}

    /** The obs column of the simulator's truth. */
    public static final String SIM_LABELS = "Group";

    /** The clusterings, in report order: obs column name and label. */
    public static final Map<String, String> METHODS = methods();

    private static Map<String, String> methods() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("leiden", "Leiden");
        m.put("pca_kmeans", "PCA+k-means");
        m.put("diphw", "DIPHW");
        m.put("comem_diphw", "CoMem-DIPHW");
        return m;
    }

    /**
     * The parameters of the main job.
     *
     * @param cells       simulated cells (built-in data only)
     * @param genes       simulated genes
     * @param groups      simulated cell types
     * @param minGenes    filter_cells(min_genes): cells with fewer detected genes are dropped (counts only)
     * @param minCells    filter_genes(min_cells)
     * @param topGenes    highly variable genes kept
     * @param pcs         PCA components
     * @param neighbors   neighbours of the kNN graph (the cell included)
     * @param resolution  Leiden resolution
     * @param walks       walks started from each cell
     * @param walkLength  cells per walk
     * @param dim         embedding dimension (skip-gram vector size)
     * @param epochs      skip-gram epochs
     * @param alpha       DIPHW preference exponent
     * @param k           clusters for k-means (0: the number of label classes, else Leiden's)
     * @param umapEpochs  UMAP optimisation epochs (0: UMAP's default, 500 below 10,000 cells)
     */
    public record Settings(int cells, int genes, int groups, int minGenes, int minCells, int topGenes, int pcs,
                           int neighbors, double resolution, int walks, int walkLength, int dim, int epochs,
                           double alpha, int k, int umapEpochs) {

        /** Checks the ranges; {@link UsageException} names the option. */
        public Settings {
            positive("--cells", cells);
            positive("--genes", genes);
            positive("--groups", groups);
            nonNegative("--min-genes", minGenes);
            nonNegative("--min-cells", minCells);
            positive("--top-genes", topGenes);
            positive("--pcs", pcs);
            if (neighbors < 2) throw new UsageException("--neighbors " + neighbors + ": must be >= 2");
            if (!(resolution > 0)) throw new UsageException("--resolution " + resolution + ": must be > 0");
            positive("--walks", walks);
            if (walkLength < 2) throw new UsageException("--walk-length " + walkLength + ": must be >= 2");
            positive("--dim", dim);
            positive("--epochs", epochs);
            if (!(alpha >= 0)) throw new UsageException("--alpha " + alpha + ": must be >= 0");
            nonNegative("--k", k);
            nonNegative("--umap-epochs", umapEpochs);
        }

        private static void positive(String name, int v) {
            if (v < 1) throw new UsageException(name + " " + v + ": must be >= 1");
        }

        private static void nonNegative(String name, int v) {
            if (v < 0) throw new UsageException(name + " " + v + ": must be >= 0");
        }
    }

    /** A clustering's agreement with the labels. */
    public record Score(String method, String label, int clusters, double ari, double nmi, double acc) {}

    /** The wall time of one step. */
    public record Timing(String step, double seconds) {}

    /**
     * What the job produced.
     *
     * @param data       the filtered cells x all kept genes, X log-normalised, with the clusters in obs, the
     *                   embeddings in obsm ({@code X_pca}, {@code X_umap}, {@code X_diphw}, {@code X_comem_diphw})
     *                   and {@code highly_variable} in var
     * @param clusters   per method (keys of {@link #METHODS}), a cluster per cell
     * @param labels     the label of each cell (null where missing), or null without labels
     * @param scores     per method, when there are labels
     * @param timings    per step
     * @param notes      what the job decided about the input (for the report)
     * @param k          the k of k-means
     */
    public record Result(AnnData data, Map<String, int[]> clusters, String[] labels, String labelSource,
                         List<Score> scores, List<Timing> timings, List<String> notes, int k, Tensor umap) {}

    /** Steps of the job, for the progress display. */
    static final String[] STEPS = {"input", "QC and filters", "normalise", "highly variable genes", "PCA",
        "kNN graph and Leiden", "UMAP", "DIPHW and CoMem-DIPHW embeddings", "k-means and metrics"};

    /**
     * Runs the job on {@code input} (null: the built-in Splatter data set), with labels from obs column
     * {@code labelColumn} (null: the simulator's truth, or none).
     */
    public static Result run(AnnData input, String labelColumn, Settings s, long seed, JobContext ctx) {
        List<Timing> timings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (Progress p = ctx.steps("genex run", STEPS.length)) {
            Clock clock = new Clock(p, timings);

            clock.start(0);
            AnnData a = input;
            if (a == null) {
                a = simulate(s, seed);
                notes.add(String.format(Locale.ROOT, "Built-in data: Splatter, %d cells x %d genes, %d groups "
                        + "(about 3,000 UMIs per cell: lib.loc 8, lib.scale 0.3; de.prob 0.1, de.facLoc 1.5), seed %d.",
                        s.cells(), s.genes(), s.groups(), seed));
                if (labelColumn == null) labelColumn = SIM_LABELS;
            }
            a = chooseMatrix(a, notes);
            String[] labels = labelColumn == null ? null : labels(a, labelColumn);
            boolean counts = isCounts(a.requireX());
            clock.stop();

            clock.start(1);
            if (counts) {
                int cells0 = a.nObs(), genes0 = a.nVars();
                QcMetrics.markMitochondrial(a);
                QcMetrics.calculateQcMetrics(a, QcMetrics.Options.DEFAULT.withQcVars("mt").withPercentTop(), true);
                boolean[] keepCells = Filter.cells(a.requireX(), new Filter.Bounds(null, s.minGenes(), null, null))
                        .keep();
                a = a.selectObs(keepCells);
                if (labels != null) labels = select(labels, keepCells);
                a = a.selectVars(Filter.genes(a.requireX(), new Filter.Bounds(null, s.minCells(), null, null))
                        .keep());
                notes.add(String.format(Locale.ROOT, "QC: %d of %d cells have >= %d genes; %d of %d genes are in "
                        + ">= %d cells.", a.nObs(), cells0, s.minGenes(), a.nVars(), genes0, s.minCells()));
            } else {
                notes.add("X holds non-integer values: taken as log-normalised; QC filters and normalisation "
                        + "skipped.");
            }
            if (a.nObs() < 10 || a.nVars() < 2)
                throw new InputException("only " + a.nObs() + " cells x " + a.nVars() + " genes pass the filters "
                        + "(--min-genes " + s.minGenes() + ", --min-cells " + s.minCells() + "); nothing to cluster");
            clock.stop();

            clock.start(2);
            if (counts) {
                Normalize.normalizeTotal(a, 1e4);
                Normalize.log1p(a);
            }
            clock.stop();

            clock.start(3);
            boolean[] hv = highlyVariable(a, s.topGenes());
            int[] hvIdx = indices(hv);
            CsrMatrix hvx = a.requireX().csr().selectColumns(hvIdx);
            boolean[] expressed = new boolean[a.nObs()];
            float[] v = hvx.values();
            int[] ip = hvx.indptr();
            int kept = 0;
            for (int i = 0; i < expressed.length; i++) {
                for (int q = ip[i]; q < ip[i + 1] && !expressed[i]; q++) expressed[i] = v[q] > 0;
                if (expressed[i]) kept++;
            }
            if (kept < expressed.length) {
                notes.add((expressed.length - kept) + " cells without expression in the HVGs were dropped.");
                a = a.selectObs(expressed);
                hvx = hvx.selectRows(indices(expressed));
                if (labels != null) labels = select(labels, expressed);
            }
            a.var().put("highly_variable", hv);
            notes.add(String.format(Locale.ROOT, "HVG: %d of %d genes (seurat flavour); %d cells.", hvIdx.length,
                    hv.length, a.nObs()));
            clock.stop();

            int n = a.nObs();
            clock.start(4);
            Tensor scaled = Scale.scale(Matrix.of(hvx), true, 10.0).x().dense();
            int comps = Math.min(s.pcs(), Math.min(n, hvIdx.length) - 1);
            Tensor pca = Pca.fit(scaled, Pca.Config.of(comps, Pca.Solver.AUTO)).scoresTensor();
            clock.stop();

            clock.start(5);
            Neighbors nb = Neighbors.compute(pca, Math.min(s.neighbors(), n), Neighbors.Method.AUTO, seed);
            int[] leiden = Leiden.run(nb.connectivities(), new Leiden.Config(s.resolution(), -1, seed)).membership();
            clock.stop();

            clock.start(6);
            Umap.Config uc = Umap.Config.scanpy(seed);
            uc = new Umap.Config(uc.nComponents(), uc.minDist(), uc.spread(), s.umapEpochs(), uc.learningRate(),
                    uc.repulsionStrength(), uc.negativeSampleRate(), uc.init(), uc.seed());
            Tensor umap = Umap.embed(nb.connectivities(), pca, uc).tensor();
            clock.stop();

            CellGeneHypergraph h = CellGeneHypergraph.of(hvx);
            if (h.cells() != n)
                throw new IllegalStateException("the hypergraph lost " + (n - h.cells()) + " cells");
            ClusteringMethods.Settings ws = new ClusteringMethods.Settings(s.walks(), s.walkLength(),
                    Word2VecConfig.hypergraphDefaults().withVectorSize(s.dim()).withEpochs(s.epochs())
                            .withThreads(1), s.alpha(), comps, s.neighbors(), s.resolution());
            clock.start(7);
            // the two walks run side by side (each skip-gram is single-threaded, so each is deterministic)
            TransitionStrategy[] walks = {TwoStepWalk.diphw(s.alpha()),
                CoMemWalk.comemDiphw(s.alpha(), CoExpressionNetwork.full(), CoExpressionNetwork.full())};
            Tensor[] emb = new Tensor[2];
            double[] sec = new double[2];
            Parallel.forEach(2, i -> {
                long t = System.nanoTime();
                emb[i] = ClusteringMethods.walkEmbedding(walks[i], h, seed, ws);
                sec[i] = (System.nanoTime() - t) / 1e9;
            });
            Tensor diphw = emb[0], comem = emb[1];
            clock.stop();
            timings.add(new Timing("(DIPHW alone)", sec[0]));
            timings.add(new Timing("(CoMem-DIPHW alone)", sec[1]));

            clock.start(8);
            int k = s.k() > 0 ? s.k() : labels != null ? distinct(labels) : communities(leiden);
            k = Math.max(1, Math.min(k, n));
            Map<String, int[]> clusters = new LinkedHashMap<>();
            clusters.put("leiden", leiden);
            clusters.put("pca_kmeans", KMeans.labels(pca, KMeans.Config.of(k, seed)));
            clusters.put("diphw", KMeans.labels(diphw, KMeans.Config.of(k, seed)));
            clusters.put("comem_diphw", KMeans.labels(comem, KMeans.Config.of(k, seed)));
            List<Score> scores = labels == null ? List.of() : score(labels, clusters);
            clock.stop();

            AnnData out = output(a, clusters, Map.of("X_pca", pca, "X_umap", umap, "X_diphw", diphw,
                    "X_comem_diphw", comem));
            return new Result(out, clusters, labels, labelColumn, scores, timings, notes, k, umap);
        }
    }

    /** The built-in data set: Splatter groups with clear but not trivial DE. */
    static AnnData simulate(Settings s, long seed) {
        double[] prob = new double[s.groups()];
        Arrays.fill(prob, 1.0 / s.groups());
        Splatter.Config c = Splatter.Config.builder().genes(s.genes()).cells(s.cells()).groups(prob)
                .library(8, 0.3).de(0.1, 0.5, 1.5, 0.4).build();
        return Splatter.simulate(c, seed);
    }

    /** X if it has no negative value, else raw.X; an input error if neither. */
    static AnnData chooseMatrix(AnnData a, List<String> notes) {
        if (!a.hasX()) throw new InputException("the input has no X matrix");
        if (a.nObs() == 0 || a.nVars() == 0)
            throw new InputException("the input is empty (" + a.nObs() + " cells x " + a.nVars() + " genes)");
        if (nonNegative(a.x())) return a;
        if (a.raw() != null && a.raw().x() != null && nonNegative(a.raw().x())) {
            notes.add("X has negative values (scaled); raw.X is used instead.");
            return new AnnData(a.raw().x(), a.obs().copy(), a.raw().var().copy());
        }
        throw new InputException("X has negative values (scaled data?) and there is no usable raw.X: genex run "
                + "needs counts or log-normalised values");
    }

    /** The labels of an obs column as strings (missing values as null). */
    static String[] labels(AnnData a, String column) {
        if (!a.obs().has(column))
            throw new InputException("--labels " + column + ": obs has no such column; it has "
                    + (a.obs().columnNames().isEmpty() ? "none" : String.join(", ", a.obs().columnNames())));
        Column c = a.obs().get(column);
        String[] out = new String[a.nObs()];
        for (int i = 0; i < out.length; i++) {
            String l = c instanceof Column.Categorical cat ? cat.label(i) : c.format(i);
            out[i] = l == null || l.isEmpty() || l.equals("NaN") || l.equals("nan") || l.equals("<NA>") ? null : l;
        }
        return out;
    }

    private static boolean nonNegative(Matrix m) {
        float[] v = values(m);
        for (float x : v) if (!(x >= 0) || x == Float.POSITIVE_INFINITY) return false;
        return true;
    }

    private static boolean isCounts(Matrix m) {
        for (float x : values(m)) if (x != Math.rint(x)) return false;
        return true;
    }

    private static float[] values(Matrix m) {
        return switch (m) {
            case Matrix.Csr c -> Arrays.copyOf(c.matrix().values(), c.matrix().nnz());
            case Matrix.Csc c -> Arrays.copyOf(c.matrix().values(), c.matrix().nnz());
            case Matrix.Dense d -> d.tensor().toArray();
        };
    }

    private static boolean[] highlyVariable(AnnData a, int top) {
        boolean[] all = new boolean[a.nVars()];
        if (a.nVars() <= top) {
            Arrays.fill(all, true);
            return all;
        }
        HighlyVariableGenes.Options o = HighlyVariableGenes.Options.DEFAULT.withNTopGenes(top);
        return HighlyVariableGenes.compute(a.requireX(), o, null, a.varNames(), null).highlyVariable();
    }

    private static List<Score> score(String[] labels, Map<String, int[]> clusters) {
        int[] rows = indices(nonNull(labels));
        Map<String, Integer> codes = new LinkedHashMap<>();
        int[] truth = new int[rows.length];
        for (int i = 0; i < rows.length; i++) truth[i] = codes.computeIfAbsent(labels[rows[i]], x -> codes.size());
        List<Score> out = new ArrayList<>();
        for (Map.Entry<String, int[]> e : clusters.entrySet()) {
            int[] pred = new int[rows.length];
            for (int i = 0; i < rows.length; i++) pred[i] = e.getValue()[rows[i]];
            out.add(new Score(e.getKey(), METHODS.get(e.getKey()), communities(e.getValue()),
                    ClusteringMetrics.adjustedRandIndex(truth, pred),
                    ClusteringMetrics.normalizedMutualInformation(truth, pred),
                    ClusteringMetrics.accuracy(truth, pred)));
        }
        return out;
    }

    /** The output AnnData: X, obs (with the clusters as categories), var, and the embeddings. */
    private static AnnData output(AnnData a, Map<String, int[]> clusters, Map<String, Tensor> obsm) {
        DataFrame obs = a.obs().copy();
        for (Map.Entry<String, int[]> e : clusters.entrySet()) obs.put(e.getKey(), categorical(e.getValue()));
        AnnData out = new AnnData(a.requireX(), obs, a.var().copy());
        for (String key : List.of("X_pca", "X_umap", "X_diphw", "X_comem_diphw"))
            out.obsm().put(key, Matrix.of(obsm.get(key)));
        return out;
    }

    /** Cluster ids as a categorical column with categories "0", "1", ... in numeric order. */
    static Column.Categorical categorical(int[] ids) {
        int k = 0;
        for (int c : ids) k = Math.max(k, c + 1);
        String[] cats = new String[k];
        for (int c = 0; c < k; c++) cats[c] = Integer.toString(c);
        return new Column.Categorical(ids.clone(), cats, false);
    }

    static int communities(int[] ids) {
        return (int) Arrays.stream(ids).distinct().count();
    }

    private static int distinct(String[] labels) {
        return (int) Arrays.stream(labels).filter(x -> x != null).distinct().count();
    }

    private static boolean[] nonNull(String[] labels) {
        boolean[] m = new boolean[labels.length];
        for (int i = 0; i < m.length; i++) m[i] = labels[i] != null;
        return m;
    }

    private static String[] select(String[] x, boolean[] keep) {
        int[] idx = indices(keep);
        String[] out = new String[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = x[idx[i]];
        return out;
    }

    static int[] indices(boolean[] mask) {
        int n = 0;
        for (boolean b : mask) if (b) n++;
        int[] out = new int[n];
        for (int i = 0, j = 0; i < mask.length; i++) if (mask[i]) out[j++] = i;
        return out;
    }

    /** Times the steps and moves the progress display. */
    private static final class Clock {
        private final Progress progress;
        private final List<Timing> timings;
        private int step;
        private long t0;

        Clock(Progress progress, List<Timing> timings) {
            this.progress = progress;
            this.timings = timings;
        }

        void start(int step) {
            this.step = step;
            progress.stepTo(step, STEPS[step]);
            t0 = System.nanoTime();
        }

        void stop() {
            timings.add(new Timing(STEPS[step], (System.nanoTime() - t0) / 1e9));
            if (step + 1 == STEPS.length) progress.stepTo(step + 1, "done");
        }
    }
}
