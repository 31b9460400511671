package org.genex.algorithms.bayes;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.genex.tensor.Rng;

/**
 * Bayesian linear regression y = D&beta; + &epsilon;, &epsilon; ~ N(0, &sigma;&sup2;), with D = [1, covariates] (the
 * intercept optional). Data rows are (covariates..., y). Three posteriors ({@link Posterior}):
 * <ul>
 *   <li>{@code CONJUGATE}: the Normal&ndash;Inverse-Gamma prior &beta; | &sigma;&sup2; ~ N(m<sub>0</sub>, &sigma;&sup2;
 *       g I), &sigma;&sup2; ~ IG(a<sub>0</sub>, b<sub>0</sub>) and its closed-form posterior: V<sub>n</sub> =
 *       (I/g + D<sup>T</sup>D)<sup>&minus;1</sup>, m<sub>n</sub> = V<sub>n</sub>(m<sub>0</sub>/g + D<sup>T</sup>y),
 *       a<sub>n</sub> = a<sub>0</sub> + n/2, b<sub>n</sub> = b<sub>0</sub> + (y<sup>T</sup>y + m<sub>0</sub><sup>T</sup>m<sub>0</sub>/g
 *       &minus; m<sub>n</sub><sup>T</sup>V<sub>n</sub><sup>&minus;1</sup>m<sub>n</sub>)/2;</li>
 *   <li>{@code REFERENCE} (the default, npp.md &sect;7.4): the flat prior p(&beta;, &sigma;&sup2;) &prop;
 *       1/&sigma;&sup2;: &sigma;&sup2; ~ (n&minus;p)s&sup2;/&chi;&sup2;<sub>n&minus;p</sub>, &beta; | &sigma;&sup2; ~
 *       N(&beta;&#770;, &sigma;&sup2;V), V = (D<sup>T</sup>D + &lambda;I)<sup>&minus;1</sup> (marginally a multivariate t);</li>
 *   <li>{@code PAPER}: the authors' application, &beta; ~ N(&beta;&#770;, V) without &sigma;&sup2; (and &sigma;&sup2;
 *       fixed at RSS/(n&minus;1) for simulation), kept as a switch for comparison.</li>
 * </ul>
 * Singular designs (a constant covariate, collinear columns, fewer rows than columns) are an error unless a ridge
 * &lambda; &gt; 0 is set, the documented regularised fallback (the application's gBF uses &lambda; = 1e-6 as the
 * authors do). The functional is one coefficient.
 */
public final class BayesianLinearRegression implements ParametricModel<BayesianLinearRegression.Params> {
    /** Which posterior {@link #samplePosterior} draws from. */
    public enum Posterior { CONJUGATE, REFERENCE, PAPER }

    /**
     * A parameter draw.
     *
     * @param beta   coefficients (intercept first when the model has one)
     * @param sigma2 the noise variance
     */
    public record Params(double[] beta, double sigma2) {}

    /**
     * Every setting.
     *
     * @param intercept      whether D starts with a column of ones
     * @param posterior      the posterior mode
     * @param priorMean      m<sub>0</sub> (length p; null means zeros) for CONJUGATE and {@link #samplePrior}
     * @param priorScale     g: &beta; | &sigma;&sup2; ~ N(m<sub>0</sub>, &sigma;&sup2; g I)
     * @param priorShape     a<sub>0</sub> of IG(a<sub>0</sub>, b<sub>0</sub>)
     * @param priorRate      b<sub>0</sub>
     * @param ridge          &lambda; added to D<sup>T</sup>D for REFERENCE and PAPER (0: singular designs are errors)
     * @param functionalIndex the coefficient reported by {@link #functional} (index into &beta;)
     */
    public record Config(boolean intercept, Posterior posterior, double[] priorMean, double priorScale, double priorShape,
                         double priorRate, double ridge, int functionalIndex) {
        /** Checks the settings. */
        public Config {
            if (posterior == null) throw new IllegalArgumentException("BayesianLinearRegression: posterior is null");
            if (!(priorScale > 0) || !(priorShape > 0) || !(priorRate > 0))
                throw new IllegalArgumentException("BayesianLinearRegression: prior scale, shape and rate must be > 0");
            if (!(ridge >= 0)) throw new IllegalArgumentException("BayesianLinearRegression: ridge must be >= 0, got " + ridge);
        }

        /** REFERENCE posterior with an intercept, a weak NIG prior (g = 100, a<sub>0</sub> = b<sub>0</sub> = 1) for prior draws, no ridge. */
        public static Config defaults(int functionalIndex) {
            return new Config(true, Posterior.REFERENCE, null, 100, 1, 1, 0, functionalIndex);
        }

        /** The same settings with another posterior mode. */
        public Config with(Posterior p) {
            return new Config(intercept, p, priorMean, priorScale, priorShape, priorRate, ridge, functionalIndex);
        }

        /** The same settings with another ridge. */
        public Config withRidge(double r) {
            return new Config(intercept, posterior, priorMean, priorScale, priorShape, priorRate, r, functionalIndex);
        }
    }

