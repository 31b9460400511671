package org.genex.algorithms.supervised;

import static org.genex.algorithms.Golden.doubles;
import static org.genex.algorithms.Golden.ints;
import static org.genex.algorithms.Golden.map;
import static org.genex.algorithms.Golden.num;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.genex.algorithms.Golden;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    static double[][] rows(double[] flat, int n, int p) {
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * p, x[i], 0, p);
        return x;
    }

    @Test
    void matchesScikitLearnAtConvergence() {
        Map<String, Object> g = Golden.load("baselines/logistic_regression.json");
        for (Object o : Golden.list(g.get("cases"))) {
            Map<String, Object> c = map(o);
            int n = (int) num(c.get("n")), p = (int) num(c.get("p")), k = (int) num(c.get("k"));
            double[][] x = rows(doubles(c.get("x")), n, p);
            int[] y = ints(c.get("y"));
            LogisticRegression m = LogisticRegression.fit(x, y, k,
                    LogisticRegression.Options.defaults().withC(num(c.get("C"))).withTol(1e-9));
            assertTrue(m.converged());
            double[] coef = doubles(c.get("coef")), b = doubles(c.get("intercept"));
            double[][] w = m.coefficients();
            if (k == 2) {
                assertArrayEquals(coef, w[1], 1e-6);
                assertEquals(b[0], m.intercepts()[1], 1e-6);
            } else {
                for (int cls = 0; cls < k; cls++) {
                    for (int j = 0; j < p; j++) assertEquals(coef[cls * p + j], w[cls][j], 1e-6, "coef " + cls + "," + j);
                    assertEquals(b[cls], m.intercepts()[cls], 1e-6, "intercept " + cls);
                }
            }
            double[] proba = doubles(c.get("proba"));
            double[][] pr = m.predictProba(java.util.Arrays.copyOf(x, 5));
            for (int i = 0; i < 5; i++) for (int cls = 0; cls < k; cls++) assertEquals(proba[i * k + cls], pr[i][cls], 1e-7);
        }
    }

    @Test
    void separableDataIsLearnedAndProbabilitiesSumToOne() {
        Rng rng = Rng.seeded(3);
        int n = 300, p = 10, k = 4;
        double[][] x = new double[n][p];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
            for (int j = 0; j < p; j++) x[i][j] = rng.gaussian() * 0.5 + (j == y[i] ? 4 : 0);
        }
        LogisticRegression m = LogisticRegression.fit(x, y);
        assertEquals(k, m.numClasses());
        int[] pred = m.predict(x);
        int correct = 0;
        for (int i = 0; i < n; i++) if (pred[i] == y[i]) correct++;
        assertTrue(correct >= 0.98 * n, "accuracy " + correct);
        for (double[] row : m.predictProba(x)) {
            double s = 0;
            for (double v : row) s += v;
            assertEquals(1, s, 1e-12);
        }
        double bs = 0;
        for (double v : m.intercepts()) bs += v;
        assertEquals(0, bs, 1e-12);
    }

    @Test
    void balancedWeightsFavourTheRareClass() {
        Rng rng = Rng.seeded(4);
        int n = 400;
        double[][] x = new double[n][1];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i < 40 ? 1 : 0;
            x[i][0] = rng.gaussian() + (y[i] == 1 ? 1.0 : 0);
        }
        var plain = LogisticRegression.fit(x, y, 2, LogisticRegression.Options.defaults());
        var bal = LogisticRegression.fit(x, y, 2, LogisticRegression.Options.defaults().withBalanced(true));
        assertTrue(bal.intercepts()[1] > plain.intercepts()[1] + 1);
    }

    @Test
    void sameBitsForAnyThreadCount() {
        Rng rng = Rng.seeded(5);
        int n = 700, p = 8;
        double[][] x = new double[n][p];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) x[i][j] = rng.gaussian();
            y[i] = x[i][0] + 0.5 * rng.gaussian() > 0 ? (x[i][1] > 0 ? 2 : 1) : 0;
        }
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double[][] a = LogisticRegression.fit(x, y).coefficients();
            Parallel.setThreads(3);
            double[][] b = LogisticRegression.fit(x, y).coefficients();
            for (int k = 0; k < a.length; k++) assertArrayEquals(a[k], b[k], 0.0);
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void badInputs() {
        double[][] x = {{1}, {2}};
        assertThrows(IllegalArgumentException.class, () -> LogisticRegression.fit(x, new int[] {0, 3}, 2,
                LogisticRegression.Options.defaults()));
        assertThrows(IllegalArgumentException.class, () -> LogisticRegression.fit(x, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> LogisticRegression.Options.defaults().withC(0));
        LogisticRegression m = LogisticRegression.fit(x, new int[] {0, 1});
        assertThrows(IllegalArgumentException.class, () -> m.predict(new double[][] {{1, 2}}));
    }

    @Test
    void standardizerMatchesDefinition() {
        double[][] x = {{1, 5, Double.NaN}, {3, 5, 2}, {5, 5, 4}};
        Standardizer s = Standardizer.fit(x);
        assertArrayEquals(new double[] {3, 5, 3}, s.mean(), 1e-15);
        assertArrayEquals(new double[] {Math.sqrt(8.0 / 3), 1, 1}, s.sd(), 1e-15);
        double[][] z = s.transform(x);
        assertEquals(-2 / Math.sqrt(8.0 / 3), z[0][0], 1e-15);
        assertEquals(0, z[1][1], 0);
        assertTrue(Double.isNaN(z[0][2]));
        double[][] back = s.inverseTransform(z);
        assertArrayEquals(x[2], back[2], 1e-14);
    }
}
