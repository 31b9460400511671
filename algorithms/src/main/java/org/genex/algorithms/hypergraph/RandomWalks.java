package org.genex.algorithms.hypergraph;

import org.genex.algorithms.embed.ArrayCorpus;
import org.genex.tensor.Parallel;

/**
 * Random walks on the cells of a hypergraph (spec section 3, step 1): {@code walksPerNode} walks of
 * {@code walkLength} cells from every cell, each step drawn by a {@link Transitions.Stepper} from the sparse tables
 * (first-order Markov chain on cells; genes are not emitted). Either kept in memory ({@link #sample}) or produced
 * on demand ({@link #stream}); both give the same walks in the same order (see {@link WalkCorpus} for the order and
 * the random streams).
 *
 * <p>Parallel over walks in fixed blocks of {@value #GRAIN} walks; each walk draws from its own stream, so the walks
 * are identical for any thread count.
 */
public final class RandomWalks {
    /** Walks per parallel block. */
    static final int GRAIN = 256;

    private RandomWalks() {}

    /**
     * All walks in memory: a corpus of {@code cells x walksPerNode} sentences of {@code walkLength} tokens (cell
     * indices). Needs {@code 4 x cells x walksPerNode x walkLength} bytes (360 MB for 100,000 cells at 30 x 30).
     *
     * @throws IllegalArgumentException if the walks have more than {@code 2^31 - 1} tokens (stream them instead)
     */
    public static ArrayCorpus sample(Transitions transitions, WalkConfig cfg) {
        WalkCorpus walks = stream(transitions, cfg);
        long tokens = walks.totalTokens();
        if (tokens > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException("RandomWalks.sample: " + tokens
                    + " tokens do not fit one array; use RandomWalks.stream");
        int len = cfg.walkLength();
        int[] out = new int[(int) tokens];
        Parallel.forRange(walks.size(), GRAIN, (a, b) -> {
            Transitions.Stepper stepper = transitions.stepper();
            for (int s = a; s < b; s += WalkCorpus.LANES)
                walks.walks(s, Math.min(b, s + WalkCorpus.LANES), out, s * len, stepper);
        });
        return ArrayCorpus.ofFixedLength(out, len, transitions.cells());
    }

    /** The walks as a corpus that regenerates each walk when it is read (no token storage). */
    public static WalkCorpus stream(Transitions transitions, WalkConfig cfg) {
        return new WalkCorpus(transitions, cfg);
    }
}
