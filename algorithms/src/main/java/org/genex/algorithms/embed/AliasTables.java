package org.genex.algorithms.embed;

import java.util.Arrays;
import org.genex.tensor.Parallel;

/**
 * Many discrete distributions in one flat array, one per segment of a CSR-like layout, each sampled in O(1) by
 * Walker's alias method (Vose's construction). Segment {@code s} owns the positions
 * {@code ptr[s] .. ptr[s+1]-1}; a draw from it returns the <em>label</em> of a position in that range (by default
 * the position itself; the walks label each position with its column, a gene or a cell) with probability
 * proportional to the weight given for that position. The walks use one table per cell (over the cell's genes, the
 * positions of a cells x genes CSR matrix) and one per gene (over the gene's cells); the skip-gram trainer uses a
 * single segment for its noise distribution.
 *
 * <p>Why not {@link org.genex.tensor.AliasTable}: that class wraps one commons-rng sampler object per
 * distribution (two arrays, padded to a power of two, plus object headers) and draws from a bound generator. Here a
 * table costs 12 bytes per position in total, which keeps the tables of a 20-million-entry hypergraph at O(nnz),
 * and the caller passes the random bits, so a hot loop can use any generator. The three ints of a position (its
 * threshold, its label and its alias's label) sit side by side, so a draw from a table much larger than the caches
 * touches one cache line: a walk step is bound by memory latency, and this layout was about 2.5 times faster than
 * separate threshold, alias and column arrays.
 *
 * <p>Sampling with one 64-bit random value {@code u}: the high 32 bits pick a column {@code c} of the segment's
 * {@code k} columns by a multiply-shift ({@code (u >>> 32) * k >>> 32}, which favours some columns by at most
 * {@code k / 2^32} relative to others), the low 30 bits a fraction compared with the column's threshold (a
 * probability in units of {@code 2^-30}); below the threshold the column's label is returned, otherwise its
 * alias's.
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
    /** Per position p: [3p] threshold, [3p+1] label of p, [3p+2] label of p's alias. */
    private final int[] table;

    private AliasTables(int[] ptr, int[] table) {
        this.ptr = ptr;
        this.table = table;
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
    public static AliasTables build(int[] ptr, double[] weights) { return build(ptr, weights, null); }

    /**
     * Builds one table per segment whose draws return {@code labels[p]} for position {@code p} (null: p itself).
     *
     * @throws IllegalArgumentException as {@link #build(int[], double[])}, or if labels has the wrong length
     */
    public static AliasTables build(int[] ptr, double[] weights, int[] labels) {
        checkLayout(ptr, weights);
        int n = weights.length;
        if (labels != null && labels.length != n)
            throw new IllegalArgumentException("AliasTables.build: " + labels.length + " labels for " + n
                    + " positions");
        if (3L * n > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException("AliasTables.build: " + n + " positions are too many for one table");
        int[] table = new int[3 * n]; // Vose writes [3p] threshold and [3p+2] alias position; labels come after
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
                vose(weights, start, k, scaled, work, table, s);
            }
        });
        if (labels != null)
            Parallel.forRange(n, GRAIN, (a, b) -> {
                for (int p = a; p < b; p++) {
                    table[3 * p + 1] = labels[p];
                    table[3 * p + 2] = labels[table[3 * p + 2]];
                }
            });
        else for (int p = 0; p < n; p++) table[3 * p + 1] = p;
        return new AliasTables(ptr, table);
    }

    /** One table over all of {@code weights} (a single segment); draws return indices into weights. */
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
     * Draws from segment {@code s} with the 64 random bits {@code u}: the label of the chosen position (the position
     * itself, an index into the weights array, when built without labels), or -1 if the segment is empty. No range
     * check on {@code s}: this is the hot path.
     */
    public int sample(int s, long u) { return label(entry(s, u), u); }

    /**
     * {@link #sample(int, long)} for {@code n} draws at once: {@code out[j] = sample(s[j], u[j])} ({@code out} may
     * be {@code s}). The segments' bounds of every draw are read first, then their table entries, so that the cache
     * misses of different draws overlap instead of following one another.
     */
    public void sample(int[] s, long[] u, int[] out, int n, int[] scratch) {
        for (int j = 0; j < n; j++) scratch[j] = entry(s[j], u[j]);
        for (int j = 0; j < n; j++) out[j] = label(scratch[j], u[j]);
    }

    /** The table entry a draw with bits {@code u} picks in segment {@code s} (its column), or -1 if it is empty. */
    private int entry(int s, long u) {
        int start = ptr[s], k = ptr[s + 1] - start;
        return k == 0 ? -1 : 3 * (start + (int) (((u >>> 32) * k) >>> 32));
    }

    /** The label of table entry {@code i} for the bits {@code u} (the column's or its alias), -1 for no entry. */
    private int label(int i, long u) {
        return i < 0 ? -1 : ((int) u & FRACTION_MASK) < table[i] ? table[i + 1] : table[i + 2];
    }

    /**
     * The probability with which {@link #sample} returns {@code label} from segment {@code s} (ignoring the
     * column-choice bias), recomputed from the table: for tests and diagnostics.
     */
    public double probability(int s, int label) {
        if (s < 0 || s >= segments())
            throw new IndexOutOfBoundsException("AliasTables.probability: segment " + s + " of " + segments());
        int start = ptr[s], k = ptr[s + 1] - start;
        double mass = 0;
        for (int q = start; q < start + k; q++) {
            double keep = (double) table[3 * q] / ONE;
            if (table[3 * q + 1] == label) mass += keep;
            if (table[3 * q + 2] == label) mass += 1 - keep;
        }
        return k == 0 ? 0 : mass / k;
    }

    /** Memory held by the tables, in bytes (the shared {@code ptr} not counted). */
    public long bytes() { return 4L * table.length; }

    /**
     * Vose's alias construction for one segment, in double precision: columns whose scaled weight
     * {@code w * k / total} is below 1 are topped up from columns above 1. Leftovers of rounding get threshold 1.
     */
    private static void vose(double[] weights, int start, int k, double[] scaled, int[] work, int[] table,
                             int segment) {
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
            table[3 * (start + lo)] = toFraction(scaled[lo]);
            table[3 * (start + lo) + 2] = start + hi;
            scaled[hi] = (scaled[hi] + scaled[lo]) - 1;
            if (scaled[hi] < 1) work[ns++] = hi;
            else work[--nl] = hi;
        }
        // only rounding leftovers remain: they keep their column with certainty
        while (ns > 0) setFull(table, start + work[--ns]);
        while (nl < k) setFull(table, start + work[nl++]);
    }

    private static void setFull(int[] table, int p) {
        table[3 * p] = ONE;
        table[3 * p + 2] = p;
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
