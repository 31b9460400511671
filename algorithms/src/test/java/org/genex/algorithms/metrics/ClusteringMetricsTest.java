package org.genex.algorithms.metrics;

import static org.genex.algorithms.Golden.ints;
import static org.genex.algorithms.Golden.map;
import static org.genex.algorithms.Golden.num;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.genex.algorithms.Golden;
import org.junit.jupiter.api.Test;

class ClusteringMetricsTest {
    private static final double TOL = 1e-12;

    @Test
    void goldenValuesFromTheNumpyReimplementationOfScikitLearn() {
        Map<String, Object> g = Golden.load("metrics_golden.json");
        int cases = 0;
        for (Object o : Golden.list(g.get("labelings"))) {
            Map<String, Object> c = map(o);
            int[] t = ints(c.get("truth")), p = ints(c.get("pred"));
            String name = (String) c.get("name");
            assertEquals(num(c.get("acc")), ClusteringMetrics.accuracy(t, p), TOL, name + " acc");
            assertEquals(num(c.get("f1")), ClusteringMetrics.f1Weighted(t, p), TOL, name + " f1");
            assertEquals(num(c.get("mi")), ClusteringMetrics.mutualInformation(t, p), TOL, name + " mi");
            assertEquals(num(c.get("nmi")), ClusteringMetrics.normalizedMutualInformation(t, p), TOL, name + " nmi");
            assertEquals(num(c.get("ami")), ClusteringMetrics.adjustedMutualInformation(t, p), 1e-10, name + " ami");
            assertEquals(num(c.get("ari")), ClusteringMetrics.adjustedRandIndex(t, p), TOL, name + " ari");
            assertEquals(num(c.get("entropy_truth")), ClusteringMetrics.entropy(t), TOL, name + " entropy");
            cases++;
        }
        assertEquals(5, cases);
    }

    @Test
    void handComputedSmallCase() {
        int[] t = {0, 0, 0, 1, 1, 1};
        int[] p = {0, 0, 1, 1, 2, 2};
        // contingency [[2,1,0],[0,1,2]]: best matching 0->0 (2), 2->1 (2): ACC = 4/6
        assertEquals(4.0 / 6, ClusteringMetrics.accuracy(t, p), TOL);
        // pairs: sum C(n_ij, 2) = 1 + 1 = 2; rows 3 + 3 = 6; cols 1 + 1 + 1 = 3; total C(6, 2) = 15
        double expectedIndex = 6 * 3 / 15.0, max = (6 + 3) / 2.0;
        assertEquals((2 - expectedIndex) / (max - expectedIndex), ClusteringMetrics.adjustedRandIndex(t, p), TOL);
        // MI = sum p_ij log(p_ij / (p_i p_j))
        double mi = 2 * (2 / 6.0) * Math.log((2 / 6.0) / (0.5 * (2 / 6.0)))
                + 2 * (1 / 6.0) * Math.log((1 / 6.0) / (0.5 * (2 / 6.0)));
        assertEquals(mi, ClusteringMetrics.mutualInformation(t, p), TOL);
        double ht = Math.log(2), hp = Math.log(3);
        assertEquals(mi / ((ht + hp) / 2), ClusteringMetrics.normalizedMutualInformation(t, p), TOL);
        // F1 after mapping cluster 0 -> class 0, cluster 2 -> class 1, cluster 1 unmatched:
        // class 0: TP 2, predicted 2, support 3 -> 4/5; class 1: TP 2, predicted 2, support 3 -> 4/5
        assertEquals(0.8, ClusteringMetrics.f1Weighted(t, p), TOL);
        assertArrayEquals(new int[] {0, Integer.MIN_VALUE, 1}, ClusteringMetrics.matchClusters(t, p));
        long[][] pc = ClusteringMetrics.pairConfusion(t, p);
        assertEquals(4, pc[1][1]);                      // 2 unordered pairs together in both, counted twice
        assertEquals(6 * 5, pc[0][0] + pc[0][1] + pc[1][0] + pc[1][1]);   // ordered pairs of distinct samples
    }

