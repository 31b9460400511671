package org.genex.tensor.cpu;

import static org.genex.tensor.cpu.NnTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.genex.tensor.Tensor;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Test;

/**
 * The selective scan and the causal depthwise convolution against double-precision references written here, their
 * backward passes against central finite differences of those references (and the scan's against the spec's
 * analytic formulas), chunked against unchunked backward passes, the scalar path against the vector path, and one
 * thread against two.
 */
class ScanKernelsTest {

    // =========================================================================================== references

    /**
     * The scan in double: h[t] = exp(delta A) h[t-1] + delta Bm u, y = Cm . h + D u. Fills {@code hs}
     * [b][L][e][n] with every state when not null.
     */
    static double[] refScan(double[] u, double[] dl, double[] A, double[] B, double[] C, double[] D,
                            int b, int L, int e, int n, double[] hs) {
        double[] y = new double[b * L * e], h = new double[n];
        for (int bi = 0; bi < b; bi++)
            for (int c = 0; c < e; c++) {
                Arrays.fill(h, 0);
                for (int t = 0; t < L; t++) {
                    int i = (bi * L + t) * e + c, bt = (bi * L + t) * n;
                    double acc = D == null ? 0 : D[c] * u[i];
                    for (int k = 0; k < n; k++) {
                        h[k] = Math.exp(dl[i] * A[c * n + k]) * h[k] + dl[i] * B[bt + k] * u[i];
                        acc += C[bt + k] * h[k];
                        if (hs != null) hs[i * n + k] = h[k];
                    }
                    y[i] = acc;
                }
            }
        return y;
    }

    /** The gradients {gu, gDelta, gA, gBm, gCm, gD} by the formulas of specs/scmamba.md section 4, in double. */
    static double[][] refScanBackward(double[] u, double[] dl, double[] A, double[] B, double[] C, double[] D,
                                      double[] gy, int b, int L, int e, int n) {
        double[] hs = new double[b * L * e * n];
        refScan(u, dl, A, B, C, D, b, L, e, n, hs);
        double[] gu = new double[u.length], gdl = new double[u.length], gA = new double[A.length];
        double[] gB = new double[B.length], gC = new double[C.length], gD = new double[e], carry = new double[n];
        for (int bi = 0; bi < b; bi++)
            for (int c = 0; c < e; c++) {
                Arrays.fill(carry, 0);
                for (int t = L - 1; t >= 0; t--) {
                    int i = (bi * L + t) * e + c, bt = (bi * L + t) * n;
                    double dy = gy[i];
                    gD[c] += dy * u[i];
                    if (D != null) gu[i] += D[c] * dy;
                    for (int k = 0; k < n; k++) {
                        double dh = dy * C[bt + k] + carry[k];
                        gC[bt + k] += dy * hs[i * n + k];
                        double abar = Math.exp(dl[i] * A[c * n + k]);
                        double hprev = t > 0 ? hs[(i - e) * n + k] : 0;
                        double g = dh * hprev * abar; // dAbar * Abar
                        gdl[i] += g * A[c * n + k] + dh * B[bt + k] * u[i];
                        gA[c * n + k] += g * dl[i];
                        gB[bt + k] += dh * dl[i] * u[i];
                        gu[i] += dh * dl[i] * B[bt + k];
                        carry[k] = abar * dh;
                    }
                }
            }
        return new double[][]{gu, gdl, gA, gB, gC, gD};
    }

    /** The causal depthwise convolution in double. */
    static double[] refConv(double[] x, double[] w, double[] bias, int b, int L, int ch, int k) {
        double[] y = new double[x.length];
        for (int bi = 0; bi < b; bi++)
            for (int t = 0; t < L; t++)
                for (int c = 0; c < ch; c++) {
                    double s = bias == null ? 0 : bias[c];
                    for (int j = 0; j < k; j++) {
                        int src = t - (k - 1) + j;
                        if (src >= 0) s += w[c * k + j] * x[(bi * L + src) * ch + c];
                    }
                    y[(bi * L + t) * ch + c] = s;
                }
        return y;
    }

    // =========================================================================================== scan problems

