package org.genex.autodiff;

import static org.genex.autodiff.Ops.*;

import org.genex.tensor.*;

/**
 * The fused ops of the hot paths, each one node with its own backward rule (as {@code torch.nn.functional}):
 * the linear layer, softmax, log-softmax, cross-entropy, layer norm, RMS norm and scaled-dot-product attention. Each equals its
 * composite twin in {@link Composite}, built from primitives (tested), but records one node instead of many and
 * keeps only what its backward needs. The layer ops that have no composite twin (an embedding lookup with a padding
 * row, 2-D convolution through im2col, the causal depthwise 1-D convolution) are checked by {@link GradCheck} and
 * naive loops instead.
 */
public final class Functional {
    private Functional() {}

    /** How a per-row loss is reduced: PyTorch's {@code reduction} argument. */
    public enum Reduction { NONE, MEAN, SUM }

    /** PyTorch's default ignore index. */
    public static final int IGNORE_INDEX = -100;

    // ------------------------------------------------------------------------------------------------ linear

    /**
     * {@code y = x W^T + b} ({@code torch.nn.functional.linear}): x [..., in], weight [out, in], bias [out] or null;
     * y [..., out]. One GEMM over the rows of x flattened to [rows, in], the bias added in place into its result;
     * backward {@code dx = gy W}, {@code dW = gy^T x}, {@code db} = column sums of gy. The same products, in the same
     * order, as {@code x.matmul(weight, false, true).add(bias)} (same bits), without that composite's second
     * [rows, out] tensor in the forward pass or its copy of the gradient in the backward pass.
     */
    public static Var linear(Var x, Var weight, Var bias) {
        sameDevice("linear", x, weight, bias);
        Shape xs = x.shape(), ws = weight.shape();
        if (ws.rank() != 2 || xs.rank() < 1 || xs.dim(-1) != ws.dim(1))
            throw new IllegalArgumentException("linear: x " + xs + " times weight " + ws + "^T: the weight must be"
                    + " [out, in] with in = the last axis of x");
        int in = ws.dim(1), out = ws.dim(0);
        if (bias != null && !bias.shape().equals(Shape.of(out)))
            throw new IllegalArgumentException("linear: the bias is " + bias.shape() + ", expected [" + out + "] for"
                    + " weight " + ws);
        int rows = xs.size() / in;
        Tensor xv = x.value(), wv = weight.value(), xf = xv.reshape(rows, in);
        Backend be = xv.backend();
        Tensor y = zeros(xv, xs.with(-1, out)), yf = y.reshape(rows, out);
        be.gemm(false, true, 1f, xf, wv, 0f, yf);
        if (bias != null) be.binary(BinaryOp.ADD, yf, bias.value(), yf);            // in place, rows broadcast
        return Var.result("linear", y, gy -> {
            Backend gbe = gy.backend();
            Tensor gf = gy.reshape(rows, out);
            if (x.requiresGrad()) {
                Tensor gx = x.gradBuffer(gy);                                         // overwritten: beta 0
                gbe.gemm(false, false, 1f, gf, wv, 0f, gx.reshape(rows, in));       // dx = gy W
                x.accumulateOwned(gx);
            }
            if (weight.requiresGrad()) {
                Tensor gw = weight.gradBuffer(gy);
                gbe.gemm(true, false, 1f, gf, xf, 0f, gw);                          // dW = gy^T x
                weight.accumulateOwned(gw);
            }
            if (bias != null && bias.requiresGrad()) bias.accumulateOwned(sumTo(gf, bias.shape()));   // db
        }, x, weight, bias);
    }

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
        return scaledDotProductAttention(q, k, v, mask, causal, scale, null, weightsOut);
    }

    /**
     * As {@link #scaledDotProductAttention(Var, Var, Var, Tensor, boolean, float, Tensor[])}, with dropout on the
     * attention weights: {@code (softmax(q k^T * scale + mask) ⊙ dropout) v}, where {@code dropout} (nullable) is a
     * multiplicative mask of the weights' shape [.., lq, lk] (0 or 1 / (1 - p), e.g. {@code Dropout.nextMask}),
     * treated as a constant. With P̃ = P ⊙ M the backward is
     * <pre>
     *   dV = P̃^T dO,  dP = (dO V^T) ⊙ M,  dS = P (dP - rowsum(dP P)),  dQ = dS K scale,  dK = dS^T Q scale
     * </pre>
     * and {@code weightsOut[0]} receives P̃, the weights the values are averaged with (as PyTorch's
     * {@code MultiheadAttention} returns them in training).
     */
    public static Var scaledDotProductAttention(Var q, Var k, Var v, Tensor mask, boolean causal, float scale,
                                                Tensor dropout, Tensor[] weightsOut) {
        sameDevice("scaledDotProductAttention", q, k, v);
        Tensor qv = q.value(), kv = k.value(), vv = v.value();
        Backend be = qv.backend();
        Tensor s = qv.matmul(kv, false, true);                                  // [.., lq, lk]
        if (dropout != null && !dropout.shape().equals(s.shape()))
            throw new IllegalArgumentException("scaledDotProductAttention: the dropout mask must have the weights' shape "
                    + s.shape() + ", got " + dropout.shape());
        be.binaryScalar(BinaryOp.MUL, s, scale, s);
        if (mask != null) be.binary(BinaryOp.ADD, s, mask, s);
        if (causal) be.binary(BinaryOp.ADD, s, causalMask(s.dim(-2), s.dim(-1)).to(s.device()), s);
        Tensor p = zeros(s, s.shape());
        be.softmax(s, -1, p);
        Tensor m = dropout == null ? null : dropout.to(s.device());
        final Tensor pm;                                                        // P̃ = P ⊙ M
        if (m == null) pm = p;
        else be.binary(BinaryOp.MUL, p, m, pm = s);                             // s is dead: reuse its storage
        if (weightsOut != null) weightsOut[0] = pm;
        Tensor o = pm.matmul(vv);                                               // [.., lq, dv]
        return Var.result("attention", o, go -> {
            Backend b = go.backend();
            if (v.requiresGrad()) addGrad(v, batched(b, true, false, pm, go, vv.shape(), go), true);
            if (!q.requiresGrad() && !k.requiresGrad()) return;
            Tensor dp = go.matmul(vv, false, true);                             // dO V^T
            if (m != null) b.binary(BinaryOp.MUL, dp, m, dp);
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

    // ------------------------------------------------------------------------------------------------ embedding

    /**
     * Rows of {@code weight} [num, dim] at {@code ids}: [ids.length, dim], as {@code torch.nn.functional.embedding}.
     * The gradient is index-added back (repeated ids sum); the row {@code paddingIdx} (if {@code >= 0}) receives
     * none, as PyTorch's {@code padding_idx}, though its value is looked up like any other row.
     */
    public static Var embedding(Var weight, int[] ids, int paddingIdx) {
        Tensor w = weight.value();
        if (w.rank() != 2)
            throw new IllegalArgumentException("embedding: weight must be [num, dim], got " + w.shape());
        int num = w.dim(0);
        if (paddingIdx >= num)
            throw new IllegalArgumentException("embedding: paddingIdx " + paddingIdx + " is outside [0, " + num
                    + ") for weight " + w.shape());
        int[] index = ids.clone();                                  // the caller may refill its buffer
        for (int i = 0; i < index.length; i++)
            if (index[i] < 0 || index[i] >= num)
                throw new IndexOutOfBoundsException("embedding: ids[" + i + "] = " + index[i] + " is outside [0, "
                        + num + ") for weight " + w.shape());
        Tensor y = w.indexSelect(0, index);
        return Var.result("embedding", y, gy -> {
            Tensor gw = zeros(gy, w.shape());
            gy.backend().indexAdd(gy, 0, index, gw);
            if (paddingIdx >= 0) gy.backend().fill(gw.rows(paddingIdx, paddingIdx + 1), 0f);
            weight.accumulateOwned(gw);
        }, weight);
    }

    // ------------------------------------------------------------------------------------------------ convolutions

    /**
     * 2-D convolution (cross-correlation), as {@code torch.nn.functional.conv2d} with {@code groups = 1} and
     * {@code dilation = 1}: x [b, c, h, w], weight [o, c, kh, kw], bias [o] or null; y [b, o, oh, ow] with
     * {@code oh = (h + 2 padH - kh) / strideH + 1} (likewise ow). As one GEMM per image on the unfolded patches,
     * {@code cols = im2col(x)} [b, oh * ow, c kh kw] and W the weight as [o, c kh kw]:
     * <pre>
     *   y[i] = W cols[i]^T + bias,   dW = sum_i dy[i] cols[i],   dcols[i] = dy[i]^T W,   dx = col2im(dcols),
     *   dbias = sum of dy over b, oh, ow
     * </pre>
     * The columns are kept for the weight's gradient (as many floats as x for non-overlapping patches).
     */
    public static Var conv2d(Var x, Var weight, Var bias, int strideH, int strideW, int padH, int padW) {
        sameDevice("conv2d", x, weight, bias);
        Tensor xv = x.value(), wv = weight.value(), bv = bias == null ? null : bias.value();
        if (xv.rank() != 4 || wv.rank() != 4 || xv.dim(1) != wv.dim(1))
            throw new IllegalArgumentException("conv2d: x must be [b, c, h, w] and weight [out, c, kh, kw] with the "
                    + "same c, got x " + xv.shape() + " and weight " + wv.shape());
        int b = xv.dim(0), o = wv.dim(0), kh = wv.dim(2), kw = wv.dim(3), k = wv.dim(1) * kh * kw;
        if (bv != null && !bv.shape().equals(Shape.of(o)))
            throw new IllegalArgumentException("conv2d: bias must be [" + o + "] for weight " + wv.shape() + ", got "
                    + bv.shape());
        if (strideH < 1 || strideW < 1 || padH < 0 || padW < 0)
            throw new IllegalArgumentException("conv2d: stride " + strideH + "x" + strideW + " must be >= 1 and "
                    + "padding " + padH + "x" + padW + " >= 0");
        long ph = xv.dim(2) + 2L * padH - kh, pw = xv.dim(3) + 2L * padW - kw;
        if (ph < 0 || pw < 0)
            throw new IllegalArgumentException("conv2d: kernel " + kh + "x" + kw + " is larger than the padded "
                    + "input (padding " + padH + "x" + padW + ") of x " + xv.shape());
        int oh = (int) (ph / strideH + 1), ow = (int) (pw / strideW + 1), p = oh * ow;
        Backend be = xv.backend();
        Tensor cols = zeros(xv, Shape.of(b, p, k));
        be.im2col(xv, kh, kw, strideH, strideW, padH, padW, cols);
        Tensor w2 = wv.reshape(o, k);
        Tensor y = zeros(xv, Shape.of(b, o, p));
        be.batchedGemm(false, true, 1f, w2, cols, 0f, y);                        // [o, k] @ [b, p, k]^T
        if (bv != null) be.binary(BinaryOp.ADD, y, bv.reshape(o, 1), y);
        return Var.result("conv2d", y.reshape(b, o, oh, ow), gy -> {
            Backend g = gy.backend();
            Tensor dy = gy.reshape(b, o, p);
            if (weight.requiresGrad()) {
                Tensor gw = zeros(gy, Shape.of(o, k));
                for (int i = 0; i < b; i++) g.gemm(false, false, 1f, dy.row(i), cols.row(i), 1f, gw);
                weight.accumulateOwned(gw.reshape(wv.shape()));
            }
            if (bias != null && bias.requiresGrad()) {
                Tensor gb = zeros(gy, Shape.of(o));
                g.reduce(ReduceOp.SUM, dy, new int[]{0, 2}, gb);
                bias.accumulateOwned(gb);
            }
            if (x.requiresGrad()) {
                Tensor gcols = zeros(gy, cols.shape());
                g.batchedGemm(true, false, 1f, dy, w2, 0f, gcols);                // [b, o, p]^T @ [o, k]
                Tensor gx = zeros(gy, xv.shape());
                g.col2im(gcols, kh, kw, strideH, strideW, padH, padW, gx);
                x.accumulateOwned(gx);
            }
        }, x, weight, bias);
    }

    /**
     * Causal depthwise 1-D convolution over time, channels last (Mamba's short convolution): x [b, L, c], weight
     * [c, k], bias [c] or null; {@code y[t, ch] = bias[ch] + sum_j weight[ch, j] x[t - (k - 1) + j, ch]} with zeros
     * before t = 0. This is PyTorch's {@code conv1d(x^T, weight[c, 1, k], groups=c, padding=k-1)[..., :L]}
     * transposed back. Backward by {@link Backend#depthwiseConv1dBackward}.
     */
    public static Var depthwiseConv1d(Var x, Var weight, Var bias) {
        sameDevice("depthwiseConv1d", x, weight, bias);
        Tensor xv = x.value(), wv = weight.value(), bv = bias == null ? null : bias.value();
        if (xv.rank() != 3 || wv.rank() != 2 || wv.dim(0) != xv.dim(2) || wv.dim(1) < 1
                || (bv != null && !bv.shape().equals(Shape.of(xv.dim(2)))))
            throw new IllegalArgumentException("depthwiseConv1d: x must be [b, L, c], weight [c, k] and bias [c], got "
                    + "x " + xv.shape() + ", weight " + wv.shape() + ", bias " + (bv == null ? "none" : bv.shape()));
        Tensor y = zeros(xv, xv.shape());
        xv.backend().depthwiseConv1d(xv, wv, bv, y);
        return Var.result("depthwiseConv1d", y, gy -> {
            Tensor gx = zeros(gy, xv.shape());
            Tensor gw = weight.requiresGrad() ? zeros(gy, wv.shape()) : null;
            Tensor gb = bias != null && bias.requiresGrad() ? zeros(gy, bv.shape()) : null;
            gy.backend().depthwiseConv1dBackward(xv, wv, gy, gx, gw, gb);
            x.accumulateOwned(gx);
            if (gw != null) weight.accumulateOwned(gw);
            if (gb != null) bias.accumulateOwned(gb);
        }, x, weight, bias);
    }
}
