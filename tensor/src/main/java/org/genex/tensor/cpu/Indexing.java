package org.genex.tensor.cpu;

import org.genex.tensor.*;

/** Index-select and index-add, gather and scatter-add, top-k. */
final class Indexing {
    private final boolean simd;

    Indexing(boolean simd) {
        this.simd = simd;
    }

    void indexSelect(Tensor x, int axis, int[] index, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Indexing");
    }

    void indexAdd(Tensor src, int axis, int[] index, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Indexing");
    }

    void gather(Tensor x, int axis, int[] index, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Indexing");
    }

    void scatterAdd(Tensor src, int axis, int[] index, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Indexing");
    }

    void topk(Tensor x, int k, boolean largest, Tensor values, int[] indices) {
        throw new UnsupportedOperationException("SKELETON Indexing");
    }
}
