package org.genex.tensor.cpu;

import org.genex.tensor.*;

/** Reductions along axes, arg-extrema, softmax and log-softmax with their backward rules. */
final class Reductions {
    private final boolean simd;

    Reductions(boolean simd) {
        this.simd = simd;
    }

    void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Reductions");
    }

    void variance(Tensor x, int[] axes, int correction, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Reductions");
    }

    void argmax(Tensor x, int axis, int[] out) {
        throw new UnsupportedOperationException("SKELETON Reductions");
    }

    void argmin(Tensor x, int axis, int[] out) {
        throw new UnsupportedOperationException("SKELETON Reductions");
    }

    void softmax(Tensor x, int axis, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Reductions");
    }

    void logSoftmax(Tensor x, int axis, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Reductions");
    }

    void softmaxBackward(Tensor y, Tensor gy, int axis, Tensor gx) {
        throw new UnsupportedOperationException("SKELETON Reductions");
    }

    void logSoftmaxBackward(Tensor y, Tensor gy, int axis, Tensor gx) {
        throw new UnsupportedOperationException("SKELETON Reductions");
    }
}
