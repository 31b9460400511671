package org.genex.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.genex.autodiff.Var;
import org.genex.nn.Linear;
import org.genex.nn.MLP;
import org.genex.nn.Parameter;
import org.genex.nn.ReLU;
import org.genex.nn.TransformerEncoder;
import org.genex.nn.TransformerEncoderLayer;
import org.genex.nn.optim.AdamW;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.openjdk.jmh.annotations.*;

/**
 * Whole training steps of the two workloads of {@code ../shared/bench/README.md}, the same work PyTorch does in
 * {@code ../shared/bench/peers.sh torch-train}; one step = zero grad, forward, MSE loss, backward, AdamW step
 * (lr 1e-3, PyTorch's defaults). Milliseconds per step; {@code scripts/bench_report.py} divides these into steps/s and
 * sets them beside PyTorch's figures of the same sitting.
 * <ul>
 *   <li><b>transformer</b>: a {@link TransformerEncoder} of 2 post-norm {@link TransformerEncoderLayer}s (d_model 128,
 *       4 heads, FFN 512, ReLU, dropout 0), then {@code Linear(128, 128)}; input and target [32, 128, 128] drawn
 *       from N(0, 1); about 11.7 GFLOP of matrix products per step.</li>
 *   <li><b>mlp</b>: 784-256-256-10 with ReLU, batch 128, input and target from N(0, 1).</li>
 * </ul>
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar jmh-benchmarks/target/benchmarks.jar TrainStepBench}.
 * For profiling without JMH, {@code main} runs one workload for a number of timed rounds and prints steps/s and the
 * heap in use after each:
 * {@code java --add-modules jdk.incubator.vector -cp jmh-benchmarks/target/benchmarks.jar
 * org.genex.bench.TrainStepBench transformer 2 10} (workload, threads, rounds).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(1)
public class TrainStepBench {
    public static final int B = 32, T = 128, D = 128, HEADS = 4, LAYERS = 2, FFN = 512;
    public static final int MLP_BATCH = 128;

    @Param({"1", "2"})
    public int threads;

    @Param({"transformer", "mlp"})
    public String workload;

    private Step step;

    /** One workload's model, optimizer, input and target. */
    public static final class Step {
        final org.genex.nn.Module model;
        final java.util.function.UnaryOperator<Var> forward;
        final AdamW optimizer;
        final Tensor x, y;

        Step(org.genex.nn.Module model, java.util.function.UnaryOperator<Var> forward, Tensor x, Tensor y) {
            this.model = model;
            this.forward = forward;
            this.optimizer = new AdamW(model.parameters(), 1e-3f);
            this.x = x;
            this.y = y;
        }

        /** zero grad, forward, MSE, backward, AdamW; returns the loss. */
        public float run() {
            optimizer.zeroGrad();
            Var loss = forward.apply(Var.of(x)).sub(Var.of(y)).square().mean();
            loss.backward();
            optimizer.step();
            return loss.item();
        }

        /** Parameters plus AdamW's two moments, in bytes. */
        public long modelAndOptimizerBytes() {
            List<Parameter> ps = model.parameters();
            long n = 0;
            for (Parameter p : ps) n += p.value().size();
            return 3 * 4 * n;
        }
    }

    /** The transformer workload, seeded. */
    public static Step transformer(long seed) {
        Rng rng = Rng.seeded(seed);
        var encoder = new TransformerEncoder(i -> new TransformerEncoderLayer(D, HEADS, FFN, 0f, new ReLU(), 1e-5f, false,
                true, rng), LAYERS, null);
        var head = new Linear(D, D, true, rng);
        var model = new org.genex.nn.Sequential(encoder, head);
        return new Step(model, model::forward, rng.normal(Shape.of(B, T, D), 0, 1), rng.normal(Shape.of(B, T, D), 0, 1));
    }

    /** The MLP workload, seeded. */
    public static Step mlp(long seed) {
        Rng rng = Rng.seeded(seed);
        var model = new MLP(rng, 784, 256, 256, 10);
        return new Step(model, model::forward, rng.normal(Shape.of(MLP_BATCH, 784), 0, 1), rng.normal(Shape.of(MLP_BATCH, 10), 0, 1));
    }

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        step = workload.equals("transformer") ? transformer(42) : mlp(42);
        for (int i = 0; i < 3; i++) step.run();
    }

    @Benchmark
    public float trainStep() { return step.run(); }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("memory")) {
            memory(args.length > 1 ? args[1] : "transformer");
            return;
        }
        String which = args.length > 0 ? args[0] : "transformer";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Parallel.setThreads(threads);
        Step s = which.equals("transformer") ? transformer(42) : mlp(42);
        int perRound = which.equals("transformer") ? 5 : 100;
        Runtime rt = Runtime.getRuntime();
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            float loss = 0;
            for (int i = 0; i < perRound; i++) loss = s.run();
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%s threads=%d round %d: %.2f steps/s, loss %.4f, heap used %d MB%n", which, threads, r,
                    perRound / secs, loss, (rt.totalMemory() - rt.freeMemory()) >> 20);
        }
    }

    /**
     * The memory of a training step, in MB, as one line of {@code key=value} pairs: the parameters, their gradients
     * and AdamW's two moments (from the parameter count), the activations (the live heap the graph holds after the
     * forward pass, before backward: every tensor saved for backward and the outputs, measured as the difference of
     * the live heap after full collections), and their sum. {@code scripts/bench.sh} sets it beside the smallest
     * {@code -Xmx} with which the steps run.
     */
    static void memory(String which) {
        Step s = which.equals("transformer") ? transformer(42) : mlp(42);
        for (int i = 0; i < 3; i++) s.run();
        long params = 0;
        for (Parameter p : s.model.parameters()) params += 4L * p.value().size();
        s.optimizer.zeroGrad();
        long before = liveHeap();
        Var loss = s.forward.apply(Var.of(s.x)).sub(Var.of(s.y)).square().mean();
        long activations = liveHeap() - before;
        loss.backward();
        double mb = 1 << 20;
        System.out.printf("memory %s: parameters=%.1f gradients=%.1f adam_moments=%.1f activations=%.1f sum=%.1f "
                        + "(MB; %d parameters)%n", which, params / mb, params / mb, 2 * params / mb, activations / mb,
                (4 * params + activations) / mb, params / 4);
    }

    /** Heap in use after full collections (repeated until it stops shrinking). */
    private static long liveHeap() {
        var mem = java.lang.management.ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE, now;
        for (int i = 0; i < 5; i++) {
            System.gc();
            now = mem.getHeapMemoryUsage().getUsed();
            if (now >= last) return now;
            last = now;
        }
        return last;
    }
}
