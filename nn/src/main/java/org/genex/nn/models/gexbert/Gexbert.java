package org.genex.nn.models.gexbert;

import java.util.ArrayList;
import java.util.List;
import org.genex.autodiff.Functional;
import org.genex.autodiff.Grad;
import org.genex.autodiff.Functional.Reduction;
import org.genex.autodiff.Var;
import org.genex.nn.Embedding;
import org.genex.nn.GELU;
import org.genex.nn.LayerNorm;
import org.genex.nn.Linear;
import org.genex.nn.Module;
import org.genex.nn.MultiHeadAttention;
import org.genex.nn.Parameter;
import org.genex.nn.TransformerEncoder;
import org.genex.nn.TransformerEncoderLayer;
import org.genex.nn.loss.Losses;
import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;

/**
 * GexBERT (Jiang &amp; Hassanpour 2025; specs/gexbert.md): a transformer autoencoder over sets of genes, pre-trained
 * by masking and restoration, MAE-style (choice G3).
 *
 * <pre>
 *   token        x_i^(j) = x_i + e_j                     gene embedding + level (or missing) embedding, no positions
 *   encoder      [CLS] + {tokens of the observed genes O} -> L_enc pre-LN blocks + LN -> h_CLS, {h_i}
 *   decoder      [h_CLS, {h_i}, {x_i + e_missing : i in M}] -> L_dec pre-LN blocks + LN -> u_i (queries carry gene identity)
 *   level head   logits_i = Linear(d -> N_levels + 1)(u_i)          (the decoder's final LN is the LN of the spec)
 *   value        v_i = sum_j softmax(logits_i)_j c_{i,j}           (c = the tokenizer's level centres)
 *   loss         CE(logits_i, level_i) + lambda (v_i - y_i)^2, averaged over masked, truly observed genes
 *   patient      [h_CLS, mean_{i in O} h_i]                          (choice G6, 2d features)
 * </pre>
 *
 * Parameter names (PyTorch-style): {@code gene_embedding.weight} [G, d], {@code level_embedding.weight}
 * [N_levels + 2, d], {@code cls_token} [1, 1, d], {@code encoder.layers.k.*} and {@code encoder.norm.*} (PyTorch's
 * {@code nn.TransformerEncoder} of {@code norm_first=True, activation="gelu", batch_first=True} layers),
 * {@code decoder.*} (the same), {@code level_head.*}; buffers {@code tokenizer.edges}, {@code tokenizer.centres}.
 */
public final class Gexbert extends Module {
    public final GexbertConfig config;
    private final Embedding geneEmbedding, levelEmbedding;
    private final Parameter clsToken;
    private final TransformerEncoder encoder, decoder;
    private final Linear levelHead;
    private final LevelTokenizer tokenizer;

    public Gexbert(GexbertConfig c, Rng rng) {
        this.config = c;
        int d = c.dModel();
        this.geneEmbedding = module("gene_embedding", new Embedding(c.genes(), d, rng));
        this.levelEmbedding = module("level_embedding", new Embedding(c.levels() + 2, d, rng));
        this.clsToken = parameter("cls_token", rng.normal(Shape.of(1, 1, d), 0f, 0.02f));
        this.encoder = module("encoder", stack(c, c.encoderLayers(), rng));
        this.decoder = module("decoder", stack(c, c.decoderLayers(), rng));
        this.levelHead = module("level_head", new Linear(d, c.levelClasses(), true, rng));
        this.tokenizer = module("tokenizer", new LevelTokenizer(c.genes(), c.levels()));
    }

    private static TransformerEncoder stack(GexbertConfig c, int layers, Rng rng) {
        int d = c.dModel();
        return new TransformerEncoder(i -> new TransformerEncoderLayer(d, c.heads(), c.ffnMultiplier() * d,
                c.dropout(), new GELU(), 1e-5f, true, true, rng), layers, new LayerNorm(d));
    }

    public LevelTokenizer tokenizer() { return tokenizer; }
    public TransformerEncoder encoder() { return encoder; }
    public TransformerEncoder decoder() { return decoder; }

    /** Patient representation width: 2d (CLS and mean pool). */
    public int embeddingDim() { return 2 * config.dModel(); }

