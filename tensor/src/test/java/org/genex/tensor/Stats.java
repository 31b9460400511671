package org.genex.tensor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

/** Statistical oracles for the Rng tests: moments against theory and chi-square goodness of fit. */
final class Stats {
    private Stats() {}

    /** Tolerance in standard errors. Seeds are fixed, so a pass is deterministic; 5 SE leaves room for any seed. */
    static final double Z = 5;

    /**
     * Asserts the sample mean is within Z standard errors of {@code mean} (SE from the theoretical variance) and the
     * sample variance within Z standard errors of {@code variance} (SE from the sample's fourth central moment).
     */
    static void assertMoments(double[] x, double mean, double variance, String what) {
        int n = x.length;
        double m = 0;
        for (double v : x) m += v;
        m /= n;
        double m2 = 0, m4 = 0;
        for (double v : x) {
            double d = (v - m) * (v - m);
            m2 += d;
            m4 += d * d;
        }
        m2 /= n;
        m4 /= n;
        double seMean = Math.sqrt(variance / n);
        assertTrue(Math.abs(m - mean) <= Z * seMean + 1e-12 * Math.abs(mean),
                what + ": mean " + m + ", expected " + mean + " (SE " + seMean + ")");
        double seVar = Math.sqrt(Math.max(m4 - m2 * m2, 0) / n);
        assertTrue(Math.abs(m2 - variance) <= Z * seVar + 1e-12 * variance,
                what + ": variance " + m2 + ", expected " + variance + " (SE " + seVar + ")");
    }

    /** Same for integer samples. */
    static void assertMoments(int[] x, double mean, double variance, String what) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        assertMoments(d, mean, variance, what);
    }

    /**
     * Chi-square goodness of fit of draws over categories {@code 0 .. pmf.length - 1} plus a tail category holding
     * the rest of the mass (values >= pmf.length). Adjacent categories are pooled until each expects at least 5.
     * Asserts the statistic is below df + Z sqrt(2 df).
     */
    static void assertChiSquare(int[] draws, double[] pmf, String what) {
        int k = pmf.length;
        long[] observed = new long[k + 1];
        for (int v : draws) {
            assertTrue(v >= 0, what + ": negative draw " + v);
            observed[Math.min(v, k)]++;
        }
        double[] p = new double[k + 1];
        double tail = 1;
        for (int i = 0; i < k; i++) {
            p[i] = pmf[i];
            tail -= pmf[i];
        }
        p[k] = Math.max(tail, 0);
        assertChiSquare(observed, p, what);
    }

    /** Chi-square of observed counts against probabilities (pooled to expected counts >= 5). */
    static void assertChiSquare(long[] observed, double[] p, String what) {
        long n = 0;
        for (long o : observed) n += o;
        List<double[]> bins = new ArrayList<>(); // {observed, expected}
        double o = 0, e = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) {
                assertTrue(observed[i] == 0, what + ": category " + i + " has probability 0 but was drawn "
                        + observed[i] + " times");
                continue;
            }
            o += observed[i];
            e += n * p[i];
            if (e >= 5) {
                bins.add(new double[] {o, e});
                o = 0;
                e = 0;
            }
        }
        if (e > 0) {
            if (bins.isEmpty()) bins.add(new double[] {o, e});
            else {
                double[] last = bins.get(bins.size() - 1);
                last[0] += o;
                last[1] += e;
            }
        }
        double chi = 0;
        for (double[] b : bins) chi += (b[0] - b[1]) * (b[0] - b[1]) / b[1];
        int df = bins.size() - 1;
        double limit = df + Z * Math.sqrt(2.0 * df);
        assertTrue(df >= 1, what + ": too few bins for a chi-square test");
        assertTrue(chi <= limit, what + ": chi-square " + chi + " with " + df + " df exceeds " + limit);
    }

    /** log(n!) by summation: the oracle for pmfs. */
    static double logFactorial(int n) {
        double s = 0;
        for (int i = 2; i <= n; i++) s += Math.log(i);
        return s;
    }

    static double[] binomialPmf(int n, double p) {
        double[] pmf = new double[n + 1];
        for (int k = 0; k <= n; k++)
            pmf[k] = Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p)
                    + (n - k) * Math.log1p(-p));
        return pmf;
    }

    static double[] poissonPmf(double mean, int k) {
        double[] pmf = new double[k];
        for (int i = 0; i < k; i++) pmf[i] = Math.exp(-mean + i * Math.log(mean) - logFactorial(i));
        return pmf;
    }

    /** Sample Pearson correlation. */
    static double correlation(double[] x, double[] y) {
        int n = x.length;
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
