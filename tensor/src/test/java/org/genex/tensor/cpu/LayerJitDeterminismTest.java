package org.genex.tensor.cpu;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.genex.tensor.*;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The fused layer kernels (cross-entropy, layer and RMS norm, the selective scan, the depthwise convolution), forward
 * and backward, and the products (GEMM, its matrix-vector paths, sparse SpMM and SDDMM) give the same bits whether the JIT has compiled them or not: the sibling of
 * {@link JitDeterminismTest}, with the same technique (a fingerprint of the results computed here after warm-up,
 * compared with the same fingerprint computed in a child JVM started with {@code -Xint}).
 *
 * <p>Two Vector API facts would break this: the transcendental operators (EXP ...) run a native vector library in
 * C2-compiled code but {@link Math} lane by lane in the interpreter, and {@code reduceLanes(ADD)} adds the lanes in
 * an unspecified order (sequentially in the interpreter, as a tree in the C2 intrinsic). The shapes have channel
 * counts of a few full vectors plus a tail, so both the vector loops and the scalar tails run.
 */
class LayerJitDeterminismTest {

    @Test
    void compiledAndInterpretedLayerKernelsGiveTheSameBits() throws Exception {
        Assumptions.assumeTrue(Simd.AVAILABLE, "jdk.incubator.vector is not in this JVM");
        long[] first = fingerprints(1);
        for (int i = 0; i < 5; i++) fingerprints(WARM);       // long loops: the kernels get compiled by C2
        long[] warm = fingerprints(1);
        assertEquals("", differing(first, warm), "the same layer kernels gave other bits once warmed up");
        assertEquals("", differing(warm, interpretedFingerprints()), "compiled and interpreted layer kernels differ");
    }

    /** The kernel groups hashed by {@link #fingerprints}, in order. */
    private static final String[] NAMES = {"crossEntropy", "layerNorm/rmsNorm", "selectiveScan", "depthwiseConv1d",
            "gemm/gemv/spmm/sddmm"};

    /** The names (with the path) of the kernel groups whose hashes differ, or "" when none do. */
    private static String differing(long[] a, long[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++)
            if (a[i] != b[i]) sb.append(sb.isEmpty() ? "" : ", ").append(i < NAMES.length ? "vector " : "scalar ")
                    .append(NAMES[i % NAMES.length]);
        return sb.toString();
    }

    /** The size multiplier of the warm-up calls (rows and time steps). */
    private static final int WARM = 400;

    /** Runs {@link Probe} in a child JVM with {@code -Xint} and reads the fingerprint it prints. */
    private static long[] interpretedFingerprints() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = List.of(java.toString(), "--add-modules", "jdk.incubator.vector", "-Xint",
                "-Dgenex.threads=1", "-cp", System.getProperty("java.class.path"), Probe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the -Xint child did not finish");
        assertEquals(0, p.exitValue(), "the -Xint child failed: " + out);
        String[] parts = out.split(" ");
        long[] r = new long[parts.length];
        for (int i = 0; i < r.length; i++) r[i] = Long.parseLong(parts[i]);
        return r;
    }

    /** The child JVM's entry point: prints the fingerprints, separated by spaces. */
    public static final class Probe {
        public static void main(String[] args) {
            StringBuilder sb = new StringBuilder();
            for (long f : fingerprints(1)) sb.append(sb.isEmpty() ? "" : " ").append(f);
            System.out.println(sb);
        }
    }

    /**
     * Hashes of the bits of the outputs of each kernel group of {@link #NAMES}, on the vector path and then the
     * scalar path. {@code m} scales the number of rows and time steps (1 for the compared fingerprints; larger to
     * warm up); the channel counts stay 2 to 5 vectors of 16 plus a tail (the scan: a block of 64 channels and one
     * of 19).
     */
    static long[] fingerprints(int m) {
        long[] h = new long[2 * NAMES.length];
        int i = 0;
        for (boolean simd : new boolean[]{true, false}) {
            Backend be = CpuBackend.create(simd);
            h[i++] = crossEntropy(be, 17, 6 * m, 16 * 3 + 5);
            h[i++] = norms(be, 17, 5 * m, 16 * 4 + 7);
            h[i++] = scan(be, 17, 2, 7 * m, 16 * 5 + 3, 5, 3);
            h[i++] = conv(be, 17, 2, 9 * m, 16 * 2 + 3, 4);
            h[i++] = products(be, 17, 3 * m);
        }
        return h;
    }