    // ------------------------------------------------------------------------------------------------ forward

    /** Tokens x_i + e_level: genes and levels [b * n] -> [b, n, d]. */
    public Var tokens(int[] genes, int[] levels, int b, int n) {
        return geneEmbedding.forward(genes, b, n).add(levelEmbedding.forward(levels, b, n));
    }

    /**
     * The encoder over [CLS] + the tokens of genes/levels [b * n] (a level may be the missing id), with an optional
     * key padding [b][n] (true = padding, left out of attention): returns h [b, 1 + n, d], h[:, 0] = h_CLS.
     */
    public Var encode(int[] genes, int[] levels, int b, int n, boolean[][] padding) {
        int d = config.dModel();
        Var cls = clsToken.var().broadcastTo(Shape.of(b, 1, d));                    // [b, 1, d]
        Var x = Var.concat(1, cls, tokens(genes, levels, b, n));                     // [b, 1 + n, d]
        return encoder.forward(x, null, withCls(padding, b, n, 0), false);
    }

    /**
     * The decoder: encoder states h [b, 1 + n, d] (padding as given to {@link #encode}) and m query genes per patient
     * [b * m]; returns the level logits of the queries [b * m, N_levels + 1].
     */
    public Var restore(Var h, boolean[][] padding, int[] queryGenes, int b, int m) {
        int d = config.dModel(), l = h.dim(1);
        int[] missing = new int[b * m];
        java.util.Arrays.fill(missing, config.missingId());
        Var q = tokens(queryGenes, missing, b, m);                                  // [b, m, d]: x_i + e_missing
        Var u = decoder.forward(Var.concat(1, h, q), null, withCls(padding, b, l - 1, m), false); // [b, l + m, d]
        return levelHead.forward(u.slice(1, l, l + m).reshape(b * m, d));          // [b * m, N_levels + 1]
    }

    /** Expected log values of restored genes: sum_j softmax(logits)_j c_{gene, j}, logits [k, C] -> [k]. */
    public Var expectedValue(Var logits, int[] genes) {
        Tensor c = tokenizer.centres().indexSelect(0, genes);                       // [k, C]
        return Functional.softmax(logits, -1).mul(Var.of(c)).sum(false, 1);
    }

    /** Patient representation [b, 2d]: h_CLS and the mean of the non-padding gene states. */
    public Var patientEmbedding(Var h, boolean[][] padding) {
        int b = h.dim(0), n = h.dim(1) - 1;
        Var cls = h.slice(1, 0, 1).reshape(b, config.dModel());
        Var genes = h.slice(1, 1, n + 1);                                           // [b, n, d]
        Var mean;
        if (padding == null) mean = genes.mean(false, 1);
        else {
            float[] w = new float[b * n];
            for (int i = 0; i < b; i++) {
                int kept = 0;
                for (int j = 0; j < n; j++) if (!padding[i][j]) kept++;
                for (int j = 0; j < n; j++) w[i * n + j] = padding[i][j] ? 0f : 1f / Math.max(1, kept);
            }
            mean = genes.mul(Var.of(Tensor.wrap(w, b, n, 1))).sum(false, 1);
        }
        return Var.concat(1, cls, mean);
    }

    /**
     * The restoration loss of a batch (&sect;4): cross-entropy over the levels of the masked genes whose level is
     * known, plus {@code valueLossWeight} times the squared error of the expected value there.
     */
    public Var restorationLoss(MaskedBatch batch) {
        Var h = encode(batch.genes(), batch.levels(), batch.b(), batch.n(), null);
        Var logits = restore(h, null, batch.queryGenes(), batch.b(), batch.m());
        Var loss = Losses.crossEntropy(logits, batch.targets(), null, Functional.IGNORE_INDEX, 0f, Reduction.MEAN);
        if (config.valueLossWeight() > 0) {
            int k = batch.targets().length, kept = 0;
            float[] mask = new float[k], y = new float[k];
            for (int i = 0; i < k; i++)
                if (batch.targets()[i] != Functional.IGNORE_INDEX) {
                    mask[i] = 1f;
                    y[i] = batch.values()[i];
                    kept++;
                }
            if (kept > 0) {
                Var v = expectedValue(logits, batch.queryGenes());
                loss = loss.add(Losses.mse(v, Var.of(Tensor.wrap(y, k)), Tensor.wrap(mask, k), Reduction.MEAN)
                        .mul(config.valueLossWeight()));
            }
        }
        return loss;
    }

