package org.genex.algorithms.supervised;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Bayesian ridge regression, scikit-learn's {@code BayesianRidge} (1.2) with its defaults: y = X w + b + noise,
 * noise precision alpha, prior w ~ N(0, I / lambda), Gamma(1e-6, 1e-6) hyperpriors on both, and the
 * evidence-maximisation (MacKay) fixed point
 * <pre>
 *   w      = (X'X + lambda/alpha I)^-1 X'y                    (centred X and y; b = mean(y) - mean(X).w)
 *   gamma  = sum_k alpha s_k / (lambda + alpha s_k)          (s_k: eigenvalues of X'X)
 *   lambda = (gamma + 2 lambda_1) / (||w||^2 + 2 lambda_2)
 *   alpha  = (n - gamma + 2 alpha_1) / (||y - X w||^2 + 2 alpha_2)
 * </pre>
 * from alpha = 1 / (var(y) + eps), lambda = 1, stopping when sum |w_old - w| < tol (1e-3) or after 300 iterations,
 * then w recomputed with the final alpha and lambda (as scikit-learn does).
 *
 * <p>Where scikit-learn takes an SVD of X, this takes the eigendecomposition of the smaller Gram matrix (X'X when
 * n > p, XX' otherwise) and evaluates w and the residual in that eigenbasis, O(min(n, p)^2) per iteration: the
 * same fixed point, within rounding. Immutable.
 */
public final class BayesianRidge {
    private static final double EPS = Math.ulp(1.0);

    /**
     * Settings (scikit-learn's names and defaults).
     *
     * @param maxIter      iteration limit (300)
     * @param tol          stop when the L1 change of w is below this (1e-3)
     * @param alpha1       Gamma shape of the noise precision prior (1e-6)
     * @param alpha2       Gamma rate of the noise precision prior (1e-6)
     * @param lambda1      Gamma shape of the weight precision prior (1e-6)
     * @param lambda2      Gamma rate of the weight precision prior (1e-6)
     * @param fitIntercept centre X and y and fit b (true)
     */
    public record Options(int maxIter, double tol, double alpha1, double alpha2, double lambda1, double lambda2,
                          boolean fitIntercept) {
        public Options {
            if (maxIter < 1) throw new IllegalArgumentException("BayesianRidge: maxIter must be >= 1, got " + maxIter);
        }

        public static Options defaults() { return new Options(300, 1e-3, 1e-6, 1e-6, 1e-6, 1e-6, true); }
    }

    private final double[] coef;
    private final double intercept;
    private final double alpha;
    private final double lambda;
    private final int iterations;

    private BayesianRidge(double[] coef, double intercept, double alpha, double lambda, int iterations) {
        this.coef = coef;
        this.intercept = intercept;
        this.alpha = alpha;
        this.lambda = lambda;
        this.iterations = iterations;
    }

    /** Fits with {@link Options#defaults()}. */
    public static BayesianRidge fit(double[][] x, double[] y) {
        return fit(x, y, Options.defaults());
    }

    /** Fits w, b, alpha and lambda to x [n][p] (n >= 1) and y [n]. */
    public static BayesianRidge fit(double[][] x, double[] y, Options o) {
        int p = Checks.matrix("BayesianRidge.fit", x);
        int n = x.length;
        Checks.length("BayesianRidge.fit", "y", y.length, n);
        // Centre.
        double[] xMean = new double[p];
        double yMean = 0;
        if (o.fitIntercept()) {
            for (double[] row : x) for (int j = 0; j < p; j++) xMean[j] += row[j];
            for (int j = 0; j < p; j++) xMean[j] /= n;
            for (double v : y) yMean += v;
            yMean /= n;
        }
        double[][] xc = new double[n][p];
        double[] yc = new double[n];
        double yy = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) xc[i][j] = x[i][j] - xMean[j];
            yc[i] = y[i] - yMean;
            yy += yc[i] * yc[i];
        }
        double alpha = 1.0 / (variance(y) + EPS);
        double lambda = 1.0;

        Eigen eig = n > p ? Eigen.primal(xc, yc) : Eigen.dual(xc, yc);
        double[] coef = null, coefOld = null;
        int iter = 0;
        for (; iter < o.maxIter(); iter++) {
            double r = lambda / alpha;
            coef = eig.coef(r);
            double rss = eig.rss(r);
            double gamma = 0;
            for (double s : eig.values) gamma += alpha * s / (lambda + alpha * s);
            double sq = 0;
            for (double c : coef) sq += c * c;
            lambda = (gamma + 2 * o.lambda1()) / (sq + 2 * o.lambda2());
            alpha = (n - gamma + 2 * o.alpha1()) / (rss + 2 * o.alpha2());
            if (iter != 0) {
                double change = 0;
                for (int j = 0; j < p; j++) change += Math.abs(coefOld[j] - coef[j]);
                if (change < o.tol()) break;
            }
            coefOld = coef;
        }
        int used = Math.min(iter + 1, o.maxIter());
        coef = eig.coef(lambda / alpha);
        double b = 0;
        if (o.fitIntercept()) {
            b = yMean;
            for (int j = 0; j < p; j++) b -= xMean[j] * coef[j];
        }
        return new BayesianRidge(coef, b, alpha, lambda, used);
    }

    /** Predictions X w + b [m] for x [m][p]. */
    public double[] predict(double[][] x) {
        Checks.columns("BayesianRidge.predict", x, coef.length);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = predict(x[i]);
        return out;
    }

    /** The prediction w.row + b for one row [p]. */
    public double predict(double[] row) {
        double s = intercept;
        for (int j = 0; j < coef.length; j++) s += coef[j] * row[j];
        return s;
    }

    /** The posterior mean weights w (a copy). */
    public double[] coefficients() { return coef.clone(); }

    public double intercept() { return intercept; }

    /** The estimated noise precision. */
    public double alpha() { return alpha; }

    /** The estimated weight precision. */
    public double lambda() { return lambda; }

    /** Fixed-point iterations run (scikit-learn's {@code n_iter_}). */
    public int iterations() { return iterations; }

    private static double variance(double[] y) {
        double m = 0;
        for (double v : y) m += v;
        m /= y.length;
        double s = 0;
        for (double v : y) s += (v - m) * (v - m);
        return s / y.length;
    }

    /**
     * The eigendecomposition of the smaller Gram matrix and the projections of y that make w(r) and
     * ||y - X w(r)||^2 cheap for any ratio r = lambda / alpha.
     */
    private static final class Eigen {
        final double[] values;   // eigenvalues s_k >= 0 (clamped), min(n, p) of them
        final double[][] vectors; // columns: V [p][k] (primal) or U [n][k] (dual)
        final double[] proj;     // primal: V'X'y; dual: U'y
        final double[][] xc;     // the centred X (dual case only)
        final double rssFloor;   // primal: the residual outside the column space of X
        final boolean primal;

        private Eigen(double[] values, double[][] vectors, double[] proj, double[][] xc, double rssFloor, boolean primal) {
            this.values = values;
            this.vectors = vectors;
            this.proj = proj;
            this.xc = xc;
            this.rssFloor = rssFloor;
            this.primal = primal;
        }

        /** n > p: X'X = V S V'. */
        static Eigen primal(double[][] xc, double[] yc) {
            int n = xc.length, p = xc[0].length;
            DMatrixRMaj g = new DMatrixRMaj(p, p);
            double[] xty = new double[p];
            for (int i = 0; i < n; i++) {
                double[] row = xc[i];
                for (int a = 0; a < p; a++) {
                    double va = row[a];
                    xty[a] += va * yc[i];
                    int base = a * p;
                    for (int c = a; c < p; c++) g.data[base + c] += va * row[c];
                }
            }
            for (int a = 0; a < p; a++) for (int c = 0; c < a; c++) g.data[a * p + c] = g.data[c * p + a];
            double[][] vec = new double[p][p];
            double[] val = decompose(g, vec);
            double[] proj = new double[p];
            for (int k = 0; k < p; k++) {
                double s = 0;
                for (int a = 0; a < p; a++) s += vec[a][k] * xty[a];
                proj[k] = s;
            }
            // Residual of the least-squares fit (pseudo-inverse over the non-null eigenvalues), computed directly.
            double max = 0;
            for (double v : val) max = Math.max(max, v);
            double[] ls = new double[p];
            for (int k = 0; k < p; k++) {
                if (val[k] <= 1e-12 * max) continue;
                double c = proj[k] / val[k];
                for (int a = 0; a < p; a++) ls[a] += vec[a][k] * c;
            }
            double floor = 0;
            for (int i = 0; i < n; i++) {
                double e = yc[i];
                for (int a = 0; a < p; a++) e -= xc[i][a] * ls[a];
                floor += e * e;
            }
            return new Eigen(val, vec, proj, null, floor, true);
        }

        /** n <= p: XX' = U S U' (U complete, n x n). */
        static Eigen dual(double[][] xc, double[] yc) {
            int n = xc.length, p = xc[0].length;
            DMatrixRMaj k = new DMatrixRMaj(n, n);
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    double s = 0;
                    for (int a = 0; a < p; a++) s += xc[i][a] * xc[j][a];
                    k.data[i * n + j] = s;
                    k.data[j * n + i] = s;
                }
            }
            double[][] vec = new double[n][n];
            double[] val = decompose(k, vec);
            double[] proj = new double[n];
            for (int c = 0; c < n; c++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += vec[i][c] * yc[i];
                proj[c] = s;
            }
            return new Eigen(val, vec, proj, xc, 0, false);
        }

        /** w(r) = (X'X + r I)^-1 X'y. */
        double[] coef(double r) {
            int m = values.length;
            if (primal) {
                int p = vectors.length;
                double[] w = new double[p];
                for (int k = 0; k < m; k++) {
                    double c = proj[k] / (values[k] + r);
                    for (int a = 0; a < p; a++) w[a] += vectors[a][k] * c;
                }
                return w;
            }
            int n = vectors.length, p = xc[0].length;
            double[] u = new double[n]; // U diag(1 / (s + r)) U'y
            for (int k = 0; k < m; k++) {
                double c = proj[k] / (values[k] + r);
                for (int i = 0; i < n; i++) u[i] += vectors[i][k] * c;
            }
            double[] w = new double[p];
            for (int i = 0; i < n; i++) {
                double ui = u[i];
                double[] row = xc[i];
                for (int a = 0; a < p; a++) w[a] += row[a] * ui;
            }
            return w;
        }

        /** ||y - X w(r)||^2, from the eigenbasis: the residual in component k is shrunk by r / (s_k + r). */
        double rss(double r) {
            double s = rssFloor;
            double max = 0;
            for (double v : values) max = Math.max(max, v);
            for (int k = 0; k < values.length; k++) {
                double shrink = r / (values[k] + r);
                if (primal) {
                    if (values[k] <= 1e-12 * max) continue;
                    s += proj[k] * proj[k] / values[k] * shrink * shrink; // (V'X'y)_k^2 / s_k = (U'y)_k^2
                } else {
                    s += proj[k] * proj[k] * shrink * shrink;
                }
            }
            return s;
        }

        private static double[] decompose(DMatrixRMaj a, double[][] vec) {
            int m = a.numRows;
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, true, true);
            if (!eig.decompose(a)) throw new IllegalStateException("BayesianRidge: eigendecomposition failed");
            double[] val = new double[m];
            for (int k = 0; k < m; k++) {
                val[k] = Math.max(0, eig.getEigenvalue(k).getReal());
                DMatrixRMaj v = eig.getEigenVector(k);
                for (int i = 0; i < m; i++) vec[i][k] = v.get(i, 0);
            }
            return val;
        }
    }
}
