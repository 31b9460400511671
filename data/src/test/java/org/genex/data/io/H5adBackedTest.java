package org.genex.data.io;

import org.genex.data.AnnData;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** H5adBacked: every range of rows equals the same rows of the eager read, for each layout and file generation. */
class H5adBackedTest {
    @TempDir Path dir;

    private static final int[][] RANGES = {{0, 1}, {0, 0}, {3, 3}, {1, 4}};

    /** Compares ranges, including the first and last rows, a middle block and the whole matrix. */
    private static void assertRanges(H5adBacked b, String element, Matrix eager) {
        int n = eager.rows();
        int[][] ranges = {{0, Math.min(1, n)}, {0, 0}, {n / 3, n / 3}, {n / 3, n / 2 + 1 > n ? n : n / 2 + 1},
                {Math.max(0, n - 1), n}, {0, n}};
        for (int[] r : ranges) {
            int[] index = new int[r[1] - r[0]];
            for (int i = 0; i < index.length; i++) index[i] = r[0] + i;
            Matrix rows = b.readRows(element, r[0], r[1]);
            H5adGolden.assertSameMatrix(eager.selectRows(index), rows, element + " rows [" + r[0] + ", " + r[1] + ")");
        }
        assertArrayEquals(new int[]{eager.rows(), eager.cols()}, b.shape(element), element + " shape");
    }

    @Test
    void pbmc68kDenseXAndCsrRawX() throws Exception {
        Path f = TestTensors.fixture("scanpy/pbmc68k_reduced.h5ad");
        AnnData eager = H5adReader.read(f);
        try (H5adBacked b = H5adBacked.open(f)) {
            assertEquals(700, b.nObs());
            assertEquals(765, b.nVars());
            H5adSamples.assertSameFrame(eager.obs(), b.obs(), "obs");
            H5adSamples.assertSameFrame(eager.var(), b.var(), "var");
            assertTrue(b.hasX());
            assertInstanceOf(Matrix.Dense.class, b.readX(0, 2));
            assertRanges(b, "X", eager.x());
            assertInstanceOf(Matrix.Csr.class, b.readRows("raw/X", 0, 2));
            assertRanges(b, "raw/X", eager.raw().x()); // raw/X has rows stored with unsorted indices
            assertRanges(b, "obsp/connectivities", eager.obsp().get("connectivities"));
            assertRanges(b, "obsm/X_pca", eager.obsm().matrix("X_pca"));
            for (int[] r : RANGES) assertEquals(r[1] - r[0], b.readX(r[0], r[1]).rows());
        }
    }

    @Test
    void writtenCsrAndCscFiles() throws IOException {
        Random rnd = new Random(7);
        float[] dense = new float[57 * 23];
        for (int i = 0; i < dense.length; i++) dense[i] = rnd.nextFloat() < 0.2 ? rnd.nextInt(9) + 1 : 0;
        Tensor t = Tensor.of(dense, 57, 23);
        AnnData a = new AnnData(Matrix.of(CsrMatrix.fromDense(t)));
        a.layers().put("csc", Matrix.of(org.genex.tensor.CscMatrix.fromDense(t)));
        a.layers().put("dense", Matrix.of(t));
        Path f = dir.resolve("csr.h5ad");
        H5adWriter.write(a, f);
        try (H5adBacked b = H5adBacked.open(f)) {
            assertRanges(b, "X", a.x());
            assertRanges(b, "layers/csc", a.layers().get("csc"));
            assertRanges(b, "layers/dense", a.layers().get("dense"));
        }
    }

    @Test
    void legacyAnd07Layouts() throws Exception {
        Path legacy = H5adFixturesTest.resolve("resource:h5ad/legacy_v0.6.h5ad");
        AnnData eager = H5adReader.read(legacy);
        try (H5adBacked b = H5adBacked.open(legacy)) {
            H5adSamples.assertSameFrame(eager.obs(), b.obs(), "obs");
            assertRanges(b, "X", eager.x());
            assertRanges(b, "raw.X", eager.raw().x());
        }
        Path v07 = TestTensors.fixture("anndata/adata_v0.7.0.h5ad");
        AnnData eager07 = H5adReader.read(v07);
        try (H5adBacked b = H5adBacked.open(v07)) {
            H5adSamples.assertSameFrame(eager07.obs(), b.obs(), "obs");
            assertRanges(b, "X", eager07.x());
            assertRanges(b, "raw/X", eager07.raw().x());
        }
    }

    @Test
    void fileWithoutX() throws Exception {
        try (H5adBacked b = H5adBacked.open(TestTensors.fixture("anndata/adata_v0.11.4.h5ad"))) {
            assertFalse(b.hasX());
            assertEquals(10, b.nObs());
            assertThrows(IllegalArgumentException.class, () -> b.readX(0, 1));
        }
    }

    @Test
    void badRangesAndClosedFiles() throws IOException {
        Path f = dir.resolve("small.h5ad");
        H5adWriter.write(new AnnData(Matrix.dense(3, 2, 1, 2, 3, 4, 5, 6)), f);
        H5adBacked b = H5adBacked.open(f);
        assertThrows(IndexOutOfBoundsException.class, () -> b.readX(-1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> b.readX(0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> b.readX(2, 1));
        assertThrows(IllegalArgumentException.class, () -> b.readRows("layers/none", 0, 1));
        assertThrows(DataFormatException.class, () -> b.readRows("obs", 0, 1));
        assertArrayEquals(new float[]{3, 4, 5, 6}, b.readX(1, 3).dense().toArray());
        b.close();
        assertThrows(IllegalStateException.class, () -> b.readX(0, 1));
        b.close(); // idempotent
        DataFrame unused = b.obs(); // the tables stay usable
        assertEquals(3, unused.rows());
    }
}
