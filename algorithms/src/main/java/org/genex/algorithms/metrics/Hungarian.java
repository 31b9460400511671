package org.genex.algorithms.metrics;

import java.util.Arrays;

/**
 * The linear sum assignment problem (as {@code scipy.optimize.linear_sum_assignment}): for an {@code r x c} cost
 * matrix, pick min(r, c) cells, at most one per row and per column, of least (or greatest) total cost.
 *
 * <p>Method: the Hungarian algorithm in its shortest-augmenting-path form with row and column potentials
 * (Kuhn-Munkres as reformulated by Jonker and Volgenant): each row is added in turn and matched along a shortest
 * alternating path, found by a Dijkstra-like scan over the columns with reduced costs. O(r^2 c) time for r &lt;= c
 * (a wider-than-tall problem is solved on its transpose), O(r + c) extra memory. Costs are doubles; the optimum value
 * is exact up to rounding, but where several assignments reach it, the one returned can differ from scipy's.
 */
public final class Hungarian {
    private Hungarian() {}

    /**
     * The assignment of least total cost: {@code result[i]} is the column given to row i, or -1 when row i is left
     * out (only when there are more rows than columns).
     *
     * @param cost r x c, finite (rows may be empty only if r == 0); not modified
     * @throws IllegalArgumentException for ragged or non-finite input
     */
    public static int[] minimize(double[][] cost) {
        int r = cost.length;
        if (r == 0) return new int[0];
        int c = cost[0].length;
        for (int i = 0; i < r; i++) {
            if (cost[i].length != c)
                throw new IllegalArgumentException("Hungarian: row " + i + " has " + cost[i].length
                        + " entries, row 0 has " + c);
            for (int j = 0; j < c; j++)
                if (!Double.isFinite(cost[i][j]))
                    throw new IllegalArgumentException("Hungarian: cost[" + i + "][" + j + "] = " + cost[i][j]
                            + ", expected a finite number");
        }
        int[] result = new int[r];
        Arrays.fill(result, -1);
        if (c == 0) return result;
        if (r <= c) return solve(cost, r, c, false);
        int[] colToRow = solve(cost, c, r, true);               // rows of the transpose are our columns
        for (int j = 0; j < c; j++) result[colToRow[j]] = j;
        return result;
    }

    /** The assignment of greatest total value (for example matched counts of a contingency table). */
    public static int[] maximize(double[][] value) {
        double[][] neg = new double[value.length][];
        for (int i = 0; i < value.length; i++) {
            neg[i] = new double[value[i].length];
            for (int j = 0; j < value[i].length; j++) neg[i][j] = -value[i][j];
        }
        return minimize(neg);
    }

    /** The total of {@code cost[i][assignment[i]]} over the assigned rows. */
    public static double total(double[][] cost, int[] assignment) {
        double s = 0;
        for (int i = 0; i < assignment.length; i++) if (assignment[i] >= 0) s += cost[i][assignment[i]];
        return s;
    }

    /**
     * Shortest augmenting paths for n &lt;= m: rows 1..n, columns 1..m (index 0 is the virtual start column).
     * Reads {@code cost[j-1][i-1]} when {@code transposed}. Returns the column of each row.
     */
    private static int[] solve(double[][] cost, int n, int m, boolean transposed) {
        double[] u = new double[n + 1], v = new double[m + 1], minv = new double[m + 1];
        int[] p = new int[m + 1], way = new int[m + 1];
        boolean[] used = new boolean[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = p[j0], j1 = -1;
                double delta = Double.POSITIVE_INFINITY;
                for (int j = 1; j <= m; j++) {
                    if (used[j]) continue;
                    double a = transposed ? cost[j - 1][i0 - 1] : cost[i0 - 1][j - 1];
                    double cur = a - u[i0] - v[j];
                    if (cur < minv[j]) {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if (minv[j] < delta) {
                        delta = minv[j];
                        j1 = j;
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] rowToCol = new int[n];
        for (int j = 1; j <= m; j++) if (p[j] != 0) rowToCol[p[j] - 1] = j - 1;
        return rowToCol;
    }
}
