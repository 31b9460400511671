package org.genex.tensor.cpu;

import org.genex.tensor.*;

/** Fused layer kernels: layer norm, RMS norm, cross-entropy, im2col/col2im. */
final class NnKernels {
    private final boolean simd;

    NnKernels(boolean simd) {
        this.simd = simd;
    }

    void layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor rstd) {
        throw new UnsupportedOperationException("SKELETON NnKernels");
    }

    void layerNormBackward(Tensor gy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd, Tensor gx, Tensor gGamma, Tensor gBeta) {
        throw new UnsupportedOperationException("SKELETON NnKernels");
    }

    void rmsNorm(Tensor x, Tensor gamma, float eps, Tensor y, Tensor rstd) {
        throw new UnsupportedOperationException("SKELETON NnKernels");
    }

    void rmsNormBackward(Tensor gy, Tensor x, Tensor gamma, Tensor rstd, Tensor gx, Tensor gGamma) {
        throw new UnsupportedOperationException("SKELETON NnKernels");
    }

    void crossEntropy(Tensor logits, int[] targets, Tensor weights, int ignoreIndex, float labelSmoothing, Tensor losses, Tensor logProbs) {
        throw new UnsupportedOperationException("SKELETON NnKernels");
    }

    void crossEntropyBackward(Tensor logProbs, int[] targets, Tensor weights, int ignoreIndex, float labelSmoothing, Tensor gLoss, Tensor gLogits) {
        throw new UnsupportedOperationException("SKELETON NnKernels");
    }

    void im2col(Tensor x, int kh, int kw, int strideH, int strideW, int padH, int padW, Tensor cols) {
        throw new UnsupportedOperationException("SKELETON NnKernels");
    }

    void col2im(Tensor cols, int kh, int kw, int strideH, int strideW, int padH, int padW, Tensor x) {
        throw new UnsupportedOperationException("SKELETON NnKernels");
    }
}
