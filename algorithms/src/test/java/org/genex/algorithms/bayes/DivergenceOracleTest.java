package org.genex.algorithms.bayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;
import org.genex.tensor.cpu.Simd;
import org.junit.jupiter.api.Test;

/** The divergences against straightforward double loops over the definitions, and the two kernel paths. */
class DivergenceOracleTest {
    /** numpy's quantile of the full N x N distance matrix (diagonal included), by sorting all N^2 entries. */
    static double bandwidthBySorting(double[][] z) {
        int n = z.length;
        double[] all = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < z[0].length; k++) s += (z[i][k] - z[j][k]) * (z[i][k] - z[j][k]);
                all[i * n + j] = Math.sqrt(s);
            }
        Arrays.sort(all);
        return Quantiles.linearSorted(all, Math.min(0.5 + 1.0 / n, 1)) + 1e-6;
    }

    static double mmdLoops(double[][] x, double[][] y, boolean rbf) {
        double[][] z = new double[x.length + y.length][];
        System.arraycopy(x, 0, z, 0, x.length);
        System.arraycopy(y, 0, z, x.length, y.length);
        double ell = bandwidthBySorting(z);
        java.util.function.BiFunction<double[], double[], Double> k = (a, b) -> {
            double r2 = 0;
            for (int i = 0; i < a.length; i++) r2 += (a[i] - b[i]) * (a[i] - b[i]);
            return rbf ? Math.exp(-r2 / (2 * ell * ell)) : 1 / Math.sqrt(ell * ell / 4 + r2);
        };
        double xx = 0, yy = 0, xy = 0;
        for (int i = 0; i < x.length; i++) for (int j = 0; j < x.length; j++) if (i != j) xx += k.apply(x[i], x[j]);
        for (int i = 0; i < y.length; i++) for (int j = 0; j < y.length; j++) if (i != j) yy += k.apply(y[i], y[j]);
        for (double[] a : x) for (double[] b : y) xy += k.apply(a, b);
        int nx = x.length, ny = y.length;
        return xx / (nx * (nx - 1.0)) + yy / (ny * (ny - 1.0)) - 2 * xy / ((double) nx * ny);
    }

    static double[][] random(Rng r, int n, int d, double shift) {
        double[][] v = new double[n][d];
        for (double[] row : v) for (int k = 0; k < d; k++) row[k] = r.gaussian() + shift;
        return v;
    }

    static Points points(double[][] rows) { return Points.ofRows(rows); }

    @Test
    void mmdMatchesLoopsOnManyShapes() {
        Rng r = Rng.seeded(7);
        KernelSums[] paths = Simd.AVAILABLE ? new KernelSums[] {new ScalarKernelSums(), KernelSums.create(true)}
                : new KernelSums[] {new ScalarKernelSums()};
        int[][] shapes = {{2, 2, 1}, {3, 17, 1}, {40, 33, 1}, {9, 13, 2}, {25, 31, 12}, {70, 150, 1}, {130, 120, 3}};
        for (int[] s : shapes) {
            double[][] x = random(r, s[0], s[2], 0), y = random(r, s[1], s[2], 0.5);
            for (boolean rbf : new boolean[] {true, false}) {
                double expected = mmdLoops(x, y, rbf);
                for (KernelSums p : paths) {
                    double got = Mmd.median(rbf ? Mmd.Kernel.RBF : Mmd.Kernel.IMQ).mmd2(points(x), points(y), p);
                    assertEquals(expected, got, 1e-12 * (1 + Math.abs(expected)) + 1e-13, Arrays.toString(s) + " rbf=" + rbf + " " + p);
                }
            }
        }
    }

    @Test
    void ties() { // counts with many ties, as in the application
        Rng r = Rng.seeded(3);
        double[][] x = new double[60][1], y = new double[50][1];
        for (double[] v : x) v[0] = r.poisson(0.7);
        for (double[] v : y) v[0] = r.poisson(1.2);
        assertEquals(mmdLoops(x, y, true), Mmd.median(Mmd.Kernel.RBF).mmd2(points(x), points(y)), 1e-12);
        assertEquals(mmdLoops(x, y, false), Mmd.median(Mmd.Kernel.IMQ).mmd2(points(x), points(y)), 1e-12);
    }

    @Test
    void vectorExpIsWithinTwoUlps() {
        Rng r = Rng.seeded(11);
        for (int i = 0; i < 100_000; i++) {
            double x = -700 * r.nextDouble() * r.nextDouble();
            double e = Math.exp(x), got = VectorKernelSums.exp(x);
            assertTrue(Math.abs(got - e) <= 2 * Math.ulp(e), "exp(" + x + ") = " + got + " vs " + e);
        }
    }

    @Test
    void ksdMatchesLoops() {
        Rng r = Rng.seeded(5);
        for (int d : new int[] {1, 3}) {
            int n = 25;
            double[][] x = random(r, n, d, 0.2);
            double[] mu = new double[d];
            Arrays.fill(mu, -0.1);
            double[] score = new double[n * d];
            for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) score[i * d + k] = mu[k] - x[i][k];
            // the definition, term by term
            double c2;
            {
                double[][] z = x;
                double ell = bandwidthBySorting(z);
                c2 = ell * ell;
            }
            double sum = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    if (i == j) continue;
                    double r2 = 0, ss = 0, gs = 0;
                    for (int k = 0; k < d; k++) {
                        r2 += (x[i][k] - x[j][k]) * (x[i][k] - x[j][k]);
                        ss += score[i * d + k] * score[j * d + k];
                    }
                    double base = c2 + r2, kk = Math.pow(base, -0.5);
                    for (int k = 0; k < d; k++) gs += -Math.pow(base, -1.5) * (x[i][k] - x[j][k]) * score[j * d + k];
                    double tr = ((-1 + d - 2) * r2 + c2 * d) * Math.pow(base, -2.5);
                    sum += ss * kk + 2 * gs + tr;
                }
            assertEquals(sum / (n * (n - 1.0)), Ksd.median().ksd(points(x), score), 1e-12, "d=" + d);
        }
    }

    @Test
    void wassersteinAgainstQuantileIntegral() {
        Rng r = Rng.seeded(9);
        for (int t = 0; t < 20; t++) {
            int nx = 1 + r.nextInt(30), ny = 1 + r.nextInt(30);
            double[] x = new double[nx], y = new double[ny];
            for (int i = 0; i < nx; i++) x[i] = r.gaussian();
            for (int i = 0; i < ny; i++) y[i] = 2 * r.gaussian();
            double[] xs = x.clone(), ys = y.clone();
            Arrays.sort(xs);
            Arrays.sort(ys);
            // the integral of |Qx(u) - Qy(u)|^p over a fine midpoint grid (exact on the common refinement)
            int grid = nx * ny * 8;
            double w1 = 0, w2 = 0;
            for (int g = 0; g < grid; g++) {
                double u = (g + 0.5) / grid;
                double d = Math.abs(xs[(int) Math.floor(u * nx)] - ys[(int) Math.floor(u * ny)]);
                w1 += d / grid;
                w2 += d * d / grid;
            }
            assertEquals(w1, new Wasserstein1D(1).powered(x, y), 1e-9);
            assertEquals(w2, new Wasserstein1D(2).powered(x, y), 1e-9);
        }
        assertEquals(0, new Wasserstein1D(1).powered(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 0);
    }

    @Test
    void selectionAgreesWithSorting() {
        Rng r = Rng.seeded(13);
        for (int t = 0; t < 30; t++) {
            int n = 1 + r.nextInt(t < 20 ? 200 : 40_000);
            double[] a = new double[n];
            for (int i = 0; i < n; i++) a[i] = t % 3 == 0 ? r.nextInt(5) : r.gaussian();
            double[] s = a.clone();
            Arrays.sort(s);
            int k = r.nextInt(n);
            assertEquals(s[k], Quantiles.select(a.clone(), 0, n, k));
            double[] pair = Quantiles.selectPair(a, n, k);
            assertEquals(s[k], pair[0]);
            assertEquals(s[Math.min(k + 1, n - 1)], pair[1]);
        }
    }

    @Test
    void parallelEvaluationIsThreadCountIndependent() {
        GaussianLocationModel model = GaussianLocationModel.standard();
        Points x = Points.of(SkewNormal.standardised(5).sample(80, Rng.seeded(1)));
        java.util.List<Double> thetas = model.samplePosterior(x, 16, Rng.seeded(2));
        GbfDivergence div = GbfDivergence.twoSample(Mmd.median(Mmd.Kernel.RBF));
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double[] one = div.evaluate(model, thetas, x, Rng.seeded(3));
            Parallel.setThreads(2);
            double[] two = div.evaluate(model, thetas, x, Rng.seeded(3));
            assertTrue(Arrays.equals(one, two));
        } finally {
            Parallel.setThreads(before);
        }
    }
}