    @Test
    void identicalLabelingsScoreOneAndPermutationsDoNotMatter() {
        Random rnd = new Random(3);
        int[] t = new int[300];
        for (int i = 0; i < t.length; i++) t[i] = rnd.nextInt(6) * 10 - 7;
        int[] perm = {3, 0, 5, 1, 4, 2};
        int[] relabelled = new int[t.length];
        for (int i = 0; i < t.length; i++) relabelled[i] = 100 + perm[(t[i] + 7) / 10];
        for (int[] p : new int[][] {t, relabelled}) {
            assertEquals(1.0, ClusteringMetrics.accuracy(t, p), TOL);
            assertEquals(1.0, ClusteringMetrics.f1Weighted(t, p), TOL);
            assertEquals(1.0, ClusteringMetrics.normalizedMutualInformation(t, p), TOL);
            assertEquals(1.0, ClusteringMetrics.adjustedMutualInformation(t, p), 1e-10);
            assertEquals(1.0, ClusteringMetrics.adjustedRandIndex(t, p), TOL);
        }
        int[] noisy = relabelled.clone();
        for (int i = 0; i < 60; i++) noisy[rnd.nextInt(t.length)] = 100 + rnd.nextInt(6);
        int[] noisyPermuted = new int[t.length];
        for (int i = 0; i < t.length; i++) noisyPermuted[i] = -3 * noisy[i];
        assertEquals(ClusteringMetrics.adjustedRandIndex(t, noisy), ClusteringMetrics.adjustedRandIndex(t, noisyPermuted), TOL);
        assertEquals(ClusteringMetrics.accuracy(t, noisy), ClusteringMetrics.accuracy(t, noisyPermuted), TOL);
        assertEquals(ClusteringMetrics.adjustedMutualInformation(t, noisy),
                ClusteringMetrics.adjustedMutualInformation(t, noisyPermuted), 1e-12);
        // symmetric scores
        assertEquals(ClusteringMetrics.adjustedRandIndex(t, noisy), ClusteringMetrics.adjustedRandIndex(noisy, t), TOL);
        assertEquals(ClusteringMetrics.normalizedMutualInformation(t, noisy),
                ClusteringMetrics.normalizedMutualInformation(noisy, t), TOL);
    }

    @Test
    void independentRandomLabelingsHaveAdjustedScoresNearZero() {
        Random rnd = new Random(11);
        double sumAri = 0, sumAmi = 0;
        int reps = 20;
        for (int r = 0; r < reps; r++) {
            int[] a = new int[1000], b = new int[1000];
            for (int i = 0; i < a.length; i++) {
                a[i] = rnd.nextInt(5);
                b[i] = rnd.nextInt(8);
            }
            double ari = ClusteringMetrics.adjustedRandIndex(a, b), ami = ClusteringMetrics.adjustedMutualInformation(a, b);
            assertTrue(Math.abs(ari) < 0.02, "ARI " + ari);
            assertTrue(Math.abs(ami) < 0.02, "AMI " + ami);
            sumAri += ari;
            sumAmi += ami;
        }
        assertTrue(Math.abs(sumAri / reps) < 0.005, "mean ARI " + sumAri / reps);
        assertTrue(Math.abs(sumAmi / reps) < 0.005, "mean AMI " + sumAmi / reps);
    }

    @Test
    void specialCases() {
        int[] one = {4, 4, 4};
        assertEquals(1.0, ClusteringMetrics.normalizedMutualInformation(one, new int[] {1, 1, 1}));
        assertEquals(1.0, ClusteringMetrics.adjustedMutualInformation(one, new int[] {1, 1, 1}));
        assertEquals(1.0, ClusteringMetrics.adjustedRandIndex(one, new int[] {1, 1, 1}));
        assertEquals(0.0, ClusteringMetrics.mutualInformation(one, new int[] {0, 1, 2}));
        assertEquals(0.0, ClusteringMetrics.normalizedMutualInformation(one, new int[] {0, 1, 2}));
        assertEquals(1.0, ClusteringMetrics.adjustedRandIndex(new int[0], new int[0]));
        assertEquals(0.0, ClusteringMetrics.entropy(one));
        assertThrows(IllegalArgumentException.class, () -> ClusteringMetrics.accuracy(new int[] {1}, new int[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> ClusteringMetrics.accuracy(new int[0], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> ClusteringMetrics.adjustedRandIndex(new int[2], new int[3]));
    }
}
