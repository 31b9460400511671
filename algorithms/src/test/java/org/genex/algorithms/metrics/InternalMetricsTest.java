package org.genex.algorithms.metrics;

import static org.genex.algorithms.Golden.ints;
import static org.genex.algorithms.Golden.map;
import static org.genex.algorithms.Golden.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.genex.algorithms.Golden;
import org.genex.tensor.Parallel;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class InternalMetricsTest {
    @Test
    void goldenSilhouetteAndCalinskiHarabasz() {
        Map<String, Object> g = map(Golden.load("metrics_golden.json").get("internal"));
        Tensor x = Golden.tensor(g.get("x"), 150, 5);
        for (Object o : Golden.list(g.get("cases"))) {
            Map<String, Object> c = map(o);
            int[] labels = ints(c.get("labels"));
            String name = (String) c.get("name");
            assertEquals(num(c.get("silhouette")), InternalMetrics.silhouette(x, labels), 1e-6, name);
            assertEquals(num(c.get("calinski_harabasz")), InternalMetrics.calinskiHarabasz(x, labels),
                    1e-9 * num(c.get("calinski_harabasz")), name);
        }
    }

    @Test
    void handComputed() {
        // points 0, 1 (cluster A) and 4, 6 (cluster B) on a line
        Tensor x = Tensor.of(new float[] {0, 1, 4, 6}, 4, 1);
        int[] lab = {0, 0, 1, 1};
        double s0 = ((4 + 6) / 2.0 - 1) / 5.0, s1 = ((3 + 5) / 2.0 - 1) / 4.0;
        double s2 = ((4 + 3) / 2.0 - 2) / 3.5, s3 = ((6 + 5) / 2.0 - 2) / 5.5;
        assertEquals((s0 + s1 + s2 + s3) / 4, InternalMetrics.silhouette(x, lab), 1e-6);   // float32 GEMM distances
        // CH: means 0.5 and 5, overall 2.75: B = 2 (2.25^2 + 2.25^2) = 20.25, W = 0.5 + 2 = 2.5; (B / 1) / (W / 2)
        assertEquals(20.25 / (2.5 / 2), InternalMetrics.calinskiHarabasz(x, lab), 1e-12);
        // a point alone in its cluster scores 0
        Tensor y = Tensor.of(new float[] {0, 1, 10}, 3, 1);
        double t0 = (10 - 1) / 10.0, t1 = (9 - 1) / 9.0;
        assertEquals((t0 + t1 + 0) / 3, InternalMetrics.silhouette(y, new int[] {5, 5, 7}), 1e-6);
    }

    @Test
    void threadCountDoesNotChangeTheResult() {
        Map<String, Object> g = map(Golden.load("metrics_golden.json").get("internal"));
        Tensor x = Golden.tensor(g.get("x"), 150, 5);
        int[] labels = ints(map(Golden.list(g.get("cases")).get(0)).get("labels"));
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double one = InternalMetrics.silhouette(x, labels);
            Parallel.setThreads(2);
            assertEquals(one, InternalMetrics.silhouette(x, labels), 0.0);
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void badInput() {
        Tensor x = Tensor.of(new float[] {0, 1, 2}, 3, 1);
        assertThrows(IllegalArgumentException.class, () -> InternalMetrics.silhouette(x, new int[] {0, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> InternalMetrics.silhouette(x, new int[] {0, 1, 2}));
        assertThrows(IllegalArgumentException.class, () -> InternalMetrics.calinskiHarabasz(x, new int[] {0, 1}));
    }
}
