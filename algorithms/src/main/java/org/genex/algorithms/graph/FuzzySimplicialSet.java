package org.genex.algorithms.graph;

import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Parallel;

/**
 * UMAP's fuzzy simplicial set of a kNN graph: scanpy's {@code obsp["connectivities"]} for {@code method="umap"}
 * (umap-learn's {@code fuzzy_simplicial_set} given precomputed {@code knn_indices, knn_dists}).
 *
 * <p>Per point i ({@code smooth_knn_dist}): rho_i = the distance to its nearest neighbour at a non-zero distance
 * (local_connectivity = 1); sigma_i by 64 steps of bisection so that sum over its neighbours j = 1 .. k-1 of
 * exp(-max(0, d_ij - rho_i) / sigma_i) = log2(k) * bandwidth (stopping early within 1e-5), then raised to
 * 1e-3 times the mean distance of the row (of all rows when rho_i = 0). Membership strengths
 * ({@code compute_membership_strengths}): w_ij = 0 for the point itself, 1 when d_ij &lt;= rho_i or sigma_i = 0,
 * else exp(-(d_ij - rho_i) / sigma_i). Symmetrisation with set_op_mix_ratio m: W' = m (W + W^T - W o W^T) +
 * (1 - m) W o W^T (m = 1: the fuzzy union), zeros dropped.
 *
 * <p>umap-learn computes in float32 (numba); here the bisection and strengths are in double from the float
 * distances, so values differ from umap-learn's by float rounding (about 1e-7 relative).
 */
public final class FuzzySimplicialSet {
    private static final double SMOOTH_K_TOLERANCE = 1e-5;
    private static final double MIN_K_DIST_SCALE = 1e-3;

    private FuzzySimplicialSet() {}

    /** The per-point normalisation: sigma (bandwidth) and rho (distance to the nearest non-identical neighbour). */
    public record Smoothing(double[] sigma, double[] rho) {}

    /** scanpy's connectivities: local_connectivity 1, bandwidth 1, set_op_mix_ratio 1 (fuzzy union). */
    public static CsrMatrix connectivities(KnnGraph knn) {
        return connectivities(knn, 1.0, 1.0, 1.0);
    }

    /**
     * The symmetric fuzzy simplicial set, an {@code n x n} CSR matrix with sorted columns.
     *
     * @throws IllegalArgumentException for a local connectivity below 0, a bandwidth not above 0 or a mix ratio
     *                                  outside [0, 1]
     */
    public static CsrMatrix connectivities(KnnGraph knn, double localConnectivity, double bandwidth,
                                           double setOpMixRatio) {
        if (!(setOpMixRatio >= 0 && setOpMixRatio <= 1))
            throw new IllegalArgumentException("FuzzySimplicialSet: set_op_mix_ratio = " + setOpMixRatio
                    + ", expected a value in [0, 1]");
        Smoothing s = smoothKnnDist(knn, 64, localConnectivity, bandwidth);
        CsrMatrix w = membershipStrengths(knn, s);
        return symmetrise(w, setOpMixRatio);
    }

