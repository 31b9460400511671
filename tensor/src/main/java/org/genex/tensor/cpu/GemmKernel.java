package org.genex.tensor.cpu;

/**
 * The register-blocked heart of {@link Gemm}: one {@code mr x nr} tile of C from packed panels.
 *
 * <p>Panels are packed by {@link Gemm}: the A panel holds, for each of the {@code kc} steps p, the {@code mr}
 * values {@code op(A)[i0 + r][p0 + p]} (r = 0..mr-1) one after another; the B panel holds, for each step, the
 * {@code nr} values {@code op(B)[p0 + p][j0 + j]}. Rows and columns past the matrix edge are packed as zeros.
 */
interface GemmKernel {
    /** Rows of a tile. */
    int mr();

    /** Columns of a tile. */
    int nr();

    /**
     * {@code C[0..mr, 0..nr] = A_panel * B_panel + s * C}, where C starts at {@code c[co]} with row stride
     * {@code ldc}; with {@code s == 0} C is written without being read.
     */
    void tile(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc, float s);
}
