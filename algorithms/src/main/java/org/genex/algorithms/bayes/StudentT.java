package org.genex.algorithms.bayes;

import org.genex.tensor.Rng;
import org.genex.tensor.SpecialMath;

/**
 * The location-scale Student-t distribution (the importance proposal of the exact NPP uses &nu; = 40).
 *
 * @param df    degrees of freedom &nu; &gt; 0
 * @param loc   location
 * @param scale scale &gt; 0
 */
public record StudentT(double df, double loc, double scale) {
    /** Checks the parameters. */
    public StudentT {
        if (!(df > 0) || !(scale > 0) || !Double.isFinite(loc) || !Double.isFinite(scale))
            throw new IllegalArgumentException("StudentT: need df > 0, finite loc and scale > 0, got df=" + df
                    + " loc=" + loc + " scale=" + scale);
    }

    /** The log density at x. */
    public double logPdf(double x) {
        double z = (x - loc) / scale;
        return SpecialMath.lgamma(0.5 * (df + 1)) - SpecialMath.lgamma(0.5 * df) - 0.5 * Math.log(df * Math.PI)
                - Math.log(scale) - 0.5 * (df + 1) * Math.log1p(z * z / df);
    }

    /** One draw: loc + scale &middot; Z / &radic;(V / &nu;) with Z standard normal and V ~ &chi;<sup>2</sup><sub>&nu;</sub>. */
    public double sample(Rng rng) {
        double z = rng.gaussian();
        double v = rng.gamma(0.5 * df, 2.0);
        return loc + scale * z / Math.sqrt(v / df);
    }
}
