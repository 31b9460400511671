package org.genex.algorithms.bayes;

import java.util.ArrayList;
import java.util.List;
import org.genex.tensor.Rng;
import org.genex.tensor.SpecialMath;

/**
 * A negative-binomial GLM for counts: y<sub>i</sub> ~ NB(mean &mu;<sub>i</sub>, size r), log &mu;<sub>i</sub> =
 * D<sub>i</sub>&beta; with D = [1, covariates], Var y = &mu; + &mu;&sup2;/r; priors &beta;<sub>k</sub> ~ N(0,
 * priorSd&sup2;), log r ~ N(logSizeMean, logSizeSd&sup2;). The posterior of (&beta;, log r) is sampled with
 * {@link Hmc} (gradients below); {@link #posterior} reports the ESS and acceptance. Data rows are (covariates..., y)
 * with y a non-negative integer count. The functional is one coefficient.
 *
 * <p>Gradients: &part;/&part;&eta; log p = r(y &minus; &mu;)/(r + &mu;); &part;/&part; log r log p = r[&psi;(y+r) &minus;
 * &psi;(r) + log(r/(r+&mu;)) + (&mu; &minus; y)/(r + &mu;)].
 */
public final class NegativeBinomialGlm implements ParametricModel<NegativeBinomialGlm.Params> {
    /**
     * A parameter draw.
     *
     * @param beta coefficients, intercept first
     * @param size r &gt; 0
     */
    public record Params(double[] beta, double size) {}

    /**
     * Every setting.
     *
     * @param priorSd         prior sd of each coefficient (2.5)
     * @param logSizeMean     prior mean of log r (0)
     * @param logSizeSd       prior sd of log r (2)
     * @param hmc             the sampler's settings
     * @param functionalIndex the coefficient reported by {@link #functional}
     */
    public record Config(double priorSd, double logSizeMean, double logSizeSd, Hmc.Config hmc, int functionalIndex) {
        /** Checks the settings. */
        public Config {
            if (!(priorSd > 0) || !(logSizeSd > 0) || hmc == null)
                throw new IllegalArgumentException("NegativeBinomialGlm: need priorSd > 0, logSizeSd > 0 and HMC settings");
        }

        /** priorSd 2.5, log r ~ N(0, 2&sup2;), {@link Hmc.Config#defaults()}. */
        public static Config defaults(int functionalIndex) { return new Config(2.5, 0, 2, Hmc.Config.defaults(), functionalIndex); }
    }

    private final Config config;
    private final int covariates;

    /** A model for rows with {@code covariates} covariates (then the count). */
    public NegativeBinomialGlm(int covariates, Config config) {
        if (covariates < 0) throw new IllegalArgumentException("NegativeBinomialGlm: covariates must be >= 0");
        this.covariates = covariates;
        this.config = config;
    }

    private void check(Points data) {
        if (data.d() != covariates + 1)
            throw new IllegalArgumentException("NegativeBinomialGlm: rows need " + covariates + " covariates and a count, got d=" + data.d());
        for (int i = 0; i < data.n(); i++) {
            double y = data.get(i, covariates);
            if (!(y >= 0) || y != Math.rint(y))
                throw new IllegalArgumentException("NegativeBinomialGlm: response " + y + " in row " + i + " is not a count");
        }
    }

    /** The log posterior of q = (&beta;, log r) and its gradient, for the data. */
    public Hmc.LogDensity logPosterior(Points data) {
        check(data);
        int n = data.n(), p = covariates + 1;
        double[] y = data.column(covariates);
        double[] x = new double[n * p];
        for (int i = 0; i < n; i++) {
            x[i * p] = 1;
            for (int k = 0; k < covariates; k++) x[i * p + 1 + k] = data.get(i, k);
        }
        double pv = config.priorSd() * config.priorSd(), sv = config.logSizeSd() * config.logSizeSd();
        return (q, grad) -> {
            java.util.Arrays.fill(grad, 0);
            double logR = q[p];
            if (!(Math.abs(logR) < 30)) return Double.NEGATIVE_INFINITY;
            double r = Math.exp(logR), lp = 0, gR = 0, lgR = SpecialMath.lgamma(r), dgR = SpecialMath.digamma(r);
            for (int i = 0; i < n; i++) {
                double eta = 0;
                for (int k = 0; k < p; k++) eta += x[i * p + k] * q[k];
                if (!(Math.abs(eta) < 50)) return Double.NEGATIVE_INFINITY;
                double mu = Math.exp(eta), yi = y[i];
                double logRm = Math.log(r + mu);
                lp += SpecialMath.lgamma(yi + r) - lgR - SpecialMath.lgamma(yi + 1) + r * (logR - logRm) + yi * (eta - logRm);
                double dEta = r * (yi - mu) / (r + mu);
                for (int k = 0; k < p; k++) grad[k] += dEta * x[i * p + k];
                gR += r * (SpecialMath.digamma(yi + r) - dgR + logR - logRm + (mu - yi) / (r + mu));
            }
            for (int k = 0; k < p; k++) {
                lp -= 0.5 * q[k] * q[k] / pv;
                grad[k] -= q[k] / pv;
            }
            double dz = logR - config.logSizeMean();
            lp -= 0.5 * dz * dz / sv;
            grad[p] = gR - dz / sv;
            return lp;
        };
    }

    /** The HMC run for the data: draws of (&beta;, log r), acceptance, ESS. */
    public Hmc.Result posterior(Points data, Hmc.Config hmc, Rng rng) {
        int p = covariates + 1;
        double[] init = new double[p + 1];
        double mean = 0;
        for (int i = 0; i < data.n(); i++) mean += data.get(i, covariates) / data.n();
        init[0] = Math.log(mean + 0.5);
        return Hmc.sample(logPosterior(data), init, hmc, rng);
    }

    @Override
    public Params samplePrior(Rng rng) {
        double[] beta = new double[covariates + 1];
        for (int k = 0; k < beta.length; k++) beta[k] = config.priorSd() * rng.gaussian();
        return new Params(beta, Math.exp(config.logSizeMean() + config.logSizeSd() * rng.gaussian()));
    }

    /** m draws spread over one HMC run of max(m, hmc.draws) kept iterations (thinned evenly). */
    @Override
    public List<Params> samplePosterior(Points data, int m, Rng rng) {
        Hmc.Config h = config.hmc();
        int keep = Math.max(m, h.draws());
        Hmc.Result r = posterior(data, new Hmc.Config(h.warmup(), keep, h.leapfrogSteps(), h.targetAccept(), h.initialStep()), rng);
        List<Params> out = new ArrayList<>(m);
        int p = covariates + 1;
        for (int i = 0; i < m; i++) {
            double[] q = r.draws()[(int) ((long) i * keep / m)];
            out.add(new Params(java.util.Arrays.copyOf(q, p), Math.exp(q[p])));
        }
        return out;
    }

    @Override
    public Points simulate(Params theta, Points template, Rng rng) {
        int n = template.n(), d = template.d();
        double[] out = template.values().clone();
        for (int i = 0; i < n; i++) {
            double eta = theta.beta()[0];
            for (int k = 0; k < covariates; k++) eta += theta.beta()[k + 1] * template.get(i, k);
            out[i * d + covariates] = rng.negativeBinomial(Math.exp(eta), 1 / theta.size());
        }
        return new Points(out, n, d);
    }

    @Override
    public double functional(Params theta) { return theta.beta()[config.functionalIndex()]; }
}
