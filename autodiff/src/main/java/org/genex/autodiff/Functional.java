package org.genex.autodiff;

import static org.genex.autodiff.Ops.*;

import org.genex.tensor.*;

/**
 * The fused ops of the hot paths, each one node with its own backward rule (as {@code torch.nn.functional}):
 * softmax, log-softmax, cross-entropy, layer norm, RMS norm and scaled-dot-product attention. Each equals its
 * composite twin in {@link Composite}, built from primitives (tested), but records one node instead of many and
 * keeps only what its backward needs.
 */
public final class Functional {
    private Functional() {}

    /** How a per-row loss is reduced: PyTorch's {@code reduction} argument. */
    public enum Reduction { NONE, MEAN, SUM }

    /** PyTorch's default ignore index. */
    public static final int IGNORE_INDEX = -100;

    // ------------------------------------------------------------------------------------------------ softmax

    /** {@code y = exp(x - max) / sum exp(x - max)} along {@code axis}; backward {@code y (gy - sum(gy y))}. */
    public static Var softmax(Var x, int axis) {
        Tensor xv = x.value();
        Tensor y = zeros(xv, xv.shape());
        xv.backend().softmax(xv, axis, y);
        return Var.result("softmax", y, gy -> {
            Tensor gx = zeros(gy, gy.shape());
            gy.backend().softmaxBackward(y, gy, axis, gx);
            x.accumulateOwned(gx);
        }, x);
    }

    /** {@code y = x - logsumexp(x)} along {@code axis}; backward {@code gy - exp(y) sum(gy)}. */
    public static Var logSoftmax(Var x, int axis) {
        Tensor xv = x.value();
        Tensor y = zeros(xv, xv.shape());
        xv.backend().logSoftmax(xv, axis, y);
        return Var.result("logSoftmax", y, gy -> {
            Tensor gx = zeros(gy, gy.shape());
            gy.backend().logSoftmaxBackward(y, gy, axis, gx);
            x.accumulateOwned(gx);
        }, x);
    }

    // ------------------------------------------------------------------------------------------------ losses

    /** Cross-entropy of logits [n, c] against class targets, averaged over the rows (PyTorch's defaults). */
    public static Var crossEntropy(Var logits, int[] targets) {
        return crossEntropy(logits, targets, null, IGNORE_INDEX, 0f, Reduction.MEAN);
    }

    /**
     * Cross-entropy of {@code logits} [n, c] against class {@code targets} (n entries), as
     * {@code torch.nn.functional.cross_entropy}: log-softmax and negative log-likelihood fused, optional class
     * {@code weights} [c], rows whose target is {@code ignoreIndex} left out, label smoothing {@code s}
     * ({@code loss_i = (1 - s) w[t_i] (-logp[i, t_i]) + (s / c) sum_j w[j] (-logp[i, j])}). MEAN divides the sum by
     * the total weight of the rows not ignored (their count without weights); when every row is ignored that is 0/0:
     * the value is NaN and the gradient 0, as in PyTorch. NONE returns the n per-row losses.
     */
    public static Var crossEntropy(Var logits, int[] targets, Tensor weights, int ignoreIndex, float labelSmoothing,
                                   Reduction reduction) {
        return crossEntropyOf(logits, targets.clone(), weights, ignoreIndex, labelSmoothing, reduction);
    }