    /** Cross-entropy forward and backward, with and without class weights and label smoothing. */
    private static long crossEntropy(Backend be, long h, int n, int c) {
        Tensor logits = values(1, 4f, n, c), weights = positive(2, c);
        Tensor gLoss = values(3, 1f, n);
        int[] targets = new int[n];
        for (int i = 0; i < n; i++) targets[i] = i % 4 == 3 ? -1 : (i * 7) % c;
        for (boolean weighted : new boolean[]{false, true}) {
            Tensor w = weighted ? weights : null;
            float s = weighted ? 0.1f : 0f;
            Tensor losses = be.allocate(Shape.of(n)), logp = be.allocate(logits.shape());
            be.crossEntropy(logits, targets, w, -1, s, losses, logp);
            Tensor g = be.allocate(logits.shape());
            be.crossEntropyBackward(logp, targets, w, -1, s, gLoss, g);
            h = mix(mix(mix(h, losses), logp), g);
        }
        return h;
    }

    /** Layer norm and RMS norm forward and backward, with and without the affine parameters. */
    private static long norms(Backend be, long h, int rows, int d) {
        Tensor x = values(4, 3f, rows, d), gy = values(5, 1f, rows, d);
        Tensor gamma = values(6, 1f, d), beta = values(7, 1f, d);
        for (boolean affine : new boolean[]{false, true}) {
            Tensor g = affine ? gamma : null, b = affine ? beta : null;
            Tensor y = be.allocate(x.shape()), mean = be.allocate(Shape.of(rows)), rstd = be.allocate(Shape.of(rows));
            be.layerNorm(x, g, b, 1e-5f, y, mean, rstd);
            Tensor gx = be.allocate(x.shape()), gg = be.allocate(Shape.of(d)), gb = be.allocate(Shape.of(d));
            be.layerNormBackward(gy, x, g, mean, rstd, gx, gg, gb);
            h = mix(mix(mix(mix(mix(mix(h, y), mean), rstd), gx), gg), gb);

            be.rmsNorm(x, g, 1e-5f, y, rstd);
            gg = be.allocate(Shape.of(d));
            be.rmsNormBackward(gy, x, g, rstd, gx, gg);
            h = mix(mix(mix(mix(h, y), rstd), gx), gg);
        }
        return h;
    }

    /** The selective scan forward and backward, with D. */
    private static long scan(Backend be, long h, int b, int len, int e, int n, int chunk) {
        Tensor u = values(8, 1f, b, len, e), gy = values(9, 1f, b, len, e);
        Tensor delta = positive(10, b, len, e), A = values(11, 1f, e, n);
        float[] a = A.array();
        for (int i = 0; i < a.length; i++) a[i] = -Math.abs(a[i]) * 2 - 0.05f;   // negative: decaying states
        Tensor Bm = values(12, 1f, b, len, n), Cm = values(13, 1f, b, len, n), D = values(14, 1f, e);
        int nc = (len + chunk - 1) / chunk;
        Tensor y = be.allocate(u.shape()), ck = be.allocate(Shape.of(b, nc, e, n));
        be.selectiveScan(u, delta, A, Bm, Cm, D, chunk, y, ck);
        Tensor gu = be.allocate(u.shape()), gd = be.allocate(u.shape()), gA = be.allocate(A.shape());
        Tensor gB = be.allocate(Bm.shape()), gC = be.allocate(Cm.shape()), gD = be.allocate(D.shape());
        be.selectiveScanBackward(u, delta, A, Bm, Cm, D, chunk, ck, gy, gu, gd, gA, gB, gC, gD);
        return mix(mix(mix(mix(mix(mix(mix(mix(h, y), ck), gu), gd), gA), gB), gC), gD);
    }

