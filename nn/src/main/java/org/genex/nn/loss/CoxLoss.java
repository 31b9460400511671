package org.genex.nn.loss;

import java.util.Arrays;
import java.util.Comparator;
import org.genex.autodiff.Functional.Reduction;
import org.genex.autodiff.Var;
import org.genex.tensor.Tensor;

/**
 * The negative log partial likelihood of the Cox proportional-hazards model, with Breslow's handling of ties: the
 * loss of DeepSurv and pycox's {@code CoxPHLoss}.
 *
 * <p>For risk scores (log hazard ratios) eta [n], follow-up times t [n] and event indicators delta [n] (1: the event
 * was observed at t_i, 0: censored at t_i):
 * <pre>
 *   loss = -(1 / #events) sum_{i: delta_i = 1} ( eta_i - log sum_{j in R(i)} exp(eta_j) ),   R(i) = { j : t_j >= t_i }
 * </pre>
 * <b>Ties (Breslow).</b> Every subject whose time equals t_i is in the risk set R(i), whatever its event status or
 * its order in the batch, and each tied event contributes its own term with the same denominator. (pycox's
 * {@code cox_ph_loss_sorted} takes a cumulative sum over a sorted batch instead, which puts tied subjects in each
 * other's risk sets only in one direction and so depends on the order of ties; without ties the two agree.)
 *
 * <p><b>Normalisation.</b> MEAN divides by the number of events, as pycox's {@code CoxPHLoss} (so the loss does not
 * grow with the share of censored subjects); SUM gives the negative log partial likelihood itself, as lifelines and
 * R's {@code coxph} report it; NONE gives the per-subject terms, 0 for censored subjects. A batch without events has
 * no term: MEAN is NaN (0/0, as pycox) with a zero gradient, SUM is 0.
 *
 * <p><b>Stability.</b> Each log-sum-exp is shifted by the largest score in its own risk set, m_i, so that every term
 * is at most 1 and the largest is 1: no overflow for large scores and no underflow to log 0 however far apart the
 * scores are (a single shift by the batch maximum would underflow a risk set whose scores all lie ~90 below it).
 * All risk-set sums come from one product of a constant matrix and a vector:
 * <pre>
 *   W_ij = [t_j >= t_i] exp(eta_j - m_i)   (from the values, constant)      s = W u,   u_j = exp(eta_j - stop(eta_j))
 * </pre>
 * u is 1 in value but has the derivative of exp(eta_j) relative to its value, so s has the value and the exact
 * gradient of {@code sum_{j in R(i)} exp(eta_j - m_i)}; the shift m_i is a constant, which is exact because the
 * log-sum-exp does not depend on it. Time and memory are O(n^2) (W is n x n floats): fine for batches up to a few
 * thousand subjects.
 */
public final class CoxLoss {
    private CoxLoss() {}

    /** The Breslow negative log partial likelihood averaged over the events (pycox's {@code CoxPHLoss}). */
    public static Var breslow(Var riskScores, Tensor times, Tensor events) {
        return breslow(riskScores, times, events, Reduction.MEAN);
    }

    /**
     * The Breslow negative log partial likelihood of {@code riskScores} (n elements: [n] or [n, 1]), reduced over the
     * events. {@code times} and {@code events} have n elements each; events hold 0 or 1; times are not NaN.
     */
    public static Var breslow(Var riskScores, Tensor times, Tensor events, Reduction reduction) {
        int n = riskScores.size();
        if (riskScores.rank() > 2 || (riskScores.rank() == 2 && riskScores.dim(1) != 1))
            throw new IllegalArgumentException("coxBreslow: the risk scores must be [n] or [n, 1], got "
                    + riskScores.shape());
        if (times.size() != n || events.size() != n)
            throw new IllegalArgumentException("coxBreslow: " + n + " risk scores " + riskScores.shape() + " but times "
                    + times.shape() + " and events " + events.shape() + " (one of each per subject)");
        float[] t = times.toArray(), d = events.toArray(), eta = riskScores.value().toArray();
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(t[i])) throw new IllegalArgumentException("coxBreslow: the time of subject " + i + " is NaN");
            if (d[i] != 0f && d[i] != 1f)
                throw new IllegalArgumentException("coxBreslow: events must be 0 (censored) or 1 (observed), but "
                        + "subject " + i + " has " + d[i]);
        }

        float[] m = riskSetMaxima(eta, t);                          // m_i = max_{j in R(i)} eta_j
        float[] w = new float[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (t[j] >= t[i]) w[i * n + j] = (float) Math.exp((double) eta[j] - m[i]);

        Var scores = riskScores.reshape(n);                         // [n]
        Var ones = scores.sub(scores.detach()).exp();               // 1, with the gradient of exp(eta)
        Var sums = Var.of(Tensor.wrap(w, n, n).to(scores.device())).matmul(ones.reshape(n, 1)).reshape(n);
        Var logSums = sums.log().add(Var.of(Tensor.wrap(m, n).to(scores.device())));   // log sum_{R(i)} exp(eta_j)
        Var terms = logSums.sub(scores);                            // -(eta_i - log sum ...)
        return Reductions.reduce("coxBreslow", terms, events.reshape(n), reduction);   // over the events
    }

    /** For each subject i, the largest score among the subjects still at risk at t_i (t_j >= t_i), ties included. */
    static float[] riskSetMaxima(float[] eta, float[] t) {
        int n = eta.length;
        Integer[] byTimeDescending = new Integer[n];
        for (int i = 0; i < n; i++) byTimeDescending[i] = i;
        Arrays.sort(byTimeDescending, Comparator.comparingDouble((Integer i) -> t[i]).reversed());
        float[] m = new float[n];
        float running = Float.NEGATIVE_INFINITY;
        for (int start = 0; start < n; ) {
            int end = start;                                        // [start, end): one group of equal times
            while (end < n && t[byTimeDescending[end]] == t[byTimeDescending[start]]) {
                running = Math.max(running, eta[byTimeDescending[end]]);
                end++;
            }
            for (int k = start; k < end; k++) m[byTimeDescending[k]] = running;
            start = end;
        }
        return m;
    }
}
