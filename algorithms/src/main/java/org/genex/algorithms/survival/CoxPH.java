package org.genex.algorithms.survival;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.genex.tensor.Parallel;
import org.genex.tensor.SpecialMath;

/**
 * Cox proportional hazards regression, h(t | x) = h0(t) exp(x.beta), fitted by maximising the Breslow partial
 * log-likelihood with an L2 penalty:
 * <pre>
 *   l(beta)   = sum_{i: event} [ x_i.beta - log sum_{j: t_j >= t_i} exp(x_j.beta) ]      (Breslow ties)
 *   objective = l(beta) - 0.5 * penalizer * n * ||beta||^2
 * </pre>
 * The penalty is lifelines' (0.25 and later) {@code CoxPHFitter(penalizer, l1_ratio=0)} convention, n times
 * 0.5 * penalizer * ||beta||^2, so that a penalizer means the same at any sample size. Two differences from
 * lifelines: lifelines standardises the covariates internally before penalising (pass
 * {@link org.genex.algorithms.supervised.Standardizer}-transformed x to get the same penalty geometry) and handles
 * ties with Efron's method (identical to Breslow's when no two events share a time). No intercept (it cancels in
 * the partial likelihood).
 *
 * <p>Solver: Newton-Raphson from beta = 0 with step halving (a step is halved, up to 30 times, until the
 * objective does not decrease by more than rounding, 1e-12 relative), stopping when the Newton step is below 1e-9
 * in every coordinate (that step is taken), when no halving of the step increases the objective any more, or
 * after {@link Options#maxIter}. Standard errors are sqrt(diag((-H)^-1)) with H the Hessian of the objective at
 * the optimum: the usual Wald standard errors when penalizer = 0 (with a penalty they are those of the penalised
 * objective, as lifelines reports them). Immutable.
 */
public final class CoxPH {

    /**
     * Fit settings.
     *
     * @param penalizer L2 strength >= 0 (objective penalty 0.5 * penalizer * n * ||beta||^2); default 0
     * @param maxIter   Newton iterations (default 100)
     */
    public record Options(double penalizer, int maxIter) {
        public Options {
            if (!(penalizer >= 0)) throw new IllegalArgumentException("CoxPH: penalizer must be >= 0, got " + penalizer);
            if (maxIter < 1) throw new IllegalArgumentException("CoxPH: maxIter must be >= 1, got " + maxIter);
        }

        /** Unpenalised, 100 iterations. */
        public static Options defaults() { return new Options(0, 100); }

        /** With an L2 penalizer (lifelines' convention). */
        public static Options penalized(double penalizer) { return new Options(penalizer, 100); }
    }

    /**
     * A univariate Wald test of one covariate (unpenalised fit). A constant covariate carries no information:
     * coefficient 0 and NaN se, z and p (so a screen {@code p < 0.05} never selects it).
     *
     * @param coefficient the log hazard ratio
     * @param se          its standard error
     * @param z           coefficient / se
     * @param p           two-sided p-value 2 (1 - Phi(|z|))
     * @param converged   whether Newton-Raphson converged (false e.g. when the covariate separates the events)
     */
    public record Univariate(double coefficient, double se, double z, double p, boolean converged) {}

    /** Partial log-likelihood (Breslow) with its gradient [p] and Hessian [p][p] at one beta. */
    public record Derivatives(double logLikelihood, double[] gradient, double[][] hessian) {}

    private final double[] beta;
    private final double[] se;
    private final double logLikelihood;
    private final int iterations;
    private final boolean converged;

    private CoxPH(double[] beta, double[] se, double logLikelihood, int iterations, boolean converged) {
        this.beta = beta;
        this.se = se;
        this.logLikelihood = logLikelihood;
        this.iterations = iterations;
        this.converged = converged;
    }

    /** Unpenalised fit. */
    public static CoxPH fit(double[][] x, double[] time, boolean[] event) {
        return fit(x, time, event, Options.defaults());
    }

