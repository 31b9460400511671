package org.genex.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.genex.data.AnnData;
import org.genex.data.io.H5adWriter;
import org.genex.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code genex run [INPUT] --out DIR}: the main job ({@link MainJob}) and its outputs: {@code genex.h5ad} (clusters
 * in obs, embeddings in obsm), {@code clusters.csv}, {@code metrics.csv}, {@code timings.csv}, UMAP plots coloured by
 * each clustering and by the labels, {@code metrics.png}, and {@code report.md} that shows them all ({@link Report}).
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"The main job: QC and filters, normalisation, highly variable genes, PCA, kNN graph and "
                + "Leiden, DIPHW and CoMem-DIPHW hypergraph-walk embeddings with k-means, UMAP, and ARI/NMI/ACC "
                + "for every clustering where labels exist.",
            "Without INPUT it runs on a built-in simulated data set (Splatter, 3,000 cells x 2,000 genes, 6 cell "
                + "types, labels known): no download needed.",
            "Writes DIR/genex.h5ad (readable by scanpy), CSV tables, PNG plots and DIR/report.md."},
        footer = ExitCodes.HELP_FOOTER)
public final class RunCommand extends Job {

    @Option(names = "--labels", paramLabel = "COLUMN",
            description = "obs column with the true cell types, for the metrics (built-in data: its groups).")
    String labels;

    @Option(names = "--transpose", description = "A CSV/TSV INPUT has genes as rows (cells as columns).")
    boolean transpose;

    @Option(names = "--cells", defaultValue = "3000", description = "Built-in data: cells (default: ${DEFAULT-VALUE}).")
    int cells;

    @Option(names = "--genes", defaultValue = "2000", description = "Built-in data: genes (default: ${DEFAULT-VALUE}).")
    int genes;

    @Option(names = "--groups", defaultValue = "6",
            description = "Built-in data: cell types (default: ${DEFAULT-VALUE}).")
    int groups;

    @Option(names = "--min-genes", defaultValue = "200",
            description = "Drop cells with fewer detected genes (counts only; default: ${DEFAULT-VALUE}).")
    int minGenes;

    @Option(names = "--min-cells", defaultValue = "3",
            description = "Drop genes detected in fewer cells (counts only; default: ${DEFAULT-VALUE}).")
    int minCells;

    @Option(names = "--top-genes", defaultValue = "500",
            description = "Highly variable genes kept (default: ${DEFAULT-VALUE}).")
    int topGenes;

    @Option(names = "--pcs", defaultValue = "30", description = "PCA components (default: ${DEFAULT-VALUE}).")
    int pcs;

    @Option(names = "--neighbors", defaultValue = "15",
            description = "Neighbours of the kNN graph (default: ${DEFAULT-VALUE}).")
    int neighbors;

    @Option(names = "--resolution", defaultValue = "1.0",
            description = "Leiden resolution (default: ${DEFAULT-VALUE}).")
    double resolution;

    @Option(names = "--walks", defaultValue = "30",
            description = "Hypergraph walks per cell (default: ${DEFAULT-VALUE}, as the paper).")
    int walks;

    @Option(names = "--walk-length", defaultValue = "30",
            description = "Cells per walk (default: ${DEFAULT-VALUE}).")
    int walkLength;

    @Option(names = "--dim", defaultValue = "30",
            description = "Embedding dimension of the walks' skip-gram (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--epochs", defaultValue = "5", description = "Skip-gram epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--alpha", defaultValue = "50",
            description = "DIPHW preference exponent (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--k", defaultValue = "0",
            description = "Clusters for k-means (default: the number of label classes, else Leiden's count).")
    int k;

    @Option(names = "--umap-epochs", defaultValue = "0",
            description = "UMAP epochs (default: UMAP's own, 500 below 10,000 cells).")
    int umapEpochs;

    private MainJob.Settings settings;