    /** A random scan problem: delta > 0 (a softplus output), A < 0 (A = -exp(A_log)). */
    private record Problem(int b, int L, int e, int n, Tensor u, Tensor delta, Tensor A, Tensor Bm, Tensor Cm,
                           Tensor D, Tensor gy) {
        static Problem random(Random rnd, int b, int L, int e, int n, boolean withD) {
            return new Problem(b, L, e, n, NnTestSupport.random(rnd, b, L, e),
                    TestTensors.uniform(rnd, 0.05f, 0.6f, b, L, e), TestTensors.uniform(rnd, -2f, -0.2f, e, n),
                    NnTestSupport.random(rnd, b, L, n), NnTestSupport.random(rnd, b, L, n),
                    withD ? NnTestSupport.random(rnd, e) : null, NnTestSupport.random(rnd, b, L, e));
        }

        int chunks(int chunk) { return (L + chunk - 1) / chunk; }

        double[][] args() { return new double[][]{d(u), d(delta), d(A), d(Bm), d(Cm), d(D)}; }

        /** Forward: {y, checkpoints}. */
        Tensor[] forward(CpuBackend be, int chunk) {
            Tensor y = filled(Float.NaN, b, L, e), ck = filled(Float.NaN, b, chunks(chunk), e, n);
            be.selectiveScan(u, delta, A, Bm, Cm, D, chunk, y, ck);
            return new Tensor[]{y, ck};
        }

        /**
         * Forward then backward: {gu, gDelta, gA, gBm, gCm, gD (absent without D)}; gA starts at 0.5 and gD at
         * -0.25 (they accumulate), the others at NaN (they are overwritten).
         */
        float[][] backward(CpuBackend be, int chunk) {
            Tensor ck = forward(be, chunk)[1];
            Tensor gu = filled(Float.NaN, b, L, e), gdl = filled(Float.NaN, b, L, e), gA = filled(0.5f, e, n);
            Tensor gB = filled(Float.NaN, b, L, n), gC = filled(Float.NaN, b, L, n);
            Tensor gD = D == null ? null : filled(-0.25f, e);
            be.selectiveScanBackward(u, delta, A, Bm, Cm, D, chunk, ck, gy, gu, gdl, gA, gB, gC, gD);
            return D == null ? new float[][]{gu.toArray(), gdl.toArray(), gA.toArray(), gB.toArray(), gC.toArray()}
                    : new float[][]{gu.toArray(), gdl.toArray(), gA.toArray(), gB.toArray(), gC.toArray(), gD.toArray()};
        }

        /** The expected gradients (with the accumulation offsets of {@link #backward}) from the given reference. */
        double[][] expected(double[][] g) {
            double[][] r = D == null ? Arrays.copyOf(g, 5) : g.clone();
            r[2] = plus(g[2], constant(g[2].length, 0.5));
            if (D != null) r[5] = plus(g[5], constant(g[5].length, -0.25));
            return r;
        }
    }

    private static final String[] GRAD_NAMES = {"gu", "gDelta", "gA", "gBm", "gCm", "gD"};

    private static double[] constant(int len, double v) {
        double[] a = new double[len];
        Arrays.fill(a, v);
        return a;
    }

    // =========================================================================================== scan tests

    /** {b, L, e, n, chunk, withD}. */
    private static final int[][] SCANS = {
            {1, 7, 4, 3, 3, 1},
            {2, 13, 20, 5, 4, 1},
            {1, 40, 33, 16, 16, 0},
            {3, 9, 17, 2, 100, 1},
            {1, 1, 1, 1, 1, 1},
            {2, 30, 70, 4, 7, 1},      // a 64-channel block and a 6-channel block
            {1, 12, 16, 16, 5, 0}};

