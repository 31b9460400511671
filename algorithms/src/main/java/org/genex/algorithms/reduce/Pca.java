package org.genex.algorithms.reduce;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.genex.tensor.Tensor;

/**
 * Principal component analysis as scanpy's {@code pp.pca} (scikit-learn's {@code PCA} underneath): data centred on
 * the column means, {@code n_comps} = 50 or min(n_obs, n_vars) - 1 when that is smaller, scores
 * {@code obsm["X_pca"]} = U S, loadings {@code varm["PCs"]} = V, {@code variance} = S^2 / (n - 1) and
 * {@code variance_ratio} = variance / (total sample variance, ddof 1). Signs follow scikit-learn's
 * {@code svd_flip} with {@code u_based_decision=True} (the largest |entry| of each score column is positive), the
 * convention of scikit-learn before 1.5 and of the pbmc68k fixture; scikit-learn 1.5+ flips by the loadings
 * instead. The data are float32 (as scanpy's default dtype) and every computation is in double.
 *
 * <p>Solvers:
 * <ul>
 *   <li>{@link Solver#EXACT}: eigen-decomposition (EJML, symmetric QR algorithm) of A^T A ({@code [d, d]}), or of
 *       A A^T when there are fewer samples than variables; the same components as LAPACK's SVD or ARPACK (scanpy's
 *       default solver) up to rounding. Cost n min(n,d)^2 for the product plus about 10 min(n,d)^3 for the
 *       eigen-decomposition: 5,000 x 1,000 took 8.5 s on 2 busy cores; use it for min(n, d) up to about
 *       1,500.</li>
 *   <li>{@link Solver#RANDOMIZED}: scikit-learn's {@code randomized_svd} ({@link RandomizedSvd}) with its "auto"
 *       iteration count, 10 oversamples and numpy's random stream: for large data (cost about
 *       2 (nIter + 1) n d (k + 10) multiply-adds in double: 10,000 cells x 2,000 genes x 50 comps took 39 s on 2
 *       cores shared with other jobs (load 15), so a few 10^4 cells a minute). The trailing components are approximations (with 4 power iterations the variance of the last of 50
 *       components can be a few percent low), exactly as in scikit-learn: this is how the pbmc68k fixture's PCA
 *       was computed (old scanpy, {@code svd_solver="auto"}, random_state 0), which this solver reproduces.</li>
 *   <li>{@link Solver#AUTO}: EXACT when min(n, d) &lt;= 1,500, else RANDOMIZED.</li>
 * </ul>
 */
public final class Pca {
    /** How the decomposition is computed; see the class comment. */
    public enum Solver { AUTO, EXACT, RANDOMIZED }

    /**
     * @param nComps      components (&lt;= 0: scanpy's default 50, or min(n, d) - 1)
     * @param solver      the solver
     * @param zeroCenter  centre the columns first (scanpy's default; without it, as TruncatedSVD)
     * @param nIter       power iterations of the randomized solver (-1: scikit-learn's "auto")
     * @param oversamples extra random vectors of the randomized solver (10)
     * @param seed        numpy seed of the randomized solver (scanpy: 0)
     */
    public record Config(int nComps, Solver solver, boolean zeroCenter, int nIter, int oversamples, long seed) {
        public Config {
            if (oversamples < 0)
                throw new IllegalArgumentException("Pca: oversamples = " + oversamples + ", expected >= 0");
        }

        /** scanpy's defaults with the automatic solver choice. */
        public static Config defaults() { return new Config(0, Solver.AUTO, true, -1, 10, 0L); }

        /** scanpy's defaults with {@code n} components and the given solver. */
        public static Config of(int nComps, Solver solver) { return new Config(nComps, solver, true, -1, 10, 0L); }
    }

    /**
     * The fitted PCA.
     *
     * @param scores        {@code [n, k]} row-major, U S (scanpy's X_pca)
     * @param components    {@code [k, d]} row-major, the loadings V^T (scanpy's PCs transposed)
     * @param variance      per component, S^2 / (n - 1)
     * @param varianceRatio per component, variance / total variance
     * @param mean          column means that were subtracted (zeros without centring)
     */
    public record Result(double[] scores, double[] components, double[] variance, double[] varianceRatio,
                         double[] mean, int n, int d, int k) {
        /** The scores as a float {@code [n, k]} tensor (scanpy stores X_pca as float32). */
        public Tensor scoresTensor() {
            float[] f = new float[scores.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) scores[i];
            return Tensor.wrap(f, n, k);
        }
    }

    private static final int EXACT_LIMIT = 1500;

    private Pca() {}

    /** scanpy's default number of components for an n x d matrix. */
    public static int defaultComponents(int n, int d) {
        int minDim = Math.min(n, d);
        return minDim <= 50 ? minDim - 1 : 50;
    }

