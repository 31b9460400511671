package org.genex.algorithms.hypergraph;

import java.util.Arrays;
import org.genex.algorithms.embed.Corpus;
import org.genex.tensor.Rng;

/**
 * The random walks of a {@link Transitions} as a skip-gram {@link Corpus} whose sentences are produced on demand:
 * sentence {@code s} is regenerated, identically, each time it is read, so the walks never need to be held (the
 * start order, {@code cells x walksPerNode} ints, instead of {@code cells x walksPerNode x walkLength} tokens).
 *
 * <p>Sentences are ordered by round: sentence {@code s = r * cells + j} is round {@code r}'s j-th walk, started at
 * cell {@code j} or, with {@link WalkConfig#shuffle()}, at the j-th cell of round r's random order. The walk that
 * starts at cell {@code c} in round {@code r} draws from its own stream {@code base.fork(r * cells + c)}, with
 * {@code base = Rng.seeded(seed).fork("walks")}: a walk depends only on the seed, its start cell and its round —
 * not on the order, the thread that makes it, or how many threads there are.
 */
public final class WalkCorpus implements Corpus {
    private final Transitions transitions;
    private final WalkConfig cfg;
    private final int cells;
    private final int[] starts;
    private final Rng base;
    private final ThreadLocal<Transitions.Stepper> steppers;

    WalkCorpus(Transitions transitions, WalkConfig cfg) {
        if (transitions == null || cfg == null) throw new IllegalArgumentException("WalkCorpus: null argument");
        this.transitions = transitions;
        this.cfg = cfg;
        this.cells = transitions.cells();
        if ((long) cells * cfg.walksPerNode() > Integer.MAX_VALUE)
            throw new IllegalArgumentException("WalkCorpus: " + cells + " cells x " + cfg.walksPerNode()
                    + " walks per cell is more than 2^31 - 1 walks");
        Rng root = Rng.seeded(cfg.seed());
        this.base = root.fork("walks");
        this.starts = new int[cells * cfg.walksPerNode()];
        Rng order = root.fork("order");
        for (int r = 0; r < cfg.walksPerNode(); r++) {
            int[] perm = cfg.shuffle() ? order.fork(r).permutation(cells) : null;
            for (int j = 0; j < cells; j++) starts[r * cells + j] = perm == null ? j : perm[j];
        }
        this.steppers = ThreadLocal.withInitial(transitions::stepper);
    }

    @Override public int size() { return starts.length; }
    @Override public int vocabularySize() { return cells; }
    @Override public int maxLength() { return cfg.walkLength(); }
    @Override public long tokensBefore(int s) { return (long) s * cfg.walkLength(); }

    @Override
    public int sentence(int s, int[] out) {
        walk(s, out, 0, steppers.get());
        return cfg.walkLength();
    }

    @Override
    public void sentences(int from, int to, int[] out, int[] lengths) {
        Transitions.Stepper stepper = steppers.get();
        for (int s = from; s < to; s += LANES) walks(s, Math.min(to, s + LANES), out, (s - from) * cfg.walkLength(),
                stepper);
        Arrays.fill(lengths, 0, to - from, cfg.walkLength());
    }

    /**
     * Walks generated together, step by step ({@link Transitions.Stepper#next(int[], Rng[], int)}), so that the
     * memory latency of their table lookups overlaps. DIPHW at 100,000 cells: 8 walks advanced one after the other
     * in a loop, 210,000-330,000 walks/s on 2 threads; the lookups of 8 walks phase by phase (every walk's row
     * bounds, then every walk's table entry), 500,000-540,000; of 32, 520,000-730,000.
     */
    static final int LANES = 32;

    /** Writes walk {@code s} at {@code out[at .. at + walkLength)} with the given stepper. */
    void walk(int s, int[] out, int at, Transitions.Stepper stepper) { walks(s, s + 1, out, at, stepper); }

    /**
     * Writes walks {@code from .. to-1} ({@code to - from <= LANES}) one after the other from {@code out[at]},
     * advancing them together: step i of every walk, then step i + 1. Each walk has its own stream, so the result
     * is the same as one walk at a time.
     */
    void walks(int from, int to, int[] out, int at, Transitions.Stepper stepper) {
        int n = to - from, len = cfg.walkLength();
        Rng[] rng = new Rng[n];
        int[] v = new int[n];
        for (int j = 0; j < n; j++) {
            int s = from + j;
            rng[j] = base.fork((long) (s / cells) * cells + starts[s]);
            v[j] = starts[s];
            out[at + j * len] = v[j];
        }
        for (int i = 1; i < len; i++) {
            stepper.next(v, rng, n);
            for (int j = 0; j < n; j++) out[at + j * len + i] = v[j];
        }
    }

    /** The start cell of sentence {@code s}. */
    public int start(int s) { return starts[s]; }

    /** The transitions the walks follow. */
    public Transitions transitions() { return transitions; }

    /** The walk settings. */
    public WalkConfig config() { return cfg; }

    @Override
    public String toString() {
        return "WalkCorpus[" + size() + " walks of " + cfg.walkLength() + " cells, " + transitions + "]";
    }
}