    /**
     * The least-squares summary of a data set.
     *
     * @param betaHat  (D<sup>T</sup>D + &lambda;I)<sup>&minus;1</sup>D<sup>T</sup>y
     * @param v        (D<sup>T</sup>D + &lambda;I)<sup>&minus;1</sup>
     * @param rss      the residual sum of squares
     * @param n        rows
     * @param p        columns of D
     * @param r2       the coefficient of determination (with an intercept)
     */
    public record LeastSquares(double[] betaHat, DMatrixRMaj v, double rss, int n, int p, double r2) {
        /** s&sup2; = RSS/(n &minus; p). */
        public double s2() { return rss / (n - p); }

        /** The adjusted R&sup2; = 1 &minus; (1 &minus; R&sup2;)(n &minus; 1)/(n &minus; p). */
        public double r2Adjusted() { return 1 - (1 - r2) * (n - 1) / (n - p); }
    }

    private final Config config;

    /** A model with these settings. */
    public BayesianLinearRegression(Config config) { this.config = config; }

    /** The settings. */
    public Config config() { return config; }

    /** Number of columns of D for data of dimension d (d &minus; 1 covariates). */
    public int columns(int d) { return d - 1 + (config.intercept() ? 1 : 0); }

    /** The design matrix (row-major n &times; p) of the data's covariates. */
    public double[] design(Points data) {
        int n = data.n(), d = data.d(), p = columns(d), off = config.intercept() ? 1 : 0;
        double[] x = new double[n * p];
        for (int i = 0; i < n; i++) {
            if (off == 1) x[i * p] = 1;
            for (int k = 0; k < d - 1; k++) x[i * p + off + k] = data.get(i, k);
        }
        return x;
    }

    /** Least squares with this model's ridge; names a constant covariate column in the error. */
    public LeastSquares leastSquares(Points data) {
        int n = data.n(), d = data.d();
        if (d < 2) throw new IllegalArgumentException("BayesianLinearRegression: rows need covariates and a response, d=" + d);
        int p = columns(d);
        if (n < 2) throw new IllegalArgumentException("BayesianLinearRegression: needs at least 2 rows, got " + n);
        if (config.ridge() == 0) {
            if (n < p) throw new IllegalArgumentException("BayesianLinearRegression: " + n + " rows for " + p + " coefficients");
            for (int k = 0; k < d - 1; k++) {
                double first = data.get(0, k);
                boolean constant = true;
                for (int i = 1; i < n && constant; i++) constant = data.get(i, k) == first;
                if (constant && (config.intercept() || first == 0))
                    throw new IllegalArgumentException("BayesianLinearRegression: covariate column " + k + " is constant (" + first
                            + "): the design is singular; set a ridge > 0 for the regularised fallback");
            }
        }
        double[] x = design(data), y = data.column(d - 1);
        DMatrixRMaj g = LinearAlgebra.gram(x, n, p);
        for (int k = 0; k < p; k++) g.add(k, k, config.ridge());
        DMatrixRMaj l = LinearAlgebra.cholesky(g, "D^T D");
        double[] beta = LinearAlgebra.cholSolve(l, LinearAlgebra.xty(x, n, p, y));
        double rss = 0, mean = 0, tss = 0;
        for (double v : y) mean += v / n;
        for (int i = 0; i < n; i++) {
            double f = 0;
            for (int k = 0; k < p; k++) f += x[i * p + k] * beta[k];
            rss += (y[i] - f) * (y[i] - f);
            tss += (y[i] - mean) * (y[i] - mean);
        }
        return new LeastSquares(beta, LinearAlgebra.inverse(l), rss, n, p, tss > 0 ? 1 - rss / tss : 0);
    }

    private double[] priorMean(int p) {
        if (config.priorMean() == null) return new double[p];
        if (config.priorMean().length != p)
            throw new IllegalArgumentException("BayesianLinearRegression: prior mean has " + config.priorMean().length + " values for " + p + " coefficients");
        return config.priorMean();
    }

