package org.genex.algorithms.bayes.causal;

import org.genex.algorithms.bayes.Points;
import org.genex.algorithms.bayes.Quantiles;

/**
 * One causal data set: confounders X&#770; (n &times; q), treatment a (the cause gene's counts) and outcome y (the
 * target gene's counts), with the estimand's treatment levels: ATE = E[y | do(a = q98)] &minus; E[y | do(a = q0)],
 * q98 the 98th percentile of a (numpy's linear rule), q0 its minimum (npp.md &sect;4).
 *
 * @param xHat confounders, row-major n &times; q
 * @param q    confounder dimension
 * @param a    treatment
 * @param y    outcome
 */
public record CausalData(double[] xHat, int q, double[] a, double[] y) {
    /** Checks shapes, finiteness and that the treatment varies. */
    public CausalData {
        int n = a.length;
        if (n < 2) throw new IllegalArgumentException("CausalData: needs at least 2 cells, got " + n);
        if (y.length != n || xHat.length != (long) n * q)
            throw new IllegalArgumentException("CausalData: " + n + " treatments, " + y.length + " outcomes, " + xHat.length
                    + " confounder values for q=" + q);
        new Points(xHat, n, q);
        Points.of(a);
        Points.of(y);
        double first = a[0];
        boolean constant = true;
        for (double v : a) constant &= v == first;
        if (constant)
            throw new IllegalArgumentException("CausalData: the treatment is constant (" + first + ") in all " + n
                    + " cells: the ATE between its 98th percentile and minimum is undefined");
    }

    /** Number of cells. */
    public int n() { return a.length; }

    /** The 98th percentile of a. */
    public double q98() { return Quantiles.linear(a, 0.98); }

    /** The minimum of a. */
    public double q0() { return Quantiles.linear(a, 0); }

    /** The rows at the given indices. */
    public CausalData select(int[] idx) {
        double[] x = new double[idx.length * q], aa = new double[idx.length], yy = new double[idx.length];
        for (int r = 0; r < idx.length; r++) {
            System.arraycopy(xHat, idx[r] * q, x, r * q, q);
            aa[r] = a[idx[r]];
            yy[r] = y[idx[r]];
        }
        return new CausalData(x, q, aa, yy);
    }

    /** Rows (X&#770;, a, y) for the divergence, as the authors stack them. */
    public Points rows() {
        int n = n(), d = q + 2;
        double[] v = new double[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(xHat, i * q, v, i * d, q);
            v[i * d + q] = a[i];
            v[i * d + q + 1] = y[i];
        }
        return new Points(v, n, d);
    }
}