    @Test
    void scanForwardMatchesReference() {
        Random rnd = new Random(21);
        for (CpuBackend be : backends())
            for (int[] s : SCANS) {
                Problem p = Problem.random(rnd, s[0], s[1], s[2], s[3], s[5] == 1);
                int chunk = s[4];
                Tensor[] out = p.forward(be, chunk);
                double[][] a = p.args();
                double[] hs = new double[p.b * p.L * p.e * p.n];
                double[] ey = refScan(a[0], a[1], a[2], a[3], a[4], a[5], p.b, p.L, p.e, p.n, hs);
                String what = name(be) + " selectiveScan " + Arrays.toString(s);
                assertNear(ey, out[0], 1e-4, 1e-5, what + " y");
                // checkpoint k holds h[k chunk - 1] (zero for k = 0), as [b, chunks, e, n]
                int nc = p.chunks(chunk);
                double[] eck = new double[p.b * nc * p.e * p.n];
                for (int bi = 0; bi < p.b; bi++)
                    for (int k = 1; k < nc; k++)
                        for (int c = 0; c < p.e; c++)
                            for (int st = 0; st < p.n; st++)
                                eck[((bi * nc + k) * p.e + c) * p.n + st] =
                                        hs[(((bi * p.L) + k * chunk - 1) * p.e + c) * p.n + st];
                assertNear(eck, out[1], 1e-4, 1e-5, what + " checkpoints");
            }
    }

    @Test
    void scanWithoutCheckpointsGivesTheSameOutput() {
        Random rnd = new Random(22);
        for (CpuBackend be : backends()) {
            Problem p = Problem.random(rnd, 2, 11, 19, 3, true);
            Tensor y = Tensor.zeros(2, 11, 19);
            be.selectiveScan(p.u, p.delta, p.A, p.Bm, p.Cm, p.D, 4, y, null);
            TestTensors.assertBitwise(p.forward(be, 4)[0].toArray(), y.toArray(), name(be) + " no checkpoints");
        }
    }

    @Test
    void scanBackwardMatchesFiniteDifferencesOnTinyBlocks() {
        Random rnd = new Random(23);
        for (CpuBackend be : backends())
            for (int[] s : new int[][]{{1, 7, 4, 3, 3, 1}, {1, 7, 4, 3, 7, 0}, {2, 7, 4, 3, 2, 1}, {2, 5, 18, 2, 4, 1}}) {
                Problem p = Problem.random(rnd, s[0], s[1], s[2], s[3], s[5] == 1);
                float[][] got = p.backward(be, s[4]);
                double[][] a = p.args();
                double[] gyd = d(p.gy);
                Fn f = x -> dot(gyd, refScan(x[0], x[1], x[2], x[3], x[4], x[5], p.b, p.L, p.e, p.n, null));
                double[][] fdg = new double[6][];
                for (int i = 0; i < 6; i++) fdg[i] = a[i] == null ? null : fd(f, a, i, 1e-6);
                double[][] exp = p.expected(fdg);
                for (int i = 0; i < got.length; i++)
                    assertNear(exp[i], got[i], 1e-3, 1e-4, name(be) + " scan " + Arrays.toString(s) + " "
                            + GRAD_NAMES[i] + " vs finite differences");
            }
    }

    @Test
    void analyticReferenceMatchesFiniteDifferences() {
        // the double reference of the backward (used for the larger cases below) is itself checked here
        Random rnd = new Random(24);
        Problem p = Problem.random(rnd, 2, 9, 5, 4, true);
        double[][] a = p.args();
        double[] gyd = d(p.gy);
        double[][] ref = refScanBackward(a[0], a[1], a[2], a[3], a[4], a[5], gyd, p.b, p.L, p.e, p.n);
        Fn f = x -> dot(gyd, refScan(x[0], x[1], x[2], x[3], x[4], x[5], p.b, p.L, p.e, p.n, null));
        for (int i = 0; i < 6; i++) {
            double[] g = fd(f, a, i, 1e-6);
            float[] r = new float[g.length];
            for (int j = 0; j < r.length; j++) r[j] = (float) ref[i][j];
            assertNear(g, r, 1e-5, 1e-6, "analytic reference " + GRAD_NAMES[i]);
        }
    }

    @Test
    void scanBackwardMatchesAnalyticReference() {
        Random rnd = new Random(25);
        for (CpuBackend be : backends())
            for (int[] s : SCANS) {
                Problem p = Problem.random(rnd, s[0], s[1], s[2], s[3], s[5] == 1);
                float[][] got = p.backward(be, s[4]);
                double[][] a = p.args();
                double[][] exp = p.expected(refScanBackward(a[0], a[1], a[2], a[3], a[4], a[5], d(p.gy),
                        p.b, p.L, p.e, p.n));
                for (int i = 0; i < got.length; i++)
                    assertNear(exp[i], got[i], 1e-4, 1e-5, name(be) + " scan " + Arrays.toString(s) + " "
                            + GRAD_NAMES[i]);
            }
    }

