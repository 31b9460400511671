package org.genex.algorithms.bayes;

import java.util.Arrays;

/**
 * A data set of {@code n} points in R<sup>d</sup>, row-major in one {@code double[]} (point {@code i}, coordinate
 * {@code k} is {@code values[i * d + k]}). The divergences compare two {@code Points} of the same dimension; a 1-D
 * sample is {@code Points.of(x)} with d = 1; a regression row is (covariates..., response).
 *
 * <p>The array is not copied: treat it as immutable once wrapped.
 *
 * @param values the coordinates, length n * d, all finite
 * @param n      the number of points (&gt;= 0)
 * @param d      the dimension (&gt;= 1)
 */
public record Points(double[] values, int n, int d) {
    /** Checks the layout and that every value is finite. */
    public Points {
        if (values == null) throw new IllegalArgumentException("Points: values is null");
        if (d < 1) throw new IllegalArgumentException("Points: dimension d must be >= 1, got " + d);
        if (n < 0 || (long) n * d != values.length)
            throw new IllegalArgumentException("Points: " + values.length + " values do not make " + n + " points of dimension " + d);
        for (int i = 0; i < values.length; i++)
            if (!Double.isFinite(values[i]))
                throw new IllegalArgumentException("Points: value " + values[i] + " at point " + i / d + ", coordinate "
                        + i % d + " is not finite");
    }

    /** A 1-D sample (d = 1) wrapping {@code x}. */
    public static Points of(double... x) { return new Points(x, x.length, 1); }

    /** Rows of equal length, copied into one array. */
    public static Points ofRows(double[][] rows) {
        if (rows.length == 0) throw new IllegalArgumentException("Points.ofRows: no rows (the dimension is unknown)");
        int d = rows[0].length;
        double[] v = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d)
                throw new IllegalArgumentException("Points.ofRows: row " + i + " has " + rows[i].length + " values, row 0 has " + d);
            System.arraycopy(rows[i], 0, v, i * d, d);
        }
        return new Points(v, rows.length, d);
    }

    /** Coordinate {@code k} of point {@code i}. */
    public double get(int i, int k) { return values[i * d + k]; }

    /** Column {@code k} as a new array of length n. */
    public double[] column(int k) {
        if (k < 0 || k >= d) throw new IndexOutOfBoundsException("Points.column: " + k + " not in [0, " + d + ")");
        double[] c = new double[n];
        for (int i = 0; i < n; i++) c[i] = values[i * d + k];
        return c;
    }

    /** The points at the given indices (with repeats allowed), in that order. */
    public Points select(int[] index) {
        double[] v = new double[index.length * d];
        for (int r = 0; r < index.length; r++) {
            int i = index[r];
            if (i < 0 || i >= n) throw new IndexOutOfBoundsException("Points.select: index " + i + " not in [0, " + n + ")");
            System.arraycopy(values, i * d, v, r * d, d);
        }
        return new Points(v, index.length, d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Points p && p.n == n && p.d == d && Arrays.equals(p.values, values);
    }

    @Override
    public int hashCode() { return 31 * (31 * n + d) + Arrays.hashCode(values); }

    @Override
    public String toString() { return "Points[n=" + n + ", d=" + d + "]"; }
}
