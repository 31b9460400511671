package org.genex.tensor;

import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;

/**
 * A reusable sampler of indices {@code 0 .. k-1} with fixed probabilities, in O(1) per draw: Vose's alias method
 * as implemented by commons-rng's {@code AliasMethodDiscreteSampler}. Made by {@link Rng#alias(double[])}; draws
 * come from the stream that made it, or from another stream through {@link #withRng(Rng)}, which shares the table.
 *
 * <p>Like {@link Rng}, not thread-safe: give each thread its own {@link #withRng(Rng)} copy.
 */
public final class AliasTable {
    private final SharedStateDiscreteSampler sampler;
    private final int size;

    AliasTable(SharedStateDiscreteSampler sampler, int size) {
        this.sampler = sampler;
        this.size = size;
    }

    /** The number of categories k. */
    public int size() { return size; }

    /** One index, drawn with probability proportional to its weight. */
    public int sample() { return sampler.sample(); }

    /** {@code n >= 0} independent draws. */
    public int[] sample(int n) {
        if (n < 0) throw new IllegalArgumentException("AliasTable.sample: n must be >= 0, got " + n);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = sampler.sample();
        return out;
    }

    /** The same table drawing from {@code rng} (the table is shared, not copied). */
    public AliasTable withRng(Rng rng) {
        if (rng == null) throw new IllegalArgumentException("AliasTable.withRng: rng is null");
        return new AliasTable(sampler.withUniformRandomProvider(rng.provider()), size);
    }

    @Override
    public String toString() { return "AliasTable[" + size + " categories]"; }
}