    /** Not used for a regression (p depends on the data): call {@link #samplePrior(int, Rng)}. */
    @Override
    public Params samplePrior(Rng rng) {
        if (config.priorMean() == null)
            throw new IllegalStateException("BayesianLinearRegression.samplePrior: the number of coefficients is unknown; give a prior mean or call samplePrior(p, rng)");
        return samplePrior(config.priorMean().length, rng);
    }

    /** A draw from the NIG prior with p coefficients: &sigma;&sup2; ~ IG(a<sub>0</sub>, b<sub>0</sub>), &beta; ~ N(m<sub>0</sub>, &sigma;&sup2;gI). */
    public Params samplePrior(int p, Rng rng) {
        double[] m0 = priorMean(p);
        double sigma2 = 1 / rng.gamma(config.priorShape(), 1 / config.priorRate());
        double sd = Math.sqrt(sigma2 * config.priorScale());
        double[] beta = new double[p];
        for (int k = 0; k < p; k++) beta[k] = m0[k] + sd * rng.gaussian();
        return new Params(beta, sigma2);
    }

    @Override
    public List<Params> samplePosterior(Points data, int m, Rng rng) {
        List<Params> out = new ArrayList<>(m);
        int n = data.n(), p = columns(data.d());
        switch (config.posterior()) {
            case CONJUGATE -> {
                double g = config.priorScale();
                double[] m0 = priorMean(p), x = design(data), y = data.column(data.d() - 1);
                DMatrixRMaj prec = LinearAlgebra.gram(x, n, p);
                for (int k = 0; k < p; k++) prec.add(k, k, 1 / g);
                DMatrixRMaj l = LinearAlgebra.cholesky(prec, "I/g + D^T D");
                double[] rhs = LinearAlgebra.xty(x, n, p, y);
                for (int k = 0; k < p; k++) rhs[k] += m0[k] / g;
                double[] mn = LinearAlgebra.cholSolve(l, rhs);
                double yy = 0, mm = 0, quad = 0;
                for (double v : y) yy += v * v;
                for (int k = 0; k < p; k++) {
                    mm += m0[k] * m0[k] / g;
                    quad += mn[k] * rhs[k]; // m_n^T V_n^-1 m_n = m_n^T rhs
                }
                double an = config.priorShape() + n / 2.0, bn = config.priorRate() + 0.5 * (yy + mm - quad);
                for (int i = 0; i < m; i++) {
                    double sigma2 = 1 / rng.gamma(an, 1 / bn);
                    out.add(new Params(LinearAlgebra.drawPrecision(mn, l, Math.sqrt(sigma2), rng), sigma2));
                }
            }
            case REFERENCE -> {
                LeastSquares ls = leastSquares(data);
                int dof = n - p;
                if (dof < 1) throw new IllegalArgumentException("BayesianLinearRegression: the reference posterior needs n > p, got n="
                        + n + ", p=" + p);
                DMatrixRMaj lv = LinearAlgebra.cholesky(inverseOf(ls.v()), "D^T D");
                for (int i = 0; i < m; i++) {
                    double sigma2 = ls.rss() / rng.gamma(dof / 2.0, 2.0);
                    out.add(new Params(LinearAlgebra.drawPrecision(ls.betaHat(), lv, Math.sqrt(sigma2), rng), sigma2));
                }
            }
            case PAPER -> {
                LeastSquares ls = leastSquares(data);
                DMatrixRMaj lv = LinearAlgebra.cholesky(inverseOf(ls.v()), "D^T D");
                double sigma2 = ls.rss() / (n - 1);
                for (int i = 0; i < m; i++) out.add(new Params(LinearAlgebra.drawPrecision(ls.betaHat(), lv, 1, rng), sigma2));
            }
        }
        return out;
    }

    private static DMatrixRMaj inverseOf(DMatrixRMaj v) {
        return LinearAlgebra.inverse(LinearAlgebra.cholesky(v, "V"));
    }

    @Override
    public Points simulate(Params theta, Points template, Rng rng) {
        int n = template.n(), d = template.d(), p = columns(d);
        if (theta.beta().length != p)
            throw new IllegalArgumentException("BayesianLinearRegression.simulate: " + theta.beta().length + " coefficients for " + p + " columns");
        double[] x = design(template), out = template.values().clone();
        double sd = Math.sqrt(theta.sigma2());
        for (int i = 0; i < n; i++) {
            double f = 0;
            for (int k = 0; k < p; k++) f += x[i * p + k] * theta.beta()[k];
            out[i * d + d - 1] = f + sd * rng.gaussian();
        }
        return new Points(out, n, d);
    }

    @Override
    public double functional(Params theta) { return theta.beta()[config.functionalIndex()]; }
}
