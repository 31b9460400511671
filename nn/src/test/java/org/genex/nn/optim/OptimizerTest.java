package org.genex.nn.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.genex.autodiff.Var;
import org.genex.nn.Linear;
import org.genex.nn.Parameter;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * SGD, Adam and AdamW against double-precision references of PyTorch's update formulas over several steps, the
 * per-parameter step count, param groups, learning-rate scaling, and state save/restore.
 */
class OptimizerTest {
    private static final int STEPS = 6;

    /** A parameter [rows, cols] holding known values (the weight of a bias-free Linear layer). */
    private static Parameter param(int rows, int cols, long seed) {
        return new Linear(cols, rows, false, Rng.seeded(seed)).weight();
    }

    /** Gives {@code p} exactly the gradient {@code g}: the gradient of {@code sum(p * g)} is {@code g}. */
    private static void setGrad(Parameter p, double[] g) {
        float[] f = new float[g.length];
        for (int i = 0; i < g.length; i++) f[i] = (float) g[i];
        p.zeroGrad();
        p.var().mul(Var.of(Tensor.wrap(f, p.shape().dims()))).sum().backward();
        assertArrayEquals(f, p.grad().toArray());
    }

    /** Gradients for each step, rounded to float as the optimizer sees them. */
    private static double[][] gradients(int n, long seed) {
        Random rnd = new Random(seed);
        double[][] g = new double[STEPS][n];
        for (double[] row : g) for (int i = 0; i < n; i++) row[i] = (float) rnd.nextGaussian();
        return g;
    }

