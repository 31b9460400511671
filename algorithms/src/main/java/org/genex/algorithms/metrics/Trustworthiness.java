package org.genex.algorithms.metrics;

import org.genex.algorithms.graph.ExactKnn;
import org.genex.algorithms.graph.KnnGraph;
import org.genex.algorithms.graph.SquaredDistances;
import org.genex.tensor.Parallel;
import org.genex.tensor.Tensor;

/**
 * Trustworthiness of an embedding (Venna and Kaski 2001), as scikit-learn's
 * {@code sklearn.manifold.trustworthiness(X, X_embedded, n_neighbors=5, metric="euclidean")}:
 * T(k) = 1 - 2 / (n k (2n - 3k - 1)) sum_i sum_{j in N_k^emb(i)} max(0, r(i, j) - k), where N_k^emb(i) are the k
 * nearest neighbours of i in the embedding (i excluded) and r(i, j) the rank of j among i's neighbours in the input
 * space (1 = nearest). T = 1 when every embedded neighbourhood is a true one.
 *
 * <p>Input-space ranks are those of double arithmetic (ties ranked by index; scikit-learn's unstable argsort ranks
 * ties arbitrarily): distances come from float32 GEMM ({@link SquaredDistances}) and only the points whose
 * approximate distance is within the error bound of a neighbour's are compared in double. The embedded neighbours
 * come from {@link ExactKnn}. Cost n^2 d (GEMM) + n^2 k comparisons; memory one block of rows (scikit-learn keeps
 * an n x n rank table).
 */
public final class Trustworthiness {
    private static final int BLOCK_FLOATS = 1 << 22;

    private Trustworthiness() {}

    /** Trustworthiness with scikit-learn's default k = 5. */
    public static double of(Tensor x, Tensor embedded) {
        return of(x, embedded, 5);
    }

    /**
     * Trustworthiness with k neighbours.
     *
     * @throws IllegalArgumentException if the row counts differ or k &gt;= n / 2 (scikit-learn's limit) or k &lt; 1
     */
    public static double of(Tensor x, Tensor embedded, int k) {
        SquaredDistances sx = new SquaredDistances(x);
        int n = sx.size();
        if (embedded.rank() != 2 || embedded.dim(0) != n)
            throw new IllegalArgumentException("trustworthiness: x has " + n + " rows, the embedding "
                    + embedded.shape());
        if (k < 1 || k >= n / 2.0)
            throw new IllegalArgumentException("trustworthiness: n_neighbors (" + k + ") should be less than "
                    + "n_samples / 2 (" + (n / 2.0) + ") and at least 1");
        KnnGraph emb = ExactKnn.search(embedded, k + 1);
        int blockRows = Math.max(1, Math.min(n, BLOCK_FLOATS / n));
        float[] buf = new float[blockRows * n];
        int grain = Math.max(1, 32768 / n);
        long t = 0;
        for (int r0 = 0; r0 < n; r0 += blockRows) {
            int r1 = Math.min(n, r0 + blockRows), start = r0;
            sx.block(r0, r1, buf);
            long[] partial = new long[Parallel.chunks(r1 - r0, grain)];
            Parallel.forRange(r1 - r0, grain, (s, e) -> {
                long sum = 0;
                for (int q = s; q < e; q++) {
                    int i = start + q, o = q * n;
                    double bound = sx.bound(i);
                    for (int nb = 1; nb <= k; nb++) {
                        int j = emb.index(i, nb);
                        double dj = sx.exact(i, j);
                        int rank = 1;                          // 1 + the points closer to i than j (ties: index)
                        for (int l = 0; l < n; l++) {
                            if (l == i || l == j) continue;
                            double a = buf[o + l];
                            if (a < dj - bound) rank++;
                            else if (a <= dj + bound) {
                                double dl = sx.exact(i, l);
                                if (dl < dj || (dl == dj && l < j)) rank++;
                            }
                        }
                        if (rank > k) sum += rank - k;
                    }
                }
                partial[s / grain] = sum;
            });
            for (long p : partial) t += p;
        }
        return 1.0 - t * (2.0 / (n * (double) k * (2.0 * n - 3.0 * k - 1.0)));
    }
}
