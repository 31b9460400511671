package org.genex.tensor.cpu;

import static org.genex.tensor.cpu.NnTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Test;

/**
 * The fused layer kernels against double-precision references written here (naive loops), their backward passes
 * against central finite differences of those references, the scalar path against the vector path, and thread
 * counts against each other.
 */
class NnKernelsTest {
    private static final float EPS = 1e-5f;
    private static final int[][] NORM_SHAPES = {{1, 1}, {3, 5}, {4, 16}, {2, 3, 33}, {2, 100}, {0, 7}, {5, 1}};

    // =========================================================================================== references

    /** Layer norm (or RMS norm when !centered) of rows of d in double; fills mean/rstd when not null. */
    static double[] refNorm(boolean centered, double[] x, int d, double[] g, double[] b, double eps,
                            double[] mean, double[] rstd) {
        int rows = d == 0 ? 0 : x.length / d;
        double[] y = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double m = 0;
            if (centered) {
                for (int j = 0; j < d; j++) m += x[r * d + j];
                m /= d;
            }
            double v = 0;
            for (int j = 0; j < d; j++) v += (x[r * d + j] - m) * (x[r * d + j] - m);
            v /= d;
            double rs = 1 / Math.sqrt(v + eps);
            for (int j = 0; j < d; j++) {
                double o = (x[r * d + j] - m) * rs;
                if (g != null) o *= g[j];
                if (b != null) o += b[j];
                y[r * d + j] = o;
            }
            if (mean != null) mean[r] = m;
            if (rstd != null) rstd[r] = rs;
        }
        return y;
    }

    /** PyTorch's cross_entropy(reduction='none') in double; fills logp [n, c]. */
    static double[] refCrossEntropy(double[] z, int n, int c, int[] t, double[] w, int ignore, double s,
                                    double[] logp) {
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) m = Math.max(m, z[i * c + j]);
            double se = 0;
            for (int j = 0; j < c; j++) se += Math.exp(z[i * c + j] - m);
            double lse = m + Math.log(se);
            for (int j = 0; j < c; j++) logp[i * c + j] = z[i * c + j] - lse;
            if (t[i] == ignore) continue;
            double wt = w == null ? 1 : w[t[i]];
            double l = (1 - s) * wt * -logp[i * c + t[i]];
            for (int j = 0; j < c; j++) l += s / c * (w == null ? 1 : w[j]) * -logp[i * c + j];
            loss[i] = l;
        }
        return loss;
    }

    /** im2col by its definition, in double. */
    static double[] refIm2col(double[] x, int b, int c, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw) {
        int oh = (h + 2 * ph - kh) / sh + 1, ow = (w + 2 * pw - kw) / sw + 1, K = c * kh * kw;
        double[] cols = new double[b * oh * ow * K];
        for (int bi = 0; bi < b; bi++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                    for (int ch = 0; ch < c; ch++)
                        for (int ky = 0; ky < kh; ky++)
                            for (int kx = 0; kx < kw; kx++) {
                                int iy = oy * sh - ph + ky, ix = ox * sw - pw + kx;
                                double v = iy < 0 || iy >= h || ix < 0 || ix >= w ? 0
                                        : x[((bi * c + ch) * h + iy) * w + ix];
                                cols[((bi * oh + oy) * ow + ox) * K + (ch * kh + ky) * kw + kx] = v;
                            }
        return cols;
    }

    // =========================================================================================== layer norm

    @Test
    void layerNormMatchesReference() {
        Random rnd = new Random(1);
        for (CpuBackend be : backends())
            for (int[] dims : NORM_SHAPES)
                for (int affine = 0; affine < 4; affine++) {
                    int d = dims[dims.length - 1];
                    Tensor x = random(rnd, dims);
                    Tensor g = (affine & 1) != 0 ? TestTensors.uniform(rnd, 0.5f, 1.5f, d) : null;
                    Tensor b = (affine & 2) != 0 ? random(rnd, d) : null;
                    int rows = x.shape().outer(-1);
                    Tensor y = Tensor.zeros(dims), mean = Tensor.zeros(rows), rstd = Tensor.zeros(rows);
                    be.layerNorm(x, g, b, EPS, y, mean, rstd);
                    double[] em = new double[rows], er = new double[rows];
                    double[] ey = refNorm(true, d(x), d, d(g), d(b), EPS, em, er);
                    String what = name(be) + " layerNorm " + Arrays.toString(dims) + " affine " + affine;
                    assertNear(ey, y, 1e-5, 1e-5, what + " y");
                    assertNear(em, mean, 1e-5, 1e-6, what + " mean");
                    assertNear(er, rstd, 1e-5, 1e-6, what + " rstd");
                }
    }

    @Test
    void layerNormBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(2);
        for (CpuBackend be : backends())
            for (int[] dims : new int[][]{{3, 5}, {2, 19}, {2, 2, 17}, {4, 1}})
                for (int affine = 0; affine < 4; affine++)
                    checkNormBackward(be, true, rnd, dims, affine, EPS);
    }

    @Test
    void rmsNormMatchesReference() {
        Random rnd = new Random(3);
        for (CpuBackend be : backends())
            for (int[] dims : NORM_SHAPES)
                for (boolean affine : new boolean[]{false, true}) {
                    int d = dims[dims.length - 1];
                    Tensor x = random(rnd, dims);
                    Tensor g = affine ? TestTensors.uniform(rnd, 0.5f, 1.5f, d) : null;
                    int rows = x.shape().outer(-1);
                    Tensor y = Tensor.zeros(dims), rstd = Tensor.zeros(rows);
                    be.rmsNorm(x, g, EPS, y, rstd);
                    double[] er = new double[rows];
                    double[] ey = refNorm(false, d(x), d, d(g), null, EPS, null, er);
                    String what = name(be) + " rmsNorm " + Arrays.toString(dims) + " affine " + affine;
                    assertNear(ey, y, 1e-5, 1e-5, what + " y");
                    assertNear(er, rstd, 1e-5, 1e-6, what + " rstd");
                }
    }

    @Test
    void rmsNormBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(4);
        for (CpuBackend be : backends())
            for (int[] dims : new int[][]{{3, 5}, {2, 19}, {2, 2, 17}, {4, 1}})
                for (int affine : new int[]{0, 1})
                    checkNormBackward(be, false, rnd, dims, affine, EPS);
    }

    /**
     * Runs the forward and backward kernels and checks gx, gGamma, gBeta against central differences of
     * sum(gy * norm(x, gamma, beta)) computed with the double reference; the parameter gradients must be added to
     * what was in their buffers.
     */
    private static void checkNormBackward(CpuBackend be, boolean centered, Random rnd, int[] dims, int affine,
                                          float eps) {
        int d = dims[dims.length - 1];
        Tensor x = random(rnd, dims), gy = random(rnd, dims);
        Tensor g = (affine & 1) != 0 ? TestTensors.uniform(rnd, 0.5f, 1.5f, d) : null;
        Tensor b = centered && (affine & 2) != 0 ? random(rnd, d) : null;
        int rows = x.shape().outer(-1);
        Tensor y = Tensor.zeros(dims), mean = Tensor.zeros(rows), rstd = Tensor.zeros(rows);
        Tensor gx = filled(Float.NaN, dims), gG = filled(0.25f, d), gB = filled(-0.5f, d);
        if (centered) {
            be.layerNorm(x, g, b, eps, y, mean, rstd);
            be.layerNormBackward(gy, x, g, mean, rstd, gx, gG, gB);
        } else {
            be.rmsNorm(x, g, eps, y, rstd);
            be.rmsNormBackward(gy, x, g, rstd, gx, gG);
        }
        double[] gyd = d(gy);
        Fn f = a -> dot(gyd, refNorm(centered, a[0], d, a[1], a[2], eps, null, null));
        double[][] args = {d(x), d(g), d(b)};
        String what = name(be) + (centered ? " layerNorm" : " rmsNorm") + " backward " + Arrays.toString(dims)
                + " affine " + affine;
        assertNear(fd(f, args, 0, 1e-5), gx, 1e-3, 1e-4, what + " gx");
        // gGamma is the gradient as if gamma were there (all ones when absent); gBeta the sum of gy
        double[][] withG = {args[0], args[1] != null ? args[1] : ones(d), args[2]};
        assertNear(plus(fill(d, 0.25), fd(f, withG, 1, 1e-5)), gG, 1e-3, 1e-4, what + " gGamma");
        if (centered) {
            double[][] withB = {args[0], args[1], args[2] != null ? args[2] : new double[d]};
            assertNear(plus(fill(d, -0.5), fd(f, withB, 2, 1e-5)), gB, 1e-3, 1e-4, what + " gBeta");
        }
    }

    @Test
    void constantRowsHaveZeroVariance() {
        for (CpuBackend be : backends())
            for (float v : new float[]{0.5f, -1.3f, 0f}) {
                int rows = 3, d = 33;
                Random rnd = new Random(5);
                Tensor x = filled(v, rows, d), g = TestTensors.uniform(rnd, 0.5f, 1.5f, d), b = random(rnd, d);
                Tensor y = Tensor.zeros(rows, d), mean = Tensor.zeros(rows), rstd = Tensor.zeros(rows);
                be.layerNorm(x, g, b, EPS, y, mean, rstd);
                double rs = 1 / Math.sqrt(EPS);
                double[] eb = new double[rows * d];
                for (int i = 0; i < eb.length; i++) eb[i] = b.array()[i % d];
                String what = name(be) + " constant rows of " + v;
                // y = beta exactly where the row mean is exact; close otherwise (x - mean is ~1 ulp, times 316)
                assertNear(eb, y, 0, 1e-4, what + " y");
                assertNear(fill(rows, v), mean, 1e-6, 1e-7, what + " mean");
                assertNear(fill(rows, rs), rstd, 1e-6, 0, what + " rstd");
                // backward: xhat = 0, so gx = rstd (h - mean(h)) with h = gy * gamma; gGamma += 0; gBeta += sum gy
                Tensor gy = random(rnd, rows, d), gx = Tensor.zeros(rows, d), gG = Tensor.zeros(d), gB = Tensor.zeros(d);
                be.layerNormBackward(gy, x, g, mean, rstd, gx, gG, gB);
                double[] egx = new double[rows * d], egB = new double[d];
                for (int r = 0; r < rows; r++) {
                    double mh = 0;
                    for (int j = 0; j < d; j++) mh += gy.get(r, j) * (double) g.get(j) / d;
                    for (int j = 0; j < d; j++) {
                        egx[r * d + j] = rs * (gy.get(r, j) * (double) g.get(j) - mh);
                        egB[j] += gy.get(r, j);
                    }
                }
                assertNear(egx, gx, 1e-4, 1e-5, what + " gx");
                assertNear(new double[d], gG, 0, 1e-3, what + " gGamma");
                assertNear(egB, gB, 1e-5, 1e-6, what + " gBeta");
                // RMS norm of a zero row: rstd = 1/sqrt(eps), y = 0
                if (v == 0f) {
                    Tensor ry = filled(Float.NaN, rows, d), rr = Tensor.zeros(rows);
                    be.rmsNorm(x, g, EPS, ry, rr);
                    assertNear(new double[rows * d], ry, 0, 0, what + " rmsNorm y");
                    assertNear(fill(rows, rs), rr, 1e-6, 0, what + " rmsNorm rstd");
                }
            }
    }

    @Test
    void normsWithoutStatisticsOutputs() {
        Random rnd = new Random(6);
        for (CpuBackend be : backends()) {
            Tensor x = random(rnd, 4, 21), y1 = Tensor.zeros(4, 21), y2 = Tensor.zeros(4, 21);
            be.layerNorm(x, null, null, EPS, y1, null, null);
            be.layerNorm(x, null, null, EPS, y2, Tensor.zeros(4), Tensor.zeros(4));
            TestTensors.assertBitwise(y2.toArray(), y1.toArray(), name(be) + " layerNorm without stats");
            be.rmsNorm(x, null, EPS, y1, null);
            be.rmsNorm(x, null, EPS, y2, Tensor.zeros(4));
            TestTensors.assertBitwise(y2.toArray(), y1.toArray(), name(be) + " rmsNorm without stats");
        }
    }

    @Property(tries = 40)
    void normsScalarMatchesVector(@ForAll @IntRange(min = 0, max = 9) int rows,
                                  @ForAll @IntRange(min = 1, max = 70) int d,
                                  @ForAll boolean affine, @ForAll @IntRange(min = 0, max = 1000) int seed) {
        if (!Simd.AVAILABLE) return;
        Random rnd = new Random(seed);
        Tensor x = random(rnd, rows, d), gy = random(rnd, rows, d);
        Tensor g = affine ? TestTensors.uniform(rnd, 0.5f, 1.5f, d) : null, b = affine ? random(rnd, d) : null;
        float[][] s = runNorms(TestTensors.scalar(), x, gy, g, b), v = runNorms(CpuBackend.create(true), x, gy, g, b);
        for (int i = 0; i < s.length; i++) {
            double[] e = new double[s[i].length];
            for (int j = 0; j < e.length; j++) e[j] = s[i][j];
            assertNear(e, v[i], 1e-4, 2e-5, "scalar vs vector, output " + i + " rows " + rows + " d " + d);
        }
    }

    /** layerNorm and rmsNorm forward and backward; every output, in a fixed order. */
    private static float[][] runNorms(CpuBackend be, Tensor x, Tensor gy, Tensor g, Tensor b) {
        int rows = x.dim(0), d = x.dim(1);
        Tensor y = Tensor.zeros(rows, d), mean = Tensor.zeros(rows), rstd = Tensor.zeros(rows);
        Tensor gx = Tensor.zeros(rows, d), gG = Tensor.zeros(d), gB = Tensor.zeros(d);
        be.layerNorm(x, g, b, EPS, y, mean, rstd);
        be.layerNormBackward(gy, x, g, mean, rstd, gx, gG, gB);
        Tensor ry = Tensor.zeros(rows, d), rr = Tensor.zeros(rows), rgx = Tensor.zeros(rows, d), rgG = Tensor.zeros(d);
        be.rmsNorm(x, g, EPS, ry, rr);
        be.rmsNormBackward(gy, x, g, rr, rgx, rgG);
        return new float[][]{y.toArray(), mean.toArray(), rstd.toArray(), gx.toArray(), gG.toArray(), gB.toArray(),
                ry.toArray(), rr.toArray(), rgx.toArray(), rgG.toArray()};
    }

    @Test
    void normsAreBitIdenticalForOneAndTwoThreads() {
        Random rnd = new Random(7);
        // 1000 rows of 100: several row chunks, so the parameter gradients are summed from partial buffers
        Tensor x = random(rnd, 1000, 100), gy = random(rnd, 1000, 100);
        Tensor g = TestTensors.uniform(rnd, 0.5f, 1.5f, 100), b = random(rnd, 100);
        for (CpuBackend be : backends()) {
            float[][] one = withThreads(1, () -> runNorms(be, x, gy, g, b));
            float[][] two = withThreads(2, () -> runNorms(be, x, gy, g, b));
            for (int i = 0; i < one.length; i++)
                TestTensors.assertBitwise(one[i], two[i], name(be) + " norms output " + i + ", 1 vs 2 threads");
        }
    }

    @Test
    void normsRejectBadArguments() {
        CpuBackend be = TestTensors.scalar();
        Tensor x = Tensor.zeros(3, 4);
        assertThrows(IllegalArgumentException.class,
                () -> be.layerNorm(x, Tensor.zeros(5), null, EPS, Tensor.zeros(3, 4), null, null));
        assertThrows(IllegalArgumentException.class,
                () -> be.layerNorm(x, null, null, EPS, Tensor.zeros(4, 3), null, null));
        assertThrows(IllegalArgumentException.class,
                () -> be.layerNorm(x, null, null, EPS, Tensor.zeros(3, 4), Tensor.zeros(4), null));
        assertThrows(IllegalArgumentException.class, () -> be.layerNorm(x, null, null, EPS, x, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> be.layerNorm(Tensor.scalar(1f), null, null, EPS, Tensor.scalar(0f), null, null));
        assertThrows(IllegalArgumentException.class,
                () -> be.layerNormBackward(Tensor.zeros(3, 4), x, null, Tensor.zeros(3), Tensor.zeros(3),
                        Tensor.zeros(3, 4), Tensor.zeros(3), null));
        assertThrows(IllegalArgumentException.class,
                () -> be.rmsNormBackward(Tensor.zeros(3, 5), x, null, Tensor.zeros(3), Tensor.zeros(3, 4), null));
        Tensor gy = Tensor.zeros(3, 4);
        assertThrows(IllegalArgumentException.class,
                () -> be.rmsNormBackward(gy, x, null, Tensor.zeros(3), gy, null));
    }

    // =========================================================================================== cross-entropy

    private static final int IGNORE = -100;

    @Test
    void crossEntropyMatchesReference() {
        Random rnd = new Random(8);
        for (CpuBackend be : backends())
            for (int c : new int[]{1, 7, 20, 37})
                for (boolean weighted : new boolean[]{false, true})
                    for (float s : new float[]{0f, 0.1f, 1f})
                        for (int ignore : new int[]{IGNORE, 0}) {
                            int n = 9;
                            Tensor z = TestTensors.uniform(rnd, -3, 3, n, c);
                            int[] t = targets(rnd, n, c, ignore);
                            Tensor w = weighted ? TestTensors.uniform(rnd, 0.2f, 2f, c) : null;
                            Tensor loss = filled(Float.NaN, n), logp = Tensor.zeros(n, c);
                            be.crossEntropy(z, t, w, ignore, s, loss, logp);
                            double[] elp = new double[n * c];
                            double[] el = refCrossEntropy(d(z), n, c, t, d(w), ignore, s, elp);
                            String what = name(be) + " crossEntropy c " + c + " weighted " + weighted + " s " + s
                                    + " ignore " + ignore;
                            assertNear(el, loss, 1e-5, 1e-6, what + " losses");
                            assertNear(elp, logp, 1e-5, 1e-6, what + " logProbs");
                            for (int i = 0; i < n; i++)
                                if (t[i] == ignore) assertEquals(0f, loss.get(i), what + " ignored row " + i);
                        }
    }

    @Test
    void crossEntropyBackwardMatchesFiniteDifferences() {
        Random rnd = new Random(9);
        for (CpuBackend be : backends())
            for (int c : new int[]{1, 7, 19})
                for (boolean weighted : new boolean[]{false, true})
                    for (float s : new float[]{0f, 0.15f, 1f}) {
                        int n = 6;
                        Tensor z = TestTensors.uniform(rnd, -3, 3, n, c);
                        int[] t = targets(rnd, n, c, IGNORE);
                        Tensor w = weighted ? TestTensors.uniform(rnd, 0.2f, 2f, c) : null;
                        Tensor gl = random(rnd, n), loss = Tensor.zeros(n), logp = Tensor.zeros(n, c);
                        Tensor gz = filled(Float.NaN, n, c);
                        be.crossEntropy(z, t, w, IGNORE, s, loss, logp);
                        be.crossEntropyBackward(logp, t, w, IGNORE, s, gl, gz);
                        double[] gld = d(gl), wd = d(w);
                        Fn f = a -> dot(gld, refCrossEntropy(a[0], n, c, t, wd, IGNORE, s, new double[n * c]));
                        assertNear(fd(f, new double[][]{d(z)}, 0, 1e-5), gz, 1e-3, 1e-5,
                                name(be) + " crossEntropy backward c " + c + " weighted " + weighted + " s " + s);
                    }
    }

    @Test
    void crossEntropyWithEveryRowIgnored() {
        Random rnd = new Random(10);
        for (CpuBackend be : backends()) {
            int n = 4, c = 5;
            Tensor z = random(rnd, n, c), w = TestTensors.uniform(rnd, 0.5f, 1f, c);
            int[] t = {IGNORE, IGNORE, IGNORE, IGNORE};
            Tensor loss = filled(Float.NaN, n), logp = Tensor.zeros(n, c), gz = filled(Float.NaN, n, c);
            be.crossEntropy(z, t, w, IGNORE, 0.1f, loss, logp);
            TestTensors.assertBitwise(new float[n], loss.toArray(), name(be) + " all ignored: losses");
            double[] elp = new double[n * c];
            refCrossEntropy(d(z), n, c, t, d(w), IGNORE, 0.1, elp);
            assertNear(elp, logp, 1e-5, 1e-6, name(be) + " all ignored: logProbs");
            be.crossEntropyBackward(logp, t, w, IGNORE, 0.1f, random(rnd, n), gz);
            TestTensors.assertBitwise(new float[n * c], gz.toArray(), name(be) + " all ignored: gLogits");
            // no classes at all: only ignored rows are possible
            Tensor l0 = Tensor.zeros(2);
            be.crossEntropy(Tensor.zeros(2, 0), new int[]{IGNORE, IGNORE}, null, IGNORE, 0f, l0, Tensor.zeros(2, 0));
            TestTensors.assertBitwise(new float[2], l0.toArray(), name(be) + " no classes");
        }
    }

    @Test
    void crossEntropyIsStableForLargeLogits() {
        Random rnd = new Random(11);
        for (CpuBackend be : backends()) {
            int n = 5, c = 23;
            Tensor z = random(rnd, n, c), zBig = Tensor.zeros(n, c);
            for (int i = 0; i < z.size(); i++) zBig.array()[i] = z.array()[i] + 1000f;
            int[] t = targets(rnd, n, c, IGNORE);
            Tensor l1 = Tensor.zeros(n), l2 = Tensor.zeros(n);
            be.crossEntropy(z, t, null, IGNORE, 0.2f, l1, Tensor.zeros(n, c));
            be.crossEntropy(zBig, t, null, IGNORE, 0.2f, l2, Tensor.zeros(n, c));
            assertNear(d(l1), l2, 1e-3, 1e-4, name(be) + " shifted logits");
        }
    }

    @Property(tries = 30)
    void crossEntropyScalarMatchesVector(@ForAll @IntRange(min = 0, max = 8) int n,
                                         @ForAll @IntRange(min = 1, max = 50) int c,
                                         @ForAll boolean weighted, @ForAll @IntRange(min = 0, max = 1000) int seed) {
        if (!Simd.AVAILABLE) return;
        Random rnd = new Random(seed);
        Tensor z = TestTensors.uniform(rnd, -4, 4, n, c), gl = random(rnd, n);
        Tensor w = weighted ? TestTensors.uniform(rnd, 0.2f, 2f, c) : null;
        int[] t = targets(rnd, n, c, IGNORE);
        float s = rnd.nextFloat() * 0.3f;
        float[][] a = runCrossEntropy(TestTensors.scalar(), z, t, w, s, gl);
        float[][] b = runCrossEntropy(CpuBackend.create(true), z, t, w, s, gl);
        for (int i = 0; i < a.length; i++) {
            double[] e = new double[a[i].length];
            for (int j = 0; j < e.length; j++) e[j] = a[i][j];
            assertNear(e, b[i], 1e-5, 1e-6, "crossEntropy scalar vs vector, output " + i + " n " + n + " c " + c);
        }
    }

    private static float[][] runCrossEntropy(CpuBackend be, Tensor z, int[] t, Tensor w, float s, Tensor gl) {
        int n = z.dim(0), c = z.dim(1);
        Tensor loss = Tensor.zeros(n), logp = Tensor.zeros(n, c), gz = Tensor.zeros(n, c);
        be.crossEntropy(z, t, w, IGNORE, s, loss, logp);
        be.crossEntropyBackward(logp, t, w, IGNORE, s, gl, gz);
        return new float[][]{loss.toArray(), logp.toArray(), gz.toArray()};
    }

    @Test
    void crossEntropyIsBitIdenticalForOneAndTwoThreads() {
        Random rnd = new Random(12);
        int n = 3000, c = 37;
        Tensor z = TestTensors.uniform(rnd, -4, 4, n, c), gl = random(rnd, n), w = TestTensors.uniform(rnd, 0.2f, 2f, c);
        int[] t = targets(rnd, n, c, IGNORE);
        for (CpuBackend be : backends()) {
            float[][] one = withThreads(1, () -> runCrossEntropy(be, z, t, w, 0.1f, gl));
            float[][] two = withThreads(2, () -> runCrossEntropy(be, z, t, w, 0.1f, gl));
            for (int i = 0; i < one.length; i++)
                TestTensors.assertBitwise(one[i], two[i], name(be) + " crossEntropy output " + i);
        }
    }

    @Test
    void crossEntropyRejectsBadArguments() {
        CpuBackend be = TestTensors.scalar();
        Tensor z = Tensor.zeros(3, 4), loss = Tensor.zeros(3), logp = Tensor.zeros(3, 4);
        assertThrows(IndexOutOfBoundsException.class,
                () -> be.crossEntropy(z, new int[]{0, 4, 1}, null, IGNORE, 0f, loss, logp));
        assertThrows(IndexOutOfBoundsException.class,
                () -> be.crossEntropy(z, new int[]{0, -1, 1}, null, IGNORE, 0f, loss, logp));
        assertThrows(IllegalArgumentException.class,
                () -> be.crossEntropy(z, new int[]{0, 1}, null, IGNORE, 0f, loss, logp));
        assertThrows(IllegalArgumentException.class,
                () -> be.crossEntropy(z, new int[]{0, 1, 2}, null, IGNORE, 1.5f, loss, logp));
        assertThrows(IllegalArgumentException.class,
                () -> be.crossEntropy(z, new int[]{0, 1, 2}, Tensor.zeros(3), IGNORE, 0f, loss, logp));
        assertThrows(IllegalArgumentException.class,
                () -> be.crossEntropy(z, new int[]{0, 1, 2}, null, IGNORE, 0f, loss, z));
        assertThrows(IllegalArgumentException.class,
                () -> be.crossEntropy(Tensor.zeros(12), new int[12], null, IGNORE, 0f, Tensor.zeros(12), Tensor.zeros(12)));
        assertThrows(IndexOutOfBoundsException.class,
                () -> be.crossEntropyBackward(logp, new int[]{0, 9, 1}, null, IGNORE, 0f, loss, Tensor.zeros(3, 4)));
        assertThrows(IllegalArgumentException.class,
                () -> be.crossEntropyBackward(logp, new int[]{0, 1, 1}, null, IGNORE, 0f, Tensor.zeros(4),
                        Tensor.zeros(3, 4)));
        // a bad target leaves the outputs untouched
        Tensor l = filled(7f, 3);
        assertThrows(IndexOutOfBoundsException.class,
                () -> be.crossEntropy(z, new int[]{0, 1, 5}, null, IGNORE, 0f, l, logp));
        TestTensors.assertBitwise(new float[]{7f, 7f, 7f}, l.toArray(), "losses after a bad target");
    }

    /** Random targets in [0, c), with about a quarter of them set to {@code ignore}. */
    private static int[] targets(Random rnd, int n, int c, int ignore) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = rnd.nextInt(4) == 0 ? ignore : rnd.nextInt(c);
        return t;
    }

    // =========================================================================================== im2col / col2im

    /** {b, c, h, w, kh, kw, strideH, strideW, padH, padW}. */
    private static final int[][] CONVS = {
            {2, 3, 7, 6, 3, 2, 2, 1, 1, 0},
            {1, 2, 5, 5, 3, 3, 1, 1, 1, 1},
            {1, 3, 8, 8, 4, 4, 4, 4, 0, 0},   // ViT-style patches
            {2, 1, 4, 5, 1, 1, 1, 1, 0, 0},
            {1, 2, 5, 4, 3, 2, 2, 2, 1, 1},
            {1, 1, 1, 1, 3, 3, 1, 1, 1, 1},   // one pixel, kernel larger than the image
            {1, 2, 6, 7, 2, 3, 3, 2, 0, 2},
            {2, 17, 4, 3, 3, 3, 1, 1, 1, 1},
            {1, 2, 9, 9, 2, 2, 2, 2, 1, 1}};

    private static int[] outSize(int[] p) {
        return new int[]{(p[2] + 2 * p[8] - p[4]) / p[6] + 1, (p[3] + 2 * p[9] - p[5]) / p[7] + 1};
    }

    private static Tensor im2col(CpuBackend be, Tensor x, int[] p) {
        int[] o = outSize(p);
        Tensor cols = filled(Float.NaN, p[0], o[0] * o[1], p[1] * p[4] * p[5]);
        be.im2col(x, p[4], p[5], p[6], p[7], p[8], p[9], cols);
        return cols;
    }

    @Test
    void im2colMatchesDefinition() {
        Random rnd = new Random(13);
        for (CpuBackend be : backends())
            for (int[] p : CONVS) {
                Tensor x = random(rnd, p[0], p[1], p[2], p[3]);
                Tensor cols = im2col(be, x, p);
                double[] e = refIm2col(d(x), p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9]);
                assertNear(e, cols, 0, 0, name(be) + " im2col " + Arrays.toString(p));
            }
    }

    @Test
    void col2imIsTheAdjointOfIm2colAndAccumulates() {
        Random rnd = new Random(14);
        for (CpuBackend be : backends())
            for (int[] p : CONVS) {
                Tensor x = random(rnd, p[0], p[1], p[2], p[3]);
                Tensor cols = im2col(be, x, p);
                Tensor c = random(rnd, cols.shape().dims());
                Tensor back = Tensor.zeros(x.shape());
                be.col2im(c, p[4], p[5], p[6], p[7], p[8], p[9], back);
                double lhs = dot(d(cols), d(c)), rhs = dot(d(x), d(back));
                String what = name(be) + " col2im " + Arrays.toString(p);
                assertEquals(lhs, rhs, 1e-5 * (1 + Math.abs(lhs)), what + ": <im2col(x), c> vs <x, col2im(c)>");
                // element by element: the transpose of the reference im2col applied to c
                double[] e = new double[x.size()];
                for (int i = 0; i < e.length; i++) {
                    double[] unit = new double[x.size()];
                    unit[i] = 1;
                    e[i] = dot(refIm2col(unit, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9]), d(c));
                }
                assertNear(e, back, 1e-5, 1e-6, what + " vs reference");
                // col2im adds into x
                Tensor x0 = random(rnd, x.shape().dims()), acc = copy(x0);
                be.col2im(c, p[4], p[5], p[6], p[7], p[8], p[9], acc);
                assertNear(plus(d(x0), e), acc, 1e-5, 1e-6, what + " accumulates");
            }
    }

    @Test
    void convolutionAsIm2colTimesWeightsMatchesNaiveConvolution() {
        Random rnd = new Random(15);
        for (CpuBackend be : backends())
            for (int[] p : CONVS) {
                int b = p[0], c = p[1], h = p[2], w = p[3], kh = p[4], kw = p[5], oc = 3;
                int[] o = outSize(p);
                Tensor x = random(rnd, b, c, h, w), wt = random(rnd, oc, c, kh, kw);
                double[] cols = d(im2col(be, x, p)), wd = d(wt), xd = d(x);
                int K = c * kh * kw, P = o[0] * o[1];
                double[] viaCols = new double[b * oc * P], naive = new double[b * oc * P];
                for (int bi = 0; bi < b; bi++)
                    for (int q = 0; q < P; q++)
                        for (int f = 0; f < oc; f++) {
                            double s = 0;
                            for (int k = 0; k < K; k++) s += cols[(bi * P + q) * K + k] * wd[f * K + k];
                            viaCols[(bi * oc + f) * P + q] = s;
                        }
                for (int bi = 0; bi < b; bi++)
                    for (int f = 0; f < oc; f++)
                        for (int oy = 0; oy < o[0]; oy++)
                            for (int ox = 0; ox < o[1]; ox++) {
                                double s = 0;
                                for (int ch = 0; ch < c; ch++)
                                    for (int ky = 0; ky < kh; ky++)
                                        for (int kx = 0; kx < kw; kx++) {
                                            int iy = oy * p[6] - p[8] + ky, ix = ox * p[7] - p[9] + kx;
                                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                            s += xd[((bi * c + ch) * h + iy) * w + ix]
                                                    * wd[((f * c + ch) * kh + ky) * kw + kx];
                                        }
                                naive[(bi * oc + f) * P + oy * o[1] + ox] = s;
                            }
                float[] got = new float[viaCols.length];
                for (int i = 0; i < got.length; i++) got[i] = (float) viaCols[i];
                assertNear(naive, got, 1e-6, 1e-6, name(be) + " conv " + Arrays.toString(p));
            }
    }

    @Test
    void col2imIsBitIdenticalForOneAndTwoThreads() {
        Random rnd = new Random(16);
        int[] p = {2, 8, 30, 30, 3, 3, 1, 1, 1, 1};
        Tensor x = random(rnd, p[0], p[1], p[2], p[3]);
        for (CpuBackend be : backends()) {
            Tensor c = random(rnd, im2col(be, x, p).shape().dims());
            float[][] one = withThreads(1, () -> colsAndBack(be, x, c, p));
            float[][] two = withThreads(2, () -> colsAndBack(be, x, c, p));
            TestTensors.assertBitwise(one[0], two[0], name(be) + " im2col threads");
            TestTensors.assertBitwise(one[1], two[1], name(be) + " col2im threads");
        }
    }

    private static float[][] colsAndBack(CpuBackend be, Tensor x, Tensor c, int[] p) {
        Tensor back = Tensor.zeros(x.shape());
        be.col2im(c, p[4], p[5], p[6], p[7], p[8], p[9], back);
        return new float[][]{im2col(be, x, p).toArray(), back.toArray()};
    }

    @Test
    void im2colRejectsBadArguments() {
        CpuBackend be = TestTensors.scalar();
        Tensor x = Tensor.zeros(1, 2, 4, 4);
        assertThrows(IllegalArgumentException.class, () -> be.im2col(x, 5, 3, 1, 1, 0, 0, Tensor.zeros(1, 1, 30)));
        assertThrows(IllegalArgumentException.class, () -> be.im2col(x, 3, 3, 0, 1, 0, 0, Tensor.zeros(1, 4, 18)));
        assertThrows(IllegalArgumentException.class, () -> be.im2col(x, 3, 3, 1, 1, -1, 0, Tensor.zeros(1, 4, 18)));
        assertThrows(IllegalArgumentException.class, () -> be.im2col(x, 3, 3, 1, 1, 0, 0, Tensor.zeros(1, 5, 18)));
        assertThrows(IllegalArgumentException.class, () -> be.im2col(Tensor.zeros(2, 4, 4), 3, 3, 1, 1, 0, 0,
                Tensor.zeros(1, 4, 18)));
        assertThrows(IllegalArgumentException.class, () -> be.col2im(Tensor.zeros(1, 4, 17), 3, 3, 1, 1, 0, 0, x));
        be.im2col(x, 3, 3, 1, 1, 0, 0, Tensor.zeros(1, 4, 18)); // the right shape is accepted
        assertEquals(Shape.of(1, 4, 18), Tensor.zeros(1, 4, 18).shape());
    }

    // =========================================================================================== helpers

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static double[] ones(int n) { return fill(n, 1); }
}
