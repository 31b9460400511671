package org.genex.algorithms.survival;

import static org.genex.algorithms.Golden.doubles;
import static org.genex.algorithms.Golden.ints;
import static org.genex.algorithms.Golden.num;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.genex.algorithms.Golden;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;
import org.genex.tensor.SpecialMath;
import org.junit.jupiter.api.Test;

class CoxPHTest {

    /** Survival data from a Cox model with exponential baseline, times rounded to make ties, random censoring. */
    record Data(double[][] x, double[] time, boolean[] event) {}

    static Data simulate(long seed, int n, double[] beta, double round) {
        Rng rng = Rng.seeded(seed);
        int p = beta.length;
        double[][] x = new double[n][p];
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        for (int i = 0; i < n; i++) {
            double eta = 0;
            for (int j = 0; j < p; j++) {
                x[i][j] = rng.gaussian();
                eta += beta[j] * x[i][j];
            }
            double t = rng.exponential(Math.exp(eta));
            double c = rng.exponential(0.3);
            time[i] = Math.min(t, c);
            if (round > 0) time[i] = Math.ceil(time[i] / round) * round;
            event[i] = t <= c;
        }
        return new Data(x, time, event);
    }

    /** The Breslow partial log-likelihood by its definition, O(n^2). */
    static double bruteForce(Data d, double[] beta) {
        int n = d.x.length;
        double ll = 0;
        for (int i = 0; i < n; i++) {
            if (!d.event[i]) continue;
            double sum = 0;
            for (int j = 0; j < n; j++) if (d.time[j] >= d.time[i]) sum += Math.exp(dot(d.x[j], beta));
            ll += dot(d.x[i], beta) - Math.log(sum);
        }
        return ll;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Test
    void likelihoodGradientAndHessianMatchDefinitionAndFiniteDifferences() {
        Data d = simulate(1, 120, new double[] {0.8, -0.5, 0.2}, 0.25); // rounding makes tied times
        double[] beta = {0.3, -0.7, 0.4};
        CoxPH.Derivatives der = CoxPH.derivatives(d.x, d.time, d.event, beta);
        assertEquals(bruteForce(d, beta), der.logLikelihood(), 1e-9);
        double h = 1e-5;
        for (int j = 0; j < 3; j++) {
            double[] up = beta.clone(), dn = beta.clone();
            up[j] += h;
            dn[j] -= h;
            double fd = (bruteForce(d, up) - bruteForce(d, dn)) / (2 * h);
            assertEquals(fd, der.gradient()[j], 1e-6, "gradient " + j);
            double[] gUp = CoxPH.derivatives(d.x, d.time, d.event, up).gradient();
            double[] gDn = CoxPH.derivatives(d.x, d.time, d.event, dn).gradient();
            for (int k = 0; k < 3; k++) {
                assertEquals((gUp[k] - gDn[k]) / (2 * h), der.hessian()[k][j], 1e-5, "hessian " + k + "," + j);
            }
        }
    }

    @Test
    void matchesStatsmodelsBreslowWithHeavyTies() {
        Map<String, Object> g = Golden.load("baselines/cox_breslow.json");
        int n = (int) num(g.get("n")), p = (int) num(g.get("p"));
        double[] flat = doubles(g.get("x"));
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * p, x[i], 0, p);
        double[] time = doubles(g.get("time"));
        int[] ev = ints(g.get("event"));
        boolean[] event = new boolean[n];
        for (int i = 0; i < n; i++) event[i] = ev[i] == 1;
        CoxPH m = CoxPH.fit(x, time, event);
        assertTrue(m.converged());
        assertArrayEquals(doubles(g.get("coef")), m.coefficients(), 1e-8);
        assertArrayEquals(doubles(g.get("se")), m.standardErrors(), 1e-8);
        assertEquals(num(g.get("loglike")), m.logLikelihood(), 1e-9);
        double[] col = new double[n];
        for (int i = 0; i < n; i++) col[i] = x[i][0];
        CoxPH.Univariate u = CoxPH.univariate(col, time, event);
        assertEquals(num(g.get("uni_coef")), u.coefficient(), 1e-8);
        assertEquals(num(g.get("uni_se")), u.se(), 1e-8);
        assertEquals(num(g.get("uni_p")), u.p(), 1e-8);
        CoxPH pen = CoxPH.fit(x, time, event, CoxPH.Options.penalized(num(g.get("penalizer"))));
        assertArrayEquals(doubles(g.get("pen_coef")), pen.coefficients(), 1e-7);
    }

