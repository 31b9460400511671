package org.genex.tensor;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.genex.tensor.cpu.CpuBackend;
import org.genex.tensor.cpu.Simd;
import org.junit.jupiter.api.Assumptions;

/** Shared helpers for the tests: random tensors, closeness checks, both kernel paths, the fixtures folder. */
public final class TestTensors {
    private TestTensors() {}

    /** The scalar-path backend: the reference every vector kernel is checked against. */
    public static CpuBackend scalar() { return CpuBackend.create(false); }

    /** The vector-path backend; the test is skipped where the JVM has no jdk.incubator.vector. */
    public static CpuBackend vector() {
        Assumptions.assumeTrue(Simd.AVAILABLE, "jdk.incubator.vector is not in this JVM");
        return CpuBackend.create(true);
    }

    /** A CPU tensor of uniform values in [-1, 1). */
    public static Tensor random(Random rnd, int... dims) {
        Shape s = Shape.of(dims);
        float[] a = new float[s.size()];
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextFloat() * 2 - 1;
        return Tensor.wrap(a, dims);
    }

    /** A CPU tensor of uniform values in [lo, hi). */
    public static Tensor uniform(Random rnd, float lo, float hi, int... dims) {
        Shape s = Shape.of(dims);
        float[] a = new float[s.size()];
        for (int i = 0; i < a.length; i++) a[i] = lo + rnd.nextFloat() * (hi - lo);
        return Tensor.wrap(a, dims);
    }

    /** Asserts equal shapes and |e - a| <= atol + rtol * |e| everywhere (NaN matches NaN). */
    public static void assertClose(Tensor expected, Tensor actual, double rtol, double atol) {
        if (!expected.shape().equals(actual.shape()))
            fail("shape " + actual.shape() + ", expected " + expected.shape());
        assertClose(expected.toArray(), actual.toArray(), rtol, atol, "tensor " + expected.shape());
    }

    /** Asserts equal lengths and |e - a| <= atol + rtol * |e| everywhere (NaN matches NaN, infinities match). */
    public static void assertClose(float[] expected, float[] actual, double rtol, double atol, String what) {
        if (expected.length != actual.length)
            fail(what + ": " + actual.length + " elements, expected " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            if (Double.isNaN(e) && Double.isNaN(a)) continue;
            if (e == a) continue;
            if (!(Math.abs(e - a) <= atol + rtol * Math.abs(e)))
                fail(what + ": element " + i + " is " + a + ", expected " + e + " (diff " + Math.abs(e - a)
                        + ", tolerance " + (atol + rtol * Math.abs(e)) + ")");
        }
    }

    /** Asserts the two arrays are identical bit for bit. */
    public static void assertBitwise(float[] expected, float[] actual, String what) {
        if (expected.length != actual.length)
            fail(what + ": " + actual.length + " elements, expected " + expected.length);
        for (int i = 0; i < expected.length; i++)
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i]))
                fail(what + ": element " + i + " is " + actual[i] + ", expected exactly " + expected[i]);
    }

    /**
     * The shared fixtures folder ({@code ../shared/fixtures} beside the project, or the system property
     * {@code genex.fixtures}); skips the test with a clear message where it is absent.
     */
    public static Path fixtures() {
        String p = System.getProperty("genex.fixtures");
        Path dir = p != null ? Path.of(p) : Path.of("..", "..", "shared", "fixtures");
        if (!Files.isDirectory(dir)) dir = Path.of("..", "shared", "fixtures");
        Assumptions.assumeTrue(Files.isDirectory(dir),
                "fixtures not found at " + dir.toAbsolutePath().normalize()
                        + " (expected ../shared/fixtures beside the project root; set -Dgenex.fixtures=DIR)");
        return dir;
    }

    /** A file in the fixtures folder; skips the test where it is absent. */
    public static Path fixture(String relative) {
        Path f = fixtures().resolve(relative);
        Assumptions.assumeTrue(Files.exists(f), "fixture " + relative + " not found at " + f.toAbsolutePath());
        return f;
    }
}
