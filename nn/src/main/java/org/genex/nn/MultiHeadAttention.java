package org.genex.nn;

import org.genex.autodiff.Functional;
import org.genex.autodiff.Var;
import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;

/**
 * Multi-head attention, as PyTorch's {@code nn.MultiheadAttention(embed_dim, num_heads, dropout=0.0, bias=True,
 * kdim=None, vdim=None, batch_first=True)}, with its parameter names and initialisation:
 * <ul>
 *   <li>{@code kdim == vdim == embedDim}: {@code in_proj_weight} [3E, E] (rows: q, k, v projections) and
 *       {@code in_proj_bias} [3E];</li>
 *   <li>otherwise {@code q_proj_weight} [E, E], {@code k_proj_weight} [E, kdim], {@code v_proj_weight} [E, vdim] and
 *       {@code in_proj_bias} [3E];</li>
 *   <li>{@code out_proj} (a {@link Linear} E -> E: {@code out_proj.weight}, {@code out_proj.bias}).</li>
 * </ul>
 * The input projections are Xavier-uniform, the biases zero, {@code out_proj.weight} has Linear's default.
 *
 * <p>Inputs are batch-first: query [b, lq, E], key [b, lk, kdim], value [b, lk, vdim]; the output is [b, lq, E].
 * Each of the h heads attends with head dim d = E / h and scale 1/sqrt(d):
 * {@code head_i = softmax(Q_i K_i^T / sqrt(d) + mask) V_i}, {@code out = concat(head_1..h) out_proj^T + bias}, on the
 * fused {@link Functional#scaledDotProductAttention}. Self-attention ({@code query == key == value}, the same Var)
 * projects with one GEMM.
 *
 * <p>Masks: a key-padding mask [b][lk] ({@code true} = ignore that key, as PyTorch's boolean
 * {@code key_padding_mask}); an additive float {@code attnMask} [lq, lk], [b * h, lq, lk] or [b, h, lq, lk] (0 or
 * -inf; a PyTorch boolean {@code attn_mask} is -inf where true); a causal flag hiding later keys. For
 * {@code lq == lk} the causal mask is PyTorch's square subsequent mask; for {@code lq != lk} it is aligned
 * bottom-right (the queries are the last lq positions, as with a KV cache). A query whose keys are all hidden gets
 * NaN, as in PyTorch.
 *
 * <p>Attention weights ({@link Weights}): averaged over heads [b, lq, lk] (PyTorch's {@code need_weights=True,
 * average_attn_weights=True}) or per head [b, h, lq, lk]. Differences from PyTorch: they are returned as a plain
 * tensor, without a gradient; {@code add_bias_kv}, {@code add_zero_attn} and unbatched inputs are not supported.
 * Dropout ({@code dropout > 0}, in training) is applied to the attention weights before they multiply V, as in
 * PyTorch, inside the fused attention op (a mask from {@link Dropout#nextMask}); the returned weights are then the
 * dropped-out ones, as PyTorch's. It is a parameterless child {@code attn_dropout} (no state-dict keys; PyTorch has
 * no such child), so that a trainer finds its mask counter.
 */
public final class MultiHeadAttention extends Module implements Layer {
    /** Which attention weights {@link #attend} returns. */
    public enum Weights { NONE, AVERAGED, PER_HEAD }

    /** The output [b, lq, E] and the attention weights (null, [b, lq, lk] or [b, h, lq, lk]). */
    public record Output(Var output, Tensor weights) {}

    public final int embedDim, numHeads, headDim, kdim, vdim;
    private final Parameter inProjWeight, qProjWeight, kProjWeight, vProjWeight, inProjBias;
    private final Linear outProj;
    private final Dropout attnDropout;

