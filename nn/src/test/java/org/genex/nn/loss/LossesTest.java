package org.genex.nn.loss;

import static org.genex.nn.loss.LossReference.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.genex.autodiff.Functional.Reduction;
import org.genex.autodiff.GradCheck;
import org.genex.autodiff.Var;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The elementwise losses of {@link Losses} (regression, binary cross-entropy, focal) against double-precision
 * transcriptions of PyTorch's and torchvision's formulas written here, with every reduction, masks, gradients
 * ({@link GradCheck} with respect to input and target), large logits and bad input.
 */
class LossesTest {

    /** A loss under test: (input, target, mask, reduction) -> loss. */
    interface Loss {
        Var apply(Var input, Var target, Tensor mask, Reduction reduction);
    }

    /** A per-element reference: (input, target) -> loss. */
    interface Reference {
        double apply(double x, double t);
    }

    static final float BETA = 0.7f;
    static final float DELTA = 1.3f;
    static final float[] POS_WEIGHT = {0.5f, 2f, 3f};

    static double smoothL1(double x, double t, double beta) {
        double d = Math.abs(x - t);
        return d < beta ? 0.5 * d * d / beta : d - 0.5 * beta;
    }

    static double huber(double x, double t, double delta) {
        double d = Math.abs(x - t);
        return d < delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
    }

    /** PyTorch's stable BCE with logits, with pos_weight pw. */
    static double bce(double x, double t, double pw) {
        return (1 - t) * x + (1 + (pw - 1) * t) * softplus(-x);
    }

    /** torchvision's sigmoid_focal_loss, transcribed literally. */
    static double focal(double x, double t, double alpha, double gamma) {
        double p = sigmoid(x), ce = bce(x, t, 1);
        double pt = p * t + (1 - p) * (1 - t);
        double loss = ce * Math.pow(1 - pt, gamma);
        if (alpha >= 0) loss *= alpha * t + (1 - alpha) * (1 - t);
        return loss;
    }

    record Case(String name, Loss loss, Reference reference) {}

    static final Case[] CASES = {
            new Case("mse", Losses::mse, (x, t) -> (x - t) * (x - t)),
            new Case("l1", Losses::l1, (x, t) -> Math.abs(x - t)),
            new Case("smoothL1", (x, t, m, r) -> Losses.smoothL1(x, t, BETA, m, r), (x, t) -> smoothL1(x, t, BETA)),
            new Case("huber", (x, t, m, r) -> Losses.huber(x, t, DELTA, m, r), (x, t) -> huber(x, t, DELTA)),
            new Case("bceWithLogits", (x, t, m, r) -> Losses.bceWithLogits(x, t, null, null, m, r), (x, t) -> bce(x, t, 1)),
            new Case("sigmoidFocal", (x, t, m, r) -> Losses.sigmoidFocal(x, t, 0.25f, 2f, m, r),
                    (x, t) -> focal(x, t, 0.25, 2)),
    };

    /**
     * Inputs [4, 3] and targets whose differences stay away from the kinks of l1, smooth L1 and Huber (0, beta,
     * delta), targets in [0, 1] (soft labels) so that the classification losses see them too.
     */
    static Tensor[] inputsAndTargets(long seed) {
        Random r = new Random(seed);
        float[] x = new float[12], t = new float[12];
        float[] gaps = {0.2f, 0.45f, 1.0f, 1.6f, 2.3f};                 // |x - t|: not 0, 0.7 or 1.3
        for (int i = 0; i < 12; i++) {
            t[i] = r.nextFloat();
            float gap = gaps[r.nextInt(gaps.length)] + 0.05f * r.nextFloat();
            x[i] = t[i] + (r.nextBoolean() ? gap : -gap);
        }
        return new Tensor[]{Tensor.wrap(x, 4, 3), Tensor.wrap(t, 4, 3)};
    }

    // ------------------------------------------------------------------------------------------------ values

