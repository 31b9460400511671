package org.genex.nn;

import org.genex.autodiff.Var;
import org.genex.tensor.Tensor;

/**
 * The fixed positional encoding of "Attention Is All You Need" (Vaswani et al. 2017), added to the input:
 * {@code PE[pos, 2i] = sin(pos / 10000^(2i/d))}, {@code PE[pos, 2i+1] = cos(pos / 10000^(2i/d))} (an odd last
 * column is a sine). Kept as a buffer {@code pe} [maxLen, dim] (computed in double, then rounded), so it appears in the
 * state dict and moves with {@link #to}. PyTorch's tutorial {@code PositionalEncoding} stores it as [maxLen, 1, dim]
 * (sequence-first) and applies dropout too; here x is batch-first [b, l, dim] (or [l, dim]) and dropout is a separate
 * {@link Dropout}.
 */
public final class SinusoidalPositionalEncoding extends Module implements Layer {
    public final int dim, maxLen;

    public SinusoidalPositionalEncoding(int dim, int maxLen) {
        if (dim <= 0 || maxLen <= 0)
            throw new IllegalArgumentException("SinusoidalPositionalEncoding(" + dim + ", " + maxLen
                    + "): sizes must be > 0");
        this.dim = dim;
        this.maxLen = maxLen;
        float[] pe = new float[maxLen * dim];
        for (int p = 0; p < maxLen; p++)
            for (int c = 0; c < dim; c++) {
                double angle = p / Math.pow(10000.0, (double) (c - c % 2) / dim);
                pe[p * dim + c] = (float) (c % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        buffer("pe", Tensor.wrap(pe, maxLen, dim));
    }

    /** The encodings [length, dim] of positions {@code offset ..}. */
    public Tensor encoding(int offset, int length) {
        if (offset < 0 || length < 0 || offset + (long) length > maxLen)
            throw new IllegalArgumentException("SinusoidalPositionalEncoding: positions [" + offset + ", "
                    + ((long) offset + length) + ") are outside [0, " + maxLen + ")");
        return buffer("pe").slice(0, offset, offset + length);
    }

    /** x [..., l, dim] plus the encodings of positions 0 .. l-1. */
    @Override
    public Var forward(Var x) { return forward(x, 0); }

    /** x [..., l, dim] plus the encodings of positions {@code offset .. offset + l - 1}. */
    public Var forward(Var x, int offset) {
        if (x.rank() < 2) throw new IllegalArgumentException("SinusoidalPositionalEncoding expects inputs [..., l, "
                + dim + "], got " + x.shape());
        checkLastDim("SinusoidalPositionalEncoding(" + dim + ")", x.shape(), dim);
        return x.add(Var.of(encoding(offset, x.dim(-2))));
    }
}
