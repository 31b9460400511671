package org.genex.algorithms.bayes;

import java.util.function.DoublePredicate;

/**
 * The gNPP posterior of a functional (npp.md &sect;2 step 7): the parametric draws with total weight K and the
 * nonparametric draws with total weight 1 &minus; K, pooled. Summaries mix samples, not summaries (&sect;7.6), except
 * that probabilities of events mix exactly.
 *
 * @param k             the parametric weight K in [0, 1]
 * @param parametric    draws of &phi; from the parametric posterior (each with weight K/M)
 * @param nonparametric draws of &phi; from the nonparametric posterior (each with weight (1&minus;K)/M')
 */
public record MixturePosterior(double k, double[] parametric, double[] nonparametric) {
    /** Checks the arguments. */
    public MixturePosterior {
        if (!(k >= 0 && k <= 1)) throw new IllegalArgumentException("MixturePosterior: K must be in [0, 1], got " + k);
        if (parametric.length == 0 || nonparametric.length == 0)
            throw new IllegalArgumentException("MixturePosterior: both arms need draws, got " + parametric.length + " and "
                    + nonparametric.length);
        for (double v : parametric) if (!Double.isFinite(v)) throw new IllegalArgumentException("MixturePosterior: parametric draw " + v);
        for (double v : nonparametric) if (!Double.isFinite(v)) throw new IllegalArgumentException("MixturePosterior: nonparametric draw " + v);
    }

    /** K &middot; mean(parametric) + (1 &minus; K) &middot; mean(nonparametric). */
    public double mean() { return k * GeneralizedBayesFactor.mean(parametric) + (1 - k) * GeneralizedBayesFactor.mean(nonparametric); }

    /** The weighted q-quantile of the pooled draws ({@link Quantiles#weighted}). */
    public double quantile(double q) {
        int m = parametric.length, m2 = nonparametric.length;
        double[] v = new double[m + m2], w = new double[m + m2];
        for (int i = 0; i < m; i++) {
            v[i] = parametric[i];
            w[i] = k / m;
        }
        for (int i = 0; i < m2; i++) {
            v[m + i] = nonparametric[i];
            w[m + i] = (1 - k) / m2;
        }
        return Quantiles.weighted(v, w, q);
    }

    /** The equal-tailed credible interval {lo, hi} at this level (0.9: the 0.05 and 0.95 weighted quantiles). */
    public double[] interval(double level) {
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("MixturePosterior: level must be in (0, 1), got " + level);
        double a = (1 - level) / 2;
        return new double[] {quantile(a), quantile(1 - a)};
    }

    /** P(event) = K &middot; P<sub>par</sub>(event) + (1 &minus; K) &middot; P<sub>np</sub>(event), in [0, 1]. */
    public double probability(DoublePredicate event) {
        return Math.min(1, Math.max(0, k * fraction(parametric, event) + (1 - k) * fraction(nonparametric, event)));
    }

    /** The fraction of draws where the event holds. */
    public static double fraction(double[] draws, DoublePredicate event) {
        int c = 0;
        for (double v : draws) if (event.test(v)) c++;
        return (double) c / draws.length;
    }
}
