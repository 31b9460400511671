package org.genex.algorithms.supervised;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;
import org.junit.jupiter.api.Test;

class RandomForestTest {

    /** K Gaussian blobs on the first `informative` features, noise elsewhere. */
    static double[][] blobs(Rng rng, int n, int p, int k, int informative, int[] y) {
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
            for (int j = 0; j < p; j++) x[i][j] = rng.gaussian() + (j < informative && j % k == y[i] ? 3 : 0);
        }
        return x;
    }

    @Test
    void learnsSeparableClassesAndProbabilitiesAreAverages() {
        Rng rng = Rng.seeded(1);
        int k = 3, p = 30;
        int[] y = new int[300], yt = new int[150];
        double[][] x = blobs(rng, 300, p, k, 6, y), xt = blobs(rng, 150, p, k, 6, yt);
        RandomForest rf = RandomForest.fit(x, y, k, RandomForest.Options.defaults(5).withTrees(50));
        int[] pred = rf.predict(xt);
        int correct = 0;
        for (int i = 0; i < pred.length; i++) if (pred[i] == yt[i]) correct++;
        assertTrue(correct >= 0.9 * pred.length, "test accuracy " + correct + "/" + pred.length);
        for (double[] row : rf.predictProba(xt)) {
            double s = 0;
            for (double v : row) {
                assertTrue(v >= 0 && v <= 1);
                s += v;
                // Each tree's leaf is pure or a proportion; the mean of 50 of them is a multiple of 1/50 only for
                // pure leaves, so check the sum only.
            }
            assertEquals(1, s, 1e-12);
        }
        double[] imp = rf.featureImportances();
        double informative = 0, s = 0;
        for (int j = 0; j < p; j++) {
            s += imp[j];
            if (j < 6) informative += imp[j];
        }
        assertEquals(1, s, 1e-12);
        assertTrue(informative > 0.5, "informative importance " + informative);
    }

    @Test
    void fullyGrownTreeWithoutBootstrapFitsTheTrainingData() {
        Rng rng = Rng.seeded(2);
        int n = 200, p = 5;
        double[][] x = new double[n][p];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) x[i][j] = rng.gaussian();
            y[i] = rng.nextInt(4); // pure noise: only memorisation fits it
        }
        RandomForest.Options o = new RandomForest.Options(3, 0, 1, 2, 0, false, 9);
        RandomForest rf = RandomForest.fit(x, y, 4, o);
        assertArrayEquals(y, rf.predict(x));
        for (double[] row : rf.predictProba(x)) {
            double max = 0;
            for (double v : row) max = Math.max(max, v);
            assertEquals(1, max, 0); // every tree's leaf is pure
        }
    }

    @Test
    void stumpIsTheExhaustiveGiniOptimum() {
        Rng rng = Rng.seeded(3);
        int n = 60, p = 4;
        double[][] x = new double[n][p];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) x[i][j] = Math.round(rng.gaussian() * 4) / 4.0; // ties in values
            y[i] = (x[i][2] + 0.5 * rng.gaussian() > 0) ? 1 : 0;
        }
        RandomForest rf = RandomForest.fit(x, y, 2, new RandomForest.Options(1, p, 1, 2, 1, false, 0));
        // Exhaustive search of the weighted child Gini over every feature and midpoint threshold.
        double bestImpurity = Double.POSITIVE_INFINITY;
        int bestF = -1;
        double bestT = 0;
        for (int f = 0; f < p; f++) {
            double[] vals = new double[n];
            for (int i = 0; i < n; i++) vals[i] = x[i][f];
            double[] sorted = java.util.Arrays.stream(vals).distinct().sorted().toArray();
            for (int s = 0; s + 1 < sorted.length; s++) {
                double t = (sorted[s] + sorted[s + 1]) / 2;
                double[] l = new double[2], r = new double[2];
                for (int i = 0; i < n; i++) (x[i][f] <= t ? l : r)[y[i]]++;
                double impurity = giniWeighted(l) + giniWeighted(r);
                if (impurity < bestImpurity - 1e-12) {
                    bestImpurity = impurity;
                    bestF = f;
                    bestT = t;
                }
            }
        }
        // The stump's predictions equal those of the exhaustive best split's leaves.
        double[] l = new double[2], r = new double[2];
        for (int i = 0; i < n; i++) (x[i][bestF] <= bestT ? l : r)[y[i]]++;
        double[][] proba = rf.predictProba(x);
        for (int i = 0; i < n; i++) {
            double[] side = x[i][bestF] <= bestT ? l : r;
            assertEquals(side[1] / (side[0] + side[1]), proba[i][1], 1e-12);
        }
        assertEquals(3, rf.treeSize(0));
    }

    static double giniWeighted(double[] c) {
        double w = c[0] + c[1];
        return w == 0 ? 0 : w - (c[0] * c[0] + c[1] * c[1]) / w;
    }

    @Test
    void sameForestForAnyThreadCount() {
        Rng rng = Rng.seeded(4);
        int[] y = new int[200];
        double[][] x = blobs(rng, 200, 16, 4, 8, y);
        RandomForest.Options o = RandomForest.Options.defaults(77).withTrees(20);
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double[][] a = RandomForest.fit(x, y, 4, o).predictProba(x);
            Parallel.setThreads(3);
            double[][] b = RandomForest.fit(x, y, 4, o).predictProba(x);
            for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], 0);
        } finally {
            Parallel.setThreads(threads);
        }
        double[][] c = RandomForest.fit(x, y, 4, RandomForest.Options.defaults(78).withTrees(20)).predictProba(x);
        boolean differs = false;
        double[][] a = RandomForest.fit(x, y, 4, o).predictProba(x);
        for (int i = 0; i < a.length && !differs; i++) differs = !java.util.Arrays.equals(a[i], c[i]);
        assertTrue(differs, "another seed grows another forest");
    }

    @Test
    void badInputs() {
        double[][] x = {{1}, {2}};
        assertThrows(IllegalArgumentException.class, () -> RandomForest.fit(x, new int[] {0, 2}, 2, RandomForest.Options.defaults(0)));
        assertThrows(IllegalArgumentException.class, () -> RandomForest.fit(new double[][] {{Double.NaN}}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> RandomForest.Options.defaults(0).withTrees(0));
        RandomForest rf = RandomForest.fit(x, new int[] {0, 0});
        assertArrayEquals(new double[] {1}, rf.predictProba(new double[][] {{5}})[0], 0);
        assertThrows(IllegalArgumentException.class, () -> rf.predict(new double[][] {{1, 2}}));
    }
}
