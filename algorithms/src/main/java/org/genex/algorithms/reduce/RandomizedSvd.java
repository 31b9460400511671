package org.genex.algorithms.reduce;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * scikit-learn's {@code randomized_svd} (Halko, Martinsson and Tropp 2011, algorithm 4.3 with the power iterations
 * normalised by LU as in scikit-learn), on a centred matrix, in double:
 * <ol>
 *   <li>M = A, or A^T when A has fewer rows than columns; a test matrix Q {@code [cols(M), k + oversamples]} of
 *       standard normals from {@link NumpyRandomState} (so the same seed gives scikit-learn's matrix);</li>
 *   <li>{@code nIter} times: Q = P L of the LU factorisation (partial pivoting) of M Q, then of M^T Q
 *       ({@code power_iteration_normalizer="LU"}; plain products for "none");</li>
 *   <li>Q = the orthonormal factor of M Q (Householder QR); B = Q^T M; the thin SVD of B = U' S V^T; U = Q U';</li>
 *   <li>signs by {@code svd_flip} (u-based; v-based when transposed) and the first k triplets.</li>
 * </ol>
 * {@code nIter < 0} means scikit-learn's "auto": 7 when k &lt; 0.1 min(n, d), else 4; the normaliser "auto" is
 * "none" for at most 2 iterations, else LU. The products with A are done in double by {@link CentredMatrix} without
 * a centred copy; QR and the small SVD by EJML.
 */
final class RandomizedSvd {
    /** Left vectors {@code [n, k]}, singular values (decreasing), right vectors {@code [k, d]}. */
    record Svd(double[] u, double[] s, double[] vt, int k) {}

    private RandomizedSvd() {}

    static Svd compute(CentredMatrix a, int k, int oversamples, int nIter, long seed) {
        int n = a.n, d = a.d;
        if (nIter < 0) nIter = k < 0.1 * Math.min(n, d) ? 7 : 4;
        boolean lu = nIter > 2;
        boolean transpose = n < d;
        int rows = transpose ? d : n, cols = transpose ? n : d;
        int l = k + oversamples;
        double[] q = new NumpyRandomState(seed).normal(cols, l);
        for (int it = 0; it < nIter; it++) {
            double[] y = mult(a, transpose, q, l);          // rows x l
            q = lu ? permutedL(y, rows, l) : y;
            double[] z = multT(a, transpose, q, l);         // cols x l
            q = lu ? permutedL(z, cols, l) : z;
        }
        double[] y = mult(a, transpose, q, l);
        DMatrixRMaj qm = orthonormal(y, rows, l);            // rows x l
        double[] qArr = qm.data;
        double[] bt = multT(a, transpose, qArr, l);          // cols x l = B^T
        DMatrixRMaj b = new DMatrixRMaj(l, cols);
        for (int i = 0; i < cols; i++) for (int t = 0; t < l; t++) b.data[t * cols + i] = bt[i * l + t];
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(l, cols, true, true, true);
        if (!svd.decompose(b)) throw new IllegalStateException("RandomizedSvd: the SVD of B did not converge");
        DMatrixRMaj uHat = svd.getU(null, false), vtB = svd.getV(null, true);
        double[] w = svd.getSingularValues().clone();
        int m = Math.min(l, cols);
        DMatrixRMaj wm = new DMatrixRMaj(m, m);
        for (int i = 0; i < m; i++) wm.set(i, i, w[i]);
        SingularOps_DDRM.descendingOrder(uHat, false, wm, vtB, true);
        // U = Q uHat: rows x m
        double[] u = new double[rows * m];
        for (int i = 0; i < rows; i++)
            for (int t = 0; t < l; t++) {
                double qv = qArr[i * l + t];
                if (qv == 0) continue;
                for (int c = 0; c < m; c++) u[i * m + c] += qv * uHat.get(t, c);
            }
        double[] vt = new double[m * cols];
        for (int c = 0; c < m; c++) for (int j = 0; j < cols; j++) vt[c * cols + j] = vtB.get(c, j);
        double[] s = new double[m];
        for (int i = 0; i < m; i++) s[i] = wm.get(i, i);
        if (!transpose) Pca.svdFlipU(u, vt, rows, cols, m);
        else Pca.svdFlipV(u, vt, rows, cols, m);
        int kk = Math.min(k, m);
        double[] uk = new double[n * kk], vk = new double[kk * d], sk = java.util.Arrays.copyOf(s, kk);
        if (!transpose) {
            for (int i = 0; i < n; i++) System.arraycopy(u, i * m, uk, i * kk, kk);
            System.arraycopy(vt, 0, vk, 0, kk * d);
        } else {                                             // A = (U S V^T)^T = V S U^T
            for (int i = 0; i < n; i++) for (int c = 0; c < kk; c++) uk[i * kk + c] = vt[c * cols + i];
            for (int c = 0; c < kk; c++) for (int j = 0; j < d; j++) vk[c * d + j] = u[j * m + c];
        }
        return new Svd(uk, sk, vk, kk);
    }

    /** M Q where M = A or A^T. */
    private static double[] mult(CentredMatrix a, boolean transpose, double[] q, int l) {
        return transpose ? a.transposeTimes(q, l) : a.times(q, l);
    }

    /** M^T Q. */
    private static double[] multT(CentredMatrix a, boolean transpose, double[] q, int l) {
        return transpose ? a.times(q, l) : a.transposeTimes(q, l);
    }

    /**
     * {@code scipy.linalg.lu(y, permute_l=True)[0]}: the unit lower-trapezoidal factor of y = P L U with partial
     * pivoting (the first largest |value| of each column, as LAPACK's getrf), rows put back in y's order.
     */
    static double[] permutedL(double[] y, int rows, int l) {
        double[] a = y.clone();
        int[] perm = new int[rows];
        for (int i = 0; i < rows; i++) perm[i] = i;
        int steps = Math.min(rows, l);
        for (int j = 0; j < steps; j++) {
            int p = j;
            double best = Math.abs(a[j * l + j]);
            for (int i = j + 1; i < rows; i++) {
                double v = Math.abs(a[i * l + j]);
                if (v > best) {
                    best = v;
                    p = i;
                }
            }
            if (p != j) {
                for (int t = 0; t < l; t++) {
                    double tmp = a[j * l + t];
                    a[j * l + t] = a[p * l + t];
                    a[p * l + t] = tmp;
                }
                int tp = perm[j];
                perm[j] = perm[p];
                perm[p] = tp;
            }
            double piv = a[j * l + j];
            if (piv == 0) continue;                          // LAPACK leaves the column as it is
            for (int i = j + 1; i < rows; i++) {
                double f = a[i * l + j] / piv;
                a[i * l + j] = f;
                if (f == 0) continue;
                for (int t = j + 1; t < l; t++) a[i * l + t] -= f * a[j * l + t];
            }
        }
        double[] out = new double[rows * l];                 // L: unit diagonal, strictly lower part of a
        for (int i = 0; i < rows; i++) {
            int r = perm[i];
            for (int t = 0; t < l; t++) {
                double v = t < i ? a[i * l + t] : (t == i ? 1.0 : 0.0);
                out[r * l + t] = v;
            }
        }
        return out;
    }

    /** The thin orthonormal factor of a {@code [rows, l]} matrix (Householder QR). */
    private static DMatrixRMaj orthonormal(double[] y, int rows, int l) {
        DMatrixRMaj m = DMatrixRMaj.wrap(rows, l, y);
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(rows, l);
        if (!qr.decompose(m)) throw new IllegalStateException("RandomizedSvd: QR failed");
        return qr.getQ(null, true);
    }
}
