package org.genex.gpu;

import com.sun.jna.Pointer;

/** {@link Blas} on host memory by plain loops in double, for the host emulation of the backend. */
final class JavaBlas implements Blas {
    private boolean tf32;

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, long b, float beta,
                      long c) {
        Pointer pa = new Pointer(a), pb = new Pointer(b), pc = new Pointer(c);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) {
                    float av = pa.getFloat(4L * (transA ? (long) l * m + i : (long) i * k + l));
                    float bv = pb.getFloat(4L * (transB ? (long) j * k + l : (long) l * n + j));
                    s += (double) av * bv;
                }
                long at = 4L * ((long) i * n + j);
                double v = alpha * s + (beta == 0 ? 0 : beta * pc.getFloat(at));
                pc.setFloat(at, (float) v);
            }
        }
    }

    @Override
    public void sgemmStridedBatched(boolean transA, boolean transB, int m, int n, int k, float alpha, long a,
                                    long strideA, long b, long strideB, float beta, long c, long strideC, int count) {
        for (int i = 0; i < count; i++)
            sgemm(transA, transB, m, n, k, alpha, a + 4 * i * strideA, b + 4 * i * strideB, beta, c + 4 * i * strideC);
    }

    @Override
    public void setTf32(boolean on) { tf32 = on; }

    @Override
    public boolean tf32() { return tf32; }

    @Override
    public String describe() { return "Java GEMM loops"; }
}
