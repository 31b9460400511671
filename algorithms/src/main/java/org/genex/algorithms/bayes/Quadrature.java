package org.genex.algorithms.bayes;

import java.util.function.DoubleUnaryOperator;

/** Composite Gauss&ndash;Legendre quadrature (20 nodes per panel), for the smooth 1-D integrals of the toy model. */
public final class Quadrature {
    private Quadrature() {}

    private static final int ORDER = 20;
    private static final double[] NODES = new double[ORDER], WEIGHTS = new double[ORDER];

    static { // nodes on [-1, 1]: Newton's method on P_ORDER from Chebyshev starting points
        for (int i = 0; i < ORDER; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (ORDER + 0.5));
            double dp = 0;
            for (int it = 0; it < 100; it++) {
                double p0 = 1, p1 = x;
                for (int k = 2; k <= ORDER; k++) {
                    double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                dp = ORDER * (x * p1 - p0) / (x * x - 1);
                double dx = p1 / dp;
                x -= dx;
                if (Math.abs(dx) < 1e-16) break;
            }
            NODES[i] = x;
            WEIGHTS[i] = 2 / ((1 - x * x) * dp * dp);
        }
    }

    /** &int;<sub>a</sub><sup>b</sup> f(x) dx over {@code panels} equal panels. */
    public static double integrate(DoubleUnaryOperator f, double a, double b, int panels) {
        if (panels < 1) throw new IllegalArgumentException("Quadrature.integrate: panels must be >= 1, got " + panels);
        double h = (b - a) / panels, sum = 0;
        for (int p = 0; p < panels; p++) {
            double mid = a + (p + 0.5) * h, half = 0.5 * h, s = 0;
            for (int i = 0; i < ORDER; i++) s += WEIGHTS[i] * f.applyAsDouble(mid + half * NODES[i]);
            sum += half * s;
        }
        return sum;
    }
}
