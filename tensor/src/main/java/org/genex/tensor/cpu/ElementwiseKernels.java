package org.genex.tensor.cpu;

import org.genex.tensor.BinaryOp;
import org.genex.tensor.CompareOp;
import org.genex.tensor.UnaryOp;

/**
 * The inner loops of {@link Elementwise}: one call handles {@code n} consecutive output elements, each operand
 * either contiguous from its offset or (the {@code Scalar} variants, or stride 0) one repeated value. The caller has
 * checked shapes and ranges and cut the work into chunks; these loops do not check, and allocate at most a few
 * small scratch buffers per call (never per element).
 *
 * <p>Two implementations: {@link ScalarElementwiseKernels} evaluates the double-precision definitions of
 * {@link UnaryOp} and the float definitions of {@link BinaryOp} / {@link CompareOp}, and
 * {@code VectorElementwiseKernels} runs the Vector API (loaded only when chosen). Every kernel reads an element
 * before it writes the same position, so {@code out} may be the same array range as an input.
 */
interface ElementwiseKernels {

    /** The scalar kernels, or the Vector API kernels when {@code simd} (only then is that class loaded). */
    static ElementwiseKernels create(boolean simd) {
        return simd ? new VectorElementwiseKernels() : new ScalarElementwiseKernels();
    }

    /** {@code out[i] = op(x[i])}. */
    void unary(UnaryOp op, float[] x, int xo, float[] out, int oo, int n);

    /** {@code gx[i] = gy[i] * op'(x[i], y[i])}. */
    void unaryBackward(UnaryOp op, float[] x, int xo, float[] y, int yo, float[] gy, int go, float[] gx, int gxo, int n);

    /** {@code out[i] = a[i] op b[i]}. */
    void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    /** {@code out[i] = a[i] op s}. */
    void binaryScalarRight(BinaryOp op, float[] a, int ao, float s, float[] out, int oo, int n);

    /** {@code out[i] = s op b[i]}. */
    void binaryScalarLeft(BinaryOp op, float s, float[] b, int bo, float[] out, int oo, int n);

    /** {@code out[i] = a[i] op b[i] ? 1 : 0}. */
    void compare(CompareOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);

    /** {@code out[i] = a[i] op s ? 1 : 0}. */
    void compareScalar(CompareOp op, float[] a, int ao, float s, float[] out, int oo, int n);

    /**
     * {@code out[i] = c[i] != 0 ? a[ai] : b[bi]}, where the indices of {@code a} and {@code b} step by their strides
     * {@code as} and {@code bs} (0 or 1).
     */
    void where(float[] c, int co, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n);

    /** {@code out[i] = min(max(x[i], lo), hi)}. */
    void clamp(float[] x, int xo, float lo, float hi, float[] out, int oo, int n);
}
