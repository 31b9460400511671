package org.genex.algorithms.bayes;

import org.genex.tensor.Rng;

/**
 * The nonparametric arm of gNPP (npp.md &sect;2 step 6): Rubin's Bayesian bootstrap. Each draw puts
 * Dirichlet(1, &hellip;, 1) weights on the n observations and evaluates the functional on the weighted empirical
 * distribution.
 */
public final class BayesianBootstrap {
    private BayesianBootstrap() {}

    /** A functional of a weighted empirical distribution: &phi;(&Sigma; w<sub>i</sub> &delta;<sub>x<sub>i</sub></sub>). */
    @FunctionalInterface
    public interface WeightedFunctional {
        /** &phi; of the data with weights w (non-negative, summing to 1). */
        double apply(Points data, double[] weights);
    }

    /** The weighted q-quantile of column {@code column} by the authors' rule ({@link Quantiles#weighted}). */
    public static WeightedFunctional quantile(int column, double q) {
        return (data, w) -> Quantiles.weighted(data.column(column), w, q);
    }

    /** The weighted median of a 1-D sample. */
    public static WeightedFunctional median() { return quantile(0, 0.5); }

    /** The weighted mean of column {@code column}. */
    public static WeightedFunctional mean(int column) {
        return (data, w) -> {
            double s = 0;
            for (int i = 0; i < data.n(); i++) s += w[i] * data.get(i, column);
            return s;
        };
    }

    /** Dirichlet(1, &hellip;, 1) weights over n &gt;= 1 observations: normalised standard exponentials. */
    public static double[] weights(int n, Rng rng) {
        if (n < 1) throw new IllegalArgumentException("BayesianBootstrap: needs at least 1 observation, got " + n);
        return rng.dirichlet(n, 1.0);
    }

    /** m draws of &phi; (each with fresh Dirichlet weights) from the Bayesian bootstrap posterior. */
    public static double[] draws(Points data, int m, WeightedFunctional phi, Rng rng) {
        if (m < 1) throw new IllegalArgumentException("BayesianBootstrap: m must be >= 1, got " + m);
        double[] out = new double[m];
        for (int i = 0; i < m; i++) out[i] = phi.apply(data, weights(data.n(), rng));
        return out;
    }

    /**
     * Multinomial resampling with Dirichlet probabilities (npp.md &sect;7.5, the application's gBF): n indices drawn
     * with replacement with probabilities w ~ Dirichlet(1, &hellip;, 1).
     */
    public static int[] resample(int n, Rng rng) {
        double[] w = weights(n, rng);
        CdfSampler alias = new CdfSampler(w);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = alias.sample(rng);
        return idx;
    }

    /** Inverse-CDF sampling from fixed probabilities (binary search on the cumulative sums). */
    private record CdfSampler(double[] cumulative) {
        CdfSampler {
            double[] c = new double[cumulative.length];
            double s = 0;
            for (int i = 0; i < c.length; i++) c[i] = s += cumulative[i];
            cumulative = c;
        }

        int sample(Rng rng) {
            double u = rng.nextDouble() * cumulative[cumulative.length - 1];
            int lo = 0, hi = cumulative.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > u) hi = mid;
                else lo = mid + 1;
            }
            return lo;
        }
    }
}
