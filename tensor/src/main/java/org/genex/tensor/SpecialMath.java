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
    // ------------------------------------------------------------------------------------------ log gamma, digamma

    private static final double EULER_GAMMA = 0.5772156649015329;
    private static final double HALF_LOG_2PI = 0.9189385332046728;

    /**
     * (-1)^k (zeta(k) - 1) / k for k = 2 .. 27 (computed with mpmath at 40 digits): the Taylor coefficients of
     * {@code lgamma(2 + z) = (1 - gamma) z + sum_k c_k z^k}, which converges for |z| < 2 (the pole at -2); at
     * |z| <= 1/2 the last term is below 1e-17.
     */
    private static final double[] LGAMMA2_SERIES = {
            0.3224670334241132, -0.0673523010531981, 0.020580808427784546, -0.007385551028673986,
            0.0028905103307415234, -0.001192753911703261, 0.0005096695247430425, -0.00022315475845357939,
            9.945751278180853e-05, -4.492623673813314e-05, 2.050721277567069e-05, -9.439488275268397e-06,
            4.374866789907488e-06, -2.039215753801366e-06, 9.55141213040742e-07, -4.492469198764566e-07,
            2.1207184805554665e-07, -1.0043224823968099e-07, 4.7698101693639804e-08, -2.2711094608943164e-08,
            1.0838659214896955e-08, -5.183475041970047e-09, 2.4836745438024785e-09, -1.1921401405860912e-09,
            5.731367241678862e-10, -2.7595228851242334e-10};

    /** B_2k / (2k (2k - 1)) for k = 1 .. 9: Stirling's series of lgamma, in powers of 1/x. */
    private static final double[] STIRLING = {1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188,
            -691.0 / 360360, 1.0 / 156, -3617.0 / 122400, 43867.0 / 244188};

    /** B_2k / (2k) for k = 1 .. 8: the asymptotic series of digamma, in powers of 1/x^2. */
    private static final double[] DIGAMMA_ASYMPTOTIC = {1.0 / 12, -1.0 / 120, 1.0 / 252, -1.0 / 240, 1.0 / 132,
            -691.0 / 32760, 1.0 / 12, -3617.0 / 8160};

    /**
     * {@code log |Gamma(x)|}, as C's {@code lgamma} and {@code torch.lgamma}: +inf at the poles (0 and the negative
     * integers) and at +-inf, NaN for NaN. Accurate to a few ulp relative, including next to the zeros at 1 and 2
     * (where a Taylor series in x - 1 or x - 2 keeps relative precision); to about 1e-15 absolute for negative x
     * (reflection {@code lgamma(x) = log(pi / |sin(pi x)|) - lgamma(1 - x)}), which loses relative precision next to
     * the zeros of lgamma there (x near -2.457, -2.747 ...).
     *
     * <p>Method: {@code x} in (0, 2.5] through the series of lgamma(2 + z) with |z| <= 1/2 (and {@code lgamma(1 + z)
     * = lgamma(2 + z) - log1p(z)}, {@code lgamma(z) = lgamma(1 + z) - log z}); (2.5, 10) by the recurrence
     * {@code lgamma(x) = lgamma(x - k) + log((x - 1) ... (x - k))} down into [1.5, 2.5]; from 10 on Stirling's series
     * with nine terms.
     */
    public static double lgamma(double x) {
        if (Double.isNaN(x)) return x;
        if (Double.isInfinite(x)) return Double.POSITIVE_INFINITY;
        if (x <= 0) {
            if (x == Math.floor(x)) return Double.POSITIVE_INFINITY;          // a pole (0, -1, -2 ...)
            if (x > -1e-8) return -Math.log(-x) - EULER_GAMMA * x;              // Gamma(x) = 1/x - gamma + O(x)
            return Math.log(Math.PI / sinPiAbs(x)) - lgamma(1 - x);
        }
        if (x < 0.5) return lgamma1p(x) - Math.log(x);                          // Gamma(x) = Gamma(1 + x) / x
        if (x < 1.5) return lgamma1p(x - 1);                                    // x - 1 is exact here
        if (x <= 2.5) return lgamma2p(x - 2);
        if (x < 10) {
            double product = 1;
            while (x > 2.5) {
                x -= 1;                                                         // exact: x < 2^52
                product *= x;
            }
            return lgamma2p(x - 2) + Math.log(product);
        }
        double r = 1 / x, r2 = r * r, s = 0;
        for (int k = STIRLING.length - 1; k >= 0; k--) s = s * r2 + STIRLING[k];
        return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + s * r;
    }

    /** lgamma(2 + z) for |z| <= 1/2, by its Taylor series. */
    private static double lgamma2p(double z) {
        double s = 0;
        for (int k = LGAMMA2_SERIES.length - 1; k >= 0; k--) s = s * z + LGAMMA2_SERIES[k];
        return z * ((1 - EULER_GAMMA) + z * s);
    }

    /** lgamma(1 + z) for |z| <= 1/2: lgamma(2 + z) - log(1 + z). */
    private static double lgamma1p(double z) {
        return lgamma2p(z) - Math.log1p(z);
    }

    /** |sin(pi x)| for a finite x that is not an integer, with the argument reduced exactly first. */
    private static double sinPiAbs(double x) {
        return Math.abs(Math.sin(Math.PI * Math.IEEEremainder(x, 1)));    // x - rint(x), in [-1/2, 1/2], exact
    }

    /**
     * The digamma function psi(x) = d/dx lgamma(x), as {@code torch.digamma}: at 0 it is -inf (+inf at -0), NaN at
     * the negative integers and at -inf, +inf at +inf. Accurate to about 1e-15 absolute (a few ulp relative away
     * from its zero at 1.4616...): the recurrence {@code psi(x) = psi(x + 1) - 1/x} up to x >= 10, then the
     * asymptotic series {@code log x - 1/(2x) - sum_k B_2k / (2k x^2k)}; negative x by reflection,
     * {@code psi(x) = psi(1 - x) - pi cot(pi x)}.
     */
    public static double digamma(double x) {
        if (Double.isNaN(x) || x == Double.POSITIVE_INFINITY) return x;
        if (x == 0) return Math.copySign(Double.POSITIVE_INFINITY, -x);
        if (x < 0) {
            if (x == Math.floor(x)) return Double.NaN;                          // a pole, or -inf
            return digamma(1 - x) - Math.PI * cotPi(x);
        }
        double shift = 0;
        while (x < 10) {
            shift += 1 / x;
            x += 1;
        }
        double r2 = 1 / (x * x), s = 0;
        for (int k = DIGAMMA_ASYMPTOTIC.length - 1; k >= 0; k--) s = s * r2 + DIGAMMA_ASYMPTOTIC[k];
        return Math.log(x) - 0.5 / x - s * r2 - shift;
    }

    /** cot(pi x) for a finite x that is not an integer, with the argument reduced exactly first. */
    private static double cotPi(double x) {
        double a = Math.PI * Math.IEEEremainder(x, 1);                          // cot has period pi
        return Math.cos(a) / Math.sin(a);
    }
}
