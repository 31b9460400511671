package org.genex.algorithms.hypergraph;

import org.genex.tensor.Rng;

/**
 * The prepared sampling tables of a {@link TransitionStrategy} on one hypergraph: immutable and thread-safe. Each
 * thread draws steps through its own {@link Stepper} (which may hold scratch memory).
 */
public interface Transitions {

    /** The number of cells (states of the chain). */
    int cells();

    /** A new stepper for one thread. */
    Stepper stepper();

    /** The memory held by the tables, in bytes (an estimate; the hypergraph itself not counted). */
    long bytes();

    /** Draws steps of the chain; not thread-safe. */
    interface Stepper {
        /** A cell drawn from {@code P[cell, .]} with random numbers from {@code rng}. */
        int next(int cell, Rng rng);

        /**
         * One step of each of the walks at {@code cells[0 .. n)}, walk j drawing from {@code rngs[j]}: the same cells
         * as {@link #next(int, Rng)} walk by walk (each walk takes the same random numbers in the same order). A
         * stepper may override it to interleave the walks' table lookups, so that their cache misses overlap.
         */
        default void next(int[] cells, Rng[] rngs, int n) {
            for (int j = 0; j < n; j++) cells[j] = next(cells[j], rngs[j]);
        }
    }
}
