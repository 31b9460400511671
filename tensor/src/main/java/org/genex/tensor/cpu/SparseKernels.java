package org.genex.tensor.cpu;

import org.genex.tensor.*;

/** Sparse-times-dense products: SpMM and SDDMM. */
final class SparseKernels {
    private final boolean simd;

    SparseKernels(boolean simd) {
        this.simd = simd;
    }

    void spmm(CsrMatrix a, boolean transA, Tensor b, float beta, Tensor c) {
        throw new UnsupportedOperationException("SKELETON SparseKernels");
    }

    void sddmm(CsrMatrix pattern, Tensor a, Tensor b, Tensor out) {
        throw new UnsupportedOperationException("SKELETON SparseKernels");
    }
}
