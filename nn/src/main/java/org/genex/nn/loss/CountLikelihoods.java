package org.genex.nn.loss;

import org.genex.autodiff.Functional.Reduction;
import org.genex.autodiff.Var;
import org.genex.tensor.CompareOp;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.genex.tensor.UnaryOp;

/**
 * Log-likelihoods of counts under the negative binomial (NB) and zero-inflated negative binomial (ZINB)
 * distributions, written exactly as scvi-tools' {@code log_nb_positive} and {@code log_zinb_positive}
 * ({@code scvi.distributions._negative_binomial}), and the losses built on them (their negatives, reduced).
 *
 * <p>Parameterisation (scvi-tools'): mean {@code mu >= 0}, inverse dispersion {@code theta > 0} (variance
 * {@code mu + mu^2 / theta}), counts {@code x >= 0} (not necessarily integers: the formula continues through
 * lgamma), ZINB dropout logits {@code pi} (dropout probability {@code sigmoid(pi)}). {@code eps} (1e-8, as scvi-tools)
 * guards the logarithms. Shapes broadcast, so a per-gene theta [genes] serves a [cells, genes] batch; the parameters
 * must broadcast to the shape of the counts, which is the shape of the result. Arguments outside the support are
 * rejected with an exception (this reads the values back to the host once per call).
 *
 * <p>Precision: as in scvi-tools in float32, {@code lgamma(x + theta) - lgamma(x + 1)} is a difference of two large
 * numbers for large counts, each rounded to float: its absolute error is about 1e-7 |lgamma(x)| (about 0.1 at
 * x = 1e6), which is small next to the log-likelihood of such counts but not zero.
 */
public final class CountLikelihoods {
    private CountLikelihoods() {}

    /** scvi-tools' numerical stability constant. */
    public static final float EPS = 1e-8f;

    // ------------------------------------------------------------------------------------------------ NB

    /** {@link #logNbPositive(Tensor, Var, Var, float)} with eps = 1e-8. */
    public static Var logNbPositive(Tensor x, Var mu, Var theta) { return logNbPositive(x, mu, theta, EPS); }

    /**
     * The NB log-likelihood of each count, scvi-tools' {@code log_nb_positive}:
     * <pre>
     *   theta (log(theta + eps) - log(theta + mu + eps)) + x (log(mu + eps) - log(theta + mu + eps))
     *     + lgamma(x + theta) - lgamma(theta) - lgamma(x + 1)
     * </pre>
     */
    public static Var logNbPositive(Tensor x, Var mu, Var theta, float eps) {
        check("logNbPositive", x, mu, theta, null, eps);
        Var counts = Var.of(x.to(mu.device()));
        Var logThetaMuEps = theta.add(mu).add(eps).log();
        return theta.mul(theta.add(eps).log().sub(logThetaMuEps))
                .add(counts.mul(mu.add(eps).log().sub(logThetaMuEps)))
                .add(lgammaTerms(counts, theta));
    }

    /** {@link #nbNll(Tensor, Var, Var, Tensor, Reduction)} averaged over all elements, without a mask. */
    public static Var nbNll(Tensor x, Var mu, Var theta) { return nbNll(x, mu, theta, null, Reduction.MEAN); }

    /**
     * The NB negative log-likelihood {@code -logNbPositive(x, mu, theta)}, reduced over the elements kept by
     * {@code mask} (nullable). scvi-tools' reconstruction loss sums over genes and averages over cells: that is
     * {@code nbNll(x, mu, theta, null, NONE).sum(false, 1).mean()}, or SUM divided by the number of cells.
     */
    public static Var nbNll(Tensor x, Var mu, Var theta, Tensor mask, Reduction reduction) {
        return Reductions.reduce("nbNll", logNbPositive(x, mu, theta).neg(), mask, reduction);
    }

    // ------------------------------------------------------------------------------------------------ ZINB

    /** {@link #logZinbPositive(Tensor, Var, Var, Var, float)} with eps = 1e-8. */
    public static Var logZinbPositive(Tensor x, Var mu, Var theta, Var pi) {
        return logZinbPositive(x, mu, theta, pi, EPS);
    }

