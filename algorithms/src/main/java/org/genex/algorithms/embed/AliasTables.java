package org.genex.algorithms.embed;

import java.util.Arrays;
import org.genex.tensor.Parallel;

/**
 * Many discrete distributions in flat arrays, one per segment of a CSR-like layout, each sampled in O(1) by
 * Walker's alias method (Vose's construction). Segment {@code s} owns the positions
 * {@code ptr[s] .. ptr[s+1]-1}; a draw from it returns a position in that range with probability proportional to
 * the weight given for that position. The walks use one table per cell (over the cell's genes, the positions of a
 * cells x genes CSR matrix) and one per gene (over the gene's cells); the skip-gram trainer uses a single segment
 * for its noise distribution.
 *
 * <p>Why not {@link org.genex.tensor.AliasTable}: that class wraps one commons-rng sampler object per
 * distribution (two arrays, padded to a power of two, plus object headers) and draws from a bound generator. Here a
 * table costs 8 bytes per position in total (an int threshold and an int alias), which keeps the tables of a
 * 20-million-entry hypergraph at O(nnz), and the caller passes the random bits, so a hot loop can use any generator.
 *
 * <p>Sampling with one 64-bit random value {@code u}: the high 32 bits pick a column {@code c} of the segment's
 * {@code k} columns by a multiply-shift ({@code (u >>> 32) * k >>> 32}, which favours some columns by at most
 * {@code k / 2^32} relative to others), the low 30 bits a fraction compared with the column's threshold (a
 * probability in units of {@code 2^-30}); below the threshold the column itself is returned, otherwise its alias.
 * So probabilities are represented to about {@code 1e-9} and sampled with the bias above; the tests check
 * empirical frequencies against the weights.
 *
 * <p>Immutable after construction and safe to share between threads.
 */
public final class AliasTables {
    /** Fractions are compared in units of 2^-30. */
    static final int FRACTION_BITS = 30;
    private static final int ONE = 1 << FRACTION_BITS;
    private static final int FRACTION_MASK = ONE - 1;
    /** Segments are built in parallel in groups of about this many positions. */
    private static final int GRAIN = 1 << 16;

    private final int[] ptr;
    private final int[] threshold;
    private final int[] alias;

    private AliasTables(int[] ptr, int[] threshold, int[] alias) {
        this.ptr = ptr;
        this.threshold = threshold;
        this.alias = alias;
    }

    /**
     * Builds one table per segment. {@code weights[p]} is the weight of position {@code p} (finite, {@code >= 0});
     * every non-empty segment needs a positive total. The arrays are not modified; {@code ptr} is kept (not copied).
     *
     * @param ptr     segment bounds: {@code segments + 1} non-decreasing entries from 0 to {@code weights.length}
     * @param weights one weight per position
     * @throws IllegalArgumentException for bad bounds, a negative or non-finite weight, or a non-empty segment whose
     *                                  weights sum to 0
     */
    public static AliasTables build(int[] ptr, double[] weights) {
        checkLayout(ptr, weights);
        int n = weights.length;
        int[] threshold = new int[n], alias = new int[n];
        int segments = ptr.length - 1;
        int[] groups = groupSegments(ptr, segments);
        Parallel.forEach(groups.length - 1, g -> {
            double[] scaled = new double[0];
            int[] work = new int[0];
            for (int s = groups[g]; s < groups[g + 1]; s++) {
                int start = ptr[s], k = ptr[s + 1] - start;
                if (k == 0) continue;
                if (scaled.length < k) {
                    scaled = new double[Math.max(k, 2 * scaled.length)];
                    work = new int[scaled.length];
                }
                vose(weights, start, k, scaled, work, threshold, alias, s);
            }
        });
        return new AliasTables(ptr, threshold, alias);
    }

    /** One table over all of {@code weights} (a single segment). */
    public static AliasTables single(double[] weights) {
        return build(new int[] {0, weights.length}, weights);
    }

    /** The number of segments. */
    public int segments() { return ptr.length - 1; }

    /** The number of positions of segment {@code s}. */
    public int size(int s) { return ptr[s + 1] - ptr[s]; }

    /** The segment bounds this table was built over (the caller's array). */
    public int[] ptr() { return ptr; }

    /**
     * Draws a position of segment {@code s} (an index into the weights array it was built from) with the 64 random
     * bits {@code u}, or returns -1 if the segment is empty. No range check on {@code s}: this is the hot path.
     */
    public int sample(int s, long u) {
        int start = ptr[s], k = ptr[s + 1] - start;
        if (k == 0) return -1;
        int p = start + (int) (((u >>> 32) * k) >>> 32);
        return ((int) u & FRACTION_MASK) < threshold[p] ? p : alias[p];
    }