    @Test
    void everyReductionMatchesTheDoubleReference() {
        for (Case c : CASES) {
            Tensor[] xt = inputsAndTargets(1);
            double[] x = values(xt[0]), t = values(xt[1]);
            double[] expected = map(x, t, c.reference::apply);
            Var none = c.loss.apply(Var.of(xt[0]), Var.of(xt[1]), null, Reduction.NONE);
            assertEquals(xt[0].shape(), none.shape(), c.name + " NONE keeps the input's shape");
            assertElements(expected, none, 2e-6, 1e-6, c.name + " NONE");
            assertScalar(reduce(expected, null, Reduction.SUM),
                    c.loss.apply(Var.of(xt[0]), Var.of(xt[1]), null, Reduction.SUM), 2e-6, 1e-6, c.name + " SUM");
            Var mean = c.loss.apply(Var.of(xt[0]), Var.of(xt[1]), null, Reduction.MEAN);
            assertEquals(0, mean.rank(), c.name + " MEAN is a scalar");
            assertScalar(reduce(expected, null, Reduction.MEAN), mean, 2e-6, 1e-6, c.name + " MEAN");
        }
    }

    @Test
    void defaultsAreTorchDefaults() {
        Tensor[] xt = inputsAndTargets(2);
        Var x = Var.of(xt[0]), t = Var.of(xt[1]);
        assertEquals(Losses.mse(x, t, null, Reduction.MEAN).item(), Losses.mse(x, t).item());
        assertEquals(Losses.l1(x, t, null, Reduction.MEAN).item(), Losses.l1(x, t).item());
        assertEquals(Losses.smoothL1(x, t, 1f, null, Reduction.MEAN).item(), Losses.smoothL1(x, t).item());
        assertEquals(Losses.huber(x, t, 1f, null, Reduction.MEAN).item(), Losses.huber(x, t).item());
        assertEquals(Losses.bceWithLogits(x, t, null, null, null, Reduction.MEAN).item(),
                Losses.bceWithLogits(x, t).item());
        Var focal = Losses.sigmoidFocal(x, t);                               // torchvision: reduction "none"
        assertEquals(xt[0].shape(), focal.shape());
        assertArrayEquals(Losses.sigmoidFocal(x, t, 0.25f, 2f, null, Reduction.NONE).value().toArray(),
                focal.value().toArray());
    }

    @Test
    void smoothL1WithBetaZeroIsL1AndHuberIsDeltaTimesSmoothL1() {
        Tensor[] xt = inputsAndTargets(3);
        Var x = Var.of(xt[0]), t = Var.of(xt[1]);
        assertArrayEquals(Losses.l1(x, t, null, Reduction.NONE).value().toArray(),
                Losses.smoothL1(x, t, 0f, null, Reduction.NONE).value().toArray());
        float[] h = Losses.huber(x, t, DELTA, null, Reduction.NONE).value().toArray();
        float[] s = Losses.smoothL1(x, t, DELTA, null, Reduction.NONE).value().toArray();
        for (int i = 0; i < h.length; i++) assertEquals(DELTA * s[i], h[i], 1e-6 * (1 + Math.abs(h[i])));
    }

    @Test
    void bceWeightsAndPosWeightFollowPyTorch() {
        Tensor[] xt = inputsAndTargets(4);
        double[] x = values(xt[0]), t = values(xt[1]);
        Tensor posWeight = Tensor.of(POS_WEIGHT);                             // [3]: one per class (last axis)
        Tensor weight = Tensor.of(new float[]{1f, 0.5f, 2f, 0f}, 4, 1);       // [4, 1]: one per row
        double[] expected = new double[12];
        for (int i = 0; i < 12; i++)
            expected[i] = bce(x[i], t[i], POS_WEIGHT[i % 3]) * new double[]{1, 0.5, 2, 0}[i / 3];
        Var loss = Losses.bceWithLogits(Var.of(xt[0]), Var.of(xt[1]), weight, posWeight, null, Reduction.NONE);
        assertElements(expected, loss, 2e-6, 1e-6, "weighted bce");
        // PyTorch's MEAN divides by the element count, not by the total weight
        assertScalar(reduce(expected, null, Reduction.MEAN),
                Losses.bceWithLogits(Var.of(xt[0]), Var.of(xt[1]), weight, posWeight, null, Reduction.MEAN),
                2e-6, 1e-6, "weighted bce MEAN");
    }

