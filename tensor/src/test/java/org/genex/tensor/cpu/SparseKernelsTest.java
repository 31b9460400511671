package org.genex.tensor.cpu;

import static org.genex.tensor.CsrMatrixTest.randomCsr;
import static org.genex.tensor.TestTensors.*;
import static org.genex.tensor.cpu.IndexingTest.backends;
import static org.genex.tensor.cpu.IndexingTest.withThreads;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.genex.tensor.Backend;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** SpMM and SDDMM against dense products in double. */
class SparseKernelsTest {

    /** op(a) b + beta c in double, from a's stored entries (duplicates summed). */
    static float[] refSpmm(CsrMatrix a, boolean transA, Tensor b, float beta, Tensor c) {
        int m = transA ? a.cols() : a.rows(), n = b.dim(1);
        float[] bv = b.toArray(), cv = c.toArray();
        double[] acc = new double[m * n];
        for (int i = 0; i < m * n; i++) acc[i] = beta == 0 ? 0 : (double) beta * cv[i];
        for (int i = 0; i < a.rows(); i++)
            for (int e = a.indptr()[i]; e < a.indptr()[i + 1]; e++) {
                int j = a.indices()[e], row = transA ? j : i, src = transA ? i : j;
                for (int q = 0; q < n; q++) acc[row * n + q] += (double) a.values()[e] * bv[src * n + q];
            }
        float[] out = new float[m * n];
        for (int i = 0; i < out.length; i++) out[i] = (float) acc[i];
        return out;
    }

    static float[] refSddmm(CsrMatrix p, Tensor a, Tensor b) {
        int d = a.dim(1);
        float[] av = a.toArray(), bv = b.toArray(), out = new float[p.nnz()];
        for (int i = 0; i < p.rows(); i++)
            for (int e = p.indptr()[i]; e < p.indptr()[i + 1]; e++) {
                double s = 0;
                for (int q = 0; q < d; q++) s += (double) av[i * d + q] * bv[p.indices()[e] * d + q];
                out[e] = (float) s;
            }
        return out;
    }

    static Tensor spmm(Backend be, CsrMatrix a, boolean transA, Tensor b, float beta, Tensor c0) {
        Tensor c = Tensor.of(c0.toArray(), c0.shape().dims());
        be.spmm(a, transA, b, beta, c);
        return c;
    }

    @Property(tries = 80)
    void spmmMatchesDenseReference(@ForAll long seed) {
        Random rnd = new Random(seed);
        int rows = rnd.nextInt(30), cols = rnd.nextInt(30), n = rnd.nextInt(5) == 0 ? 1 + rnd.nextInt(3)
                : rnd.nextInt(90);
        CsrMatrix a = randomCsr(rnd, rows, cols, rnd.nextDouble() * 0.5);
        boolean transA = rnd.nextBoolean();
        int m = transA ? cols : rows, k = transA ? rows : cols;
        float beta = new float[]{0f, 1f, 0.5f, -2f}[rnd.nextInt(4)];
        Tensor b = random(rnd, k, n), c0 = random(rnd, m, n);
        float[] expected = refSpmm(a, transA, b, beta, c0);
        for (Backend be : backends())
            assertClose(expected, spmm(be, a, transA, b, beta, c0).toArray(), 1e-5, 1e-5,
                    "spmm " + rows + "x" + cols + (transA ? "^T" : "") + " times [" + k + ", " + n + "]");
    }

    @Test
    void spmmOnAnExpressionLikeMatrixIsDeterministic() {
        // 600 cells x 300 genes at 5% times [300, 70] (and the transpose times [600, 70]): parallel row blocks,
        // every register block and tail of the vector kernel
        Random rnd = new Random(1);
        CsrMatrix a = randomCsr(rnd, 600, 300, 0.05);
        for (boolean transA : new boolean[]{false, true}) {
            int m = transA ? 300 : 600, k = transA ? 600 : 300;
            Tensor b = random(rnd, k, 70), c0 = random(rnd, m, 70);
            float[] expected = refSpmm(a, transA, b, 0.5f, c0);
            float[][] paths = new float[2][];
            Backend[] bes = backends();
            for (int p = 0; p < bes.length; p++) {
                Backend be = bes[p];
                Tensor[] r = new Tensor[2];
                for (int t = 1; t <= 2; t++) {
                    int tt = t;
                    withThreads(t, () -> r[tt - 1] = spmm(be, a, transA, b, 0.5f, c0));
                }
                assertBitwise(r[0].toArray(), r[1].toArray(), "spmm 1 vs 2 threads, transA " + transA);
                assertClose(expected, r[0].toArray(), 1e-5, 1e-5, "spmm transA " + transA);
                paths[p] = r[0].toArray();
            }
            assertClose(paths[0], paths[1], 1e-5, 1e-5, "scalar vs vector");
        }
    }

