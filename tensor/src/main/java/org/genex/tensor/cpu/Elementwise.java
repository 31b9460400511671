package org.genex.tensor.cpu;

import org.genex.tensor.*;

/** Copy, fill, unary and binary maps with NumPy broadcasting, comparisons, where, clamp. */
final class Elementwise {
    private final boolean simd;

    Elementwise(boolean simd) {
        this.simd = simd;
    }

    void copy(Tensor src, Tensor dst) {
        throw new UnsupportedOperationException("SKELETON Elementwise");
    }

    void fill(Tensor dst, float value) {
        throw new UnsupportedOperationException("SKELETON Elementwise");
    }

    void unary(UnaryOp op, Tensor x, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Elementwise");
    }

    void unaryBackward(UnaryOp op, Tensor x, Tensor y, Tensor gy, Tensor gx) {
        throw new UnsupportedOperationException("SKELETON Elementwise");
    }

    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Elementwise");
    }

    void binaryScalar(BinaryOp op, Tensor a, float s, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Elementwise");
    }

    void compare(CompareOp op, Tensor a, Tensor b, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Elementwise");
    }

    void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Elementwise");
    }

    void clamp(Tensor x, float lo, float hi, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Elementwise");
    }
}
