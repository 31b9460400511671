package org.genex.algorithms.metrics;

import java.util.Arrays;

/**
 * The contingency table of two labelings (as scikit-learn's {@code contingency_matrix(sparse=True)}): classes of
 * the first labeling are rows, classes of the second are columns, both numbered in increasing order of their label
 * values (as {@code np.unique}). Only the non-zero cells are stored, in row-major order.
 *
 * @param rows       number of distinct labels in the first labeling
 * @param cols       number of distinct labels in the second labeling
 * @param rowValues  the label value of each row, increasing
 * @param colValues  the label value of each column, increasing
 * @param rowSums    samples per row class
 * @param colSums    samples per column class
 * @param cellRow    row of each non-zero cell
 * @param cellCol    column of each non-zero cell
 * @param cellCount  count of each non-zero cell
 * @param n          number of samples
 */
public record Contingency(int rows, int cols, int[] rowValues, int[] colValues, long[] rowSums, long[] colSums,
                          int[] cellRow, int[] cellCol, long[] cellCount, long n) {

    /**
     * The table of {@code a} (rows) against {@code b} (columns).
     *
     * @throws IllegalArgumentException if the lengths differ
     */
    public static Contingency of(int[] a, int[] b) {
        if (a.length != b.length)
            throw new IllegalArgumentException("contingency table: the labelings have " + a.length + " and "
                    + b.length + " samples");
        int[] av = unique(a), bv = unique(b);
        int n = a.length;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++)
            keys[i] = (long) Arrays.binarySearch(av, a[i]) * bv.length + Arrays.binarySearch(bv, b[i]);
        Arrays.sort(keys);
        int cells = 0;
        for (int i = 0; i < n; i++) if (i == 0 || keys[i] != keys[i - 1]) cells++;
        int[] cr = new int[cells], cc = new int[cells];
        long[] cnt = new long[cells];
        long[] rs = new long[av.length], cs = new long[bv.length];
        int c = -1;
        for (int i = 0; i < n; i++) {
            if (i == 0 || keys[i] != keys[i - 1]) {
                c++;
                cr[c] = (int) (keys[i] / bv.length);
                cc[c] = (int) (keys[i] % bv.length);
            }
            cnt[c]++;
            rs[cr[c]]++;
            cs[cc[c]]++;
        }
        return new Contingency(av.length, bv.length, av, bv, rs, cs, cr, cc, cnt, n);
    }

    /** The sorted distinct values of {@code labels}. */
    static int[] unique(int[] labels) {
        int[] s = labels.clone();
        Arrays.sort(s);
        int u = 0;
        for (int i = 0; i < s.length; i++) if (i == 0 || s[i] != s[i - 1]) s[u++] = s[i];
        return Arrays.copyOf(s, u);
    }

    /** The table as a dense {@code rows x cols} array of doubles (for the assignment problem). */
    public double[][] dense() {
        double[][] d = new double[rows][cols];
        for (int e = 0; e < cellCount.length; e++) d[cellRow[e]][cellCol[e]] = cellCount[e];
        return d;
    }
}
