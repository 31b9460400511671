package org.genex.experiments.tron;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.genex.autodiff.Grad;
import org.genex.autodiff.Var;
import org.genex.nn.MLP;
import org.genex.nn.Module;
import org.genex.nn.Parameter;
import org.genex.nn.ReLU;
import org.genex.nn.Trainer;
import org.genex.nn.TrainingTask;
import org.genex.nn.models.tron.Labels;
import org.genex.nn.models.tron.MaskedDenseLinear;
import org.genex.nn.models.tron.Tron;
import org.genex.nn.models.tron.TronConfig;
import org.genex.nn.models.tron.TronTraining;
import org.genex.nn.optim.AdamW;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;

/**
 * TRON and the baselines of specs/tron.md &sect;6.2, each fitted on target training data from one pre-trained source
 * network (a copy per method, so no method sees another's changes):
 * <table>
 *   <caption>methods</caption>
 *   <tr><td>B0</td><td>f_theta on the naive ortholog mapping (W = W^0 = 1/deg), no training</td></tr>
 *   <tr><td>B1</td><td>the same MLP architecture trained from scratch on target data only (n_t inputs), Adam at the
 *       source learning rate</td></tr>
 *   <tr><td>B2</td><td>B0's fixed mapping + full fine-tuning of f_theta (Adam at the source learning rate)</td></tr>
 *   <tr><td>B3</td><td>an unmasked dense conversion layer W [n_s, n_t] (started at W^0, every entry trainable), f_theta
 *       frozen: the value of the orthology mask</td></tr>
 *   <tr><td>TRON</td><td>the masked conversion learned, f_theta frozen</td></tr>
 *   <tr><td>TRON_FT</td><td>TRON, then joint fine-tuning (f_theta at a tenth of the learning rate)</td></tr>
 * </table>
 * Every trained method runs {@code transferEpochs} epochs of batches of {@code transferBatch} (TRON-FT adds
 * {@code fineTuneEpochs}, 30 when the config has 0).
 */
public final class TronMethods {
    private TronMethods() {}

    public enum Method { B0, B1, B2, B3, TRON, TRON_FT }

    /**
     * A fitted method.
     *
     * @param predictions [n_test, k] on the test samples
     * @param edgeWeights the weight of every ortholog edge (CSR order of the graph), or null (B1)
     * @param model       the fitted Tron (B0, B2, TRON, TRON_FT), or null
     */
    public record Fitted(Method method, Tensor predictions, float[] edgeWeights, Tron model) {}

    /**
     * Fits {@code method}.
     *
     * @param sourceState the pre-trained Tron's state dict (its {@code source.*} entries are used)
     * @param graph       the ortholog graph, source genes by target genes
     */
    public static Fitted fit(Method method, TronConfig config, CsrMatrix graph, Map<String, Tensor> sourceState,
                             Tensor xTrain, Labels yTrain, Tensor xTest, long seed) throws IOException {
        Rng rng = Rng.seeded(seed).fork(method.name());
        switch (method) {
            case B1 -> {
                MLP mlp = Tron.sourceNetwork(config, graph.cols(), rng);
                train(mlp, mlp.parameters(), config.sourceLr(), xTrain, yTrain, mlp::forward, config, seed);
                return new Fitted(method, predict(mlp, mlp::forward, xTest, config.outputs()), null, null);
            }
            case B3 -> {
                Tron base = fresh(config, graph, sourceState, rng);
                DenseConversion m = new DenseConversion(new MaskedDenseLinear(base.conversion().denseWeight(), null),
                        base.source());
                base.source().requiresGrad(false);
                base.source().eval();
                train(m, m.conversion.parameters(), config.transferLr(), xTrain, yTrain, m::forward, config, seed);
                float[] w = m.conversion.weight().value().toArray(), ew = new float[graph.nnz()];
                for (int i = 0; i < graph.rows(); i++)
                    for (int e = graph.indptr()[i]; e < graph.indptr()[i + 1]; e++)
                        ew[e] = w[i * graph.cols() + graph.indices()[e]];
                return new Fitted(method, predict(m, m::forward, xTest, config.outputs()), ew, null);
            }
            default -> {
                Tron m = fresh(method == Method.TRON_FT && config.fineTuneEpochs() == 0
                        ? config.withFineTune(30, config.fineTuneLrFactor()) : config, graph, sourceState, rng);
                switch (method) {
                    case B0 -> { }
                    case B2 -> {
                        m.conversion().requiresGrad(false);
                        train(m, m.source().parameters(), config.sourceLr(), xTrain, yTrain, m::forward, config, seed);
                        m.conversion().requiresGrad(true);
                    }
                    case TRON -> TronTraining.transfer(m, xTrain, yTrain, TronTraining.Run.seeded(seed));
                    case TRON_FT -> {
                        TronTraining.transfer(m, xTrain, yTrain, TronTraining.Run.seeded(seed));
                        TronTraining.fineTune(m, xTrain, yTrain, TronTraining.Run.seeded(seed + 1));
                    }
                    default -> throw new IllegalStateException(method.name());
                }
                return new Fitted(method, m.predict(xTest, true), m.conversion().weight().value().toArray(), m);
            }
        }
    }

    /** A Tron with the pre-trained source network and a freshly initialised conversion layer. */
    static Tron fresh(TronConfig config, CsrMatrix graph, Map<String, Tensor> sourceState, Rng rng) {
        Tron m = new Tron(config, graph, rng);
        Map<String, Tensor> src = new java.util.LinkedHashMap<>();
        sourceState.forEach((k, v) -> {
            if (k.startsWith("source.")) src.put(k.substring("source.".length()), v);
        });
        m.source().loadStateDict(src);
        return m;
    }

    /** The unmasked dense conversion (B3) in front of the source network. */
    static final class DenseConversion extends Module {
        final MaskedDenseLinear conversion;
        final MLP source;

        DenseConversion(MaskedDenseLinear conversion, MLP source) {
            this.conversion = module("conversion", conversion);
            this.source = module("source", source);
        }

        Var forward(Var xt) { return source.forward(conversion.forward(xt)); }
    }

    private static void train(Module model, List<Parameter> params, float lr, Tensor x, Labels y,
                              java.util.function.Function<Var, Var> forward, TronConfig c, long seed)
            throws IOException {
        TrainingTask task = new TrainingTask() {
            public int size() { return x.dim(0); }
            public Var loss(int[] batch) { return y.loss(forward.apply(Var.of(x.indexSelect(0, batch))), batch); }
        };
        Trainer.Config tc = Trainer.Config.defaults().withSeed(seed).withEpochs(Math.max(1, c.transferEpochs()))
                .withBatchSize(c.transferBatch());
        new Trainer(model, AdamW.adam(params, lr, 0f), task, tc).fit();
    }

    private static Tensor predict(Module m, java.util.function.Function<Var, Var> forward, Tensor x, int k) {
        boolean was = m.isTraining();
        m.eval();
        try (Grad.Scope off = Grad.off()) {
            int n = x.dim(0);
            float[] out = new float[n * k];
            for (int s = 0; s < n; s += 256) {
                int e = Math.min(n, s + 256);
                System.arraycopy(forward.apply(Var.of(x.rows(s, e))).value().toArray(), 0, out, s * k, (e - s) * k);
            }
            return Tensor.wrap(out, n, k);
        } finally {
            m.train(was);
        }
    }
}