    // ------------------------------------------------------------------------------------------------ attention

    /**
     * Head-averaged attention of every encoder layer, [b, 1 + n, 1 + n] each (row 0 is CLS's attention), computed in
     * inference mode without gradients by running the pre-LN blocks step by step (the same arithmetic as
     * {@link #encode} in eval mode).
     */
    public List<Tensor> encoderAttention(int[] genes, int[] levels, int b, int n, boolean[][] padding) {
        return encoderAttentionAndStates(genes, levels, b, n, padding, null);
    }

    /** As {@link #encoderAttention}; {@code states[0]} receives the encoder output h [b, 1 + n, d] of that pass. */
    List<Tensor> encoderAttentionAndStates(int[] genes, int[] levels, int b, int n, boolean[][] padding,
                                           Tensor[] states) {
        boolean wasTraining = isTraining();
        eval();
        List<Tensor> out = new ArrayList<>();
        try (Grad.Scope off = Grad.off()) {
            int d = config.dModel();
            boolean[][] pad = withCls(padding, b, n, 0);
            Var x = Var.concat(1, clsToken.var().broadcastTo(Shape.of(b, 1, d)), tokens(genes, levels, b, n));
            for (TransformerEncoderLayer layer : encoder.layers()) {
                Var a = layer.norm1().forward(x);
                MultiHeadAttention.Output o = layer.selfAttn().attend(a, a, a, pad, null, false,
                        MultiHeadAttention.Weights.AVERAGED);
                out.add(o.weights());
                x = x.add(o.output());
                x = x.add(layer.linear2().forward(layer.linear1().forward(layer.norm2().forward(x)).gelu()));
            }
            if (states != null) states[0] = encoder.norm().forward(x).value();
        } finally {
            train(wasTraining);
        }
        return out;
    }

    /**
     * Attention rollout (Abnar &amp; Zuidema 2020) of per-layer head-averaged weights [b, L, L]: the product over
     * layers of 0.5 A + 0.5 I (rows renormalised), first layer rightmost; returns [b, L, L].
     */
    public static Tensor rollout(List<Tensor> layers) {
        Tensor first = layers.get(0);
        int b = first.dim(0), l = first.dim(1);
        float[] r = new float[b * l * l];
        for (int i = 0; i < b; i++) for (int j = 0; j < l; j++) r[(i * l + j) * l + j] = 1f;
        for (Tensor a : layers) {
            float[] w = a.toArray(), next = new float[r.length];
            for (int i = 0; i < b; i++) {
                int o = i * l * l;
                for (int p = 0; p < l; p++) {
                    double rowSum = 0;
                    float[] row = new float[l];
                    for (int q = 0; q < l; q++) {
                        row[q] = 0.5f * w[o + p * l + q] + (p == q ? 0.5f : 0f);
                        rowSum += row[q];
                    }
                    for (int q = 0; q < l; q++) {
                        float aq = (float) (row[q] / rowSum);
                        if (aq == 0) continue;
                        for (int s = 0; s < l; s++) next[o + p * l + s] += aq * r[o + q * l + s];
                    }
                }
            }
            r = next;
        }
        return Tensor.wrap(r, b, l, l);
    }

    /** The padding [b][n] with {@code before} false columns in front and {@code after} behind; null stays null. */
    private static boolean[][] withCls(boolean[][] padding, int b, int n, int after) {
        if (padding == null) return null;
        if (padding.length != b)
            throw new IllegalArgumentException("Gexbert: padding has " + padding.length + " rows for a batch of " + b);
        boolean[][] out = new boolean[b][1 + n + after];
        for (int i = 0; i < b; i++) {
            if (padding[i].length != n)
                throw new IllegalArgumentException("Gexbert: padding row " + i + " has " + padding[i].length
                        + " entries for " + n + " genes");
            System.arraycopy(padding[i], 0, out[i], 1, n);
        }
        return out;
    }
}
