package org.genex.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.genex.tensor.Genex;
import org.genex.tensor.Parallel;
import org.genex.tensor.cpu.Simd;

/** {@code report.md} of {@code genex run}: the data, the parameters, the metrics, the plots, timings, versions. */
final class Report {
    private Report() {}

    static void write(Path file, JobContext ctx, MainJob.Settings s, Path input, MainJob.Result r,
                      Map<String, String> plots, double outputSeconds, double totalSeconds) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# genex run\n\n");
        md.append(String.format(Locale.ROOT, "%s, %s. Input: %s. Output: %d cells x %d genes in `genex.h5ad`.%n%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), "seed " + ctx.seed(),
                input == null ? "the built-in simulated data set" : "`" + input + "`", r.data().nObs(),
                r.data().nVars()));
        for (String n : r.notes()) md.append("- ").append(n).append('\n');
        md.append('\n');

        md.append("## Metrics\n\n");
        if (r.scores().isEmpty()) {
            md.append("No labels (pass `--labels COLUMN` with an obs column of cell types): no metrics.\n\n");
        } else {
            md.append(String.format(Locale.ROOT, "Against `%s` (%d cells with a label); k-means with k = %d. ACC "
                    + "matches clusters to labels one to one (Hungarian).%n%n", r.labelSource(), labelled(r), r.k()));
            md.append("| method | clusters | ARI | NMI | ACC |\n|---|---|---|---|---|\n");
            for (MainJob.Score x : r.scores())
                md.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f |%n", x.label(), x.clusters(),
                        x.ari(), x.nmi(), x.acc()));
            md.append("\n![metrics](metrics.png)\n\n");
        }

        md.append("## UMAP\n\n");
        for (Map.Entry<String, String> e : plots.entrySet())
            md.append("![").append(e.getKey()).append("](").append(e.getValue()).append(")\n");
        md.append('\n');

        md.append("## Parameters\n\n| parameter | value |\n|---|---|\n");
        row(md, "seed", ctx.seed());
        if (input == null) {
            row(md, "simulated cells x genes, groups", s.cells() + " x " + s.genes() + ", " + s.groups());
        }
        row(md, "filters: min genes per cell, min cells per gene", s.minGenes() + ", " + s.minCells());
        row(md, "normalisation", "normalize_total(1e4), log1p");
        row(md, "highly variable genes (seurat)", s.topGenes());
        row(md, "PCA components (of scaled HVGs, clip 10)", s.pcs());
        row(md, "kNN neighbours; Leiden resolution", s.neighbors() + "; " + s.resolution());
        row(md, "walks per cell x length", s.walks() + " x " + s.walkLength());
        row(md, "skip-gram dimension, epochs (window 5, 5 negatives)", s.dim() + ", " + s.epochs());
        row(md, "DIPHW alpha; CoMem networks", s.alpha() + "; full |Pearson| for genes and cells");
        row(md, "k-means k (10 restarts)", r.k() + (s.k() > 0 ? "" : " (automatic)"));
        row(md, "UMAP epochs", s.umapEpochs() == 0 ? "default" : Integer.toString(s.umapEpochs()));
        md.append('\n');

        md.append("## Timings\n\n| step | seconds |\n|---|---|\n");
        for (MainJob.Timing t : r.timings())
            md.append(String.format(Locale.ROOT, "| %s | %.2f |%n", t.step(), t.seconds()));
        md.append(String.format(Locale.ROOT, "| write outputs (h5ad, CSV, plots) | %.2f |%n", outputSeconds));
        md.append(String.format(Locale.ROOT, "| **total** | **%.2f** |%n%n", totalSeconds));

        md.append("## Files\n\n");
        md.append("- `genex.h5ad`: X log-normalised; obs: the clusterings (`leiden`, `pca_kmeans`, `diphw`, "
                + "`comem_diphw`) and QC columns; obsm: `X_pca`, `X_umap`, `X_diphw`, `X_comem_diphw`; var: "
                + "`highly_variable`. In Python: `scanpy.read_h5ad(\"genex.h5ad\")`.\n");
        md.append("- `clusters.csv` (per cell), `metrics.csv`, `timings.csv`; the PNG plots above.\n\n");

        md.append("## Software\n\n");
        md.append("- genex ").append(Genex.version()).append('\n');
        md.append("- JDK ").append(Runtime.version()).append(" (").append(System.getProperty("java.vendor"))
                .append("), ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append('\n');
        md.append("- vectors: ").append(Simd.describe(Simd.ENABLED)).append('\n');
        md.append("- threads: ").append(Parallel.threads()).append(" of ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores; device ").append(ctx.device())
                .append('\n');
        md.append("- libraries: ").append(libraries()).append('\n');
        Files.writeString(file, md);
    }

    private static int labelled(MainJob.Result r) {
        int n = 0;
        for (String l : r.labels()) if (l != null) n++;
        return n;
    }

    private static void row(StringBuilder md, String name, Object value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    /** The libraries' versions of this build (versions.properties, written by the build from the poms). */
    static String libraries() {
        try (InputStream in = Report.class.getResourceAsStream("versions.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            StringBuilder sb = new StringBuilder();
            for (String lib : new String[] {"picocli", "progressbar", "XChart", "jHDF", "EJML", "commons-rng"})
                sb.append(sb.isEmpty() ? "" : ", ").append(lib).append(' ').append(p.getProperty(lib, "?"));
            return sb.toString();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
