package org.genex.nn.loss;

import static org.genex.nn.loss.LossReference.*;
import static org.genex.nn.loss.LossesTest.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.genex.autodiff.Functional.Reduction;
import org.genex.autodiff.GradCheck;
import org.genex.autodiff.Var;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link CoxLoss#breslow} against a double-precision reference written here from the definition (a log-sum-exp over
 * each event's risk set {j : t_j >= t_i}, taken directly, not through the loss's matrix trick), its gradient in
 * closed form, known values, ties, censoring, order independence, large scores, GradCheck and bad input.
 */
class CoxLossTest {

    /** The per-subject terms in double: for an event i, log sum_{t_j >= t_i} exp(eta_j) - eta_i; 0 when censored. */
    static double[] referenceTerms(double[] eta, double[] t, double[] d) {
        int n = eta.length;
        double[] terms = new double[n];
        for (int i = 0; i < n; i++) {
            if (d[i] == 0) continue;
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) if (t[j] >= t[i]) m = Math.max(m, eta[j]);
            double s = 0;
            for (int j = 0; j < n; j++) if (t[j] >= t[i]) s += Math.exp(eta[j] - m);
            terms[i] = m + Math.log(s) - eta[i];
        }
        return terms;
    }

    /**
     * d SUM / d eta_k in double: sum over events i with t_k >= t_i of the risk-set softmax weight of k, minus
     * delta_k.
     */
    static double[] referenceGradientOfSum(double[] eta, double[] t, double[] d) {
        int n = eta.length;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            if (d[i] == 0) continue;
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int j = 0; j < n; j++) if (t[j] >= t[i]) m = Math.max(m, eta[j]);
            for (int j = 0; j < n; j++) if (t[j] >= t[i]) s += Math.exp(eta[j] - m);
            for (int k = 0; k < n; k++) if (t[k] >= t[i]) g[k] += Math.exp(eta[k] - m) / s;
            g[i] -= 1;
        }
        return g;
    }

    /** A batch of n subjects: scores N(0, scale), times drawn from {1..distinctTimes} (ties), ~1/3 censored. */
    static Tensor[] batch(long seed, int n, int distinctTimes, float scale) {
        Random r = new Random(seed);
        float[] eta = new float[n], t = new float[n], d = new float[n];
        for (int i = 0; i < n; i++) {
            eta[i] = (float) (scale * r.nextGaussian());
            t[i] = 1 + r.nextInt(distinctTimes);
            d[i] = r.nextInt(3) == 0 ? 0f : 1f;
        }
        d[0] = 1f;                                                            // at least one event
        return new Tensor[]{Tensor.of(eta), Tensor.of(t), Tensor.of(d)};
    }

    static int events(double[] d) {
        int e = 0;
        for (double v : d) e += (int) v;
        return e;
    }

    /** Value (every reduction) and gradient (SUM, MEAN) against the double reference. */
    static void checkAgainstReference(Tensor[] b, double rtol, double atol, String what) {
        double[] eta = values(b[0]), t = values(b[1]), d = values(b[2]);
        double[] terms = referenceTerms(eta, t, d);
        double sum = 0;
        for (double v : terms) sum += v;
        assertElements(terms, CoxLoss.breslow(Var.of(b[0]), b[1], b[2], Reduction.NONE), rtol, atol, what + " NONE");
        assertScalar(sum, CoxLoss.breslow(Var.of(b[0]), b[1], b[2], Reduction.SUM), rtol, atol, what + " SUM");
        Var scores = Var.param(b[0]);
        Var mean = CoxLoss.breslow(scores, b[1], b[2]);
        assertScalar(sum / events(d), mean, rtol, atol, what + " MEAN");
        mean.backward();
        double[] g = referenceGradientOfSum(eta, t, d);
        for (int k = 0; k < g.length; k++) g[k] /= events(d);
        assertElements(g, Var.of(scores.grad()), rtol, atol, what + " MEAN gradient");
    }

    // ------------------------------------------------------------------------------------------------ values

    @Test
    void knownValues() {
        // two events at t = 1, 2 with equal scores: log 2 (subject 0 shares its risk set with subject 1), then 0
        Var loss = CoxLoss.breslow(Var.of(Tensor.of(0f, 0f)), Tensor.of(1f, 2f), Tensor.of(1f, 1f), Reduction.SUM);
        assertEquals(Math.log(2), loss.item(), 1e-7);
        // three subjects, the last censored: terms log(e^1 + e^2 + e^3) - 1 and log(e^2 + e^3) - 2
        Var three = CoxLoss.breslow(Var.of(Tensor.of(1f, 2f, 3f)), Tensor.of(1f, 2f, 3f), Tensor.of(1f, 1f, 0f));
        double expected = (Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 1 + Math.log(Math.exp(2) + Math.exp(3))
                - 2) / 2;
        assertEquals(expected, three.item(), 1e-6);
    }

    @Test
    void withoutTiesMatchesTheReference() {
        Random r = new Random(11);
        float[] t = new float[17];
        for (int i = 0; i < t.length; i++) t[i] = i * 0.5f + r.nextFloat() * 0.25f;     // distinct times
        Tensor[] b = batch(1, 17, 1000, 1.5f);
        checkAgainstReference(new Tensor[]{b[0], Tensor.of(t), b[2]}, 1e-5, 1e-6, "no ties");
    }

    @Test
    void withTiesAndCensoringMatchesTheReference() {
        for (long seed = 2; seed < 6; seed++) checkAgainstReference(batch(seed, 23, 5, 1f), 1e-5, 1e-6, "ties " + seed);
    }

    @Test
    void breslowTiesPutEveryTiedSubjectInEachRiskSet() {
        // three tied events at t = 1 and one later subject: each tied event has the same denominator over all four
        float[] eta = {0.3f, -0.2f, 1.1f, 0.5f};
        Var terms = CoxLoss.breslow(Var.of(Tensor.of(eta)), Tensor.of(1f, 1f, 1f, 2f), Tensor.of(1f, 1f, 1f, 0f),
                Reduction.NONE);
        double lse = 0;
        for (float e : eta) lse += Math.exp(e);
        lse = Math.log(lse);
        assertElements(new double[]{lse - 0.3, lse + 0.2, lse - 1.1, 0}, terms, 1e-6, 1e-6, "Breslow ties");
    }

    @Test
    void censoredSubjectsOnlyEnterRiskSets() {
        Tensor[] b = batch(7, 12, 4, 1f);
        float[] d = b[2].toArray();
        Var terms = CoxLoss.breslow(Var.of(b[0]), b[1], b[2], Reduction.NONE);
        float[] v = terms.value().toArray();
        for (int i = 0; i < d.length; i++) if (d[i] == 0f) assertEquals(0f, v[i], 0f, "censored subject " + i);
        // a censored subject at the latest time is in every risk set: raising its score raises every term
        float[] eta = b[0].toArray(), t = b[1].toArray(), dd = d.clone();
        int last = 0;
        for (int i = 0; i < t.length; i++) if (t[i] > t[last]) last = i;
        dd[last] = 0f;
        dd[0] = 1f;
        if (last == 0) dd[1] = 1f;
        float[] raised = eta.clone();
        raised[last] += 1f;
        double before = CoxLoss.breslow(Var.of(Tensor.of(eta)), b[1], Tensor.of(dd), Reduction.SUM).item();
        double after = CoxLoss.breslow(Var.of(Tensor.of(raised)), b[1], Tensor.of(dd), Reduction.SUM).item();
        assertTrue(after > before, "a censored subject at risk everywhere: " + before + " -> " + after);
    }

    @Test
    void theOrderOfTheBatchAndOfTiedSubjectsDoesNotMatter() {
        Tensor[] b = batch(8, 15, 3, 1f);                                     // 3 distinct times: many ties
        float[] eta = b[0].toArray(), t = b[1].toArray(), d = b[2].toArray();
        float[] terms = CoxLoss.breslow(Var.of(b[0]), b[1], b[2], Reduction.NONE).value().toArray();
        float sum = CoxLoss.breslow(Var.of(b[0]), b[1], b[2], Reduction.SUM).item();
        Random r = new Random(9);
        for (int trial = 0; trial < 5; trial++) {
            int[] p = permutation(r, eta.length);
            float[] pe = new float[p.length], pt = new float[p.length], pd = new float[p.length];
            for (int i = 0; i < p.length; i++) {
                pe[i] = eta[p[i]];
                pt[i] = t[p[i]];
                pd[i] = d[p[i]];
            }
            Var permuted = CoxLoss.breslow(Var.of(Tensor.of(pe)), Tensor.of(pt), Tensor.of(pd), Reduction.NONE);
            float[] pv = permuted.value().toArray();
            for (int i = 0; i < p.length; i++)
                assertEquals(terms[p[i]], pv[i], 1e-6f * (1 + Math.abs(terms[p[i]])), "subject " + p[i]);
            assertEquals(sum, permuted.sum().item(), 1e-5f * (1 + Math.abs(sum)), "permutation " + trial);
        }
    }

    @Test
    void acceptsAColumnOfScores() {
        Tensor[] b = batch(10, 9, 4, 1f);
        Var column = CoxLoss.breslow(Var.of(b[0].reshape(9, 1)), b[1].reshape(9, 1), b[2]);
        assertEquals(CoxLoss.breslow(Var.of(b[0]), b[1], b[2]).item(), column.item(), 0f);
    }

    // ------------------------------------------------------------------------------------------------ stability

    @Test
    void largeAndWidelySpreadScoresStayFiniteAndExact() {
        // scores up to 1e3 apart: exp overflows float (and double) without the shift, and a single shift by the batch
        // maximum would underflow the risk sets that exclude it
        float[] eta = {900f, -800f, 50f, -700f, 880f, 0f, -750f, 600f};
        float[] t = {1f, 2f, 2f, 3f, 4f, 5f, 6f, 6f};
        float[] d = {1f, 1f, 0f, 1f, 1f, 1f, 1f, 0f};
        Tensor[] b = {Tensor.of(eta), Tensor.of(t), Tensor.of(d)};
        checkAgainstReference(b, 1e-6, 1e-4, "large scores");
        Var scores = Var.param(b[0]);
        Var loss = CoxLoss.breslow(scores, b[1], b[2], Reduction.SUM);
        assertTrue(Float.isFinite(loss.item()));
        loss.backward();
        for (float g : scores.grad().toArray()) assertTrue(Float.isFinite(g), "gradient " + g);
    }

    // ------------------------------------------------------------------------------------------------ gradients

    @Test
    void gradientsMatchFiniteDifferences() {
        for (Reduction r : Reduction.values()) {
            Tensor[] b = batch(12, 10, 4, 1f);
            GradCheck.check(v -> CoxLoss.breslow(v[0], b[1], b[2], r), b[0]);
        }
    }

    @Test
    void aBatchWithoutEventsHasNoTerm() {
        Tensor[] b = batch(13, 6, 3, 1f);
        Tensor none = Tensor.zeros(6);
        Var scores = Var.param(b[0]);
        Var mean = CoxLoss.breslow(scores, b[1], none);
        assertTrue(Float.isNaN(mean.item()), "MEAN of no events is 0/0, as pycox");
        mean.backward();
        for (float g : scores.grad().toArray()) assertEquals(0f, g, 0f, "zero gradient");
        assertEquals(0f, CoxLoss.breslow(Var.of(b[0]), b[1], none, Reduction.SUM).item(), 0f);
        assertArrayEquals(new float[6], CoxLoss.breslow(Var.of(b[0]), b[1], none, Reduction.NONE).value().toArray());
    }

    // ------------------------------------------------------------------------------------------------ bad input

    @Test
    void badInputIsRejectedWithClearMessages() {
        Var s = Var.of(Tensor.zeros(3));
        Tensor t = Tensor.of(1f, 2f, 3f), d = Tensor.of(1f, 0f, 1f);
        assertMessage(() -> CoxLoss.breslow(Var.of(Tensor.zeros(3, 2)), t, d), "the risk scores must be [n] or [n, 1]");
        assertMessage(() -> CoxLoss.breslow(s, Tensor.of(1f, 2f), d), "3 risk scores [3] but times [2]");
        assertMessage(() -> CoxLoss.breslow(s, t, Tensor.of(1f, 0.5f, 1f)), "subject 1 has 0.5");
        assertMessage(() -> CoxLoss.breslow(s, Tensor.of(1f, Float.NaN, 3f), d), "the time of subject 1 is NaN");
        assertMessage(() -> CoxLoss.breslow(s, t, d, null), "the reduction is null");
    }

    static int[] permutation(Random r, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }
}
