package org.genex.nn;

import org.genex.autodiff.Var;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;

/**
 * A Transformer encoder block, as PyTorch's {@code nn.TransformerEncoderLayer(d_model, nhead,
 * dim_feedforward=2048, dropout=0.1, activation=relu, layer_norm_eps=1e-5, batch_first=True, norm_first=False,
 * bias=True)}, with its children {@code self_attn} ({@link MultiHeadAttention} with the same dropout),
 * {@code linear1}, {@code dropout}, {@code linear2}, {@code norm1}, {@code norm2}, {@code dropout1},
 * {@code dropout2} (and {@code activation}), so its state dict has PyTorch's keys. Inputs are batch-first only:
 * x [b, l, dModel]. With {@code sa(x) = dropout1(self_attn(x, x, x))} and
 * {@code ff(x) = dropout2(linear2(dropout(activation(linear1(x)))))}:
 * <pre>
 *   post-norm (normFirst = false, the paper's):  x = norm1(x + sa(x));   x = norm2(x + ff(x))
 *   pre-norm  (normFirst = true):                x = x + sa(norm1(x));   x = x + ff(norm2(x))
 * </pre>
 */
public final class TransformerEncoderLayer extends Module implements Layer {
    public final int dModel;
    public final boolean normFirst;
    private final MultiHeadAttention selfAttn;
    private final Linear linear1, linear2;
    private final LayerNorm norm1, norm2;
    private final Dropout dropout, dropout1, dropout2;
    private final Layer activation;

    /**
     * @param dimFeedforward the hidden width of the feed-forward block (PyTorch's default 2048)
     * @param dropout        dropout probability everywhere, attention weights included (PyTorch's default 0.1)
     * @param activation     {@code new ReLU()} (PyTorch's default) or {@code new GELU()}; any stateless layer
     * @param layerNormEps   the norms' eps (PyTorch's default 1e-5)
     * @param normFirst      pre-norm instead of post-norm (PyTorch's default false)
     * @param bias           biases in the linear layers, the attention and the norms (PyTorch's default true)
     */
    public TransformerEncoderLayer(int dModel, int nhead, int dimFeedforward, float dropout, Layer activation,
                                   float layerNormEps, boolean normFirst, boolean bias, Rng rng) {
        if (activation == null) throw new IllegalArgumentException("TransformerEncoderLayer: the activation is null");
        this.dModel = dModel;
        this.normFirst = normFirst;
        this.selfAttn = module("self_attn", new MultiHeadAttention(dModel, nhead, dropout, bias, dModel, dModel, rng));
        this.linear1 = module("linear1", new Linear(dModel, dimFeedforward, bias, rng));
        this.dropout = module("dropout", new Dropout(dropout, rng));
        this.linear2 = module("linear2", new Linear(dimFeedforward, dModel, bias, rng));
        this.norm1 = module("norm1", new LayerNorm(dModel, layerNormEps, true, bias));
        this.norm2 = module("norm2", new LayerNorm(dModel, layerNormEps, true, bias));
        this.dropout1 = module("dropout1", new Dropout(dropout, rng));
        this.dropout2 = module("dropout2", new Dropout(dropout, rng));
        this.activation = activation;
        if (activation instanceof Module m) module("activation", m);
    }

    /** PyTorch's defaults: dim_feedforward 2048, dropout 0.1, ReLU, eps 1e-5, post-norm, biases. */
    public TransformerEncoderLayer(int dModel, int nhead, Rng rng) {
        this(dModel, nhead, 2048, 0.1f, new ReLU(), 1e-5f, false, true, rng);
    }

    public MultiHeadAttention selfAttn() { return selfAttn; }
    public Linear linear1() { return linear1; }
    public Linear linear2() { return linear2; }
    public LayerNorm norm1() { return norm1; }
    public LayerNorm norm2() { return norm2; }

    @Override
    public Var forward(Var src) { return forward(src, null, null, false); }

    /**
     * With an additive attention mask (nullable; see {@link MultiHeadAttention}), a key-padding mask [b][l]
     * (nullable; true = ignore) and a causal flag: PyTorch's {@code src_mask}, {@code src_key_padding_mask},
     * {@code is_causal} (here the flag itself builds the mask).
     */
    public Var forward(Var src, Tensor srcMask, boolean[][] srcKeyPaddingMask, boolean causal) {
        checkLastDim("TransformerEncoderLayer(" + dModel + ")", src.shape(), dModel);
        Var x = src;
        if (normFirst) {
            x = x.add(sa(norm1.forward(x), srcMask, srcKeyPaddingMask, causal));
            x = x.add(ff(norm2.forward(x)));
        } else {
            x = norm1.forward(x.add(sa(x, srcMask, srcKeyPaddingMask, causal)));
            x = norm2.forward(x.add(ff(x)));
        }
        return x;
    }

    private Var sa(Var x, Tensor mask, boolean[][] keyPadding, boolean causal) {
        Var y = selfAttn.attend(x, x, x, keyPadding, mask, causal, MultiHeadAttention.Weights.NONE).output();
        return dropout1.forward(y);
    }

    private Var ff(Var x) {
        return dropout2.forward(linear2.forward(dropout.forward(activation.forward(linear1.forward(x)))));
    }
}