    private static double[] values(Parameter p) {
        float[] f = p.value().toArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    private static void assertNear(double[] expected, Parameter p, double tol, String what) {
        float[] actual = p.value().toArray();
        for (int i = 0; i < expected.length; i++)
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), what + " element " + i);
    }

    // ------------------------------------------------------------------------------------------------ SGD

    /** PyTorch's SGD in double for one parameter: returns the parameter after each step. */
    private static double[][] sgdReference(double[] p0, double[][] grads, double lr, double momentum, double dampening,
                                           boolean nesterov, double wd) {
        double[] p = p0.clone(), buf = null;
        double[][] out = new double[grads.length][];
        for (int t = 0; t < grads.length; t++) {
            double[] d = grads[t].clone();
            for (int i = 0; i < d.length; i++) d[i] += wd * p[i];
            if (momentum != 0) {
                if (buf == null) buf = d.clone();
                else for (int i = 0; i < d.length; i++) buf[i] = momentum * buf[i] + (1 - dampening) * d[i];
                if (nesterov) for (int i = 0; i < d.length; i++) d[i] += momentum * buf[i];
                else d = buf.clone();
            }
            for (int i = 0; i < p.length; i++) p[i] -= lr * d[i];
            out[t] = p.clone();
        }
        return out;
    }

    private static void checkSgd(float lr, float momentum, float dampening, boolean nesterov, float wd) {
        Parameter p = param(3, 5, 1);
        double[] p0 = values(p);
        double[][] grads = gradients(15, 2);
        SGD opt = new SGD(List.of(new Optimizer.Group(List.of(p), lr, wd)), momentum, dampening, nesterov);
        double[][] ref = sgdReference(p0, grads, lr, momentum, dampening, nesterov, wd);
        String what = "SGD(lr " + lr + ", momentum " + momentum + ", dampening " + dampening + ", nesterov " + nesterov
                + ", wd " + wd + ")";
        for (int t = 0; t < STEPS; t++) {
            setGrad(p, grads[t]);
            opt.step();
            assertNear(ref[t], p, 1e-5, what + " step " + (t + 1));
        }
    }

    @Test
    void sgdMatchesPyTorchsUpdateInEveryVariant() {
        checkSgd(0.1f, 0f, 0f, false, 0f);              // plain
        checkSgd(0.1f, 0f, 0f, false, 0.05f);           // weight decay without momentum
        checkSgd(0.05f, 0.9f, 0f, false, 0f);           // momentum
        checkSgd(0.05f, 0.9f, 0.3f, false, 0.01f);      // momentum, dampening, weight decay
        checkSgd(0.05f, 0.9f, 0f, true, 0f);            // Nesterov
        checkSgd(0.05f, 0.8f, 0f, true, 0.02f);         // Nesterov with weight decay
    }

    @Test
    void sgdStartsTheMomentumBufferAtTheGradientWithoutDampening() {
        Parameter p = param(2, 3, 4);
        double[] p0 = values(p);
        double[] g = gradients(6, 5)[0];
        SGD opt = new SGD(List.of(new Optimizer.Group(List.of(p), 0.1f, 0.5f)), 0.9f, 0.5f, false);
        setGrad(p, g);
        opt.step();
        float[] buf = opt.state().get("0.0.momentum_buffer").toArray();
        for (int i = 0; i < g.length; i++) {
            float d = (float) g[i] + (float) (0.5f * (float) p0[i]);           // g + wd p, not (1 - dampening)(...)
            assertEquals(d, buf[i], 1e-6, "buffer element " + i);
        }
        assertFalse(opt.state().containsKey("0.0.step"), "SGD keeps no step count");
    }

    @Test
    void sgdRefusesNesterovWithoutMomentumOrWithDampening() {
        List<Optimizer.Group> g = List.of(new Optimizer.Group(List.of(param(2, 2, 1)), 0.1f, 0f));
        assertThrows(IllegalArgumentException.class, () -> new SGD(g, 0f, 0f, true));
        assertThrows(IllegalArgumentException.class, () -> new SGD(g, 0.9f, 0.1f, true));
        assertThrows(IllegalArgumentException.class, () -> new SGD(g, -0.1f, 0f, false));
        assertThrows(IllegalArgumentException.class, () -> new Optimizer.Group(List.of(), -1f, 0f));
    }

    // ------------------------------------------------------------------------------------------------ Adam

    /** PyTorch's Adam (decoupled=false) or AdamW in double; step counts from 1 per parameter. */
    private static double[] adamReference(double[] p, double[] m, double[] v, double[] g0, double lr, double b1,
                                          double b2, double eps, double wd, boolean decoupled, long t) {
        double[] g = g0.clone();
        double bc1 = 1 - Math.pow(b1, t), bc2 = 1 - Math.pow(b2, t);
        for (int i = 0; i < p.length; i++) {
            if (decoupled) p[i] *= 1 - lr * wd;
            else g[i] += wd * p[i];
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            double denom = Math.sqrt(v[i]) / Math.sqrt(bc2) + eps;
            p[i] -= lr / bc1 * m[i] / denom;
        }
        return p;
    }

    private static void checkAdam(boolean decoupled, float lr, float wd) {
        Parameter p = param(4, 3, 7);
        double[] ref = values(p), m = new double[12], v = new double[12];
        double[][] grads = gradients(12, 8);
        AdamW opt = decoupled ? new AdamW(List.of(new Optimizer.Group(List.of(p), lr, wd)), 0.9f, 0.999f, 1e-8f, true)
                : AdamW.adam(List.of(p), lr, wd);
        for (int t = 0; t < STEPS; t++) {
            setGrad(p, grads[t]);
            opt.step();
            adamReference(ref, m, v, grads[t], lr, 0.9, 0.999, 1e-8, wd, decoupled, t + 1);
            assertNear(ref, p, 1e-5, (decoupled ? "AdamW" : "Adam") + " step " + (t + 1));
        }
        assertEquals(STEPS, opt.state().get("0.0.step").item());
        float[] mm = opt.state().get("0.0.exp_avg").toArray(), vv = opt.state().get("0.0.exp_avg_sq").toArray();
        for (int i = 0; i < 12; i++) {
            assertEquals(m[i], mm[i], 1e-6, "exp_avg " + i);
            assertEquals(v[i], vv[i], 1e-6, "exp_avg_sq " + i);
        }
    }

    @Test
    void adamAndAdamWMatchPyTorchsUpdate() {
        checkAdam(true, 1e-2f, 0.01f);
        checkAdam(true, 3e-3f, 0.1f);
        checkAdam(false, 1e-2f, 0f);
        checkAdam(false, 1e-2f, 0.05f);
        AdamW defaults = new AdamW(List.of(param(2, 2, 1)), 1e-3f);
        assertEquals(0.01f, defaults.groups().get(0).weightDecay());
    }

    @Test
    void eachParameterCountsItsOwnSteps() {
        Parameter a = param(2, 3, 1), b = param(3, 2, 2);
        double[] ra = values(a), rb = values(b), ma = new double[6], va = new double[6], mb = new double[6],
                vb = new double[6];
        double[][] ga = gradients(6, 3), gb = gradients(6, 4);
        AdamW opt = new AdamW(List.of(a, b), 1e-2f);
        long tb = 0;
        for (int t = 0; t < STEPS; t++) {
            boolean bHasGrad = t % 2 == 1;                  // b gets a gradient on every second step only
            setGrad(a, ga[t]);
            if (bHasGrad) setGrad(b, gb[t]);
            else b.zeroGrad();
            opt.step();
            adamReference(ra, ma, va, ga[t], 1e-2, 0.9, 0.999, 1e-8, 0.01, true, t + 1);
            if (bHasGrad) adamReference(rb, mb, vb, gb[t], 1e-2, 0.9, 0.999, 1e-8, 0.01, true, ++tb);
            assertNear(ra, a, 1e-5, "a step " + (t + 1));
            assertNear(rb, b, 1e-5, "b step " + (t + 1));
        }
        assertEquals(STEPS, opt.steps());
        assertEquals(STEPS, opt.state().get("0.0.step").item());
        assertEquals(STEPS / 2, opt.state().get("0.1.step").item());
    }

    @Test
    void paramGroupsHaveTheirOwnLearningRatesAndDecays() {
        Parameter a = param(2, 2, 1), b = param(2, 2, 2);
        double[][] ga = gradients(4, 5), gb = gradients(4, 6);
        double[][] refA = sgdReference(values(a), ga, 0.1, 0.9, 0, false, 0);
        double[][] refB = sgdReference(values(b), gb, 0.01, 0.9, 0, false, 0.1);
        SGD opt = new SGD(List.of(new Optimizer.Group(List.of(a), 0.1f, 0f), new Optimizer.Group(List.of(b), 0.01f, 0.1f)),
                0.9f, 0f, false);
        for (int t = 0; t < STEPS; t++) {
            setGrad(a, ga[t]);
            setGrad(b, gb[t]);
            opt.step();
            assertNear(refA[t], a, 1e-5, "group 0 step " + (t + 1));
            assertNear(refB[t], b, 1e-5, "group 1 step " + (t + 1));
        }
        opt.scaleLr(0.5);
        assertEquals(0.05f, opt.groups().get(0).lr());
        assertEquals(0.005f, opt.groups().get(1).lr());
        assertEquals(0.1f, opt.groups().get(0).baseLr());
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(new Optimizer.Group(List.of(a), 0.1f, 0f),
                new Optimizer.Group(List.of(a), 0.1f, 0f)), 0f, 0f, false));
    }

    @Test
    void savedStateResumesBitForBit() {
        for (boolean adam : new boolean[]{true, false}) {
            Parameter a = param(3, 4, 1), b = param(2, 3, 2);
            double[][] ga = gradients(12, 3), gb = gradients(6, 4);
            Optimizer opt = adam ? new AdamW(List.of(a, b), 1e-2f) : new SGD(List.of(a, b), 0.1f, 0.9f, 0.01f);
            for (int t = 0; t < 3; t++) {
                setGrad(a, ga[t]);
                if (t != 1) setGrad(b, gb[t]);
                else b.zeroGrad();
                opt.step();
            }
            // a copy of the parameters and a fresh optimizer restored from the saved state
            Parameter a2 = param(3, 4, 11), b2 = param(2, 3, 12);
            a2.copyFrom(a.value());
            b2.copyFrom(b.value());
            Optimizer opt2 = adam ? new AdamW(List.of(a2, b2), 1e-2f) : new SGD(List.of(a2, b2), 0.1f, 0.9f, 0.01f);
            opt.scaleLr(0.7);
            opt2.loadState(opt.state(), opt.metadata());
            assertEquals(opt.steps(), opt2.steps());
            assertEquals(opt.groups().get(0).lr(), opt2.groups().get(0).lr());
            for (int t = 3; t < STEPS; t++) {
                setGrad(a, ga[t]);
                setGrad(b, gb[t]);
                setGrad(a2, ga[t]);
                setGrad(b2, gb[t]);
                opt.step();
                opt2.step();
            }
            assertArrayEquals(a.value().toArray(), a2.value().toArray(), adam ? "AdamW" : "SGD");
            assertArrayEquals(b.value().toArray(), b2.value().toArray(), adam ? "AdamW" : "SGD");
        }
    }

    @Test
    void badStateIsRefusedAndChangesNothing() {
        Parameter a = param(3, 4, 1);
        AdamW opt = new AdamW(List.of(a), 1e-2f);
        setGrad(a, gradients(12, 1)[0]);
        opt.step();
        Map<String, Tensor> before = opt.state();
        float[] m = before.get("0.0.exp_avg").toArray();
        var e = assertThrows(IllegalArgumentException.class,
                () -> opt.loadState(Map.of("0.0.exp_avg", Tensor.zeros(4, 3)), Map.of("steps", "5")));
        assertTrue(e.getMessage().contains("0.0.exp_avg") && e.getMessage().contains("[4, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> opt.loadState(Map.of("1.0.exp_avg", Tensor.zeros(3, 4)), Map.of()));
        assertTrue(e.getMessage().contains("names no parameter"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> opt.loadState(Map.of("0.0.exp_avg", Tensor.zeros(3, 4)), Map.of("steps", "x")));
        assertTrue(e.getMessage().contains("steps"), e.getMessage());
        assertArrayEquals(m, opt.state().get("0.0.exp_avg").toArray());
        assertEquals(1, opt.steps());
    }
}
