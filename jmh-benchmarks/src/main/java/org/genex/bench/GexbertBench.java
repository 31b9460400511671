package org.genex.bench;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.genex.autodiff.Var;
import org.genex.nn.models.gexbert.Gexbert;
import org.genex.nn.models.gexbert.GexbertConfig;
import org.genex.nn.models.gexbert.MaskedBatch;
import org.genex.nn.optim.AdamW;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;
import org.openjdk.jmh.annotations.*;

/**
 * GexBERT pre-training throughput, small configuration ({@link GexbertConfig#small()}: d 64, 2 encoder + 1 decoder
 * pre-LN blocks, 4 heads, FFN 256, dropout 0.1, G = 1,000 genes, 10 levels, 128 sampled genes of which 39 are
 * masked, batch 32): one step = zero grad, the restoration loss (cross-entropy + expected-value MSE) of a masked
 * batch, backward, AdamW (lr 1e-3, wd 0.01). The batches are drawn once (8 of them, cycled) from random levels, as
 * in {@code experiments/scripts/gexbert_torch_throughput.py}, which runs the same architecture in PyTorch.
 * Throughput = 32 x 128 sampled gene tokens per step.
 *
 * <p>JMH: {@code java --add-modules jdk.incubator.vector -jar jmh-benchmarks/target/benchmarks.jar GexbertBench}.
 * Without JMH: {@code ... -cp benchmarks.jar org.genex.bench.GexbertBench [threads] [seconds]} prints tokens/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GexbertBench {
    @Param({"2"})
    public int threads;

    private Workload w;

    /** The model, optimizer and pre-drawn batches. */
    public static final class Workload {
        final GexbertConfig config = GexbertConfig.small();
        final Gexbert model;
        final AdamW optimizer;
        final MaskedBatch[] batches = new MaskedBatch[8];
        int next;

        public Workload(long seed) {
            Rng rng = Rng.seeded(seed);
            model = new Gexbert(config, rng.fork("model"));
            int g = config.genes(), patients = 256;
            float[] x = new float[patients * g];
            rng.fork("data").fillUniform(x, 0f, 10f);
            model.tokenizer().fit(x, patients);
            int[] levels = model.tokenizer().levels(x, patients);
            Rng b = rng.fork("batches");
            for (int i = 0; i < batches.length; i++) {
                int[] rows = b.sampleWithoutReplacement(patients, config.batchSize());
                batches[i] = MaskedBatch.sample(levels, x, g, rows, config.sampledGenes(),
                        config.maskedCount(config.sampledGenes()), config.missingId(), b.fork(i));
            }
            optimizer = new AdamW(model.trainableParameters(), config.learningRate());
        }

        /** One training step; returns the loss. */
        public float step() {
            optimizer.zeroGrad();
            model.zeroGrad();
            Var loss = model.restorationLoss(batches[next++ & 7]);
            loss.backward();
            optimizer.step();
            return loss.item();
        }

        public int tokensPerStep() { return config.batchSize() * config.sampledGenes(); }
    }

    @Setup(Level.Trial)
    public void setup() {
        Parallel.setThreads(threads);
        w = new Workload(1);
    }

    @Benchmark
    public float trainStep() { return w.step(); }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 20;
        Parallel.setThreads(threads);
        Workload w = new Workload(1);
        for (int i = 0; i < 10; i++) w.step();                       // warm-up
        long t0 = System.nanoTime();
        int steps = 0;
        while ((System.nanoTime() - t0) * 1e-9 < seconds) {
            w.step();
            steps++;
        }
        double s = (System.nanoTime() - t0) * 1e-9;
        System.out.printf(Locale.ROOT, "genex GexBERT small: %d steps in %.2f s, %.1f ms/step, %.0f tokens/s (%d"
                + " threads)%n", steps, s, 1000 * s / steps, steps * (double) w.tokensPerStep() / s, threads);
    }
}
