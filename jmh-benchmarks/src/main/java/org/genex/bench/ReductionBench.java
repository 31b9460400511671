package org.genex.bench;

import java.util.concurrent.TimeUnit;
import org.genex.tensor.Backend;
import org.genex.tensor.Parallel;
import org.genex.tensor.ReduceOp;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.openjdk.jmh.annotations.*;

/**
 * Reductions of the CPU backend, on the vector or the scalar path, in operations per second.
 *
 * <p>Bytes per element, counted as STREAM does: {@code sum} (all of a vector of {@code size} floats) 4;
 * {@code columnSum} (axis 0 of a [4096, 1024] matrix, vectorised across the columns) 4; {@code rowSoftmax} (axis 1
 * of [4096, 1024], read and write) 8. GB/s = ops/s * elements * bytes / 1e9, with 4096 * 1024 elements (16 MiB)
 * for the matrix ops.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar jmh-benchmarks/target/benchmarks.jar ReductionBench}.
 * Threads: {@code -p threads=1,2} or {@code -Dgenex.threads=N}; 0 keeps the pool as configured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReductionBench {
    static final int ROWS = 4096, COLS = 1024;

    /** "vector" (Vector API kernels) or "scalar" (the reference path). */
    @Param({"vector", "scalar"})
    public String path;

    /** Worker threads for the shared pool; 0 keeps -Dgenex.threads (default: all cores). */
    @Param({"0"})
    public int threads;

    Backend backend;
    private Tensor matrix, softmaxOut, columnOut;

    @Setup(Level.Trial)
    public void setup() {
        if (threads > 0) Parallel.setThreads(threads);
        backend = ElementwiseBench.backendFor(path);
        matrix = ElementwiseBench.randomTensor(ROWS * COLS, 3).reshape(ROWS, COLS);
        softmaxOut = backend.allocate(matrix.shape());
        columnOut = backend.allocate(Shape.of(COLS));
    }

    /** A vector of {@code size} floats to sum, and its rank-0 result. */
    @State(Scope.Benchmark)
    public static class Vectors {
        /** Elements: in L1, in L2, in L3 / memory, far beyond the caches. */
        @Param({"1024", "65536", "4194304", "33554432"})
        public int size;

        Tensor x, out;

        @Setup(Level.Trial)
        public void setup() {
            x = ElementwiseBench.randomTensor(size, 4);
            out = Tensor.scalar(0f);
        }
    }

    /** The sum of all elements: 4 bytes per element. */
    @Benchmark
    public Tensor sum(Vectors v) {
        backend.reduce(ReduceOp.SUM, v.x, new int[0], v.out);
        return v.out;
    }

    /** Column sums of [4096, 1024] (reduce axis 0): 4 bytes per element. */
    @Benchmark
    public Tensor columnSum() {
        backend.reduce(ReduceOp.SUM, matrix, new int[]{0}, columnOut);
        return columnOut;
    }

    /** Softmax over the rows of [4096, 1024] (axis 1): 8 bytes per element. */
    @Benchmark
    public Tensor rowSoftmax() {
        backend.softmax(matrix, 1, softmaxOut);
        return softmaxOut;
    }
}
