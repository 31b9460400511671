package org.genex.tensor;

import java.util.Random;
import org.genex.tensor.cpu.CpuBackend;
import org.genex.tensor.cpu.Simd;

/**
 * What {@code genex info --check} runs: prints the JDK, the vector species and the thread count in use, then checks
 * the vector GEMM against the scalar path on a few shapes (every transpose, ragged edges, more than one block of the
 * inner dimension) and times one product. Exits with status 1 if a check fails.
 */
public final class SelfCheck {
    private SelfCheck() {}

    public static void main(String[] args) {
        System.out.println("genex " + Genex.version());
        System.out.println("JDK:     " + Runtime.version() + " (" + System.getProperty("java.vendor") + ") at "
                + System.getProperty("java.home"));
        System.out.println("CPU:     " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.arch") + "; genex.threads = " + Parallel.threads());
        System.out.println("Vectors: " + Simd.describe(Simd.ENABLED));
        System.out.println("Backend: " + CpuBackend.get().describe());
        boolean ok = gemmCheck();
        System.out.println(ok ? "Self-check passed." : "Self-check FAILED.");
        if (!ok) System.exit(1);
    }

    /** The default backend's GEMM against the scalar path's, relative to the size of the products. */
    private static boolean gemmCheck() {
        Backend fast = CpuBackend.get(), reference = CpuBackend.create(false);
        int[][] shapes = {{64, 64, 64}, {517, 300, 263}, {33, 700, 129}, {1, 1000, 1}};
        Random rnd = new Random(42);
        boolean ok = true;
        for (int[] s : shapes) {
            for (int flags = 0; flags < 4; flags++) {
                boolean ta = (flags & 1) != 0, tb = (flags & 2) != 0;
                int m = s[0], k = s[1], n = s[2];
                Tensor a = random(rnd, ta ? k : m, ta ? m : k), b = random(rnd, tb ? n : k, tb ? k : n);
                Tensor c1 = Tensor.zeros(m, n), c2 = Tensor.zeros(m, n);
                fast.gemm(ta, tb, 1f, a, b, 0f, c1);
                reference.gemm(ta, tb, 1f, a, b, 0f, c2);
                float[] x = c1.toArray(), y = c2.toArray();
                double worst = 0;
                for (int i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.sqrt(k));
                boolean pass = worst < 1e-5;
                ok &= pass;
                if (!pass || flags == 0)
                    System.out.printf("GEMM     %4d x %4d x %4d%s%s: max |vector - scalar| / sqrt(k) = %.2e  %s%n",
                            m, k, n, ta ? " A^T" : "", tb ? " B^T" : "", worst, pass ? "ok" : "MISMATCH");
            }
        }
        System.out.println("GEMM     all four transpose combinations checked for each shape");
        Tensor a = random(rnd, 512, 512), b = random(rnd, 512, 512), c = Tensor.zeros(512, 512);
        for (int i = 0; i < 5; i++) fast.gemm(false, false, 1f, a, b, 0f, c);  // let the JIT compile the kernel
        int reps = 0;
        long t0 = System.nanoTime(), t;
        do {
            fast.gemm(false, false, 1f, a, b, 0f, c);
            reps++;
        } while ((t = System.nanoTime() - t0) < 300_000_000L);
        System.out.printf("GEMM     512 x 512 x 512: %.1f GFLOP/s (a quick indication; see docs/benchmarks.md)%n",
                2.0 * 512 * 512 * 512 * reps / t);
        return ok;
    }

    private static Tensor random(Random r, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = r.nextFloat() - 0.5f;
        return Tensor.wrap(v, rows, cols);
    }
}
