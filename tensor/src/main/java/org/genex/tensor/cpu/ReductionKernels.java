package org.genex.tensor.cpu;

import org.genex.tensor.ReduceOp;

/**
 * The inner loops of {@link Reductions}. Two layouts cover every reduction once {@link Reductions} has merged the
 * axes into {@code [outer, r, inner]}:
 * <ul>
 *   <li>a <em>row</em>: {@code n} contiguous elements reduced to one value (the reduced axis is last);</li>
 *   <li><em>columns</em>: a block of {@code rows} rows of {@code width} contiguous elements, consecutive rows
 *       {@code stride} apart, reduced over the rows into {@code width} values, walking the block row by row (so
 *       memory streams) and vectorising across the columns.</li>
 * </ul>
 * Every call handles at least one element ({@code n, rows, width >= 1}); the caller has checked everything.
 *
 * <p>{@link ScalarReductionKernels} is the reference (double accumulation where a row is summed);
 * {@code VectorReductionKernels} runs the Vector API and is loaded only when chosen. Column folds add (or take the
 * max / min) row after row in the same order on both paths, so they give the same bits on both.
 */
interface ReductionKernels {

    /** The scalar kernels, or the Vector API kernels when {@code simd} (only then is that class loaded). */
    static ReductionKernels create(boolean simd) {
        return simd ? new VectorReductionKernels() : new ScalarReductionKernels();
    }

    // ------------------------------------------------------------------------------------------------ rows

    /** The sum of {@code x[xo .. xo + n)}. */
    double sum(float[] x, int xo, int n);

    /** The largest of {@code x[xo .. xo + n)}; NaN if any is NaN. */
    float max(float[] x, int xo, int n);

    /** The smallest of {@code x[xo .. xo + n)}; NaN if any is NaN. */
    float min(float[] x, int xo, int n);

    /** {@code sum((x[i] - mean)^2)} over {@code x[xo .. xo + n)}. */
    double sumSquaredDeviations(float[] x, int xo, int n, float mean);

    /** The index (from 0) of the first largest ({@code max}) or smallest element; the first NaN wins. */
    int argRow(boolean max, float[] x, int xo, int n);

    /**
     * {@code out = exp(x - max) / sum(exp(x - max))} over each of {@code rows} consecutive rows of {@code n}
     * ({@code out} may not overlap {@code x}).
     */
    void softmaxRows(float[] x, int xo, int rows, int n, float[] out, int oo);

    /** {@code out = x - max - log(sum(exp(x - max)))} over each of {@code rows} consecutive rows of {@code n}. */
    void logSoftmaxRows(float[] x, int xo, int rows, int n, float[] out, int oo);

    /** {@code gx = y * (gy - sum(gy * y))} over each of {@code rows} consecutive rows of {@code n}. */
    void softmaxBackwardRows(float[] y, int yo, float[] gy, int go, int rows, int n, float[] gx, int gxo);

    /** {@code gx = gy - exp(y) * sum(gy)} over each of {@code rows} consecutive rows of {@code n}. */
    void logSoftmaxBackwardRows(float[] y, int yo, float[] gy, int go, int rows, int n, float[] gx, int gxo);

    // ------------------------------------------------------------------------------------------------ columns

    /**
     * Folds the rows of a block into {@code acc[ao .. ao + width)} with {@code op} (SUM, or MAX / MIN with NaN
     * propagation; MEAN folds as SUM): {@code acc = init ? row 0 : acc}, then {@code acc = acc op row} for each
     * further row in order.
     */
    void foldRows(ReduceOp op, float[] x, int xo, int rows, int width, int stride, float[] acc, int ao, boolean init);

    /**
     * {@code acc[j] = (init ? 0 : acc[j]) + sum_r (x[r, j] - mean[mo + j])^2}, adding row after row in order.
     */
    void foldSquaredDeviations(float[] x, int xo, int rows, int width, int stride, float[] mean, int mo,
                               float[] acc, int ao, boolean init);

    /** {@link #argRow} for every column of a block: {@code out[oo + j]} is the row index for column j. */
    void argColumns(boolean max, float[] x, int xo, int rows, int width, int stride, int[] out, int oo);

    /** {@link #softmaxRows} down every column of a block; {@code out} has the block's layout. */
    void softmaxColumns(float[] x, int xo, int rows, int width, int stride, float[] out, int oo);

    /** {@link #logSoftmaxRows} down every column of a block. */
    void logSoftmaxColumns(float[] x, int xo, int rows, int width, int stride, float[] out, int oo);

    /** {@link #softmaxBackwardRows} down every column of a block. */
    void softmaxBackwardColumns(float[] y, int yo, float[] gy, int go, int rows, int width, int stride,
                                float[] gx, int gxo);

    /** {@link #logSoftmaxBackwardRows} down every column of a block. */
    void logSoftmaxBackwardColumns(float[] y, int yo, float[] gy, int go, int rows, int width, int stride,
                                   float[] gx, int gxo);
}
