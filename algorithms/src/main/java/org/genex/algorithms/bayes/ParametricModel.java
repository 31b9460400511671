package org.genex.algorithms.bayes;

import java.util.List;
import org.genex.tensor.Rng;

/**
 * A parametric Bayesian model &theta; ~ &pi;, x<sub>i</sub> | &theta; ~ f<sub>&theta;</sub> that gNPP can wrap
 * (npp.md &sect;2): it samples the prior and the posterior, simulates data given parameters, gives the score
 * &nabla;<sub>x</sub> log f<sub>&theta;</sub>(x) where it exists (for the KSD), and evaluates the functional of
 * interest &phi;(f<sub>&theta;</sub>).
 *
 * <p>Data are {@link Points}: for unconditional models one point per observation; for regression models one row
 * (covariates..., response), the response last, and simulation draws new responses for given covariate rows.
 * Implementations: {@link GaussianLocationModel}, {@link BayesianLinearRegression}, {@link NegativeBinomialGlm}.
 *
 * @param <P> the parameter type
 */
public interface ParametricModel<P> {
    /** One draw &theta; ~ &pi;. */
    P samplePrior(Rng rng);

    /** m draws from p(&theta; | data) (exact, or MCMC draws after warm-up). */
    List<P> samplePosterior(Points data, int m, Rng rng);

    /**
     * A data set drawn from f<sub>&theta;</sub> shaped like {@code template}: for unconditional models
     * {@code template.n()} fresh points (the values of the template are not used); for regression models new
     * responses for the template's covariate rows.
     */
    Points simulate(P theta, Points template, Rng rng);

    /** Whether {@link #score} is available. */
    default boolean hasScore() { return false; }

    /** &nabla;<sub>x</sub> log f<sub>&theta;</sub>(x) at every point of x (n &times; d, row-major). */
    default double[] score(P theta, Points x) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no score function");
    }

    /** The functional of interest &phi;(f<sub>&theta;</sub>). */
    double functional(P theta);
}
