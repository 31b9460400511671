package org.genex.algorithms.bayes;

import org.genex.tensor.Rng;

/**
 * The skew-normal distribution SN(&xi;, &omega;, a): density (2/&omega;) &phi;(z) &Phi;(a z), z = (x &minus; &xi;)/&omega;
 * (scipy's {@code skewnorm(a, loc, scale)}). The truth P0 of the synthetic experiment is {@link #standardised(double)}.
 *
 * @param shape the shape a (0 gives the normal)
 * @param loc   the location &xi;
 * @param scale the scale &omega; &gt; 0
 */
public record SkewNormal(double shape, double loc, double scale) {
    /** Checks the parameters. */
    public SkewNormal {
        if (!Double.isFinite(shape) || !Double.isFinite(loc) || !(scale > 0) || !Double.isFinite(scale))
            throw new IllegalArgumentException("SkewNormal: need finite shape and loc and scale > 0, got a=" + shape
                    + " loc=" + loc + " scale=" + scale);
    }

    /**
     * The skew-normal with shape a and mean 0, sd 1 (npp.md &sect;3): &delta; = a/&radic;(1+a&sup2;),
     * &omega; = 1/&radic;(1 &minus; 2&delta;&sup2;/&pi;), &xi; = &minus;&omega;&delta;&radic;(2/&pi;).
     */
    public static SkewNormal standardised(double a) {
        double delta = a / Math.sqrt(1 + a * a);
        double omega = 1 / Math.sqrt(1 - 2 * delta * delta / Math.PI);
        return new SkewNormal(a, -omega * delta * Math.sqrt(2 / Math.PI), omega);
    }

    private double delta() { return shape / Math.sqrt(1 + shape * shape); }

    /** One draw: &xi; + &omega;(&delta;|U<sub>0</sub>| + &radic;(1&minus;&delta;&sup2;) U<sub>1</sub>), U<sub>i</sub> iid N(0,1). */
    public double sample(Rng rng) {
        double d = delta();
        double u0 = Math.abs(rng.gaussian()), u1 = rng.gaussian();
        return loc + scale * (d * u0 + Math.sqrt(1 - d * d) * u1);
    }

    /** n iid draws. */
    public double[] sample(int n, Rng rng) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = sample(rng);
        return x;
    }

    /** The log density at x. */
    public double logPdf(double x) {
        double z = (x - loc) / scale;
        return Math.log(2) - Math.log(scale) - 0.5 * z * z - Normal.LOG_SQRT_2PI + Normal.logCdf(shape * z);
    }

    /** The CDF: &Phi;(z) &minus; 2 T(z, a) with Owen's T function. */
    public double cdf(double x) {
        double z = (x - loc) / scale;
        return Math.min(1, Math.max(0, Normal.cdf(z) - 2 * owenT(z, shape)));
    }

    /** The median: the root of CDF(x) = 1/2 by bisection to machine precision. */
    public double median() { return quantile(0.5); }

    /** The p-quantile by bisection on the CDF (0 &lt; p &lt; 1). */
    public double quantile(double p) {
        if (!(p > 0 && p < 1)) throw new IllegalArgumentException("SkewNormal.quantile: p must be in (0, 1), got " + p);
        double lo = loc - 40 * scale, hi = loc + 40 * scale;
        for (int it = 0; it < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)); it++) {
            double mid = 0.5 * (lo + hi);
            if (cdf(mid) < p) lo = mid;
            else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /** The mean &xi; + &omega;&delta;&radic;(2/&pi;). */
    public double mean() { return loc + scale * delta() * Math.sqrt(2 / Math.PI); }

    /** The differential entropy &minus;&int; p log p, by quadrature over &xi; &plusmn; 12&omega;. */
    public double entropy() {
        return -Quadrature.integrate(x -> {
            double lp = logPdf(x);
            return lp == Double.NEGATIVE_INFINITY ? 0 : Math.exp(lp) * lp;
        }, loc - 12 * scale, loc + 12 * scale, 400);
    }

    /**
     * Owen's T function T(h, a) = (1/2&pi;) &int;<sub>0</sub><sup>a</sup> e<sup>&minus;h&sup2;(1+x&sup2;)/2</sup>/(1+x&sup2;) dx,
     * by composite Gauss&ndash;Legendre quadrature (odd in a).
     */
    public static double owenT(double h, double a) {
        if (a == 0) return 0;
        if (a < 0) return -owenT(h, -a);
        int panels = (int) Math.min(4000, 16 + Math.ceil(a * (1 + Math.abs(h)) * 4));
        return Quadrature.integrate(x -> Math.exp(-0.5 * h * h * (1 + x * x)) / (1 + x * x), 0, a, panels) / (2 * Math.PI);
    }
}
