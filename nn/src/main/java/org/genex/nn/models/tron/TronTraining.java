package org.genex.nn.models.tron;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.genex.autodiff.Grad;
import org.genex.autodiff.Var;
import org.genex.nn.MLP;
import org.genex.nn.Trainer;
import org.genex.nn.TrainingListener;
import org.genex.nn.TrainingTask;
import org.genex.nn.optim.AdamW;
import org.genex.nn.optim.Optimizer;
import org.genex.tensor.Tensor;

/**
 * TRON's training stages (specs/tron.md &sect;2 "Training stages", &sect;5), each one {@link Trainer} run with its own
 * optimizer over its own parameter group (Adam, betas 0.9/0.999, no weight decay):
 * <ol>
 *   <li>{@link #pretrainSource}: f_theta on (X_s, y_s); early stopping on a validation split when given.</li>
 *   <li>{@link #transfer}: f_theta frozen ({@code requiresGrad(false)}, so it is not even in the graph's
 *       gradient), Adam on {w, b} of the conversion layer only, loss = task loss + the optional L1/L2 terms.</li>
 *   <li>{@link #fineTune}: both groups, f_theta at {@code fineTuneLrFactor} times the transfer learning rate.</li>
 * </ol>
 * Each stage takes an optional checkpoint directory (the Trainer's atomic checkpoints of the whole model, with the
 * config and seed as metadata) and a listener for progress.
 */
public final class TronTraining {
    private TronTraining() {}

    /** Where a stage checkpoints (null: none) and who hears about progress (null: nobody). */
    public record Run(long seed, Path checkpointDir, TrainingListener listener) {
        public static Run seeded(long seed) { return new Run(seed, null, null); }
    }

    /**
     * Stage 1: trains f_theta (the model's {@link Tron#source()}) on source data; see
     * {@link #pretrainSource(MLP, TronConfig, Tensor, Labels, Tensor, Labels, Run)}.
     */
    public static Trainer.Result pretrainSource(Tron model, Tensor xs, Labels ys, Tensor xVal, Labels yVal, Run run)
            throws IOException {
        return pretrainSource(model.source(), model.config(), xs, ys, xVal, yVal, run);
    }

    /**
     * Stage 1 on the source network alone (no ortholog graph needed): its checkpoints hold only f_theta's keys
     * ({@code layers.0.weight}, ...), which load into {@code Tron.source()}.
     *
     * @param xs   [N, n_s] preprocessed source profiles
     * @param xVal [M, n_s] validation profiles for early stopping, or null
     */
    public static Trainer.Result pretrainSource(MLP source, TronConfig c, Tensor xs, Labels ys, Tensor xVal,
                                                Labels yVal, Run run) throws IOException {
        source.requiresGrad(true);
        TrainingTask task = new TrainingTask() {
            public int size() { return xs.dim(0); }
            public Var loss(int[] batch) { return ys.loss(source.forward(Var.of(xs.indexSelect(0, batch))), batch); }
            public Map<String, Double> evaluate() {
                if (xVal == null) return Map.of();
                return Map.of("val_loss", (double) yVal.loss(Var.of(predict(source, xVal, c.outputs())),
                        all(xVal.dim(0))).item());
            }
        };
        Optimizer opt = AdamW.adam(source.parameters(), c.sourceLr(), 0f);
        Trainer.Config tc = base(run, c).withEpochs(Math.max(1, c.sourceEpochs())).withBatchSize(c.sourceBatch());
        if (xVal != null && c.sourcePatience() > 0)
            tc = tc.withEarlyStopping(Trainer.EarlyStopping.min("val_loss", c.sourcePatience(), 1e-4));
        return new Trainer(source, opt, task, tc).listener(orNone(run)).fit();
    }

    /** The source network's outputs [N, k] in eval mode without recording, in batches of 256. */
    public static Tensor predict(MLP source, Tensor x, int k) {
        boolean was = source.isTraining();
        source.eval();
        try (Grad.Scope off = Grad.off()) {
            int n = x.dim(0);
            float[] out = new float[n * k];
            for (int s = 0; s < n; s += 256) {
                int e = Math.min(n, s + 256);
                System.arraycopy(source.forward(Var.of(x.rows(s, e))).value().toArray(), 0, out, s * k, (e - s) * k);
            }
            return Tensor.wrap(out, n, k);
        } finally {
            source.train(was);
        }
    }

    /** Stage 2: learns the conversion layer on target data with f_theta frozen. */
    public static Trainer.Result transfer(Tron model, Tensor xt, Labels yt, Run run) throws IOException {
        TronConfig c = model.config();
        model.trainSource(false);
        model.conversion().requiresGrad(true);
        Optimizer opt = AdamW.adam(model.conversion().parameters(), c.transferLr(), 0f);
        Trainer.Config tc = base(run, c).withEpochs(Math.max(1, c.transferEpochs())).withBatchSize(c.transferBatch());
        boolean wasTraining = model.source().isTraining();
        model.source().eval();                              // frozen f_theta: no dropout noise either
        try {
            return new Trainer(model, opt, targetTask(model, xt, yt, c.lambda1(), c.lambda2()), tc)
                    .listener(orNone(run)).fit();
        } finally {
            model.source().train(wasTraining);
            model.trainSource(true);
        }
    }

    /** Stage 3 (optional): joint fine-tuning, f_theta at a smaller learning rate; a no-op with 0 epochs. */
    public static Trainer.Result fineTune(Tron model, Tensor xt, Labels yt, Run run) throws IOException {
        TronConfig c = model.config();
        if (c.fineTuneEpochs() == 0) return null;
        model.trainSource(true);
        model.conversion().requiresGrad(true);
        Optimizer opt = new AdamW(List.of(
                new Optimizer.Group(model.conversion().parameters(), c.transferLr(), 0f),
                new Optimizer.Group(model.source().parameters(), c.transferLr() * c.fineTuneLrFactor(), 0f)),
                AdamW.BETA1, AdamW.BETA2, AdamW.EPS, false);
        Trainer.Config tc = base(run, c).withEpochs(c.fineTuneEpochs()).withBatchSize(c.transferBatch());
        return new Trainer(model, opt, targetTask(model, xt, yt, c.lambda1(), c.lambda2()), tc)
                .listener(orNone(run)).fit();
    }

    /** The transfer objective on target samples: task loss plus the regulariser. */
    static TrainingTask targetTask(Tron model, Tensor xt, Labels yt, float l1, float l2) {
        return new TrainingTask() {
            public int size() { return xt.dim(0); }
            public Var loss(int[] batch) {
                Var l = yt.loss(model.forward(Var.of(xt.indexSelect(0, batch))), batch);
                Var r = model.regulariser(l1, l2);
                return r == null ? l : l.add(r);
            }
        };
    }

    private static Trainer.Config base(Run run, TronConfig c) {
        Trainer.Config tc = Trainer.Config.defaults().withSeed(run.seed()).withProvenance(c.toJson(), null);
        return run.checkpointDir() == null ? tc : tc.withCheckpoints(run.checkpointDir(), 0);
    }

    private static TrainingListener orNone(Run run) {
        return run.listener() != null ? run.listener() : new TrainingListener() {};
    }

    static int[] all(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }
}
