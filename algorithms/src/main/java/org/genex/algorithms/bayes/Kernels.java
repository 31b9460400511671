package org.genex.algorithms.bayes;

/**
 * Shared pieces of the kernel divergences: pairwise squared distances and the median-heuristic bandwidth exactly as
 * the authors compute it (npp.md &sect;2.1): the quantile of the full N&times;N distance matrix, diagonal zeros
 * included, at level min(0.5 + 1/N, 1) with numpy's linear interpolation, plus 1e-6.
 */
public final class Kernels {
    private Kernels() {}

    /** The offset the authors add to the median-heuristic bandwidth. */
    public static final double BANDWIDTH_OFFSET = 1e-6;

    /** Squared Euclidean distance between point i of a and point j of b (both of dimension d). */
    static double dist2(double[] a, int i, double[] b, int j, int d) {
        int oi = i * d, oj = j * d;
        double s = 0;
        for (int k = 0; k < d; k++) {
            double t = a[oi + k] - b[oj + k];
            s += t * t;
        }
        return s;
    }

    /**
     * The median-heuristic bandwidth of the N points {@code z} (row-major, dimension d), given a scratch array of at
     * least N(N&minus;1)/2 doubles. The sorted full matrix is N zeros followed by each off-diagonal distance twice,
     * so only the distinct pairs are selected from (O(N<sup>2</sup>) expected).
     */
    public static double medianBandwidth(double[] z, int n, int d, double[] scratch) {
        if (n < 2) throw new IllegalArgumentException("Kernels.medianBandwidth: needs at least 2 points, got " + n);
        int pairs = n * (n - 1) / 2;
        if (scratch.length < pairs)
            throw new IllegalArgumentException("Kernels.medianBandwidth: scratch of " + scratch.length + " < " + pairs + " pairs");
        int p = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) scratch[p++] = dist2(z, i, z, j, d);
        long total = (long) n * n;
        double q = Math.min(0.5 + 1.0 / n, 1.0);
        double pos = q * (total - 1);
        long lo = (long) Math.floor(pos);
        double frac = pos - lo;
        long hi = Math.min(lo + 1, total - 1);
        double vlo = fullMatrixOrderStat(scratch, pairs, n, lo, -1);
        double vhi = hi == lo ? vlo : fullMatrixOrderStat(scratch, pairs, n, hi, lo);
        return vlo + frac * (vhi - vlo) + BANDWIDTH_OFFSET;
    }

    /**
     * The k-th smallest distance (not squared) of the full matrix; {@code prevK} is the previous index selected on the
     * same scratch (or &minus;1), whose selection left a[0..idx] &lt;= a[idx] &lt;= a[idx+1..].
     */
    private static double fullMatrixOrderStat(double[] scratch, int pairs, int n, long k, long prevK) {
        if (k < n) return 0;
        int idx = (int) ((k - n) / 2);
        if (prevK >= n) {
            int prevIdx = (int) ((prevK - n) / 2);
            if (prevIdx == idx) return Math.sqrt(scratch[idx]);
            if (idx == prevIdx + 1) { // the smallest of the right part
                double m = Double.POSITIVE_INFINITY;
                for (int i = idx; i < pairs; i++) m = Math.min(m, scratch[i]);
                return Math.sqrt(m);
            }
        }
        return Math.sqrt(Quantiles.select(scratch, 0, pairs, idx));
    }

    /**
     * {@link #medianBandwidth} for N points stored column-major ({@code zc[k * n + j]}). In 1-D the order statistics
     * of the pairwise distances are found without listing the pairs: sort the points, then bisect on the bits of the
     * candidate distance t with an O(N) two-pointer count of the pairs within t (at most 64 rounds): exact, and
     * O(N log N) instead of O(N<sup>2</sup>) memory and time. The distance used is &radic;((z<sub>i</sub> &minus;
     * z<sub>j</sub>)&sup2;), as numpy computes it.
     */
    public static double medianBandwidthColumns(double[] zc, int n, int d) {
        if (n < 2) throw new IllegalArgumentException("Kernels.medianBandwidth: needs at least 2 points, got " + n);
        if (d > 1) throw new IllegalArgumentException("Kernels.medianBandwidthColumns: 1-D only; use medianOfPairs");
        double[] s = java.util.Arrays.copyOf(zc, n);
        java.util.Arrays.sort(s);
        long total = (long) n * n;
        double q = Math.min(0.5 + 1.0 / n, 1.0);
        double pos = q * (total - 1);
        long lo = (long) Math.floor(pos);
        double frac = pos - lo;
        long hi = Math.min(lo + 1, total - 1);
        double vlo = sortedOrderStat(s, lo), vhi = hi == lo ? vlo : sortedOrderStat(s, hi);
        return vlo + frac * (vhi - vlo) + BANDWIDTH_OFFSET;
    }

    /** The k-th smallest entry of the full distance matrix of the sorted 1-D points s. */
    private static double sortedOrderStat(double[] s, long k) {
        int n = s.length;
        if (k < n) return 0;
        long idx = (k - n) / 2; // among the distinct pairs
        // the smallest t >= 0 with count(pairs with s_j - s_i <= t) > idx, bisecting on the bits of t
        long loBits = 0, hiBits = Double.doubleToRawLongBits(s[n - 1] - s[0]);
        while (loBits < hiBits) {
            long mid = (loBits + hiBits) >>> 1;
            if (countWithin(s, Double.longBitsToDouble(mid)) > idx) hiBits = mid;
            else loBits = mid + 1;
        }
        double t = Double.longBitsToDouble(loBits);
        return Math.sqrt(t * t);
    }

    /** The number of pairs i &lt; j with s[j] &minus; s[i] &lt;= t (s sorted). */
    private static long countWithin(double[] s, double t) {
        long count = 0;
        int i = 0;
        for (int j = 1; j < s.length; j++) {
            while (s[j] - s[i] > t) i++;
            count += j - i;
        }
        return count;
    }

    /**
     * The median-heuristic bandwidth from the N(N&minus;1)/2 squared pair distances (any order; not modified):
     * the order statistics of the full matrix (N zeros, then each pair twice) via {@link Quantiles#selectPair}.
     */
    public static double medianOfPairs(double[] pairDist2, int n) {
        int pairs = n * (n - 1) / 2;
        long total = (long) n * n;
        double q = Math.min(0.5 + 1.0 / n, 1.0);
        double pos = q * (total - 1);
        long lo = (long) Math.floor(pos);
        double frac = pos - lo;
        long hi = Math.min(lo + 1, total - 1);
        double vlo, vhi;
        if (hi < n) {
            vlo = vhi = 0;
        } else {
            int ilo = (int) Math.max(0, (lo - n) / 2), ihi = (int) ((hi - n) / 2);
            double[] two = Quantiles.selectPair(pairDist2, pairs, ilo);
            vlo = lo < n ? 0 : Math.sqrt(two[0]);
            vhi = Math.sqrt(ihi == ilo ? two[0] : two[1]);
        }
        return vlo + frac * (vhi - vlo) + BANDWIDTH_OFFSET;
    }
}
