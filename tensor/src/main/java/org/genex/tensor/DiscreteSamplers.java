package org.genex.tensor;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * The Poisson and binomial samplers behind {@link Rng}, written here because their set-up is O(1) and cheap: a
 * simulator that draws every count with a different mean pays nothing per call (commons-rng's
 * {@code LargeMeanPoissonSampler} takes ~200 ns to build for each new mean; its binomial sampler builds an O(n)
 * table). The algorithms are the ones numpy, PyTorch and TensorFlow use, and they are exact: every acceptance test
 * evaluates the true probability ratio. Logarithms go through {@link StrictMath} so the draws are the same on every
 * JVM.
 */
final class DiscreteSamplers {
    private DiscreteSamplers() {}

    /** Means from here on use PTRS; below, Knuth's multiplication (at most ~11 uniforms on average). */
    static final double PTRS_MIN_MEAN = 10;

    /** n &middot; min(p, 1 - p) from here on uses BTRS; below, inversion (about np steps of one division). */
    static final double BTRS_MIN_NP = 10;

    /** A Poisson deviate for a mean in [0, 2e9]. */
    static int poisson(UniformRandomProvider gen, double mean) {
        if (mean == 0) return 0;
        return mean < PTRS_MIN_MEAN ? poissonKnuth(gen, mean) : poissonPtrs(gen, mean);
    }

    /** Knuth: the number of uniforms whose running product stays above exp(-mean), minus one. */
    private static int poissonKnuth(UniformRandomProvider gen, double mean) {
        double limit = StrictMath.exp(-mean), prod = gen.nextDouble();
        int k = 0;
        while (prod > limit) {
            k++;
            prod *= gen.nextDouble();
        }
        return k;
    }

    /**
     * Hörmann (1993), "The transformed rejection method for generating Poisson random variables", algorithm PTRS:
     * about 1.1 proposals of two uniforms each per draw, and a log-factorial only outside the squeeze.
     */
    private static int poissonPtrs(UniformRandomProvider gen, double mean) {
        double slam = Math.sqrt(mean), logMean = StrictMath.log(mean);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double logInvAlpha = StrictMath.log(1.1239 + 1.1328 / (b - 3.4));
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = gen.nextDouble() - 0.5;
            double v = gen.nextDouble();
            double us = 0.5 - Math.abs(u);
            double k = Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) return (int) k;
            // k beyond 2^31 - 2 has probability far below 1e-300 for means up to 2e9: rejecting it changes nothing
            if (k < 0 || k >= Integer.MAX_VALUE || (us < 0.013 && v > us)) continue;
            int ki = (int) k;
            if (StrictMath.log(v) + logInvAlpha - StrictMath.log(a / (us * us) + b)
                    <= -mean + ki * logMean - logFactorial(ki))
                return ki;
        }
    }

    /** A binomial deviate for n >= 0 and p in [0, 1]. */
    static int binomial(UniformRandomProvider gen, int n, double p) {
        if (n == 0 || p == 0) return 0;
        if (p == 1) return n;
        if (p > 0.5) return n - binomial(gen, n, 1 - p);
        return n * p < BTRS_MIN_NP ? binomialInversion(gen, n, p) : binomialBtrs(gen, n, p);
    }

    /**
     * Inversion of the cdf from 0 (Kachitvichyanukul and Schmeiser's BINV, as numpy): one uniform, about np steps.
     * If rounding leaves the walk above np + 10 sd (probability below 1e-20) it restarts with a new uniform.
     */
    private static int binomialInversion(UniformRandomProvider gen, int n, double p) {
        double q = 1 - p;
        double qn = StrictMath.exp(n * StrictMath.log1p(-p)); // >= exp(-10 / (1 - p)) > 0: no underflow, np < 10
        double np = n * p;
        int bound = (int) Math.min(n, np + 10 * Math.sqrt(np * q + 1));
        int x = 0;
        double px = qn, u = gen.nextDouble();
        while (u > px) {
            x++;
            if (x > bound) {
                x = 0;
                px = qn;
                u = gen.nextDouble();
            } else {
                u -= px;
                px = ((n - x + 1) * p * px) / (x * q);
            }
        }
        return x;
    }

    /**
     * Hörmann (1993), "The generation of binomial random variates", algorithm BTRS (transformed rejection with
     * squeeze), for p <= 0.5 and np >= 10: about 1.2 proposals of two uniforms per draw. The acceptance test uses
     * the exact ratio f(k) / f(m) through log-factorials.
     */
    private static int binomialBtrs(UniformRandomProvider gen, int n, double p) {
        double spq = Math.sqrt(n * p * (1 - p));
        double b = 1.15 + 2.53 * spq;
        double a = -0.0873 + 0.0248 * b + 0.01 * p;
        double c = n * p + 0.5;
        double vr = 0.92 - 4.2 / b;
        double alpha = (2.83 + 5.1 / b) * spq;
        double logOdds = StrictMath.log(p / (1 - p));
        int m = (int) Math.floor((n + 1.0) * p); // the mode
        double h = logFactorial(m) + logFactorial(n - m);
        while (true) {
            double u = gen.nextDouble() - 0.5;
            double v = gen.nextDouble();
            double us = 0.5 - Math.abs(u);
            double kd = Math.floor((2 * a / us + b) * u + c);
            if (kd < 0 || kd > n) continue;
            int k = (int) kd;
            if (us >= 0.07 && v <= vr) return k;
            // accept if v alpha / (a / us^2 + b) <= f(k) / f(m) = m! (n-m)! / (k! (n-k)!) (p/q)^(k-m)
            double lhs = StrictMath.log(v * alpha / (a / (us * us) + b));
            double rhs = h - logFactorial(k) - logFactorial(n - k) + (k - (double) m) * logOdds;
            if (lhs <= rhs) return k;
        }
    }

    private static final double[] LOG_FACTORIAL = new double[128];

    static {
        double s = 0;
        for (int k = 2; k < LOG_FACTORIAL.length; k++) LOG_FACTORIAL[k] = s += StrictMath.log(k);
    }

    /** log(k!) for k >= 0: summed exactly below 128, Stirling's series beyond (error below 1e-16 relative). */
    static double logFactorial(int k) {
        if (k < LOG_FACTORIAL.length) return LOG_FACTORIAL[k];
        double x = k + 1.0, ix2 = 1 / (x * x);
        // log Gamma(x) = (x - 1/2) log x - x + log(2 pi) / 2 + 1/(12x) - 1/(360x^3) + 1/(1260x^5) - 1/(1680x^7)
        return (x - 0.5) * StrictMath.log(x) - x + 0.9189385332046727
                + (1.0 / 12 - ix2 * (1.0 / 360 - ix2 * (1.0 / 1260 - ix2 / 1680))) / x;
    }
}
