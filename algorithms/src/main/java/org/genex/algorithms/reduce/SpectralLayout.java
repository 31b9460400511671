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
 * <p>Eigen-solver: instead of ARPACK's Lanczos, block subspace iteration on (I + D^-1/2 W D^-1/2) / 2 (the same
 * eigenvectors, eigenvalues moved into [0, 1] so that the wanted ones are the largest), with the known top vector
 * D^1/2 1 deflated, max(2 (dim + 1) + 1, sqrt(n)) vectors as umap-learn's Lanczos count (at most 64), Rayleigh-Ritz
 * every 4 steps, until the wanted Ritz residuals are below 1e-4 (umap-learn's tolerance) or 2,000 steps; on no
 * convergence the current Ritz vectors are used (umap-learn falls back to a random layout).
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
        int b = Math.min(n - 1, Math.min(64, Math.max(2 * (dim + 1) + 1, (int) Math.sqrt(n))));
        b = Math.max(b, Math.min(dim, n - 1));
        double[] q = new double[n * b];                       // [n, b] row-major
        for (int i = 0; i < q.length; i++) q[i] = rng.gaussian();
        orthonormalise(q, n, b, top);
        double[] y = new double[n * b], ritz = new double[b];
        for (int step = 1; step <= 2000; step++) {
            apply(n, indptr, idx, w, invSqrt, q, y, b);
            if (step % 4 != 0) {
                System.arraycopy(y, 0, q, 0, q.length);
                orthonormalise(q, n, b, top);
                continue;
            }
            // Rayleigh-Ritz: H = Q^T M Q, Q <- Q V (descending)
            double[] h = new double[b * b];
            for (int i = 0; i < n; i++)
                for (int r = 0; r < b; r++) {
                    double qr = q[i * b + r];
                    for (int c = 0; c < b; c++) h[r * b + c] += qr * y[i * b + c];
                }
            for (int r = 0; r < b; r++) for (int c = 0; c < r; c++) h[r * b + c] = h[c * b + r] = (h[r * b + c] + h[c * b + r]) / 2;
            double[][] vecs = symmetricEig(h, b, ritz);
            double[] nq = new double[n * b], ny = new double[n * b];
            for (int i = 0; i < n; i++)
                for (int c = 0; c < b; c++) {
                    double s = 0, t = 0;
                    for (int r = 0; r < b; r++) {
                        s += q[i * b + r] * vecs[c][r];
                        t += y[i * b + r] * vecs[c][r];
                    }
                    nq[i * b + c] = s;
                    ny[i * b + c] = t;
                }
            double worst = 0;
            for (int c = 0; c < Math.min(dim, b); c++) {
                double res = 0;
                for (int i = 0; i < n; i++) {
                    double r = ny[i * b + c] - ritz[c] * nq[i * b + c];
                    res += r * r;
                }
                worst = Math.max(worst, Math.sqrt(res));
            }
            System.arraycopy(nq, 0, q, 0, q.length);
            if (worst < 1e-4 / 2) break;                      // residual of (I+N)/2 is half that of L
            System.arraycopy(ny, 0, q, 0, q.length);
            orthonormalise(q, n, b, top);
        }
        double[] out = new double[n * dim];
        for (int i = 0; i < n; i++) for (int t = 0; t < dim; t++) out[i * dim + t] = t < b ? q[i * b + t] : 0;
        return out;
    }

    /** y = (I + D^-1/2 W D^-1/2) q / 2, row-parallel. */
    private static void apply(int n, int[] indptr, int[] idx, double[] w, double[] invSqrt, double[] q, double[] y,
                              int b) {
        Parallel.forRange(n, Math.max(1, 4096 / b), (s, e) -> {
            for (int i = s; i < e; i++) {
                int o = i * b;
                for (int c = 0; c < b; c++) y[o + c] = q[o + c];
                double di = invSqrt[i];
                for (int p = indptr[i]; p < indptr[i + 1]; p++) {
                    int j = idx[p];
                    double f = w[p] * di * invSqrt[j];
                    int jo = j * b;
                    for (int c = 0; c < b; c++) y[o + c] += f * q[jo + c];
                }
                for (int c = 0; c < b; c++) y[o + c] *= 0.5;
            }
        });
    }

    /** Orthonormalises the columns of q against {@code top} and each other (modified Gram-Schmidt, twice). */
    private static void orthonormalise(double[] q, int n, int b, double[] top) {
        for (int pass = 0; pass < 2; pass++) {
            for (int c = 0; c < b; c++) {
                double dt = 0;
                for (int i = 0; i < n; i++) dt += q[i * b + c] * top[i];
                for (int i = 0; i < n; i++) q[i * b + c] -= dt * top[i];
                for (int r = 0; r < c; r++) {
                    double dr = 0;
                    for (int i = 0; i < n; i++) dr += q[i * b + c] * q[i * b + r];
                    for (int i = 0; i < n; i++) q[i * b + c] -= dr * q[i * b + r];
                }
                double nn = 0;
                for (int i = 0; i < n; i++) nn += q[i * b + c] * q[i * b + c];
                nn = Math.sqrt(nn);
                if (nn < 1e-300) {                            // a lost direction: restart it from a unit vector
                    for (int i = 0; i < n; i++) q[i * b + c] = (i % b == c) ? 1 : 0;
                    continue;
                }
                for (int i = 0; i < n; i++) q[i * b + c] /= nn;
            }
        }
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
