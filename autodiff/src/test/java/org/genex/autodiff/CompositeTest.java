package org.genex.autodiff;

import static org.genex.autodiff.FunctionalTest.*;
import static org.genex.tensor.TestTensors.assertClose;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.function.Function;
import org.genex.tensor.*;
import org.junit.jupiter.api.Test;

/**
 * The composites are references, so they are checked against formulas written out in double here: logsumexp,
 * variance, layer and RMS norm. The fused activation maps ({@link Var#gelu()}, {@link UnaryOp#GELU_TANH},
 * {@link Var#silu()}) are checked against their composites (values and gradients for the same seed), against
 * known values, and by finite differences.
 *
 * <p>Tolerances are stated per op as {@code rtol / atol} on {@code |expected - actual| <= atol + rtol |expected|}.
 */
class CompositeTest {
    private static final float NEG_INF = Float.NEGATIVE_INFINITY;

    // ============================================================================================ activations

    // gelu, geluTanh, silu: values 1e-5 / 1e-6 and gradients 1e-5 / 1e-6 against the composites
    private static final Tol ACT = new Tol(1e-5, 1e-6);

    /** Values in [-6, 6), with tails at +-10 and points near 0. */
    private static Tensor activationInputs() {
        Tensor x = random(1, 6f, 7, 11);
        float[] a = x.array();
        a[0] = -10f;
        a[1] = 10f;
        a[2] = 1e-4f;
        a[3] = -1e-4f;
        a[4] = 0f;
        return x;
    }

    private static void checkActivation(String what, Function<Var[], Var> fused, Function<Var[], Var> composite,
                                        float[] at, double[] expected) {
        assertSameAsComposite(what, fused, composite, ACT, ACT, activationInputs());
        float[] y = run(fused, false, Tensor.of(at)).value().toArray();
        assertClose(floats(expected), y, 1e-6, 1e-7, what + " known values");
        GradCheck.check(fused, random(2, 3f, 3, 7));
    }

    @Test
    void fusedGeluEqualsTheExactComposite() {
        // x Phi(x): Phi(1) = 0.8413447460685429, Phi(-1) = 0.15865525393145707, Phi(2) = 0.9772498680518208
        checkActivation("gelu", v -> v[0].gelu(), v -> Composite.gelu(v[0]), new float[]{1f, -1f, 2f, 0f},
                new double[]{0.8413447460685429, -0.15865525393145707, 2 * 0.9772498680518208, 0});
    }

    @Test
    void fusedTanhGeluEqualsTheTanhComposite() {
        double[] expected = new double[3];
        float[] at = {1f, -1.5f, 3f};
        for (int i = 0; i < 3; i++) {
            double x = at[i];
            expected[i] = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
        }
        checkActivation("geluTanh", v -> v[0].map(UnaryOp.GELU_TANH), v -> Composite.geluTanh(v[0]), at, expected);
        // the approximation differs from the exact GELU by less than 5e-4 on [-6, 6]
        Tensor x = activationInputs();
        assertClose(Var.of(x).gelu().value(), Var.of(x).map(UnaryOp.GELU_TANH).value(), 0, 5e-4);
    }

    @Test
    void fusedSiluEqualsTheComposite() {
        double[] expected = new double[3];
        float[] at = {1f, -2f, 5f};
        for (int i = 0; i < 3; i++) expected[i] = at[i] / (1 + Math.exp(-at[i]));
        checkActivation("silu", v -> v[0].silu(), v -> Composite.silu(v[0]), at, expected);
    }

    // ============================================================================================ logsumexp

    /** {@code log sum exp(x)} along {@code axis}, directly in double (no shift: double has the range). */
    private static double[] logsumexpReference(Tensor x, int axis) {
        Shape s = x.shape();
        int a = s.axis(axis), len = s.dim(a), inner = s.inner(a), outer = s.outer(a);
        float[] v = x.toArray();
        double[] y = new double[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int in = 0; in < inner; in++) {
                double sum = 0;
                for (int j = 0; j < len; j++) sum += Math.exp((double) v[o * len * inner + j * inner + in]);
                y[o * inner + in] = Math.log(sum);
            }
        return y;
    }

