package org.genex.autodiff;

import static org.genex.tensor.TestTensors.assertClose;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jqwik.api.*;
import org.genex.autodiff.Functional.Reduction;
import org.genex.tensor.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused ops of {@link Functional} against their {@link Composite} twins: (a) the same values, (b) the same
 * gradients for the same random seed direction ({@code backward(seed)} on both), and (c) {@link GradCheck} of the
 * fused op itself. Cross-entropy is also checked against a double-precision transcription of PyTorch's formula.
 *
 * <p>Tolerances are stated per op as {@code rtol / atol} on {@code |expected - actual| <= atol + rtol |expected|}.
 */
class FunctionalTest {
    private static final float NEG_INF = Float.NEGATIVE_INFINITY;

    // ============================================================================================ shared helpers

    /** A tolerance {@code |e - a| <= atol + rtol |e|}. */
    record Tol(double rtol, double atol) {}

    /** The value of {@code f} at {@code inputs} and the gradient of every input for one backward(seed). */
    record Run(Tensor value, Tensor[] grads) {}

    /** A tensor of uniform values in [-1, 1) times {@code scale}. */
    static Tensor random(long seed, float scale, int... dims) {
        Tensor t = TestTensors.random(new Random(seed), dims);
        float[] a = t.array();
        for (int i = 0; i < a.length; i++) a[i] *= scale;
        return t;
    }

