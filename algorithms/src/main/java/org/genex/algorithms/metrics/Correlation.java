package org.genex.algorithms.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Pearson and Spearman correlation, and average ranks, in double precision (scipy.stats' definitions: Spearman's
 * rho is Pearson's r of the average ranks, ties sharing their mean rank).
 */
public final class Correlation {
    private Correlation() {}

    /** Pearson's r of {@code a} and {@code b} (same length); NaN for fewer than 2 values or a constant side. */
    public static double pearson(double[] a, double[] b) {
        if (a.length != b.length)
            throw new IllegalArgumentException("pearson: lengths differ, " + a.length + " and " + b.length);
        return pearson(a, b, a.length);
    }

    /** Pearson's r of the first {@code n} entries of {@code a} and {@code b}; NaN for n < 2 or a constant side. */
    public static double pearson(double[] a, double[] b, int n) {
        if (n < 0 || n > a.length || n > b.length)
            throw new IllegalArgumentException("pearson: n = " + n + " for lengths " + a.length + " and " + b.length);
        if (n < 2) return Double.NaN;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Double.NaN;
    }

    /** Spearman's rho: Pearson's r of the average ranks. */
    public static double spearman(double[] a, double[] b) {
        if (a.length != b.length)
            throw new IllegalArgumentException("spearman: lengths differ, " + a.length + " and " + b.length);
        return pearson(ranks(a), ranks(b));
    }

    /** Average ranks from 1 (ties share their mean rank), as scipy.stats.rankdata's default. */
    public static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Arrays.sort(idx, Comparator.comparingDouble(i -> v[i]));
        double[] r = new double[n];
        for (int s = 0; s < n; ) {
            int e = s;
            while (e + 1 < n && v[idx[e + 1]] == v[idx[s]]) e++;
            for (int q = s; q <= e; q++) r[idx[q]] = (s + e) / 2.0 + 1;
            s = e + 1;
        }
        return r;
    }
}