    @Test
    void scoreTestAtZeroIsTheLogRankTest() {
        // One binary covariate, distinct times: U = O1 - E1 and I = sum n1 n0 / n^2, the log-rank statistic.
        Rng rng = Rng.seeded(2);
        int n = 60;
        double[][] x = new double[n][1];
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = i % 2;
            time[i] = rng.exponential(x[i][0] == 1 ? 2.0 : 1.0);
            event[i] = rng.bernoulli(0.7);
        }
        double o1 = 0, e1 = 0, v = 0;
        for (int i = 0; i < n; i++) {
            if (!event[i]) continue;
            int atRisk = 0, atRisk1 = 0;
            for (int j = 0; j < n; j++) {
                if (time[j] >= time[i]) {
                    atRisk++;
                    if (x[j][0] == 1) atRisk1++;
                }
            }
            o1 += x[i][0];
            e1 += (double) atRisk1 / atRisk;
            v += (double) atRisk1 * (atRisk - atRisk1) / ((double) atRisk * atRisk);
        }
        CoxPH.Derivatives der = CoxPH.derivatives(x, time, event, new double[1]);
        assertEquals(o1 - e1, der.gradient()[0], 1e-12);
        assertEquals(v, -der.hessian()[0][0], 1e-12);
    }

    @Test
    void fitReachesTheOptimumAndRecoversTheSimulatedEffects() {
        double[] truth = {1.0, -0.5, 0.0};
        Data d = simulate(3, 2000, truth, 0);
        CoxPH m = CoxPH.fit(d.x, d.time, d.event);
        assertTrue(m.converged());
        double[] b = m.coefficients();
        CoxPH.Derivatives der = CoxPH.derivatives(d.x, d.time, d.event, b);
        for (double g : der.gradient()) assertEquals(0, g, 1e-7);
        for (int j = 0; j < 3; j++) {
            assertEquals(truth[j], b[j], 4 * m.standardErrors()[j], "beta " + j);
            assertTrue(m.standardErrors()[j] > 0.01 && m.standardErrors()[j] < 0.1);
        }
        assertEquals(bruteForce(d, b), m.logLikelihood(), 1e-8);
        double[] risk = m.riskScores(d.x);
        assertEquals(dot(d.x[5], b), risk[5], 1e-15);
        assertEquals(Math.exp(b[0]), m.hazardRatios()[0], 1e-15);
        assertTrue(ConcordanceIndex.harrell(d.time, d.event, risk) > 0.7);
        // Standard errors: sqrt of the diagonal of the inverse observed information.
        double[][] info = der.hessian();
        double det = 0; // check via (-H) se-vector consistency: (-H)^-1 diagonal by cofactors for 3x3
        double a = -info[0][0], bb = -info[0][1], c = -info[0][2], e = -info[1][1], f = -info[1][2], i = -info[2][2];
        det = a * (e * i - f * f) - bb * (bb * i - f * c) + c * (bb * f - e * c);
        assertEquals(Math.sqrt((e * i - f * f) / det), m.standardErrors()[0], 1e-9);
        assertEquals(Math.sqrt((a * i - c * c) / det), m.standardErrors()[1], 1e-9);
    }

    @Test
    void penaltyFollowsLifelinesScaling() {
        Data d = simulate(4, 300, new double[] {1.0, -1.0}, 0.1);
        double pen = 0.05;
        CoxPH m = CoxPH.fit(d.x, d.time, d.event, CoxPH.Options.penalized(pen));
        assertTrue(m.converged());
        double[] b = m.coefficients();
        double[] g = CoxPH.derivatives(d.x, d.time, d.event, b).gradient();
        // Stationarity of l(beta) - 0.5 * pen * n * ||beta||^2.
        for (int j = 0; j < 2; j++) assertEquals(pen * 300 * b[j], g[j], 1e-7);
        double sq = b[0] * b[0] + b[1] * b[1];
        assertEquals(bruteForce(d, b) - 0.5 * pen * 300 * sq, m.logLikelihood(), 1e-8);
        CoxPH free = CoxPH.fit(d.x, d.time, d.event);
        assertTrue(Math.abs(b[0]) < Math.abs(free.coefficients()[0]));
    }

    @Test
    void univariateWaldTest() {
        Data d = simulate(5, 400, new double[] {0.7, 0.0}, 0);
        CoxPH.Univariate[] u = CoxPH.univariate(d.x, d.time, d.event);
        double[] col0 = new double[400];
        for (int i = 0; i < 400; i++) col0[i] = d.x[i][0];
        CoxPH.Univariate single = CoxPH.univariate(col0, d.time, d.event);
        assertEquals(single, u[0]);
        assertTrue(u[0].converged());
        assertEquals(u[0].coefficient() / u[0].se(), u[0].z(), 1e-15);
        assertEquals(SpecialMath.erfc(Math.abs(u[0].z()) / Math.sqrt(2)), u[0].p(), 1e-15);
        assertTrue(u[0].p() < 1e-8, "p " + u[0].p());
        assertTrue(u[1].p() > 1e-3 && u[1].p() <= 1, "p " + u[1].p());
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            CoxPH.Univariate[] one = CoxPH.univariate(d.x, d.time, d.event);
            assertArrayEquals(u, one);
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void constantCovariateIsNeverSignificant() {
        Data d = simulate(6, 50, new double[] {1.0}, 0);
        CoxPH.Univariate u = CoxPH.univariate(new double[50], d.time, d.event);
        assertEquals(0, u.coefficient(), 0);
        assertTrue(Double.isNaN(u.se()) && Double.isNaN(u.p())); // no information: never passes p < 0.05
    }

    @Test
    void separatedCovariateDoesNotConverge() {
        double[][] x = {{0}, {0}, {1}, {1}};
        double[] t = {1, 2, 3, 4};
        boolean[] e = {true, true, true, true};
        CoxPH.Univariate u = CoxPH.univariate(new double[] {1, 1, 0, 0}, t, e);
        assertFalse(u.converged() && Math.abs(u.coefficient()) < 5);
        assertThrows(IllegalArgumentException.class, () -> CoxPH.fit(x, new double[3], e));
        assertThrows(IllegalArgumentException.class, () -> CoxPH.fit(x, new double[] {1, 2, Double.NaN, 3}, e));
        assertThrows(IllegalArgumentException.class, () -> CoxPH.Options.penalized(-1));
    }
}
