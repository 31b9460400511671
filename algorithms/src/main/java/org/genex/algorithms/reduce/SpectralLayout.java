package org.genex.algorithms.reduce;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;

/**
 * umap-learn's spectral initialisation ({@code spectral_layout}): the eigenvectors of the normalised Laplacian
 * L = I - D^-1/2 W D^-1/2 for its 2nd to (dim+1)-th smallest eigenvalues. For a disconnected graph, as
 * {@code multi_component_layout}: each component gets its own spectral layout scaled to half the distance to the
 * nearest other component, placed at a meta position (for at most 2 dim components the corners
 * +-e_1 .. +-e_dim, as umap-learn; for more, the first dim principal coordinates of the component centroids in the
 * data, or random positions without data, instead of umap-learn's spectral embedding of the centroid affinities);
 * components of fewer than 2 dim points (or at most dim + 1) are placed uniformly at random around their position.
 *
 * <p>Eigen-solver: as ARPACK's {@code eigsh} in umap-learn, Lanczos, here with full reorthogonalisation and
 * explicit restarts from the sum of the wanted Ritz vectors, on (I + D^-1/2 W D^-1/2) / 2 (the same eigenvectors,
 * eigenvalues moved into [0, 1] so that the wanted ones are the largest) with the known top vector D^1/2 1
 * deflated; min(200, max(40, 2 max(2 (dim + 1) + 1, sqrt n))) Lanczos vectors, until the wanted Ritz residuals are
 * below 1e-4 on L (umap-learn's tolerance) or 30 restarts, after which the current Ritz vectors are used
 * (umap-learn falls back to a random layout when ARPACK fails). Memory: that many vectors of n doubles.
 */
final class SpectralLayout {
    private SpectralLayout() {}

    /**
     * The layout {@code [n, dim]} of the graph (CSR arrays of a symmetric weighted adjacency without duplicates),
     * before umap's scaling; {@code data} ({@code [n, p]} row-major, or null) places disconnected components.
     */
    static double[] layout(int n, int[] indptr, int[] idx, double[] w, int dim, float[] data, int p, Rng rng) {
        int[] comp = new int[n];
        int nc = components(n, indptr, idx, comp);
        if (nc == 1) return componentLayout(n, indptr, idx, w, dim, rng);
        double[] meta = metaLayout(nc, comp, dim, data, p, rng);
        double[] out = new double[n * dim];
        int[] members = new int[n], start = new int[nc + 1];
        for (int v = 0; v < n; v++) start[comp[v] + 1]++;
        for (int c = 0; c < nc; c++) start[c + 1] += start[c];
        int[] fill = Arrays.copyOf(start, nc);
        for (int v = 0; v < n; v++) members[fill[comp[v]]++] = v;
        int[] local = new int[n];
        for (int c = 0; c < nc; c++) {
            double range = Double.POSITIVE_INFINITY;
            for (int o = 0; o < nc; o++) {
                double s = 0;
                for (int t = 0; t < dim; t++) {
                    double q = meta[c * dim + t] - meta[o * dim + t];
                    s += q * q;
                }
                if (s > 0) range = Math.min(range, Math.sqrt(s));
            }
            range = Double.isInfinite(range) ? 1.0 : range / 2;
            int size = start[c + 1] - start[c];
            if (size < 2 * dim || size <= dim + 1) {
                for (int q = start[c]; q < start[c + 1]; q++)
                    for (int t = 0; t < dim; t++)
                        out[members[q] * dim + t] = rng.uniform(-range, range) + meta[c * dim + t];
                continue;
            }
            for (int q = start[c]; q < start[c + 1]; q++) local[members[q]] = q - start[c];
            int[] sp = new int[size + 1];
            int count = 0;
            for (int q = start[c]; q < start[c + 1]; q++) {
                int v = members[q];
                count += indptr[v + 1] - indptr[v];
                sp[q - start[c] + 1] = count;
            }
            int[] si = new int[count];
            double[] sw = new double[count];
            for (int q = start[c]; q < start[c + 1]; q++) {
                int v = members[q], o = sp[q - start[c]];
                for (int e = indptr[v]; e < indptr[v + 1]; e++) {
                    si[o] = local[idx[e]];
                    sw[o++] = w[e];
                }
            }
            double[] emb = componentLayout(size, sp, si, sw, dim, rng);
            double mx = 0;
            for (double v : emb) mx = Math.max(mx, Math.abs(v));
            double expansion = mx == 0 ? 0 : range / mx;
            for (int q = start[c]; q < start[c + 1]; q++)
                for (int t = 0; t < dim; t++)
                    out[members[q] * dim + t] = emb[(q - start[c]) * dim + t] * expansion + meta[c * dim + t];
        }
        return out;
    }

