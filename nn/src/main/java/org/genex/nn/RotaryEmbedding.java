package org.genex.nn;

import org.genex.autodiff.Var;
import org.genex.tensor.Tensor;

/**
 * Rotary position embedding (RoPE, Su et al. 2021) in the <b>half-split</b> convention of GPT-NeoX and Hugging Face's
 * LLaMA ({@code rotate_half}): the head dimension d is cut into halves x1 = x[:d/2], x2 = x[d/2:], and the pair
 * (x1[i], x2[i]) is rotated by the angle {@code pos * theta_i}, {@code theta_i = base^(-2i/d)}:
 * <pre>
 *   y = x cos + rotate_half(x) sin,   rotate_half(x) = concat(-x2, x1),
 *   cos = concat(cos(pos theta), cos(pos theta)),   sin likewise.
 * </pre>
 * (The original RoFormer and Meta's LLaMA code rotate interleaved pairs (x[2i], x[2i+1]) instead; weights trained in
 * one convention need their q/k projection rows permuted for the other.) Since rotations compose, the score
 * {@code <R(m) q, R(n) k>} depends only on m - n. Applied to q and k [..., l, d] (e.g. [b, h, l, d]) at positions
 * {@code offset .. offset + l - 1}; with a KV cache, offset is the number of cached positions. The gradient flows
 * through the primitives (slices, a concat and products with constant tables).
 *
 * <p>The tables follow Hugging Face's float32 recipe ({@code inv_freq = 1 / base^(float(2i) / d)} in float, the
 * angle {@code float(pos) * inv_freq} rounded to float), so far positions round as they do there. No parameters or
 * state-dict entries (HF's {@code inv_freq} buffer is not persistent).
 */
public final class RotaryEmbedding extends Module implements Layer {
    public final int headDim;
    public final float base;
    private final float[] invFreq;                               // [d / 2]

    /** @param base the frequency base (10000 in the paper, GPT-NeoX and LLaMA 1/2; LLaMA 3 uses 500000) */
    public RotaryEmbedding(int headDim, float base) {
        if (headDim <= 0 || headDim % 2 != 0)
            throw new IllegalArgumentException("RotaryEmbedding(" + headDim + "): headDim must be even and > 0");
        if (!(base > 1) || Float.isInfinite(base))
            throw new IllegalArgumentException("RotaryEmbedding(" + headDim + "): base must be finite and > 1, got "
                    + base);
        this.headDim = headDim;
        this.base = base;
        this.invFreq = new float[headDim / 2];
        for (int i = 0; i < invFreq.length; i++) invFreq[i] = 1f / (float) Math.pow(base, (float) (2 * i) / headDim);
    }

    /** base = 10000. */
    public RotaryEmbedding(int headDim) { this(headDim, 10000f); }

    /** The inverse frequencies theta_i, i < d/2. */
    public float[] invFreq() { return invFreq.clone(); }

    /** RoPE at positions 0 .. l-1. */
    @Override
    public Var forward(Var x) { return apply(x, 0); }

    /** x [..., l, d] rotated at positions {@code offset .. offset + l - 1}. */
    public Var apply(Var x, int offset) {
        if (x.rank() < 2 || x.dim(-1) != headDim)
            throw new IllegalArgumentException("RotaryEmbedding(" + headDim + ") expects inputs [..., l, " + headDim
                    + "], got " + x.shape());
        if (offset < 0) throw new IllegalArgumentException("RotaryEmbedding: offset must be >= 0, got " + offset);
        int l = x.dim(-2), h = headDim / 2;
        Tensor[] t = tables(offset, l);
        Var cos = Var.of(t[0].to(x.device())), sinSigned = Var.of(t[1].to(x.device()));
        Var[] halves = x.split(-1, h, h);
        Var swapped = Var.concat(-1, halves[1], halves[0]);            // (x2, x1): rotate_half(x) = (-x2, x1)
        return x.mul(cos).add(swapped.mul(sinSigned));
    }

    /** q and k rotated at the same positions. */
    public Var[] apply(Var q, Var k, int offset) { return new Var[]{apply(q, offset), apply(k, offset)}; }

    /**
     * The tables [l, d] at positions {@code offset ..}: cos = concat(cos a, cos a) and the signed sine
     * concat(-sin a, sin a), a = pos theta (so that rotate_half(x) sin = concat(x2, x1) * signed sine).
     */
    Tensor[] tables(int offset, int l) {
        int h = headDim / 2;
        float[] c = new float[l * headDim], s = new float[l * headDim];
        for (int t = 0; t < l; t++) {
            float pos = offset + t;
            for (int i = 0; i < h; i++) {
                float a = pos * invFreq[i];
                float co = (float) Math.cos(a), si = (float) Math.sin(a);
                c[t * headDim + i] = co;
                c[t * headDim + h + i] = co;
                s[t * headDim + i] = -si;
                s[t * headDim + h + i] = si;
            }
        }
        return new Tensor[]{Tensor.wrap(c, l, headDim), Tensor.wrap(s, l, headDim)};
    }
}
