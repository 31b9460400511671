package org.genex.tensor.cpu;

/**
 * The dense row loops under the indexing, movement and sparse kernels, one implementation per path:
 * {@link ScalarRowKernels} (plain Java) and {@link VectorRowKernels} (the Vector API, loaded only on that path).
 * Every method works on runs of {@code n} consecutive floats of Java arrays; callers have checked the ranges.
 */
interface RowKernels {

    /** The implementation for the vector path ({@code simd}) or the scalar path. */
    static RowKernels create(boolean simd) {
        return simd ? new VectorRowKernels() : new ScalarRowKernels();
    }

    /** {@code y[yo + j] += x[xo + j]} for {@code j < n}; bit-identical on both paths (one rounding per element). */
    void add(float[] x, int xo, float[] y, int yo, int n);

    /** {@code y[yo + j] += alpha * x[xo + j]} for {@code j < n}. */
    void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n);

    /**
     * {@code sum_j x[xo + j] * y[yo + j]} for {@code j < n}, in float, in an order fixed by n alone (so the same
     * bits whether the JIT has compiled the loop or not).
     */
    float dot(float[] x, int xo, float[] y, int yo, int n);

    /**
     * One output row of a sparse-times-dense product:
     * {@code c[co + j] = beta * c[co + j] + sum_p vals[e(p)] * b[bo + rows[p] * n + j]} for {@code j < n}, over
     * {@code p} in {@code [start, end)} in order, where {@code e(p) = entries == null ? p : entries[p]}. With
     * {@code beta == 0} the old {@code c} is not read. {@code b} is row-major with rows of {@code n} floats.
     */
    void sparseRow(float beta, float[] vals, int[] entries, int[] rows, int start, int end,
                   float[] b, int bo, float[] c, int co, int n);
}