    /**
     * Fits the model.
     *
     * @param x     covariates [n][p]
     * @param time  follow-up time of each row (finite)
     * @param event true where the row's time is an event (death), false where it is censored
     */
    public static CoxPH fit(double[][] x, double[] time, boolean[] event, Options options) {
        int[] order = check("CoxPH.fit", x, time, event);
        int n = x.length, p = x[0].length;
        double pen = options.penalizer() * n;
        double[] b = new double[p];
        Derivatives d = penalised(derivatives(x, time, event, order, b), b, pen);
        int iter = 0;
        boolean converged = false;
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(p);
        while (iter < options.maxIter()) {
            iter++;
            double[] step = newtonStep(solver, d);
            double obj = d.logLikelihood();
            double[] trial = new double[p];
            if (maxAbs(step) < 1e-9) { // converged: take the last (tiny) Newton step
                for (int j = 0; j < p; j++) trial[j] = b[j] + step[j];
                b = trial;
                d = penalised(derivatives(x, time, event, order, b), b, pen);
                converged = true;
                break;
            }
            Derivatives dt = null;
            double scale = 1;
            double floor = obj - 1e-12 * Math.max(1, Math.abs(obj)); // rounding noise of the sum

            for (int h = 0; h <= 30; h++) {
                for (int j = 0; j < p; j++) trial[j] = b[j] + scale * step[j];
                dt = penalised(derivatives(x, time, event, order, trial), trial, pen);
                if (dt.logLikelihood() >= floor) break;
                scale *= 0.5;
            }
            if (!(dt.logLikelihood() >= floor)) { // no ascent at machine precision: at the optimum if g is tiny
                converged = maxAbs(d.gradient()) < 1e-6 * Math.max(1, Math.abs(obj));
                break;
            }
            b = trial;
            d = dt;
        }
        double[] se = standardErrors(d.hessian());
        return new CoxPH(b, se, d.logLikelihood(), iter, converged);
    }

    /** Univariate unpenalised Cox fit of one covariate [n] with its Wald z and two-sided p-value. */
    public static Univariate univariate(double[] column, double[] time, boolean[] event) {
        double[][] x = new double[column.length][1];
        for (int i = 0; i < column.length; i++) x[i][0] = column[i];
        CoxPH m = fit(x, time, event, Options.defaults());
        double b = m.beta[0], s = m.se[0];
        double z = b / s;
        double pValue = SpecialMath.erfc(Math.abs(z) / Math.sqrt(2));
        return new Univariate(b, s, z, pValue, m.converged);
    }

    /** {@link #univariate(double[], double[], boolean[])} for every column of x [n][p], in parallel. */
    public static Univariate[] univariate(double[][] x, double[] time, boolean[] event) {
        check("CoxPH.univariate", x, time, event);
        int p = x[0].length;
        Univariate[] out = new Univariate[p];
        Parallel.forRange(p, 1, (start, end) -> {
            double[] col = new double[x.length];
            for (int j = start; j < end; j++) {
                for (int i = 0; i < x.length; i++) col[i] = x[i][j];
                out[j] = univariate(col, time, event);
            }
        });
        return out;
    }

    /** The Breslow partial log-likelihood l(beta) (unpenalised). */
    public static double logPartialLikelihood(double[][] x, double[] time, boolean[] event, double[] beta) {
        return derivatives(x, time, event, beta).logLikelihood();
    }

    /** l(beta), its gradient and its Hessian (unpenalised; Breslow ties). */
    public static Derivatives derivatives(double[][] x, double[] time, boolean[] event, double[] beta) {
        int[] order = check("CoxPH.derivatives", x, time, event);
        if (beta.length != x[0].length) {
            throw new IllegalArgumentException("CoxPH.derivatives: beta has length " + beta.length + ", x has "
                    + x[0].length + " columns");
        }
        return derivatives(x, time, event, order, beta);
    }

