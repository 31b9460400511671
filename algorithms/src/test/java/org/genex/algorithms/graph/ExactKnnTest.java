package org.genex.algorithms.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Parallel;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ExactKnnTest {
    /** The reference: all distances in double, sorted by (distance, index), the point itself first. */
    static int[] naive(float[] x, int n, int d, int k) {
        int[] out = new int[n * k];
        for (int i = 0; i < n; i++) {
            double[] dist = new double[n];
            Integer[] order = new Integer[n - 1];
            int c = 0;
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int t = 0; t < d; t++) {
                    double q = (double) x[i * d + t] - x[j * d + t];
                    s += q * q;
                }
                dist[j] = s;
                if (j != i) order[c++] = j;
            }
            Arrays.sort(order, (a, b) -> dist[a] != dist[b] ? Double.compare(dist[a], dist[b]) : Integer.compare(a, b));
            out[i * k] = i;
            for (int t = 1; t < k; t++) out[i * k + t] = order[t - 1];
        }
        return out;
    }

    @Test
    void matchesBruteForceInDoubleIncludingTiesAndDuplicates() {
        Random rnd = new Random(5);
        for (int[] shape : new int[][] {{1, 3}, {7, 1}, {60, 4}, {257, 17}, {300, 50}}) {
            int n = shape[0], d = shape[1];
            float[] x = new float[n * d];
            for (int i = 0; i < x.length; i++) x[i] = n % 2 == 0 ? (float) (rnd.nextGaussian() * 100 + 1000) : rnd.nextInt(3);
            if (n > 10) System.arraycopy(x, 0, x, 5 * d, d);          // a duplicate of point 0
            for (int k : new int[] {1, Math.min(n, 2), Math.min(n, 10)}) {
                KnnGraph g = ExactKnn.search(Tensor.wrap(x, n, d), k);
                assertArrayEquals(naive(x, n, d, k), g.indices(), "n " + n + " d " + d + " k " + k);
                for (int i = 0; i < n; i++) {
                    assertEquals(0f, g.distance(i, 0));
                    for (int t = 1; t < k; t++) {
                        int j = g.index(i, t);
                        double s = 0;
                        for (int q = 0; q < d; q++) s += Math.pow((double) x[i * d + q] - x[j * d + q], 2);
                        assertEquals((float) Math.sqrt(s), g.distance(i, t));
                    }
                }
            }
        }
    }

    @Test
    void distanceMatrixDropsTheCellItself() {
        float[] x = {0, 1, 3, 7};
        KnnGraph g = ExactKnn.search(Tensor.wrap(x, 4, 1), 3);
        CsrMatrix m = g.distanceMatrix();
        assertArrayEquals(new int[] {0, 2, 4, 6, 8}, m.indptr());
        assertArrayEquals(new int[] {1, 2, 0, 2, 0, 1, 1, 2}, m.indices());
        assertArrayEquals(new float[] {1, 3, 1, 2, 3, 2, 6, 4}, m.values());
        assertEquals(1.0, g.recall(g));
    }

    @Test
    void sameResultOnOneAndTwoThreads() {
        Random rnd = new Random(9);
        float[] x = new float[2000 * 8];
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            KnnGraph a = ExactKnn.search(Tensor.wrap(x, 2000, 8), 12);
            Parallel.setThreads(2);
            KnnGraph b = ExactKnn.search(Tensor.wrap(x, 2000, 8), 12);
            assertArrayEquals(a.indices(), b.indices());
            assertArrayEquals(a.distances(), b.distances());
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> ExactKnn.search(Tensor.zeros(4, 2), 5));
        assertThrows(IllegalArgumentException.class, () -> ExactKnn.search(Tensor.zeros(4, 2), 0));
        assertThrows(IllegalArgumentException.class, () -> ExactKnn.search(Tensor.zeros(4), 1));
        assertThrows(IllegalArgumentException.class,
                () -> ExactKnn.search(Tensor.of(new float[] {0, Float.NaN}, 2, 1), 1));
    }
}
