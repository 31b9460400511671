package org.genex.algorithms.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HungarianTest {
    /** The best total over all one-to-one assignments of min(r, c) cells, by brute force. */
    private static double bruteMin(double[][] cost) {
        int r = cost.length, c = cost[0].length;
        if (r <= c) return search(cost, 0, new boolean[c], false);
        return search(transpose(cost), 0, new boolean[r], false);
    }

    private static double search(double[][] cost, int row, boolean[] used, boolean dummy) {
        if (row == cost.length) return 0;
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < used.length; j++) {
            if (used[j]) continue;
            used[j] = true;
            best = Math.min(best, cost[row][j] + search(cost, row + 1, used, dummy));
            used[j] = false;
        }
        return best;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }

    @Test
    void handComputedSquare() {
        double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};      // scipy's docs example: rows -> 1, 0, 2, cost 5
        int[] a = Hungarian.minimize(cost);
        assertArrayEquals(new int[] {1, 0, 2}, a);
        assertEquals(5.0, Hungarian.total(cost, a));
    }

    @Test
    void randomMatricesMatchBruteForce() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 300; trial++) {
            int r = 1 + rnd.nextInt(6), c = 1 + rnd.nextInt(6);
            double[][] cost = new double[r][c];
            for (double[] row : cost) for (int j = 0; j < c; j++) row[j] = rnd.nextInt(20) - 5 + rnd.nextDouble();
            int[] a = Hungarian.minimize(cost);
            assertEquals(r, a.length);
            int assigned = 0;
            boolean[] usedCol = new boolean[c];
            for (int i = 0; i < r; i++) {
                if (a[i] < 0) continue;
                assigned++;
                assertEquals(false, usedCol[a[i]], "column used twice");
                usedCol[a[i]] = true;
            }
            assertEquals(Math.min(r, c), assigned);
            assertEquals(bruteMin(cost), Hungarian.total(cost, a), 1e-9);
        }
    }

    @Test
    void maximizeIsMinimizeOfNegation() {
        double[][] w = {{5, 0, 1}, {0, 7, 2}};                     // 2 x 3: rows take columns 0 and 1
        int[] a = Hungarian.maximize(w);
        assertArrayEquals(new int[] {0, 1}, a);
        assertEquals(12.0, Hungarian.total(w, a));
        double[][] tall = {{1, 9}, {8, 2}, {3, 3}};
        int[] b = Hungarian.maximize(tall);
        assertEquals(17.0, Hungarian.total(tall, b));
        assertEquals(-1, b[2]);
    }

    @Test
    void emptyAndBadInput() {
        assertEquals(0, Hungarian.minimize(new double[0][]).length);
        assertArrayEquals(new int[] {-1, -1}, Hungarian.minimize(new double[2][0]));
        assertThrows(IllegalArgumentException.class, () -> Hungarian.minimize(new double[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class, () -> Hungarian.minimize(new double[][] {{Double.NaN}}));
    }
}
