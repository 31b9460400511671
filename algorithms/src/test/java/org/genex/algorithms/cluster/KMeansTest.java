package org.genex.algorithms.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.genex.algorithms.graph.SquaredDistances;
import org.genex.algorithms.metrics.ClusteringMetrics;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class KMeansTest {
    /** k well-separated gaussian blobs; labels into {@code truth}. */
    static Tensor blobs(int n, int d, int k, double spread, long seed, int[] truth) {
        Random rnd = new Random(seed);
        double[][] c = new double[k][d];
        for (double[] row : c) for (int j = 0; j < d; j++) row[j] = rnd.nextGaussian() * 10;
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            truth[i] = i % k;
            for (int j = 0; j < d; j++) x[i * d + j] = (float) (c[truth[i]][j] + spread * rnd.nextGaussian());
        }
        return Tensor.wrap(x, n, d);
    }

    private static double inertia(Tensor x, int[] labels, double[] centers) {
        int n = x.dim(0), d = x.dim(1);
        float[] v = x.toArray();
        double s = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) s += Math.pow(v[i * d + j] - centers[labels[i] * d + j], 2);
        return s;
    }

    @Test
    void recoversSeparatedBlobs() {
        int[] truth = new int[1000];
        Tensor x = blobs(1000, 10, 5, 1.0, 1, truth);
        KMeans.Result r = KMeans.fit(x, KMeans.Config.of(5, 42));
        assertEquals(1.0, ClusteringMetrics.adjustedRandIndex(truth, r.labels()), 1e-12);
        assertEquals(inertia(x, r.labels(), r.centers()), r.inertia(), 1e-9 * r.inertia());
        // each centre is the mean of its points
        float[] v = x.toArray();
        for (int c = 0; c < 5; c++)
            for (int j = 0; j < 10; j++) {
                double s = 0;
                int cnt = 0;
                for (int i = 0; i < 1000; i++)
                    if (r.labels()[i] == c) {
                        s += v[i * 10 + j];
                        cnt++;
                    }
                assertEquals(s / cnt, r.centers()[c * 10 + j], 1e-9);
            }
    }

    @Test
    void deterministicForASeedAndThreadCount() {
        int[] truth = new int[3000];
        Tensor x = blobs(3000, 6, 8, 6.0, 2, truth);           // overlapping: several restarts differ
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            KMeans.Result a = KMeans.fit(x, KMeans.Config.of(8, 7));
            Parallel.setThreads(2);
            KMeans.Result b = KMeans.fit(x, KMeans.Config.of(8, 7));
            assertArrayEquals(a.labels(), b.labels());
            assertArrayEquals(a.centers(), b.centers());
            assertEquals(a.inertia(), b.inertia(), 0.0);
        } finally {
            Parallel.setThreads(threads);
        }
        KMeans.Result one = KMeans.fit(x, new KMeans.Config(8, 1, 300, 1e-4, 7));
        KMeans.Result ten = KMeans.fit(x, KMeans.Config.of(8, 7));
        assertTrue(ten.inertia() <= one.inertia(), "best of 10 restarts is no worse than the first");
    }

    @Test
    void assignmentMatchesDoubleArgminIncludingNearTies() {
        Random rnd = new Random(3);
        int n = 2000, d = 7, k = 6;
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextGaussian() + 100);
        double[] centers = new double[k * d];
        for (int c = 0; c < k; c++) for (int j = 0; j < d; j++) centers[c * d + j] = 100 + rnd.nextGaussian();
        // points exactly half-way between centres 0 and 1 (within float rounding): near ties
        for (int i = 0; i < 50; i++)
            for (int j = 0; j < d; j++) x[i * d + j] = (float) ((centers[j] + centers[d + j]) / 2 + 1e-7 * i);
        KMeans km = new KMeans(new SquaredDistances(Tensor.wrap(x, n, d)), k);
        int[] labels = new int[n];
        km.assign(centers, labels);
        for (int i = 0; i < n; i++) {
            int best = 0;
            double bd = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < d; j++) s += Math.pow(x[i * d + j] - centers[c * d + j], 2);
                if (s < bd) {
                    bd = s;
                    best = c;
                }
            }
            assertEquals(best, labels[i], "point " + i);
        }
    }

    @Test
    void plusPlusPicksDistinctDataPoints() {
        int[] truth = new int[400];
        Tensor x = blobs(400, 3, 4, 0.5, 4, truth);
        KMeans km = new KMeans(new SquaredDistances(x), 4);
        double[] c = km.plusPlus(new Rng(1));
        float[] v = x.toArray();
        int[] hit = new int[4];
        for (int t = 0; t < 4; t++)
            for (int i = 0; i < 400; i++)
                if (v[i * 3] == c[t * 3] && v[i * 3 + 1] == c[t * 3 + 1] && v[i * 3 + 2] == c[t * 3 + 2]) hit[t] = truth[i] + 1;
        for (int t = 0; t < 4; t++) assertTrue(hit[t] > 0, "centre " + t + " is a data point");
        assertEquals(4, java.util.Arrays.stream(hit).distinct().count(), "greedy k-means++ seeds every blob");
    }

    @Test
    void edgeCases() {
        float[] v = {1, 2, 3, 10, 2, 2};
        Tensor x = Tensor.wrap(v, 6, 1);
        KMeans.Result one = KMeans.fit(x, KMeans.Config.of(1, 0));
        assertEquals(20 / 6.0, one.centers()[0], 1e-12);
        KMeans.Result all = KMeans.fit(x, KMeans.Config.of(4, 0));      // 4 distinct values
        assertEquals(0.0, all.inertia(), 1e-12);
        Tensor dup = Tensor.wrap(new float[] {0, 0, 0, 5, 5, 5}, 6, 1);
        KMeans.Result r = KMeans.fit(dup, KMeans.Config.of(3, 0));      // more clusters than distinct points
        for (int l : r.labels()) assertTrue(l >= 0 && l < 3);
        assertEquals(0.0, r.inertia(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> KMeans.fit(x, KMeans.Config.of(7, 0)));
        assertThrows(IllegalArgumentException.class, () -> KMeans.Config.of(0, 0));
    }
}
