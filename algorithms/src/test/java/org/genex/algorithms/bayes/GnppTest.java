package org.genex.algorithms.bayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.genex.algorithms.bayes.GeneralizedBayesFactor.NegativePolicy;
import org.genex.algorithms.bayes.GeneralizedBayesFactor.Transform;
import org.genex.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The generalized Bayes factor's formula, the mixture posterior and the bootstrap arm. */
class GnppTest {
    @Test
    void gbfFormula() {
        GeneralizedBayesFactor id = new GeneralizedBayesFactor(0.1, 0.49, Transform.IDENTITY, 1e-6, NegativePolicy.PAPER);
        double u = 0.02 / 0.5 * Math.pow(101, 0.49);
        assertEquals(1 / (1 + 9 * u), id.k(0.02, 0.5, 100), 1e-15);
        assertEquals(1 / (1 + 9 * u), id.k(0.02, -0.5, 100), 1e-15); // |D_pr|
        GeneralizedBayesFactor ex = GeneralizedBayesFactor.of(0.1, 0.49);
        assertEquals(1 / (1 + 9 * u * Math.exp(u - 1)), ex.k(0.02, 0.5, 100), 1e-15);
        assertEquals(1e-6, ex.k(5, 0.5, 100), 0); // clipped below
        assertEquals(1 - 1e-6, ex.k(-1e-4, 0.5, 100), 0); // slightly negative: K > 1, clipped
        // the code's sign flip: u = -1 gives 1 + 9 * (-e^-2) < 0, a negative K clipped to 1e-6; FLOOR gives 1 - 1e-6
        double dPo = -1 / Math.pow(11, 0.49);
        assertEquals(1e-6, ex.k(dPo, 1, 10), 0);
        assertEquals(1 - 1e-6, ex.with(NegativePolicy.FLOOR).k(dPo, 1, 10), 0);
        assertEquals(1e-6, ex.k(1, 0, 10), 0); // D_pr = 0, D_po > 0
        assertEquals(Math.log(0.25 / 0.75), GeneralizedBayesFactor.logit(0.25), 1e-15);
    }

    @Test
    void mixtureSummaries() {
        double[] par = {1, 2, 3, 4}, np = {10, 20};
        MixturePosterior m = new MixturePosterior(0.25, par, np);
        assertEquals(0.25 * 2.5 + 0.75 * 15, m.mean(), 1e-15);
        double[] v = {1, 2, 3, 4, 10, 20}, w = {0.0625, 0.0625, 0.0625, 0.0625, 0.375, 0.375};
        assertEquals(Quantiles.weighted(v, w, 0.05), m.interval(0.9)[0], 1e-12);
        assertEquals(Quantiles.weighted(v, w, 0.95), m.interval(0.9)[1], 1e-12);
        assertEquals(0.25 * 0.5 + 0.75 * 0, m.probability(x -> x < 2.5), 1e-15);
        assertEquals(1, new MixturePosterior(1, par, np).probability(x -> true), 0);
    }

    @Test
    void weightedQuantileRule() {
        // equal weights 1/n: knots (i + 1/2)/n, so the median of 1..4 interpolates 2 and 3
        assertEquals(2.5, Quantiles.weighted(new double[] {4, 1, 3, 2}, new double[] {.25, .25, .25, .25}, 0.5), 1e-15);
        assertEquals(1, Quantiles.weighted(new double[] {4, 1, 3, 2}, new double[] {.25, .25, .25, .25}, 0.1), 0); // clamped
        assertEquals(1.6, Quantiles.weighted(new double[] {1, 2}, new double[] {0.5, 0.5}, 0.55), 1e-15);
    }

    @Test
    void bayesianBootstrapMoments() {
        Rng r = Rng.seeded(4);
        double[] w = BayesianBootstrap.weights(7, r);
        double s = 0;
        for (double v : w) {
            assertTrue(v >= 0);
            s += v;
        }
        assertEquals(1, s, 1e-12);
        // the BB posterior of the mean: mean = sample mean, variance = (biased sample variance) / (n + 1)
        double[] x = {0.3, -1.2, 2.5, 0.8, 1.1, -0.4, 0.0, 3.3};
        double[] draws = BayesianBootstrap.draws(Points.of(x), 40_000, BayesianBootstrap.mean(0), r);
        double m = 0, v = 0, xm = 0, xv = 0;
        for (double d : draws) m += d / draws.length;
        for (double d : draws) v += (d - m) * (d - m) / draws.length;
        for (double d : x) xm += d / x.length;
        for (double d : x) xv += (d - xm) * (d - xm) / x.length;
        assertEquals(xm, m, 4 * Math.sqrt(xv / 9 / draws.length));
        assertEquals(xv / 9, v, 0.03 * xv / 9);
        // multinomial resampling: each index equally likely on average
        int[] counts = new int[5];
        for (int t = 0; t < 20_000; t++) for (int i : BayesianBootstrap.resample(5, r)) counts[i]++;
        for (int c : counts) assertEquals(20_000, c, 800);
    }

    @Test
    void gnppAdaptsOnOneDataSet() {
        Rng r = Rng.seeded(8);
        GaussianLocationModel model = GaussianLocationModel.standard();
        Gnpp g = new Gnpp(new Gnpp.Config(GeneralizedBayesFactor.of(0.1, 0.49), GbfDivergence.ksd(Ksd.median()), 60, 0.9));
        Gnpp.Fit spec = g.fit(model, Points.of(SkewNormal.standardised(0).sample(300, r)), BayesianBootstrap.median(), r.fork(1));
        Gnpp.Fit miss = g.fit(model, Points.of(SkewNormal.standardised(10).sample(300, r)), BayesianBootstrap.median(), r.fork(2));
        assertTrue(spec.k() > 0.5, "specified K = " + spec.k());
        assertTrue(miss.k() < 0.1, "misspecified K = " + miss.k());
        double[] iv = miss.interval();
        assertTrue(iv[0] < miss.mean() && miss.mean() < iv[1]);
    }
}
