package org.genex.tensor.cpu;

import static org.genex.tensor.TestTensors.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import net.jqwik.api.*;
import net.jqwik.api.constraints.IntRange;
import org.genex.tensor.*;
import org.junit.jupiter.api.Test;

/** GEMM against a double-precision reference, on both paths, every transpose, edge shapes, alpha/beta, batches. */
class GemmTest {

    /** C = alpha op(A) op(B) + beta C0 in double. */
    static float[] reference(boolean ta, boolean tb, float alpha, Tensor a, Tensor b, float beta, Tensor c0) {
        int m = c0.dim(0), n = c0.dim(1), k = ta ? a.dim(0) : a.dim(1);
        float[] out = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++)
                    s += (double) (ta ? a.get(p, i) : a.get(i, p)) * (tb ? b.get(j, p) : b.get(p, j));
                out[i * n + j] = (float) (alpha * s + (beta == 0 ? 0 : beta * (double) c0.get(i, j)));
            }
        return out;
    }

    /** Float accumulation of k products of values in [-1, 1): error grows like sqrt(k) ulps of the partial sums. */
    static double tolerance(int k) { return 1e-6 * (4 + 2 * Math.sqrt(k)) * 4; }

    private static void check(CpuBackend be, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta, long seed) {
        Random r = new Random(seed);
        Tensor a = ta ? random(r, k, m) : random(r, m, k);
        Tensor b = tb ? random(r, n, k) : random(r, k, n);
        Tensor c = random(r, m, n);
        float[] expected = reference(ta, tb, alpha, a, b, beta, c);
        be.gemm(ta, tb, alpha, a, b, beta, c);
        assertClose(expected, c.toArray(), 1e-5, tolerance(k) * (Math.abs(alpha) + 1),
                "gemm " + m + "x" + k + "x" + n + (ta ? " A^T" : "") + (tb ? " B^T" : "") + " alpha " + alpha + " beta " + beta);
    }

    @Property(tries = 60)
    void vectorPathMatchesReference(@ForAll @IntRange(min = 0, max = 70) int m, @ForAll @IntRange(min = 0, max = 70) int n,
                                    @ForAll @IntRange(min = 0, max = 300) int k, @ForAll boolean ta, @ForAll boolean tb,
                                    @ForAll("scalars") float alpha, @ForAll("scalars") float beta) {
        check(vector(), ta, tb, m, n, k, alpha, beta, m * 31L + n * 7L + k);
    }

    @Property(tries = 30)
    void scalarPathMatchesReference(@ForAll @IntRange(min = 0, max = 40) int m, @ForAll @IntRange(min = 0, max = 40) int n,
                                    @ForAll @IntRange(min = 0, max = 300) int k, @ForAll boolean ta, @ForAll boolean tb,
                                    @ForAll("scalars") float alpha, @ForAll("scalars") float beta) {
        check(scalar(), ta, tb, m, n, k, alpha, beta, m * 13L + n * 5L + k);
    }

    @Provide
    Arbitrary<Float> scalars() { return Arbitraries.of(0f, 1f, -1f, 0.5f, 2.5f); }

    @Test
    void blocksLargerThanOnePanelInEveryDimension() {
        // k > KC (two k blocks, the second accumulating), m and n spanning several task blocks with ragged edges
        check(vector(), false, false, 200, 300, Gemm.KC + 37, 1f, 0f, 1);
        check(vector(), true, true, 131, 517, 2 * Gemm.KC + 1, -0.5f, 2f, 2);
        check(scalar(), false, true, 65, 70, Gemm.KC + 3, 1f, 1f, 3);
    }

    @Test
    void matrixVectorProductsInEveryLayout() {
        for (CpuBackend be : new CpuBackend[]{vector(), scalar()})
            for (int flags = 0; flags < 4; flags++)
                for (float beta : new float[]{0f, 0.5f}) {
                    boolean ta = (flags & 1) != 0, tb = (flags & 2) != 0;
                    check(be, ta, tb, 1000, 1, 333, 1.5f, beta, flags);      // column: y = A x
                    check(be, ta, tb, 1, 777, 1200, -1f, beta, flags + 4);   // row: y = x B
                    check(be, ta, tb, 1, 1, 50, 1f, beta, flags + 8);
                }
    }

    @Test
    void transposedPackIsAnExactTranspose() {
        // the vector pack (16 x 16 register transposes, then a scalar tail of kc % 16 steps) against the scalar loop:
        // the same values bit for bit, at offsets, row strides wider than kc, and kc around multiples of 16
        var vk = new VectorGemmKernel();
        int nr = vk.nr();
        Random r = new Random(5);
        for (int kc : new int[]{0, 1, 15, 16, 17, 31, 33, 100, 255, 256}) {
            for (int extra : new int[]{0, 3}) {
                int ldb = kc + extra, bo = 7;
                float[] b = new float[bo + nr * Math.max(ldb, 1) + 16];
                for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - 0.5f;
                float[] expected = new float[5 + kc * nr], actual = new float[5 + kc * nr];
                java.util.Arrays.fill(actual, Float.NaN);
                java.util.Arrays.fill(expected, Float.NaN);
                ScalarGemmKernel.packTransposedScalar(kc, b, bo, ldb, nr, expected, 5);
                vk.packTransposed(kc, b, bo, ldb, actual, 5);
                for (int p = 0; p < kc; p++)
                    for (int j = 0; j < nr; j++)
                        assertEquals(b[bo + j * ldb + p], actual[5 + p * nr + j], "kc " + kc + " ldb " + ldb + " p " + p + " j " + j);
                assertArrayEquals(expected, actual, "vector vs scalar pack, kc " + kc + " ldb " + ldb);
            }
        }
    }

    @Test
    void linearLayerShapesMatchReference() {
        // x W^T of the MLP workload's layers (whole transposed panels, a k tail of 784 % 256, a partial panel of 10)
        for (CpuBackend be : new CpuBackend[]{vector(), scalar()}) {
            check(be, false, true, 128, 256, 784, 1f, 0f, 21);
            check(be, false, true, 128, 10, 256, 1f, 0f, 22);
            check(be, false, true, 37, 96, 47, 1f, 0.5f, 23);
        }
    }

    @Test
    void betaZeroDoesNotReadC() {
        Tensor a = Tensor.ones(3, 4), b = Tensor.ones(4, 5), c = Tensor.full(Shape.of(3, 5), Float.NaN);
        vector().gemm(false, false, 1f, a, b, 0f, c);
        for (float v : c.toArray()) assertEquals(4f, v);
        Tensor c2 = Tensor.full(Shape.of(3, 5), Float.NaN);
        scalar().gemm(false, false, 1f, Tensor.zeros(3, 0), Tensor.zeros(0, 5), 0f, c2);
        for (float v : c2.toArray()) assertEquals(0f, v);
    }

    @Test
    void narrowEdgeTilesGiveTheBitsOfTheFullTile() {
        // n = 16 (an attention head's width) is a column edge the narrow tile computes alone; the same columns as the
        // first half of n = 32 (whole tiles) must come out bit for bit, A packed (alpha != 1) or read in place
        for (boolean ta : new boolean[]{false, true})
            for (boolean tb : new boolean[]{false, true})
                for (float alpha : new float[]{1f, 0.5f})
                    for (float beta : new float[]{0f, 1f})
                        for (int[] mk : new int[][]{{90, 90}, {13, 16}, {12, 5}, {7, 33}}) {
                            int m = mk[0], k = mk[1];
                            Random r = new Random(m * 31L + k);
                            Tensor a = ta ? random(r, k, m) : random(r, m, k);
                            Tensor b32 = tb ? random(r, 32, k) : random(r, k, 32);
                            Tensor b16 = tb ? b32.slice(0, 0, 16).copy() : b32.slice(1, 0, 16).copy();
                            Tensor c32 = random(r, m, 32), c16 = c32.slice(1, 0, 16).copy();
                            vector().gemm(ta, tb, alpha, a, b32, beta, c32);
                            vector().gemm(ta, tb, alpha, a, b16, beta, c16);
                            String what = m + "x" + k + "x16" + (ta ? " A^T" : "") + (tb ? " B^T" : "") + " alpha "
                                    + alpha + " beta " + beta;
                            assertArrayEquals(c32.slice(1, 0, 16).copy().toArray(), c16.toArray(), what);
                        }
    }

    @Test
    void vectorAndScalarPathsAgree() {
        Random r = new Random(7);
        Tensor a = random(r, 97, 301), b = random(r, 301, 83);
        Tensor cv = Tensor.zeros(97, 83), cs = Tensor.zeros(97, 83);
        vector().gemm(false, false, 1f, a, b, 0f, cv);
        scalar().gemm(false, false, 1f, a, b, 0f, cs);
        assertClose(cs.toArray(), cv.toArray(), 1e-5, tolerance(301), "vector vs scalar");
    }

    @Test
    void sameBitsForAnyThreadCount() {
        Random r = new Random(11);
        Tensor a = random(r, 300, 700), bt = random(r, 500, 700);
        int before = Parallel.threads();
        try {
            float[][] results = new float[3][];
            int[] counts = {1, 2, 3};
            for (int i = 0; i < counts.length; i++) {
                Parallel.setThreads(counts[i]);
                Tensor c = Tensor.zeros(300, 500);
                vector().gemm(false, true, 1f, a, bt, 0f, c);
                results[i] = c.toArray();
            }
            assertBitwise(results[0], results[1], "1 vs 2 threads");
            assertBitwise(results[0], results[2], "1 vs 3 threads");
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void batchedBroadcastsBatchAxesLikeTorchMatmul() {
        Random r = new Random(5);
        for (CpuBackend be : new CpuBackend[]{vector(), scalar()}) {
            // a [2, 3, 5, 7] @ b [3, 7, 4] -> [2, 3, 5, 4]; b shared over the leading axis
            Tensor a = random(r, 2, 3, 5, 7), b = random(r, 3, 7, 4);
            Tensor c = be.allocate(Shape.of(2, 3, 5, 4));
            be.batchedGemm(false, false, 1f, a, b, 0f, c);
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 3; j++) {
                    Tensor ai = a.row(i).row(j), bj = b.row(j);
                    float[] e = reference(false, false, 1f, ai, bj, 0f, Tensor.zeros(5, 4));
                    assertClose(e, c.row(i).row(j).toArray(), 1e-5, 1e-5, "batch " + i + "," + j);
                }
            // a [4, 6, 8]^T-ish: transA and transB with a rank-2 operand shared by every batch
            Tensor a2 = random(r, 8, 6), b2 = random(r, 4, 5, 8);
            Tensor c2 = be.allocate(Shape.of(4, 6, 5));
            be.batchedGemm(true, true, 2f, a2, b2, 0f, c2);
            for (int i = 0; i < 4; i++) {
                float[] e = reference(true, true, 2f, a2, b2.row(i), 0f, Tensor.zeros(6, 5));
                assertClose(e, c2.row(i).toArray(), 1e-5, 1e-5, "shared A, batch " + i);
            }
            // the Linear-layer fast path: [2, 3, 9] @ [9, 4] with beta accumulation
            Tensor a3 = random(r, 2, 3, 9), b3 = random(r, 9, 4), c3 = random(r, 2, 3, 4);
            float[] e3 = reference(false, false, 1f, a3.reshape(6, 9), b3, 1f, c3.reshape(6, 4));
            be.batchedGemm(false, false, 1f, a3, b3, 1f, c3);
            assertClose(e3, c3.toArray(), 1e-5, 1e-5, "sequence times matrix");
        }
    }

    @Test
    void manySmallBatchesRunInParallelAndAgreeWithOneByOne() {
        Random r = new Random(9);
        Tensor a = random(r, 64, 16, 32), b = random(r, 64, 32, 16);
        Tensor c = Tensor.zeros(64, 16, 16);
        vector().batchedGemm(false, false, 1f, a, b, 0f, c);
        for (int t = 0; t < 64; t++) {
            Tensor ct = Tensor.zeros(16, 16);
            vector().gemm(false, false, 1f, a.row(t), b.row(t), 0f, ct);
            assertBitwise(ct.toArray(), c.row(t).toArray(), "batch " + t);
        }
    }

    @Test
    void badShapesAndAliasingAreReported() {
        CpuBackend be = scalar();
        var e = assertThrows(IllegalArgumentException.class,
                () -> be.gemm(false, false, 1f, Tensor.zeros(3, 4), Tensor.zeros(5, 6), 0f, Tensor.zeros(3, 6)));
        assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("[5, 6]"), e.getMessage());
        Tensor x = Tensor.zeros(4, 4);
        var alias = assertThrows(IllegalArgumentException.class, () -> be.gemm(false, false, 1f, x, Tensor.zeros(4, 4), 0f, x));
        assertTrue(alias.getMessage().contains("overlaps"), alias.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> be.batchedGemm(false, false, 1f, Tensor.zeros(2, 3, 4), Tensor.zeros(3, 4, 5), 0f, Tensor.zeros(2, 3, 5)));
        assertThrows(IllegalArgumentException.class,
                () -> be.gemm(false, false, 1f, Tensor.zeros(2, 3, 4), Tensor.zeros(4, 5), 0f, Tensor.zeros(3, 5)));
    }

    @Test
    void tensorMatmulFacade() {
        Tensor a = Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3), b = Tensor.of(new float[]{1, 0, 0, 1, 1, 1}, 3, 2);
        assertArrayEquals(new float[]{4, 5, 10, 11}, a.matmul(b).toArray());
        assertArrayEquals(new float[]{4, 5, 10, 11}, a.matmul(b.t(), false, true).toArray());
        assertEquals(Shape.of(5, 2, 2), Tensor.zeros(5, 2, 3).matmul(b).shape());
    }
}