    /** Connected components (labels in order of the first node), returns their number. */
    static int components(int n, int[] indptr, int[] idx, int[] comp) {
        Arrays.fill(comp, -1);
        int[] stack = new int[n];
        int nc = 0;
        for (int s = 0; s < n; s++) {
            if (comp[s] >= 0) continue;
            int top = 0;
            stack[top++] = s;
            comp[s] = nc;
            while (top > 0) {
                int v = stack[--top];
                for (int e = indptr[v]; e < indptr[v + 1]; e++) {
                    int u = idx[e];
                    if (comp[u] < 0) {
                        comp[u] = nc;
                        stack[top++] = u;
                    }
                }
            }
            nc++;
        }
        return nc;
    }

    private static double[] metaLayout(int nc, int[] comp, int dim, float[] data, int p, Rng rng) {
        double[] meta = new double[nc * dim];
        if (nc <= 2 * dim) {
            int k = (nc + 1) / 2;
            for (int c = 0; c < nc; c++) {
                int axis = c % k;
                if (axis < dim) meta[c * dim + axis] = c < k ? 1 : -1;
            }
            return meta;
        }
        if (data == null) {
            for (int i = 0; i < meta.length; i++) meta[i] = rng.uniform(0, 10);
            return meta;
        }
        double[] cent = new double[nc * p];
        int[] cnt = new int[nc];
        for (int v = 0; v < comp.length; v++) {
            cnt[comp[v]]++;
            for (int j = 0; j < p; j++) cent[comp[v] * p + j] += data[v * p + j];
        }
        for (int c = 0; c < nc; c++) for (int j = 0; j < p; j++) cent[c * p + j] /= cnt[c];
        float[] cf = new float[nc * p];
        for (int i = 0; i < cf.length; i++) cf[i] = (float) cent[i];
        Pca.Result pr = Pca.fit(org.genex.tensor.Tensor.wrap(cf, nc, p),
                Pca.Config.of(Math.min(dim, Math.min(nc, p)), Pca.Solver.EXACT));
        double mx = 0;
        for (double v : pr.scores()) mx = Math.max(mx, Math.abs(v));
        for (int c = 0; c < nc; c++)
            for (int t = 0; t < Math.min(dim, pr.k()); t++)
                meta[c * dim + t] = mx == 0 ? 0 : pr.scores()[c * pr.k() + t] / mx;
        return meta;
    }

    /** The spectral layout {@code [n, dim]} of one connected graph: eigenvectors 2 .. dim+1. */
    static double[] componentLayout(int n, int[] indptr, int[] idx, double[] w, int dim, Rng rng) {
        double[] deg = new double[n];
        for (int v = 0; v < n; v++) for (int e = indptr[v]; e < indptr[v + 1]; e++) deg[v] += w[e];
        double[] invSqrt = new double[n], top = new double[n];
        double norm = 0;
        for (int v = 0; v < n; v++) {
            invSqrt[v] = deg[v] > 0 ? 1 / Math.sqrt(deg[v]) : 0;
            top[v] = Math.sqrt(deg[v]);
            norm += deg[v];
        }
        norm = Math.sqrt(norm);
        for (int v = 0; v < n; v++) top[v] = norm > 0 ? top[v] / norm : 1 / Math.sqrt(n);
        int want = Math.min(dim, n - 1);
        int ncv = Math.max(2 * (dim + 1) + 1, (int) Math.sqrt(n));
        int m = Math.min(n - 1, Math.min(MAX_LANCZOS, Math.max(40, 2 * ncv)));
        double[][] basis = new double[m + 1][];
        double[] v0 = new double[n];
        for (int i = 0; i < n; i++) v0[i] = rng.gaussian();
        double[] out = new double[n * dim];
        double[][] best = null;
        for (int restart = 0; restart < MAX_RESTARTS; restart++) {
            orthogonalise(v0, top, basis, 0);
            double nv = Math.sqrt(dot(v0, v0));
            if (nv == 0) break;
            for (int i = 0; i < n; i++) v0[i] /= nv;
            basis[0] = v0.clone();
            double[] alpha = new double[m], beta = new double[m];
            int steps = 0;
            for (int j = 0; j < m; j++) {
                double[] y = new double[n];
                apply(n, indptr, idx, w, invSqrt, basis[j], y);
                alpha[j] = dot(basis[j], y);
                orthogonalise(y, top, basis, j + 1);              // full reorthogonalisation, twice
                orthogonalise(y, top, basis, j + 1);
                beta[j] = Math.sqrt(dot(y, y));
                steps = j + 1;
                if (beta[j] < 1e-12) break;                        // an invariant subspace
                for (int i = 0; i < n; i++) y[i] /= beta[j];
                basis[j + 1] = y;
            }
            double[] t = new double[steps * steps];
            for (int j = 0; j < steps; j++) {
                t[j * steps + j] = alpha[j];
                if (j + 1 < steps) t[j * steps + j + 1] = t[(j + 1) * steps + j] = beta[j];
            }
            double[] theta = new double[steps];
            double[][] s = symmetricEig(t, steps, theta);
            double worst = 0;
            int k = Math.min(want, steps);
            best = new double[k][];
            for (int c = 0; c < k; c++) {
                worst = Math.max(worst, Math.abs(beta[steps - 1] * s[c][steps - 1]));
                double[] yv = new double[n];
                for (int j = 0; j < steps; j++) {
                    double f = s[c][j];
                    double[] b = basis[j];
                    for (int i = 0; i < n; i++) yv[i] += f * b[i];
                }
                best[c] = yv;
            }
            if (worst < TOLERANCE || steps < m) break;
            java.util.Arrays.fill(v0, 0);                          // restart from the sum of the wanted Ritz vectors
            for (double[] yv : best) for (int i = 0; i < n; i++) v0[i] += yv[i];
        }
        if (best != null)
            for (int c = 0; c < best.length; c++) for (int i = 0; i < n; i++) out[i * dim + c] = best[c][i];
        return out;
    }