    @Test
    void spmmEdgeCases() {
        Random rnd = new Random(2);
        for (Backend be : backends()) {
            // beta 0 does not read c (NaN does not propagate); empty rows give zeros
            CsrMatrix a = new CsrMatrix(3, 2, new int[]{0, 1, 1, 3}, new int[]{1, 0, 1}, new float[]{2, 3, 4});
            Tensor b = Tensor.of(new float[]{1, 2, 3, 4}, 2, 2);
            Tensor c = Tensor.full(Shape.of(3, 2), Float.NaN);
            be.spmm(a, false, b, 0f, c);
            assertArrayEquals(new float[]{6, 8, 0, 0, 15, 22}, c.toArray());
            Tensor ct = Tensor.full(Shape.of(2, 2), Float.NaN);
            be.spmm(a, true, Tensor.of(new float[]{1, 0, 5, 5, 0, 1}, 3, 2), 0f, ct);
            assertArrayEquals(new float[]{0, 3, 2, 4}, ct.toArray());
            // nnz 0: c = beta c
            CsrMatrix z = CsrMatrix.fromDense(Tensor.zeros(4, 3));
            Tensor c0 = random(rnd, 4, 5);
            float[] half = c0.toArray();
            for (int i = 0; i < half.length; i++) half[i] *= 0.5f;
            assertArrayEquals(half, spmm(be, z, false, Tensor.zeros(3, 5), 0.5f, c0).toArray());
            // duplicates and unsorted columns sum as in the dense matrix
            CsrMatrix dup = new CsrMatrix(1, 3, new int[]{0, 3}, new int[]{2, 0, 2}, new float[]{1, 2, 3});
            Tensor out = Tensor.zeros(1, 1);
            be.spmm(dup, false, Tensor.of(new float[]{1, 10, 100}, 3, 1), 0f, out);
            assertEquals(402f, out.item());
            // zero-width products do nothing
            be.spmm(a, false, Tensor.zeros(2, 0), 1f, Tensor.zeros(3, 0));
        }
    }

    @Test
    void spmmRejectsBadShapes() {
        Backend be = scalar();
        CsrMatrix a = CsrMatrix.fromDense(Tensor.ones(3, 4));
        var e = assertThrows(IllegalArgumentException.class,
                () -> be.spmm(a, false, Tensor.zeros(3, 2), 0f, Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("spmm") && e.getMessage().contains("[4, n]")
                && e.getMessage().contains("[3, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> be.spmm(a, true, Tensor.zeros(3, 2), 0f, Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("transposed") && e.getMessage().contains("[4, n]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> be.spmm(a, false, Tensor.zeros(4, 2), 0f,
                Tensor.zeros(3, 3)));
        Tensor shared = Tensor.zeros(14);
        assertDoesNotThrow(() -> be.spmm(a, false, shared.rows(0, 8).reshape(4, 2), 0f,
                shared.rows(8, 14).reshape(3, 2)));
        Tensor whole = Tensor.zeros(8, 2);
        assertThrows(IllegalArgumentException.class,
                () -> be.spmm(CsrMatrix.fromDense(Tensor.ones(4, 4)), false, whole.rows(0, 4), 0f, whole.rows(2, 6)));
    }

    @Property(tries = 80)
    void sddmmMatchesDenseReference(@ForAll long seed) {
        Random rnd = new Random(seed);
        int rows = rnd.nextInt(25), cols = rnd.nextInt(25), d = rnd.nextInt(4) == 0 ? rnd.nextInt(3)
                : rnd.nextInt(140);
        CsrMatrix p = randomCsr(rnd, rows, cols, rnd.nextDouble() * 0.6);
        Tensor a = random(rnd, rows, d), b = random(rnd, cols, d);
        float[] expected = refSddmm(p, a, b);
        for (Backend be : backends()) {
            Tensor out = Tensor.full(Shape.of(p.nnz()), Float.NaN);
            be.sddmm(p, a, b, out);
            assertClose(expected, out.toArray(), 1e-5, 1e-5, "sddmm " + rows + "x" + cols + ", d " + d);
        }
    }

    @Test
    void sddmmIsDeterministicAndChecksShapes() {
        Random rnd = new Random(4);
        CsrMatrix p = randomCsr(rnd, 400, 300, 0.05);
        Tensor a = random(rnd, 400, 77), b = random(rnd, 300, 77);
        for (Backend be : backends()) {
            float[][] r = new float[2][];
            for (int t = 1; t <= 2; t++) {
                Tensor out = Tensor.zeros(p.nnz());
                withThreads(t, () -> be.sddmm(p, a, b, out));
                r[t - 1] = out.toArray();
            }
            assertBitwise(r[0], r[1], "sddmm 1 vs 2 threads");
            assertClose(refSddmm(p, a, b), r[0], 1e-5, 1e-5, "sddmm");
        }
        Backend be = scalar();
        var e = assertThrows(IllegalArgumentException.class,
                () -> be.sddmm(p, a, random(rnd, 300, 76), Tensor.zeros(p.nnz())));
        assertTrue(e.getMessage().contains("sddmm") && e.getMessage().contains("[300, 76]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> be.sddmm(p, a, b, Tensor.zeros(p.nnz() + 1)));
        // an empty pattern writes nothing
        assertDoesNotThrow(() -> be.sddmm(CsrMatrix.fromDense(Tensor.zeros(400, 300)), a, b, Tensor.zeros(0)));
    }
}
