package org.genex.algorithms.supervised;

import org.genex.tensor.Parallel;

/**
 * Multinomial (softmax) logistic regression with an L2 penalty, in scikit-learn's parametrisation
 * ({@code LogisticRegression(C, penalty="l2", solver="lbfgs")}): the fit minimises
 * <pre>
 *   sum_i w_i * CE(softmax(W x_i + b), y_i) + ||W||^2 / (2 C)
 * </pre>
 * with the intercept b unpenalised (internally divided by sum_i w_i, which changes nothing at the optimum). The
 * sample weights w_i are 1, or n / (K n_c) with {@link Options#balanced} (scikit-learn's
 * {@code class_weight="balanced"}). Solver: L-BFGS (memory 10) from zero, run to max|gradient| <= {@link
 * Options#tol} on the averaged loss: tighter than scikit-learn's defaults (tol 1e-4, 100 iterations), so the
 * result is the optimum that scikit-learn approaches.
 *
 * <p>Two classes: as scikit-learn's default ({@code multi_class="auto"}), the binary model has one weight vector
 * (class 1's logit, class 0's fixed at 0), penalised as ||w||^2 / (2C); {@link #coefficients()} then has row 0 zero.
 * With K > 2 the softmax is over-parametrised in b; the intercepts returned sum to zero (as scikit-learn's, whose
 * gradient keeps that sum at its initial 0).
 *
 * <p>Loss and gradient are summed over fixed chunks of 64 rows in parallel, combined in chunk order: results do
 * not depend on the thread count. Immutable.
 */
public final class LogisticRegression {
    private static final int GRAIN = 64;

    /**
     * Fit settings.
     *
     * @param c        inverse regularisation strength C > 0 (scikit-learn's default 1.0)
     * @param maxIter  L-BFGS iteration limit (default 1000)
     * @param tol      stop when every gradient component of the averaged loss is below this (default 1e-6)
     * @param balanced weight classes by n / (K n_c) (default false)
     */
    public record Options(double c, int maxIter, double tol, boolean balanced) {
        public Options {
            if (!(c > 0)) throw new IllegalArgumentException("LogisticRegression: C must be > 0, got " + c);
            if (maxIter < 0) throw new IllegalArgumentException("LogisticRegression: maxIter must be >= 0, got " + maxIter);
            if (!(tol >= 0)) throw new IllegalArgumentException("LogisticRegression: tol must be >= 0, got " + tol);
        }

        /** C = 1, 1000 iterations, tol 1e-6, unweighted. */
        public static Options defaults() { return new Options(1.0, 1000, 1e-6, false); }

        public Options withC(double c) { return new Options(c, maxIter, tol, balanced); }

        public Options withTol(double tol) { return new Options(c, maxIter, tol, balanced); }

        public Options withBalanced(boolean balanced) { return new Options(c, maxIter, tol, balanced); }
    }

    private final int numClasses;
    private final double[][] coef;      // [K][p]
    private final double[] intercept;   // [K]
    private final int iterations;
    private final boolean converged;

    private LogisticRegression(double[][] coef, double[] intercept, int iterations, boolean converged) {
        this.numClasses = coef.length;
        this.coef = coef;
        this.intercept = intercept;
        this.iterations = iterations;
        this.converged = converged;
    }

    /** Fits with {@link Options#defaults()} and K = 1 + max(y) (at least 2). */
    public static LogisticRegression fit(double[][] x, int[] y) {
        int max = 1;
        for (int v : y) max = Math.max(max, v);
        return fit(x, y, max + 1, Options.defaults());
    }

