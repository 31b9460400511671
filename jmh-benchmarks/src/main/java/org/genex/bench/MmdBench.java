package org.genex.bench;

import java.util.concurrent.TimeUnit;
import org.genex.algorithms.bayes.Mmd;
import org.genex.algorithms.bayes.Points;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;
import org.openjdk.jmh.annotations.*;

/**
 * The NPP MMD&sup2; (U-statistic, median-heuristic bandwidth) in evaluations per second, for the same sizes as
 * {@code scripts/peers/mmd_numpy.py}. Kernel entries per second = ops/s &times; (nx + ny)&sup2; (the pooled matrix the
 * authors' numpy code fills; genex evaluates the distinct pairs once). {@code n} points per sample, {@code d}
 * dimensions: d = 1 is the synthetic experiment, d = 12 the application's rows (X&#770;, a, y).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar jmh-benchmarks/target/benchmarks.jar MmdBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class MmdBench {
    /** Points per sample. */
    @Param({"100", "500"})
    public int n;

    /** Dimension. */
    @Param({"1", "12"})
    public int d;

    /** rbf or imq. */
    @Param({"rbf", "imq"})
    public String kernel;

    /** Kernel threads (genex.threads); NumPy's peer runs on one. */
    @Param({"1", "2"})
    public int threads;

    private Points x, y;
    private Mmd mmd;

    @Setup(Level.Trial)
    public void setup() {
        Parallel.setThreads(threads);
        Rng r = Rng.seeded(1);
        double[] a = new double[n * d], b = new double[n * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.gaussian();
            b[i] = r.gaussian() + 0.1;
        }
        x = new Points(a, n, d);
        y = new Points(b, n, d);
        mmd = Mmd.median(kernel.equals("rbf") ? Mmd.Kernel.RBF : Mmd.Kernel.IMQ);
    }

    /** One MMD&sup2; of two samples of n points: (2n)&sup2; kernel entries. */
    @Benchmark
    public double mmd2() { return mmd.mmd2(x, y); }
}
