package org.genex.algorithms.bayes.causal;

import org.genex.algorithms.bayes.BayesianBootstrap;
import org.genex.algorithms.bayes.BayesianLinearRegression;
import org.genex.algorithms.bayes.GeneralizedBayesFactor;
import org.genex.algorithms.bayes.Mmd;
import org.genex.algorithms.bayes.Points;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;

/**
 * The generalized Bayes factor of the application (npp.md &sect;4, the authors' {@code compute_gBayesFactor}):
 * observed rows z<sub>i</sub> = (X&#770;<sub>i</sub>, a<sub>i</sub>, y<sub>i</sub>); {@code resamples} Bayesian-bootstrap
 * resamples of the rows (multinomial with Dirichlet(1) probabilities, &sect;7.5); on each, {@code perResample} prior
 * synthetic sets (parameters drawn once: &mu;, &beta;, &tau; ~ U(&minus;100, 100), &sigma; = |Cauchy(0, 1)|;
 * y* ~ N(&mu; + X&#770;&beta; + &tau;a, &sigma;)) and {@code perResample} posterior sets (OLS on [1, X&#770;, a] with
 * ridge 1e-6, &sigma;&#770;&sup2; = RSS/(n&minus;1), &beta; ~ N(&beta;&#770;, c (D<sup>T</sup>D + 1e-6 I)<sup>&minus;1</sup>)
 * with c = &sigma;&#770;&sup2; (default) or 1 (paper), y* ~ N(D&beta;, &sigma;&#770;)); a common random subset of
 * {@code subset} indices of each list; D&#773; = mean MMD&sup2;-IMQ(synthetic, observed); K with s = 0.5, &gamma; = 0.49,
 * T on. Only the sets of the subset are generated (the others would not be used). The MMDs run in parallel.
 */
public final class CausalGbf {
    /**
     * Every setting.
     *
     * @param resamples    Bayesian-bootstrap resamples (100)
     * @param perResample  parameter draws per resample, and prior parameter sets (10)
     * @param subset       the common random subset of synthetic sets used (200)
     * @param gbf          s = 0.5, &gamma; = 0.49, T = EXP
     * @param paper        true: posterior draws without &sigma;&#770;&sup2; (the authors' code); false: scaled by it
     * @param ridge        the ridge of the OLS fits (1e-6)
     */
    public record Config(int resamples, int perResample, int subset, GeneralizedBayesFactor gbf, boolean paper, double ridge) {
        /** Checks the settings. */
        public Config {
            if (resamples < 1 || perResample < 1 || subset < 1 || subset > resamples * perResample)
                throw new IllegalArgumentException("CausalGbf: need resamples, perResample >= 1 and 1 <= subset <= resamples * perResample");
        }

        /** The authors' settings, with the &sigma;&#770;&sup2;-scaled posterior (or the paper's with {@code paper}). */
        public static Config defaults(boolean paper) {
            return new Config(100, 10, 200, GeneralizedBayesFactor.of(0.5, 0.49), paper, 1e-6);
        }
    }

    /**
     * The result.
     *
     * @param k                 K
     * @param meanPosterior     D&#773;<sub>po</sub>
     * @param meanPrior         D&#773;<sub>pr</sub>
     */
    public record Result(double k, double meanPosterior, double meanPrior) {}

    private CausalGbf() {}

    /** K for the data. */
    public static Result compute(CausalData data, Config config, Rng rng) {
        int n = data.n(), q = data.q(), d = q + 2, m = config.perResample();
        Points observed = data.rows();
        // the prior parameter sets, drawn once: mu, beta (q), tau, sigma
        Rng pr = rng.fork("prior");
        double[][] prior = new double[m][q + 3];
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < q + 2; k++) prior[j][k] = pr.uniform(-100, 100);
            prior[j][q + 2] = Math.abs(Math.tan(Math.PI * (pr.nextDouble() - 0.5)));
        }
        int total = config.resamples() * m;
        int[] chosen = rng.fork("subset").sampleWithoutReplacement(total, config.subset());
        double[] dPr = new double[chosen.length], dPo = new double[chosen.length];
        Mmd mmd = Mmd.median(Mmd.Kernel.IMQ);
        BayesianLinearRegression ols = new BayesianLinearRegression(
                BayesianLinearRegression.Config.defaults(q + 1).withRidge(config.ridge())
                        .with(config.paper() ? BayesianLinearRegression.Posterior.PAPER : BayesianLinearRegression.Posterior.REFERENCE));
        Parallel.forEach(chosen.length, t -> {
            int set = chosen[t], resample = set / m, j = set % m;
            // the resample's rows are a function of the resample index only, shared by its prior and posterior sets
            int[] idx = BayesianBootstrap.resample(n, rng.fork("resample").fork(resample));
            Points rows = observed.select(idx);
            Rng gen = rng.fork("sets").fork(set);
            double[] p = prior[j];
            double[] vPr = rows.values().clone();
            for (int i = 0; i < n; i++) {
                double mean = p[0] + p[q + 1] * vPr[i * d + q];
                for (int k = 0; k < q; k++) mean += p[1 + k] * vPr[i * d + k];
                vPr[i * d + q + 1] = mean + p[q + 2] * gen.gaussian();
            }
            dPr[t] = mmd.mmd2(new Points(vPr, n, d), observed);
            dPo[t] = mmd.mmd2(posteriorSet(rows, ols, rng.fork("fit").fork(resample), j, gen), observed);
        });
        double mPo = mean(dPo), mPr = mean(dPr);
        return new Result(config.gbf().k(mPo, mPr, n), mPo, mPr);
    }

    /** Draw j of the resample's posterior, then y* ~ N(D beta, sigma-hat): the fit is redone per set (cheap, p = 12). */
    private static Points posteriorSet(Points rows, BayesianLinearRegression ols, Rng fitRng, int j, Rng gen) {
        // rows are (X-hat, a, y): the regression's covariates are (X-hat, a), its response y; the draws of one resample
        // come from one stream so that draw j is the j-th of the same sequence
        java.util.List<BayesianLinearRegression.Params> draws = ols.config().posterior() == BayesianLinearRegression.Posterior.PAPER
                ? ols.samplePosterior(rows, j + 1, fitRng) : scaledDraws(rows, ols, j + 1, fitRng);
        BayesianLinearRegression.Params theta = draws.get(j);
        return ols.simulate(theta, rows, gen);
    }

    /** The default posterior: beta ~ N(beta-hat, sigma-hat^2 V) with sigma-hat^2 = RSS/(n-1) fixed, as the code's scale. */
    private static java.util.List<BayesianLinearRegression.Params> scaledDraws(Points rows, BayesianLinearRegression ols, int m, Rng rng) {
        java.util.List<BayesianLinearRegression.Params> paper = new BayesianLinearRegression(
                ols.config().with(BayesianLinearRegression.Posterior.PAPER)).samplePosterior(rows, m, rng);
        BayesianLinearRegression.LeastSquares ls = ols.leastSquares(rows);
        double s = Math.sqrt(ls.rss() / (rows.n() - 1));
        java.util.List<BayesianLinearRegression.Params> out = new java.util.ArrayList<>(m);
        for (BayesianLinearRegression.Params t : paper) {
            double[] b = t.beta().clone();
            for (int k = 0; k < b.length; k++) b[k] = ls.betaHat()[k] + s * (b[k] - ls.betaHat()[k]);
            out.add(new BayesianLinearRegression.Params(b, t.sigma2()));
        }
        return out;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