    @Test
    void logsumexpEqualsTheDirectSumInDouble() {
        // logsumexp: 1e-6 / 1e-6 against double
        Tensor x = random(10, 5f, 3, 6, 4);
        float[] a = x.array();
        a[0] = 80f;                                                  // exp(80) overflows float, not double
        a[4] = -120f;                                                // exp(-120) underflows float
        a[8] = NEG_INF;                                              // a masked entry
        for (int axis : new int[]{0, 1, 2, -1}) {
            double[] expected = logsumexpReference(x, axis);
            Var y = Composite.logsumexp(Var.of(x), axis, false);
            assertEquals(x.shape().without(axis), y.shape());
            assertClose(floats(expected), y.value().toArray(), 1e-6, 1e-6, "logsumexp axis " + axis);
            Var k = Composite.logsumexp(Var.of(x), axis, true);
            assertEquals(x.shape().with(axis, 1), k.shape());
            assertClose(floats(expected), k.value().toArray(), 1e-6, 1e-6, "logsumexp keepDim axis " + axis);
        }
        Tensor big = random(11, 1f, 2, 3).add(3e4f);                 // exp(3e4) overflows even in double
        float[] b = big.toArray();
        for (int i = 0; i < 2; i++) {
            double m = Math.max(b[3 * i], Math.max(b[3 * i + 1], b[3 * i + 2])), s = 0;
            for (int j = 0; j < 3; j++) s += Math.exp(b[3 * i + j] - m);
            assertEquals(m + Math.log(s), Composite.logsumexp(Var.of(big), 1, false).value().get(i), 1e-6 * m);
        }
    }

    @Test
    void logsumexpOfAnInfiniteRowIsInfiniteNotNaN() {
        // as torch.logsumexp: a row of -inf (every entry masked) gives -inf, a +inf entry gives +inf
        Tensor x = Tensor.of(new float[]{NEG_INF, NEG_INF, NEG_INF, 1f, Float.POSITIVE_INFINITY, 2f, 0f, 1f, 2f}, 3, 3);
        float[] y = Composite.logsumexp(Var.of(x), 1, false).value().toArray();
        assertEquals(NEG_INF, y[0]);
        assertEquals(Float.POSITIVE_INFINITY, y[1]);
        assertEquals(Math.log(1 + Math.E + Math.E * Math.E), y[2], 1e-6);
    }

    @Test
    void logsumexpGradientIsTheSoftmax() {
        // logsumexp gradient: 1e-6 / 1e-7 against the fused softmax
        Tensor x = random(12, 4f, 4, 5);
        Var xp = Var.param(x.copy());
        Tensor seed = random(13, 1f, 4);
        Composite.logsumexp(xp, 1, false).backward(seed);
        Tensor expected = x.softmax(1).mul(seed.reshape(4, 1));
        assertClose(expected, xp.grad(), 1e-6, 1e-7);
        GradCheck.check(v -> Composite.logsumexp(v[0], 1, false), random(14, 3f, 3, 4));
        GradCheck.check(v -> Composite.logsumexp(v[0], 0, true), random(15, 3f, 3, 4));
    }

    // ============================================================================================ variance

