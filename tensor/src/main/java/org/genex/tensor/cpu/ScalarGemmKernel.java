package org.genex.tensor.cpu;

/** The scalar path's tile: 4 x 4 floats held in locals, one multiply-add each per step. */
final class ScalarGemmKernel implements GemmKernel {
    @Override public int mr() { return 4; }
    @Override public int nr() { return 4; }

    @Override
    public void tile(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc, float s) {
        tile(kc, a, ao, 1, 4, b, bo, c, co, ldc, s);
    }

    @Override
    public void tileStrided(int kc, float[] a, int ao, int rs, int ps, float[] b, int bo, float[] c, int co, int ldc,
                            float s) {
        tile(kc, a, ao, rs, ps, b, bo, c, co, ldc, s);
    }

    @Override
    public void packTransposed(int kc, float[] b, int bo, int ldb, float[] dst, int d) {
        packTransposedScalar(kc, b, bo, ldb, 4, dst, d);
    }

    /** The transposing pack one value at a time: column j of the panel is row j of B. Shared with the vector path. */
    static void packTransposedScalar(int kc, float[] b, int bo, int ldb, int nr, float[] dst, int d) {
        for (int j = 0; j < nr; j++) {
            int src = bo + j * ldb;
            for (int p = 0; p < kc; p++) dst[d + p * nr + j] = b[src + p];
        }
    }

    /** A's value (r, p) at {@code a[ao + r * rs + p * ps]}. */
    private static void tile(int kc, float[] a, int ao, int rs, int ps, float[] b, int bo, float[] c, int co, int ldc,
                             float s) {
        final int o1 = rs, o2 = 2 * rs, o3 = 3 * rs;
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < kc; p++, ao += ps, bo += 4) {
            float b0 = b[bo], b1 = b[bo + 1], b2 = b[bo + 2], b3 = b[bo + 3];
            float a0 = a[ao], a1 = a[ao + o1], a2 = a[ao + o2], a3 = a[ao + o3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        store(c, co, s, c00, c01, c02, c03);
        store(c, co + ldc, s, c10, c11, c12, c13);
        store(c, co + 2 * ldc, s, c20, c21, c22, c23);
        store(c, co + 3 * ldc, s, c30, c31, c32, c33);
    }

    private static void store(float[] c, int o, float s, float v0, float v1, float v2, float v3) {
        if (s == 0f) {
            c[o] = v0; c[o + 1] = v1; c[o + 2] = v2; c[o + 3] = v3;
        } else {
            c[o] = s * c[o] + v0; c[o + 1] = s * c[o + 1] + v1; c[o + 2] = s * c[o + 2] + v2; c[o + 3] = s * c[o + 3] + v3;
        }
    }
}
