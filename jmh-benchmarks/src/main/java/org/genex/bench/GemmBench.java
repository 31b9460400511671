package org.genex.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;
import org.genex.tensor.Parallel;
import org.genex.tensor.Tensor;
import org.genex.tensor.cpu.CpuBackend;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

/**
 * SGEMM, C = A B (float32, row-major, alpha 1, beta 0, operands uniform in [-0.5, 0.5)), the workload of
 * ../shared/bench/c/sgemm_openblas.c, so the report can set genex beside OpenBLAS measured in the same sitting.
 * {@code impl}: genex (the default CPU backend), genex-scalar (its scalar path) or ejml (EJML's row-major kernel,
 * the pure-Java baseline; CommonOps_MT_FDRM on 2 threads). GFLOP/s = 2 m n k / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemmBench {
    /** m x k x n, or one number for a square product. */
    @Param({"128", "256", "512", "1024", "2048", "4096x256x1024"})
    public String size;

    @Param({"1", "2"})
    public int threads;

    @Param({"genex", "ejml"})
    public String impl;

    private int m, k, n;
    private Tensor a, b, c;
    private CpuBackend backend;
    private FMatrixRMaj ea, eb, ec;

    @Setup(Level.Trial)
    public void setup() {
        String[] p = size.split("x");
        m = Integer.parseInt(p[0]);
        k = p.length == 3 ? Integer.parseInt(p[1]) : m;
        n = p.length == 3 ? Integer.parseInt(p[2]) : m;
        Random r = new Random(42);
        a = uniform(r, m, k);
        b = uniform(r, k, n);
        c = Tensor.zeros(m, n);
        Parallel.setThreads(threads);
        EjmlConcurrency.setMaxThreads(threads);
        backend = impl.equals("genex-scalar") ? CpuBackend.create(false) : CpuBackend.get();
        if (impl.equals("ejml")) {
            ea = new FMatrixRMaj(m, k, true, a.array());
            eb = new FMatrixRMaj(k, n, true, b.array());
            ec = new FMatrixRMaj(m, n);
        }
    }

    private static Tensor uniform(Random r, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = r.nextFloat() - 0.5f;
        return Tensor.wrap(v, rows, cols);
    }

    @Benchmark
    public void sgemm(Blackhole bh) {
        if (ea != null) {
            if (threads > 1) CommonOps_MT_FDRM.mult(ea, eb, ec);
            else CommonOps_FDRM.mult(ea, eb, ec);
            bh.consume(ec);
        } else {
            backend.gemm(false, false, 1f, a, b, 0f, c);
            bh.consume(c);
        }
    }
}
