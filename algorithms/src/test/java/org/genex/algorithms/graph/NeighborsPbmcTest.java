package org.genex.algorithms.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.genex.algorithms.Pbmc68k;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Golden test against scanpy: pbmc68k_reduced's {@code obsp["distances"]} and {@code obsp["connectivities"]} were
 * computed by {@code pp.neighbors(n_neighbors=10)} ({@code uns/neighbors/params}: n_neighbors 10, method umap; the
 * file does not record n_pcs, but only the first 30 components of {@code obsm/X_pca} reproduce the stored
 * distances, so the call used n_pcs=30).
 */
class NeighborsPbmcTest {
    private static final int N = 700;

    private static Tensor firstColumns(Tensor x, int cols) {
        int n = x.dim(0), d = x.dim(1);
        float[] src = x.toArray(), out = new float[n * cols];
        for (int i = 0; i < n; i++) System.arraycopy(src, i * d, out, i * cols, cols);
        return Tensor.wrap(out, n, cols);
    }

    @Test
    void distancesAndConnectivitiesMatchScanpy() {
        try (Pbmc68k f = Pbmc68k.open()) {
            Tensor pca = firstColumns(f.tensor("obsm/X_pca"), 30);
            Neighbors nb = Neighbors.compute(pca, 10);
            CsrMatrix dist = f.csrMatrix("obsp/distances", N, N), conn = f.csrMatrix("obsp/connectivities", N, N);
            double[] distFile = f.doubles("obsp/distances/data"), connFile = f.doubles("obsp/connectivities/data");

            assertArrayEquals(dist.indptr(), nb.distances().indptr(), "distances: row pointers");
            assertArrayEquals(dist.indices(), nb.distances().indices(), "distances: same neighbours");
            double dDev = maxDeviation(distFile, nb.distances().values());
            assertArrayEquals(conn.indptr(), nb.connectivities().indptr(), "connectivities: row pointers");
            assertArrayEquals(conn.indices(), nb.connectivities().indices(), "connectivities: same sparsity");
            double cDev = maxDeviation(connFile, nb.connectivities().values());

            // the connectivities of the file's own kNN lists (no distance rounding between the two codes)
            KnnGraph fileKnn = fromDistanceMatrix(distFile, dist, 10);
            CsrMatrix fromFile = FuzzySimplicialSet.connectivities(fileKnn);
            assertArrayEquals(conn.indices(), fromFile.indices());
            double fDev = maxDeviation(connFile, fromFile.values());
            System.out.printf("pbmc68k neighbors: max |distance - scanpy| %.3g, max |connectivity - scanpy| %.3g "
                    + "(%.3g from the file's own distances)%n", dDev, cDev, fDev);
            assertTrue(dDev < 1e-4, "distances deviate by " + dDev);
            assertTrue(cDev < 1e-4, "connectivities deviate by " + cDev);
            assertTrue(fDev < 1e-5, "connectivities from the file's distances deviate by " + fDev);
        }
    }

    private static double maxDeviation(double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        double m = 0;
        for (int i = 0; i < expected.length; i++) m = Math.max(m, Math.abs(expected[i] - actual[i]));
        return m;
    }

    /** The kNN lists of a scanpy distances matrix: the cell itself first, then its neighbours by distance. */
    private static KnnGraph fromDistanceMatrix(double[] values, CsrMatrix m, int k) {
        int n = m.rows();
        int[] idx = new int[n * k];
        float[] d = new float[n * k];
        for (int i = 0; i < n; i++) {
            idx[i * k] = i;
            int s = m.indptr()[i], e = m.indptr()[i + 1];
            Integer[] order = new Integer[e - s];
            for (int t = 0; t < order.length; t++) order[t] = s + t;
            java.util.Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
            for (int t = 0; t < order.length; t++) {
                idx[i * k + 1 + t] = m.indices()[order[t]];
                d[i * k + 1 + t] = (float) values[order[t]];
            }
        }
        return new KnnGraph(n, k, idx, d);
    }
}