    /**
     * GEMM with ragged tiles, its matrix-vector paths (dot products and axpys, every transpose), and the sparse
     * products; {@code m} scales the rows.
     */
    private static long products(Backend be, long h, int m) {
        int rows = 13 * m + 5, k = 16 * 4 + 9, n = 16 * 2 + 7;
        Tensor a = values(20, 1f, rows, k), b = values(21, 1f, k, n), c = be.allocate(Shape.of(rows, n));
        be.gemm(false, false, 1f, a, b, 0f, c);
        h = mix(h, c);
        Tensor x = values(22, 1f, k, 1), xt = values(23, 1f, 1, k);
        for (int flags = 0; flags < 4; flags++) {
            boolean ta = (flags & 1) != 0, tb = (flags & 2) != 0;
            Tensor col = be.allocate(Shape.of(rows, 1)), row = be.allocate(Shape.of(1, n));
            be.gemm(false, tb, 1f, a, tb ? xt : x, 0f, col);                       // y = A x
            be.gemm(ta, false, 1f, ta ? x : xt, b, 0f, row);                       // y = x B
            h = mix(mix(h, col), row);
        }
        float[] dense = values(24, 1f, rows, k).array();
        for (int i = 0; i < dense.length; i++) if (i % 3 != 0) dense[i] = 0f;
        CsrMatrix sp = CsrMatrix.fromDense(Tensor.wrap(dense, rows, k));
        Tensor bn = values(25, 1f, k, n), out = be.allocate(Shape.of(rows, n));
        be.spmm(sp, false, bn, 0f, out);
        Tensor bt = values(26, 1f, rows, n), outT = be.allocate(Shape.of(k, n));
        be.spmm(sp, true, bt, 0f, outT);
        Tensor left = values(27, 1f, rows, 16 * 3 + 1), right = values(28, 1f, k, 16 * 3 + 1);
        Tensor sd = be.allocate(Shape.of(sp.nnz()));
        be.sddmm(sp, left, right, sd);
        return mix(mix(mix(h, out), outT), sd);
    }

    /** The causal depthwise convolution forward and backward, with a bias. */
    private static long conv(Backend be, long h, int b, int len, int ch, int k) {
        Tensor x = values(15, 1f, b, len, ch), w = values(16, 1f, ch, k), bias = values(17, 1f, ch);
        Tensor gy = values(18, 1f, b, len, ch);
        Tensor y = be.allocate(x.shape());
        be.depthwiseConv1d(x, w, bias, y);
        Tensor gx = be.allocate(x.shape()), gw = be.allocate(w.shape()), gb = be.allocate(bias.shape());
        be.depthwiseConv1dBackward(x, w, gy, gx, gw, gb);
        return mix(mix(mix(mix(h, y), gx), gw), gb);
    }

    /** Deterministic values in about [-scale, scale], different for each seed; no Random, so no version drift. */
    private static Tensor values(int seed, float scale, int... dims) {
        float[] v = new float[Shape.of(dims).size()];
        for (int i = 0; i < v.length; i++)
            v[i] = (float) (StrictMath.sin(i * 0.7548776662 + seed * 1.3) * StrictMath.cos(i * 0.3183 + seed)) * scale;
        return Tensor.wrap(v, dims);
    }

    /** Deterministic values in about [0.05, 1.05]. */
    private static Tensor positive(int seed, int... dims) {
        Tensor t = values(seed, 1f, dims);
        float[] v = t.array();
        for (int i = 0; i < v.length; i++) v[i] = Math.abs(v[i]) + 0.05f;
        return t;
    }

    /** Folds the bits of t into h. */
    private static long mix(long h, Tensor t) {
        for (float f : t.toArray()) h = h * 1_000_003 + Float.floatToIntBits(f);
        return h;
    }
}
