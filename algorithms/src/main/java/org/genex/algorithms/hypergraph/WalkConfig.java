package org.genex.algorithms.hypergraph;

/**
 * Settings of the random walks (spec sections 3 and 4).
 *
 * @param walksPerNode walks started from every cell ({@code num_walks_per_node}, 30)
 * @param walkLength   cells per walk, the start included ({@code walk_length}, 30; the spec recommends counting
 *                     the start)
 * @param seed         seed of every walk; the scripts use {@code 42 + run}
 * @param shuffle      visit the start cells in a fresh random order in each round (node2vec's
 *                     {@code simulate_walks}); otherwise in index order. The order changes which walks sit next to
 *                     each other in the corpus, and so skip-gram's learning-rate schedule, not the walks themselves
 */
public record WalkConfig(int walksPerNode, int walkLength, long seed, boolean shuffle) {

    public WalkConfig {
        if (walksPerNode <= 0)
            throw new IllegalArgumentException("WalkConfig: walksPerNode must be > 0, got " + walksPerNode);
        if (walkLength <= 0)
            throw new IllegalArgumentException("WalkConfig: walkLength must be > 0, got " + walkLength);
    }

    /** The scripts' settings: 30 walks of 30 cells per cell, seed 42, shuffled rounds. */
    public static WalkConfig defaults() { return new WalkConfig(30, 30, 42, true); }

    public WalkConfig withWalks(int walksPerNode, int walkLength) {
        return new WalkConfig(walksPerNode, walkLength, seed, shuffle);
    }

    public WalkConfig withSeed(long s) { return new WalkConfig(walksPerNode, walkLength, s, shuffle); }

    public WalkConfig withShuffle(boolean s) { return new WalkConfig(walksPerNode, walkLength, seed, s); }
}