    @Test
    void varianceEqualsTensorVarianceForEveryCorrectionAndAxes() {
        // variance: 1e-5 / 1e-6 against Tensor.variance and against a two-pass double computation
        Tensor x = random(20, 3f, 3, 4, 5).add(2f);
        for (int correction : new int[]{0, 1})
            for (int[] axes : new int[][]{{0}, {1}, {2}, {-1}, {0, 2}, {1, 2}, {0, 1, 2}, {}})
                for (boolean keepDim : new boolean[]{false, true}) {
                    String what = "variance correction " + correction + " axes " + Arrays.toString(axes)
                            + " keepDim " + keepDim;
                    Tensor c = Composite.variance(Var.of(x), correction, keepDim, axes).value();
                    Tensor t = x.variance(correction, keepDim, axes);
                    assertEquals(t.shape(), c.shape(), what);
                    assertClose(t.toArray(), c.toArray(), 1e-5, 1e-6, what + " vs Tensor.variance");
                    assertClose(floats(varianceReference(x, correction, axes)), c.toArray(), 1e-5, 1e-6,
                            what + " vs double");
                }
        GradCheck.check(v -> Composite.variance(v[0], 1, false, 1), random(21, 2f, 2, 4, 3));
        GradCheck.check(v -> Composite.variance(v[0], 0, true, 0, 2), random(22, 2f, 2, 4, 3));
        GradCheck.check(v -> Composite.variance(v[0], 1, false), random(23, 2f, 3, 4));
    }

    /** The variance over {@code axes} (none: all) by two passes in double, in the order of the reduced shape. */
    private static double[] varianceReference(Tensor x, int correction, int[] axes) {
        Shape s = x.shape();
        boolean[] reduced = s.reducedAxes(axes);
        int rank = s.rank(), size = s.size();
        int outSize = s.reduce(axes, false).size();
        double[] sum = new double[outSize], sq = new double[outSize];
        int[] count = new int[outSize], outIndex = new int[size];
        float[] v = x.toArray();
        int[] dims = s.dims(), idx = new int[rank];
        for (int e = 0; e < size; e++) {
            int o = 0;
            for (int d = 0; d < rank; d++) if (!reduced[d]) o = o * dims[d] + idx[d];
            outIndex[e] = o;
            sum[o] += v[e];
            count[o]++;
            for (int d = rank - 1; d >= 0 && ++idx[d] == dims[d]; d--) idx[d] = 0;
        }
        for (int e = 0; e < size; e++) {
            int o = outIndex[e];
            double dev = v[e] - sum[o] / count[o];
            sq[o] += dev * dev;
        }
        for (int o = 0; o < outSize; o++) sq[o] /= count[o] - correction;
        return sq;
    }

    // ============================================================================================ norms

    @Test
    void normsEqualTheirFormulasInDouble() {
        // layerNorm, rmsNorm (composite and fused): 1e-5 / 1e-6 against double; eps = 0.1 so that its place counts
        float eps = 0.1f;
        Tensor x = random(30, 1f, 4, 6).add(0.5f), g = random(31, 0.5f, 6).add(1f), b = random(32, 0.5f, 6);
        float[] xv = x.toArray(), gv = g.toArray(), bv = b.toArray();
        double[] ln = new double[24], rms = new double[24];
        for (int i = 0; i < 4; i++) {
            double m = 0, var = 0, ms = 0;
            for (int j = 0; j < 6; j++) m += xv[i * 6 + j] / 6.0;
            for (int j = 0; j < 6; j++) var += (xv[i * 6 + j] - m) * (xv[i * 6 + j] - m) / 6.0;
            for (int j = 0; j < 6; j++) ms += (double) xv[i * 6 + j] * xv[i * 6 + j] / 6.0;
            for (int j = 0; j < 6; j++) {
                ln[i * 6 + j] = (xv[i * 6 + j] - m) / Math.sqrt(var + eps) * gv[j] + bv[j];
                rms[i * 6 + j] = xv[i * 6 + j] / Math.sqrt(ms + eps) * gv[j];
            }
        }
        Var xx = Var.of(x), gg = Var.of(g), bb = Var.of(b);
        assertClose(floats(ln), Composite.layerNorm(xx, gg, bb, eps).value().toArray(), 1e-5, 1e-6, "composite LN");
        assertClose(floats(ln), Functional.layerNorm(xx, gg, bb, eps).value().toArray(), 1e-5, 1e-6, "fused LN");
        assertClose(floats(rms), Composite.rmsNorm(xx, gg, eps).value().toArray(), 1e-5, 1e-6, "composite RMS");
        assertClose(floats(rms), Functional.rmsNorm(xx, gg, eps).value().toArray(), 1e-5, 1e-6, "fused RMS");
    }
}
