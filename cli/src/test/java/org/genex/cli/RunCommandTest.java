package org.genex.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.genex.algorithms.metrics.ClusteringMetrics;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.Matrix;
import org.genex.data.io.H5adReader;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code genex run} end to end on small inputs: the files it writes are read back and checked. */
class RunCommandTest {
    /** Small and quick: 400 simulated cells, short walks, few UMAP epochs. */
    static final String[] SMALL = {"--cells", "400", "--genes", "600", "--groups", "3", "--top-genes", "300",
        "--walks", "6", "--walk-length", "12", "--epochs", "2", "--umap-epochs", "60", "--min-genes", "20",
        "--threads", "2", "-q"};

    @TempDir
    static Path tmp;

    static Path simOut;
    static Cli simRun;

    @BeforeAll
    static void runOnSimulatedData() {
        simOut = tmp.resolve("sim");
        simRun = Cli.run(concat(new String[] {"run", "--out", simOut.toString()}, SMALL));
    }

    @Test
    void simulatedRunSucceedsQuietly() {
        assertEquals(0, simRun.code(), simRun.err());
        assertEquals("", simRun.err(), "--quiet prints nothing");
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("sim"), s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")
                    || n.equals("sim")).toList(), "no temporary folder is left beside the output");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void h5adHoldsClustersAndEmbeddings() {
        AnnData a = H5adReader.read(simOut.resolve("genex.h5ad"));
        assertEquals(400, a.nObs());
        for (String m : MainJob.METHODS.keySet()) {
            assertTrue(a.obs().get(m) instanceof Column.Categorical, m + " is a categorical obs column");
            assertEquals(a.nObs(), a.obs().get(m).size());
        }
        for (String k : List.of("X_pca", "X_umap", "X_diphw", "X_comem_diphw"))
            assertEquals(a.nObs(), ((Matrix) a.obsm().get(k)).rows(), k);
        assertEquals(2, ((Matrix) a.obsm().get("X_umap")).cols());
        assertTrue(a.var().has("highly_variable"));
        // the simulator's groups are well separated: Leiden on the kNN graph must find them
        int[] truth = codes(a.obs().get("Group")), leiden = codes(a.obs().get("leiden"));
        assertTrue(ClusteringMetrics.adjustedRandIndex(truth, leiden) > 0.8,
                "Leiden ARI " + ClusteringMetrics.adjustedRandIndex(truth, leiden));
    }

    @Test
    void reportAndTablesAgreeWithTheH5ad() throws IOException {
        AnnData a = H5adReader.read(simOut.resolve("genex.h5ad"));
        int[] truth = codes(a.obs().get("Group"));
        List<String> metrics = Files.readAllLines(simOut.resolve("metrics.csv"));
        assertEquals("method,clusters,ari,nmi,acc", metrics.get(0));
        assertEquals(1 + MainJob.METHODS.size(), metrics.size());
        String report = Files.readString(simOut.resolve("report.md"));
        int row = 1;
        for (Map.Entry<String, String> m : MainJob.METHODS.entrySet()) {
            String[] f = metrics.get(row++).split(",");
            assertEquals(m.getValue(), f[0]);
            double ari = ClusteringMetrics.adjustedRandIndex(truth, codes(a.obs().get(m.getKey())));
            assertEquals(ari, Double.parseDouble(f[2]), 1e-4, m.getValue() + ": metrics.csv vs the h5ad's clusters");
            assertTrue(report.contains(String.format(java.util.Locale.ROOT, "| %s | %s | %.3f |", f[0], f[1], ari)),
                    "report.md shows " + m.getValue() + "'s ARI");
        }
        for (String s : List.of("## Parameters", "## Timings", "## Software", "![metrics](metrics.png)", "jHDF 0."))
            assertTrue(report.contains(s), "report.md has " + s);
        List<String> clusters = Files.readAllLines(simOut.resolve("clusters.csv"));
        assertEquals("cell,label,leiden,pca_kmeans,diphw,comem_diphw,umap1,umap2", clusters.get(0));
        assertEquals(a.nObs() + 1, clusters.size());
        assertTrue(Files.readString(simOut.resolve("timings.csv")).contains("UMAP,"));
    }

    @Test
    void sameSeedSameResultsForAnyThreadCount() throws IOException {
        Path again = tmp.resolve("sim-1-thread");
        String[] args = concat(new String[] {"run", "--out", again.toString()}, SMALL);
        args[Arrays.asList(args).indexOf("--threads") + 1] = "1";
        int before = org.genex.tensor.Parallel.threads();
        try {
            assertEquals(0, Cli.run(args).code());
        } finally {
            org.genex.tensor.Parallel.setThreads(before);
        }
        assertEquals(Files.readAllLines(simOut.resolve("clusters.csv")),
                Files.readAllLines(again.resolve("clusters.csv")));
        assertEquals(Files.readAllLines(simOut.resolve("metrics.csv")),
                Files.readAllLines(again.resolve("metrics.csv")));
    }

    @Test
    void plotsArePngs() throws IOException {
        for (String f : List.of("umap_labels.png", "umap_leiden.png", "umap_pca_kmeans.png", "umap_diphw.png",
                "umap_comem_diphw.png", "metrics.png")) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(simOut.resolve(f)), 8);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, f);
        }
    }

    @Test
    void pbmc68kFixtureWithLabels() throws IOException {
        Path h5ad = TestTensors.fixture("scanpy/pbmc68k_reduced.h5ad");
        Path out = tmp.resolve("pbmc");
        Cli r = Cli.run(concat(new String[] {"run", h5ad.toString(), "--labels", "bulk_labels", "--out",
            out.toString()}, SMALL));
        assertEquals(0, r.code(), r.err());
        AnnData a = H5adReader.read(out.resolve("genex.h5ad"));
        assertEquals(700, a.nObs());
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("raw.X is used"), "pbmc68k_reduced's X is scaled: raw.X is used");
        assertTrue(report.contains("Against `bulk_labels`"));
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        double leidenAri = Double.parseDouble(metrics.get(1).split(",")[2]);
        assertTrue(leidenAri > 0.2 && leidenAri <= 1, "Leiden ARI on bulk_labels " + leidenAri);
        assertTrue(Files.exists(out.resolve("umap_labels.png")));
    }

    @Test
    void noLabelsMeansNoMetrics() throws IOException {
        Path csv = tmp.resolve("counts.csv");
        StringBuilder sb = new StringBuilder("cell");
        int genes = 40, cells = 60;
        for (int g = 0; g < genes; g++) sb.append(",g").append(g);
        sb.append('\n');
        java.util.Random rnd = new java.util.Random(1);
        for (int c = 0; c < cells; c++) {
            sb.append("c").append(c);
            for (int g = 0; g < genes; g++)
                sb.append(',').append(rnd.nextInt(c < cells / 2 == g < genes / 2 ? 20 : 3));
            sb.append('\n');
        }
        Files.writeString(csv, sb);
        Path out = tmp.resolve("csv");
        Cli r = Cli.run("run", csv.toString(), "--out", out.toString(), "--min-genes", "1", "--walks", "4",
                "--walk-length", "8", "--epochs", "1", "--umap-epochs", "30", "--pcs", "5", "-q");
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(out.resolve("metrics.csv")));
        assertTrue(Files.readString(out.resolve("report.md")).contains("no metrics"));
        assertEquals(cells, H5adReader.read(out.resolve("genex.h5ad")).nObs());
    }

    @Test
    void anndataReadsTheOutput() throws IOException, InterruptedException {
        // the reference reader scanpy uses (installed by scripts/install-python-oracles.sh); skipped where absent
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        String script = "import sys, anndata\n"
                + "a = anndata.read_h5ad(sys.argv[1])\n"
                + "print(a.n_obs, a.obs['leiden'].dtype, a.obs['diphw'].nunique(), a.obsm['X_umap'].shape[1],"
                + " a.obsm['X_comem_diphw'].shape[1], int(a.var['highly_variable'].sum()))\n";
        Process p;
        try {
            p = new ProcessBuilder(python, "-c", script, simOut.resolve("genex.h5ad").toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("no python3: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes()).trim();
        int code = p.waitFor();
        Assumptions.assumeFalse(out.contains("No module named"), "python3 has no anndata (" + out + ")");
        assertEquals(0, code, out);
        AnnData a = H5adReader.read(simOut.resolve("genex.h5ad"));
        int hv = 0;
        for (boolean b : ((Column.Bools) a.var().get("highly_variable")).values()) if (b) hv++;
        assertEquals(a.nObs() + " category " + MainJob.communities(codes(a.obs().get("diphw"))) + " 2 30 " + hv,
                out.lines().reduce((x, y) -> y).orElse(""));
    }

    /** Integer codes of a label column (missing values as their own class). */
    static int[] codes(Column c) {
        Map<String, Integer> m = new HashMap<>();
        int[] out = new int[c.size()];
        for (int i = 0; i < out.length; i++) out[i] = m.computeIfAbsent(c.format(i), k -> m.size());
        return out;
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