    private static final int MAX_LANCZOS = 200, MAX_RESTARTS = 30;
    private static final double TOLERANCE = 0.5e-4;             // residual on (I + N) / 2: 1e-4 on L

    private static double dot(double[] a, double[] b) {
        double s0 = 0, s1 = 0;
        int i = 0;
        for (; i + 1 < a.length; i += 2) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
        }
        if (i < a.length) s0 += a[i] * b[i];
        return s0 + s1;
    }

    /** y -= (y . top) top and y -= sum_j (y . basis_j) basis_j for j &lt; count (classical Gram-Schmidt). */
    private static void orthogonalise(double[] y, double[] top, double[][] basis, int count) {
        int n = y.length;
        double[] c = new double[count + 1];
        Parallel.forEach(count + 1, j -> c[j] = dot(y, j == count ? top : basis[j]));
        Parallel.forRange(n, 4096, (s, e) -> {
            for (int j = 0; j <= count; j++) {
                double f = c[j];
                double[] b = j == count ? top : basis[j];
                for (int i = s; i < e; i++) y[i] -= f * b[i];
            }
        });
    }

    /** y = (I + D^-1/2 W D^-1/2) q / 2, row-parallel. */
    private static void apply(int n, int[] indptr, int[] idx, double[] w, double[] invSqrt, double[] q, double[] y) {
        Parallel.forRange(n, 4096, (s, e) -> {
            for (int i = s; i < e; i++) {
                double acc = q[i], di = invSqrt[i];
                for (int p = indptr[i]; p < indptr[i + 1]; p++) acc += w[p] * di * invSqrt[idx[p]] * q[idx[p]];
                y[i] = 0.5 * acc;
            }
        });
    }

    /** Eigenvectors of a symmetric {@code [b, b]} matrix as rows, eigenvalues into {@code values}, descending. */
    private static double[][] symmetricEig(double[] h, int b, double[] values) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(b, true, true);
        if (!eig.decompose(DMatrixRMaj.wrap(b, b, h.clone())))
            throw new IllegalStateException("SpectralLayout: eigen-decomposition failed");
        Integer[] order = new Integer[b];
        double[] lam = new double[b];
        for (int i = 0; i < b; i++) {
            order[i] = i;
            lam[i] = eig.getEigenvalue(i).getReal();
        }
        Arrays.sort(order, (x, z) -> Double.compare(lam[z], lam[x]));
        double[][] vecs = new double[b][b];
        for (int c = 0; c < b; c++) {
            values[c] = lam[order[c]];
            DMatrixRMaj v = eig.getEigenVector(order[c]);
            for (int r = 0; r < b; r++) vecs[c][r] = v.get(r, 0);
        }
        return vecs;
    }
}
