package org.genex.algorithms.bayes;

import java.util.ArrayList;
import java.util.List;
import org.genex.tensor.Rng;

/**
 * The Gaussian location model of the synthetic experiment (npp.md &sect;1.1, &sect;3): &theta; ~ N(&mu;<sub>0</sub>,
 * &tau;&sup2;), x<sub>i</sub> | &theta; ~ N(&theta;, &sigma;&sup2;) with &sigma; known. Conjugate: the posterior is
 * N(m<sub>n</sub>, v<sub>n</sub>) with v<sub>n</sub> = 1/(1/&tau;&sup2; + n/&sigma;&sup2;), m<sub>n</sub> =
 * v<sub>n</sub>(&mu;<sub>0</sub>/&tau;&sup2; + &Sigma;x/&sigma;&sup2;). The functional is &theta; (the median of
 * N(&theta;, &sigma;&sup2;)); the score is (&theta; &minus; x)/&sigma;&sup2;.
 *
 * @param priorMean &mu;<sub>0</sub>
 * @param priorSd   &tau; &gt; 0
 * @param likeSd    &sigma; &gt; 0
 */
public record GaussianLocationModel(double priorMean, double priorSd, double likeSd) implements ParametricModel<Double> {
    /** Checks the parameters. */
    public GaussianLocationModel {
        if (!Double.isFinite(priorMean) || !(priorSd > 0) || !(likeSd > 0) || !Double.isFinite(priorSd)
                || !Double.isFinite(likeSd))
            throw new IllegalArgumentException("GaussianLocationModel: need finite mean and positive sds, got " + priorMean
                    + ", " + priorSd + ", " + likeSd);
    }

    /** The model of the paper's toy: &theta; ~ N(0, 1), x | &theta; ~ N(&theta;, 1). */
    public static GaussianLocationModel standard() { return new GaussianLocationModel(0, 1, 1); }

    /** The posterior mean and variance {m<sub>n</sub>, v<sub>n</sub>} given 1-D data (n &gt;= 0). */
    public double[] posteriorMoments(double[] x) {
        double sum = 0;
        for (double v : x) sum += v;
        double pv = priorSd * priorSd, lv = likeSd * likeSd;
        double var = 1 / (1 / pv + x.length / lv);
        return new double[] {var * (priorMean / pv + sum / lv), var};
    }

    /** log p(x) = log &int; &Pi; N(x<sub>i</sub>; &theta;, &sigma;&sup2;) N(&theta;; &mu;<sub>0</sub>, &tau;&sup2;) d&theta; in closed form. */
    public double logMarginal(double[] x) {
        int n = x.length;
        double lv = likeSd * likeSd, pv = priorSd * priorSd, sum = 0, sum2 = 0;
        for (double v : x) {
            sum += v;
            sum2 += v * v;
        }
        double prec = n / lv + 1 / pv, lin = sum / lv + priorMean / pv;
        return -n * Normal.LOG_SQRT_2PI - n * Math.log(likeSd) - Math.log(priorSd) - 0.5 * Math.log(prec)
                + 0.5 * (lin * lin / prec - sum2 / lv - priorMean * priorMean / pv);
    }

    @Override
    public Double samplePrior(Rng rng) { return rng.gaussian(priorMean, priorSd); }

    @Override
    public List<Double> samplePosterior(Points data, int m, Rng rng) {
        check(data);
        double[] mv = posteriorMoments(data.values());
        double sd = Math.sqrt(mv[1]);
        List<Double> out = new ArrayList<>(m);
        for (int i = 0; i < m; i++) out.add(rng.gaussian(mv[0], sd));
        return out;
    }

    @Override
    public Points simulate(Double theta, Points template, Rng rng) { return simulate(theta, template.n(), rng); }

    /** n draws from N(&theta;, &sigma;&sup2;). */
    public Points simulate(double theta, int n, Rng rng) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rng.gaussian(theta, likeSd);
        return Points.of(x);
    }

    @Override
    public boolean hasScore() { return true; }

    @Override
    public double[] score(Double theta, Points x) {
        check(x);
        double[] s = new double[x.n()];
        double lv = likeSd * likeSd;
        for (int i = 0; i < s.length; i++) s[i] = (theta - x.values()[i]) / lv;
        return s;
    }

    @Override
    public double functional(Double theta) { return theta; }

    private static void check(Points x) {
        if (x.d() != 1) throw new IllegalArgumentException("GaussianLocationModel: needs 1-D data, got d=" + x.d());
    }
}