    @Test
    void chunkedBackwardEqualsUnchunked() {
        Random rnd = new Random(26);
        for (CpuBackend be : backends())
            for (boolean withD : new boolean[]{true, false}) {
                Problem p = Problem.random(rnd, 2, 23, 37, 6, withD);
                float[][] whole = p.backward(be, p.L);
                for (int chunk : new int[]{1, 2, 3, 5, 8, 22, p.L + 5}) {
                    float[][] got = p.backward(be, chunk);
                    // the states are recomputed from checkpoints with the forward's own operations: same bits
                    for (int i = 0; i < got.length; i++)
                        TestTensors.assertBitwise(whole[i], got[i], name(be) + " chunk " + chunk + " vs unchunked "
                                + GRAD_NAMES[i]);
                }
            }
    }

    @Test
    void vectorScanDecayIsVectorMathExpBitForBit() {
        // the vector scan repeats VectorMath.exp's body inline for exp(delta A); this keeps the copies identical.
        // Step 0 sets h = 1 (delta = u = Bm = 1); step 1 has u = 0, so h[1] = exp(delta A) * 1 exactly, and
        // with chunk 1 the third checkpoint holds h[1]. delta A spans [-120, 4]: underflow, subnormals, e^4.
        CpuBackend be = TestTensors.vector();
        int L = 3, e = 128, n = 8;
        Random rnd = new Random(31);
        float[] u = new float[L * e], dl = new float[L * e], a = new float[e * n], bm = new float[L * n];
        for (int c = 0; c < e; c++) {
            u[c] = 1f;
            dl[c] = 1f;
            dl[e + c] = rnd.nextFloat() * 2;
        }
        for (int i = 0; i < a.length; i++) a[i] = -60f + rnd.nextFloat() * 62f;
        for (int k = 0; k < n; k++) bm[k] = 1f;
        Tensor y = Tensor.zeros(1, L, e), ck = Tensor.zeros(1, L, e, n);
        be.selectiveScan(Tensor.wrap(u, 1, L, e), Tensor.wrap(dl, 1, L, e), Tensor.wrap(a, e, n),
                Tensor.wrap(bm, 1, L, n), Tensor.zeros(1, L, n), null, 1, y, ck);
        float[] x = new float[e * n], expected = new float[e * n];
        for (int c = 0; c < e; c++)
            for (int k = 0; k < n; k++) x[c * n + k] = dl[e + c] * a[c * n + k];
        VectorMath.exp(x, 0, expected, 0, x.length);
        float[] got = Arrays.copyOfRange(ck.toArray(), 2 * e * n, 3 * e * n);
        TestTensors.assertBitwise(expected, got, "exp(delta A) of the vector scan vs VectorMath.exp");
    }

    @Test
    void scanIsBitIdenticalForOneAndTwoThreads() {
        Random rnd = new Random(27);
        // b = 1, e = 200: four channel groups whose Bm/Cm gradient parts are summed; b = 3, e = 130: three
        for (int[] s : new int[][]{{1, 40, 200, 4, 16}, {3, 17, 130, 5, 6}}) {
            Problem p = Problem.random(rnd, s[0], s[1], s[2], s[3], true);
            for (CpuBackend be : backends()) {
                float[][] one = withThreads(1, () -> scanAll(p, be, s[4]));
                float[][] two = withThreads(2, () -> scanAll(p, be, s[4]));
                for (int i = 0; i < one.length; i++)
                    TestTensors.assertBitwise(one[i], two[i], name(be) + " scan " + Arrays.toString(s) + " output " + i);
            }
        }
    }

    private static float[][] scanAll(Problem p, CpuBackend be, int chunk) {
        Tensor[] f = p.forward(be, chunk);
        float[][] g = p.backward(be, chunk);
        float[][] all = Arrays.copyOf(g, g.length + 2);
        all[g.length] = f[0].toArray();
        all[g.length + 1] = f[1].toArray();
        return all;
    }

