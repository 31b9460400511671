package org.genex.algorithms.bayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.genex.algorithms.bayes.causal.CausalData;
import org.genex.algorithms.bayes.causal.CausalLinearModel;
import org.genex.tensor.Rng;
import org.junit.jupiter.api.Test;

/** Degenerate data get a clear error or the documented regularised fallback; probabilities stay in [0, 1]. */
class BadInputTest {
    @Test
    void pointsAndDivergences() {
        assertThrows(IllegalArgumentException.class, () -> Points.of(1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Points(new double[3], 2, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> Mmd.median(Mmd.Kernel.RBF).mmd2(Points.of(1), Points.of(1, 2)));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ksd.median().ksd(Points.of(1), new double[1]));
        assertThrows(IllegalArgumentException.class, () -> new Wasserstein1D(0.5));
        assertThrows(IllegalArgumentException.class, () -> new Wasserstein1D(1).powered(new double[0], new double[] {1}));
        // constant data: the bandwidth is the 1e-6 offset, the MMD is finite
        double v = Mmd.median(Mmd.Kernel.RBF).mmd2(Points.of(2, 2, 2), Points.of(2, 2));
        assertEquals(0, v, 1e-12);
        assertTrue(Double.isFinite(Ksd.median().ksd(Points.of(1, 1, 1), new double[] {0.5, 0.5, 0.5})));
    }

    @Test
    void gnppAndGbf() {
        Gnpp g = new Gnpp(new Gnpp.Config(GeneralizedBayesFactor.of(0.1, 0.49), GbfDivergence.twoSample(new Wasserstein1D(1)), 10, 0.9));
        assertThrows(IllegalArgumentException.class, () -> g.fit(GaussianLocationModel.standard(), Points.of(1.0), BayesianBootstrap.median(), Rng.seeded(1)));
        assertThrows(IllegalArgumentException.class, () -> GeneralizedBayesFactor.of(0, 0.49));
        assertThrows(IllegalArgumentException.class, () -> GeneralizedBayesFactor.of(0.1, 0.49).k(Double.NaN, 1, 10));
        // constant data: every divergence is finite and K stays in [clip, 1 - clip]
        Gnpp.Fit f = g.fit(GaussianLocationModel.standard(), Points.of(1, 1, 1, 1), BayesianBootstrap.median(), Rng.seeded(2));
        assertTrue(f.k() >= 1e-6 && f.k() <= 1 - 1e-6);
        assertTrue(Double.isFinite(f.mean()));
        var ksd = GbfDivergence.ksd(Ksd.median());
        var regression = new BayesianLinearRegression(BayesianLinearRegression.Config.defaults(1));
        assertThrows(IllegalArgumentException.class, () -> ksd.evaluate(regression, java.util.List.of(), Points.of(1, 2), Rng.seeded(1)));
        assertThrows(IllegalArgumentException.class, () -> new MixturePosterior(1.5, new double[] {1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Quantiles.weighted(new double[] {1}, new double[] {0}, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Quantiles.linear(new double[] {1}, 1.5));
    }

    @Test
    void singularDesignsAndTheRidgeFallback() {
        // covariate 0 constant: an error naming the column; with a ridge the fit goes through
        Points data = new Points(new double[] {3, 1, 0.5, 3, 2, 1.5, 3, 3, 2.4, 3, 4, 3.6}, 4, 3);
        BayesianLinearRegression plain = new BayesianLinearRegression(BayesianLinearRegression.Config.defaults(1));
        var e = assertThrows(IllegalArgumentException.class, () -> plain.leastSquares(data));
        assertTrue(e.getMessage().contains("column 0 is constant"), e.getMessage());
        var ridge = new BayesianLinearRegression(BayesianLinearRegression.Config.defaults(1).withRidge(1e-6));
        var ls = ridge.leastSquares(data);
        for (double b : ls.betaHat()) assertTrue(Double.isFinite(b));
        // collinear columns
        Points col = new Points(new double[] {1, 2, 0.1, 2, 4, 0.3, 3, 6, 0.2, 4, 8, 0.9}, 4, 3);
        assertThrows(IllegalArgumentException.class, () -> plain.leastSquares(col));
        assertThrows(IllegalArgumentException.class, () -> plain.leastSquares(new Points(new double[] {1, 2}, 1, 2)));
    }

    @Test
    void causalDegenerateCases() {
        double[] x = new double[5 * 2];
        var e = assertThrows(IllegalArgumentException.class, () -> new CausalData(x, 2, new double[5], new double[] {1, 2, 3, 4, 5}));
        assertTrue(e.getMessage().contains("constant"), e.getMessage());
        // a constant outcome: a point mass at 0, probabilities 0 or 1, never NaN
        Rng r = Rng.seeded(3);
        double[] xs = new double[30 * 2], a = new double[30], y = new double[30];
        for (int i = 0; i < 30; i++) {
            xs[2 * i] = r.gaussian();
            xs[2 * i + 1] = r.gaussian();
            a[i] = r.poisson(1);
        }
        a[0] = 3;
        CausalData d = new CausalData(xs, 2, a, y);
        for (var post : new BayesianLinearRegression.Posterior[] {BayesianLinearRegression.Posterior.PAPER, BayesianLinearRegression.Posterior.REFERENCE}) {
            double p = CausalLinearModel.fit(d, post).probabilityNegative();
            assertTrue(p >= 0 && p <= 1 && !Double.isNaN(p));
        }
    }
}
