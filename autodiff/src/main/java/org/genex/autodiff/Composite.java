package org.genex.autodiff;

import org.genex.tensor.*;

/**
 * Ops built only from primitives, as a textbook would write them: their gradients come from the primitives' rules,
 * with no backward of their own. They define what the fused versions ({@link Functional}, {@link Var#gelu()} ...)
 * must equal, and they are the readable reference for each formula.
 */
public final class Composite {
    private Composite() {}

    private static final float INV_SQRT2 = 0.70710678118654752f;
    private static final float SQRT_2_OVER_PI = 0.7978845608028654f;

    /** GELU, exact: {@code x * 0.5 * (1 + erf(x / sqrt 2))}. */
    public static Var gelu(Var x) {
        return x.mul(x.mul(INV_SQRT2).map(UnaryOp.ERF).add(1f)).mul(0.5f);
    }

    /** GELU, tanh approximation: {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    public static Var geluTanh(Var x) {
        Var inner = x.add(x.pow(3f).mul(0.044715f)).mul(SQRT_2_OVER_PI);
        return x.mul(inner.tanh().add(1f)).mul(0.5f);
    }

    /** SiLU: {@code x * sigmoid(x)}. */
    public static Var silu(Var x) { return x.mul(x.sigmoid()); }

    /**
     * {@code log sum exp(x)} along {@code axis}, shifted by the (constant) maximum m for stability. As in
     * {@code torch.logsumexp}, an infinite m (a row of -inf, or a +inf entry) shifts by 0 instead, so that such a row
     * gives -inf or +inf rather than NaN from {@code inf - inf}.
     */
    public static Var logsumexp(Var x, int axis, boolean keepDim) {
        Tensor max = x.value().reduce(ReduceOp.MAX, true, axis), zero = Tensor.scalar(0f).to(x.device());
        Tensor finite = max.sub(max).compare(CompareOp.EQ, zero);             // inf - inf is NaN, not 0
        Var m = Var.of(Tensor.where(finite, max, zero));
        Var s = x.sub(m).exp().sum(true, axis).log().add(m);
        return keepDim ? s : s.squeeze(axis);
    }

    /** Softmax: {@code exp(x - m) / sum exp(x - m)} along {@code axis}. */
    public static Var softmax(Var x, int axis) {
        Var e = x.sub(x.max(true, axis).detach()).exp();
        return e.div(e.sum(true, axis));
    }

    /**
     * Log-softmax: {@code x - logsumexp(x)} along {@code axis}, computed as {@code (x - m) - log sum exp(x - m)} with
     * the row maximum m, so that large logits keep their precision (subtracting a rounded logsumexp of size |m|
     * would lose the low bits of the result).
     */
    public static Var logSoftmax(Var x, int axis) {
        Var shifted = x.sub(x.max(true, axis).detach());
        return shifted.sub(shifted.exp().sum(true, axis).log());
    }

    /** The variance over {@code axes}: {@code sum (x - mean)^2 / (n - correction)}. */
    public static Var variance(Var x, int correction, boolean keepDim, int... axes) {
        Shape kept = x.shape().reduce(axes, true);
        int n = x.size() / Math.max(1, kept.size());
        Var d = x.sub(x.mean(true, axes));
        return d.square().sum(keepDim, axes).div(n - correction);
    }

    /** Layer norm over the last axis: {@code (x - mean) / sqrt(var + eps) * gamma + beta} (biased variance). */
    public static Var layerNorm(Var x, Var gamma, Var beta, float eps) {
        Var mean = x.mean(true, -1);
        Var var = x.sub(mean).square().mean(true, -1);
        Var y = x.sub(mean).div(var.add(eps).sqrt());
        if (gamma != null) y = y.mul(gamma);
        if (beta != null) y = y.add(beta);
        return y;
    }

    /** RMS norm over the last axis: {@code x / sqrt(mean(x^2) + eps) * gamma}. */
    public static Var rmsNorm(Var x, Var gamma, float eps) {
        Var y = x.div(x.square().mean(true, -1).add(eps).sqrt());
        return gamma == null ? y : y.mul(gamma);
    }

    /**
     * Cross-entropy from log-softmax, gather and sums, with the semantics of
     * {@link Functional#crossEntropy(Var, int[], Tensor, int, float, Functional.Reduction)}.
     */
    public static Var crossEntropy(Var logits, int[] targets, Tensor weights, int ignoreIndex, float labelSmoothing,
                                   Functional.Reduction reduction) {
        int n = logits.dim(0), c = logits.dim(1);
        Device device = logits.device();
        Var logp = logSoftmax(logits, 1);
        float[] w = weights == null ? null : weights.toArray();
        int[] safe = new int[n];
        float[] rowWeight = new float[n], kept = new float[n];        // w[t_i]; 1 for the rows not ignored
        double total = 0;
        for (int i = 0; i < n; i++) {
            boolean ignored = targets[i] == ignoreIndex;
            safe[i] = ignored ? 0 : targets[i];
            rowWeight[i] = ignored ? 0f : (w == null ? 1f : w[targets[i]]);
            kept[i] = ignored ? 0f : 1f;
            total += rowWeight[i];
        }
        // Ignored rows are selected away (where), not multiplied by 0: as in PyTorch they then pass no gradient at
        // all, even when MEAN over no rows divides by 0 (value NaN, gradient 0 rather than 0 * inf = NaN).
        Tensor keep = Tensor.wrap(kept, n).to(device);
        Var zero = Var.of(Tensor.scalar(0f).to(device));
        Var rw = Var.of(Tensor.wrap(rowWeight, n).to(device));
        Var loss = logp.gather(1, safe, Shape.of(n, 1)).reshape(n).neg().mul(rw);        // w[t_i] (-logp[i, t_i])
        if (labelSmoothing != 0f) {
            Var wc = Var.of(w == null ? Tensor.full(Shape.of(c), 1f).to(device) : weights);
            Var smooth = logp.mul(wc).sum(false, 1).neg();                              // sum_j w[j] (-logp[i, j])
            loss = loss.mul(1f - labelSmoothing).add(smooth.mul(labelSmoothing / c));
        }
        loss = Var.where(keep, loss, zero);
        return switch (reduction) {
            case NONE -> loss;
            case SUM -> loss.sum();
            case MEAN -> loss.sum().div((float) total);
        };
    }

    /** Attention from primitives: {@code softmax(q k^T * scale + mask) v}, with the causal rule of the fused op. */
    public static Var attention(Var q, Var k, Var v, Tensor mask, boolean causal, float scale) {
        Var s = q.matmul(k, false, true).mul(scale);
        if (mask != null) s = s.add(Var.of(mask));
        if (causal) s = s.add(Var.of(Functional.causalMask(s.dim(-2), s.dim(-1)).to(s.device())));
        return softmax(s, -1).matmul(v);
    }
}