    @Property(tries = 25)
    void scanScalarMatchesVector(@ForAll @IntRange(min = 1, max = 3) int b, @ForAll @IntRange(min = 1, max = 20) int L,
                                 @ForAll @IntRange(min = 1, max = 80) int e, @ForAll @IntRange(min = 1, max = 16) int n,
                                 @ForAll @IntRange(min = 1, max = 25) int chunk, @ForAll boolean withD,
                                 @ForAll @IntRange(min = 0, max = 1000) int seed) {
        if (!Simd.AVAILABLE) return;
        Problem p = Problem.random(new Random(seed), b, L, e, n, withD);
        float[][] s = scanAll(p, TestTensors.scalar(), chunk), v = scanAll(p, CpuBackend.create(true), chunk);
        for (int i = 0; i < s.length; i++) {
            double[] ex = new double[s[i].length];
            for (int j = 0; j < ex.length; j++) ex[j] = s[i][j];
            assertNear(ex, v[i], 1e-4, 1e-5, "scan scalar vs vector, output " + i);
        }
    }

    @Test
    void scanEdgeShapes() {
        Random rnd = new Random(28);
        for (CpuBackend be : backends()) {
            // no steps: nothing to do, gA and gD unchanged
            Problem p0 = Problem.random(rnd, 2, 0, 5, 3, true);
            float[][] g0 = p0.backward(be, 4);
            TestTensors.assertBitwise(constantF(15, 0.5f), g0[2], name(be) + " L = 0 gA");
            // no channels: the Bm and Cm gradients are zero
            Problem pe = Problem.random(rnd, 2, 5, 0, 3, false);
            float[][] ge = pe.backward(be, 2);
            TestTensors.assertBitwise(new float[30], ge[3], name(be) + " e = 0 gBm");
            TestTensors.assertBitwise(new float[30], ge[4], name(be) + " e = 0 gCm");
            // no states: y = D u
            Problem pn = Problem.random(rnd, 1, 6, 3, 0, true);
            Tensor y = pn.forward(be, 4)[0];
            double[] ey = refScan(d(pn.u), d(pn.delta), d(pn.A), d(pn.Bm), d(pn.Cm), d(pn.D), 1, 6, 3, 0, null);
            assertNear(ey, y, 1e-6, 0, name(be) + " n = 0");
            float[][] gn = pn.backward(be, 4);
            TestTensors.assertBitwise(new float[18], gn[1], name(be) + " n = 0 gDelta");
        }
    }

