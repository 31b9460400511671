package org.genex.tensor.cpu;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.genex.tensor.*;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The elementwise and reduction kernels give the same bits whether the JIT has compiled them or not.
 *
 * <p>This is not automatic with the Vector API: its transcendental operators (EXP, LOG, TANH, SIN ...) run a native
 * vector library in C2-compiled code but {@link Math} lane by lane in the interpreter, and the two differ in the
 * last bit. The kernels avoid them; this test guards that, by comparing a fingerprint of many kernel results
 * computed here after warm-up (compiled) with the same fingerprint computed in a child JVM started with
 * {@code -Xint} (interpreted only). NaNs count as equal whatever their sign and payload bits.
 */
class JitDeterminismTest {

    @Test
    void compiledAndInterpretedKernelsGiveTheSameBits() throws Exception {
        Assumptions.assumeTrue(Simd.AVAILABLE, "jdk.incubator.vector is not in this JVM");
        long first = fingerprint(SMALL);
        for (int i = 0; i < 12; i++) fingerprint(30_000);     // long loops: the kernels get compiled by C2
        long warm = fingerprint(SMALL);
        assertEquals(first, warm, "the same kernels gave other bits once warmed up");
        assertEquals(warm, interpretedFingerprint(), "compiled and interpreted kernels differ");
    }

    /** Runs {@link Probe} in a child JVM with {@code -Xint} and reads the fingerprint it prints. */
    private static long interpretedFingerprint() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
                "-Xint", "-Dgenex.threads=1", "-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the -Xint child did not finish");
        assertEquals(0, p.exitValue(), "the -Xint child failed: " + out);
        return Long.parseLong(out);
    }

    /** The child JVM's entry point: prints the fingerprint. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println(fingerprint(SMALL));
        }
    }

    private static final int SMALL = 203;

    /**
     * A hash of the bits of every unary op and derivative, and of the reductions and softmax, on both paths, for
     * inputs of about n elements.
     */
    static long fingerprint(int n) {
        long h = 17;
        float[] xs = new float[n];
        for (int i = 0; i < xs.length; i++) xs[i] = (float) Math.sin(i * 0.7) * (1 + i % 9) * (i % 3 == 0 ? 3 : 1);
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1e-40f, 88f, -100f,
                9000f, -5000.5f, 1e-3f, 0.4f, -0.7f, 20f, -20f, 3e30f, 0.5f};
        System.arraycopy(special, 0, xs, 0, special.length);
        Tensor x = Tensor.of(xs), pos = Tensor.of(abs(xs)), gy = Tensor.of(reversed(xs));
        for (boolean simd : new boolean[]{true, false}) {
            Backend be = CpuBackend.create(simd);
            for (UnaryOp op : UnaryOp.values()) {
                Tensor in = switch (op) {
                    case LOG, SQRT, RSQRT, LOG1P -> pos;
                    default -> x;
                };
                Tensor y = be.allocate(in.shape()), gx = be.allocate(in.shape());
                be.unary(op, in, y);
                be.unaryBackward(op, in, y, gy, gx);
                h = mix(h, y);
                h = mix(h, gx);
            }
            Tensor a = Tensor.of(finite(xs, 7 * (n / 7)), 7, n / 7);
            for (int axis = 0; axis < 2; axis++) {
                Tensor s = be.allocate(a.shape()), ls = be.allocate(a.shape()), g = be.allocate(a.shape());
                be.softmax(a, axis, s);
                be.logSoftmax(a, axis, ls);
                h = mix(h, s);
                h = mix(h, ls);
                be.softmaxBackward(s, a, axis, g);
                h = mix(h, g);
                be.logSoftmaxBackward(ls, a, axis, g);
                h = mix(h, g);
                Tensor r = be.allocate(a.shape().reduce(new int[]{axis}, false));
                for (ReduceOp op : ReduceOp.values()) {
                    be.reduce(op, a, new int[]{axis}, r);
                    h = mix(h, r);
                }
                be.variance(a, new int[]{axis}, 1, r);
                h = mix(h, r);
            }
            Tensor p = be.allocate(x.shape());
            be.binary(BinaryOp.POW, pos, x, p);
            h = mix(h, p);
        }
        return h;
    }

    /** Folds the bits of t into h; every NaN counts as the same (the sign and payload of a NaN are not data). */
    private static long mix(long h, Tensor t) {
        for (float f : t.toArray()) h = h * 1_000_003 + Float.floatToIntBits(f);
        return h;
    }

    private static float[] abs(float[] v) {
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) r[i] = Math.abs(v[i]);
        return r;
    }

    private static float[] reversed(float[] v) {
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) r[i] = Float.isFinite(v[v.length - 1 - i]) ? v[v.length - 1 - i] : 1f;
        return r;
    }

    /** The first m values, with non-finite ones replaced (softmax of inf is NaN everywhere). */
    private static float[] finite(float[] v, int m) {
        float[] r = new float[m];
        for (int i = 0; i < r.length; i++) r[i] = Float.isFinite(v[i]) && Math.abs(v[i]) < 100 ? v[i] : i % 5;
        return r;
    }
}
