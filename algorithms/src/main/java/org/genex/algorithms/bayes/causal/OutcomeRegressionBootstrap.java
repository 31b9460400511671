package org.genex.algorithms.bayes.causal;

import org.genex.algorithms.bayes.BayesianBootstrap;
import org.genex.algorithms.bayes.Quantiles;
import org.genex.tensor.Rng;

/**
 * The nonparametric arm of the application, written in place of the authors' BART + MLP propensity + NUTS model
 * (npp.md &sect;5 allows this substitution): a Bayesian bootstrap of the g-formula with a flexible outcome regression.
 * For each draw, Dirichlet(1, &hellip;, 1) weights w over the cells; a ridge-penalised weighted least-squares fit of
 * y on a flexible basis of (a, X&#770;); then
 * ATE = &Sigma;<sub>i</sub> w<sub>i</sub> [m&#770;(q98, X&#770;<sub>i</sub>) &minus; m&#770;(q0, X&#770;<sub>i</sub>)].
 * Both the regression and the average over cells are re-weighted, so the draws are the Bayesian bootstrap posterior
 * of the plug-in functional (Rubin 1981; Chamberlain &amp; Imbens 2003), with no parametric assumption on the noise.
 *
 * <p>The basis (all columns standardised with the full-data means and sds, then the intercept): the treatment as
 * 1{a &gt; 0}, a, and hinges (a &minus; k)<sub>+</sub> at the 50/75/90% quantiles of the positive a; X&#770; and
 * X&#770;&sup2; per component; and a &middot; X&#770; interactions, so the effect of a may vary with the confounders.
 * The ridge penalty &lambda; (default 1 per standardised column, intercept unpenalised) keeps the 34-column fit stable
 * at n = 50.
 */
public final class OutcomeRegressionBootstrap {
    /**
     * Every setting.
     *
     * @param draws  Bayesian-bootstrap draws of the ATE (1000, as the authors keep)
     * @param ridge  &lambda;
     */
    public record Config(int draws, double ridge) {
        /** Checks the settings. */
        public Config {
            if (draws < 1 || !(ridge > 0)) throw new IllegalArgumentException("OutcomeRegressionBootstrap: need draws >= 1 and ridge > 0");
        }

        /** 1000 draws, &lambda; = 1. */
        public static Config defaults() { return new Config(1000, 1.0); }
    }

    private OutcomeRegressionBootstrap() {}

    /** The ATE draws. */
    public static double[] ateDraws(CausalData data, Config config, Rng rng) {
        int n = data.n(), q = data.q();
        double q98 = data.q98(), q0 = data.q0();
        double[] knots = knots(data.a());
        Basis basis = new Basis(q, knots);
        int p = basis.size();
        double[] f = new double[n * p], f98 = new double[n * p], f0 = new double[n * p];
        for (int i = 0; i < n; i++) {
            basis.fill(data.a()[i], data.xHat(), i * q, f, i * p);
            basis.fill(q98, data.xHat(), i * q, f98, i * p);
            basis.fill(q0, data.xHat(), i * q, f0, i * p);
        }
        // standardise every column but the intercept (column 0) with the observed design's moments
        for (int k = 1; k < p; k++) {
            double m = 0, s = 0;
            for (int i = 0; i < n; i++) m += f[i * p + k] / n;
            for (int i = 0; i < n; i++) s += (f[i * p + k] - m) * (f[i * p + k] - m) / n;
            double sd = s > 1e-12 ? Math.sqrt(s) : 1;
            for (int i = 0; i < n; i++) {
                f[i * p + k] = (f[i * p + k] - m) / sd;
                f98[i * p + k] = (f98[i * p + k] - m) / sd;
                f0[i * p + k] = (f0[i * p + k] - m) / sd;
            }
        }
        double[] diff = new double[n * p];
        for (int t = 0; t < diff.length; t++) diff[t] = f98[t] - f0[t];
        double[] out = new double[config.draws()];
        double[] a = new double[p * p], b = new double[p];
        for (int dr = 0; dr < out.length; dr++) {
            double[] w = BayesianBootstrap.weights(n, rng);
            java.util.Arrays.fill(a, 0);
            java.util.Arrays.fill(b, 0);
            for (int i = 0; i < n; i++) {
                double wi = w[i] * n; // weights of mean 1, so the ridge keeps its scale
                int o = i * p;
                for (int r = 0; r < p; r++) {
                    double fr = wi * f[o + r];
                    b[r] += fr * data.y()[i];
                    for (int c = 0; c <= r; c++) a[r * p + c] += fr * f[o + c];
                }
            }
            for (int r = 1; r < p; r++) a[r * p + r] += config.ridge();
            a[0] += 1e-9 * n;
            double[] beta = solveSymmetric(a, b, p);
            double ate = 0;
            for (int i = 0; i < n; i++) {
                double e = 0;
                for (int k = 0; k < p; k++) e += diff[i * p + k] * beta[k];
                ate += w[i] * e;
            }
            out[dr] = ate;
        }
        return out;
    }

    /** Hinge knots: the 50/75/90% quantiles of the positive treatment values (distinct, below the maximum). */
    static double[] knots(double[] a) {
        double[] pos = java.util.Arrays.stream(a).filter(v -> v > 0).toArray();
        if (pos.length < 4) return new double[0];
        double max = java.util.Arrays.stream(pos).max().getAsDouble();
        return java.util.Arrays.stream(new double[] {0.5, 0.75, 0.9}).map(l -> Quantiles.linear(pos, l))
                .filter(k -> k < max).distinct().toArray();
    }

    /** The basis of (a, X-hat). */
    private record Basis(int q, double[] knots) {
        int size() { return 1 + 2 + knots.length + 3 * q; }

        void fill(double a, double[] x, int xo, double[] out, int o) {
            int k = 0;
            out[o + k++] = 1;
            out[o + k++] = a > 0 ? 1 : 0;
            out[o + k++] = a;
            for (double kn : knots) out[o + k++] = Math.max(0, a - kn);
            for (int j = 0; j < q; j++) out[o + k++] = x[xo + j];
            for (int j = 0; j < q; j++) out[o + k++] = x[xo + j] * x[xo + j];
            for (int j = 0; j < q; j++) out[o + k++] = a * x[xo + j];
        }
    }

    /** Solves A x = b for symmetric positive-definite A given in its lower triangle (Cholesky, in place). */
    static double[] solveSymmetric(double[] a, double[] b, int p) {
        double[] l = new double[p * p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j <= i; j++) {
                double s = a[i * p + j];
                for (int k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
                if (i == j) {
                    if (!(s > 0)) throw new IllegalArgumentException("OutcomeRegressionBootstrap: the penalised Gram matrix is not positive definite");
                    l[i * p + i] = Math.sqrt(s);
                } else l[i * p + j] = s / l[j * p + j];
            }
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i * p + k] * y[k];
            y[i] = s / l[i * p + i];
        }
        double[] x = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < p; k++) s -= l[k * p + i] * x[k];
            x[i] = s / l[i * p + i];
        }
        return x;
    }
}
