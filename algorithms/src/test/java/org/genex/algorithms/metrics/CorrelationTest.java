package org.genex.algorithms.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CorrelationTest {
    @Test
    void pearsonOfHandComputedCases() {
        // x = 1..5, y = 2, 4, 5, 4, 5: cov = 1.5 (sum of products 6 / 4), sd_x^2 = 2.5, sd_y^2 = 1.5 (sums 10, 6)
        double[] x = {1, 2, 3, 4, 5}, y = {2, 4, 5, 4, 5};
        assertEquals(6 / Math.sqrt(10 * 6), Correlation.pearson(x, y), 1e-15);
        assertEquals(1.0, Correlation.pearson(x, new double[] {3, 5, 7, 9, 11}), 1e-15);
        assertEquals(-1.0, Correlation.pearson(x, new double[] {5, 4, 3, 2, 1}), 1e-15);
        assertEquals(1.0, Correlation.pearson(x, y, 2), 1e-15, "the first n entries only");
        assertTrue(Double.isNaN(Correlation.pearson(x, new double[] {1, 1, 1, 1, 1})));
        assertTrue(Double.isNaN(Correlation.pearson(new double[] {1}, new double[] {2})));
        assertThrows(IllegalArgumentException.class, () -> Correlation.pearson(x, new double[] {1, 2}));
    }

    @Test
    void ranksAverageTiesAndSpearmanIsPearsonOfRanks() {
        assertArrayEquals(new double[] {2.5, 1, 2.5, 4}, Correlation.ranks(new double[] {3, 1, 3, 7}), 0);
        // scipy.stats.spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) = 0.8207826816681233
        assertEquals(0.8207826816681233, Correlation.spearman(new double[] {1, 2, 3, 4, 5},
                new double[] {5, 6, 7, 8, 7}), 1e-12);
        // monotone but not linear: rho 1, r < 1
        double[] x = {1, 2, 3, 4}, y = {1, 8, 27, 64};
        assertEquals(1.0, Correlation.spearman(x, y), 1e-15);
        assertTrue(Correlation.pearson(x, y) < 1);
    }
}