    private static float[] constantF(int len, float v) {
        float[] a = new float[len];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void scanRejectsBadArguments() {
        CpuBackend be = TestTensors.scalar();
        Problem p = Problem.random(new Random(29), 2, 5, 3, 4, true);
        Tensor y = Tensor.zeros(2, 5, 3), ck = Tensor.zeros(2, 3, 3, 4);
        assertThrows(IllegalArgumentException.class,
                () -> be.selectiveScan(p.u, p.delta, p.A, p.Bm, p.Cm, p.D, 0, y, null));
        assertThrows(IllegalArgumentException.class,
                () -> be.selectiveScan(p.u, p.delta, Tensor.zeros(4, 4), p.Bm, p.Cm, p.D, 2, y, null));
        assertThrows(IllegalArgumentException.class,
                () -> be.selectiveScan(p.u, p.delta, p.A, Tensor.zeros(2, 5, 3), p.Cm, p.D, 2, y, null));
        assertThrows(IllegalArgumentException.class,
                () -> be.selectiveScan(p.u, p.delta, p.A, p.Bm, p.Cm, Tensor.zeros(4), 2, y, null));
        assertThrows(IllegalArgumentException.class,
                () -> be.selectiveScan(p.u, p.delta, p.A, p.Bm, p.Cm, p.D, 2, y, Tensor.zeros(2, 2, 3, 4)));
        assertThrows(IllegalArgumentException.class,
                () -> be.selectiveScan(p.u, p.delta, p.A, p.Bm, p.Cm, p.D, 2, p.u, null));
        assertThrows(IllegalArgumentException.class,
                () -> be.selectiveScan(Tensor.zeros(5, 3), Tensor.zeros(5, 3), p.A, p.Bm, p.Cm, p.D, 2,
                        Tensor.zeros(5, 3), null));
        be.selectiveScan(p.u, p.delta, p.A, p.Bm, p.Cm, p.D, 2, y, ck);
        Tensor gu = Tensor.zeros(2, 5, 3), gdl = Tensor.zeros(2, 5, 3), gA = Tensor.zeros(3, 4);
        Tensor gB = Tensor.zeros(2, 5, 4), gC = Tensor.zeros(2, 5, 4);
        // gD without D
        assertThrows(IllegalArgumentException.class, () -> be.selectiveScanBackward(p.u, p.delta, p.A, p.Bm, p.Cm,
                null, 2, ck, p.gy, gu, gdl, gA, gB, gC, Tensor.zeros(3)));
        // checkpoints of another chunk size, or missing
        assertThrows(IllegalArgumentException.class, () -> be.selectiveScanBackward(p.u, p.delta, p.A, p.Bm, p.Cm,
                p.D, 3, ck, p.gy, gu, gdl, gA, gB, gC, null));
        assertThrows(IllegalArgumentException.class, () -> be.selectiveScanBackward(p.u, p.delta, p.A, p.Bm, p.Cm,
                p.D, 2, null, p.gy, gu, gdl, gA, gB, gC, null));
        // outputs that overlap each other or an input
        assertThrows(IllegalArgumentException.class, () -> be.selectiveScanBackward(p.u, p.delta, p.A, p.Bm, p.Cm,
                p.D, 2, ck, p.gy, gu, gu, gA, gB, gC, null));
        assertThrows(IllegalArgumentException.class, () -> be.selectiveScanBackward(p.u, p.delta, p.A, p.Bm, p.Cm,
                p.D, 2, ck, p.gy, p.gy, gdl, gA, gB, gC, null));
        // D present but its gradient not wanted is fine
        be.selectiveScanBackward(p.u, p.delta, p.A, p.Bm, p.Cm, p.D, 2, ck, p.gy, gu, gdl, gA, gB, gC, null);
    }

    // =========================================================================================== depthwise conv

    /** {b, L, ch, k}. */
    private static final int[][] CONVS = {{2, 6, 5, 4}, {1, 3, 17, 8}, {2, 9, 33, 1}, {1, 20, 16, 4}, {3, 1, 2, 3}};

    @Test
    void depthwiseConvMatchesReference() {
        Random rnd = new Random(31);
        for (CpuBackend be : backends())
            for (int[] s : CONVS)
                for (boolean withBias : new boolean[]{false, true}) {
                    Tensor x = random(rnd, s[0], s[1], s[2]), w = random(rnd, s[2], s[3]);
                    Tensor bias = withBias ? random(rnd, s[2]) : null, y = filled(Float.NaN, s[0], s[1], s[2]);
                    be.depthwiseConv1d(x, w, bias, y);
                    assertNear(refConv(d(x), d(w), d(bias), s[0], s[1], s[2], s[3]), y, 1e-5, 1e-6,
                            name(be) + " depthwiseConv1d " + Arrays.toString(s) + " bias " + withBias);
                }
    }

    @Test
    void depthwiseConvBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(32);
        for (CpuBackend be : backends())
            for (int[] s : CONVS) {
                int b = s[0], L = s[1], ch = s[2], k = s[3];
                Tensor x = random(rnd, b, L, ch), w = random(rnd, ch, k), bias = random(rnd, ch);
                Tensor gy = random(rnd, b, L, ch), gx = filled(Float.NaN, b, L, ch);
                Tensor gw = filled(0.5f, ch, k), gb = filled(-1f, ch);
                be.depthwiseConv1dBackward(x, w, gy, gx, gw, gb);
                double[] gyd = d(gy);
                Fn f = a -> dot(gyd, refConv(a[0], a[1], a[2], b, L, ch, k));
                double[][] args = {d(x), d(w), d(bias)};
                String what = name(be) + " depthwiseConv1d backward " + Arrays.toString(s);
                assertNear(fd(f, args, 0, 1e-4), gx, 1e-4, 1e-5, what + " gx");
                assertNear(plus(constant(ch * k, 0.5), fd(f, args, 1, 1e-4)), gw, 1e-4, 1e-5, what + " gWeight");
                assertNear(plus(constant(ch, -1), fd(f, args, 2, 1e-4)), gb, 1e-4, 1e-5, what + " gBias");
                // without parameter gradients gx is the same
                Tensor gx2 = filled(Float.NaN, b, L, ch);
                be.depthwiseConv1dBackward(x, w, gy, gx2, null, null);
                TestTensors.assertBitwise(gx.toArray(), gx2.toArray(), what + " gx without parameter gradients");
            }
    }

