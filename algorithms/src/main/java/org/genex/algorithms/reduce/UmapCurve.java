package org.genex.algorithms.reduce;

/**
 * umap-learn's {@code find_ab_params(spread, min_dist)}: the a, b of the low-dimensional similarity
 * 1 / (1 + a d^(2b)) fitted by least squares to the target curve y(d) = 1 for d &lt; min_dist and
 * exp(-(d - min_dist) / spread) beyond, at 300 points evenly spaced on [0, 3 spread] (umap-learn uses scipy's
 * {@code curve_fit}, i.e. MINPACK's Levenberg-Marquardt from a = b = 1). Here Levenberg-Marquardt with the
 * analytic Jacobian from the same start, iterated to convergence; it agrees with scipy to about 1e-6 relative
 * (scipy stops at its default tolerances). scanpy's defaults min_dist 0.5, spread 1 give a = 0.583, b = 1.334.
 */
public final class UmapCurve {
    private UmapCurve() {}

    /**
     * {a, b} for the given spread and min_dist.
     *
     * @throws IllegalArgumentException unless spread &gt; 0 and 0 &lt;= min_dist
     */
    public static double[] findAbParams(double spread, double minDist) {
        if (!(spread > 0) || !(minDist >= 0) || Double.isInfinite(spread) || Double.isInfinite(minDist))
            throw new IllegalArgumentException("UmapCurve: spread = " + spread + ", min_dist = " + minDist
                    + ", expected spread > 0 and min_dist >= 0, finite");
        int m = 300;
        double[] x = new double[m], y = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = spread * 3 * i / (m - 1);                  // np.linspace(0, spread * 3, 300)
            y[i] = x[i] < minDist ? 1.0 : Math.exp(-(x[i] - minDist) / spread);
        }
        double a = 1, b = 1, lambda = 1e-3;
        double sse = sse(x, y, a, b);
        for (int it = 0; it < 500; it++) {
            double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
            for (int i = 0; i < m; i++) {
                if (x[i] == 0) continue;                      // f = 1 and zero derivatives for b > 0
                double p = Math.pow(x[i], 2 * b), den = 1 + a * p, f = 1 / den, r = f - y[i];
                double da = -p / (den * den), db = -a * p * 2 * Math.log(x[i]) / (den * den);
                jaa += da * da;
                jab += da * db;
                jbb += db * db;
                ga += da * r;
                gb += db * r;
            }
            boolean accepted = false;
            while (!accepted && lambda < 1e16) {
                double h11 = jaa * (1 + lambda), h22 = jbb * (1 + lambda), det = h11 * h22 - jab * jab;
                double stepA = -(h22 * ga - jab * gb) / det, stepB = -(h11 * gb - jab * ga) / det;
                double na = a + stepA, nb = b + stepB;
                double nsse = nb > 0 ? sse(x, y, na, nb) : Double.POSITIVE_INFINITY;
                if (nsse <= sse) {
                    boolean small = Math.abs(stepA) <= 1e-15 * Math.abs(a) && Math.abs(stepB) <= 1e-15 * Math.abs(b);
                    a = na;
                    b = nb;
                    double prev = sse;
                    sse = nsse;
                    lambda = Math.max(lambda / 10, 1e-15);
                    accepted = true;
                    if (small || prev - nsse <= 1e-18 * prev) return new double[] {a, b};
                } else {
                    lambda *= 10;
                }
            }
            if (!accepted) break;
        }
        return new double[] {a, b};
    }

    private static double sse(double[] x, double[] y, double a, double b) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double f = x[i] == 0 ? 1 : 1 / (1 + a * Math.pow(x[i], 2 * b));
            s += (f - y[i]) * (f - y[i]);
        }
        return s;
    }
}
