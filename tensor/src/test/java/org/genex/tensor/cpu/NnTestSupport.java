package org.genex.tensor.cpu;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.genex.tensor.Parallel;
import org.genex.tensor.Tensor;
import org.genex.tensor.TestTensors;

/** Helpers for the fused-layer and scan kernel tests: both paths, double copies, finite differences, threads. */
final class NnTestSupport {
    private NnTestSupport() {}

    /** The scalar backend, and the vector backend where the JVM has the module. */
    static List<CpuBackend> backends() {
        List<CpuBackend> list = new ArrayList<>();
        list.add(TestTensors.scalar());
        if (Simd.AVAILABLE) list.add(CpuBackend.create(true));
        return list;
    }

    static String name(CpuBackend be) { return be.simd() ? "vector" : "scalar"; }

    /** The elements of a tensor in double. */
    static double[] d(Tensor t) {
        if (t == null) return null;
        float[] a = t.toArray();
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = a[i];
        return r;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static Tensor random(Random rnd, int... dims) { return TestTensors.random(rnd, dims); }

    /** A function of several double arrays to a scalar (a random linear functional of a reference op). */
    @FunctionalInterface
    interface Fn {
        double apply(double[][] args);
    }

    /** Central differences of {@code f} with respect to every element of {@code args[which]}. */
    static double[] fd(Fn f, double[][] args, int which, double h) {
        double[] x = args[which], g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double old = x[i];
            x[i] = old + h;
            double fp = f.apply(args);
            x[i] = old - h;
            double fm = f.apply(args);
            x[i] = old;
            g[i] = (fp - fm) / (2 * h);
        }
        return g;
    }

    /**
     * Asserts |actual - expected| <= rtol |expected| + atol max(1, max |expected|) everywhere: a float kernel's
     * result against a double reference.
     */
    static void assertNear(double[] expected, float[] actual, double rtol, double atol, String what) {
        if (expected.length != actual.length)
            fail(what + ": " + actual.length + " elements, expected " + expected.length);
        double scale = 1;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            if (Double.isNaN(e) && Double.isNaN(a)) continue;
            if (!(Math.abs(e - a) <= rtol * Math.abs(e) + atol * scale))
                fail(what + ": element " + i + " is " + a + ", expected " + e + " (diff " + Math.abs(e - a) + ")");
        }
    }

    static void assertNear(double[] expected, Tensor actual, double rtol, double atol, String what) {
        assertNear(expected, actual.toArray(), rtol, atol, what);
    }

    /** Runs {@code body} with the pool at {@code threads} threads, restoring the previous count afterwards. */
    static <T> T withThreads(int threads, Supplier<T> body) {
        int old = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            return body.get();
        } finally {
            Parallel.setThreads(old);
        }
    }

    /** A copy of a tensor (the elementwise copy kernel is not needed). */
    static Tensor copy(Tensor t) { return Tensor.of(t.toArray(), t.shape().dims()); }

    /** A tensor of the given shape filled with {@code v}. */
    static Tensor filled(float v, int... dims) {
        Tensor t = Tensor.zeros(dims);
        java.util.Arrays.fill(t.array(), v);
        return t;
    }

    /** {@code base + delta} elementwise in double. */
    static double[] plus(double[] base, double[] delta) {
        double[] r = new double[base.length];
        for (int i = 0; i < r.length; i++) r[i] = base[i] + delta[i];
        return r;
    }
}
