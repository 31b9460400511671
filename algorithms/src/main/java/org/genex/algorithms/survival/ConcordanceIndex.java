package org.genex.algorithms.survival;

import java.util.Arrays;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;

/**
 * Harrell's concordance index of risk scores against right-censored survival, with lifelines' conventions
 * ({@code lifelines.utils.concordance_index(time, -risk, event)}):
 * <ul>
 *   <li>a pair (i, j) is comparable when t_i < t_j and i is an event, or t_i = t_j, i is an event and j is
 *       censored (the censored one is taken to live longer); two events at the same time are not comparable;</li>
 *   <li>a comparable pair is concordant when the earlier failure has the higher risk (higher risk = shorter
 *       survival), and counts 0.5 when the risks are equal;</li>
 *   <li>C = (concordant + 0.5 tied) / comparable; NaN when no pair is comparable.</li>
 * </ul>
 * Computed in O(n log n): rows are taken in decreasing time and the risks of the rows with a later time (or
 * censored at the same time) are kept in a Fenwick tree over risk ranks.
 *
 * <p>{@link #bootstrap} gives a percentile interval over resamples of the rows (with replacement); replicate b
 * draws from {@code Rng.seeded(seed).fork(b)}, so the interval does not depend on the thread count.
 */
public final class ConcordanceIndex {
    private ConcordanceIndex() {}

    /**
     * Pair counts behind the index.
     *
     * @param concordant comparable pairs whose earlier failure has the higher risk
     * @param tied       comparable pairs with equal risks
     * @param comparable all comparable pairs (concordant + tied + discordant)
     */
    public record Counts(long concordant, long tied, long comparable) {
        /** (concordant + 0.5 tied) / comparable, NaN for no comparable pair. */
        public double cIndex() { return comparable == 0 ? Double.NaN : (concordant + 0.5 * tied) / comparable; }
    }

    /**
     * A point estimate and a percentile bootstrap interval.
     *
     * @param estimate  C on the full data
     * @param lower     the (1 - level) / 2 quantile of the bootstrap replicates (linear interpolation, as numpy)
     * @param upper     the (1 + level) / 2 quantile
     * @param replicates bootstrap replicates with at least one comparable pair (the others are left out)
     */
    public record Interval(double estimate, double lower, double upper, int replicates) {}

    /** Harrell's C of {@code risk} (higher = shorter survival) against (time, event). */
    public static double harrell(double[] time, boolean[] event, double[] risk) {
        return counts(time, event, risk).cIndex();
    }

    /** The pair counts of {@link #harrell}. */
    public static Counts counts(double[] time, boolean[] event, double[] risk) {
        check(time, event, risk);
        long[] ones = new long[time.length];
        Arrays.fill(ones, 1);
        int[] ranks = riskRanks(risk);
        return counts(time, event, order(time, event), ranks, maxRank(ranks), ones);
    }

    /** {@link #bootstrap(double[], boolean[], double[], int, double, long)} at the 95% level. */
    public static Interval bootstrap(double[] time, boolean[] event, double[] risk, int nBoot, long seed) {
        return bootstrap(time, event, risk, nBoot, 0.95, seed);
    }

    /**
     * The estimate with a percentile bootstrap interval at {@code level} (e.g. 0.95) from {@code nBoot} resamples.
     * The bounds are NaN when no replicate has a comparable pair.
     */
    public static Interval bootstrap(double[] time, boolean[] event, double[] risk, int nBoot, double level, long seed) {
        check(time, event, risk);
        if (nBoot < 1) throw new IllegalArgumentException("ConcordanceIndex.bootstrap: nBoot must be >= 1, got " + nBoot);
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("ConcordanceIndex.bootstrap: level must be in (0, 1), got " + level);
        int n = time.length;
        int[] ranks = riskRanks(risk);
        int maxRank = maxRank(ranks);
        int[] order = order(time, event);
        double estimate = harrell(time, event, risk);
        double[] reps = new double[nBoot];
        Rng root = Rng.seeded(seed);
        Parallel.forRange(nBoot, 4, (start, end) -> {
            long[] weight = new long[n];
            for (int b = start; b < end; b++) {
                Rng rng = root.fork(b);
                Arrays.fill(weight, 0);
                for (int i = 0; i < n; i++) weight[rng.nextInt(n)]++;
                reps[b] = counts(time, event, order, ranks, maxRank, weight).cIndex();
            }
        });
        double[] ok = Arrays.stream(reps).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (ok.length == 0) return new Interval(estimate, Double.NaN, Double.NaN, 0);
        return new Interval(estimate, quantile(ok, (1 - level) / 2), quantile(ok, (1 + level) / 2), ok.length);
    }