    /**
     * The ZINB log-likelihood of each count, scvi-tools' {@code log_zinb_positive}, with dropout logits {@code pi}
     * (using {@code log sigmoid(pi) = -softplus(-pi)}):
     * <pre>
     *   pi_theta_log = -pi + theta (log(theta + eps) - log(theta + mu + eps))
     *   x &lt; eps:  softplus(pi_theta_log) - softplus(-pi)                       (a zero: dropout or NB zero)
     *   x &gt; eps:  -softplus(-pi) + pi_theta_log + x (log(mu + eps) - log(theta + mu + eps))
     *             + lgamma(x + theta) - lgamma(theta) - lgamma(x + 1)
     * </pre>
     * (and 0 at x = eps exactly, as scvi-tools). scvi-tools multiplies each case by its 0/1 indicator; here the case
     * is selected, which gives the same values and keeps a non-finite value of the other case out of the gradient.
     */
    public static Var logZinbPositive(Tensor x, Var mu, Var theta, Var pi, float eps) {
        check("logZinbPositive", x, mu, theta, pi, eps);
        Tensor xs = x.to(mu.device());
        Var counts = Var.of(xs);
        Var softplusPi = pi.neg().softplus();                                        // -log sigmoid(pi)
        Var logThetaMuEps = theta.add(mu).add(eps).log();
        Var piThetaLog = pi.neg().add(theta.mul(theta.add(eps).log().sub(logThetaMuEps)));
        Var caseZero = piThetaLog.softplus().sub(softplusPi);
        Var caseNonZero = softplusPi.neg().add(piThetaLog)
                .add(counts.mul(mu.add(eps).log().sub(logThetaMuEps)))
                .add(lgammaTerms(counts, theta));
        Tensor epsilon = Tensor.scalar(eps).to(xs.device());
        Var zero = Var.of(Tensor.scalar(0f).to(xs.device()));
        return Var.where(xs.compare(CompareOp.LT, epsilon), caseZero,
                Var.where(xs.compare(CompareOp.GT, epsilon), caseNonZero, zero));
    }

    /** {@link #zinbNll(Tensor, Var, Var, Var, Tensor, Reduction)} averaged over all elements, without a mask. */
    public static Var zinbNll(Tensor x, Var mu, Var theta, Var pi) {
        return zinbNll(x, mu, theta, pi, null, Reduction.MEAN);
    }

    /** The ZINB negative log-likelihood {@code -logZinbPositive(x, mu, theta, pi)}, reduced under {@code mask}. */
    public static Var zinbNll(Tensor x, Var mu, Var theta, Var pi, Tensor mask, Reduction reduction) {
        return Reductions.reduce("zinbNll", logZinbPositive(x, mu, theta, pi).neg(), mask, reduction);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** {@code lgamma(x + theta) - lgamma(theta) - lgamma(x + 1)}; the last term is a constant. */
    private static Var lgammaTerms(Var counts, Var theta) {
        Tensor lgammaX1 = counts.value().add(1f).map(UnaryOp.LGAMMA);
        return counts.add(theta).map(UnaryOp.LGAMMA).sub(theta.map(UnaryOp.LGAMMA)).sub(Var.of(lgammaX1));
    }

    /**
     * Checks the shapes (the parameters broadcast to the counts' shape) and the supports: counts >= 0, mu >= 0,
     * theta > 0, none NaN; pi (nullable) not NaN; eps finite and >= 0.
     */
    private static void check(String name, Tensor x, Var mu, Var theta, Var pi, float eps) {
        if (!(eps >= 0) || Float.isInfinite(eps))
            throw new IllegalArgumentException(name + ": eps must be finite and >= 0, got " + eps);
        Shape s = Shape.broadcast(mu.shape(), theta.shape(), name);
        if (pi != null) s = Shape.broadcast(s, pi.shape(), name);
        if (!s.broadcastsTo(x.shape()))
            throw new IllegalArgumentException(name + ": the parameters (mu " + mu.shape() + ", theta " + theta.shape()
                    + (pi == null ? "" : ", pi " + pi.shape()) + ") must broadcast to the shape of the counts "
                    + x.shape());
        support(name, "count", x, false);
        support(name, "mean mu", mu.value(), false);
        support(name, "inverse dispersion theta", theta.value(), true);
        if (pi != null) {
            float[] p = pi.value().toArray();
            for (int i = 0; i < p.length; i++)
                if (Float.isNaN(p[i])) throw new IllegalArgumentException(name + ": the dropout logit pi at " + i
                        + " is NaN");
        }
    }

    /** Throws unless every value of {@code t} is >= 0 (> 0 if {@code strict}) and not NaN. */
    private static void support(String name, String what, Tensor t, boolean strict) {
        float[] v = t.toArray();
        for (int i = 0; i < v.length; i++) {
            boolean ok = strict ? v[i] > 0 : v[i] >= 0;                              // false for NaN
            if (!ok)
                throw new IllegalArgumentException(name + ": every " + what + " must be " + (strict ? "> 0" : ">= 0")
                        + ", but element " + i + " of " + t.shape() + " is " + v[i]);
        }
    }
}