    /** Risk scores x.beta [m] (higher = higher hazard = shorter expected survival). */
    public double[] riskScores(double[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != beta.length) {
                throw new IllegalArgumentException("CoxPH.riskScores: row " + i + " has " + x[i].length
                        + " covariates, the model " + beta.length);
            }
            double s = 0;
            for (int j = 0; j < beta.length; j++) s += x[i][j] * beta[j];
            out[i] = s;
        }
        return out;
    }

    /** The coefficients beta (log hazard ratios), a copy. */
    public double[] coefficients() { return beta.clone(); }

    /** Hazard ratios exp(beta). */
    public double[] hazardRatios() {
        double[] hr = new double[beta.length];
        for (int j = 0; j < hr.length; j++) hr[j] = Math.exp(beta[j]);
        return hr;
    }

    /** Standard errors of beta (see the class comment), a copy. */
    public double[] standardErrors() { return se.clone(); }

    /** Wald z = beta / se. */
    public double[] zScores() {
        double[] z = new double[beta.length];
        for (int j = 0; j < z.length; j++) z[j] = beta[j] / se[j];
        return z;
    }

    /** Two-sided Wald p-values. */
    public double[] pValues() {
        double[] z = zScores();
        for (int j = 0; j < z.length; j++) z[j] = SpecialMath.erfc(Math.abs(z[j]) / Math.sqrt(2));
        return z;
    }

    /** The penalised objective at the fitted beta (equal to l(beta) when unpenalised). */
    public double logLikelihood() { return logLikelihood; }

    /** Newton iterations used. */
    public int iterations() { return iterations; }

    /** Whether the stopping criterion was met within maxIter. */
    public boolean converged() { return converged; }

    // ---- internals ----

    /** Rows sorted by decreasing time (ties in input order): the risk set grows along this order. */
    private static int[] check(String op, double[][] x, double[] time, boolean[] event) {
        if (x.length == 0) throw new IllegalArgumentException(op + ": x has no rows");
        int p = x[0].length;
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != p) throw new IllegalArgumentException(op + ": row " + i + " of x has " + x[i].length + " columns, row 0 has " + p);
        }
        if (time.length != x.length || event.length != x.length) {
            throw new IllegalArgumentException(op + ": x has " + x.length + " rows, time " + time.length
                    + ", event " + event.length);
        }
        for (int i = 0; i < time.length; i++) {
            if (!Double.isFinite(time[i])) throw new IllegalArgumentException(op + ": time[" + i + "] = " + time[i]);
        }
        Integer[] idx = new Integer[x.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, c) -> Double.compare(time[c], time[a]));
        int[] order = new int[idx.length];
        for (int i = 0; i < idx.length; i++) order[i] = idx[i];
        return order;
    }

    private static Derivatives derivatives(double[][] x, double[] time, boolean[] event, int[] order, double[] beta) {
        int n = x.length, p = beta.length;
        double[] eta = new double[n];
        double shift = Double.NEGATIVE_INFINITY; // exp(eta - shift) avoids overflow; cancels in every ratio
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < p; j++) s += x[i][j] * beta[j];
            eta[i] = s;
            shift = Math.max(shift, s);
        }
        double s0 = 0;
        double[] s1 = new double[p];
        double[][] s2 = new double[p][p];
        double ll = 0;
        double[] grad = new double[p];
        double[][] hess = new double[p][p];
        int pos = 0;
        while (pos < n) {
            double t = time[order[pos]];
            int end = pos;
            while (end < n && time[order[end]] == t) end++;
            int deaths = 0;
            for (int k = pos; k < end; k++) {
                int i = order[k];
                double w = Math.exp(eta[i] - shift);
                s0 += w;
                double[] xi = x[i];
                for (int a = 0; a < p; a++) {
                    double wa = w * xi[a];
                    s1[a] += wa;
                    double[] row = s2[a];
                    for (int c = 0; c <= a; c++) row[c] += wa * xi[c];
                }
                if (event[i]) {
                    deaths++;
                    ll += eta[i];
                    for (int a = 0; a < p; a++) grad[a] += xi[a];
                }
            }
            if (deaths > 0) {
                ll -= deaths * (Math.log(s0) + shift);
                for (int a = 0; a < p; a++) {
                    double ma = s1[a] / s0;
                    grad[a] -= deaths * ma;
                    for (int c = 0; c <= a; c++) hess[a][c] -= deaths * (s2[a][c] / s0 - ma * s1[c] / s0);
                }
            }
            pos = end;
        }
        for (int a = 0; a < p; a++) for (int c = a + 1; c < p; c++) hess[a][c] = hess[c][a];
        return new Derivatives(ll, grad, hess);
    }

    private static Derivatives penalised(Derivatives d, double[] beta, double pen) {
        if (pen == 0) return d;
        double sq = 0;
        double[] g = d.gradient();
        double[][] h = d.hessian();
        for (int j = 0; j < beta.length; j++) {
            sq += beta[j] * beta[j];
            g[j] -= pen * beta[j];
            h[j][j] -= pen;
        }
        return new Derivatives(d.logLikelihood() - 0.5 * pen * sq, g, h);
    }

    /** Solves (-H) step = g; falls back to a general LU solve when -H is not positive definite. */
    private static double[] newtonStep(LinearSolverDense<DMatrixRMaj> solver, Derivatives d) {
        int p = d.gradient().length;
        DMatrixRMaj negH = negated(d.hessian());
        DMatrixRMaj g = new DMatrixRMaj(p, 1, true, d.gradient());
        DMatrixRMaj step = new DMatrixRMaj(p, 1);
        if (solver.setA(negH.copy())) {
            solver.solve(g, step);
        } else if (!CommonOps_DDRM.solve(negH, g, step)) {
            for (int j = 0; j < p; j++) step.data[j] = d.gradient()[j] * 1e-3; // singular: a small gradient step
        }
        for (double v : step.data) if (!Double.isFinite(v)) return new double[p];
        return step.data;
    }

    private static double[] standardErrors(double[][] hessian) {
        int p = hessian.length;
        DMatrixRMaj inv = negated(hessian);
        double[] se = new double[p];
        if (!CommonOps_DDRM.invert(inv)) {
            Arrays.fill(se, Double.NaN);
            return se;
        }
        for (int j = 0; j < p; j++) {
            double v = inv.get(j, j);
            se[j] = v > 0 ? Math.sqrt(v) : Double.NaN;
        }
        return se;
    }

    private static DMatrixRMaj negated(double[][] h) {
        int p = h.length;
        DMatrixRMaj m = new DMatrixRMaj(p, p);
        for (int a = 0; a < p; a++) for (int c = 0; c < p; c++) m.set(a, c, -h[a][c]);
        return m;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }
}
