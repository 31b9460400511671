package org.genex.algorithms.metrics;

import static org.genex.algorithms.Golden.doubles;
import static org.genex.algorithms.Golden.ints;
import static org.genex.algorithms.Golden.map;
import static org.genex.algorithms.Golden.num;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.genex.algorithms.Golden;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    private static final double TOL = 1e-12;

    @Test
    void matchesScikitLearn() {
        Map<String, Object> g = Golden.load("baselines/classification_metrics.json");
        for (Object o : Golden.list(g.get("cases"))) {
            Map<String, Object> c = map(o);
            int k = (int) num(c.get("k"));
            int[] t = ints(c.get("truth")), p = ints(c.get("pred"));
            assertEquals(num(c.get("accuracy")), ClassificationMetrics.accuracy(t, p), TOL);
            assertEquals(num(c.get("macro_f1")), ClassificationMetrics.macroF1(t, p), TOL);
            assertEquals(num(c.get("weighted_f1")), ClassificationMetrics.weightedF1(t, p), TOL);
            assertArrayEquals(doubles(c.get("per_class_f1")), ClassificationMetrics.f1PerClass(t, p, k), TOL);
            long[][] cm = ClassificationMetrics.confusionMatrix(t, p, k);
            int[] flat = ints(c.get("confusion"));
            for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) assertEquals(flat[i * k + j], cm[i][j]);
        }
    }

    @Test
    void handWorkedCase() {
        int[] t = {0, 0, 1, 1, 2, 2};
        int[] p = {0, 1, 1, 1, 0, 0};
        // class 0: TP 1, FP 2, FN 1 -> 2/5; class 1: TP 2, FP 1, FN 0 -> 4/5; class 2: TP 0 -> 0.
        assertArrayEquals(new double[] {0.4, 0.8, 0}, ClassificationMetrics.f1PerClass(t, p, 3), TOL);
        assertEquals(0.4, ClassificationMetrics.macroF1(t, p), TOL);
        assertEquals(0.3, ClassificationMetrics.macroF1(t, p, 4), TOL); // class 3 absent: counts 0
        assertEquals(0.5, ClassificationMetrics.accuracy(t, p), TOL);
        assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3, 0}, ClassificationMetrics.precisionPerClass(t, p, 3), TOL);
        assertArrayEquals(new double[] {0.5, 1, 0}, ClassificationMetrics.recallPerClass(t, p, 3), TOL);
        assertEquals(1.0, ClassificationMetrics.macroF1(t, t), TOL);
    }

    @Test
    void badInputs() {
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.accuracy(new int[2], new int[3]));
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.confusionMatrix(new int[] {0, 3}, new int[] {0, 1}, 3));
        assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.macroF1(new int[] {-1}, new int[] {0}));
    }
}