    /** numpy's default (linear) quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static int maxRank(int[] ranks) {
        int m = 0;
        for (int r : ranks) m = Math.max(m, r);
        return m;
    }

    /** Dense ranks 1..r of the risks (equal risks share a rank). */
    private static int[] riskRanks(double[] risk) {
        double[] sorted = risk.clone();
        Arrays.sort(sorted);
        int[] ranks = new int[risk.length];
        double[] distinct = new double[sorted.length];
        int m = 0;
        for (int i = 0; i < sorted.length; i++) if (m == 0 || sorted[i] != distinct[m - 1]) distinct[m++] = sorted[i];
        for (int i = 0; i < risk.length; i++) ranks[i] = Arrays.binarySearch(distinct, 0, m, risk[i]) + 1;
        return ranks;
    }

    /**
     * Rows by decreasing time, censored before events within a time (the order every count walks).
     */
    private static int[] order(double[] time, boolean[] event) {
        Integer[] idx = new Integer[time.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> {
            int c = Double.compare(time[b], time[a]);
            return c != 0 ? c : Boolean.compare(event[a], event[b]);
        });
        int[] order = new int[idx.length];
        for (int i = 0; i < order.length; i++) order[i] = idx[i];
        return order;
    }

    /**
     * Counts with each row i taken weight[i] times (1 for the data, its multiplicity for a bootstrap resample;
     * copies of one row are never comparable with each other, as two rows with equal time and event status).
     */
    private static Counts counts(double[] time, boolean[] event, int[] order, int[] ranks, int maxRank, long[] weight) {
        int n = order.length;
        long[] tree = new long[maxRank + 1];
        long concordant = 0, tied = 0, comparable = 0, inTree = 0;
        int pos = 0;
        while (pos < n) {
            double t = time[order[pos]];
            int end = pos;
            while (end < n && time[order[end]] == t) end++;
            // Censored rows at this time join first: they are comparable with the events at this time.
            int firstEvent = pos;
            while (firstEvent < end && !event[order[firstEvent]]) {
                int i = order[firstEvent++];
                if (weight[i] == 0) continue;
                add(tree, ranks[i], weight[i]);
                inTree += weight[i];
            }
            for (int q = firstEvent; q < end; q++) {
                int i = order[q];
                long w = weight[i];
                if (w == 0) continue;
                long below = prefix(tree, ranks[i] - 1);
                long equal = prefix(tree, ranks[i]) - below;
                concordant += w * below;
                tied += w * equal;
                comparable += w * inTree;
            }
            for (int q = firstEvent; q < end; q++) {
                int i = order[q];
                if (weight[i] == 0) continue;
                add(tree, ranks[i], weight[i]);
                inTree += weight[i];
            }
            pos = end;
        }
        return new Counts(concordant, tied, comparable);
    }

    private static void add(long[] tree, int r, long w) {
        for (int i = r; i < tree.length; i += i & -i) tree[i] += w;
    }

    private static long prefix(long[] tree, int r) {
        long s = 0;
        for (int i = r; i > 0; i -= i & -i) s += tree[i];
        return s;
    }

    private static void check(double[] time, boolean[] event, double[] risk) {
        if (time.length != event.length || time.length != risk.length) {
            throw new IllegalArgumentException("ConcordanceIndex: time has " + time.length + " entries, event "
                    + event.length + ", risk " + risk.length);
        }
        for (int i = 0; i < time.length; i++) {
            if (Double.isNaN(time[i]) || Double.isNaN(risk[i])) {
                throw new IllegalArgumentException("ConcordanceIndex: NaN at row " + i + " (time " + time[i]
                        + ", risk " + risk[i] + ")");
            }
        }
    }
}