    /**
     * Runs {@code f} on fresh parameters copied from {@code inputs}; unless {@code backward} is false, backpropagates
     * a fixed random seed of the output's shape (the same for every f with that output shape).
     */
    static Run run(Function<Var[], Var> f, boolean backward, Tensor... inputs) {
        Var[] ps = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) ps[i] = Var.param(inputs[i].copy());
        Var y = f.apply(ps);
        Tensor[] grads = new Tensor[inputs.length];
        if (backward) {
            y.backward(random(987654321L, 1f, y.shape().dims()));
            for (int i = 0; i < inputs.length; i++)
                grads[i] = ps[i].grad() == null ? Tensor.zeros(inputs[i].shape()) : ps[i].grad();
        }
        return new Run(y.value(), grads);
    }

    /** (a) and (b): the fused op's value and gradients equal the composite's within the given tolerances. */
    static void assertSameAsComposite(String what, Function<Var[], Var> fused, Function<Var[], Var> composite,
                                      Tol value, Tol grad, Tensor... inputs) {
        Run f = run(fused, true, inputs), c = run(composite, true, inputs);
        assertClose(c.value().toArray(), f.value().toArray(), value.rtol(), value.atol(), what + ": value");
        assertEquals(c.value().shape(), f.value().shape(), what + ": shape");
        for (int i = 0; i < inputs.length; i++)
            assertClose(c.grads()[i].toArray(), f.grads()[i].toArray(), grad.rtol(), grad.atol(),
                    what + ": gradient of input " + i);
    }

    /** The values of a double computation, as floats. */
    static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    // ============================================================================================ softmax

    /** Softmax (or log-softmax) of {@code x} along {@code axis}, in double. */
    static double[] softmaxReference(Tensor x, int axis, boolean log) {
        Shape s = x.shape();
        int a = s.axis(axis), len = s.dim(a), inner = s.inner(a), outer = s.outer(a);
        float[] v = x.toArray();
        double[] y = new double[v.length];
        for (int o = 0; o < outer; o++)
            for (int in = 0; in < inner; in++) {
                int base = o * len * inner + in;
                double m = Double.NEGATIVE_INFINITY, sum = 0;
                for (int j = 0; j < len; j++) m = Math.max(m, v[base + j * inner]);
                for (int j = 0; j < len; j++) sum += Math.exp(v[base + j * inner] - m);
                for (int j = 0; j < len; j++) {
                    double d = v[base + j * inner] - m;
                    y[base + j * inner] = log ? d - Math.log(sum) : Math.exp(d) / sum;
                }
            }
        return y;
    }

    // softmax: values 1e-6 / 1e-7 against the composite (probabilities <= 1), gradients 1e-5 / 1e-6
    // logSoftmax: values 1e-6 / 1e-6, gradients 1e-5 / 1e-6
    private static final Tol SOFTMAX_VALUE = new Tol(1e-6, 1e-7), SOFTMAX_GRAD = new Tol(1e-5, 1e-6);
    private static final Tol LOG_SOFTMAX_VALUE = new Tol(1e-6, 1e-6), LOG_SOFTMAX_GRAD = new Tol(1e-5, 1e-6);

    private static void checkSoftmaxes(String what, Tensor x, int axis) {
        assertSameAsComposite("softmax " + what, v -> Functional.softmax(v[0], axis),
                v -> Composite.softmax(v[0], axis), SOFTMAX_VALUE, SOFTMAX_GRAD, x);
        assertSameAsComposite("logSoftmax " + what, v -> Functional.logSoftmax(v[0], axis),
                v -> Composite.logSoftmax(v[0], axis), LOG_SOFTMAX_VALUE, LOG_SOFTMAX_GRAD, x);
        assertClose(floats(softmaxReference(x, axis, false)), run(v -> Functional.softmax(v[0], axis), false, x)
                .value().toArray(), 1e-6, 1e-7, "softmax " + what + " vs double");
        assertClose(floats(softmaxReference(x, axis, true)), run(v -> Functional.logSoftmax(v[0], axis), false, x)
                .value().toArray(), 1e-6, 1e-6, "logSoftmax " + what + " vs double");
    }

    @Test
    void softmaxAndLogSoftmaxAlongTheLastAxisEqualTheComposites() {
        checkSoftmaxes("[6, 19] axis -1", random(1, 3f, 6, 19), -1);
        checkSoftmaxes("[2, 3, 33] axis 2", random(2, 3f, 2, 3, 33), 2);
        GradCheck.check(v -> Functional.softmax(v[0], -1), random(3, 2f, 3, 5));
        GradCheck.check(v -> Functional.logSoftmax(v[0], -1), random(4, 2f, 3, 5));
    }

    @Test
    void softmaxAndLogSoftmaxAlongAMiddleAxisEqualTheComposites() {
        checkSoftmaxes("[3, 7, 5] axis 1", random(5, 3f, 3, 7, 5), 1);
        checkSoftmaxes("[4, 18, 2, 3] axis -3", random(6, 3f, 4, 18, 2, 3), -3);
        checkSoftmaxes("[5, 3] axis 0", random(7, 3f, 5, 3), 0);
        GradCheck.check(v -> Functional.softmax(v[0], 1), random(8, 2f, 2, 4, 3));
        GradCheck.check(v -> Functional.logSoftmax(v[0], 1), random(9, 2f, 2, 4, 3));
    }

    @Property(tries = 40)
    void softmaxesEqualTheCompositesOnRandomShapesAndAxes(@ForAll("shapes") int[] dims, @ForAll long seed) {
        int axis = (int) Math.floorMod(seed, dims.length);
        checkSoftmaxes(java.util.Arrays.toString(dims) + " axis " + axis, random(seed, 4f, dims), axis);
    }

    @Provide
    Arbitrary<int[]> shapes() {
        return Arbitraries.integers().between(1, 20).array(int[].class).ofMinSize(1).ofMaxSize(3);
    }

    @Test
    void largeLogitsDoNotOverflow() {
        // exp(1000) overflows even in double: both ops must shift by the row maximum
        Tensor x = random(10, 50f, 4, 9);
        float[] a = x.array();
        for (int i = 0; i < a.length; i++) a[i] += (i / 9 % 2 == 0 ? 1000f : -1000f);
        a[5] = 3e4f;                                            // one row dominated by a single huge logit
        checkSoftmaxes("large logits", x, -1);
        for (float p : Functional.softmax(Var.of(x), -1).value().toArray()) assertTrue(Float.isFinite(p), "" + p);
        for (float p : Functional.logSoftmax(Var.of(x), -1).value().toArray()) assertTrue(Float.isFinite(p), "" + p);
        assertEquals(1f, Functional.softmax(Var.of(x), -1).value().get(0, 5));
    }

    @Test
    void maskedEntriesGetZeroProbabilityAndTheSameGradientsAsTheComposite() {
        Tensor x = random(12, 3f, 4, 6);
        float[] a = x.array();
        a[1 * 6 + 2] = NEG_INF;
        a[1 * 6 + 4] = NEG_INF;
        a[2 * 6] = NEG_INF;
        for (int j = 0; j < 5; j++) a[3 * 6 + j] = NEG_INF;    // one entry left: probability exactly 1
        checkSoftmaxes("masked", x, -1);
        float[] p = Functional.softmax(Var.of(x), -1).value().toArray();
        float[] lp = Functional.logSoftmax(Var.of(x), -1).value().toArray();
        for (int i : new int[]{8, 10, 12, 18}) {
            assertEquals(0f, p[i], "softmax at masked entry " + i);
            assertEquals(NEG_INF, lp[i], "logSoftmax at masked entry " + i);
        }
        assertEquals(1f, p[23]);
        assertEquals(0f, lp[23]);
        // log-softmax passes the gradient straight through at a masked entry: d(x - lse)/dx_j = 1 - p_j = 1
        Tensor seed = random(13, 1f, 4, 6);
        Var xs = Var.param(x.copy());
        Functional.logSoftmax(xs, -1).backward(seed);
        assertEquals(seed.get(1, 2), xs.grad().get(1, 2), 1e-7);
        Var xp = Var.param(x.copy());
        Functional.softmax(xp, -1).backward(seed);
        assertEquals(0f, xp.grad().get(1, 2), 0f);
        // finite differences through a constant mask (an infinite input cannot be stepped)
        // (the -inf outputs of log-softmax are selected away, or the projection sum(w * y) would be -inf)
        Tensor mask = Tensor.zeros(Shape.of(4, 6)), visible = Tensor.full(Shape.of(4, 6), 1f);
        for (int i : new int[]{8, 10, 12, 18, 19, 20, 21, 22}) {
            mask.array()[i] = NEG_INF;
            visible.array()[i] = 0f;
        }
        Tensor xf = random(14, 2f, 4, 6);
        GradCheck.check(v -> Functional.softmax(v[0].add(Var.of(mask)), -1), xf);
        GradCheck.check(v -> Var.where(visible, Functional.logSoftmax(v[0].add(Var.of(mask)), -1),
                Var.scalar(0f)), xf);
    }

    // ============================================================================================ cross-entropy

    private static final int N = 6, C = 5;
    private static final int[] TARGETS = {2, 0, 4, 1, 3, 2};
    private static final float[] CLASS_WEIGHTS = {0.5f, 2f, 1f, 0.25f, 1.5f};

    /** PyTorch's cross_entropy per row, in double: 0 for an ignored row. */
    static double[] crossEntropyRows(Tensor logits, int[] t, float[] w, int ignore, double s) {
        int n = logits.dim(0), c = logits.dim(1);
        double[] logp = softmaxReference(logits, 1, true), loss = new double[n];
        for (int i = 0; i < n; i++) {
            if (t[i] == ignore) continue;
            double smooth = 0;
            for (int j = 0; j < c; j++) smooth += (w == null ? 1 : w[j]) * -logp[i * c + j];
            loss[i] = (1 - s) * (w == null ? 1 : w[t[i]]) * -logp[i * c + t[i]] + s / c * smooth;
        }
        return loss;
    }

    /** The sum of w[t_i] over the rows not ignored: MEAN's denominator (0/0 = NaN when all are ignored). */
    static double totalWeight(int[] t, float[] w, int ignore) {
        double total = 0;
        for (int ti : t) if (ti != ignore) total += w == null ? 1 : w[ti];
        return total;
    }

    /**
     * The gradient of PyTorch's cross_entropy with respect to the logits, in double, given d loss / d loss_i:
     * {@code g_i ((1 - s) w[t] (p_j - [j == t]) + (s / c) (W p_j - w_j))}, W the sum of the weights; 0 on ignored
     * rows (PyTorch writes nothing there, so all rows ignored under MEAN gives zeros, not NaN).
     */
    static double[] crossEntropyGradient(Tensor logits, int[] t, float[] w, int ignore, double s, double[] gRow) {
        int n = logits.dim(0), c = logits.dim(1);
        double[] p = softmaxReference(logits, 1, false), g = new double[n * c];
        double total = 0;
        for (int j = 0; j < c; j++) total += w == null ? 1 : w[j];
        for (int i = 0; i < n; i++) {
            if (t[i] == ignore) continue;
            double wt = w == null ? 1 : w[t[i]];
            for (int j = 0; j < c; j++) {
                double pj = p[i * c + j], wj = w == null ? 1 : w[j];
                g[i * c + j] = gRow[i] * ((1 - s) * wt * (pj - (j == t[i] ? 1 : 0)) + s / c * (total * pj - wj));
            }
        }
        return g;
    }

    static Stream<Arguments> crossEntropyCases() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean weighted : new boolean[]{false, true})
            for (String ignored : new String[]{"none", "some", "all"})
                for (float s : new float[]{0f, 0.1f})
                    for (Reduction r : Reduction.values()) cases.add(Arguments.of(weighted, ignored, s, r));
        return cases.stream();
    }

    /** TARGETS with no row, rows 1 and 4, or every row set to the ignore index. */
    private static int[] targets(String ignored, int ignoreIndex) {
        int[] t = TARGETS.clone();
        if (ignored.equals("some")) t[1] = t[4] = ignoreIndex;
        if (ignored.equals("all")) java.util.Arrays.fill(t, ignoreIndex);
        return t;
    }

    // crossEntropy: values and gradients 1e-5 / 1e-6, against the composite and against double
    private static final Tol CE_VALUE = new Tol(1e-5, 1e-6), CE_GRAD = new Tol(1e-5, 1e-6);

    @ParameterizedTest(name = "weights {0}, ignored rows {1}, smoothing {2}, {3}")
    @MethodSource("crossEntropyCases")
    void crossEntropyEqualsTheCompositeAndPyTorchsFormula(boolean weighted, String ignored, float s, Reduction r) {
        int ig = Functional.IGNORE_INDEX;
        int[] t = targets(ignored, ig);
        float[] w = weighted ? CLASS_WEIGHTS : null;
        Tensor wt = weighted ? Tensor.of(CLASS_WEIGHTS) : null;
        Tensor z = random(20 + (weighted ? 1 : 0), 3f, N, C);
        Function<Var[], Var> fused = v -> Functional.crossEntropy(v[0], t, wt, ig, s, r);
        Function<Var[], Var> composite = v -> Composite.crossEntropy(v[0], t, wt, ig, s, r);
        String what = "crossEntropy(weights " + weighted + ", ignored " + ignored + ", s " + s + ", " + r + ")";
        boolean nan = r == Reduction.MEAN && ignored.equals("all");

        // (a) and (b)
        assertSameAsComposite(what, fused, composite, CE_VALUE, CE_GRAD, z);

        // against PyTorch's formula in double, value and gradient for the same seed
        double[] rows = crossEntropyRows(z, t, w, ig, s);
        double[] expected = switch (r) {
            case NONE -> rows;
            case SUM -> new double[]{java.util.Arrays.stream(rows).sum()};
            case MEAN -> new double[]{java.util.Arrays.stream(rows).sum() / totalWeight(t, w, ig)};
        };
        Run f = run(fused, true, z);
        assertClose(floats(expected), f.value().toArray(), CE_VALUE.rtol(), CE_VALUE.atol(), what + " vs double");
        if (nan) assertTrue(Float.isNaN(f.value().item()), what + ": MEAN over no rows is NaN, as PyTorch");
        float[] seed = random(987654321L, 1f, f.value().shape().dims()).toArray();   // the seed run() used
        double[] gRow = new double[N];
        for (int i = 0; i < N; i++)
            gRow[i] = switch (r) {
                case NONE -> seed[i];
                case SUM -> seed[0];
                case MEAN -> nan ? 0 : seed[0] / totalWeight(t, w, ig);
            };
        assertClose(floats(crossEntropyGradient(z, t, w, ig, s, gRow)), f.grads()[0].toArray(), CE_GRAD.rtol(),
                CE_GRAD.atol(), what + ": gradient vs double");

        // (c) finite differences (not where the value itself is NaN)
        if (!nan) GradCheck.check(fused, z);
    }

    @Test
    void anIgnoreIndexThatIsAClassStillCountsInTheSmoothingSum() {
        // PyTorch accepts any ignore_index, also a real class: rows with that target drop out, but the class keeps
        // its place in every other row's smoothing term sum_j w[j] (-logp[i, j])
        int ig = 1;
        int[] t = TARGETS.clone();
        Tensor wt = Tensor.of(CLASS_WEIGHTS), z = random(22, 3f, N, C);
        for (Reduction r : Reduction.values()) {
            Function<Var[], Var> fused = v -> Functional.crossEntropy(v[0], t, wt, ig, 0.1f, r);
            assertSameAsComposite("ignore class 1, " + r, fused,
                    v -> Composite.crossEntropy(v[0], t, wt, ig, 0.1f, r), CE_VALUE, CE_GRAD, z);
            GradCheck.check(fused, z);
        }
        double[] rows = crossEntropyRows(z, t, CLASS_WEIGHTS, ig, 0.1);
        double mean = java.util.Arrays.stream(rows).sum() / totalWeight(t, CLASS_WEIGHTS, ig);
        assertEquals(mean, Functional.crossEntropy(Var.of(z), t, wt, ig, 0.1f, Reduction.MEAN).item(), 1e-5 * mean);
        assertEquals(0f, Functional.crossEntropy(Var.of(z), t, wt, ig, 0.1f, Reduction.NONE).value().get(3));
    }

    @Test
    void crossEntropyDefaultsArePyTorchs() {
        Tensor z = random(23, 3f, N, C);
        double[] rows = crossEntropyRows(z, TARGETS, null, -100, 0);
        double mean = java.util.Arrays.stream(rows).sum() / N;
        assertEquals(mean, Functional.crossEntropy(Var.of(z), TARGETS).item(), 1e-5 * mean);
    }

    // ============================================================================================ norms

    // layerNorm and rmsNorm: values and gradients 1e-5 / 1e-6 (outputs are O(1) after normalising)
    private static final Tol NORM_VALUE = new Tol(1e-5, 1e-6), NORM_GRAD = new Tol(1e-5, 1e-6);

    @Test
    void layerNormWithAndWithoutAffineEqualsTheComposite() {
        float eps = 1e-5f;
        for (int[] dims : new int[][]{{5, 8}, {2, 3, 17}}) {
            int d = dims[dims.length - 1];
            Tensor x = random(30, 2f, dims).add(Tensor.scalar(0.7f));       // a non-zero mean per row
            Tensor g = random(31, 0.5f, d).add(Tensor.scalar(1f)), b = random(32, 0.5f, d);
            String s = java.util.Arrays.toString(dims);
            assertSameAsComposite("layerNorm " + s + " affine", v -> Functional.layerNorm(v[0], v[1], v[2], eps),
                    v -> Composite.layerNorm(v[0], v[1], v[2], eps), NORM_VALUE, NORM_GRAD, x, g, b);
            assertSameAsComposite("layerNorm " + s + " gamma only", v -> Functional.layerNorm(v[0], v[1], null, eps),
                    v -> Composite.layerNorm(v[0], v[1], null, eps), NORM_VALUE, NORM_GRAD, x, g);
            assertSameAsComposite("layerNorm " + s + " plain", v -> Functional.layerNorm(v[0], null, null, eps),
                    v -> Composite.layerNorm(v[0], null, null, eps), NORM_VALUE, NORM_GRAD, x);
        }
        Tensor x = random(33, 2f, 2, 3, 4), g = random(34, 0.5f, 4).add(Tensor.scalar(1f)), b = random(35, 0.5f, 4);
        GradCheck.check(v -> Functional.layerNorm(v[0], v[1], v[2], eps), x, g, b);
        GradCheck.check(v -> Functional.layerNorm(v[0], null, null, eps), random(36, 2f, 3, 5));
    }

    @Test
    void layerNormNormalisesEachRow() {
        Tensor x = random(37, 3f, 4, 9).add(Tensor.scalar(2f));
        float[] y = Functional.layerNorm(Var.of(x), null, null, 0f).value().toArray();
        for (int i = 0; i < 4; i++) {
            double m = 0, q = 0;
            for (int j = 0; j < 9; j++) m += y[i * 9 + j] / 9.0;
            for (int j = 0; j < 9; j++) q += (y[i * 9 + j] - m) * (y[i * 9 + j] - m) / 9.0;
            assertEquals(0, m, 1e-6, "row mean");
            assertEquals(1, q, 1e-5, "row variance (biased)");
        }
    }

    @Test
    void rmsNormWithAndWithoutGammaEqualsTheComposite() {
        float eps = 1e-6f;
        for (int[] dims : new int[][]{{5, 8}, {2, 3, 17}}) {
            int d = dims[dims.length - 1];
            Tensor x = random(40, 2f, dims), g = random(41, 0.5f, d).add(Tensor.scalar(1f));
            String s = java.util.Arrays.toString(dims);
            assertSameAsComposite("rmsNorm " + s + " gamma", v -> Functional.rmsNorm(v[0], v[1], eps),
                    v -> Composite.rmsNorm(v[0], v[1], eps), NORM_VALUE, NORM_GRAD, x, g);
            assertSameAsComposite("rmsNorm " + s + " plain", v -> Functional.rmsNorm(v[0], null, eps),
                    v -> Composite.rmsNorm(v[0], null, eps), NORM_VALUE, NORM_GRAD, x);
        }
        GradCheck.check(v -> Functional.rmsNorm(v[0], v[1], eps), random(42, 2f, 2, 3, 4),
                random(43, 0.5f, 4).add(Tensor.scalar(1f)));
        GradCheck.check(v -> Functional.rmsNorm(v[0], null, eps), random(44, 2f, 3, 5));
    }

    // ============================================================================================ attention

    // attention: values and gradients 1e-5 / 1e-6
    private static final Tol ATTN_VALUE = new Tol(1e-5, 1e-6), ATTN_GRAD = new Tol(1e-5, 1e-6);

    private static void checkAttention(String what, Tensor mask, boolean causal, Tensor q, Tensor k, Tensor v) {
        float scale = (float) (1 / Math.sqrt(q.dim(-1)));
        assertSameAsComposite("attention " + what,
                a -> Functional.scaledDotProductAttention(a[0], a[1], a[2], mask, causal),
                a -> Composite.attention(a[0], a[1], a[2], mask, causal, scale), ATTN_VALUE, ATTN_GRAD, q, k, v);
    }

    /** The attention weights P of the fused op. */
    private static Tensor weights(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal) {
        Tensor[] p = new Tensor[1];
        Functional.scaledDotProductAttention(Var.of(q), Var.of(k), Var.of(v), mask, causal,
                (float) (1 / Math.sqrt(q.dim(-1))), p);
        return p[0];
    }

    /** Every row of the weights sums to 1. */
    private static void assertRowsSumToOne(Tensor p) {
        int lk = p.dim(-1);
        float[] a = p.toArray();
        for (int r = 0; r < a.length / lk; r++) {
            double s = 0;
            for (int j = 0; j < lk; j++) s += a[r * lk + j];
            assertEquals(1, s, 1e-5, "row " + r + " of the attention weights");
        }
    }

    @Test
    void selfAttentionEqualsTheComposite() {
        Tensor q = random(50, 1.5f, 2, 3, 5, 8), k = random(51, 1.5f, 2, 3, 5, 8), v = random(52, 1f, 2, 3, 5, 8);
        checkAttention("self [2, 3, 5, 8]", null, false, q, k, v);
        assertRowsSumToOne(weights(q, k, v, null, false));
        // the default scale is 1/sqrt(d): an explicit scale of 1 differs
        Var o = Functional.scaledDotProductAttention(Var.of(q), Var.of(k), Var.of(v), null, false);
        assertClose(Composite.attention(Var.of(q), Var.of(k), Var.of(v), null, false, (float) (1 / Math.sqrt(8)))
                .value(), o.value(), 1e-5, 1e-6);
        Tensor q3 = random(53, 1.5f, 4, 6), k3 = random(54, 1.5f, 4, 6), v3 = random(55, 1f, 4, 6);
        checkAttention("2-D [4, 6]", null, false, q3, k3, v3);
    }

    @Test
    void attentionWithDropoutOnTheWeightsEqualsTheComposite() {
        // (softmax(q k^T s + mask) * M) v with a fixed 0 / 2 mask, against the composite ops; padded keys too
        Tensor q = random(64, 1.5f, 2, 3, 5, 4), k = random(65, 1.5f, 2, 3, 6, 4), v = random(66, 1f, 2, 3, 6, 3);
        float[] m = new float[2 * 3 * 5 * 6];
        Rng.seeded(67).fillBernoulli(m, 0, m.length, 0.5, 2f);
        Tensor drop = Tensor.wrap(m, 2, 3, 5, 6), pad = Functional.paddingMask(new int[]{6, 4}, 6);
        float scale = 0.5f;
        for (Tensor mask : new Tensor[]{null, pad})
            assertSameAsComposite("attention with dropout" + (mask == null ? "" : ", padded"),
                    a -> Functional.scaledDotProductAttention(a[0], a[1], a[2], mask, false, scale, drop, null),
                    a -> {
                        Var s = a[0].matmul(a[1], false, true).mul(scale);
                        if (mask != null) s = s.add(Var.of(mask));
                        return Functional.softmax(s, -1).mul(Var.of(drop)).matmul(a[2]);
                    }, ATTN_VALUE, ATTN_GRAD, q, k, v);
        // the weights returned are the dropped-out ones; a mask of ones changes nothing
        Tensor[] p = new Tensor[1];
        Functional.scaledDotProductAttention(Var.of(q), Var.of(k), Var.of(v), null, false, scale, drop, p);
        Tensor clean = weights(q, k, v, null, false);
        assertClose(clean.mul(drop).toArray(), p[0].toArray(), 0, 0, "weights");
        Tensor ones = Tensor.full(drop.shape(), 1f);
        assertClose(Functional.scaledDotProductAttention(Var.of(q), Var.of(k), Var.of(v), null, false, scale, null, null)
                .value().toArray(), Functional.scaledDotProductAttention(Var.of(q), Var.of(k), Var.of(v), null, false,
                scale, ones, null).value().toArray(), 0, 0, "a mask of ones");
        var e = assertThrows(IllegalArgumentException.class, () -> Functional.scaledDotProductAttention(Var.of(q),
                Var.of(k), Var.of(v), null, false, scale, Tensor.zeros(2, 3, 5, 5), null));
        assertTrue(e.getMessage().contains("[2, 3, 5, 6]"), e.getMessage());
    }

    @Test
    void crossAttentionEqualsTheComposite() {
        // lq = 3 queries over lk = 7 keys, values of another width (dv = 5)
        Tensor q = random(56, 1.5f, 2, 2, 3, 4), k = random(57, 1.5f, 2, 2, 7, 4), v = random(58, 1f, 2, 2, 7, 5);
        checkAttention("cross lq 3, lk 7, dv 5", null, false, q, k, v);
        Tensor p = weights(q, k, v, null, false);
        assertEquals(Shape.of(2, 2, 3, 7), p.shape());
        assertRowsSumToOne(p);
    }

    @Test
    void causalAttentionHidesLaterKeysAlignedAtTheEnd() {
        Tensor q = random(60, 1.5f, 2, 2, 5, 4), k = random(61, 1.5f, 2, 2, 5, 4), v = random(62, 1f, 2, 2, 5, 4);
        checkAttention("causal lq = lk = 5", null, true, q, k, v);
        // lq < lk: query i sees keys 0 .. i + lk - lq (the queries are the last lq positions)
        Tensor qs = random(63, 1.5f, 2, 2, 3, 4);
        checkAttention("causal lq 3 < lk 5", null, true, qs, k, v);
        for (Tensor[] c : new Tensor[][]{{q, k}, {qs, k}}) {
            Tensor p = weights(c[0], c[1], v, null, true);
            int lq = p.dim(-2), lk = p.dim(-1);
            assertRowsSumToOne(p);
            for (int b = 0; b < 2; b++)
                for (int h = 0; h < 2; h++)
                    for (int i = 0; i < lq; i++)
                        for (int j = 0; j < lk; j++) {
                            float pij = p.get(b, h, i, j);
                            if (j > i + lk - lq) assertEquals(0f, pij, "query " + i + " must not see key " + j);
                            else assertTrue(pij > 0, "query " + i + " sees key " + j);
                        }
        }
        // only the last query of lq = 1 sees all keys: causal then changes nothing
        Tensor q1 = random(64, 1.5f, 2, 2, 1, 4);
        assertClose(weights(q1, k, v, null, false), weights(q1, k, v, null, true), 0, 0);
    }

    @Test
    void aPaddingMaskBroadcastsOverHeadsAndQueries() {
        int[] lengths = {6, 4};
        Tensor mask = Functional.paddingMask(lengths, 6);
        assertEquals(Shape.of(2, 1, 1, 6), mask.shape());
        assertArrayEquals(new float[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NEG_INF, NEG_INF}, mask.toArray());
        Tensor q = random(70, 1.5f, 2, 3, 4, 4), k = random(71, 1.5f, 2, 3, 6, 4), v = random(72, 1f, 2, 3, 6, 4);
        checkAttention("padding mask", mask, false, q, k, v);
        checkAttention("padding mask and causal", mask, true, random(73, 1.5f, 2, 3, 6, 4), k, v);
        Tensor p = weights(q, k, v, mask, false);
        assertRowsSumToOne(p);
        for (int h = 0; h < 3; h++)
            for (int i = 0; i < 4; i++)
                for (int j = 4; j < 6; j++) assertEquals(0f, p.get(1, h, i, j), "padded key " + j);
        // the padded keys and values get no gradient: they cannot influence the output
        Var kv = Var.param(k.copy()), vv = Var.param(v.copy());
        Functional.scaledDotProductAttention(Var.of(q), kv, vv, mask, false).backward(random(74, 1f, 2, 3, 4, 4));
        for (int h = 0; h < 3; h++)
            for (int j = 4; j < 6; j++)
                for (int d = 0; d < 4; d++) {
                    assertEquals(0f, kv.grad().get(1, h, j, d), 0f);
                    assertEquals(0f, vv.grad().get(1, h, j, d), 0f);
                }
        assertThrows(IllegalArgumentException.class, () -> Functional.paddingMask(new int[]{7}, 6));
        assertThrows(IllegalArgumentException.class, () -> Functional.paddingMask(new int[]{-1}, 6));
    }

    @Test
    void keysAndValuesSharedAcrossHeadsBroadcast() {
        // q [b, h, lq, d] against k, v [b, 1, lk, d]: multi-query attention; their gradients sum over the heads
        Tensor q = random(80, 1.5f, 2, 4, 3, 4), k = random(81, 1.5f, 2, 1, 5, 4), v = random(82, 1f, 2, 1, 5, 3);
        checkAttention("k, v shared across heads", null, false, q, k, v);
        checkAttention("k, v shared across heads, masked, causal", Functional.paddingMask(new int[]{5, 3}, 5), true,
                q, k, v);
        Run r = run(a -> Functional.scaledDotProductAttention(a[0], a[1], a[2], null, false), true, q, k, v);
        assertEquals(Shape.of(2, 4, 3, 3), r.value().shape());
        assertEquals(k.shape(), r.grads()[1].shape());
        assertEquals(v.shape(), r.grads()[2].shape());
        // each head equals attention with its own copy of k and v
        Tensor kb = k.add(Tensor.zeros(Shape.of(2, 4, 5, 4))), vb = v.add(Tensor.zeros(Shape.of(2, 4, 5, 3)));
        Run full = run(a -> Functional.scaledDotProductAttention(a[0], a[1], a[2], null, false), true, q, kb, vb);
        assertClose(full.value(), r.value(), 1e-6, 1e-7);
        assertClose(full.grads()[1].sum(1).reshape(k.shape()), r.grads()[1], 1e-5, 1e-6);
        GradCheck.check(a -> Functional.scaledDotProductAttention(a[0], a[1], a[2], null, false),
                random(83, 1.5f, 1, 2, 2, 3), random(84, 1.5f, 1, 1, 3, 3), random(85, 1f, 1, 1, 3, 2));
    }

    @Test
    void aFullyMaskedRowGivesNaNAsPyTorch() {
        // Documented behaviour: softmax over no visible key is 0/0. Sequence 1 has length 0, so every one of its
        // rows is hidden; with causal and lq > lk the first query sees no key either. Both ops agree.
        Tensor q = random(90, 1.5f, 2, 1, 3, 4), k = random(91, 1.5f, 2, 1, 3, 4), v = random(92, 1f, 2, 1, 3, 4);
        Tensor mask = Functional.paddingMask(new int[]{3, 0}, 3);
        Tensor o = Functional.scaledDotProductAttention(Var.of(q), Var.of(k), Var.of(v), mask, false).value();
        Tensor c = Composite.attention(Var.of(q), Var.of(k), Var.of(v), mask, false, 0.5f).value();
        assertClose(c, o, 1e-5, 1e-6);                                  // NaN matches NaN
        for (int i = 0; i < 3; i++)
            for (int d = 0; d < 4; d++) {
                assertTrue(Float.isNaN(o.get(1, 0, i, d)), "masked sequence");
                assertTrue(Float.isFinite(o.get(0, 0, i, d)), "unmasked sequence");
            }
        Tensor q4 = random(93, 1.5f, 1, 1, 4, 4);                      // lq 4 > lk 3: query 0 sees key i - 1 < 0
        Tensor k1 = k.slice(0, 0, 1), v1 = v.slice(0, 0, 1);
        Tensor oc = Functional.scaledDotProductAttention(Var.of(q4), Var.of(k1), Var.of(v1), null, true).value();
        for (int d = 0; d < 4; d++) {
            assertTrue(Float.isNaN(oc.get(0, 0, 0, d)), "query 0 sees no key");
            assertTrue(Float.isFinite(oc.get(0, 0, 1, d)), "query 1 sees key 0");
        }
    }

    @Test
    void attentionGradientsMatchFiniteDifferences() {
        Tensor q = random(100, 1.5f, 1, 2, 3, 4), k = random(101, 1.5f, 1, 2, 4, 4), v = random(102, 1f, 1, 2, 4, 3);
        GradCheck.check(a -> Functional.scaledDotProductAttention(a[0], a[1], a[2], null, false), q, k, v);
        GradCheck.check(a -> Functional.scaledDotProductAttention(a[0], a[1], a[2], null, true), q, k, v);
        Tensor mask = Functional.paddingMask(new int[]{3}, 4);
        GradCheck.check(a -> Functional.scaledDotProductAttention(a[0], a[1], a[2], mask, false, 0.7f, null), q, k, v);
    }
}
