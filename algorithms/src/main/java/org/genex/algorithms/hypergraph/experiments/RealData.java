package org.genex.algorithms.hypergraph.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.genex.algorithms.hypergraph.CellGeneHypergraph;
import org.genex.algorithms.hypergraph.HypergraphPreprocessing;
import org.genex.algorithms.hypergraph.HypergraphPreprocessing.GeneSelector;
import org.genex.algorithms.hypergraph.HypergraphPreprocessing.LogBase;
import org.genex.algorithms.hypergraph.experiments.ClusteringMethods.Method;
import org.genex.algorithms.hypergraph.experiments.ClusteringMethods.Settings;
import org.genex.algorithms.metrics.ClusteringMetrics;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.data.io.Delimited;
import org.genex.data.io.H5adReader;
import org.genex.data.io.Npz;
import org.genex.tensor.CsrMatrix;

/**
 * The labelled real data sets of the hypergraph-walk experiments, clustered by every method of
 * {@link ClusteringMethods} with the real-data preprocessing of {@code specs/hypergraph-walks.md} section 1
 * (CPM, ln(x + 1), drop empty genes and cells, scanpy seurat-flavour HVGs, drop empty again) and k = the number of
 * labelled classes:
 * <ul>
 *   <li>CellBench CEL-seq2 ({@code scmixology/sc_celseq2.count.csv.gz}, genes as rows, raw counts; labels
 *       {@code cell_line_demuxlet} of the metadata, 3 cell lines; cells without a label are dropped);</li>
 *   <li>pbmc68k_reduced: the raw UMI counts {@code scanpy/pbmc68k_reduced_counts.npz} (700 cells x 765 genes, the
 *       genes already selected upstream) with {@code obs/bulk_labels} (10 types) of
 *       {@code scanpy/pbmc68k_reduced.h5ad}.</li>
 * </ul>
 * The paper's real-data sets with ground truth are CellBench sc_10x and sc_10x_5cl, not these two (their counts are
 * not available as plain files), so there are no published numbers to compare with (spec section 8.2); the CEL-seq2
 * lines separate easily and serve as a sanity check, pbmc68k's bulk labels (FACS-sorted populations, several of them
 * overlapping) as a harder one.
 *
 * <p>HVGs: {@value #N_TOP_GENES} (the spec recommends 500-2000); on pbmc68k (765 genes) that keeps every gene. Runs:
 * {@code --seeds N} (default 3) with method seed {@code 42 + r}. Usage: {@code RealData [--seeds N]
 * [--fixtures DIR] [--out docs/hypergraph]}; writes {@code real_data.csv} (per run) and {@code real_data.md}
 * (means and wall times).
 */
public final class RealData {
    private RealData() {}

    /** Highly variable genes kept (seurat flavour). */
    public static final int N_TOP_GENES = 2000;

    /** A labelled count matrix: cells x genes counts and one label per cell. */
    public record Dataset(String name, CsrMatrix counts, String[] labels) {}

    /** The preprocessed hypergraph, the integer truth in its cell order and the number of classes. */
    public record Prepared(Dataset data, CellGeneHypergraph h, int[] truth, int classes, double seconds) {}

    /** One method on one data set. */
    public record Run(String dataset, Method method, int run, double ari, double nmi, double acc, double seconds) {}

