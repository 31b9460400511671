package org.genex.algorithms.bayes.causal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.genex.algorithms.bayes.BayesianLinearRegression;
import org.genex.algorithms.bayes.Quantiles;
import org.genex.tensor.Rng;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Test;

/** The application on the fixtures: the printed FOXP3 -> GZMH value, and the two arms and the gBF on small data. */
class ApplicationTest {
    @Test
    void fullDataFoxp3GzmhMatchesThePrintedValue() {
        CellData cells = CellData.load(TestTensors.fixture("npp").resolve(""));
        assertEquals(544, cells.cells());
        assertEquals(157, cells.confounders().size());
        CausalData d = new CausalData(cells.xHat(), CellData.COMPONENTS, cells.gene("FOXP3"), cells.gene("GZMH"));
        CausalLinearModel.Ate paper = CausalLinearModel.fit(d, BayesianLinearRegression.Posterior.PAPER);
        // the notebook prints 3 decimals: mean -0.250, sd 0.215, 95% CI [-0.670, 0.171], R^2 0.108 (adj. 0.089)
        assertEquals(-0.250, paper.mean(), 0.0005);
        assertEquals(0.215, paper.sd(), 0.0005);
        double[] ci = paper.interval(0.95);
        assertEquals(-0.670, ci[0], 0.001);
        assertEquals(0.171, ci[1], 0.001);
        assertEquals(0.108, paper.r2(), 0.0005);
        assertEquals(0.089, paper.r2Adjusted(), 0.0005);
        CausalLinearModel.Ate ref = CausalLinearModel.fit(d, BayesianLinearRegression.Posterior.REFERENCE);
        assertEquals(paper.mean(), ref.mean(), 1e-12);
        assertTrue(ref.sd() > paper.sd()); // s^2 > 1 for these counts
        double p = ref.probabilityNegative();
        assertTrue(p > 0.5 && p < 1, "P(ATE < 0) = " + p);
    }

    @Test
    void nonparametricArmRecoversAKnownEffect() {
        Rng r = Rng.seeded(5);
        int n = 300;
        double[] x = new double[n * 2], a = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = r.gaussian();
            x[2 * i + 1] = r.gaussian();
            a[i] = r.poisson(Math.exp(0.3 * x[2 * i]));
            y[i] = 1 + 0.5 * a[i] + x[2 * i] - 0.5 * x[2 * i + 1] + 0.5 * r.gaussian();
        }
        CausalData d = new CausalData(x, 2, a, y);
        double truth = 0.5 * (d.q98() - d.q0());
        double[] draws = OutcomeRegressionBootstrap.ateDraws(d, new OutcomeRegressionBootstrap.Config(400, 1.0), r);
        double lo = Quantiles.linear(draws, 0.005), hi = Quantiles.linear(draws, 0.995);
        assertTrue(lo < truth && truth < hi, "truth " + truth + " not in [" + lo + ", " + hi + "]");
    }

    @Test
    void gbfOnASubsampleIsAProbabilityAndReproducible() {
        CellData cells = CellData.load(TestTensors.fixture("npp").resolve(""));
        CausalData all = new CausalData(cells.xHat(), CellData.COMPONENTS, cells.gene("FOXP3"), cells.gene("GZMH"));
        CausalData sub = all.select(Rng.seeded(1).sampleWithoutReplacement(all.n(), 50));
        CausalGbf.Config cfg = new CausalGbf.Config(20, 5, 40, org.genex.algorithms.bayes.GeneralizedBayesFactor.of(0.5, 0.49), false, 1e-6);
        CausalGbf.Result a = CausalGbf.compute(sub, cfg, Rng.seeded(2)), b = CausalGbf.compute(sub, cfg, Rng.seeded(2));
        assertEquals(a, b);
        assertTrue(a.k() >= 1e-6 && a.k() <= 1 - 1e-6);
        assertTrue(a.meanPrior() > a.meanPosterior(), "the data are closer to the posterior sets than to the prior's");
    }
}
