package org.genex.nn.models.tron;

import org.genex.autodiff.Grad;
import org.genex.autodiff.Var;
import org.genex.nn.MLP;
import org.genex.nn.Module;
import org.genex.nn.ReLU;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;

/**
 * Transfer Orthology Networks (specs/tron.md): a source-species network f_theta with a sparse species-conversion
 * layer prepended, masked by the ortholog graph.
 * <pre>
 *   x~_s = x_t (W (.) B) + b           conversion, x_t [N, n_t] -> [N, n_s]      ({@link SparseMaskedLinear})
 *   y^   = f_theta(x~_s)               source network, [N, n_s] -> [N, k]       ({@link MLP}, ReLU, dropout)
 * </pre>
 * Stage 1 trains {@link #source()} on source data ({@link #forwardSource}); stage 2 freezes it and learns the
 * conversion on target data ({@link #forward}); an optional stage 3 fine-tunes both ({@link TronTraining}).
 *
 * <p><b>Names</b> (PyTorch-style, for checkpoints): {@code conversion.weight} [|E|], {@code conversion.bias} [n_s],
 * {@code conversion.edge_index} [2, |E|] (buffer), {@code source.layers.0.weight} [h1, n_s], ... The source
 * network alone is the child {@code source}: a stage-1 checkpoint of {@link #source()} loads into it.
 */
public final class Tron extends Module {
    private final TronConfig config;
    private final SparseMaskedLinear conversion;
    private final MLP source;

    /**
     * @param graph the ortholog graph over source genes: n_s rows (source genes) by n_t columns (target genes)
     */
    public Tron(TronConfig config, CsrMatrix graph, Rng rng) {
        this.config = config;
        this.conversion = module("conversion", new SparseMaskedLinear(graph, config.init(), rng.fork("conversion")));
        this.source = module("source", sourceNetwork(config, graph.rows(), rng.fork("source")));
    }

    /** f_theta alone: n_s -> hidden... -> k, ReLU and dropout between layers (&sect;4). */
    public static MLP sourceNetwork(TronConfig config, int sourceGenes, Rng rng) {
        int[] h = config.hidden();
        int[] dims = new int[h.length + 2];
        dims[0] = sourceGenes;
        System.arraycopy(h, 0, dims, 1, h.length);
        dims[dims.length - 1] = config.outputs();
        return new MLP(dims, new ReLU(), config.dropout(), rng);
    }

    public TronConfig config() { return config; }
    public SparseMaskedLinear conversion() { return conversion; }
    public MLP source() { return source; }

    /** n_t. */
    public int targetGenes() { return conversion.inFeatures(); }

    /** n_s. */
    public int sourceGenes() { return conversion.outFeatures(); }

    /** The target-species prediction: x_t [N, n_t] -> [N, k]. */
    public Var forward(Var xt) {
        Var xs = conversion.forward(xt);                                // [N, n_s]: target in source gene space
        return source.forward(xs);                                      // [N, k]
    }

    /** The source-species prediction: x_s [N, n_s] -> [N, k]. */
    public Var forwardSource(Var xs) { return source.forward(xs); }

    /**
     * The transfer regulariser {@code lambda1 sum_e |w_e| + lambda2 sum_e (w_e - w_e^0)^2}, or null when both are 0.
     */
    public Var regulariser(float lambda1, float lambda2) {
        Var w = conversion.weight().var();
        Var r = null;
        if (lambda1 > 0) r = w.abs().sum().mul(lambda1);
        if (lambda2 > 0) {
            Var w0 = Var.of(Tensor.wrap(conversion.initialWeights(), conversion.edges()).to(w.device()));
            Var l2 = w.sub(w0).square().sum().mul(lambda2);
            r = r == null ? l2 : r.add(l2);
        }
        return r;
    }

    /** Freezes (false) or unfreezes (true) f_theta; returns this. */
    public Tron trainSource(boolean on) {
        source.requiresGrad(on);
        return this;
    }

    /**
     * Predictions in eval mode without recording, in batches of 256: [N, k]. {@code target} says whether x is
     * target-species ([N, n_t], through the conversion) or source-species ([N, n_s]).
     */
    public Tensor predict(Tensor x, boolean target) {
        boolean was = isTraining();
        eval();
        try (Grad.Scope off = Grad.off()) {
            int n = x.dim(0), k = config.outputs();
            float[] out = new float[n * k];
            for (int s = 0; s < n; s += 256) {
                int e = Math.min(n, s + 256);
                Tensor xb = x.rows(s, e);
                Var y = target ? forward(Var.of(xb)) : forwardSource(Var.of(xb));
                System.arraycopy(y.value().toArray(), 0, out, s * k, (e - s) * k);
            }
            return Tensor.wrap(out, n, k);
        } finally {
            train(was);
        }
    }

    /** x~_s = x_t (W (.) B) + b without recording, in batches of 256: [N, n_s]. */
    public Tensor predictConverted(Tensor xt) {
        try (Grad.Scope off = Grad.off()) {
            int n = xt.dim(0), ns = sourceGenes();
            float[] out = new float[n * ns];
            for (int s = 0; s < n; s += 256) {
                int e = Math.min(n, s + 256);
                System.arraycopy(conversion.forward(Var.of(xt.rows(s, e))).value().toArray(), 0, out, s * ns,
                        (e - s) * ns);
            }
            return Tensor.wrap(out, n, ns);
        }
    }
}
