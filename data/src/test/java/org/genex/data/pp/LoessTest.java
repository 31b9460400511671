package org.genex.data.pp;

import static org.genex.data.pp.PpData.report;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.genex.tensor.Parallel;
import org.junit.jupiter.api.Test;

/**
 * The direct loess against pp_golden.py's NumPy loess (weighted lstsq at every point; the script checks it equals
 * scikit-misc's surface="direct" to 1e-14) and, for the record, against scikit-misc's default interpolated surface
 * that scanpy uses.
 */
class LoessTest {

    @Test
    void matchesNumpyOnPbmcMeanVariance() {
        PpData.Table t = PpData.golden("loess_pbmc.csv");
        double[] fit = Loess.fit(t.doubles("x"), t.doubles("y"), 0.3);
        double d = PpData.maxAbsDiff(fit, t.doubles("direct"), "direct");
        report("loess (pbmc, span 0.3) vs numpy direct", d);
        assertTrue(d < 1e-10, "max |d| " + d);
        if (t.header().contains("skmisc_interpolate")) {
            double di = PpData.maxAbsDiff(fit, t.doubles("skmisc_interpolate"), "interpolate");
            report("loess direct vs skmisc surface=interpolate (scanpy's)", di);
            assertTrue(di < 0.02, "the documented difference of the two surfaces: " + di);
        }
    }

    @Test
    void matchesNumpyOnSmallDataForSeveralSpans() {
        PpData.Table t = PpData.golden("loess_small.csv");
        double[] x = t.doubles("x"), y = t.doubles("y");
        for (String span : new String[]{"0.3", "0.75", "1.0"}) {
            double d = PpData.maxAbsDiff(Loess.fit(x, y, Double.parseDouble(span)), t.doubles("direct_" + span), span);
            report("loess (60 points with a tie) span " + span + " vs numpy", d);
            assertTrue(d < 1e-10, span + ": " + d);
        }
    }

    @Test
    void orderOfTheInputDoesNotMatter() {
        PpData.Table t = PpData.golden("loess_small.csv");
        double[] x = t.doubles("x"), y = t.doubles("y");
        double[] fit = Loess.fit(x, y, 0.3);
        int n = x.length;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = (i * 37) % n;
        double[] px = new double[n], py = new double[n];
        for (int i = 0; i < n; i++) {
            px[i] = x[perm[i]];
            py[i] = y[perm[i]];
        }
        double[] pf = Loess.fit(px, py, 0.3);
        for (int i = 0; i < n; i++) assertEquals(fit[perm[i]], pf[i], 1e-12);
    }

    @Test
    void reproducesPolynomialsOfItsDegreeExactly() {
        Random rnd = new Random(3);
        double[] x = new double[50], y = new double[50], line = new double[50];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble() * 10 - 5;
            y[i] = 1.5 - 2 * x[i] + 0.25 * x[i] * x[i];
            line[i] = 3 - x[i];
        }
        assertArrayEquals(y, Loess.fit(x, y, 0.3), 1e-10);
        assertArrayEquals(line, Loess.fit(x, line, 0.3, 1), 1e-10);
    }

    @Test
    void robustPathAgreesWithTheNormalEquations() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            int n = 20 + rnd.nextInt(80);
            double[] xs = new double[n], ys = new double[n];
            for (int i = 0; i < n; i++) {
                xs[i] = rnd.nextInt(3) == 0 ? Math.floor(rnd.nextDouble() * 8) : rnd.nextGaussian() * 3;
                ys[i] = rnd.nextGaussian();
            }
            Arrays.sort(xs);
            int q = (int) Math.floor(n * 0.4 + 1e-5);
            for (int p = 0, l = 0; p < n; p++) {
                while (l + q < n && xs[l + q] - xs[p] < xs[p] - xs[l]) l++;
                double h = Math.max(xs[p] - xs[l], xs[l + q - 1] - xs[p]);
                if (!(h > 0)) continue;
                // h is the q-th smallest distance, whatever the ties
                double[] d = new double[n];
                for (int j = 0; j < n; j++) d[j] = Math.abs(xs[j] - xs[p]);
                Arrays.sort(d);
                assertEquals(d[q - 1], h, 0.0, "radius at " + p);
                double a = Loess.fitAt(xs, ys, p, l, q, 2, false), b = Loess.fitAt(xs, ys, p, l, q, 2, true);
                assertEquals(b, a, 1e-9 * Math.max(1, Math.abs(b)), "trial " + trial + " point " + p);
            }
        }
    }

    @Test
    void rankDeficientNeighbourhoodsStillFit() {
        // x takes only two values near each end: the local quadratic is not identifiable there, but its value at
        // a data point is (the mean of y over the points tied with it, with equal weights)
        double[] x = {0, 0, 0, 0, 1, 1, 1, 1, 5, 6, 7, 8, 9, 10, 11, 12};
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) y[i] = i % 3;
        double[] fit = Loess.fit(x, y, 0.45);
        double mean0 = (0 + 1 + 2 + 0) / 4.0;
        assertEquals(mean0, fit[0], 1e-9);
        for (double f : fit) assertTrue(Double.isFinite(f));
    }

    @Test
    void badInputsAreRejected() {
        double[] x = {1, 2, 3, 4, 5}, y = {1, 2, 3, 4, 5};
        assertThrows(IllegalArgumentException.class, () -> Loess.fit(x, new double[4], 0.5));
        assertThrows(IllegalArgumentException.class, () -> Loess.fit(x, y, 0));
        assertThrows(IllegalArgumentException.class, () -> Loess.fit(x, y, 1.2));
        assertThrows(IllegalArgumentException.class, () -> Loess.fit(x, y, 0.5, 3));
        assertThrows(IllegalArgumentException.class, () -> Loess.fit(x, y, 0.2), "one point per neighbourhood");
        assertThrows(IllegalArgumentException.class, () -> Loess.fit(new double[]{1, Double.NaN, 2}, new double[3], 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Loess.fit(new double[]{1, 1, 1, 1, 2, 3}, new double[6], 0.5));
        assertTrue(e.getMessage().contains("radius is 0"), e.getMessage());
    }

    @Test
    void sameBitsOnOneAndTwoThreads() {
        PpData.Table t = PpData.golden("loess_pbmc.csv");
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double[] one = Loess.fit(t.doubles("x"), t.doubles("y"), 0.3);
            Parallel.setThreads(2);
            double[] two = Loess.fit(t.doubles("x"), t.doubles("y"), 0.3);
            assertArrayEquals(one, two, 0.0);
        } finally {
            Parallel.setThreads(before);
        }
    }
}
