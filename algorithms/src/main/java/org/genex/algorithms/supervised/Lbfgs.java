package org.genex.algorithms.supervised;

import java.util.Arrays;

/**
 * Limited-memory BFGS (Nocedal and Wright, Algorithm 7.4/7.5) for smooth unconstrained minimisation, with a
 * backtracking Armijo line search (step 1, halved until sufficient decrease; the first iteration starts from a
 * step of 1/||g||) and curvature pairs kept only when s.y > 0. Stops when max|g_i| <= gtol, when the objective
 * stops decreasing (relative change below 1e-15 in
 * five successive iterations), or after maxIter iterations.
 */
final class Lbfgs {
    /** f(x); writes the gradient into {@code grad} (same length as x). */
    interface Objective {
        double evaluate(double[] x, double[] grad);
    }

    /** The minimiser found, its value, iterations used and whether the gradient criterion was met. */
    record Result(double[] x, double value, int iterations, boolean converged) {}

    private Lbfgs() {}

    static Result minimize(Objective f, double[] x0, int memory, int maxIter, double gtol) {
        int n = x0.length;
        double[] x = x0.clone();
        double[] g = new double[n];
        double fx = f.evaluate(x, g);
        double[][] s = new double[memory][n], y = new double[memory][n];
        double[] rho = new double[memory], alpha = new double[memory];
        int stored = 0, head = 0;
        double[] d = new double[n], xNew = new double[n], gNew = new double[n];
        int iter = 0, stalls = 0;
        boolean converged = maxAbs(g) <= gtol;
        while (!converged && iter < maxIter) {
            // Two-loop recursion: d = -H g.
            for (int i = 0; i < n; i++) d[i] = -g[i];
            for (int k = 0; k < stored; k++) {
                int j = Math.floorMod(head - 1 - k, memory);
                alpha[j] = rho[j] * dot(s[j], d);
                axpy(-alpha[j], y[j], d);
            }
            if (stored > 0) {
                int last = Math.floorMod(head - 1, memory);
                double gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
                for (int i = 0; i < n; i++) d[i] *= gamma;
            }
            for (int k = stored - 1; k >= 0; k--) {
                int j = Math.floorMod(head - 1 - k, memory);
                double beta = rho[j] * dot(y[j], d);
                axpy(alpha[j] - beta, s[j], d);
            }
            double slope = dot(g, d);
            if (slope >= 0) { // not a descent direction: restart from steepest descent
                stored = 0;
                for (int i = 0; i < n; i++) d[i] = -g[i];
                slope = dot(g, d);
            }
            double step = stored == 0 ? Math.min(1.0, 1.0 / Math.sqrt(-slope)) : 1.0;
            double fNew;
            int halvings = 0;
            while (true) {
                for (int i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
                fNew = f.evaluate(xNew, gNew);
                if (fNew <= fx + 1e-4 * step * slope || halvings >= 60) break;
                step *= 0.5;
                halvings++;
            }
            iter++;
            if (!(fNew <= fx)) break; // no decrease possible at machine precision
            double sy = 0, yy = 0;
            for (int i = 0; i < n; i++) {
                double si = xNew[i] - x[i], yi = gNew[i] - g[i];
                s[head][i] = si;
                y[head][i] = yi;
                sy += si * yi;
                yy += yi * yi;
            }
            if (sy > 1e-12 * Math.sqrt(yy) * Math.sqrt(dot(s[head], s[head]))) {
                rho[head] = 1 / sy;
                head = (head + 1) % memory;
                stored = Math.min(stored + 1, memory);
            }
            double fOld = fx;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            converged = maxAbs(g) <= gtol;
            stalls = (fOld - fx) <= 1e-15 * Math.max(Math.abs(fOld), 1) ? stalls + 1 : 0;
            if (!converged && stalls >= 5) break;
        }
        return new Result(x, fx, iter, converged);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += a * x[i];
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return Double.isNaN(Arrays.stream(a).sum()) ? Double.NaN : m;
    }
}
