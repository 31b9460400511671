package org.genex.algorithms.bayes;

import java.util.ArrayList;
import java.util.List;
import org.genex.tensor.Rng;

/**
 * gNPP, the generalized-Bayes nonparametric perturbation of a parametric model (npp.md &sect;2), step by step:
 * <ol>
 *   <li>&theta;<sup>pr</sup><sub>1..M</sub> ~ &pi; ({@link ParametricModel#samplePrior});</li>
 *   <li>&theta;<sup>po</sup><sub>1..M</sub> ~ p(&theta; | x) ({@link ParametricModel#samplePosterior});</li>
 *   <li>D&#773;<sub>po</sub>, D&#773;<sub>pr</sub>: mean divergences of the draws to the data ({@link GbfDivergence},
 *       synthetic sets of L = n points);</li>
 *   <li>K from {@link GeneralizedBayesFactor};</li>
 *   <li>parametric draws &phi;(f<sub>&theta;<sup>po</sup><sub>m</sub></sub>);</li>
 *   <li>nonparametric draws by the {@link BayesianBootstrap};</li>
 *   <li>the mixture {@link MixturePosterior}.</li>
 * </ol>
 * The random streams are forked by name from the given one ("prior", "posterior", "divergence-prior",
 * "divergence-posterior", "bootstrap"), so a fit is reproducible and independent of the thread count.
 */
public final class Gnpp {
    /**
     * Every setting of a gNPP fit.
     *
     * @param gbf               the generalized Bayes factor (s, &gamma;, T, clip); paper: s = 0.1, T = EXP, clip 1e-6
     * @param divergence        how draws are compared with the data (MMD&sup2;-RBF, W<sub>1</sub>, KSD in the paper)
     * @param parameterSamples  M, draws per arm (100 in the paper)
     * @param ciLevel           the credible level of the intervals (0.9)
     */
    public record Config(GeneralizedBayesFactor gbf, GbfDivergence divergence, int parameterSamples, double ciLevel) {
        /** Checks the settings. */
        public Config {
            if (gbf == null || divergence == null) throw new IllegalArgumentException("Gnpp.Config: gbf and divergence are required");
            if (parameterSamples < 1) throw new IllegalArgumentException("Gnpp.Config: parameterSamples must be >= 1, got " + parameterSamples);
            if (!(ciLevel > 0 && ciLevel < 1)) throw new IllegalArgumentException("Gnpp.Config: ciLevel must be in (0, 1), got " + ciLevel);
        }
    }

    /**
     * A fit: the mixture and its parts.
     *
     * @param posterior             the gNPP mixture posterior of &phi;
     * @param meanPosteriorDivergence D&#773;<sub>po</sub>
     * @param meanPriorDivergence   D&#773;<sub>pr</sub>
     * @param ciLevel               the credible level used by the interval methods
     */
    public record Fit(MixturePosterior posterior, double meanPosteriorDivergence, double meanPriorDivergence, double ciLevel) {
        /** K, the parametric weight. */
        public double k() { return posterior.k(); }

        /** The gNPP point estimate. */
        public double mean() { return posterior.mean(); }

        /** The gNPP credible interval (weighted quantiles of the pooled draws). */
        public double[] interval() { return posterior.interval(ciLevel); }

        /** The parametric arm alone: its mean. */
        public double parametricMean() { return GeneralizedBayesFactor.mean(posterior.parametric()); }

        /** The parametric arm alone: np.quantile interval of its draws. */
        public double[] parametricInterval() { return equalTailed(posterior.parametric(), ciLevel); }

        /** The nonparametric arm alone: its mean. */
        public double nonparametricMean() { return GeneralizedBayesFactor.mean(posterior.nonparametric()); }

        /** The nonparametric arm alone: np.quantile interval of its draws. */
        public double[] nonparametricInterval() { return equalTailed(posterior.nonparametric(), ciLevel); }
    }

    private final Config config;

    /** A sampler with these settings. */
    public Gnpp(Config config) { this.config = config; }

    /** The settings. */
    public Config config() { return config; }

    /**
     * Fits gNPP to {@code data} (at least 2 points).
     *
     * @param model the parametric model
     * @param np    the functional on the weighted empirical distribution (the nonparametric arm)
     * @param rng   the random stream; sub-streams are forked by name
     */
    public <P> Fit fit(ParametricModel<P> model, Points data, BayesianBootstrap.WeightedFunctional np, Rng rng) {
        if (data.n() < 2) throw new IllegalArgumentException("Gnpp: needs at least 2 observations, got " + data.n());
        int m = config.parameterSamples();
        Rng priorRng = rng.fork("prior");
        List<P> prior = new ArrayList<>(m);
        for (int i = 0; i < m; i++) prior.add(model.samplePrior(priorRng));
        List<P> post = model.samplePosterior(data, m, rng.fork("posterior"));
        double[] dPr = config.divergence().evaluate(model, prior, data, rng.fork("divergence-prior"));
        double[] dPo = config.divergence().evaluate(model, post, data, rng.fork("divergence-posterior"));
        double mPo = GeneralizedBayesFactor.mean(dPo), mPr = GeneralizedBayesFactor.mean(dPr);
        double k = config.gbf().k(mPo, mPr, data.n());
        double[] par = new double[post.size()];
        for (int i = 0; i < par.length; i++) par[i] = model.functional(post.get(i));
        double[] nonpar = BayesianBootstrap.draws(data, m, np, rng.fork("bootstrap"));
        return new Fit(new MixturePosterior(k, par, nonpar), mPo, mPr, config.ciLevel());
    }

    /** The equal-tailed interval of draws by numpy's linear quantile rule (the authors' per-arm intervals). */
    public static double[] equalTailed(double[] draws, double level) {
        double a = (1 - level) / 2;
        double[] s = draws.clone();
        java.util.Arrays.sort(s);
        return new double[] {Quantiles.linearSorted(s, a), Quantiles.linearSorted(s, 1 - a)};
    }
}
