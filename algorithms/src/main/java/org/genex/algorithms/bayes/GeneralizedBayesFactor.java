package org.genex.algorithms.bayes;

/**
 * The generalized Bayes factor of gNPP (npp.md &sect;2 steps 3&ndash;4), the posterior weight of the parametric arm:
 * <pre>
 *   K = 1 / (1 + ((1 &minus; s)/s) &middot; T( (D&#773;<sub>po</sub> / D&#773;<sub>pr</sub>) &middot; (n+1)<sup>&gamma;</sup> ) ),  clipped to [clip, 1 &minus; clip]
 * </pre>
 * with s the spike probability, &gamma; the rate and T(u) = u or u&middot;e<sup>u&minus;1</sup>.
 *
 * <p>Edge cases. A negative D&#773;<sub>pr</sub> (possible for the unbiased MMD&sup2; and KSD) is replaced by its
 * absolute value, as the authors' code does; D&#773;<sub>pr</sub> = 0 gives u = +&infin; (K = clip) when
 * D&#773;<sub>po</sub> &gt; 0, else u = 0. A negative D&#773;<sub>po</sub> makes u negative, and the two
 * {@link NegativePolicy policies} differ only there: {@link NegativePolicy#PAPER} evaluates the formula as the code
 * does, so that T(u) &lt; 0 gives K &gt; 1, clipped to 1 &minus; clip, except where 1 + ((1&minus;s)/s) T(u) &lt;= 0,
 * where K is negative or infinite and the clip turns it into clip or 1 &minus; clip (with s = 0.1 and T = EXP this
 * happens for u in about (&minus;1.6, &minus;0.5), mostly at small n: it is part of the published logit(K) at n = 5);
 * {@link NegativePolicy#FLOOR} floors u at 0, so a negative D&#773;<sub>po</sub> always gives K = 1 &minus; clip.
 *
 * @param spikeProb s in (0, 1): the prior probability of the parametric model
 * @param rate      &gamma; &gt;= 0 (0.49 for MMD&sup2;/KSD, 0.1 for W<sub>1</sub> in the paper)
 * @param transform T
 * @param clip      the clip of K away from 0 and 1 (1e-6 in the paper)
 * @param negative  how a negative D&#773;<sub>po</sub> is treated (PAPER reproduces the authors' code)
 */
public record GeneralizedBayesFactor(double spikeProb, double rate, Transform transform, double clip, NegativePolicy negative) {
    /** What a negative posterior divergence does (see the class comment). */
    public enum NegativePolicy {
        /** The authors' formula as it stands (negative u goes into T). */
        PAPER,
        /** u floored at 0: no evidence against the model. */
        FLOOR
    }

    /** T in the formula. */
    public enum Transform {
        /** T(u) = u (the code's default). */
        IDENTITY,
        /** T(u) = u e<sup>u&minus;1</sup> ({@code --transform}, used in all final runs). */
        EXP;

        /** T(u) (+&infin; stays +&infin;). */
        public double apply(double u) {
            if (this == IDENTITY) return u;
            if (u == Double.POSITIVE_INFINITY) return u;
            return u * Math.exp(u - 1);
        }
    }

    /** The paper's clip. */
    public static final double DEFAULT_CLIP = 1e-6;

    /** Checks the settings. */
    public GeneralizedBayesFactor {
        if (!(spikeProb > 0 && spikeProb < 1))
            throw new IllegalArgumentException("GeneralizedBayesFactor: spikeProb must be in (0, 1), got " + spikeProb);
        if (!(rate >= 0) || !Double.isFinite(rate))
            throw new IllegalArgumentException("GeneralizedBayesFactor: rate must be >= 0, got " + rate);
        if (transform == null) throw new IllegalArgumentException("GeneralizedBayesFactor: transform is null");
        if (!(clip >= 0 && clip < 0.5)) throw new IllegalArgumentException("GeneralizedBayesFactor: clip must be in [0, 0.5), got " + clip);
        if (negative == null) throw new IllegalArgumentException("GeneralizedBayesFactor: negative policy is null");
    }

    /** With the paper's transform (EXP), clip and treatment of negative divergences. */
    public static GeneralizedBayesFactor of(double spikeProb, double rate) {
        return new GeneralizedBayesFactor(spikeProb, rate, Transform.EXP, DEFAULT_CLIP, NegativePolicy.PAPER);
    }

    /** The same with another negative-divergence policy. */
    public GeneralizedBayesFactor with(NegativePolicy policy) {
        return new GeneralizedBayesFactor(spikeProb, rate, transform, clip, policy);
    }

    /** K from the mean posterior and prior divergences and the data size n &gt;= 1. */
    public double k(double meanPosterior, double meanPrior, int n) {
        if (!Double.isFinite(meanPosterior) || !Double.isFinite(meanPrior))
            throw new IllegalArgumentException("GeneralizedBayesFactor: divergences must be finite, got posterior "
                    + meanPosterior + ", prior " + meanPrior);
        if (n < 1) throw new IllegalArgumentException("GeneralizedBayesFactor: n must be >= 1, got " + n);
        double pr = Math.abs(meanPrior);
        double u;
        if (pr == 0) u = meanPosterior > 0 ? Double.POSITIVE_INFINITY : 0;
        else u = meanPosterior / pr * Math.pow(n + 1, rate);
        if (negative == NegativePolicy.FLOOR && u < 0) u = 0;
        double t = transform.apply(u);
        double denominator = 1 + (1 / spikeProb - 1) * t;
        // the code's 1/0 is +inf (clipped to 1 - clip); a negative denominator gives a negative K (clipped to clip)
        double k = denominator == 0 ? Double.POSITIVE_INFINITY : 1 / denominator;
        return Math.min(1 - clip, Math.max(clip, k));
    }

    /** K from the per-draw divergences (their means are used). */
    public double k(double[] posteriorDivergences, double[] priorDivergences, int n) {
        return k(mean(posteriorDivergences), mean(priorDivergences), n);
    }

    /** log(K / (1 &minus; K)). */
    public static double logit(double k) { return Math.log(k) - Math.log1p(-k); }

    static double mean(double[] v) {
        if (v.length == 0) throw new IllegalArgumentException("GeneralizedBayesFactor: no divergences");
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
