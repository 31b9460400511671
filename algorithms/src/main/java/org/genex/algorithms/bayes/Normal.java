package org.genex.algorithms.bayes;

import org.genex.tensor.SpecialMath;

/**
 * The normal distribution in double precision: density, CDF and survival function accurate in both tails, their
 * logarithms, the quantile function, and the log mass of an interval (the node masses of the embedded P&oacute;lya
 * tree need all of these far into the tails).
 */
public final class Normal {
    private Normal() {}

    static final double LOG_SQRT_2PI = 0.9189385332046728;
    private static final double INV_SQRT_2 = 0.7071067811865476;

    /** log N(x; mean, sd). */
    public static double logPdf(double x, double mean, double sd) {
        double z = (x - mean) / sd;
        return -0.5 * z * z - LOG_SQRT_2PI - Math.log(sd);
    }

    /** The standard normal CDF &Phi;(z). */
    public static double cdf(double z) { return SpecialMath.normalCdf(z); }

    /**
     * log &Phi;(z), accurate for every z: log(erfc(&minus;z/&radic;2)/2) while it is representable (z &gt; &minus;37), then
     * the asymptotic series log &phi;(z) &minus; log(&minus;z) + log(1 &minus; 1/z<sup>2</sup> + 3/z<sup>4</sup> &minus;
     * 15/z<sup>6</sup>); for z &gt; 5, log1p(&minus;&Phi;(&minus;z)).
     */
    public static double logCdf(double z) {
        if (Double.isNaN(z)) return z;
        if (z > 5) return Math.log1p(-0.5 * SpecialMath.erfc(z * INV_SQRT_2));
        if (z > -37) return Math.log(0.5 * SpecialMath.erfc(-z * INV_SQRT_2));
        double z2 = z * z, r = 1 / z2;
        double series = 1 - r + 3 * r * r - 15 * r * r * r + 105 * r * r * r * r;
        return -0.5 * z2 - LOG_SQRT_2PI - Math.log(-z) + Math.log(series);
    }

    /** log of the survival function, log(1 &minus; &Phi;(z)) = log &Phi;(&minus;z). */
    public static double logSf(double z) { return logCdf(-z); }

    /**
     * log(&Phi;(b) &minus; &Phi;(a)) for a &lt;= b, computed on the side of 0 where the interval lies so that
     * intervals deep in a tail keep their relative precision; &minus;&infin; for an empty interval.
     */
    public static double logMass(double a, double b) {
        if (!(a < b)) return Double.NEGATIVE_INFINITY;
        if (b <= 0) return logDiffExp(logCdf(b), logCdf(a));
        if (a >= 0) return logDiffExp(logSf(a), logSf(b));
        return Math.log(cdf(b) - cdf(a));
    }

    /** log(e<sup>x</sup> &minus; e<sup>y</sup>) for x &gt;= y (&minus;&infin; when equal). */
    static double logDiffExp(double x, double y) {
        if (y == Double.NEGATIVE_INFINITY) return x;
        double d = y - x;
        if (d >= 0) return Double.NEGATIVE_INFINITY;
        return x + (d > -0.6931471805599453 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
    }

    // Acklam's rational approximation (relative error 1.15e-9), refined by one Halley step to full precision.
    private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01};
    private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
            3.754408661907416e+00};

    /**
     * The standard normal quantile &Phi;<sup>&minus;1</sup>(p) for p in [0, 1] (&plusmn;&infin; at the ends):
     * Acklam's approximation refined by a Halley step on the tail-accurate CDF, to about 1e-15 relative.
     */
    public static double quantile(double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Normal.quantile: p must be in [0, 1], got " + p);
        if (p == 0) return Double.NEGATIVE_INFINITY;
        if (p == 1) return Double.POSITIVE_INFINITY;
        double x;
        double plow = 0.02425;
        if (p < plow) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                    / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
        } else if (p <= 1 - plow) {
            double q = p - 0.5, r = q * q;
            x = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
                    / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
        } else {
            double q = Math.sqrt(-2 * Math.log1p(-p));
            x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                    / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
        }
        // Halley step: on the lower side through Phi(x) - p, on the upper side through the survival function
        double e = x <= 0 ? cdf(x) - p : (1 - p) - cdf(-x); // = Phi(x) - p either way
        double u = e * Math.sqrt(2 * Math.PI) * Math.exp(0.5 * x * x);
        return x - u / (1 + 0.5 * x * u);
    }
}
