package org.genex.algorithms.bayes;

import java.util.Arrays;

/**
 * Quantiles of samples: numpy's default rule ({@code np.quantile}, "linear", Hyndman&ndash;Fan type 7) for unweighted
 * draws, the weighted rule of npp.md &sect;2 step 6 for weighted ones, and order-statistic selection.
 */
public final class Quantiles {
    private Quantiles() {}

    /** The q-quantile of {@code values} by numpy's linear rule: position q(n&minus;1) in the sorted values, interpolated. */
    public static double linear(double[] values, double q) {
        checkLevel("Quantiles.linear", q);
        if (values.length == 0) throw new IllegalArgumentException("Quantiles.linear: no values");
        double[] s = values.clone();
        Arrays.sort(s);
        return linearSorted(s, q);
    }

    /** {@link #linear} on values already sorted ascending. */
    public static double linearSorted(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }

    /**
     * The weighted q-quantile of npp.md &sect;2 step 6 (the authors' {@code weighted_quantile}): sort the values
     * with their weights, place value i at the knot (cumulative weight up to i) &minus; w<sub>i</sub>/2, and
     * interpolate q linearly on (knots, values), clamping to the first and last value outside the knots (as
     * {@code np.interp} does). Weights need not sum to 1 but must be non-negative with a positive sum.
     */
    public static double weighted(double[] values, double[] weights, double q) {
        checkLevel("Quantiles.weighted", q);
        int n = values.length;
        if (n == 0 || weights.length != n)
            throw new IllegalArgumentException("Quantiles.weighted: " + n + " values and " + weights.length + " weights");
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (!(weights[i] >= 0) || !Double.isFinite(weights[i]))
                throw new IllegalArgumentException("Quantiles.weighted: weight " + i + " is " + weights[i]);
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] v = new double[n], knots = new double[n];
        double cum = 0;
        for (int r = 0; r < n; r++) {
            int i = order[r];
            v[r] = values[i];
            cum += weights[i];
            knots[r] = cum - 0.5 * weights[i];
        }
        if (!(cum > 0)) throw new IllegalArgumentException("Quantiles.weighted: the weights sum to " + cum);
        return interp(q, knots, v);
    }

    /** np.interp: piecewise-linear through (xs, ys) with xs non-decreasing, clamped at both ends. */
    static double interp(double x, double[] xs, double[] ys) {
        int n = xs.length;
        if (x <= xs[0]) return ys[0];
        if (x >= xs[n - 1]) return ys[n - 1];
        int lo = 0, hi = n - 1; // xs[lo] < x < xs[hi]... find the last lo with xs[lo] <= x
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (xs[mid] <= x) lo = mid;
            else hi = mid;
        }
        double dx = xs[hi] - xs[lo];
        if (dx == 0) return ys[hi];
        return ys[lo] + (x - xs[lo]) * (ys[hi] - ys[lo]) / dx;
    }

    /**
     * The k-th smallest (0-based) of {@code a[from, to)}, by quickselect (median-of-three pivots, Hoare partition, so
     * many ties stay balanced); rearranges that part of the array.
     */
    public static double select(double[] a, int from, int to, int k) {
        if (k < 0 || k >= to - from) throw new IndexOutOfBoundsException("Quantiles.select: k=" + k + " of " + (to - from));
        int lo = from, hi = to - 1, target = from + k;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            // median of three into a[mid]
            if (a[mid] < a[lo]) swap(a, mid, lo);
            if (a[hi] < a[lo]) swap(a, hi, lo);
            if (a[hi] < a[mid]) swap(a, hi, mid);
            double pivot = a[mid];
            int i = lo - 1, j = hi + 1;
            while (true) {
                do i++; while (a[i] < pivot);
                do j--; while (a[j] > pivot);
                if (i >= j) break;
                swap(a, i, j);
            }
            // a[lo..j] <= pivot <= a[j+1..hi]
            if (target <= j) hi = j;
            else lo = j + 1;
        }
        return a[target];
    }

    /**
     * The k-th and (k+1)-th smallest of {@code a[0, n)} (the latter only if k + 1 &lt; n, else equal to the former),
     * without changing {@code a}: a deterministic sample of 1024 values brackets the rank, one pass keeps the values
     * inside the bracket, and {@link #select} finishes on them (the whole array is copied and selected only when the
     * bracket misses, which a sample of this size makes rare). O(n).
     */
    public static double[] selectPair(double[] a, int n, int k) {
        if (k < 0 || k >= n) throw new IndexOutOfBoundsException("Quantiles.selectPair: k=" + k + " of " + n);
        int k2 = Math.min(k + 1, n - 1);
        if (n > 8192) {
            int m = 1024;
            double[] sample = new double[m];
            long stride = n / m;
            for (int i = 0; i < m; i++) sample[i] = a[(int) (i * stride + stride / 2)];
            Arrays.sort(sample);
            int r = (int) ((double) k / n * m);
            double lo = sample[Math.max(0, r - 64)], hi = sample[Math.min(m - 1, r + 65)];
            int below = 0, kept = 0;
            double[] mid = new double[Math.max(16, n / 4)];
            boolean overflow = false;
            for (int i = 0; i < n; i++) {
                double v = a[i];
                if (v < lo) below++;
                else if (v <= hi) {
                    if (kept == mid.length) {
                        overflow = true;
                        break;
                    }
                    mid[kept++] = v;
                }
            }
            if (!overflow && k - below >= 0 && k2 - below < kept) {
                double v1 = select(mid, 0, kept, k - below);
                double v2 = k2 == k ? v1 : minOf(mid, k - below + 1, kept);
                return new double[] {v1, v2};
            }
        }
        double[] copy = Arrays.copyOf(a, n);
        double v1 = select(copy, 0, n, k);
        double v2 = k2 == k ? v1 : minOf(copy, k + 1, n);
        return new double[] {v1, v2};
    }

    private static double minOf(double[] a, int from, int to) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = from; i < to; i++) m = Math.min(m, a[i]);
        return m;
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    private static void checkLevel(String op, double q) {
        if (!(q >= 0 && q <= 1)) throw new IllegalArgumentException(op + ": level must be in [0, 1], got " + q);
    }
}