    /**
     * @param dropout dropout probability on the attention weights (PyTorch's default 0)
     * @param bias    biases on the input and output projections (PyTorch's default true)
     * @param kdim    the key features (PyTorch's default: embedDim)
     * @param vdim    the value features (PyTorch's default: embedDim)
     */
    public MultiHeadAttention(int embedDim, int numHeads, float dropout, boolean bias, int kdim, int vdim, Rng rng) {
        String me = "MultiHeadAttention(" + embedDim + ", " + numHeads + ")";
        if (embedDim <= 0 || numHeads <= 0 || kdim <= 0 || vdim <= 0)
            throw new IllegalArgumentException(me + ": embedDim, numHeads, kdim and vdim must be > 0, got kdim " + kdim
                    + ", vdim " + vdim);
        if (embedDim % numHeads != 0)
            throw new IllegalArgumentException(me + ": embedDim must be divisible by numHeads");
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.headDim = embedDim / numHeads;
        this.kdim = kdim;
        this.vdim = vdim;
        int e = embedDim;
        Linear out = new Linear(e, e, bias, rng);                 // PyTorch builds out_proj first, then resets the rest
        if (kdim == e && vdim == e) {
            this.inProjWeight = parameter("in_proj_weight", Init.xavierUniform(Tensor.zeros(3 * e, e), 1f, rng));
            this.qProjWeight = this.kProjWeight = this.vProjWeight = null;
        } else {
            this.inProjWeight = null;
            this.qProjWeight = parameter("q_proj_weight", Init.xavierUniform(Tensor.zeros(e, e), 1f, rng));
            this.kProjWeight = parameter("k_proj_weight", Init.xavierUniform(Tensor.zeros(e, kdim), 1f, rng));
            this.vProjWeight = parameter("v_proj_weight", Init.xavierUniform(Tensor.zeros(e, vdim), 1f, rng));
        }
        this.inProjBias = bias ? parameter("in_proj_bias", Tensor.zeros(3 * e)) : null;
        if (bias) Init.constant(out.bias().value(), 0f);
        this.outProj = module("out_proj", out);
        this.attnDropout = module("attn_dropout", new Dropout(dropout, rng));
    }

    /** PyTorch's defaults: no dropout, biases, kdim = vdim = embedDim. */
    public MultiHeadAttention(int embedDim, int numHeads, Rng rng) {
        this(embedDim, numHeads, 0f, true, embedDim, embedDim, rng);
    }

    public Linear outProj() { return outProj; }

    public Dropout attnDropout() { return attnDropout; }

    /** Self-attention without masks: x [b, l, E] -> [b, l, E]. */
    @Override
    public Var forward(Var x) { return attend(x, x, x, null, null, false, Weights.NONE).output(); }

    /** Attention of query over key/value with a key-padding mask (nullable) and an optional causal mask. */
    public Var forward(Var query, Var key, Var value, boolean[][] keyPaddingMask, boolean causal) {
        return attend(query, key, value, keyPaddingMask, null, causal, Weights.NONE).output();
    }