    /**
     * The probability with which {@link #sample} returns position {@code p} of segment {@code s} (ignoring the
     * column-choice bias), recomputed from the table: for tests and diagnostics.
     */
    public double probability(int s, int p) {
        int start = ptr[s], k = ptr[s + 1] - start;
        if (p < start || p >= start + k)
            throw new IndexOutOfBoundsException("AliasTables.probability: position " + p + " is not in segment " + s
                    + " [" + start + ", " + (start + k) + ")");
        double mass = (double) threshold[p] / ONE;
        for (int q = start; q < start + k; q++)
            if (alias[q] == p && threshold[q] < ONE) mass += 1 - (double) threshold[q] / ONE;
        return mass / k;
    }

    /** Memory held by the thresholds and aliases, in bytes (the shared {@code ptr} not counted). */
    public long bytes() { return 8L * threshold.length; }

    /**
     * Vose's alias construction for one segment, in double precision: columns whose scaled weight
     * {@code w * k / total} is below 1 are topped up from columns above 1. Leftovers of rounding get threshold 1.
     */
    private static void vose(double[] weights, int start, int k, double[] scaled, int[] work, int[] threshold,
                             int[] alias, int segment) {
        double total = 0;
        for (int i = 0; i < k; i++) total += weights[start + i];
        if (!(total > 0 && total < Double.POSITIVE_INFINITY))
            throw new IllegalArgumentException("AliasTables.build: segment " + segment + " (positions " + start
                    + ".." + (start + k - 1) + ") has total weight " + total + "; expected a positive finite total");
        // two stacks in work: the small columns (scaled weight < 1) in work[0 .. ns), the large in work[nl .. k)
        int ns = 0, nl = k;
        for (int i = 0; i < k; i++) {
            scaled[i] = weights[start + i] * k / total;
            if (scaled[i] < 1) work[ns++] = i;
            else work[--nl] = i;
        }
        while (ns > 0 && nl < k) {
            int lo = work[--ns], hi = work[nl++];
            threshold[start + lo] = toFraction(scaled[lo]);
            alias[start + lo] = start + hi;
            scaled[hi] = (scaled[hi] + scaled[lo]) - 1;
            if (scaled[hi] < 1) work[ns++] = hi;
            else work[--nl] = hi;
        }
        // only rounding leftovers remain: they keep their column with certainty
        while (ns > 0) setFull(threshold, alias, start, work[--ns]);
        while (nl < k) setFull(threshold, alias, start, work[nl++]);
    }

    private static void setFull(int[] threshold, int[] alias, int start, int i) {
        threshold[start + i] = ONE;
        alias[start + i] = start + i;
    }

    private static int toFraction(double p) {
        long f = Math.round(p * ONE);
        return (int) Math.max(0, Math.min(ONE, f));
    }

    /** Cuts segments into groups of about {@link #GRAIN} positions: a function of the layout only. */
    private static int[] groupSegments(int[] ptr, int segments) {
        int[] bounds = new int[segments + 1];
        int count = 0;
        bounds[count++] = 0;
        int groupStart = 0;
        for (int s = 0; s < segments; s++)
            if (ptr[s + 1] - ptr[groupStart] >= GRAIN) {
                bounds[count++] = s + 1;
                groupStart = s + 1;
            }
        if (bounds[count - 1] != segments) bounds[count++] = segments;
        return Arrays.copyOf(bounds, count);
    }

    private static void checkLayout(int[] ptr, double[] weights) {
        if (ptr == null || weights == null)
            throw new IllegalArgumentException("AliasTables.build: ptr and weights must not be null");
        if (ptr.length < 1 || ptr[0] != 0 || ptr[ptr.length - 1] != weights.length)
            throw new IllegalArgumentException("AliasTables.build: ptr must run from 0 to weights.length = "
                    + weights.length + ", got " + (ptr.length == 0 ? "an empty array"
                    : "[" + ptr[0] + " .. " + ptr[ptr.length - 1] + "]"));
        for (int s = 0; s + 1 < ptr.length; s++)
            if (ptr[s + 1] < ptr[s])
                throw new IllegalArgumentException("AliasTables.build: ptr decreases at segment " + s + " ("
                        + ptr[s] + " > " + ptr[s + 1] + ")");
        for (int p = 0; p < weights.length; p++)
            if (!(weights[p] >= 0 && weights[p] < Double.POSITIVE_INFINITY))
                throw new IllegalArgumentException("AliasTables.build: weights[" + p + "] = " + weights[p]
                        + "; expected finite values >= 0");
    }
}