    @Test
    void focalWithNegativeAlphaHasNoClassWeightAndGammaZeroIsBce() {
        Tensor[] xt = inputsAndTargets(5);
        double[] x = values(xt[0]), t = values(xt[1]);
        assertElements(map(x, t, (a, b) -> focal(a, b, -1, 1.5)),
                Losses.sigmoidFocal(Var.of(xt[0]), Var.of(xt[1]), -1f, 1.5f, null, Reduction.NONE), 2e-6, 1e-6,
                "focal alpha < 0");
        assertElements(map(x, t, (a, b) -> bce(a, b, 1)),
                Losses.sigmoidFocal(Var.of(xt[0]), Var.of(xt[1]), -1f, 0f, null, Reduction.NONE), 2e-6, 1e-6,
                "focal gamma 0");
    }

    // ------------------------------------------------------------------------------------------------ gradients

    @Test
    void gradientsWithRespectToInputAndTargetMatchFiniteDifferences() {
        for (Case c : CASES) {
            for (Reduction r : Reduction.values()) {
                Tensor[] xt = inputsAndTargets(6);
                try {
                    GradCheck.check(v -> c.loss.apply(v[0], v[1], null, r), xt[0], xt[1]);
                } catch (AssertionError e) {
                    throw new AssertionError(c.name + " " + r + ": " + e.getMessage(), e);
                }
            }
        }
    }

    @Test
    void weightedBceGradientsMatchFiniteDifferences() {
        Tensor[] xt = inputsAndTargets(7);
        Tensor weight = Tensor.of(new float[]{1f, 0.5f, 2f, 3f}, 4, 1), posWeight = Tensor.of(POS_WEIGHT);
        GradCheck.check(v -> Losses.bceWithLogits(v[0], v[1], weight, posWeight, null, Reduction.MEAN), xt[0], xt[1]);
        GradCheck.check(v -> Losses.sigmoidFocal(v[0], v[1], 0.3f, 1.5f, null, Reduction.SUM), xt[0], xt[1]);
    }

    // ------------------------------------------------------------------------------------------------ masks

    @Test
    void masksKeepOnlyTheirElementsAndBroadcast() {
        Tensor[] xt = inputsAndTargets(8);
        float[] rows = {1, 0, 1, 1};
        Tensor rowMask = Tensor.of(rows, 4, 1);                               // broadcasts over the 3 columns
        double[] mask = new double[12];
        for (int i = 0; i < 12; i++) mask[i] = rows[i / 3];
        for (Case c : CASES) {
            double[] expected = map(values(xt[0]), values(xt[1]), c.reference::apply);
            for (Reduction r : new Reduction[]{Reduction.SUM, Reduction.MEAN})
                assertScalar(reduce(expected, mask, r), c.loss.apply(Var.of(xt[0]), Var.of(xt[1]), rowMask, r),
                        2e-6, 1e-6, c.name + " masked " + r);
            double[] zeroed = expected.clone();
            for (int i = 0; i < 12; i++) if (mask[i] == 0) zeroed[i] = 0;
            assertElements(zeroed, c.loss.apply(Var.of(xt[0]), Var.of(xt[1]), rowMask, Reduction.NONE), 2e-6, 1e-6,
                    c.name + " masked NONE");
            GradCheck.check(v -> c.loss.apply(v[0], v[1], rowMask, Reduction.MEAN), xt[0], xt[1]);
        }
    }

    @Test
    void maskedOutLossesReachNeitherTheValueNorTheGradientEvenWhenInfinite() {
        Tensor x = Tensor.of(1f, 1e30f, 2f, -3e25f), t = Tensor.of(0.5f, 0.5f, 0.5f, 0.5f);   // (1e30)^2 = inf
        Tensor mask = Tensor.of(1f, 0f, 1f, 0f);
        Var input = Var.param(x);
        Var loss = Losses.mse(input, Var.of(t), mask, Reduction.MEAN);
        assertEquals((0.25 + 2.25) / 2, loss.item(), 1e-6);
        loss.backward();
        assertArrayEquals(new float[]{0.5f, 0f, 1.5f, 0f}, input.grad().toArray(), 0f);  // 2 (x - t) / 2 where kept
    }

    @Test
    void everyElementMaskedOutGivesNaNWithAZeroGradient() {
        Tensor[] xt = inputsAndTargets(9);
        Tensor none = Tensor.zeros(4, 3);
        for (Case c : CASES) {
            Var input = Var.param(xt[0]);
            Var mean = c.loss.apply(input, Var.of(xt[1]), none, Reduction.MEAN);
            assertTrue(Float.isNaN(mean.item()), c.name + ": the mean of nothing is NaN, as torch.tensor([]).mean()");
            mean.backward();
            for (float g : input.grad().toArray()) assertEquals(0f, g, 0f, c.name + ": zero gradient (or -0)");
            assertEquals(0f, c.loss.apply(Var.of(xt[0]), Var.of(xt[1]), none, Reduction.SUM).item(), c.name + " SUM");
        }
    }