    /**
     * The full call. {@code keyPaddingMask} [b][lk] (true = ignore) and {@code attnMask} (additive, see the class
     * comment) may be null.
     */
    public Output attend(Var query, Var key, Var value, boolean[][] keyPaddingMask, Tensor attnMask, boolean causal,
                         Weights weights) {
        String me = "MultiHeadAttention(" + embedDim + ", " + numHeads + ")";
        if (query.rank() != 3 || key.rank() != 3 || value.rank() != 3 || query.dim(2) != embedDim
                || key.dim(2) != kdim || value.dim(2) != vdim || key.dim(0) != query.dim(0)
                || value.dim(0) != query.dim(0) || key.dim(1) != value.dim(1))
            throw new IllegalArgumentException(me + " expects query [b, lq, " + embedDim + "], key [b, lk, " + kdim
                    + "], value [b, lk, " + vdim + "], got " + query.shape() + ", " + key.shape() + ", "
                    + value.shape());
        int b = query.dim(0), lq = query.dim(1), lk = key.dim(1), e = embedDim;

        // projections: q [b, lq, E], k [b, lk, E], v [b, lk, E]
        Var q, k, v;
        if (inProjWeight != null && query == key && key == value) {
            Var[] qkv = project(query, inProjWeight.var(), 0, 3).split(-1, e, e, e);
            q = qkv[0];
            k = qkv[1];
            v = qkv[2];
        } else if (inProjWeight != null) {
            q = project(query, inProjWeight.var().slice(0, 0, e), 0, 1);
            if (key == value) {
                Var[] kv = project(key, inProjWeight.var().slice(0, e, 3 * e), 1, 2).split(-1, e, e);
                k = kv[0];
                v = kv[1];
            } else {
                k = project(key, inProjWeight.var().slice(0, e, 2 * e), 1, 1);
                v = project(value, inProjWeight.var().slice(0, 2 * e, 3 * e), 2, 1);
            }
        } else {
            q = project(query, qProjWeight.var(), 0, 1);
            k = project(key, kProjWeight.var(), 1, 1);
            v = project(value, vProjWeight.var(), 2, 1);
        }
        q = heads(q, b, lq);
        k = heads(k, b, lk);
        v = heads(v, b, lk);                                      // [b, h, l, d]

        Tensor mask = mask(me, keyPaddingMask, attnMask, b, lq, lk, query);
        float scale = (float) (1 / Math.sqrt(headDim));
        // dropout on the weights, inside the fused op: a mask of [b, h, lq, lk] from the module's stream
        Tensor drop = attnDropout.active() ? attnDropout.nextMask(Shape.of(b, numHeads, lq, lk)) : null;
        Tensor[] out = weights == Weights.NONE ? null : new Tensor[1];
        Var o = Functional.scaledDotProductAttention(q, k, v, mask, causal, scale, drop, out);
        Tensor p = out == null ? null : out[0];
        Var merged = o.permute(0, 2, 1, 3).reshape(b, lq, e);      // [b, lq, h, d] -> [b, lq, E]
        Tensor w = switch (weights) {
            case NONE -> null;
            case PER_HEAD -> p;
            case AVERAGED -> p.mean(1);
        };
        return new Output(outProj.forward(merged), w);
    }

    /** x W^T + the matching rows of in_proj_bias: {@code parts} thirds starting at third {@code first}. */
    private Var project(Var x, Var w, int first, int parts) {
        Var y = x.matmul(w, false, true);
        if (inProjBias == null) return y;
        Var bias = parts == 3 ? inProjBias.var() : inProjBias.var().slice(0, first * embedDim, (first + parts) * embedDim);
        return y.add(bias);
    }

    /** [b, l, E] -> [b, h, l, d]. */
    private Var heads(Var x, int b, int l) {
        return x.reshape(b, l, numHeads, headDim).permute(0, 2, 1, 3);
    }

    /** The additive mask from the key-padding mask and attnMask, broadcastable to [b, h, lq, lk], or null. */
    private Tensor mask(String me, boolean[][] keyPadding, Tensor attnMask, int b, int lq, int lk, Var like) {
        Tensor m = null;
        if (keyPadding != null) {
            if (keyPadding.length != b)
                throw new IllegalArgumentException(me + ": keyPaddingMask has " + keyPadding.length + " rows for a batch"
                        + " of " + b);
            float[] a = new float[b * lk];
            for (int i = 0; i < b; i++) {
                if (keyPadding[i].length != lk)
                    throw new IllegalArgumentException(me + ": keyPaddingMask row " + i + " has " + keyPadding[i].length
                            + " entries for " + lk + " keys");
                for (int j = 0; j < lk; j++) if (keyPadding[i][j]) a[i * lk + j] = Float.NEGATIVE_INFINITY;
            }
            m = Tensor.wrap(a, b, 1, 1, lk).to(like.device());
        }
        if (attnMask != null) {
            Tensor am = attnMask;
            Shape full = Shape.of(b, numHeads, lq, lk);
            if (am.rank() == 3 && am.shape().equals(Shape.of(b * numHeads, lq, lk))) am = am.reshape(full);
            if (am.rank() < 2 || am.rank() > 4 || am.dim(-1) != lk || am.dim(-2) != lq || !am.shape().broadcastsTo(full))
                throw new IllegalArgumentException(me + ": attnMask must be [" + lq + ", " + lk + "], [" + b * numHeads
                        + ", " + lq + ", " + lk + "] or broadcast to " + full + ", got " + attnMask.shape());
            am = am.device().equals(like.device()) ? am : am.to(like.device());
            m = m == null ? am : m.add(am);
        }
        return m;
    }
}
