package org.genex.experiments.gexbert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BiFunction;
import org.genex.autodiff.Grad;
import org.genex.autodiff.Functional.Reduction;
import org.genex.autodiff.Var;
import org.genex.nn.GELU;
import org.genex.nn.MLP;
import org.genex.nn.Module;
import org.genex.nn.ReLU;
import org.genex.nn.Trainer;
import org.genex.nn.TrainingTask;
import org.genex.nn.loss.Losses;
import org.genex.nn.optim.AdamW;
import org.genex.nn.optim.LrSchedule;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;

/**
 * The baselines of the GexBERT tasks that need {@code nn}: an MLP classifier on the same k genes (&sect;5.1) and a
 * denoising autoencoder imputer (&sect;5.3), both trained through the common {@link Trainer} on the training
 * patients only.
 */
public final class NeuralBaselines {
    private NeuralBaselines() {}

    /** Trains {@code model} with AdamW and a cosine schedule on {@code n} samples; {@code loss} gets the batch. */
    static void fit(Module model, int n, BiFunction<int[], Long, Var> loss, int epochs, int batch, float lr, long seed) {
        long[] calls = {0};
        TrainingTask task = new TrainingTask() {
            public int size() { return n; }
            public Var loss(int[] b) { return loss.apply(b, calls[0]++); }
        };
        long steps = (long) epochs * Trainer.stepsPerEpoch(n, batch, 1, false);
        Trainer.Config cfg = Trainer.Config.defaults().withEpochs(epochs).withBatchSize(batch).withSeed(seed)
                .withSchedule(LrSchedule.cosineWithWarmup(Math.max(1, steps / 20), Math.max(2, steps), 0.0))
                .withClipNorm(1.0);
        try {
            new Trainer(model, new AdamW(model.trainableParameters(), lr), task, cfg).fit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * MLP classifier k -> hidden -> hidden -> classes (ReLU, dropout 0.1) on per-feature standardised inputs,
     * cross-entropy, AdamW 1e-3; returns the test predictions.
     */
    public static int[] mlpClassify(double[][] train, int[] y, double[][] test, int classes, int hidden, int epochs,
                                    long seed) {
        int p = train[0].length;
        double[] mean = new double[p], sd = new double[p];
        Standard.fit(train, mean, sd);
        Tensor xt = Standard.tensor(train, mean, sd), xs = Standard.tensor(test, mean, sd);
        Rng rng = Rng.seeded(seed).fork("mlp");
        MLP mlp = new MLP(new int[]{p, hidden, hidden, classes}, new ReLU(), 0.1f, true, rng);
        fit(mlp, train.length, (b, call) -> Losses.crossEntropy(mlp.forward(Var.of(xt.indexSelect(0, b))), pick(y, b)),
                epochs, 64, 1e-3f, seed);
        mlp.eval();
        try (Grad.Scope off = Grad.off()) {
            return mlp.forward(Var.of(xs)).value().argmax(1);
        }
    }

    static int[] pick(int[] y, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = y[idx[i]];
        return out;
    }

    /**
     * A denoising autoencoder imputer (Vincent et al. 2008; the "deep autoencoder" baseline of &sect;5.3):
     * genes standardised on the training patients; input [x &middot; o, o] (values with missing entries at 0 = the
     * gene mean, and the observed indicator o), MLP 2G -> h -> h/2 -> h -> G (GELU, dropout 0.1); trained to
     * reconstruct entries hidden by a fresh MCAR corruption of every batch at a rate drawn U(0.1, 0.9) per patient,
     * loss = MSE on the hidden, truly observed entries. Imputes NaNs with the output.
     */
    public static final class DenoisingAutoencoder {
        private final int g;
        private final double[] mean, sd;
        private final MLP net;

        private DenoisingAutoencoder(int g, double[] mean, double[] sd, MLP net) {
            this.g = g;
            this.mean = mean;
            this.sd = sd;
            this.net = net;
        }

        /** Fits on {@code x} [n * g] (the training patients; NaN = missing). */
        public static DenoisingAutoencoder fit(float[] x, int n, int g, int hidden, int epochs, long seed) {
            double[] mean = new double[g], sd = new double[g];
            for (int j = 0; j < g; j++) {
                double s = 0, ss = 0;
                int c = 0;
                for (int i = 0; i < n; i++) {
                    float v = x[i * g + j];
                    if (Float.isNaN(v)) continue;
                    s += v;
                    ss += v * v;
                    c++;
                }
                mean[j] = c == 0 ? 0 : s / c;
                sd[j] = c < 2 ? 1 : Math.sqrt(Math.max(1e-8, ss / c - mean[j] * mean[j]));
            }
            Rng rng = Rng.seeded(seed).fork("dae");
            MLP net = new MLP(new int[]{2 * g, hidden, hidden / 2, hidden, g}, new GELU(), 0.1f, true, rng);
            DenoisingAutoencoder dae = new DenoisingAutoencoder(g, mean, sd, net);
            Rng corrupt = rng.fork("corruption");
            NeuralBaselines.fit(net, n, (b, call) -> {
                Rng r = corrupt.fork(call);
                int m = b.length;
                float[] in = new float[m * 2 * g], target = new float[m * g], mask = new float[m * g];
                for (int i = 0; i < m; i++) {
                    double rate = r.uniform(0.1, 0.9);
                    for (int j = 0; j < g; j++) {
                        float v = x[b[i] * g + j];
                        if (Float.isNaN(v)) continue;
                        float z = (float) ((v - mean[j]) / sd[j]);
                        if (r.nextDouble() < rate) {
                            target[i * g + j] = z;
                            mask[i * g + j] = 1f;
                        } else {
                            in[i * 2 * g + j] = z;
                            in[i * 2 * g + g + j] = 1f;
                        }
                    }
                }
                Var out = net.forward(Var.of(Tensor.wrap(in, m, 2 * g)));
                return Losses.mse(out, Var.of(Tensor.wrap(target, m, g)), Tensor.wrap(mask, m, g), Reduction.MEAN);
            }, epochs, 32, 1e-3f, seed);
            return dae;
        }

        /** {@code x} [n * g] with every NaN replaced by the reconstruction (a new array). */
        public float[] impute(float[] x, int n) {
            float[] in = new float[n * 2 * g], out = x.clone();
            for (int i = 0; i < n; i++)
                for (int j = 0; j < g; j++) {
                    float v = x[i * g + j];
                    if (Float.isNaN(v)) continue;
                    in[i * 2 * g + j] = (float) ((v - mean[j]) / sd[j]);
                    in[i * 2 * g + g + j] = 1f;
                }
            net.eval();
            float[] y;
            try (Grad.Scope off = Grad.off()) {
                y = net.forward(Var.of(Tensor.wrap(in, n, 2 * g))).value().toArray();
            }
            for (int i = 0; i < n; i++)
                for (int j = 0; j < g; j++)
                    if (Float.isNaN(out[i * g + j])) out[i * g + j] = (float) (y[i * g + j] * sd[j] + mean[j]);
            return out;
        }
    }

    /** Per-column standardisation helpers. */
    static final class Standard {
        static void fit(double[][] x, double[] mean, double[] sd) {
            int n = x.length, p = mean.length;
            for (int j = 0; j < p; j++) {
                double s = 0, ss = 0;
                for (double[] r : x) s += r[j];
                mean[j] = s / n;
                for (double[] r : x) ss += (r[j] - mean[j]) * (r[j] - mean[j]);
                sd[j] = Math.sqrt(ss / n);
                if (!(sd[j] > 1e-12)) sd[j] = 1;
            }
        }

        static Tensor tensor(double[][] x, double[] mean, double[] sd) {
            int n = x.length, p = mean.length;
            float[] out = new float[n * p];
            for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) out[i * p + j] = (float) ((x[i][j] - mean[j]) / sd[j]);
            return Tensor.wrap(out, n, p);
        }
    }
}
