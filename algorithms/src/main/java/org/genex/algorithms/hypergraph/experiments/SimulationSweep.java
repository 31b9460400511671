package org.genex.algorithms.hypergraph.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleFunction;
import org.genex.algorithms.hypergraph.CellGeneHypergraph;
import org.genex.algorithms.hypergraph.HypergraphPreprocessing;
import org.genex.algorithms.hypergraph.HypergraphPreprocessing.GeneSelector;
import org.genex.algorithms.hypergraph.HypergraphPreprocessing.LogBase;
import org.genex.algorithms.hypergraph.experiments.ClusteringMethods.Method;
import org.genex.algorithms.hypergraph.experiments.ClusteringMethods.Settings;
import org.genex.algorithms.metrics.ClusteringMetrics;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.Matrix;
import org.genex.data.sim.PlantedHypergraph;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The "ngenes" simulation sweep of the hypergraph-walk paper ({@code specs/hypergraph-walks.md} sections 7.4 (i) and
 * 8.1): planted-module data ({@link PlantedHypergraph}) with M = 30 modules, 38 cells per module on average and
 * 10, 20, 40, 80 genes per module on a 3,000 genes x 1,000 cells matrix; preprocessing as the simulation scripts
 * (CPM, log2(x + 1), all genes); every method of {@link ClusteringMethods}; ARI, NMI and ACC against the planted
 * cell modules, with the cells outside every module ("NA") as one more class and k = M for k-means.
 *
 * <p>Run r (0-based) simulates with seed {@code 1000 + r} and runs the methods with seed {@code 42 + r} (the
 * scripts' {@code random_state}). {@code --small} uses the spec's section 9 data instead (600 genes x 300 cells,
 * M = 10, 33 cells per module) with the paper's walk settings ({@link Design#small()}).
 *
 * <p>Usage: {@code SimulationSweep [--small] [--seeds N] [--genes 10,20,40,80] [--methods EDHW,DIPHW,...]
 * [--shared-negatives] [--noise-pool P] [--out docs/hypergraph]}; writes {@code <prefix>.csv} (one line per run
 * and method), {@code <prefix>.md} (means beside the published numbers) and {@code <prefix>_ari.png}, with prefix
 * {@code sim_ngenes} or {@code sim_ngenes_small} ({@code _shared_negatives} and {@code _pool<P>} appended with
 * those options).
 */
public final class SimulationSweep {
    private SimulationSweep() {}

    /** Mean ARI of the authors' Feb-2025 runs (spec section 8.1) per genes-per-module 10, 20, 40, 80. */
    static final double[] PUBLISHED_GENES = {10, 20, 40, 80};
    static final Map<Method, double[]> PUBLISHED_ARI = Map.of(
            Method.COMEM_DIPHW, new double[] {0.29, 0.82, 0.96, 0.96},
            Method.DIPHW, new double[] {0.23, 0.72, 0.90, 0.86},
            Method.PCA_KMEANS, new double[] {0.05, 0.34, 0.88, 0.96},
            Method.EDHW, new double[] {0.01, 0.01, 0.02, 0.05},
            Method.LEIDEN, new double[] {-0.00, -0.00, -0.00, -0.00});

    /** One method on one simulated data set. */
    public record Run(Method method, double genesPerModule, int run, double ari, double nmi, double acc,
                      double seconds) {}

    /** The simulated configuration for a genes-per-module value and the method settings. */
    public record Design(String name, DoubleFunction<PlantedHypergraph.Config> config, Settings settings) {
        /** The paper's sweep (section 7.4 i). */
        public static Design paper() {
            return new Design("sim_ngenes", PlantedHypergraph.Config::ngenes, Settings.paperSimulation());
        }

        /**
         * The section 9 small data (600 genes x 300 cells, M = 10, 33 cells per module) with the paper's walk and
         * skip-gram settings: the section 9 reduction of the walks (10 x 20, dimension 16, 2 epochs) leaves
         * skip-gram unconverged on a few hundred cells (DIPHW ARI 0.72 instead of about 0.9 at 80 genes per
         * module), and the paper's settings take only a few seconds per method at this size.
         */
        public static Design small() {
            return new Design("sim_ngenes_small", PlantedHypergraph.Config::small, Settings.paperSimulation());
        }
    }

    /**
     * This design with skip-gram's window-shared negatives ({@link
     * org.genex.algorithms.embed.Word2VecConfig#sharedNegatives()}), its outputs named with a
     * {@code _shared_negatives} suffix.
     */
    static Design sharedNegatives(Design d) {
        return withSkipGram(d, "_shared_negatives", w -> w.withSharedNegatives(true));
    }

    /**
     * This design with skip-gram's per-job noise pool of {@code pool} draws ({@link
     * org.genex.algorithms.embed.Word2VecConfig#noisePool()}), its outputs named with a {@code _pool<P>} suffix.
     */
    static Design noisePool(Design d, int pool) {
        return withSkipGram(d, "_pool" + pool, w -> w.withNoisePool(pool));
    }

    /** This design with its skip-gram settings changed by {@code change}, its outputs named with {@code suffix}. */
    private static Design withSkipGram(Design d, String suffix,
                                       java.util.function.UnaryOperator<org.genex.algorithms.embed.Word2VecConfig>
                                               change) {
        Settings s = d.settings();
        return new Design(d.name() + suffix, d.config(), new Settings(s.walksPerNode(), s.walkLength(),
                change.apply(s.word2vec()), s.alpha(), s.pcaComponents(), s.nNeighbors(), s.leidenResolution()));
    }

    /** Runs the sweep: for each genes-per-module value and run, every method. */
    public static List<Run> sweep(Design design, double[] genesPerModule, int runs, Set<Method> methods,
                                  boolean verbose) {
        List<Run> out = new ArrayList<>();
        for (double g : genesPerModule)
            for (int r = 0; r < runs; r++) {
                PlantedHypergraph.Config cfg = design.config().apply(g);
                AnnData sim = PlantedHypergraph.simulate(cfg, 1000L + r);
                CsrMatrixHolder data = prepare(sim, cfg.nModules());
                for (Method m : methods) {
                    long t0 = System.nanoTime();
                    int[] pred = ClusteringMethods.cluster(m, data.h, cfg.nModules(), 42L + r, design.settings());
                    double sec = (System.nanoTime() - t0) / 1e9;
                    Run run = new Run(m, g, r, ClusteringMetrics.adjustedRandIndex(data.truth, pred),
                            ClusteringMetrics.normalizedMutualInformation(data.truth, pred),
                            ClusteringMetrics.accuracy(data.truth, pred), sec);
                    out.add(run);
                    if (verbose)
                        System.err.printf(Locale.ROOT, "g=%s run=%d %-12s ARI %.3f NMI %.3f ACC %.3f  %.1f s%n",
                                fmt(g), r, m.label(), run.ari(), run.nmi(), run.acc(), sec);
                }
            }
        return out;
    }

    /** A simulated data set ready for the methods: the hypergraph and the truth in its cell order. */
    record CsrMatrixHolder(CellGeneHypergraph h, int[] truth) {}

    /**
     * The simulation scripts' preprocessing (CPM, log2, all genes) and the planted cell labels in the hypergraph's
     * cell order, "NA" coded as {@code nModules}.
     */
    static CsrMatrixHolder prepare(AnnData sim, int nModules) {
        CellGeneHypergraph h = HypergraphPreprocessing.prepare(((Matrix.Csr) sim.x()).matrix(), LogBase.TWO,
                GeneSelector.all());
        Column.Categorical m = (Column.Categorical) sim.obs().get("module");
        int[] truth = new int[h.cells()];
        for (int v = 0; v < truth.length; v++) {
            int code = m.codes()[h.cellIds()[v]];
            truth[v] = PlantedHypergraph.NA.equals(m.categories()[code]) ? nModules : code;
        }
        return new CsrMatrixHolder(h, truth);
    }

    /** Mean of a metric over runs: {@code [method][genes index]}. */
    static double[][] means(List<Run> runs, List<Method> methods, double[] genes, int metric) {
        double[][] out = new double[methods.size()][genes.length];
        for (int i = 0; i < methods.size(); i++)
            for (int j = 0; j < genes.length; j++) {
                double s = 0;
                int n = 0;
                for (Run r : runs)
                    if (r.method() == methods.get(i) && r.genesPerModule() == genes[j]) {
                        s += metric == 0 ? r.ari() : metric == 1 ? r.nmi() : metric == 2 ? r.acc() : r.seconds();
                        n++;
                    }
                out[i][j] = n == 0 ? Double.NaN : s / n;
            }
        return out;
    }

    static double published(Method m, double g) {
        double[] p = PUBLISHED_ARI.get(m);
        if (p == null) return Double.NaN;
        for (int j = 0; j < PUBLISHED_GENES.length; j++) if (PUBLISHED_GENES[j] == g) return p[j];
        return Double.NaN;
    }

    /** Writes the per-run CSV, the Markdown table of means and the ARI chart. */
    public static void write(Path dir, Design design, List<Run> runs, double[] genes, int nRuns, double wallSeconds) {
        List<Method> methods = runs.stream().map(Run::method).distinct().toList();
        try {
            Files.createDirectories(dir);
            StringBuilder csv = new StringBuilder("method,genes_per_module,run,ari,nmi,acc,seconds\n");
            for (Run r : runs)
                csv.append(String.format(Locale.ROOT, "%s,%s,%d,%.4f,%.4f,%.4f,%.2f%n", r.method().label(),
                        fmt(r.genesPerModule()), r.run(), r.ari(), r.nmi(), r.acc(), r.seconds()));
            Files.writeString(dir.resolve(design.name() + ".csv"), csv);

            double[][] ari = means(runs, methods, genes, 0), nmi = means(runs, methods, genes, 1),
                    acc = means(runs, methods, genes, 2), sec = means(runs, methods, genes, 3);
            PlantedHypergraph.Config c0 = design.config().apply(genes[0]);
            StringBuilder md = new StringBuilder();
            md.append("# Simulation sweep: genes per module (").append(design.name()).append(")\n\n");
            md.append(String.format(Locale.ROOT, "%d genes x %d cells, M = %d modules, %s cells per module; "
                            + "log2 CPM, all genes; %d run(s) per setting (simulation seed 1000 + r, method seed 42 + r); "
                            + "walks %d x %d, skip-gram dim %d, %d epochs, alpha %s; PCA %d comps; Leiden on a "
                            + "%d-NN UMAP graph of the PCA, resolution %s. Total wall time %.0f s on the shared "
                            + "2-core machine.%n%n",
                    c0.nGenes(), c0.nCells(), c0.nModules(), fmt(c0.avgCellsPerModule()), nRuns,
                    design.settings().walksPerNode(), design.settings().walkLength(),
                    design.settings().word2vec().vectorSize(), design.settings().word2vec().epochs(),
                    fmt(design.settings().alpha()), design.settings().pcaComponents(),
                    design.settings().nNeighbors(), fmt(design.settings().leidenResolution()), wallSeconds));
            boolean paper = design.name().equals("sim_ngenes");
            md.append(paper ? "Mean ARI (published mean ARI, spec section 8.1, in brackets where it exists; the "
                    + "published Leiden ran on the full correlation network, EDHW is the paper's EDVW)\n\n"
                    : "Mean ARI (the paper published no numbers for this reduced configuration)\n\n");
            table(md, methods, genes, ari, paper);
            md.append("\nMean NMI\n\n");
            table(md, methods, genes, nmi, false);
            md.append("\nMean ACC\n\n");
            table(md, methods, genes, acc, false);
            md.append("\nMean seconds per run\n\n");
            table(md, methods, genes, sec, false);
            Files.writeString(dir.resolve(design.name() + ".md"), md);

            System.setProperty("java.awt.headless", "true");
            XYChart chart = new XYChartBuilder().width(640).height(440)
                    .title("ARI vs genes per module (" + design.name() + ", " + nRuns + " runs)")
                    .xAxisTitle("average genes per module").yAxisTitle("mean ARI").build();
            for (int i = 0; i < methods.size(); i++) {
                XYSeries s = chart.addSeries(methods.get(i).label(), genes, ari[i]);
                s.setMarker(SeriesMarkers.CIRCLE);
            }
            if (design.name().equals("sim_ngenes"))
                for (Method m : methods) {
                    if (!PUBLISHED_ARI.containsKey(m)) continue;
                    XYSeries s = chart.addSeries(m.label() + " (paper)", PUBLISHED_GENES, PUBLISHED_ARI.get(m));
                    s.setLineStyle(SeriesLines.DASH_DASH);
                    s.setMarker(SeriesMarkers.NONE);
                }
            String png = dir.resolve(design.name() + "_ari").toString();
            BitmapEncoder.saveBitmap(chart, png, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the sweep's results to " + dir, e);
        }
    }

    private static void table(StringBuilder md, List<Method> methods, double[] genes, double[][] v,
                              boolean withPublished) {
        md.append("| method |");
        for (double g : genes) md.append(" g = ").append(fmt(g)).append(" |");
        md.append("\n|---|");
        for (int j = 0; j < genes.length; j++) md.append("---|");
        md.append('\n');
        for (int i = 0; i < methods.size(); i++) {
            md.append("| ").append(methods.get(i).label()).append(" |");
            for (int j = 0; j < genes.length; j++) {
                md.append(String.format(Locale.ROOT, " %.2f", v[i][j]));
                double p = published(methods.get(i), genes[j]);
                if (withPublished && Double.isFinite(p)) md.append(String.format(Locale.ROOT, " (%.2f)", p));
                md.append(" |");
            }
            md.append('\n');
        }
    }

    static String fmt(double g) {
        return g == Math.rint(g) ? Long.toString((long) g) : Double.toString(g);
    }

    public static void main(String[] args) {
        boolean small = false, sharedNegatives = false;
        int seeds = 3, pool = 0;
        double[] genes = {10, 20, 40, 80};
        Set<Method> methods = EnumSet.allOf(Method.class);
        Path out = Path.of("docs/hypergraph");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--small" -> small = true;
                case "--shared-negatives" -> sharedNegatives = true;
                case "--noise-pool" -> pool = Integer.parseInt(args[++i]);
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--genes" -> genes = Arrays.stream(args[++i].split(",")).mapToDouble(Double::parseDouble)
                        .toArray();
                case "--methods" -> {
                    methods = EnumSet.noneOf(Method.class);
                    for (String m : args[++i].split(",")) methods.add(Method.valueOf(m.trim()));
                }
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("SimulationSweep: unknown option " + args[i]);
            }
        }
        Design design = small ? Design.small() : Design.paper();
        if (sharedNegatives) design = sharedNegatives(design);
        if (pool > 0) design = noisePool(design, pool);
        long t0 = System.nanoTime();
        List<Run> runs = sweep(design, genes, seeds, methods, true);
        double wall = (System.nanoTime() - t0) / 1e9;
        write(out, design, runs, genes, seeds, wall);
        System.err.printf(Locale.ROOT, "wrote %s/%s.{csv,md} and _ari.png; wall %.0f s%n", out, design.name(), wall);
    }
}
