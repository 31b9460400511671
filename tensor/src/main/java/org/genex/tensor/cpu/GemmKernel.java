package org.genex.tensor.cpu;

/**
 * The register-blocked heart of {@link Gemm}: one {@code mr x nr} tile of C from a B panel and mr rows of A.
 *
 * <p>The B panel is packed by {@link Gemm}: for each of the {@code kc} steps p, the {@code nr} values
 * {@code op(B)[p0 + p][j0 + j]} one after another, columns past the matrix edge packed as zeros. A is read through
 * a packed A panel (the {@code mr} values {@code op(A)[i0 + r][p0 + p]} of each step one after another, rows past
 * the edge zeros) or, by {@link #tileStrided}, in place, which saves packing it.
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

    /**
     * As {@link #tile}, with A read in place: value (r, p) at {@code a[ao + r * rs + p * ps]}, e.g. rs = row stride
     * and ps = 1 for mr rows of a row-major A, rs = 1 and ps = row stride for a transposed one. The products and their
     * order are those of {@link #tile}: same bits.
     */
    void tileStrided(int kc, float[] a, int ao, int rs, int ps, float[] b, int bo, float[] c, int co, int ldc, float s);

    /**
     * Columns of {@link #tileNarrow}: a tile cut by the matrix edge to at most this many columns is computed by it;
     * 0 if the kernel has no narrow tile.
     */
    default int narrowWidth() { return 0; }

    /**
     * {@code C[0..mr, 0..narrowWidth]} as {@link #tileStrided} computes it (the same products in the same order: same
     * bits) from the first {@link #narrowWidth()} columns of each step of the B panel, without computing the others:
     * the tile of a column edge (e.g. the 16 columns of an attention head's values). A packed A panel is read with
     * rs = 1 and ps = mr.
     */
    default void tileNarrow(int kc, float[] a, int ao, int rs, int ps, float[] b, int bo, float[] c, int co, int ldc,
                            float s) {
        throw new UnsupportedOperationException("no narrow tile");
    }

    /**
     * Packs one whole B panel of {@code op(B) = B^T} from nr consecutive rows of a row-major B (n x k, row stride
     * {@code ldb}, first row at {@code b[bo]}): for each of the {@code kc} steps p, the nr values
     * {@code b[bo + j * ldb + p]}, j = 0..nr, written to {@code dst[d + p * nr + j]}. A transpose: the values are
     * those of the scalar loop, only the speed differs.
     */
    void packTransposed(int kc, float[] b, int bo, int ldb, float[] dst, int d);
}