    /** umap-learn's {@code smooth_knn_dist} on the rows of the graph (the first column, the point itself, skipped). */
    public static Smoothing smoothKnnDist(KnnGraph knn, int nIter, double localConnectivity, double bandwidth) {
        if (!(localConnectivity >= 0))
            throw new IllegalArgumentException("FuzzySimplicialSet: local_connectivity = " + localConnectivity
                    + ", expected >= 0");
        if (!(bandwidth > 0))
            throw new IllegalArgumentException("FuzzySimplicialSet: bandwidth = " + bandwidth + ", expected > 0");
        int n = knn.n(), k = knn.k();
        float[] dist = knn.distances();
        double target = log2(k) * bandwidth;
        double meanAll = 0;
        for (float v : dist) meanAll += v;
        meanAll = dist.length == 0 ? 0 : meanAll / dist.length;
        double[] sigma = new double[n], rho = new double[n];
        double meanDistances = meanAll;
        Parallel.forRange(n, Math.max(1, 8192 / Math.max(1, k)), (s, e) -> {
            double[] nonZero = new double[k];
            for (int i = s; i < e; i++) {
                int o = i * k, nz = 0;
                double rowSum = 0;
                for (int j = 0; j < k; j++) {
                    rowSum += dist[o + j];
                    if (dist[o + j] > 0) nonZero[nz++] = dist[o + j];
                }
                if (nz >= localConnectivity) {
                    int index = (int) Math.floor(localConnectivity);
                    double interpolation = localConnectivity - index;
                    if (index > 0) {
                        rho[i] = nonZero[index - 1];
                        if (interpolation > SMOOTH_K_TOLERANCE)
                            rho[i] += interpolation * (nonZero[index] - nonZero[index - 1]);
                    } else {
                        rho[i] = interpolation * nonZero[0];
                    }
                } else if (nz > 0) {
                    double mx = 0;
                    for (int t = 0; t < nz; t++) mx = Math.max(mx, nonZero[t]);
                    rho[i] = mx;
                }
                double lo = 0, hi = Double.POSITIVE_INFINITY, mid = 1;
                for (int it = 0; it < nIter; it++) {
                    double psum = 0;
                    for (int j = 1; j < k; j++) {
                        double d = dist[o + j] - rho[i];
                        psum += d > 0 ? Math.exp(-(d / mid)) : 1.0;
                    }
                    if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) break;
                    if (psum > target) {
                        hi = mid;
                        mid = (lo + hi) / 2;
                    } else {
                        lo = mid;
                        mid = hi == Double.POSITIVE_INFINITY ? mid * 2 : (lo + hi) / 2;
                    }
                }
                double rowMean = rowSum / k;
                if (rho[i] > 0) {
                    if (mid < MIN_K_DIST_SCALE * rowMean) mid = MIN_K_DIST_SCALE * rowMean;
                } else if (mid < MIN_K_DIST_SCALE * meanDistances) {
                    mid = MIN_K_DIST_SCALE * meanDistances;
                }
                sigma[i] = mid;
            }
        });
        return new Smoothing(sigma, rho);
    }

    private static double log2(double x) { return Math.log(x) / Math.log(2); }

    /** The directed membership strengths w_ij (row i: the neighbours of i), as a CSR matrix with zeros dropped. */
    public static CsrMatrix membershipStrengths(KnnGraph knn, Smoothing s) {
        int n = knn.n(), k = knn.k();
        int[] rows = new int[n * k], cols = new int[n * k];
        float[] vals = new float[n * k];
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                int c = knn.index(i, j);
                double d = knn.distance(i, j), v;
                if (c == i) v = 0;
                else if (d - s.rho()[i] <= 0 || s.sigma()[i] == 0) v = 1;
                else v = Math.exp(-((d - s.rho()[i]) / s.sigma()[i]));
                if (v == 0) continue;                                  // eliminate_zeros
                rows[m] = i;
                cols[m] = c;
                vals[m++] = (float) v;
            }
        }
        return CsrMatrix.fromCoo(n, n, java.util.Arrays.copyOf(rows, m), java.util.Arrays.copyOf(cols, m),
                java.util.Arrays.copyOf(vals, m));
    }

    /**
     * {@code m (W + W^T - W o W^T) + (1 - m) W o W^T}, computed in double per entry and rounded once; entries that
     * come out 0 are dropped.
     */
    public static CsrMatrix symmetrise(CsrMatrix w, double mix) {
        int n = w.rows();
        CsrMatrix t = w.transpose();
        int[] wp = w.indptr(), wi = w.indices(), tp = t.indptr(), ti = t.indices();
        float[] wv = w.values(), tv = t.values();
        int[] indptr = new int[n + 1];
        int[] cols = new int[w.nnz() + t.nnz()];
        float[] vals = new float[cols.length];
        int m = 0;
        for (int i = 0; i < n; i++) {
            int a = wp[i], b = tp[i];
            while (a < wp[i + 1] || b < tp[i + 1]) {
                int ca = a < wp[i + 1] ? wi[a] : Integer.MAX_VALUE, cb = b < tp[i + 1] ? ti[b] : Integer.MAX_VALUE;
                int c = Math.min(ca, cb);
                double x = 0, y = 0;
                if (ca == c) x = wv[a++];
                if (cb == c) y = tv[b++];
                double prod = x * y;
                double v = mix * (x + y - prod) + (1 - mix) * prod;
                if (v != 0) {
                    cols[m] = c;
                    vals[m++] = (float) v;
                }
            }
            indptr[i + 1] = m;
        }
        return new CsrMatrix(n, n, indptr, java.util.Arrays.copyOf(cols, m), java.util.Arrays.copyOf(vals, m));
    }
}