    /** {@link #crossEntropy} on a private copy of the targets (the backward must not see a caller's refill). */
    private static Var crossEntropyOf(Var logits, int[] targets, Tensor weights, int ignoreIndex,
                                      float labelSmoothing, Reduction reduction) {
        Tensor z = logits.value();
        if (z.rank() != 2)
            throw new IllegalArgumentException("crossEntropy: logits must be [n, classes], got " + z.shape()
                    + " (reshape a [batch, length, classes] tensor to [batch * length, classes])");
        int n = z.dim(0);
        if (targets.length != n)
            throw new IllegalArgumentException("crossEntropy: " + targets.length + " targets for " + n + " rows of logits "
                    + z.shape());
        Backend be = z.backend();
        Tensor losses = zeros(z, Shape.of(n)), logp = zeros(z, z.shape());
        be.crossEntropy(z, targets, weights, ignoreIndex, labelSmoothing, losses, logp);
        float denominator = 1f;
        if (reduction == Reduction.MEAN) {
            double total = 0;
            float[] w = weights == null ? null : weights.toArray();
            for (int t : targets) if (t != ignoreIndex) total += w == null ? 1 : w[t];
            denominator = (float) total;                           // 0 when every row is ignored: NaN, as PyTorch
        }
        Tensor y;
        if (reduction == Reduction.NONE) {
            y = losses;
        } else {
            y = zeros(z, Shape.SCALAR);
            be.reduce(ReduceOp.SUM, losses, new int[0], y);
            if (reduction == Reduction.MEAN) be.binaryScalar(BinaryOp.DIV, y, denominator, y);
        }
        float scale = reduction == Reduction.MEAN ? 1f / denominator : 1f;
        return Var.result("crossEntropy", y, gy -> {
            Tensor gLoss = reduction == Reduction.NONE ? gy : expand(gy.reshape(1), Shape.of(n));
            if (scale != 1f) gLoss = Ops.scalar(BinaryOp.MUL, gLoss, scale);
            Tensor g = zeros(gy, z.shape());
            gy.backend().crossEntropyBackward(logp, targets, weights, ignoreIndex, labelSmoothing, gLoss, g);
            logits.accumulateOwned(g);
        }, logits);
    }

    // ------------------------------------------------------------------------------------------------ norms

    /**
     * Layer normalisation over the last axis: {@code (x - mean) / sqrt(var + eps) * gamma + beta} (biased variance,
     * as {@code torch.nn.functional.layer_norm}); {@code gamma} and {@code beta} [d] may be null.
     */
    public static Var layerNorm(Var x, Var gamma, Var beta, float eps) {
        Tensor xv = x.value();
        int rows = xv.size() / Math.max(1, xv.dim(-1));
        Backend be = xv.backend();
        Tensor y = zeros(xv, xv.shape()), mean = zeros(xv, Shape.of(rows)), rstd = zeros(xv, Shape.of(rows));
        Tensor g = gamma == null ? null : gamma.value(), b = beta == null ? null : beta.value();
        be.layerNorm(xv, g, b, eps, y, mean, rstd);
        return Var.result("layerNorm", y, gy -> {
            Tensor gx = zeros(gy, xv.shape());
            Tensor gg = gamma != null && gamma.requiresGrad() ? zeros(gy, g.shape()) : null;
            Tensor gb = beta != null && beta.requiresGrad() ? zeros(gy, b.shape()) : null;
            gy.backend().layerNormBackward(gy, xv, g, mean, rstd, gx, gg, gb);
            x.accumulateOwned(gx);
            if (gg != null) gamma.accumulateOwned(gg);
            if (gb != null) beta.accumulateOwned(gb);
        }, x, gamma, beta);
    }

    /** RMS normalisation over the last axis: {@code x / sqrt(mean(x^2) + eps) * gamma}; {@code gamma} may be null. */
    public static Var rmsNorm(Var x, Var gamma, float eps) {
        Tensor xv = x.value();
        int rows = xv.size() / Math.max(1, xv.dim(-1));
        Tensor y = zeros(xv, xv.shape()), rstd = zeros(xv, Shape.of(rows));
        Tensor g = gamma == null ? null : gamma.value();
        xv.backend().rmsNorm(xv, g, eps, y, rstd);
        return Var.result("rmsNorm", y, gy -> {
            Tensor gx = zeros(gy, xv.shape());
            Tensor gg = gamma != null && gamma.requiresGrad() ? zeros(gy, g.shape()) : null;
            gy.backend().rmsNormBackward(gy, xv, g, rstd, gx, gg);
            x.accumulateOwned(gx);
            if (gg != null) gamma.accumulateOwned(gg);
        }, x, gamma);
    }

    // ------------------------------------------------------------------------------------------------ attention

