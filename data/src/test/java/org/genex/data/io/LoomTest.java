package org.genex.data.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.genex.data.io.TenxTestFiles.assertDense;
import static org.genex.data.io.TenxTestFiles.assertFormatError;
import static org.genex.data.io.TenxTestFiles.dense;
import static org.genex.data.io.TenxTestFiles.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoomTest {
    @TempDir Path dir;

    // 5 cells x 4 genes
    private static final float[][] X = {{1, 0, 0, 2.5f}, {0, 0, 3, 0}, {0, 0, 0, 0}, {4, 1, 0, 0}, {0, 7, 0, 1}};
    private static final float[][] COUNTS = {{2, 0, 0, 5}, {0, 0, 6, 0}, {0, 1, 0, 0}, {8, 2, 0, 0}, {0, 14, 0, 2}};

    private static AnnData sample() {
        DataFrame obs = new DataFrame(new String[]{"c1", "c2", "cé3", "c4", "c5"});
        obs.put("n_counts", new double[]{3.5, 3, 0, 5, 8});
        obs.put("score32", new Column.Floats(new double[]{0.5, 0.25, 1, 2, 4}, true));
        obs.put("n_genes", new Column.Ints(new long[]{2, 1, 0, 2, 2}));
        obs.put("ok", new boolean[]{true, false, true, true, false});
        obs.put("batch", new String[]{"a", "b", "a", "b", "a"});
        obs.put("louvain", new Column.Categorical(new int[]{0, 1, -1, 1, 0}, new String[]{"T", "B"}, false));
        obs.put("maybe", new Column.NullableInts(new long[]{1, 0, 3, 0, 5}, new boolean[]{false, true, false, true, false}));
        DataFrame var = new DataFrame(new String[]{"TP53", "CD3E", "gène", "MS4A1"});
        var.put("gene_ids", new String[]{"ENSG1", "ENSG2", "ENSG3", "ENSG4"});
        var.put("highly_variable", new boolean[]{true, false, false, true});
        AnnData a = new AnnData(Matrix.dense(5, 4, flat(X)), obs, var);
        a.layers().put("counts", Matrix.of(CsrMatrix.fromDense(Matrix.dense(5, 4, flat(COUNTS)).dense())));
        a.obsm().put("X_pca", Matrix.dense(5, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        a.varm().put("PCs", Matrix.dense(4, 3, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5f, 0.5f, 0.5f));
        a.obsp().put("connectivities", Matrix.of(CsrMatrix.fromCoo(5, 5, new int[]{0, 1, 3}, new int[]{1, 0, 4},
                new float[]{0.5f, 0.5f, 1})));
        a.uns().put("title", "test loom");
        a.uns().put("n_neighbors", 15L);
        a.uns().put("resolution", 0.8);
        a.uns().put("thresholds", new double[]{0.1, 0.2});
        a.uns().put("nested", Map.of("skipped", 1)); // not representable: not written
        return a;
    }

    private static float[] flat(float[][] m) {
        float[] out = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
        return out;
    }

    @Test
    void roundTrip() {
        Path f = dir.resolve("a.loom");
        Loom.write(sample(), f);
        for (AnnData b : new AnnData[]{Loom.read(f), Loom.read(f, 7)}) { // default blocks, and 1 gene per block
            assertArrayEquals(new String[]{"c1", "c2", "cé3", "c4", "c5"}, b.obsNames());
            assertArrayEquals(new String[]{"TP53", "CD3E", "gène", "MS4A1"}, b.varNames());
            assertTrue(b.x() instanceof Matrix.Csr);
            assertDense(X, b.x());
            assertDense(COUNTS, b.layers().get("counts"));
            DataFrame obs = b.obs();
            assertArrayEquals(new double[]{3.5, 3, 0, 5, 8}, ((Column.Floats) obs.get("n_counts")).values());
            assertTrue(((Column.Floats) obs.get("score32")).float32());
            assertArrayEquals(new long[]{2, 1, 0, 2, 2}, ((Column.Ints) obs.get("n_genes")).values());
            assertArrayEquals(new long[]{1, 0, 1, 1, 0}, ((Column.Ints) obs.get("ok")).values()); // int8 0/1
            assertArrayEquals(new String[]{"a", "b", "a", "b", "a"}, ((Column.Strings) obs.get("batch")).values());
            assertArrayEquals(new String[]{"T", "B", "", "B", "T"}, ((Column.Strings) obs.get("louvain")).values());
            double[] maybe = ((Column.Floats) obs.get("maybe")).values();
            assertEquals(1, maybe[0]);
            assertTrue(Double.isNaN(maybe[1]));
            assertArrayEquals(new String[]{"ENSG1", "ENSG2", "ENSG3", "ENSG4"}, ((Column.Strings) b.var().get("gene_ids")).values());
            assertDense(new float[][]{{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}}, b.obsm().matrix("X_pca"));
            assertDense(new float[][]{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0.5f, 0.5f, 0.5f}}, b.varm().matrix("PCs"));
            float[][] g = new float[5][5];
            g[0][1] = 0.5f;
            g[1][0] = 0.5f;
            g[3][4] = 1;
            assertDense(g, b.obsp().get("connectivities"));
            assertTrue(b.varp().isEmpty());
            assertEquals("test loom", b.uns().get("title"));
            assertEquals(15L, b.uns().get("n_neighbors"));
            assertEquals(0.8, b.uns().get("resolution"));
            assertArrayEquals(new double[]{0.1, 0.2}, (double[]) b.uns().get("thresholds"));
            assertFalse(b.uns().containsKey("nested"));
            assertFalse(b.uns().containsKey("LOOM_SPEC_VERSION"));
        }
    }

    /** A file laid out as loompy writes it (data/scripts/loom_make_golden.py): vlen strings, an empty graph group. */
    @Test
    void readsLoompyStyleFile() {
        AnnData a = Loom.read(TenxTestFiles.resource("/golden/loom/loompy_style.loom"));
        assertArrayEquals(new String[]{"cA", "cB", "cC", "cD"}, a.obsNames());
        assertArrayEquals(new String[]{"Actb", "Gapdh", "Ccl5ü"}, a.varNames());
        assertDense(new float[][]{{0, 3, 0}, {1.5f, 0, 0}, {0, 0, 4}, {2, 0, 0.25f}}, a.x());
        assertDense(new float[][]{{0, 3, 0}, {1, 0, 0}, {0, 0, 4}, {2, 0, 1}}, a.layers().get("spliced"));
        assertArrayEquals(new String[]{"ENSMUSG1", "ENSMUSG2", "ENSMUSG3"}, ((Column.Strings) a.var().get("Accession")).values());
        assertArrayEquals(new double[]{0.5, 0.25, 0.125}, ((Column.Floats) a.var().get("GC")).values());
        assertArrayEquals(new long[]{0, 1, 1, 0}, ((Column.Ints) a.obs().get("ClusterID")).values());
        assertDense(new float[][]{{1, 2}, {3, 4}, {5, 6}, {7, 8}}, a.obsm().matrix("X_umap"));
        float[][] knn = new float[4][4];
        knn[0][1] = 1;
        knn[1][0] = 1;
        knn[2][3] = 0.75f; // two edges (2, 3) summed
        assertDense(knn, a.obsp().get("KNN"));
        assertTrue(a.varp().isEmpty());
        assertEquals("golden", a.uns().get("title"));
    }

    /** Layers and graph groups that would be empty are not written (formats.md §5.3); the spec version is. */
    @Test
    void noEmptyGroups() {
        AnnData a = new AnnData(Matrix.dense(2, 3, 1, 2, 3, 4, 5, 6));
        a.obsp().put("empty", Matrix.of(new CsrMatrix(2, 2, new int[3], new int[0], new float[0])));
        Path f = dir.resolve("plain.loom");
        Loom.write(a, f);
        try (HdfFile h = new HdfFile(f)) {
            assertEquals(Set.of("matrix", "row_attrs", "col_attrs", "attrs"), h.getChildren().keySet());
            assertEquals("3.0.0", h.getDatasetByPath("/attrs/LOOM_SPEC_VERSION").getData());
        }
        AnnData b = Loom.read(f);
        assertArrayEquals(new String[]{"0", "1"}, b.obsNames());
        assertDense(dense(a.x()), b.x());
    }

    /** A large random matrix read in blocks of a few genes gives the same CSR as in one block. */
    @Test
    void blockReadsAgree() {
        Random rnd = new Random(5);
        int cells = 37, genes = 53;
        float[] v = new float[cells * genes];
        for (int i = 0; i < v.length; i++) if (rnd.nextInt(4) == 0) v[i] = rnd.nextInt(20) - 5;
        AnnData a = new AnnData(Matrix.dense(cells, genes, v));
        Path f = dir.resolve("r.loom");
        Loom.write(a, f);
        for (int block : new int[]{1, 37 * 3, 37 * 10, 1 << 22}) assertDense(dense(a.x()), Loom.read(f, block).x());
    }

    @Test
    void failedWriteLeavesNothing() throws Exception {
        AnnData clash = sample();
        clash.obs().put("CellID", new String[]{"x", "y", "z", "u", "v"});
        Path f = dir.resolve("clash.loom");
        assertThrows(IllegalArgumentException.class, () -> Loom.write(clash, f));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.toList(), "no file and no temporary file after a failed write");
        }
        Loom.write(sample(), f);
        byte[] before = Files.readAllBytes(f);
        assertThrows(IllegalArgumentException.class, () -> Loom.write(clash, f));
        assertArrayEquals(before, Files.readAllBytes(f), "a failed write leaves the old file as it was");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
        assertThrows(IllegalArgumentException.class, () -> Loom.write(new AnnData(null, new DataFrame(new String[]{"a"}),
                new DataFrame(new String[]{"g"})), dir.resolve("nox.loom")));
    }

    @Test
    void badFiles() {
        assertFormatError(() -> Loom.read(text(dir.resolve("t.loom"), "text")), "t.loom", "not a readable HDF5");
        Path noMatrix = dir.resolve("n.loom");
        try (WritableHdfFile w = HdfFile.write(noMatrix)) {
            w.putGroup("row_attrs").putDataset("Gene", new String[]{"a"});
        }
        assertFormatError(() -> Loom.read(noMatrix), "n.loom", "/matrix", "missing dataset");

        Path badAttr = dir.resolve("b.loom");
        try (WritableHdfFile w = HdfFile.write(badAttr)) {
            w.putDataset("matrix", new float[][]{{1, 2}, {3, 4}, {5, 6}});
            w.putGroup("col_attrs").putDataset("CellID", new String[]{"a", "b", "c"});
        }
        assertFormatError(() -> Loom.read(badAttr), "/col_attrs/CellID", "expected (2) or (2, k)");

        Path badGraph = dir.resolve("g.loom");
        try (WritableHdfFile w = HdfFile.write(badGraph)) {
            w.putDataset("matrix", new float[][]{{1, 2}, {3, 4}, {5, 6}});
            WritableGroup g = w.putGroup("col_graphs").putGroup("knn");
            g.putDataset("a", new int[]{0, 2});
            g.putDataset("b", new int[]{1, 0});
            g.putDataset("w", new float[]{1, 1});
        }
        assertFormatError(() -> Loom.read(badGraph), "/col_graphs/knn", "edge 1 (2, 0) outside 0..1");

        Path badLayer = dir.resolve("l.loom");
        try (WritableHdfFile w = HdfFile.write(badLayer)) {
            w.putDataset("matrix", new float[][]{{1, 2}, {3, 4}, {5, 6}});
            w.putGroup("layers").putDataset("spliced", new float[][]{{1, 2}, {3, 4}});
        }
        assertFormatError(() -> Loom.read(badLayer), "/layers/spliced", "expected the matrix's [3, 2]");
    }

    /** The written file as h5py sees it: loom 3.0.0 layout, loompy's validator rules, same values. */
    @Test
    @SuppressWarnings("unchecked")
    void h5pyReadsTheLayout() {
        String python = TenxTestFiles.python();
        Path f = dir.resolve("py.loom");
        AnnData a = sample();
        Loom.write(a, f);
        TenxTestFiles.Result r = TenxTestFiles.runScript(python, "loom_check.py", f.toString());
        Map<String, Object> out = (Map<String, Object>) Json.parse(r.stdout());
        assertEquals(List.of(), out.get("errors"), "loom_check.py found problems");
        assertEquals(0, r.status());
        assertEquals(List.of(4L, 5L), out.get("shape"));
        assertEquals("float32", out.get("matrix_dtype"));
        assertEquals("gzip", out.get("matrix_compression"));
        assertEquals(List.of("row_graphs"), out.get("absent"));
        Map<String, Object> rows = (Map<String, Object>) out.get("row_attrs");
        Map<String, Object> cols = (Map<String, Object>) out.get("col_attrs");
        assertEquals(List.of("TP53", "CD3E", "gène", "MS4A1"), ((Map<String, Object>) rows.get("Gene")).get("values"));
        assertEquals(List.of("c1", "c2", "cé3", "c4", "c5"), ((Map<String, Object>) cols.get("CellID")).get("values"));
        assertEquals("int8", ((Map<String, Object>) cols.get("ok")).get("dtype"));
        assertEquals("int64", ((Map<String, Object>) cols.get("n_genes")).get("dtype"));
        assertEquals(List.of(5L, 2L), ((Map<String, Object>) cols.get("X_pca")).get("shape"));
        assertEquals(java.util.Arrays.asList(1.0, null, 3.0, null, 5.0), ((Map<String, Object>) cols.get("maybe")).get("values"));
        assertEquals("3.0.0", ((Map<String, Object>) out.get("attrs")).get("LOOM_SPEC_VERSION"));
        assertEquals("test loom", ((Map<String, Object>) out.get("attrs")).get("title"));
        assertGenesByCells(X, (List<List<Number>>) out.get("matrix"));
        assertGenesByCells(COUNTS, (List<List<Number>>) ((Map<String, Object>) out.get("layers")).get("counts"));
        Map<String, Object> knn = (Map<String, Object>) ((Map<String, Object>) out.get("col_graphs")).get("connectivities");
        assertEquals(List.of(0L, 1L, 3L), knn.get("a"));
        assertEquals(List.of(1L, 0L, 4L), knn.get("b"));
    }

    private static void assertGenesByCells(float[][] cellsByGenes, List<List<Number>> genesByCells) {
        assertEquals(cellsByGenes[0].length, genesByCells.size());
        for (int g = 0; g < genesByCells.size(); g++)
            for (int c = 0; c < cellsByGenes.length; c++)
                assertEquals(cellsByGenes[c][g], genesByCells.get(g).get(c).floatValue(), "gene " + g + ", cell " + c);
    }
}
