package org.genex.algorithms.graph;

import org.genex.tensor.CsrMatrix;

/**
 * The k nearest neighbours of each of n points, as umap-learn's {@code (knn_indices, knn_dists)}: row i holds the
 * neighbours of point i in increasing order of distance, the point itself first (distance 0), as scanpy counts it
 * ({@code n_neighbors} includes the cell). Row-major {@code [n, k]} arrays.
 *
 * @param n         number of points
 * @param k         neighbours per point, the point itself included
 * @param indices   {@code indices[i * k + j]}: the j-th neighbour of point i
 * @param distances {@code distances[i * k + j]}: its euclidean distance, non-decreasing along a row
 */
public record KnnGraph(int n, int k, int[] indices, float[] distances) {
    public KnnGraph {
        if (n < 0 || k < 0 || indices.length != (long) n * k || distances.length != (long) n * k)
            throw new IllegalArgumentException("KnnGraph: " + n + " x " + k + " needs " + ((long) n * k)
                    + " indices and distances, got " + indices.length + " and " + distances.length);
        for (int e = 0; e < indices.length; e++)
            if (indices[e] < 0 || indices[e] >= n)
                throw new IndexOutOfBoundsException("KnnGraph: neighbour " + indices[e] + " of point " + (e / k)
                        + " is outside [0, " + n + ")");
    }

    /** The j-th neighbour of point i. */
    public int index(int i, int j) { return indices[i * k + j]; }

    /** The distance to the j-th neighbour of point i. */
    public float distance(int i, int j) { return distances[i * k + j]; }

    /**
     * The distances as an {@code n x n} CSR matrix without the point itself (scanpy's {@code obsp["distances"]}):
     * k - 1 entries per row, columns sorted. A neighbour at distance 0 other than the point itself is kept as a
     * stored zero.
     */
    public CsrMatrix distanceMatrix() {
        int[] indptr = new int[n + 1];
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int j = 0; j < k; j++) if (indices[i * k + j] != i) c++;
            indptr[i + 1] = indptr[i] + c;
        }
        int[] cols = new int[indptr[n]];
        float[] vals = new float[indptr[n]];
        long[] keys = new long[k];
        for (int i = 0; i < n; i++) {
            int c = 0;
            for (int j = 0; j < k; j++) {
                int idx = indices[i * k + j];
                if (idx != i) keys[c++] = ((long) idx << 32) | j;
            }
            java.util.Arrays.sort(keys, 0, c);
            for (int t = 0; t < c; t++) {
                cols[indptr[i] + t] = (int) (keys[t] >>> 32);
                vals[indptr[i] + t] = distances[i * k + (int) (keys[t] & 0xffffffffL)];
            }
        }
        return new CsrMatrix(n, n, indptr, cols, vals);
    }

    /** The fraction of the neighbours in {@code truth} (same n and k) that this graph also lists, self excluded. */
    public double recall(KnnGraph truth) {
        if (truth.n != n || truth.k != k)
            throw new IllegalArgumentException("KnnGraph.recall: " + n + " x " + k + " against " + truth.n + " x "
                    + truth.k);
        long hit = 0, total = 0;
        java.util.HashSet<Integer> set = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            set.clear();
            for (int j = 0; j < k; j++) set.add(indices[i * k + j]);
            for (int j = 0; j < k; j++) {
                int t = truth.indices[i * k + j];
                if (t == i) continue;
                total++;
                if (set.contains(t)) hit++;
            }
        }
        return total == 0 ? 1.0 : hit / (double) total;
    }
}