    /**
     * An additive key-padding mask [b, 1, 1, lk] for attention: 0 where a key position is below its sequence's
     * length, -inf beyond it.
     */
    public static Tensor paddingMask(int[] lengths, int lk) {
        float[] m = new float[lengths.length * lk];
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] < 0 || lengths[i] > lk)
                throw new IllegalArgumentException("paddingMask: length " + lengths[i] + " of sequence " + i
                        + " is outside [0, " + lk + "]");
            for (int j = lengths[i]; j < lk; j++) m[i * lk + j] = Float.NEGATIVE_INFINITY;
        }
        return Tensor.wrap(m, lengths.length, 1, 1, lk);
    }

    /** {@link #scaledDotProductAttention(Var, Var, Var, Tensor, boolean, float, Tensor[])} with scale 1/sqrt(d). */
    public static Var scaledDotProductAttention(Var q, Var k, Var v, Tensor mask, boolean causal) {
        return scaledDotProductAttention(q, k, v, mask, causal, (float) (1 / Math.sqrt(q.dim(-1))), null);
    }

    /**
     * {@code softmax(q k^T * scale + mask) v}, fused: q [.., lq, d], k [.., lk, d], v [.., lk, dv] with batch axes
     * (e.g. batch and heads) broadcast as in matmul. {@code mask} (nullable) is additive (0 or -inf), broadcast to
     * [.., lq, lk] ({@link #paddingMask}); {@code causal} hides the keys after each query (query i sees keys 0..i +
     * lk - lq: the queries are the last lq positions, aligned bottom-right as in flash-attention and PyTorch's
     * {@code causal_lower_right}; PyTorch's {@code is_causal=True} aligns top-left instead, which differs only when
     * lq != lk). A row with every key hidden gives NaN, as in PyTorch. Saves the attention weights P for the backward:
     * <pre>
     *   dV = P^T dO,  dP = dO V^T,  dS = P (dP - rowsum(dP P)),  dQ = dS K scale,  dK = dS^T Q scale
     * </pre>
     * If {@code weightsOut} is non-null, {@code weightsOut[0]} receives P (for interpretation).
     */
    public static Var scaledDotProductAttention(Var q, Var k, Var v, Tensor mask, boolean causal, float scale,
                                                Tensor[] weightsOut) {
        sameDevice("scaledDotProductAttention", q, k, v);
        Tensor qv = q.value(), kv = k.value(), vv = v.value();
        Backend be = qv.backend();
        Tensor s = qv.matmul(kv, false, true);                                  // [.., lq, lk]
        be.binaryScalar(BinaryOp.MUL, s, scale, s);
        if (mask != null) be.binary(BinaryOp.ADD, s, mask, s);
        if (causal) be.binary(BinaryOp.ADD, s, causalMask(s.dim(-2), s.dim(-1)).to(s.device()), s);
        Tensor p = zeros(s, s.shape());
        be.softmax(s, -1, p);
        if (weightsOut != null) weightsOut[0] = p;
        Tensor o = p.matmul(vv);                                                // [.., lq, dv]
        return Var.result("attention", o, go -> {
            Backend b = go.backend();
            if (v.requiresGrad()) addGrad(v, batched(b, true, false, p, go, vv.shape(), go), true);
            if (!q.requiresGrad() && !k.requiresGrad()) return;
            Tensor dp = go.matmul(vv, false, true);                             // dO V^T
            Tensor ds = zeros(dp, dp.shape());
            b.softmaxBackward(p, dp, -1, ds);
            if (q.requiresGrad()) {
                Tensor dq = ds.matmul(kv);                                         // dS K
                b.binaryScalar(BinaryOp.MUL, dq, scale, dq);
                addGrad(q, dq, true);
            }
            if (k.requiresGrad()) {
                Tensor dk = batched(b, true, false, ds, qv, kv.shape(), go);
                b.binaryScalar(BinaryOp.MUL, dk, scale, dk);
                addGrad(k, dk, true);
            }
        }, q, k, v);
    }

    /** {@code op(a) op(b)} batched, at the broadcast batch shape of {@code like} with the matrix of {@code own}. */
    private static Tensor batched(Backend be, boolean ta, boolean tb, Tensor a, Tensor b, Shape own, Tensor like) {
        int r = like.rank();
        int[] d = like.shape().dims();
        d[r - 2] = own.dim(-2);
        d[r - 1] = own.dim(-1);
        Tensor out = be.allocate(Shape.of(d));
        be.batchedGemm(ta, tb, 1f, a, b, 0f, out);
        return out;
    }

    /** The additive causal mask [lq, lk]: -inf where key j comes after query i (j > i + lk - lq). */
    static Tensor causalMask(int lq, int lk) {
        float[] m = new float[lq * lk];
        for (int i = 0; i < lq; i++)
            for (int j = i + lk - lq + 1; j < lk; j++) if (j >= 0) m[i * lk + j] = Float.NEGATIVE_INFINITY;
        return Tensor.wrap(m, lq, lk);
    }
}