    /** CellBench CEL-seq2 with its {@code cell_line_demuxlet} labels (cells without one dropped). */
    public static Dataset celseq2(Path fixtures) {
        Path dir = fixtures.resolve("scmixology");
        AnnData a = Delimited.readMatrix(dir.resolve("sc_celseq2.count.csv.gz"),
                Delimited.Options.DEFAULT.withTranspose(true).withLayout(Delimited.Layout.CSR));
        DataFrame meta = Delimited.readTable(dir.resolve("sc_celseq2.metadata.csv.gz"));
        Column line = meta.get("cell_line_demuxlet");
        Map<String, String> byCell = new HashMap<>();
        String[] index = meta.index();
        for (int i = 0; i < index.length; i++) {
            String l = line.format(i);
            if (l != null && !l.isEmpty() && !l.equals("NaN") && !l.equals("<NA>")) byCell.put(index[i], l);
        }
        String[] names = a.obsNames();
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < names.length; i++) if (byCell.containsKey(names[i])) keep.add(i);
        int[] rows = keep.stream().mapToInt(Integer::intValue).toArray();
        String[] labels = new String[rows.length];
        for (int i = 0; i < rows.length; i++) labels[i] = byCell.get(names[rows[i]]);
        CsrMatrix counts = ((Matrix.Csr) a.x()).matrix().selectRows(rows);
        return new Dataset("CEL-seq2 (CellBench)", counts, labels);
    }

    /** pbmc68k_reduced: raw counts from the npz, {@code bulk_labels} from the h5ad. */
    public static Dataset pbmc68k(Path fixtures) {
        Path dir = fixtures.resolve("scanpy");
        CsrMatrix counts = Npz.readCsr(dir.resolve("pbmc68k_reduced_counts.npz"));
        AnnData a = H5adReader.read(dir.resolve("pbmc68k_reduced.h5ad"));
        if (a.nObs() != counts.rows())
            throw new IllegalStateException("RealData: pbmc68k counts have " + counts.rows() + " cells, the h5ad "
                    + a.nObs());
        Column c = a.obs().get("bulk_labels");
        String[] labels = new String[a.nObs()];
        for (int i = 0; i < labels.length; i++) labels[i] = c.format(i);
        return new Dataset("pbmc68k_reduced", counts, labels);
    }

    /** Section 1 preprocessing (ln, seurat HVGs) and the labels as integers in the hypergraph's cell order. */
    public static Prepared prepare(Dataset d) {
        long t0 = System.nanoTime();
        CellGeneHypergraph h = HypergraphPreprocessing.prepare(d.counts(), LogBase.NATURAL,
                GeneSelector.seurat(N_TOP_GENES, LogBase.NATURAL));
        Map<String, Integer> codes = new LinkedHashMap<>();
        int[] truth = new int[h.cells()];
        for (int v = 0; v < truth.length; v++)
            truth[v] = codes.computeIfAbsent(d.labels()[h.cellIds()[v]], k -> codes.size());
        return new Prepared(d, h, truth, codes.size(), (System.nanoTime() - t0) / 1e9);
    }

    /** Every method on a prepared data set, {@code runs} times (method seed 42 + r). */
    public static List<Run> evaluate(Prepared p, Set<Method> methods, int runs, Settings s, boolean verbose) {
        List<Run> out = new ArrayList<>();
        for (int r = 0; r < runs; r++)
            for (Method m : methods) {
                long t0 = System.nanoTime();
                int[] pred = ClusteringMethods.cluster(m, p.h(), p.classes(), 42L + r, s);
                double sec = (System.nanoTime() - t0) / 1e9;
                Run run = new Run(p.data().name(), m, r, ClusteringMetrics.adjustedRandIndex(p.truth(), pred),
                        ClusteringMetrics.normalizedMutualInformation(p.truth(), pred),
                        ClusteringMetrics.accuracy(p.truth(), pred), sec);
                out.add(run);
                if (verbose)
                    System.err.printf(Locale.ROOT, "%s run=%d %-12s ARI %.3f NMI %.3f ACC %.3f  %.1f s%n",
                            p.data().name(), r, m.label(), run.ari(), run.nmi(), run.acc(), sec);
            }
        return out;
    }

    public static void main(String[] args) {
        int seeds = 3;
        Path fixtures = Path.of("..", "shared", "fixtures");
        Path out = Path.of("docs/hypergraph");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--fixtures" -> fixtures = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("RealData: unknown option " + args[i]);
            }
        }
        Settings s = Settings.realData();
        List<Run> runs = new ArrayList<>();
        List<Prepared> prepared = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Dataset d : List.of(celseq2(fixtures), pbmc68k(fixtures))) {
            Prepared p = prepare(d);
            prepared.add(p);
            System.err.printf(Locale.ROOT, "%s: %d cells x %d genes -> hypergraph %d x %d, %d classes (%.1f s)%n",
                    d.name(), d.counts().rows(), d.counts().cols(), p.h().cells(), p.h().genes(), p.classes(),
                    p.seconds());
            runs.addAll(evaluate(p, EnumSet.allOf(Method.class), seeds, s, true));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        write(out, prepared, runs, seeds, wall);
        System.err.printf(Locale.ROOT, "wrote %s/real_data.{csv,md}; wall %.0f s%n", out, wall);
    }

    /** Writes the per-run CSV and the Markdown table of means. */
    static void write(Path dir, List<Prepared> prepared, List<Run> runs, int seeds, double wall) {
        try {
            Files.createDirectories(dir);
            StringBuilder csv = new StringBuilder("dataset,method,run,ari,nmi,acc,seconds\n");
            for (Run r : runs)
                csv.append(String.format(Locale.ROOT, "%s,%s,%d,%.4f,%.4f,%.4f,%.2f%n", r.dataset(),
                        r.method().label(), r.run(), r.ari(), r.nmi(), r.acc(), r.seconds()));
            Files.writeString(dir.resolve("real_data.csv"), csv);
            StringBuilder md = new StringBuilder("# Real data with labels\n\n");
            md.append(String.format(Locale.ROOT, "Preprocessing: CPM, ln(x + 1), seurat HVGs (top %d), k = number "
                    + "of classes; walks 30 x 30, skip-gram dim 30, 5 epochs, alpha 50; PCA scanpy default (50 "
                    + "comps); Leiden on a 15-NN UMAP graph of the PCA, resolution 1.0. Mean (min-max) over %d "
                    + "run(s), method seed 42 + r. Total wall time %.0f s on the shared 2-core machine. The paper "
                    + "reports no numbers for these two data sets (spec section 8.2).%n%n", N_TOP_GENES, seeds, wall));
            for (Prepared p : prepared) {
                md.append(String.format(Locale.ROOT, "## %s: %d cells x %d genes -> %d cells x %d HVGs, %d "
                                + "classes%n%n", p.data().name(), p.data().counts().rows(), p.data().counts().cols(),
                        p.h().cells(), p.h().genes(), p.classes()));
                md.append("| method | ARI | NMI | ACC | seconds per run |\n|---|---|---|---|---|\n");
                for (Method m : Method.values()) {
                    List<Run> rs = runs.stream().filter(r -> r.dataset().equals(p.data().name())
                            && r.method() == m).toList();
                    if (rs.isEmpty()) continue;
                    md.append("| ").append(m.label()).append(" | ")
                            .append(stat(rs, 0)).append(" | ").append(stat(rs, 1)).append(" | ")
                            .append(stat(rs, 2)).append(" | ")
                            .append(String.format(Locale.ROOT, "%.1f", rs.stream().mapToDouble(Run::seconds)
                                    .average().orElse(Double.NaN))).append(" |\n");
                }
                md.append('\n');
            }
            Files.writeString(dir.resolve("real_data.md"), md);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the real-data results to " + dir, e);
        }
    }

    private static String stat(List<Run> rs, int metric) {
        double s = 0, lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Run r : rs) {
            double v = metric == 0 ? r.ari() : metric == 1 ? r.nmi() : r.acc();
            s += v;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return rs.size() == 1 ? String.format(Locale.ROOT, "%.3f", s)
                : String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", s / rs.size(), lo, hi);
    }
}
