package org.genex.data.io;

import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.genex.data.io.TenxTestFiles.assertDense;
import static org.genex.data.io.TenxTestFiles.assertFormatError;
import static org.genex.data.io.TenxTestFiles.gz;
import static org.genex.data.io.TenxTestFiles.text;
import static org.genex.data.io.TenxTestFiles.truncate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DelimitedTest {
    @TempDir Path dir;

    /** scanpy.datasets.krumsiek11: read(first_column_names=True); values checked against numpy.loadtxt. */
    @Test
    void krumsiek11() {
        AnnData a = Delimited.readMatrix(TestTensors.fixture("scanpy/krumsiek11.txt"),
                Delimited.Options.DEFAULT.withRowNames(Delimited.RowNames.FIRST_COLUMN));
        assertEquals(640, a.nObs());
        assertArrayEquals(new String[]{"Gata2", "Gata1", "Fog1", "EKLF", "Fli1", "SCL", "Cebpa", "Pu.1", "cJun",
                "EgrNab", "Gfi1"}, a.varNames());
        assertTrue(a.x() instanceof Matrix.Dense);
        assertEquals("0", a.obsNames()[0]);
        assertEquals("159", a.obsNames()[639]);
        assertEquals("0", a.obsNames()[160], "row names repeat across the 4 realizations, as in scanpy");
        float[] last = {0.0049f, 0.0002f, -0.0013f, 0.0054f, -0.0036f, 0.0009f, 1.0011f, 0.9967f, 0.0066f, -0.0033f, 0.9177f};
        for (int j = 0; j < 11; j++) assertEquals(last[j], a.x().get(639, j));
        double sum = 0;
        for (float v : a.x().dense().toArray()) sum += v;
        assertEquals(2016.5208, sum, 1e-3);
    }

    /** CellBench CEL-seq2: 28,204 genes x 274 cells, genes as rows, a header without the leading empty field. */
    @Test
    void celseq2CountsAndMetadata() {
        AnnData a = Delimited.readMatrix(TestTensors.fixture("scmixology/sc_celseq2.count.csv.gz"),
                Delimited.Options.DEFAULT.withTranspose(true));
        assertEquals(274, a.nObs());
        assertEquals(28204, a.nVars());
        assertTrue(a.x() instanceof Matrix.Csr, "a count table is sparse");
        CsrMatrix x = a.x().csr();
        assertEquals(1954979, x.nnz());
        assertTrue(x.canonical());
        double total = 0;
        for (float v : x.values()) total += v;
        assertEquals(10321416, total, 0);
        assertEquals("A1", a.obsNames()[0]);
        assertEquals("P9", a.obsNames()[273]);
        assertEquals("ENSG00000281131", a.varNames()[0]);
        assertEquals("ENSG00000226887", a.varNames()[28203]);
        assertEquals(16430, x.rowSums()[0], 0);
        int c16 = List.of(a.obsNames()).indexOf("C16");
        assertEquals(2973f, a.x().get(c16, List.of(a.varNames()).indexOf("ENSG00000210082")));

        DataFrame meta = Delimited.readTable(TestTensors.fixture("scmixology/sc_celseq2.metadata.csv.gz"));
        assertEquals(274, meta.rows());
        // pandas' dtypes: int64 counts, float64 fractions, bool outliers, object labels
        assertTrue(meta.get("unaligned") instanceof Column.Ints);
        assertTrue(meta.get("non_mt_percent") instanceof Column.Floats);
        assertTrue(meta.get("outliers") instanceof Column.Bools);
        assertTrue(meta.get("cell_line_demuxlet") instanceof Column.Strings);
        Delimited.joinObs(a, meta);
        String[] lines = ((Column.Strings) a.obs().get("cell_line_demuxlet")).values();
        assertEquals(112, Stream.of(lines).filter("H1975"::equals).count());
        assertEquals(81, Stream.of(lines).filter("H2228"::equals).count());
        assertEquals(81, Stream.of(lines).filter("HCC827"::equals).count());
        assertEquals(16430, ((Column.Ints) a.obs().get("total_count_per_cell")).values()[0]);
    }

    @Test
    void headerForms() throws Exception {
        float[][] expected = {{1, 0, 2}, {0, 0, 3}};
        // leading empty field (pandas to_csv), no leading field (R write.csv without row.names header), a named one
        for (String header : new String[]{",g1,g2,g3", "g1,g2,g3", "\"gene\",\"g1\",\"g2\",\"g3\""}) {
            Path f = text(dir.resolve("h.csv"), header + "\n\"c,1\",1,0,2\nc2,0,0,3\n");
            AnnData a = Delimited.readMatrix(f);
            assertArrayEquals(new String[]{"g1", "g2", "g3"}, a.varNames(), header);
            assertArrayEquals(new String[]{"c,1", "c2"}, a.obsNames());
            assertDense(expected, a.x());
        }
        // TSV, no header, numeric first column taken as names only when asked
        Path t = text(dir.resolve("m.tsv"), "1\t1\t0\t2\n2\t0\t0\t3\n");
        AnnData plain = Delimited.readMatrix(t);
        assertArrayEquals(new String[]{"0", "1", "2", "3"}, plain.varNames());
        assertArrayEquals(new String[]{"0", "1"}, plain.obsNames());
        AnnData named = Delimited.readMatrix(t, Delimited.Options.DEFAULT.withRowNames(Delimited.RowNames.FIRST_COLUMN));
        assertArrayEquals(new String[]{"1", "2"}, named.obsNames());
        assertDense(expected, named.x());
        // layouts
        assertTrue(Delimited.readMatrix(t, Delimited.Options.DEFAULT.withLayout(Delimited.Layout.CSR)).x() instanceof Matrix.Csr);
        assertTrue(Delimited.readMatrix(t, Delimited.Options.DEFAULT.withLayout(Delimited.Layout.DENSE)).x() instanceof Matrix.Dense);
        // gzip found by magic, any separator
        Path g = gz(dir.resolve("m.txt"), "# comment\nx;y\nr1;1.5;-2e-1\n");
        AnnData s = Delimited.readMatrix(g, Delimited.Options.DEFAULT.withSeparator(';'));
        assertArrayEquals(new String[]{"x", "y"}, s.varNames());
        assertDense(new float[][]{{1.5f, -0.2f}}, s.x());
    }

    @Test
    void quotedFieldsSpanningLines() {
        Path f = text(dir.resolve("q.csv"), "id,note,n\n\"a\",\"line one\nline \"\"two\"\"\",3\nb,,NA\n");
        DataFrame t = Delimited.readTable(f);
        assertArrayEquals(new String[]{"a", "b"}, t.index());
        Column.NullableStrings note = (Column.NullableStrings) t.get("note");
        assertEquals("line one\nline \"two\"", note.values()[0]);
        assertTrue(note.mask()[1]);
        double[] n = ((Column.Floats) t.get("n")).values();
        assertEquals(3, n[0]);
        assertTrue(Double.isNaN(n[1]), "an integer column with a missing value becomes float, as in pandas");
    }

    @Test
    void joinKeepsObsOrderAndMarksMissing() {
        AnnData a = new AnnData(Matrix.dense(3, 1, 1, 2, 3), new DataFrame(new String[]{"c3", "c1", "c9"}),
                new DataFrame(new String[]{"g"}));
        DataFrame t = Delimited.readTable(text(dir.resolve("t.csv"), ",label,size,flag\nc1,T,1,True\nc3,B,2,False\n"));
        Delimited.joinObs(a, t);
        Column.NullableStrings label = (Column.NullableStrings) a.obs().get("label");
        assertArrayEquals(new String[]{"B", "T"}, java.util.Arrays.copyOf(label.values(), 2));
        assertArrayEquals(new boolean[]{false, false, true}, label.mask());
        double[] size = ((Column.Floats) a.obs().get("size")).values();
        assertEquals(2, size[0]);
        assertEquals(1, size[1]);
        assertTrue(Double.isNaN(size[2]));
        assertArrayEquals(new boolean[]{false, false, true}, ((Column.NullableBools) a.obs().get("flag")).mask());
        assertThrows(IllegalArgumentException.class, () -> Delimited.joinObs(a, t), "columns already there");
    }

    @Test
    void embeddingAndLabelsRoundTripWithQuoting() throws Exception {
        String[] names = {"plain", "with,comma", "with \"quote\"", "multi\nline"};
        float[][] emb = {{1.5f, -2f}, {0f, 1e-7f}, {Float.NaN, 3f}, {Float.POSITIVE_INFINITY, 0.1f}};
        Path f = dir.resolve("emb.csv");
        Delimited.writeEmbedding(f, names, emb, new String[]{"UMAP1", "UMAP,2"});
        assertTrue(Files.readString(f).startsWith(",UMAP1,\"UMAP,2\"\nplain,1.5,-2.0\n\"with,comma\""));
        DataFrame back = Delimited.readTable(f);
        assertArrayEquals(names, back.index());
        assertEquals(List.of("UMAP1", "UMAP,2"), back.columnNames());
        double[] u1 = ((Column.Floats) back.get("UMAP1")).values();
        assertEquals(1.5, u1[0]);
        assertTrue(Double.isNaN(u1[2]));
        assertEquals(Double.POSITIVE_INFINITY, u1[3]);
        assertEquals(1e-7f, (float) ((Column.Floats) back.get("UMAP,2")).values()[1]);

        Path m = dir.resolve("emb.tsv.gz");
        Delimited.writeEmbedding(m, new String[]{"a", "b"}, Matrix.dense(2, 2, 1, 2, 3, 4), new String[]{"x", "y"});
        AnnData ma = Delimited.readMatrix(m);
        assertArrayEquals(new String[]{"a", "b"}, ma.obsNames());
        assertDense(new float[][]{{1, 2}, {3, 4}}, ma.x());

        Path l = dir.resolve("labels.csv");
        Delimited.writeLabels(l, names, new String[]{"T cell", "B,cell", null, "NK"});
        DataFrame labels = Delimited.readTable(l);
        Column.NullableStrings lab = (Column.NullableStrings) labels.get("label");
        assertEquals("B,cell", lab.values()[1]);
        assertTrue(lab.mask()[2]);
        assertArrayEquals(names, labels.index());
    }

    @Test
    void failedWritesLeaveNothing() throws Exception {
        Path f = dir.resolve("e.csv");
        assertThrows(IllegalArgumentException.class,
                () -> Delimited.writeEmbedding(f, new String[]{"a"}, new float[][]{{1, 2}}, new String[]{"x"}));
        assertThrows(IllegalArgumentException.class, () -> Delimited.writeLabels(f, new String[]{"a"}, new String[0]));
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        assertThrows(java.io.UncheckedIOException.class,
                () -> Delimited.writeLabels(notADir.resolve("labels.csv"), new String[]{"a"}, new String[]{"b"}));
        AtomicFiles.writeVia(f, tmp -> Files.writeString(tmp, "old"));
        assertThrows(java.io.UncheckedIOException.class, () -> AtomicFiles.writeVia(f, tmp -> {
            Files.writeString(tmp, "half");
            throw new java.io.IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f, notADir), s.sorted().toList());
        }
    }

    @Test
    void badInputNamesLineAndColumn() {
        assertFormatError(() -> Delimited.readMatrix(text(dir.resolve("a.csv"), ",x,y\nr1,1,2\nr2,1,oops\n")),
                "a.csv", "line 3", "column 'y'", "expected a number", "oops");
        assertFormatError(() -> Delimited.readMatrix(text(dir.resolve("b.csv"), ",x,y\nr1,1,2\nr2,1\n")),
                "line 3", "expected 3 fields", "found 2");
        assertFormatError(() -> Delimited.readMatrix(text(dir.resolve("c.csv"), "x,y,z,w\nr1,1,2\n")),
                "line 1", "header has 4 names but the rows have 2 values");
        assertFormatError(() -> Delimited.readMatrix(text(dir.resolve("d.csv"), ",x,y\nr1,1,\n")),
                "line 2", "column 'y'", "expected a number");
        assertFormatError(() -> Delimited.readMatrix(text(dir.resolve("e.csv"), ",x\n\"r1,1\n")),
                "line 2", "not closed");
        assertFormatError(() -> Delimited.readMatrix(text(dir.resolve("f.csv"), ",x,y\n")), "no data rows");
        assertFormatError(() -> Delimited.readTable(text(dir.resolve("g.csv"), "a,b\nr1,1,2,3\n")),
                "line 2", "header has 2 names");
        assertFormatError(() -> Delimited.readTable(text(dir.resolve("h.csv"), "a,b\nr1,1\nr2,1,2\n")),
                "line 3", "expected 2 fields");
        StringBuilder big = new StringBuilder(",x,y\n");
        for (int i = 0; i < 20000; i++) big.append("r").append(i).append(",1,2\n");
        Path t = truncate(gz(dir.resolve("t.csv.gz"), big.toString()), 3000);
        assertFormatError(() -> Delimited.readMatrix(t), "t.csv.gz", "truncated or corrupt");
        assertFormatError(() -> Delimited.readMatrix(dir.resolve("missing.csv")), "missing.csv", "not found");
    }
}
