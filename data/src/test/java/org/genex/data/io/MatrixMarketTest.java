package org.genex.data.io;

import org.genex.tensor.CsrMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.genex.data.io.TenxTestFiles.assertFormatError;
import static org.genex.data.io.TenxTestFiles.gz;
import static org.genex.data.io.TenxTestFiles.text;
import static org.genex.data.io.TenxTestFiles.truncate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatrixMarketTest {
    @TempDir Path dir;

    @Test
    void readsIntegerEntriesWithCommentsAndMetadata() {
        Path f = text(dir.resolve("m.mtx"), """
                %%MatrixMarket matrix coordinate integer general
                %metadata_json: {"format_version": 2, "software_version": "3.0.0"}
                %
                3 4 4
                3 1 7
                1 1 2
                2 4 1
                3 4 12345678
                """);
        MatrixMarket.Coordinate c = MatrixMarket.read(f);
        assertEquals(3, c.nRows());
        assertEquals(4, c.nCols());
        assertTrue(c.integer());
        assertArrayEquals(new int[]{2, 0, 1, 2}, c.rows());
        assertArrayEquals(new int[]{0, 0, 3, 3}, c.cols());
        assertArrayEquals(new float[]{7, 2, 1, 12345678}, c.values());
    }

    @Test
    void readsRealValuesCrLfBlankLinesAndLeadingBlanks() {
        Path f = text(dir.resolve("m.mtx"), "%%MatrixMarket matrix coordinate real general\r\n"
                + "2 2 3\r\n  1\t2  0.5\r\n\r\n2 1 -1.25e-3\r\n2 2 3\n");
        MatrixMarket.Coordinate c = MatrixMarket.read(f);
        assertFalse(c.integer());
        assertArrayEquals(new int[]{0, 1, 1}, c.rows());
        assertArrayEquals(new int[]{1, 0, 1}, c.cols());
        assertArrayEquals(new float[]{0.5f, (float) -1.25e-3, 3f}, c.values());
    }

    @Test
    void lastLineWithoutNewlineAndEmptyMatrix() {
        MatrixMarket.Coordinate c = MatrixMarket.read(text(dir.resolve("a.mtx"),
                "%%MatrixMarket matrix coordinate integer general\n1 1 1\n1 1 5"));
        assertArrayEquals(new float[]{5}, c.values());
        MatrixMarket.Coordinate empty = MatrixMarket.read(text(dir.resolve("b.mtx"),
                "%%MatrixMarket matrix coordinate integer general\n0 0 0\n"));
        assertEquals(0, empty.nnz());
    }

    @Test
    void gzipIsDetectedByMagicNotName() {
        String body = "%%MatrixMarket matrix coordinate integer general\n2 2 1\n2 2 9\n";
        assertArrayEquals(new float[]{9}, MatrixMarket.read(gz(dir.resolve("plain-name.mtx"), body)).values());
        assertArrayEquals(new float[]{9}, MatrixMarket.read(text(dir.resolve("gz-name.mtx.gz"), body)).values());
    }

    /** Random matrices written in random entry order, with random spacing, read back entry for entry. */
    @Test
    void randomFilesRoundTrip() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int rows = 1 + rnd.nextInt(300), cols = 1 + rnd.nextInt(300), nnz = rnd.nextInt(Math.min(2000, rows * cols + 1));
            boolean integer = rnd.nextBoolean();
            int[] r = new int[nnz], c = new int[nnz];
            float[] v = new float[nnz];
            StringBuilder sb = new StringBuilder("%%MatrixMarket matrix coordinate " + (integer ? "integer" : "real")
                    + " general\n% comment\n" + rows + " " + cols + " " + nnz + "\n");
            for (int e = 0; e < nnz; e++) {
                r[e] = rnd.nextInt(rows);
                c[e] = rnd.nextInt(cols);
                String value = integer ? Integer.toString(rnd.nextInt(1000) - 10)
                        : Double.toString((rnd.nextDouble() - 0.3) * Math.pow(10, rnd.nextInt(12) - 6));
                v[e] = integer ? Integer.parseInt(value) : (float) Double.parseDouble(value);
                String sep = rnd.nextInt(5) == 0 ? "\t " : " ";
                sb.append(r[e] + 1).append(sep).append(c[e] + 1).append(sep).append(value).append('\n');
            }
            Path f = rnd.nextBoolean() ? gz(dir.resolve("r" + trial + ".mtx.gz"), sb.toString())
                    : text(dir.resolve("r" + trial + ".mtx"), sb.toString());
            MatrixMarket.Coordinate got = MatrixMarket.read(f);
            assertArrayEquals(r, got.rows());
            assertArrayEquals(c, got.cols());
            assertArrayEquals(v, got.values());
        }
    }

    /** The transposition into CSR cells x genes against a map of the entries (duplicates summed). */
    @Test
    void cellsByGenesTransposesSortsAndSums() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            int genes = 1 + rnd.nextInt(50), cells = 1 + rnd.nextInt(50), nnz = rnd.nextInt(400);
            int[] g = new int[nnz], c = new int[nnz];
            float[] v = new float[nnz];
            Map<Long, Double> expected = new HashMap<>();
            for (int e = 0; e < nnz; e++) {
                g[e] = rnd.nextInt(genes);
                c[e] = rnd.nextInt(cells);
                v[e] = 1 + rnd.nextInt(9);
                expected.merge((long) c[e] * genes + g[e], (double) v[e], Double::sum);
            }
            CsrMatrix m = TenxMex.cellsByGenes(new MatrixMarket.Coordinate(genes, cells, g, c, v, true));
            assertEquals(cells, m.rows());
            assertEquals(genes, m.cols());
            assertTrue(m.canonical());
            assertEquals(expected.size(), m.nnz());
            for (int row = 0; row < cells; row++)
                for (int k = m.indptr()[row]; k < m.indptr()[row + 1]; k++)
                    assertEquals(expected.get((long) row * genes + m.indices()[k]), m.values()[k], 0);
        }
    }

    @Test
    void badBannerAndKind() {
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("a.mtx"), "1 2 3\n")), "a.mtx", "line 1", "banner");
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("b.mtx"),
                "%%MatrixMarket matrix coordinate pattern general\n1 1 1\n1 1\n")), "line 1", "unsupported", "pattern");
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("c.mtx"),
                "%%MatrixMarket matrix array real general\n1 1\n1\n")), "unsupported");
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("d.mtx"), "")), "empty file");
        assertFormatError(() -> MatrixMarket.read(dir.resolve("missing.mtx")), "missing.mtx", "not found");
    }

    @Test
    void badSizeLine() {
        String banner = "%%MatrixMarket matrix coordinate integer general\n";
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("a.mtx"), banner + "% only comments\n")),
                "before the size line");
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("b.mtx"), banner + "3 3\n")), "line 2", "rows cols nnz");
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("c.mtx"), banner + "3 x 1\n")), "line 2", "integer");
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("d.mtx"), banner + "2 2 5\n")), "claims 5 entries");
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("e.mtx"), banner + "-1 2 0\n")), "non-negative");
        // a header claiming a huge nnz in a tiny file fails on the count, not with an OutOfMemoryError
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("f.mtx"), banner + "100000 100000 2000000000\n1 1 1\n")),
                "after 1 entries", "promises 2000000000");
    }

    @Test
    void badEntriesNameTheLine() {
        String head = "%%MatrixMarket matrix coordinate integer general\n%c\n3 2 2\n1 1 1\n";
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("a.mtx"), head + "4 1 1\n")),
                "a.mtx", "line 5", "row index 4 outside 1..3");
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("b.mtx"), head + "1 0 1\n")),
                "line 5", "column index 0 outside 1..2");
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("c.mtx"), head + "1 2 x7\n")),
                "line 5", "value", "expected an integer", "x7");
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("d.mtx"), head + "1 2 1.5\n")),
                "line 5", "expected an integer");
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("e.mtx"), head + "1 2\n")),
                "line 5", "'row col value'");
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("f.mtx"), head + "1 2 3 4\n")),
                "line 5", "'row col value'");
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("g.mtx"), head + "1 2 3\n2 2 2\n")),
                "line 6", "more entries than the 2");
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("h.mtx"), head)), "after 1 entries", "promises 2");
        assertFormatError(() -> MatrixMarket.read(text(dir.resolve("i.mtx"),
                "%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 abc\n")), "line 3", "a real number");
    }

    @Test
    void truncatedGzip() {
        StringBuilder sb = new StringBuilder("%%MatrixMarket matrix coordinate integer general\n100 100 5000\n");
        Random rnd = new Random(1);
        for (int e = 0; e < 5000; e++) sb.append(1 + rnd.nextInt(100)).append(' ').append(1 + rnd.nextInt(100)).append(" 1\n");
        Path f = truncate(gz(dir.resolve("t.mtx.gz"), sb.toString()), 3000);
        assertFormatError(() -> MatrixMarket.read(f), "t.mtx.gz", "truncated or corrupt");
    }
}
