package org.genex.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.genex.tensor.Backend;
import org.genex.tensor.BinaryOp;
import org.genex.tensor.Parallel;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.genex.tensor.UnaryOp;
import org.genex.tensor.cpu.CpuBackend;
import org.openjdk.jmh.annotations.*;

/**
 * Large contiguous elementwise ops of the CPU backend, on the vector or the scalar path, in operations per second.
 *
 * <p>Bytes per element, counted as STREAM does (each array read or written once): {@code add} ({@code out = a + b})
 * 12, {@code mulScalar} ({@code out = a * s}) and {@code exp} 8. So GB/s = ops/s * size * bytes / 1e9; at 2^25
 * floats (128 MiB per tensor) the data is far beyond the caches and the figure is a memory bandwidth.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar jmh-benchmarks/target/benchmarks.jar ElementwiseBench}
 * (the forks inherit the JVM flags). Threads: {@code -p threads=1,2} or {@code -Dgenex.threads=N}; 0 keeps the
 * pool as configured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ElementwiseBench {

    /** "vector" (Vector API kernels) or "scalar" (the reference path). */
    @Param({"vector", "scalar"})
    public String path;

    /** Elements per tensor: in L1, in L2, in L3 / memory, far beyond the caches. */
    @Param({"1024", "65536", "4194304", "33554432"})
    public int size;

    /** Worker threads for the shared pool; 0 keeps -Dgenex.threads (default: all cores). */
    @Param({"0"})
    public int threads;

    private Backend backend;
    private Tensor a, b, out;

    @Setup(Level.Trial)
    public void setup() {
        if (threads > 0) Parallel.setThreads(threads);
        backend = backendFor(path);
        a = randomTensor(size, 1);
        b = randomTensor(size, 2);
        out = backend.allocate(Shape.of(size));
    }

    /** The CPU backend on the "vector" (Vector API) or "scalar" (reference) path. */
    static Backend backendFor(String path) {
        return CpuBackend.create(switch (path) {
            case "vector" -> true;
            case "scalar" -> false;
            default -> throw new IllegalArgumentException("path must be vector or scalar, got " + path);
        });
    }

    static Tensor randomTensor(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (rnd.nextDouble() * 2 - 1);
        return Tensor.wrap(v, n);
    }

    /** out = a + b: 12 bytes per element. */
    @Benchmark
    public Tensor add() {
        backend.binary(BinaryOp.ADD, a, b, out);
        return out;
    }

    /** out = a * s: 8 bytes per element. */
    @Benchmark
    public Tensor mulScalar() {
        backend.binaryScalar(BinaryOp.MUL, a, 1.0001f, out);
        return out;
    }

    /** out = exp(a): 8 bytes per element. */
    @Benchmark
    public Tensor exp() {
        backend.unary(UnaryOp.EXP, a, out);
        return out;
    }
}
