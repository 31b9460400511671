package org.genex.algorithms.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class FuzzySimplicialSetTest {
    private static KnnGraph randomKnn(int n, int d, int k, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
        return ExactKnn.search(Tensor.wrap(x, n, d), k);
    }

    @Test
    void smoothingHitsTheTargetAndTheNearestNeighbourHasWeightOne() {
        KnnGraph knn = randomKnn(200, 5, 15, 1);
        FuzzySimplicialSet.Smoothing s = FuzzySimplicialSet.smoothKnnDist(knn, 64, 1.0, 1.0);
        double target = Math.log(15) / Math.log(2);
        for (int i = 0; i < 200; i++) {
            assertEquals(knn.distance(i, 1), s.rho()[i], 0.0, "rho = nearest non-zero distance");
            double psum = 0;
            for (int j = 1; j < 15; j++) psum += Math.exp(-Math.max(0, knn.distance(i, j) - s.rho()[i]) / s.sigma()[i]);
            assertEquals(target, psum, 1e-4);
        }
        CsrMatrix w = FuzzySimplicialSet.membershipStrengths(knn, s);
        for (int i = 0; i < 200; i++) {
            assertEquals(14, w.indptr()[i + 1] - w.indptr()[i]);
            double max = 0;
            for (int e = w.indptr()[i]; e < w.indptr()[i + 1]; e++) max = Math.max(max, w.values()[e]);
            assertEquals(1.0, max, 0.0);
        }
    }

    @Test
    void unionIsSymmetricAndMatchesTheFormula() {
        KnnGraph knn = randomKnn(150, 3, 8, 2);
        FuzzySimplicialSet.Smoothing s = FuzzySimplicialSet.smoothKnnDist(knn, 64, 1.0, 1.0);
        float[][] dense = new float[150][150];
        CsrMatrix w = FuzzySimplicialSet.membershipStrengths(knn, s);
        for (int i = 0; i < 150; i++)
            for (int e = w.indptr()[i]; e < w.indptr()[i + 1]; e++) dense[i][w.indices()[e]] = w.values()[e];
        CsrMatrix u = FuzzySimplicialSet.connectivities(knn);
        float[][] ud = new float[150][150];
        for (int i = 0; i < 150; i++)
            for (int e = u.indptr()[i]; e < u.indptr()[i + 1]; e++) ud[i][u.indices()[e]] = u.values()[e];
        for (int i = 0; i < 150; i++)
            for (int j = 0; j < 150; j++) {
                double a = dense[i][j], b = dense[j][i];
                assertEquals((float) (a + b - a * b), ud[i][j], 0f);
                assertEquals(ud[i][j], ud[j][i], 0f);
            }
        CsrMatrix inter = FuzzySimplicialSet.connectivities(knn, 1.0, 1.0, 0.0);   // mix 0: the intersection
        for (int i = 0; i < 150; i++)
            for (int e = inter.indptr()[i]; e < inter.indptr()[i + 1]; e++) {
                int j = inter.indices()[e];
                assertEquals((float) ((double) dense[i][j] * dense[j][i]), inter.values()[e], 0f);
            }
    }

    @Test
    void duplicatePointsGiveFullWeight() {
        float[] x = {0, 0, 0, 1, 5};                           // points 0, 1, 2 coincide
        KnnGraph knn = ExactKnn.search(Tensor.wrap(x, 5, 1), 3);
        FuzzySimplicialSet.Smoothing s = FuzzySimplicialSet.smoothKnnDist(knn, 64, 1.0, 1.0);
        assertEquals(1.0, s.rho()[3], 0.0);
        CsrMatrix c = FuzzySimplicialSet.connectivities(knn);
        assertTrue(c.nnz() > 0);
        for (float v : c.values()) assertTrue(v > 0 && v <= 1);
    }

    @Test
    void badArguments() {
        KnnGraph knn = randomKnn(10, 2, 3, 3);
        assertThrows(IllegalArgumentException.class, () -> FuzzySimplicialSet.connectivities(knn, 1, 1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> FuzzySimplicialSet.connectivities(knn, -1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> FuzzySimplicialSet.connectivities(knn, 1, 0, 1));
    }
}
