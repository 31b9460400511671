package org.genex.algorithms.bayes.causal;

import org.genex.algorithms.bayes.BayesianLinearRegression;
import org.genex.algorithms.bayes.Normal;
import org.genex.algorithms.bayes.Points;
import org.genex.algorithms.bayes.Quadrature;
import org.genex.tensor.SpecialMath;

/**
 * The parametric arm of the application (npp.md &sect;4, the authors' {@code causal_lm}): OLS y = &beta;<sub>0</sub> +
 * &delta; a + &gamma;<sup>T</sup>X&#770; + &epsilon;, ATE = &delta; &Delta;a with &Delta;a = q98 &minus; q0.
 * <ul>
 *   <li>{@code REFERENCE} (default): the flat-prior Bayesian regression, ATE ~ &delta;&#770;&Delta;a +
 *       &radic;(s&sup2;V<sub>11</sub>) &Delta;a &middot; t<sub>n&minus;p</sub>;</li>
 *   <li>{@code PAPER}: the authors' N(&delta;&#770;&Delta;a, V<sub>11</sub>&Delta;a&sup2;) without s&sup2; (the full-data
 *       FOXP3 &rarr; GZMH value: mean &minus;0.250, sd 0.215).</li>
 * </ul>
 * P(ATE &lt; 0) is computed from the closed form (the limit of the code's 1000 normal draws).
 */
public final class CausalLinearModel {
    private CausalLinearModel() {}

    /**
     * The ATE posterior.
     *
     * @param mean  &delta;&#770; &Delta;a
     * @param scale the sd (PAPER) or the t scale (REFERENCE)
     * @param dof   degrees of freedom (infinite for PAPER)
     * @param r2    R&sup2; of the fit
     * @param r2Adjusted adjusted R&sup2;
     */
    public record Ate(double mean, double scale, double dof, double r2, double r2Adjusted) {
        /** The posterior sd (scale &middot; &radic;(&nu;/(&nu;&minus;2)) for the t). */
        public double sd() { return Double.isInfinite(dof) ? scale : dof > 2 ? scale * Math.sqrt(dof / (dof - 2)) : Double.POSITIVE_INFINITY; }

        /** P(ATE &lt; 0), in [0, 1]; a point mass (scale 0) gives 1 if the mean is negative, else 0. */
        public double probabilityNegative() {
            if (scale == 0) return mean < 0 ? 1 : 0;
            double z = -mean / scale;
            return Math.min(1, Math.max(0, Double.isInfinite(dof) ? Normal.cdf(z) : studentCdf(z, dof)));
        }

        /** The equal-tailed interval at the level (normal or t quantiles). */
        public double[] interval(double level) {
            double zq = Double.isInfinite(dof) ? Normal.quantile(0.5 + level / 2) : studentQuantile(0.5 + level / 2, dof);
            return new double[] {mean - zq * scale, mean + zq * scale};
        }
    }

    /** Fits the model to the data with the given posterior (REFERENCE or PAPER). */
    public static Ate fit(CausalData data, BayesianLinearRegression.Posterior posterior) {
        int n = data.n(), q = data.q(), d = q + 2;
        double[] rows = new double[n * d];
        for (int i = 0; i < n; i++) { // covariates (a, X-hat), then y: the design [1, a, X-hat]
            rows[i * d] = data.a()[i];
            System.arraycopy(data.xHat(), i * q, rows, i * d + 1, q);
            rows[i * d + d - 1] = data.y()[i];
        }
        BayesianLinearRegression model = new BayesianLinearRegression(BayesianLinearRegression.Config.defaults(1).with(posterior));
        BayesianLinearRegression.LeastSquares ls = model.leastSquares(new Points(rows, n, d));
        double da = data.q98() - data.q0();
        double mean = ls.betaHat()[1] * da, v11 = ls.v().get(1, 1);
        return switch (posterior) {
            case PAPER -> new Ate(mean, Math.sqrt(v11) * Math.abs(da), Double.POSITIVE_INFINITY, ls.r2(), ls.r2Adjusted());
            case REFERENCE -> {
                int dof = n - ls.p();
                if (dof < 1) throw new IllegalArgumentException("CausalLinearModel: " + n + " cells for " + ls.p() + " coefficients");
                yield new Ate(mean, Math.sqrt(ls.s2() * v11) * Math.abs(da), dof, ls.r2(), ls.r2Adjusted());
            }
            case CONJUGATE -> throw new IllegalArgumentException("CausalLinearModel: use REFERENCE or PAPER");
        };
    }

    /** The Student-t CDF by quadrature of the density from 0 (symmetric). */
    static double studentCdf(double t, double dof) {
        double logC = SpecialMath.lgamma(0.5 * (dof + 1)) - SpecialMath.lgamma(0.5 * dof) - 0.5 * Math.log(dof * Math.PI);
        double a = Math.abs(Math.max(-1e6, Math.min(1e6, t)));
        double half = Quadrature.integrate(x -> Math.exp(logC - 0.5 * (dof + 1) * Math.log1p(x * x / dof)), 0,
                a, (int) Math.min(2000, 20 + 4 * a));
        return t >= 0 ? 0.5 + half : 0.5 - half;
    }

    /** The Student-t quantile by bisection on {@link #studentCdf}. */
    static double studentQuantile(double p, double dof) {
        double lo = -1e3, hi = 1e3;
        for (int i = 0; i < 100; i++) {
            double mid = 0.5 * (lo + hi);
            if (studentCdf(mid, dof) < p) lo = mid;
            else hi = mid;
        }
        return 0.5 * (lo + hi);
    }
}
