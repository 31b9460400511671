package org.genex.algorithms.bayes;

/**
 * A two-sample divergence D(synthetic, observed) between two point sets of the same dimension
 * ({@link Wasserstein1D}, {@link Mmd}). Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface Divergence {
    /** D(synthetic, observed); finite for valid input. */
    double between(Points synthetic, Points observed);
}
