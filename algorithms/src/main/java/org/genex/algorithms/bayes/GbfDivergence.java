package org.genex.algorithms.bayes;

import java.util.List;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;

/**
 * How gNPP measures the distance from a parameter draw &theta; to the observed data (npp.md &sect;2 step 3): either
 * simulate a synthetic data set from f<sub>&theta;</sub> and compare it with a two-sample {@link Divergence} (MMD&sup2;,
 * W<sub>p</sub><sup>p</sup>), or evaluate the one-sample KSD of f<sub>&theta;</sub> at the data through the model's score.
 *
 * <p>{@link #evaluate} runs the draws in parallel on the shared pool, one task per draw, each with its own random
 * stream {@code rng.fork(i)}: the values are the same for every thread count.
 */
public interface GbfDivergence {
    /** D(f<sub>&theta;<sub>i</sub></sub>, data) for every draw. */
    <P> double[] evaluate(ParametricModel<P> model, List<P> thetas, Points data, Rng rng);

    /** Simulate a data set like the observed one from each draw, then D(synthetic, observed). */
    static GbfDivergence twoSample(Divergence divergence) {
        return new GbfDivergence() {
            @Override
            public <P> double[] evaluate(ParametricModel<P> model, List<P> thetas, Points data, Rng rng) {
                double[] out = new double[thetas.size()];
                Parallel.forEach(out.length, i -> {
                    Points synthetic = model.simulate(thetas.get(i), data, rng.fork(i));
                    out[i] = divergence.between(synthetic, data);
                });
                return out;
            }

            @Override
            public String toString() { return divergence.toString(); }
        };
    }

    /** The KSD of each model at the data (the model must have a score); the data's kernel terms are shared. */
    static GbfDivergence ksd(Ksd ksd) {
        return new GbfDivergence() {
            @Override
            public <P> double[] evaluate(ParametricModel<P> model, List<P> thetas, Points data, Rng rng) {
                if (!model.hasScore())
                    throw new IllegalArgumentException("KSD needs the model's score; " + model.getClass().getSimpleName() + " has none");
                Ksd.Prepared prepared = ksd.prepare(data);
                double[] out = new double[thetas.size()];
                Parallel.forEach(out.length, i -> out[i] = prepared.ksd(model.score(thetas.get(i), data)));
                return out;
            }

            @Override
            public String toString() { return ksd.toString(); }
        };
    }
}
