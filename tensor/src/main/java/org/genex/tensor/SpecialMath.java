package org.genex.tensor;

/** Special functions in double precision, used as reference definitions and by the scalar kernels. */
public final class SpecialMath {
    private SpecialMath() {}

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double INV_SQRT_2 = 0.7071067811865476;
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    /**
     * The error function, to about 1e-15 relative: the series of the lower incomplete gamma function P(1/2, x^2)
     * below x^2 = 1.5, the continued fraction of the upper one (modified Lentz) above.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax > 6) return Math.copySign(1, x);
        double z = ax * ax;
        double r = z < 1.5 ? erfSeries(ax) : 1 - erfcFraction(ax);
        return Math.copySign(r, x);
    }

    /** The complementary error function 1 - erf(x), accurate in the tail. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x < 0) return 2 - erfc(-x);
        if (x * x < 1.5) return 1 - erfSeries(x);
        return x > 27 ? 0 : erfcFraction(x);
    }

    // erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1)), written with positive terms:
    // erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)).
    private static double erfSeries(double x) {
        double z = x * x, term = x, sum = x;
        for (int n = 1; n < 200; n++) {
            term *= 2 * z / (2 * n + 1);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-z) * sum;
    }

    // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), as Q(1/2, x^2).
    private static double erfcFraction(double x) {
        double z = x * x, a = 0.5;
        double b = z + 1 - a, c = 1e300, d = 1 / b, h = d;
        for (int i = 1; i < 300; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < 1e-300) d = 1e-300;
            c = b + an / c;
            if (Math.abs(c) < 1e-300) c = 1e-300;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-16) break;
        }
        // Q(a, z) = exp(-z) z^a / Gamma(a) * h, with Gamma(1/2) = sqrt(pi)
        return Math.exp(-z) * x * h / Math.sqrt(Math.PI);
    }

    /** The standard normal CDF, Phi(x) = (1 + erf(x / sqrt 2)) / 2. */
    public static double normalCdf(double x) {
        return 0.5 * erfc(-x * INV_SQRT_2);
    }

    /** The standard normal density. */
    public static double normalPdf(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /** The logistic sigmoid 1 / (1 + exp(-x)), without overflow. */
    public static double sigmoid(double x) {
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** log(1 + exp(x)), without overflow. */
    public static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }
}
