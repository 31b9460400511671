package org.genex.tensor.cpu;

import org.genex.tensor.*;

/** Sequence kernels for Mamba: the selective scan and the causal depthwise convolution. */
final class ScanKernels {
    private final boolean simd;

    ScanKernels(boolean simd) {
        this.simd = simd;
    }

    void selectiveScan(Tensor u, Tensor delta, Tensor A, Tensor Bm, Tensor Cm, Tensor D, int chunk, Tensor y, Tensor checkpoints) {
        throw new UnsupportedOperationException("SKELETON ScanKernels");
    }

    void selectiveScanBackward(Tensor u, Tensor delta, Tensor A, Tensor Bm, Tensor Cm, Tensor D, int chunk, Tensor checkpoints, Tensor gy, Tensor gu, Tensor gDelta, Tensor gA, Tensor gBm, Tensor gCm, Tensor gD) {
        throw new UnsupportedOperationException("SKELETON ScanKernels");
    }

    void depthwiseConv1d(Tensor x, Tensor weight, Tensor bias, Tensor y) {
        throw new UnsupportedOperationException("SKELETON ScanKernels");
    }

    void depthwiseConv1dBackward(Tensor x, Tensor weight, Tensor gy, Tensor gx, Tensor gWeight, Tensor gBias) {
        throw new UnsupportedOperationException("SKELETON ScanKernels");
    }
}
