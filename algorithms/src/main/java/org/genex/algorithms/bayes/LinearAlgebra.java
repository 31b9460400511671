package org.genex.algorithms.bayes;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * The small dense linear algebra of the regression models, in double through EJML: Gram matrices, Cholesky with a
 * rank check, solves, inverses and Gaussian draws with covariance A<sup>&minus;1</sup>.
 */
final class LinearAlgebra {
    private LinearAlgebra() {}

    /** Relative pivot below which a Gram matrix is called singular. */
    static final double SINGULAR_TOL = 1e-12;

    /** The lower Cholesky factor of a symmetric positive-definite A (p &times; p, row-major); a clear error otherwise. */
    static DMatrixRMaj cholesky(DMatrixRMaj a, String what) {
        int p = a.numRows;
        double maxDiag = 0;
        for (int i = 0; i < p; i++) maxDiag = Math.max(maxDiag, Math.abs(a.get(i, i)));
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(p, true);
        DMatrixRMaj copy = a.copy();
        if (maxDiag == 0 || !chol.decompose(copy))
            throw new IllegalArgumentException(what + " is singular (not positive definite): collinear or constant columns");
        DMatrixRMaj l = chol.getT(null);
        for (int i = 0; i < p; i++) {
            double piv = l.get(i, i);
            if (!(piv * piv > SINGULAR_TOL * maxDiag))
                throw new IllegalArgumentException(what + " is singular: column " + i + " is (nearly) a combination of the others"
                        + " (pivot " + piv * piv + " vs largest diagonal " + maxDiag + ")");
        }
        return l;
    }

    /** Solves A x = b given A's lower Cholesky factor L. */
    static double[] cholSolve(DMatrixRMaj l, double[] b) {
        int p = l.numRows;
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l.get(i, k) * y[k];
            y[i] = s / l.get(i, i);
        }
        return backSolveTransposed(l, y);
    }

    /** Solves L<sup>T</sup> x = y. */
    static double[] backSolveTransposed(DMatrixRMaj l, double[] y) {
        int p = l.numRows;
        double[] x = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < p; k++) s -= l.get(k, i) * x[k];
            x[i] = s / l.get(i, i);
        }
        return x;
    }

    /** A<sup>&minus;1</sup> from A's lower Cholesky factor. */
    static DMatrixRMaj inverse(DMatrixRMaj l) {
        int p = l.numRows;
        DMatrixRMaj inv = new DMatrixRMaj(p, p);
        for (int j = 0; j < p; j++) {
            double[] e = new double[p];
            e[j] = 1;
            double[] col = cholSolve(l, e);
            for (int i = 0; i < p; i++) inv.set(i, j, col[i]);
        }
        return inv;
    }

    /** mean + scale &middot; L<sup>&minus;T</sup> z, z ~ N(0, I): a draw from N(mean, scale&sup2; A<sup>&minus;1</sup>). */
    static double[] drawPrecision(double[] mean, DMatrixRMaj l, double scale, org.genex.tensor.Rng rng) {
        int p = mean.length;
        double[] z = new double[p];
        for (int i = 0; i < p; i++) z[i] = rng.gaussian();
        double[] x = backSolveTransposed(l, z);
        for (int i = 0; i < p; i++) x[i] = mean[i] + scale * x[i];
        return x;
    }

    /** D<sup>T</sup>D for a row-major n &times; p design. */
    static DMatrixRMaj gram(double[] design, int n, int p) {
        DMatrixRMaj d = DMatrixRMaj.wrap(n, p, design);
        DMatrixRMaj g = new DMatrixRMaj(p, p);
        CommonOps_DDRM.multInner(d, g);
        return g;
    }

    /** D<sup>T</sup>y. */
    static double[] xty(double[] design, int n, int p, double[] y) {
        double[] out = new double[p];
        for (int i = 0; i < n; i++) for (int k = 0; k < p; k++) out[k] += design[i * p + k] * y[i];
        return out;
    }
}
