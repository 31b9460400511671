package org.genex.algorithms.impute;

import static org.genex.algorithms.Golden.doubles;
import static org.genex.algorithms.Golden.num;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.genex.algorithms.Golden;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;
import org.junit.jupiter.api.Test;

class ImputerTest {

    /** Rows [n][p] from a flat JSON list where null = missing (NaN). */
    static double[][] nanRows(Object o, int n, int p) {
        List<Object> l = Golden.list(o);
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                Object v = l.get(i * p + j);
                x[i][j] = v == null ? Double.NaN : ((Number) v).doubleValue();
            }
        }
        return x;
    }

    static void assertRowsClose(double[][] expected, double[][] actual, double tol, String what) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], actual[i], tol, what + " row " + i);
    }

    @Test
    void meanImputerUsesTrainingMeans() {
        double nan = Double.NaN;
        double[][] train = {{1, nan, nan}, {3, 4, nan}, {nan, 8, nan}};
        MeanImputer m = MeanImputer.fit(train);
        assertArrayEquals(new double[] {2, 6, 0}, m.means(), 0);
        double[][] out = m.transform(new double[][] {{nan, 1, nan}});
        assertArrayEquals(new double[] {2, 1, 0}, out[0], 0);
        assertTrue(Double.isNaN(train[0][1])); // inputs untouched
        assertThrows(IllegalArgumentException.class, () -> m.transform(new double[][] {{1, 2}}));
    }

    @Test
    void knnImputerMatchesScikitLearn() {
        Map<String, Object> g = Golden.load("baselines/knn_imputer.json");
        int n = (int) num(g.get("n")), m = (int) num(g.get("m")), p = (int) num(g.get("p"));
        double[][] train = nanRows(g.get("train"), n, p), test = nanRows(g.get("test"), m, p);
        KnnImputer imp = KnnImputer.fit(train);
        assertRowsClose(nanRows(g.get("train_out"), n, p), imp.transform(train), 1e-12, "train");
        assertRowsClose(nanRows(g.get("test_out"), m, p), imp.transform(test), 1e-12, "test");
    }

    @Test
    void knnImputerHandWorked() {
        double nan = Double.NaN;
        double[][] train = {{0, 0}, {1, 10}, {5, 20}, {nan, 30}};
        KnnImputer imp = KnnImputer.fit(train, 2);
        // Row {0.9, nan}: distances to rows 0,1,2 = 0.9*sqrt(2), 0.1*sqrt(2), 4.1*sqrt(2): neighbours 1, 0.
        assertArrayEquals(new double[] {0.9, 5}, imp.transform(new double[][] {{0.9, nan}})[0], 1e-12);
        // Row {nan, 29}: donors observe feature 0: rows 0, 1, 2 at |29 - 0|, 19, 9 -> rows 2, 1.
        assertArrayEquals(new double[] {3, 29}, imp.transform(new double[][] {{nan, 29}})[0], 1e-12);
        // Nothing observed: feature means (2, 15).
        assertArrayEquals(new double[] {2, 15}, imp.transform(new double[][] {{nan, nan}})[0], 1e-12);
        assertEquals(Math.sqrt(2 * 0.81), KnnImputer.distance(new double[] {0.9, nan}, new double[] {0, 0}, 2), 1e-15);
    }

    @Test
    void iterativeImputerMatchesScikitLearn() {
        Map<String, Object> g = Golden.load("baselines/iterative_imputer.json");
        int n = (int) num(g.get("n")), m = (int) num(g.get("m")), p = (int) num(g.get("p"));
        double[][] train = nanRows(g.get("train"), n, p), test = nanRows(g.get("test"), m, p);
        IterativeImputer imp = IterativeImputer.fit(train);
        assertEquals((int) num(g.get("n_iter")), imp.rounds());
        assertRowsClose(nanRows(g.get("train_out"), n, p), imp.transform(train), 1e-7, "train");
        assertRowsClose(nanRows(g.get("test_out"), m, p), imp.transform(test), 1e-7, "test");

        Map<String, Object> e = Golden.map(g.get("early"));
        int n2 = (int) num(e.get("n")), p2 = (int) num(e.get("p"));
        double[][] train2 = nanRows(e.get("train"), n2, p2);
        IterativeImputer early = IterativeImputer.fit(train2);
        assertEquals((int) num(e.get("n_iter")), early.rounds(), "rounds before the early stop");
        assertRowsClose(nanRows(e.get("train_out"), n2, p2), early.transform(train2), 1e-7, "early");
    }

    @Test
    void iterativeImputerWithNearestFeaturesRecoversCorrelatedGenes() {
        Rng rng = Rng.seeded(7);
        int n = 150, p = 40;
        double[][] full = new double[n][p];
        for (int i = 0; i < n; i++) {
            double z1 = rng.gaussian(), z2 = rng.gaussian();
            for (int j = 0; j < p; j++) full[i][j] = (j % 2 == 0 ? z1 : z2) * (1 + j * 0.05) + 0.2 * rng.gaussian();
        }
        double[][] train = new double[n][];
        for (int i = 0; i < n; i++) {
            train[i] = full[i].clone();
            for (int j = 0; j < p; j++) if (rng.bernoulli(0.3)) train[i][j] = Double.NaN;
        }
        IterativeImputer a = IterativeImputer.fit(train, IterativeImputer.Options.nearest(8, 11));
        double[][] out = a.transform(train);
        double[][] mean = MeanImputer.fit(train).transform(train);
        double errIter = 0, errMean = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                if (!Double.isNaN(train[i][j])) {
                    assertEquals(train[i][j], out[i][j], 0);
                    continue;
                }
                errIter += Math.pow(out[i][j] - full[i][j], 2);
                errMean += Math.pow(mean[i][j] - full[i][j], 2);
            }
        }
        assertTrue(errIter < 0.2 * errMean, errIter + " vs " + errMean);
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double[][] again = IterativeImputer.fit(train, IterativeImputer.Options.nearest(8, 11)).transform(train);
            for (int i = 0; i < n; i++) assertArrayEquals(out[i], again[i], 0);
        } finally {
            Parallel.setThreads(threads);
        }
        double[][] knn = KnnImputer.fit(train).transform(train);
        for (double[] row : knn) for (double v : row) assertFalse(Double.isNaN(v));
    }

    @Test
    void badInputs() {
        assertThrows(IllegalArgumentException.class, () -> KnnImputer.fit(new double[][] {{1}}, 0));
        assertThrows(IllegalArgumentException.class, () -> IterativeImputer.fit(new double[0][]));
        assertThrows(IllegalArgumentException.class,
                () -> MeanImputer.fit(new double[][] {{Double.POSITIVE_INFINITY}}));
    }
}
