package org.genex.algorithms.bayes;

/**
 * The effective sample size of one MCMC chain by Geyer's initial monotone sequence estimator (as in Stan, for one
 * chain): ESS = N / (&minus;1 + 2 &Sigma;<sub>k</sub> P<sub>k</sub>), where P<sub>k</sub> = &rho;<sub>2k</sub> +
 * &rho;<sub>2k+1</sub> are the sums of consecutive autocorrelations, truncated at the first non-positive one and made
 * monotone. Capped at N log<sub>10</sub> N as Stan does for antithetic chains.
 */
public final class Ess {
    private Ess() {}

    /** ESS of the chain (at least 4 draws); N for a constant chain. */
    public static double of(double[] chain) {
        int n = chain.length;
        if (n < 4) throw new IllegalArgumentException("Ess: needs at least 4 draws, got " + n);
        double mean = 0;
        for (double v : chain) mean += v / n;
        double var0 = 0;
        for (double v : chain) var0 += (v - mean) * (v - mean);
        var0 /= n;
        if (var0 == 0) return n;
        double sum = 0, prevPair = Double.POSITIVE_INFINITY;
        for (int k = 0; 2 * k + 1 < n; k++) {
            double pair = rho(chain, mean, var0, 2 * k) + rho(chain, mean, var0, 2 * k + 1);
            if (pair <= 0) break;
            pair = Math.min(pair, prevPair);
            sum += pair;
            prevPair = pair;
        }
        double tau = -1 + 2 * sum;
        return Math.min(n / tau, n * Math.log10(n));
    }

    private static double rho(double[] x, double mean, double var0, int lag) {
        double s = 0;
        for (int i = 0; i + lag < x.length; i++) s += (x[i] - mean) * (x[i + lag] - mean);
        return s / x.length / var0;
    }
}
