package org.genex.algorithms.supervised;

import static org.genex.algorithms.Golden.doubles;
import static org.genex.algorithms.Golden.map;
import static org.genex.algorithms.Golden.num;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.genex.algorithms.Golden;
import org.genex.tensor.Rng;
import org.junit.jupiter.api.Test;

class BayesianRidgeTest {

    @Test
    void matchesScikitLearnForTallAndWideData() {
        Map<String, Object> g = Golden.load("baselines/bayesian_ridge.json");
        for (Object o : Golden.list(g.get("cases"))) {
            Map<String, Object> c = map(o);
            int n = (int) num(c.get("n")), p = (int) num(c.get("p"));
            double[][] x = LogisticRegressionTest.rows(doubles(c.get("x")), n, p);
            BayesianRidge m = BayesianRidge.fit(x, doubles(c.get("y")));
            String at = "n=" + n + " p=" + p;
            assertEquals((int) num(c.get("n_iter")), m.iterations(), at);
            assertArrayEquals(doubles(c.get("coef")), m.coefficients(), 1e-8, at);
            assertEquals(num(c.get("intercept")), m.intercept(), 1e-8, at);
            assertEquals(1, m.alpha() / num(c.get("alpha")), 1e-8, at);
            assertEquals(1, m.lambda() / num(c.get("lambda")), 1e-8, at);
            double[][] xt = LogisticRegressionTest.rows(doubles(c.get("x_test")), 3, p);
            assertArrayEquals(doubles(c.get("pred")), m.predict(xt), 1e-8, at);
        }
    }

    @Test
    void fixedPointEquationsHoldAtTheEnd() {
        // After convergence, w solves (X'X + lambda/alpha I) w = X'y on centred data: the ridge normal equations.
        Rng rng = Rng.seeded(1);
        int n = 80, p = 6;
        double[][] x = new double[n][p];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) x[i][j] = rng.gaussian() + j;
            y[i] = 2 * x[i][0] - x[i][3] + rng.gaussian() + 5;
        }
        BayesianRidge m = BayesianRidge.fit(x, y);
        double[] w = m.coefficients();
        double[] mx = new double[p];
        double my = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) mx[j] += x[i][j] / n;
            my += y[i] / n;
        }
        double r = m.lambda() / m.alpha();
        for (int a = 0; a < p; a++) {
            double lhs = r * w[a], rhs = 0;
            for (int i = 0; i < n; i++) {
                double pred = 0;
                for (int j = 0; j < p; j++) pred += (x[i][j] - mx[j]) * w[j];
                lhs += (x[i][a] - mx[a]) * pred;
                rhs += (x[i][a] - mx[a]) * (y[i] - my);
            }
            assertEquals(rhs, lhs, 1e-8 * Math.abs(rhs) + 1e-8);
        }
        double b = my;
        for (int j = 0; j < p; j++) b -= mx[j] * w[j];
        assertEquals(b, m.intercept(), 1e-10);
        assertEquals(2, w[0], 0.3);
        assertThrows(IllegalArgumentException.class, () -> BayesianRidge.fit(x, new double[3]));
    }
}
