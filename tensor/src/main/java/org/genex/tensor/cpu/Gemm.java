package org.genex.tensor.cpu;

import org.genex.tensor.*;

/** GEMM and batched GEMM. */
final class Gemm {
    private final boolean simd;

    Gemm(boolean simd) {
        this.simd = simd;
    }

    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        throw new UnsupportedOperationException("SKELETON Gemm");
    }

    void batched(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        throw new UnsupportedOperationException("SKELETON Gemm");
    }
}
