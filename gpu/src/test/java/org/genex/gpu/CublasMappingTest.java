package org.genex.gpu;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The row-major to column-major mapping of {@link Cublas}: the column-major call it makes, evaluated by a reference
 * column-major SGEMM written from the BLAS definition, gives the row-major product, for every transpose
 * combination and random sizes (including 1 and unequal m, n, k).
 */
class CublasMappingTest {
    /** BLAS sgemm, column-major: C = op(A) op(B) with op(A) m x k, op(B) k x n, C m x n, leading dimensions given. */
    static void colMajorSgemm(int opA, int opB, int m, int n, int k, float[] a, int lda, float[] b, int ldb,
                              float[] c, int ldc) {
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int l = 0; l < k; l++) {
                    float av = opA == Cublas.CUBLAS_OP_N ? a[i + l * lda] : a[l + i * lda];
                    float bv = opB == Cublas.CUBLAS_OP_N ? b[l + j * ldb] : b[j + l * ldb];
                    s += (double) av * bv;
                }
                c[i + j * ldc] = (float) s;
            }
    }

    @Test
    void theColumnMajorCallComputesTheRowMajorProduct() {
        Random r = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            boolean ta = r.nextBoolean(), tb = r.nextBoolean();
            int m = 1 + r.nextInt(7), n = 1 + r.nextInt(7), k = 1 + r.nextInt(7);
            float[] a = new float[m * k], b = new float[k * n];
            for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
            for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - 0.5f;
            // row-major reference: A is [m, k] or (ta) [k, m]; B is [k, n] or (tb) [n, k]
            float[] expected = new float[m * n];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int l = 0; l < k; l++)
                        s += (double) (ta ? a[l * m + i] : a[i * k + l]) * (tb ? b[j * k + l] : b[l * n + j]);
                    expected[i * n + j] = (float) s;
                }
            Cublas.ColMajor g = Cublas.ColMajor.of(ta, tb, m, n, k);
            assertTrue(g.firstIsB());
            float[] c = new float[m * n];
            colMajorSgemm(g.opFirst(), g.opSecond(), g.m(), g.n(), g.k(), b, g.ldFirst(), a, g.ldSecond(), c, g.ldc());
            assertArrayEquals(expected, c, 1e-6f, "transA " + ta + ", transB " + tb + ", " + m + "x" + n + "x" + k);
        }
    }
}
