package org.genex.algorithms.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.genex.tensor.Rng;
import org.junit.jupiter.api.Test;

class AliasTablesTest {

    /** Segments of assorted sizes and weights, zeros included. */
    private static double[] weights(Random rnd, int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble() * (1 + rnd.nextInt(100));
        return w;
    }

    @Test
    void probabilitiesReproduceTheWeights() {
        Random rnd = new Random(3);
        int[] ptr = {0, 1, 4, 4, 12, 40, 41, 141};
        double[] w = weights(rnd, ptr[ptr.length - 1]);
        w[0] = 2; // a segment of one
        w[40] = 0.5;
        for (int p = 4; p < 12; p++) w[p] = p == 7 ? 1e-6 : 0; // one tiny non-zero weight
        AliasTables t = AliasTables.build(ptr, w);
        for (int s = 0; s < t.segments(); s++) {
            double total = 0;
            for (int p = ptr[s]; p < ptr[s + 1]; p++) total += w[p];
            for (int p = ptr[s]; p < ptr[s + 1]; p++)
                assertEquals(w[p] / total, t.probability(s, p), 2e-9 * (ptr[s + 1] - ptr[s]),
                        "segment " + s + " position " + p);
        }
    }

    @Test
    void labelsAreReturnedInsteadOfPositions() {
        int[] ptr = {0, 3, 5};
        double[] w = {1, 0, 3, 2, 2};
        int[] labels = {40, 41, 42, 7, 9};
        AliasTables t = AliasTables.build(ptr, w, labels);
        assertEquals(0.25, t.probability(0, 40), 1e-9);
        assertEquals(0, t.probability(0, 41), 1e-9);
        assertEquals(0.75, t.probability(0, 42), 1e-9);
        assertEquals(0.5, t.probability(1, 9), 1e-9);
        Rng rng = Rng.seeded(1);
        int[] count = new int[50];
        for (int i = 0; i < 40_000; i++) count[t.sample(0, rng.nextLong())]++;
        assertEquals(0, count[41]);
        assertEquals(10_000, count[40], 500);
        assertEquals(30_000, count[42], 500);
        assertEquals(60, t.bytes());
        assertThrows(IllegalArgumentException.class, () -> AliasTables.build(ptr, w, new int[4]));
    }

    @Test
    void drawsFollowTheWeights() {
        Random rnd = new Random(5);
        int[] ptr = {0, 3, 20, 57};
        double[] w = weights(rnd, 57);
        w[0] = 1;
        AliasTables t = AliasTables.build(ptr, w);
        Rng rng = Rng.seeded(11);
        int draws = 200_000;
        for (int s = 0; s < 3; s++) {
            int[] count = new int[57];
            for (int i = 0; i < draws; i++) {
                int p = t.sample(s, rng.nextLong());
                assertTrue(p >= ptr[s] && p < ptr[s + 1], "position " + p + " outside segment " + s);
                count[p]++;
            }
            double total = 0;
            for (int p = ptr[s]; p < ptr[s + 1]; p++) total += w[p];
            for (int p = ptr[s]; p < ptr[s + 1]; p++) {
                double prob = w[p] / total, f = (double) count[p] / draws;
                if (prob == 0) assertEquals(0, count[p], "a zero weight was drawn at " + p);
                else assertEquals(prob, f, 5 * Math.sqrt(prob * (1 - prob) / draws) + 1e-6, "position " + p);
            }
        }
    }

    /** The batched draw is the single draw, empty segments included. */
    @Test
    void batchedDrawsAreSingleDraws() {
        int[] ptr = {0, 3, 3, 7, 8};
        double[] w = {1, 2, 3, 0.5, 0.5, 4, 1, 9};
        AliasTables t = AliasTables.build(ptr, w);
        Random r = new Random(5);
        int n = 50;
        int[] s = new int[n], out = new int[n];
        long[] u = new long[n];
        for (int j = 0; j < n; j++) {
            s[j] = r.nextInt(4);
            u[j] = r.nextLong();
        }
        t.sample(s, u, out, n, new int[n]);
        for (int j = 0; j < n; j++) assertEquals(t.sample(s[j], u[j]), out[j], "draw " + j);
        assertEquals(-1, t.sample(1, u[0]));
    }

    @Test
    void emptySegmentsAreAllowedAndReportMinusOne() {
        AliasTables t = AliasTables.build(new int[] {0, 0, 2, 2}, new double[] {1, 3});
        assertEquals(-1, t.sample(0, 12345L));
        assertEquals(-1, t.sample(2, 12345L));
        assertEquals(0.25, t.probability(1, 0), 1e-9);
        assertEquals(24, t.bytes());
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> AliasTables.build(new int[] {0, 2}, new double[] {1, -1}));
        assertThrows(IllegalArgumentException.class,
                () -> AliasTables.build(new int[] {0, 2}, new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> AliasTables.build(new int[] {0, 2}, new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> AliasTables.build(new int[] {0, 3}, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> AliasTables.build(new int[] {0, 2, 1, 3}, new double[] {1, 1, 1}));
        assertThrows(IndexOutOfBoundsException.class,
                () -> AliasTables.single(new double[] {1, 2}).probability(1, 0));
    }
}