    private static float[][] convAll(CpuBackend be, Tensor x, Tensor w, Tensor bias, Tensor gy) {
        Tensor y = Tensor.zeros(x.shape()), gx = Tensor.zeros(x.shape());
        Tensor gw = Tensor.zeros(w.shape()), gb = Tensor.zeros(bias.shape());
        be.depthwiseConv1d(x, w, bias, y);
        be.depthwiseConv1dBackward(x, w, gy, gx, gw, gb);
        return new float[][]{y.toArray(), gx.toArray(), gw.toArray(), gb.toArray()};
    }

    @Property(tries = 30)
    void depthwiseConvScalarMatchesVector(@ForAll @IntRange(min = 1, max = 3) int b,
                                          @ForAll @IntRange(min = 1, max = 12) int L,
                                          @ForAll @IntRange(min = 1, max = 50) int ch,
                                          @ForAll @IntRange(min = 1, max = 6) int k,
                                          @ForAll @IntRange(min = 0, max = 1000) int seed) {
        if (!Simd.AVAILABLE) return;
        Random rnd = new Random(seed);
        Tensor x = random(rnd, b, L, ch), w = random(rnd, ch, k), bias = random(rnd, ch), gy = random(rnd, b, L, ch);
        float[][] s = convAll(TestTensors.scalar(), x, w, bias, gy), v = convAll(CpuBackend.create(true), x, w, bias, gy);
        for (int i = 0; i < s.length; i++) {
            double[] ex = new double[s[i].length];
            for (int j = 0; j < ex.length; j++) ex[j] = s[i][j];
            assertNear(ex, v[i], 1e-5, 1e-6, "depthwiseConv1d scalar vs vector, output " + i);
        }
    }

    @Test
    void depthwiseConvIsBitIdenticalForOneAndTwoThreads() {
        Random rnd = new Random(33);
        // 1200 rows of 40 channels, kernel 4: several row chunks whose weight and bias gradients are summed
        Tensor x = random(rnd, 4, 300, 40), w = random(rnd, 40, 4), bias = random(rnd, 40), gy = random(rnd, 4, 300, 40);
        for (CpuBackend be : backends()) {
            float[][] one = withThreads(1, () -> convAll(be, x, w, bias, gy));
            float[][] two = withThreads(2, () -> convAll(be, x, w, bias, gy));
            for (int i = 0; i < one.length; i++)
                TestTensors.assertBitwise(one[i], two[i], name(be) + " depthwiseConv1d output " + i);
        }
    }

    @Test
    void depthwiseConvRejectsBadArguments() {
        CpuBackend be = TestTensors.scalar();
        Tensor x = Tensor.zeros(2, 5, 3);
        assertThrows(IllegalArgumentException.class,
                () -> be.depthwiseConv1d(x, Tensor.zeros(4, 2), null, Tensor.zeros(2, 5, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> be.depthwiseConv1d(x, Tensor.zeros(3, 0), null, Tensor.zeros(2, 5, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> be.depthwiseConv1d(x, Tensor.zeros(3, 2), Tensor.zeros(2), Tensor.zeros(2, 5, 3)));
        assertThrows(IllegalArgumentException.class, () -> be.depthwiseConv1d(x, Tensor.zeros(3, 2), null, x));
        assertThrows(IllegalArgumentException.class,
                () -> be.depthwiseConv1d(Tensor.zeros(5, 3), Tensor.zeros(3, 2), null, Tensor.zeros(5, 3)));
        assertThrows(IllegalArgumentException.class, () -> be.depthwiseConv1dBackward(x, Tensor.zeros(3, 2),
                Tensor.zeros(2, 5, 3), Tensor.zeros(2, 5, 3), Tensor.zeros(2, 3), null));
    }
}