    @Override protected void validate() {
        settings = new MainJob.Settings(cells, genes, groups, minGenes, minCells, topGenes, pcs, neighbors,
                resolution, walks, walkLength, dim, epochs, alpha, k, umapEpochs);
    }

    @Override protected void run(JobContext ctx) throws IOException {
        long t0 = System.nanoTime();
        AnnData input = null;
        if (options.input() != null) {
            ctx.log("reading " + options.input());
            input = Inputs.read(options.input(), transpose);
        }
        MainJob.Result r = MainJob.run(input, labels, settings, options.seed(), ctx);
        long t1 = System.nanoTime();
        Path dir = ctx.outDir();
        H5adWriter.write(r.data(), dir.resolve("genex.h5ad"));
        writeTables(r, dir);
        Map<String, String> plots = new LinkedHashMap<>();
        Tensor umap = r.umap();
        if (r.labels() != null) {
            Plots.umap(umap, r.labels(), "UMAP: labels (" + r.labelSource() + ")", dir.resolve("umap_labels.png"));
            plots.put("labels (" + r.labelSource() + ")", "umap_labels.png");
        }
        for (Map.Entry<String, int[]> e : r.clusters().entrySet()) {
            String file = "umap_" + e.getKey() + ".png";
            Plots.umap(umap, strings(e.getValue()), "UMAP: " + MainJob.METHODS.get(e.getKey()), dir.resolve(file));
            plots.put(MainJob.METHODS.get(e.getKey()), file);
        }
        if (!r.scores().isEmpty()) Plots.metrics(r.scores(), dir.resolve("metrics.png"));
        double outputs = (System.nanoTime() - t1) / 1e9, total = (System.nanoTime() - t0) / 1e9;
        Report.write(dir.resolve("report.md"), ctx, settings, options.input(), r, plots, outputs, total);
        for (MainJob.Score s : r.scores())
            ctx.log(String.format(Locale.ROOT, "%-12s %3d clusters  ARI %.3f  NMI %.3f  ACC %.3f", s.label(),
                    s.clusters(), s.ari(), s.nmi(), s.acc()));
        ctx.log(String.format(Locale.ROOT, "done in %s (%d cells)", Progress.seconds(total), r.data().nObs()));
    }

    private static void writeTables(MainJob.Result r, Path dir) throws IOException {
        AnnData a = r.data();
        String[] cells = a.obsNames();
        float[] xy = r.umap().toArray();
        StringBuilder sb = new StringBuilder("cell");
        if (r.labels() != null) sb.append(",label");
        for (String m : r.clusters().keySet()) sb.append(',').append(m);
        sb.append(",umap1,umap2\n");
        for (int i = 0; i < cells.length; i++) {
            sb.append(csv(cells[i]));
            if (r.labels() != null) sb.append(',').append(r.labels()[i] == null ? "" : csv(r.labels()[i]));
            for (int[] c : r.clusters().values()) sb.append(',').append(c[i]);
            sb.append(',').append(xy[2 * i]).append(',').append(xy[2 * i + 1]).append('\n');
        }
        Files.writeString(dir.resolve("clusters.csv"), sb);
        StringBuilder m = new StringBuilder("method,clusters,ari,nmi,acc\n");
        for (MainJob.Score s : r.scores())
            m.append(String.format(Locale.ROOT, "%s,%d,%.4f,%.4f,%.4f%n", s.label(), s.clusters(), s.ari(), s.nmi(),
                    s.acc()));
        if (!r.scores().isEmpty()) Files.writeString(dir.resolve("metrics.csv"), m);
        StringBuilder t = new StringBuilder("step,seconds\n");
        for (MainJob.Timing x : r.timings()) t.append(String.format(Locale.ROOT, "%s,%.3f%n", x.step(), x.seconds()));
        Files.writeString(dir.resolve("timings.csv"), t);
    }

    static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static String[] strings(int[] ids) {
        String[] out = new String[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = Integer.toString(ids[i]);
        return out;
    }
}
