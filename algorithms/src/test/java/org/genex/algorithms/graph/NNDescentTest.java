package org.genex.algorithms.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.genex.tensor.Parallel;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class NNDescentTest {
    /** A mixture of 10 gaussian clusters in 20 dimensions with 3,000 points. */
    static Tensor mixture(int n, int d, long seed) {
        Random rnd = new Random(seed);
        float[][] centres = new float[10][d];
        for (float[] c : centres) for (int j = 0; j < d; j++) c[j] = (float) (rnd.nextGaussian() * 3);
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            float[] c = centres[rnd.nextInt(10)];
            for (int j = 0; j < d; j++) x[i * d + j] = c[j] + (float) rnd.nextGaussian();
        }
        return Tensor.wrap(x, n, d);
    }

    @Test
    void recallAgainstExactSearch() {
        Tensor x = mixture(3000, 20, 1);
        KnnGraph exact = ExactKnn.search(x, 15);
        KnnGraph approx = NNDescent.search(x, 15, 0L);
        double recall = approx.recall(exact);
        System.out.printf("NN-descent recall on 3000 x 20, k = 15: %.4f%n", recall);
        assertTrue(recall >= 0.95, "recall " + recall);
        for (int i = 0; i < 3000; i++) {
            assertEquals(i, approx.index(i, 0));
            for (int t = 2; t < 15; t++) assertTrue(approx.distance(i, t) >= approx.distance(i, t - 1));
        }
    }

    @Test
    void deterministicForASeedAndAnyThreadCount() {
        Tensor x = mixture(1500, 10, 2);
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            KnnGraph a = NNDescent.search(x, 10, 3L);
            Parallel.setThreads(2);
            KnnGraph b = NNDescent.search(x, 10, 3L);
            assertArrayEquals(a.indices(), b.indices());
            assertArrayEquals(a.distances(), b.distances());
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void tinyInputsAndErrors() {
        Tensor x = mixture(12, 3, 4);
        KnnGraph g = NNDescent.search(x, 12, 0L);                // k = n: every point's full list
        assertEquals(1.0, g.recall(ExactKnn.search(x, 12)));
        KnnGraph one = NNDescent.search(x, 1, 0L);
        for (int i = 0; i < 12; i++) assertEquals(i, one.index(i, 0));
        assertThrows(IllegalArgumentException.class, () -> NNDescent.search(x, 13, 0L));
        assertThrows(IllegalArgumentException.class, () -> new NNDescent.Config(1, 1, 5, 5, 0.001, 0));
    }
}
