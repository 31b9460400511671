package org.genex.nn;

import org.genex.autodiff.Functional;
import org.genex.autodiff.Var;
import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;

/**
 * 2-D convolution, as PyTorch's {@code nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0,
 * bias=True)} with {@code groups = 1}, {@code dilation = 1} and zero padding: weight [out, in, kh, kw] and bias
 * [out], initialised by PyTorch's default ({@link Init#torchDefault}, fan-in {@code in kh kw}). x [b, in, h, w] (or
 * unbatched [in, h, w]) gives [b, out, oh, ow], {@code oh = (h + 2 padH - kh) / strideH + 1}, likewise ow. Computed as
 * im2col and a GEMM ({@link Functional#conv2d}); with stride = kernel it is a ViT patch embedding.
 */
public final class Conv2d extends Module implements Layer {
    public final int in, out, kh, kw, strideH, strideW, padH, padW;
    private final Parameter weight, bias;

    public Conv2d(int in, int out, int kh, int kw, int strideH, int strideW, int padH, int padW, boolean bias, Rng rng) {
        if (in <= 0 || out <= 0 || kh <= 0 || kw <= 0 || strideH <= 0 || strideW <= 0 || padH < 0 || padW < 0)
            throw new IllegalArgumentException("Conv2d(" + in + ", " + out + ", kernel " + kh + "x" + kw + ", stride "
                    + strideH + "x" + strideW + ", padding " + padH + "x" + padW + "): sizes, kernel and stride must "
                    + "be > 0, padding >= 0");
        this.in = in;
        this.out = out;
        this.kh = kh;
        this.kw = kw;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padH = padH;
        this.padW = padW;
        Tensor w = Tensor.zeros(out, in, kh, kw), b = bias ? Tensor.zeros(out) : null;
        Init.torchDefault(w, b, rng);
        this.weight = parameter("weight", w);
        this.bias = bias ? parameter("bias", b) : null;
    }

    /** A square kernel, stride and padding. */
    public Conv2d(int in, int out, int kernel, int stride, int padding, boolean bias, Rng rng) {
        this(in, out, kernel, kernel, stride, stride, padding, padding, bias, rng);
    }

    public Parameter weight() { return weight; }

    /** The bias, or null. */
    public Parameter bias() { return bias; }

    @Override
    public Var forward(Var x) {
        boolean unbatched = x.rank() == 3;
        if ((x.rank() != 4 && !unbatched) || x.dim(-3) != in)
            throw new IllegalArgumentException(this + " expects inputs [b, " + in + ", h, w] or [" + in
                    + ", h, w], got " + x.shape());
        if (x.dim(-2) + 2L * padH < kh || x.dim(-1) + 2L * padW < kw)
            throw new IllegalArgumentException(this + ": the padded input of " + x.shape() + " is smaller than the "
                    + "kernel " + kh + "x" + kw);
        Var xb = unbatched ? x.unsqueeze(0) : x;
        Var y = Functional.conv2d(xb, weight.var(), bias == null ? null : bias.var(), strideH, strideW, padH, padW);
        return unbatched ? y.squeeze(0) : y;
    }

    /** The output shape for an input [b, in, h, w]. */
    public Shape outputShape(Shape x) {
        return Shape.of(x.dim(0), out, (x.dim(2) + 2 * padH - kh) / strideH + 1, (x.dim(3) + 2 * padW - kw) / strideW + 1);
    }

    @Override
    public String toString() {
        return "Conv2d(" + in + ", " + out + ", kernel " + kh + "x" + kw + ", stride " + strideH + "x" + strideW
                + ", padding " + padH + "x" + padW + ")";
    }
}
