package org.genex.data.sim;

import java.util.Arrays;
import org.genex.data.Matrix;
import org.genex.tensor.Tensor;

/** Plain double-precision statistics for the simulator tests: correlations, least squares, Cox regression. */
final class SimTestStats {
    private SimTestStats() {}

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    static double variance(double[] x) {
        double m = mean(x), s = 0;
        for (double v : x) s += (v - m) * (v - m);
        return s / (x.length - 1);
    }

    static double pearson(double[] x, double[] y) {
        double mx = mean(x), my = mean(y), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }

    static double spearman(double[] x, double[] y) { return pearson(ranks(x), ranks(y)); }

    static double[] ranks(double[] x) {
        Integer[] idx = new Integer[x.length];
        for (int i = 0; i < x.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Double.compare(x[a], x[b]));
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; ) {
            int j = i;
            while (j + 1 < x.length && x[idx[j + 1]] == x[idx[i]]) j++;
            for (int q = i; q <= j; q++) r[idx[q]] = (i + j) / 2.0;
            i = j + 1;
        }
        return r;
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Slope of the least-squares line of y on x. */
    static double slope(double[] x, double[] y) {
        double mx = mean(x), my = mean(y), sxy = 0, sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }

    /** Ridge regression with an intercept (not penalised): coefficients [b0, b1..bp]. */
    static double[] ridge(double[][] x, double[] y, double lambda) {
        int n = x.length, p = x[0].length + 1;
        double[][] a = new double[p][p];
        double[] b = new double[p];
        double[] row = new double[p];
        for (int i = 0; i < n; i++) {
            row[0] = 1;
            System.arraycopy(x[i], 0, row, 1, p - 1);
            for (int r = 0; r < p; r++) {
                b[r] += row[r] * y[i];
                for (int c = 0; c < p; c++) a[r][c] += row[r] * row[c];
            }
        }
        for (int r = 1; r < p; r++) a[r][r] += lambda;
        return solve(a, b);
    }

    static double predict(double[] coef, double[] x) {
        double v = coef[0];
        for (int i = 0; i < x.length; i++) v += coef[i + 1] * x[i];
        return v;
    }

    /** R^2 = 1 - SSE / SST of predictions. */
    static double r2(double[] y, double[] pred) {
        double m = mean(y), sse = 0, sst = 0;
        for (int i = 0; i < y.length; i++) {
            sse += (y[i] - pred[i]) * (y[i] - pred[i]);
            sst += (y[i] - m) * (y[i] - m);
        }
        return 1 - sse / sst;
    }

    /** Gaussian elimination with partial pivoting; a and b are overwritten. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            double[] t = a[c]; a[c] = a[piv]; a[piv] = t;
            double tb = b[c]; b[c] = b[piv]; b[piv] = tb;
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int q = c; q < n; q++) a[r][q] -= f * a[c][q];
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int q = r + 1; q < n; q++) s -= a[r][q] * x[q];
            x[r] = s / a[r][r];
        }
        return x;
    }

    /**
     * Cox proportional-hazards fit by Newton's method (Breslow ties): the log hazard ratios of the columns of x.
     */
    static double[] cox(double[][] x, double[] time, boolean[] event) {
        int n = x.length, p = x[0].length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(time[b], time[a])); // descending: risk sets grow
        double[] beta = new double[p];
        for (int it = 0; it < 50; it++) {
            double[] grad = new double[p];
            double[][] hess = new double[p][p];
            double s0 = 0;
            double[] s1 = new double[p];
            double[][] s2 = new double[p][p];
            for (int q = 0; q < n; ) {
                int end = q; // tied times enter the risk set together
                while (end < n && time[order[end]] == time[order[q]]) end++;
                for (int m = q; m < end; m++) {
                    int i = order[m];
                    double w = Math.exp(dot(beta, x[i]));
                    s0 += w;
                    for (int a = 0; a < p; a++) {
                        s1[a] += w * x[i][a];
                        for (int b = 0; b < p; b++) s2[a][b] += w * x[i][a] * x[i][b];
                    }
                }
                for (int m = q; m < end; m++) {
                    int i = order[m];
                    if (!event[i]) continue;
                    for (int a = 0; a < p; a++) {
                        grad[a] += x[i][a] - s1[a] / s0;
                        for (int b = 0; b < p; b++) hess[a][b] += s2[a][b] / s0 - s1[a] * s1[b] / (s0 * s0);
                    }
                }
                q = end;
            }
            double[] step = solve(hess, grad);
            double size = 0;
            for (int a = 0; a < p; a++) {
                beta[a] += step[a];
                size = Math.max(size, Math.abs(step[a]));
            }
            if (size < 1e-9) break;
        }
        return beta;
    }

    /** Harrell's C-index of a risk score (higher risk, earlier event). */
    static double cIndex(double[] risk, double[] time, boolean[] event) {
        double concordant = 0, comparable = 0;
        for (int i = 0; i < risk.length; i++) {
            if (!event[i]) continue;
            for (int j = 0; j < risk.length; j++) {
                if (time[j] <= time[i]) continue;
                comparable++;
                if (risk[i] > risk[j]) concordant++;
                else if (risk[i] == risk[j]) concordant += 0.5;
            }
        }
        return concordant / comparable;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** The matrix as rows of doubles. */
    static double[][] rows(Matrix m) {
        Tensor t = m.dense();
        float[] a = t.array();
        int r = m.rows(), c = m.cols(), o = t.offset();
        double[][] out = new double[r][c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) out[i][j] = a[o + i * c + j];
        return out;
    }

    /** Column j of row-major rows. */
    static double[] column(double[][] rows, int j) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = rows[i][j];
        return out;
    }

    /** log1p(counts / row total * 1e6) of each row. */
    static double[][] logCpm(double[][] counts) {
        double[][] out = new double[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            double total = 0;
            for (double v : counts[i]) total += v;
            out[i] = new double[counts[i].length];
            for (int j = 0; j < counts[i].length; j++) out[i][j] = Math.log1p(counts[i][j] / total * 1e6);
        }
        return out;
    }
}
