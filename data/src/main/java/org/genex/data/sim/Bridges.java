package org.genex.data.sim;

import org.genex.tensor.Rng;

/**
 * The smoothed Brownian bridges of splatter's path simulation ({@code bridge} in {@code splat-simulate.R}): a random
 * walk on 5 control points pinned at both ends, interpolated to the path's steps by a natural cubic spline (R's
 * {@code spline(..., method = "natural")}, which splatter uses since 1.15.1).
 */
final class Bridges {
    private Bridges() {}

    /** Control points of a bridge (splatter's {@code N = 5}). */
    static final int CONTROL_POINTS = 5;

    /**
     * A bridge from {@code x} to {@code y} evaluated at {@code n} equally spaced steps (step 0 is x, step n-1 is y).
     *
     * <ol>
     *   <li>{@code sd ~ Uniform(0, sigmaFac * (x + y) / 2)} (splatter's {@code sigma2});</li>
     *   <li>a walk {@code W_0 = 0, W_k = W_{k-1} + N(0, sd) * sqrt(dt)} over the control points, dt = 1/(N-1);</li>
     *   <li>pinned: {@code B_k = x + W_k - t_k (W_{N-1} - y + x)}, t_k = k dt, so B_0 = x and B_{N-1} = y;</li>
     *   <li>a natural cubic spline through (k, B_k) evaluated at n equally spaced points of [0, N-1];</li>
     *   <li>values below 0 become 1e-6.</li>
     * </ol>
     * With {@code sigmaFac = 0} the bridge is the straight line from x to y and draws nothing.
     */
    static double[] bridge(double x, double y, int n, double sigmaFac, Rng rng) {
        double[] out = new double[n];
        if (n == 1) {
            out[0] = x;
            return out;
        }
        if (sigmaFac == 0) {
            for (int s = 0; s < n; s++) {
                double v = s == n - 1 ? y : x + (y - x) * (s / (double) (n - 1));
                out[s] = v < 0 ? 1e-6 : v;
            }
            return out;
        }
        int N = CONTROL_POINTS;
        double dt = 1.0 / (N - 1);
        double hi = sigmaFac * (x + y) / 2;
        double sd = hi > 0 ? rng.uniform(0, hi) : 0;
        double[] w = new double[N];
        for (int k = 1; k < N; k++) w[k] = w[k - 1] + rng.gaussian() * sd * Math.sqrt(dt);
        double[] b = new double[N];
        for (int k = 0; k < N; k++) b[k] = x + w[k] - k * dt * (w[N - 1] - y + x);
        b[0] = x; // exact ends despite rounding
        b[N - 1] = y;
        double[] m = naturalSplineMoments(b);
        for (int s = 0; s < n; s++) {
            double v = s == n - 1 ? y : evaluate(b, m, s * (N - 1) / (double) (n - 1));
            out[s] = v < 0 ? 1e-6 : v;
        }
        return out;
    }

    /**
     * Second derivatives {@code M_k} of the natural cubic spline through (k, y_k), k = 0..N-1 (unit spacing):
     * M_0 = M_{N-1} = 0 and {@code M_{k-1} + 4 M_k + M_{k+1} = 6 (y_{k+1} - 2 y_k + y_{k-1})} inside, solved by the
     * Thomas algorithm.
     */
    static double[] naturalSplineMoments(double[] y) {
        int n = y.length;
        double[] m = new double[n];
        if (n < 3) return m;
        int k = n - 2; // unknowns M_1 .. M_{n-2}
        double[] c = new double[k], d = new double[k];
        for (int i = 0; i < k; i++) {
            double rhs = 6 * (y[i + 2] - 2 * y[i + 1] + y[i]);
            double denom = 4 - (i > 0 ? c[i - 1] : 0);
            c[i] = 1 / denom;
            d[i] = (rhs - (i > 0 ? d[i - 1] : 0)) / denom;
        }
        m[k] = d[k - 1];
        for (int i = k - 2; i >= 0; i--) m[i + 1] = d[i] - c[i] * m[i + 2];
        return m;
    }

    /** The spline with knots (k, y_k) and moments M at position t in [0, N-1]. */
    static double evaluate(double[] y, double[] m, double t) {
        int k = Math.min((int) Math.floor(t), y.length - 2);
        double a = k + 1 - t, b = t - k; // weights of the left and right knot, unit spacing
        return a * y[k] + b * y[k + 1] + ((a * a * a - a) * m[k] + (b * b * b - b) * m[k + 1]) / 6;
    }
}