    /**
     * Fits the model.
     *
     * @param x          features [n][p], n >= 1
     * @param y          class of each row, in [0, numClasses)
     * @param numClasses K >= 2 (classes with no training row are allowed: their logits are pushed down)
     */
    public static LogisticRegression fit(double[][] x, int[] y, int numClasses, Options options) {
        int p = Checks.matrix("LogisticRegression.fit", x);
        int n = x.length;
        Checks.length("LogisticRegression.fit", "y", y.length, n);
        if (numClasses < 2) throw new IllegalArgumentException("LogisticRegression.fit: numClasses must be >= 2, got " + numClasses);
        long[] counts = new long[numClasses];
        for (int i = 0; i < n; i++) {
            if (y[i] < 0 || y[i] >= numClasses) {
                throw new IllegalArgumentException("LogisticRegression.fit: y[" + i + "] = " + y[i] + " outside [0, " + numClasses + ")");
            }
            counts[y[i]]++;
        }
        double[] w = new double[n];
        int present = 0;
        for (long cnt : counts) if (cnt > 0) present++;
        for (int i = 0; i < n; i++) w[i] = options.balanced() ? (double) n / (present * counts[y[i]]) : 1.0;
        double wSum = 0;
        for (double v : w) wSum += v;

        int free = numClasses == 2 ? 1 : numClasses; // classes with their own parameters
        int first = numClasses - free;               // 1 for binary: class 0's logit is 0
        int stride = p + 1;                          // per free class: p weights then the intercept
        double l2 = 1.0 / (options.c() * wSum);
        double invW = 1.0 / wSum;
        int chunks = Parallel.chunks(n, GRAIN);
        double[][] partialGrad = new double[chunks][free * stride];
        double[] partialLoss = new double[chunks];

        Lbfgs.Objective objective = (theta, grad) -> {
            Parallel.forEach(chunks, ch -> {
                double[] gr = partialGrad[ch];
                java.util.Arrays.fill(gr, 0);
                double loss = 0;
                double[] z = new double[numClasses];
                int end = Math.min(n, (ch + 1) * GRAIN);
                for (int i = ch * GRAIN; i < end; i++) {
                    double[] xi = x[i];
                    double zmax = first == 1 ? 0 : Double.NEGATIVE_INFINITY;
                    if (first == 1) z[0] = 0;
                    for (int k = 0; k < free; k++) {
                        int off = k * stride;
                        double s = theta[off + p];
                        for (int j = 0; j < p; j++) s += theta[off + j] * xi[j];
                        z[first + k] = s;
                        zmax = Math.max(zmax, s);
                    }
                    double sum = 0;
                    for (int k = 0; k < numClasses; k++) sum += Math.exp(z[k] - zmax);
                    double lse = zmax + Math.log(sum);
                    loss += w[i] * (lse - z[y[i]]);
                    for (int k = 0; k < free; k++) {
                        int cls = first + k;
                        double r = w[i] * (Math.exp(z[cls] - lse) - (y[i] == cls ? 1 : 0));
                        int off = k * stride;
                        for (int j = 0; j < p; j++) gr[off + j] += r * xi[j];
                        gr[off + p] += r;
                    }
                }
                partialLoss[ch] = loss;
            });
            java.util.Arrays.fill(grad, 0);
            double loss = 0;
            for (int ch = 0; ch < chunks; ch++) {
                loss += partialLoss[ch];
                double[] gr = partialGrad[ch];
                for (int q = 0; q < grad.length; q++) grad[q] += gr[q];
            }
            loss *= invW;
            for (int q = 0; q < grad.length; q++) grad[q] *= invW;
            double pen = 0;
            for (int k = 0; k < free; k++) {
                int off = k * stride;
                for (int j = 0; j < p; j++) {
                    double t = theta[off + j];
                    pen += t * t;
                    grad[off + j] += l2 * t;
                }
            }
            return loss + 0.5 * l2 * pen;
        };
        Lbfgs.Result r = Lbfgs.minimize(objective, new double[free * stride], 10, options.maxIter(), options.tol());
        double[][] coef = new double[numClasses][p];
        double[] b = new double[numClasses];
        for (int k = 0; k < free; k++) {
            System.arraycopy(r.x(), k * stride, coef[first + k], 0, p);
            b[first + k] = r.x()[k * stride + p];
        }
        if (free == numClasses) {
            double mean = 0;
            for (double v : b) mean += v;
            mean /= numClasses;
            for (int k = 0; k < numClasses; k++) b[k] -= mean;
        }
        return new LogisticRegression(coef, b, r.iterations(), r.converged());
    }

    /** Class probabilities [m][K] of each row of {@code x} [m][p]. */
    public double[][] predictProba(double[][] x) {
        Checks.columns("LogisticRegression.predictProba", x, coef[0].length);
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) out[i] = predictProba(x[i]);
        return out;
    }

    /** Class probabilities [K] of one row [p]. */
    public double[] predictProba(double[] row) {
        double[] z = decisionFunction(row);
        double zmax = Double.NEGATIVE_INFINITY;
        for (double v : z) zmax = Math.max(zmax, v);
        double sum = 0;
        for (int k = 0; k < numClasses; k++) {
            z[k] = Math.exp(z[k] - zmax);
            sum += z[k];
        }
        for (int k = 0; k < numClasses; k++) z[k] /= sum;
        return z;
    }

    /** The logits W x + b [K] of one row [p] (for two classes, [0, w.x + b]). */
    public double[] decisionFunction(double[] row) {
        int p = coef[0].length;
        if (row.length != p) {
            throw new IllegalArgumentException("LogisticRegression: row has " + row.length + " features, the model " + p);
        }
        double[] z = new double[numClasses];
        for (int k = 0; k < numClasses; k++) {
            double s = intercept[k];
            for (int j = 0; j < p; j++) s += coef[k][j] * row[j];
            z[k] = s;
        }
        return z;
    }

    /** The most probable class of each row (the lowest index among ties). */
    public int[] predict(double[][] x) {
        Checks.columns("LogisticRegression.predict", x, coef[0].length);
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] z = decisionFunction(x[i]);
            int best = 0;
            for (int k = 1; k < numClasses; k++) if (z[k] > z[best]) best = k;
            out[i] = best;
        }
        return out;
    }

    /** The number of classes K. */
    public int numClasses() { return numClasses; }

    /** Coefficients [K][p] (a copy); for K = 2 row 0 is zero and row 1 is scikit-learn's {@code coef_[0]}. */
    public double[][] coefficients() {
        double[][] c = new double[numClasses][];
        for (int k = 0; k < numClasses; k++) c[k] = coef[k].clone();
        return c;
    }

    /** Intercepts [K] (a copy); for K = 2, [0, b]; for K > 2 they sum to zero. */
    public double[] intercepts() { return intercept.clone(); }

    /** L-BFGS iterations used. */
    public int iterations() { return iterations; }

    /** Whether the gradient tolerance was reached. */
    public boolean converged() { return converged; }
}