    /**
     * PCA of the rows of {@code x} ({@code [n, d]}).
     *
     * @throws IllegalArgumentException if x is not 2-D, has fewer than 2 rows or non-finite values, or asks for
     *                                  more components than min(n, d) (min(n, d) - 1 for the randomized solver)
     */
    public static Result fit(Tensor x, Config cfg) {
        if (x.rank() != 2) throw new IllegalArgumentException("Pca: x must be [n, d], got " + x.shape());
        int n = x.dim(0), d = x.dim(1);
        if (n < 2 || d < 1) throw new IllegalArgumentException("Pca: needs at least 2 rows and 1 column, got " + x.shape());
        int k = cfg.nComps() > 0 ? cfg.nComps() : defaultComponents(n, d);
        if (k < 1 || k > Math.min(n, d))
            throw new IllegalArgumentException("Pca: n_comps = " + k + " must be in [1, min(n, d) = "
                    + Math.min(n, d) + "]");
        float[] data = x.toArray();
        for (int i = 0; i < data.length; i++)
            if (!Float.isFinite(data[i]))
                throw new IllegalArgumentException("Pca: x[" + (i / d) + ", " + (i % d) + "] = " + data[i]);
        CentredMatrix a = new CentredMatrix(data, n, d, cfg.zeroCenter());
        Solver solver = cfg.solver() == Solver.AUTO
                ? (Math.min(n, d) <= EXACT_LIMIT ? Solver.EXACT : Solver.RANDOMIZED) : cfg.solver();
        double[] u, s, vt;
        if (solver == Solver.EXACT) {
            double[][] usv = exact(a, k);
            u = usv[0];
            s = usv[1];
            vt = usv[2];
        } else {
            int l = Math.min(k + cfg.oversamples(), Math.min(n, d));
            RandomizedSvd.Svd svd = RandomizedSvd.compute(a, k, l - k, cfg.nIter(), cfg.seed());
            u = svd.u();
            s = svd.s();
            vt = svd.vt();
        }
        double[] scores = new double[n * k], variance = new double[k], ratio = new double[k];
        for (int i = 0; i < n; i++) for (int c = 0; c < k; c++) scores[i * k + c] = u[i * k + c] * s[c];
        double total = a.totalVariance();
        for (int c = 0; c < k; c++) {
            variance[c] = s[c] * s[c] / (n - 1);
            ratio[c] = total == 0 ? 0 : variance[c] / total;
        }
        return new Result(scores, vt, variance, ratio, a.mean.clone(), n, d, k);
    }

    /** U {@code [n, k]}, S, V^T {@code [k, d]} by the eigen-decomposition of the smaller Gram matrix. */
    private static double[][] exact(CentredMatrix a, int k) {
        int n = a.n, d = a.d;
        boolean byVariables = d <= n;
        int m = byVariables ? d : n;
        double[] g = byVariables ? a.gram() : a.outerGram();
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, true, true);
        if (!eig.decompose(DMatrixRMaj.wrap(m, m, g)))
            throw new IllegalStateException("Pca: the eigen-decomposition did not converge");
        Integer[] order = new Integer[m];
        double[] lambda = new double[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
            lambda[i] = eig.getEigenvalue(i).getReal();
        }
        java.util.Arrays.sort(order, (p, q) -> Double.compare(lambda[q], lambda[p]));
        double[] s = new double[k];
        double[] basis = new double[m * k];                   // eigenvectors as columns, [m, k]
        for (int c = 0; c < k; c++) {
            int idx = order[c];
            s[c] = Math.sqrt(Math.max(0, lambda[idx]));
            DMatrixRMaj v = eig.getEigenVector(idx);
            for (int i = 0; i < m; i++) basis[i * k + c] = v.get(i, 0);
        }
        double[] u, vt = new double[k * d];
        if (byVariables) {                                    // basis = V; U = A V / S
            for (int c = 0; c < k; c++) for (int j = 0; j < d; j++) vt[c * d + j] = basis[j * k + c];
            u = a.times(basis, k);
            for (int i = 0; i < n; i++) for (int c = 0; c < k; c++) u[i * k + c] = s[c] == 0 ? 0 : u[i * k + c] / s[c];
        } else {                                              // basis = U; V = A^T U / S
            u = basis;
            double[] v = a.transposeTimes(basis, k);          // [d, k]
            for (int j = 0; j < d; j++)
                for (int c = 0; c < k; c++) vt[c * d + j] = s[c] == 0 ? 0 : v[j * k + c] / s[c];
        }
        svdFlipU(u, vt, n, d, k);
        return new double[][] {u, s, vt};
    }

    /**
     * scikit-learn's {@code svd_flip(u, v, u_based_decision=True)}: each column of u ({@code [rows, k]}) is made to
     * have its (first) largest |entry| positive, the matching row of v ({@code [k, cols]}) flipped with it.
     */
    static void svdFlipU(double[] u, double[] vt, int rows, int cols, int k) {
        for (int c = 0; c < k; c++) {
            int arg = 0;
            double best = -1;
            for (int i = 0; i < rows; i++) {
                double v = Math.abs(u[i * k + c]);
                if (v > best) {
                    best = v;
                    arg = i;
                }
            }
            if (u[arg * k + c] < 0) flip(u, vt, rows, cols, k, c);
        }
    }

    /** {@code svd_flip(u, v, u_based_decision=False)}: by the largest |entry| of each row of v. */
    static void svdFlipV(double[] u, double[] vt, int rows, int cols, int k) {
        for (int c = 0; c < k; c++) {
            int arg = 0;
            double best = -1;
            for (int j = 0; j < cols; j++) {
                double v = Math.abs(vt[c * cols + j]);
                if (v > best) {
                    best = v;
                    arg = j;
                }
            }
            if (vt[c * cols + arg] < 0) flip(u, vt, rows, cols, k, c);
        }
    }

    private static void flip(double[] u, double[] vt, int rows, int cols, int k, int c) {
        for (int i = 0; i < rows; i++) u[i * k + c] = -u[i * k + c];
        for (int j = 0; j < cols; j++) vt[c * cols + j] = -vt[c * cols + j];
    }
}
