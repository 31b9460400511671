package org.genex.tensor.cpu;

import org.genex.tensor.*;

/** Copies that move elements: permute, slice, slice-write, concat, flip. */
final class Movement {
    private final boolean simd;

    Movement(boolean simd) {
        this.simd = simd;
    }

    void permute(Tensor x, int[] perm, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Movement");
    }

    void slice(Tensor x, int axis, int start, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Movement");
    }

    void sliceWrite(Tensor src, int axis, int start, boolean accumulate, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Movement");
    }

    void concat(Tensor[] xs, int axis, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Movement");
    }

    void flip(Tensor x, int axis, Tensor out) {
        throw new UnsupportedOperationException("SKELETON Movement");
    }
}