    // ------------------------------------------------------------------------------------------------ stability

    @Test
    void largeLogitsGiveFiniteExactLossesAndGradients() {
        float[] logits = {-1e4f, -100f, -30f, 30f, 100f, 1e4f, 88.8f, -88.8f};
        float[] targets = {0f, 1f, 0.3f, 1f, 0f, 1f, 0.5f, 0.5f};
        Tensor x = Tensor.of(logits), t = Tensor.of(targets);
        double[] xd = values(x), td = values(t);
        Var input = Var.param(x);
        Var bce = Losses.bceWithLogits(input, Var.of(t), null, null, null, Reduction.NONE);
        assertElements(map(xd, td, (a, b) -> bce(a, b, 1)), bce, 1e-6, 1e-6, "bce at large logits");
        bce.sum().backward();
        float[] g = input.grad().toArray();
        for (int i = 0; i < g.length; i++)                                    // d bce / dx = sigmoid(x) - t
            assertEquals(sigmoid(xd[i]) - td[i], g[i], 1e-6, "bce gradient at " + logits[i]);

        Var in2 = Var.param(x);
        Var focal = Losses.sigmoidFocal(in2, Var.of(t), 0.25f, 2f, null, Reduction.NONE);
        assertElements(map(xd, td, (a, b) -> focal(a, b, 0.25, 2)), focal, 1e-5, 1e-6, "focal at large logits");
        focal.sum().backward();
        for (float v : in2.grad().toArray()) assertTrue(Float.isFinite(v), "focal gradient " + v);
    }

    @Test
    void focalKeepsPrecisionWherePtIsNearOne() {
        // x = 12, t = 1: 1 - p_t = sigmoid(-12) = 6.1e-6; float 1 - p_t would round it to 5.96e-6 or 6.56e-6
        Var loss = Losses.sigmoidFocal(Var.of(Tensor.of(12f)), Var.of(Tensor.of(1f)), -1f, 2f, null, Reduction.SUM);
        double s = sigmoid(-12.0);
        assertEquals(softplus(-12.0) * s * s, loss.item(), 1e-6 * softplus(-12.0) * s * s);
    }

    // ------------------------------------------------------------------------------------------------ bad input

    @Test
    void badInputIsRejectedWithClearMessages() {
        Var a = Var.of(Tensor.zeros(2, 3)), b = Var.of(Tensor.zeros(3, 2)), c = Var.of(Tensor.zeros(2, 3));
        assertMessage(() -> Losses.mse(a, b), "mse: input [2, 3] and target [3, 2] must have the same shape");
        assertMessage(() -> Losses.bceWithLogits(a, b), "bceWithLogits: input [2, 3] and target [3, 2]");
        assertMessage(() -> Losses.smoothL1(a, c, -1f, null, Reduction.MEAN), "beta must be finite and >= 0");
        assertMessage(() -> Losses.huber(a, c, 0f, null, Reduction.MEAN), "delta must be finite and > 0");
        assertMessage(() -> Losses.sigmoidFocal(a, c, 0.25f, -1f, null, Reduction.NONE), "gamma must be");
        assertMessage(() -> Losses.bceWithLogits(a, c, Tensor.zeros(2), null, null, Reduction.MEAN),
                "weight [2] does not broadcast to the input's shape [2, 3]");
        assertMessage(() -> Losses.bceWithLogits(a, c, null, Tensor.zeros(4), null, Reduction.MEAN),
                "posWeight [4] does not broadcast");
        assertMessage(() -> Losses.l1(a, c, Tensor.zeros(3, 1), Reduction.MEAN),
                "l1: the mask [3, 1] does not broadcast to the losses' shape [2, 3]");
        assertMessage(() -> Losses.l1(a, c, Tensor.full(org.genex.tensor.Shape.of(2, 3), 0.5f), Reduction.MEAN),
                "the mask must hold 0 or 1, but element 0 is 0.5");
        assertMessage(() -> Losses.l1(a, c, null, null), "the reduction is null");
    }

    static void assertMessage(Runnable r, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage());
    }
}
