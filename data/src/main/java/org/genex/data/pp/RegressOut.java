package org.genex.data.pp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.Matrix;
import org.genex.tensor.Parallel;
import org.genex.tensor.Tensor;

/**
 * Regressing out unwanted sources of variation, as scanpy's {@code pp.regress_out}: every gene is fitted by ordinary
 * least squares on the given {@code obs} covariates plus an intercept, and replaced by its residuals. Numeric
 * (and boolean, as 0/1) columns are used as they are; a categorical key must be the only key, and then, as in
 * scanpy, each gene is regressed on [1, the gene's mean within each cell's category] (cells without a category
 * get 0), which amounts to removing the per-category means.
 *
 * <p>The residuals are those of the least-squares projection onto the covariates' span, computed from an
 * orthonormal basis of the (centred and scaled) design in double, then rounded to float32. The result is dense, as
 * in scanpy (a sparse X is densified). Where scanpy takes its statsmodels GLM path (a categorical key, or a design
 * whose Gram matrix has determinant 0) it leaves genes that are constant over all cells untouched, and genex does
 * the same; with a full-rank numeric design constant genes become 0, as scanpy's closed-form path makes them.
 * genex rejects NaN covariates (scanpy would return NaN everywhere).
 */
public final class RegressOut {
    private RegressOut() {}

    /** Relative size below which a design column counts as dependent on the previous ones. */
    private static final double RANK_TOL = 1e-10;

    /** {@code sc.pp.regress_out(adata, keys)} on X. */
    public static void regressOut(AnnData adata, String... keys) { regressOut(adata, List.of(keys), null); }

    /**
     * {@code sc.pp.regress_out(adata, keys, layer=layer)}: replaces X (layer null) or the layer by the residuals.
     * scanpy regresses on every obs column when keys is empty; genex asks for the keys.
     */
    public static void regressOut(AnnData adata, List<String> keyList, String layer) {
        String[] keys = keyList.toArray(String[]::new);
        if (keys.length == 0) throw new IllegalArgumentException("regress_out: give at least one obs key");
        Matrix x = Layers.get(adata, layer);
        Column first = adata.obs().get(keys[0]);
        if (first instanceof Column.Categorical cat) {
            if (keys.length > 1)
                throw new IllegalArgumentException("regress_out: if providing categorical variable, only a single "
                        + "one is allowed (got " + String.join(", ", keys) + ")");
            Layers.set(adata, layer, regressOutCategorical(x, cat.codes(), cat.categories().length));
            return;
        }
        double[][] cov = new double[keys.length][];
        for (int k = 0; k < keys.length; k++) {
            Column c = adata.obs().get(keys[k]);
            if (c instanceof Column.Categorical)
                throw new IllegalArgumentException("regress_out: '" + keys[k] + "' is categorical; a categorical "
                        + "key must be the only key");
            cov[k] = c.toDoubles();
            for (int i = 0; i < cov[k].length; i++)
                if (Double.isNaN(cov[k][i]))
                    throw new IllegalArgumentException("regress_out: obs['" + keys[k] + "'] is NaN at cell " + i);
        }
        Layers.set(adata, layer, regressOut(x, cov));
    }

    /**
     * The residuals of every column of x after least squares on [1, covariates[0], covariates[1], ...] (each
     * covariate one value per row). Dense float32 result.
     */
    public static Matrix regressOut(Matrix x, double[][] covariates) {
        int n = x.rows();
        List<double[]> design = new ArrayList<>();
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        design.add(ones);
        for (double[] c : covariates) {
            if (c.length != n)
                throw new IllegalArgumentException("regress_out: a covariate has " + c.length + " values for " + n
                        + " cells");
            design.add(standardised(c));
        }
        double[][] q = orthonormalBasis(design);
        boolean fullRank = q.length == design.size();
        float[] out = dense(x);
        int cols = x.cols();
        // q^T x per gene, accumulated in chunks of rows (combined in chunk order), then x - q (q^T x)
        int k = Chunks.partials((long) n * cols * q.length, n);
        double[][][] parts = new double[Math.max(1, k)][q.length][cols];
        Parallel.forEach(k, c -> {
            for (int r = Chunks.start(c, k, n), end = Chunks.start(c + 1, k, n); r < end; r++)
                for (int b = 0; b < q.length; b++) {
                    double qb = q[b][r];
                    double[] acc = parts[c][b];
                    for (int j = 0, o = r * cols; j < cols; j++) acc[j] += qb * out[o + j];
                }
        });
        double[][] coef = parts[0];
        for (int c = 1; c < k; c++)
            for (int b = 0; b < q.length; b++)
                for (int j = 0; j < cols; j++) coef[b][j] += parts[c][b][j];
        boolean[] keep = fullRank ? new boolean[cols] : constantColumns(out, n, cols);
        Chunks.forItems(n, (long) cols * q.length, (s, e) -> {
            for (int r = s; r < e; r++)
                for (int j = 0, o = r * cols; j < cols; j++) {
                    if (keep[j]) continue;
                    double fit = 0;
                    for (int b = 0; b < q.length; b++) fit += q[b][r] * coef[b][j];
                    out[o + j] = (float) (out[o + j] - fit);
                }
        });
        return Matrix.of(Tensor.wrap(out, n, cols));
    }

    /**
     * scanpy's single-categorical path: gene j is regressed on [1, m_j] where m_j(i) is the mean of gene j over
     * the cells of cell i's category (rounded to float32, as scanpy stores it; 0 for cells without one);
     * constant genes are left as they are. Dense float32 result.
     */
    public static Matrix regressOutCategorical(Matrix x, int[] codes, int nCategories) {
        int n = x.rows(), cols = x.cols();
        if (codes.length != n)
            throw new IllegalArgumentException("regress_out: " + codes.length + " category codes for " + n + " cells");
        for (int i = 0; i < n; i++)
            if (codes[i] < -1 || codes[i] >= nCategories)
                throw new IllegalArgumentException("regress_out: category code " + codes[i] + " of cell " + i
                        + " is outside -1.." + (nCategories - 1));
        float[] out = dense(x);
        int kc = nCategories + 1; // the last group: cells without a category (their regressor is 0)
        int[] size = new int[kc];
        for (int c : codes) size[c < 0 ? nCategories : c]++;
        double[][] groupSum = new double[kc][cols];
        for (int r = 0; r < n; r++) {
            double[] g = groupSum[codes[r] < 0 ? nCategories : codes[r]];
            for (int j = 0, o = r * cols; j < cols; j++) g[j] += out[o + j];
        }
        boolean[] constant = constantColumns(out, n, cols);
        double[] b0 = new double[cols], b1 = new double[cols];
        float[][] mu = new float[kc][cols];
        for (int j = 0; j < cols; j++) {
            if (constant[j]) continue;
            // the regressor per group, its mean over cells, and the group sums of the gene give the fit
            double xTotal = 0, mTotal = 0;
            for (int g = 0; g < kc; g++) {
                mu[g][j] = g == nCategories || size[g] == 0 ? 0f : (float) (groupSum[g][j] / size[g]);
                xTotal += groupSum[g][j];
                mTotal += (double) size[g] * mu[g][j];
            }
            double xBar = xTotal / n, mBar = mTotal / n, sxx = 0, sxy = 0;
            for (int g = 0; g < kc; g++) {
                if (size[g] == 0) continue;
                double dm = mu[g][j] - mBar;
                sxx += size[g] * dm * dm;
                sxy += dm * (groupSum[g][j] - size[g] * xBar);
            }
            // a regressor constant over the cells (one category) spans only the intercept: remove the mean
            b1[j] = sxx > 0 ? sxy / sxx : 0;
            b0[j] = xBar - b1[j] * mBar;
        }
        Chunks.forItems(n, cols, (s, e) -> {
            for (int r = s; r < e; r++) {
                float[] m = mu[codes[r] < 0 ? nCategories : codes[r]];
                for (int j = 0, o = r * cols; j < cols; j++)
                    if (!constant[j]) out[o + j] = (float) (out[o + j] - (b0[j] + b1[j] * m[j]));
            }
        });
        return Matrix.of(Tensor.wrap(out, n, cols));
    }

    /** (c - mean) / std, or c itself when it is constant (then it is the intercept again, and is dropped). */
    private static double[] standardised(double[] c) {
        int n = c.length;
        double mean = 0;
        for (double v : c) mean += v;
        mean /= n;
        double ss = 0;
        for (double v : c) ss += (v - mean) * (v - mean);
        double sd = Math.sqrt(ss / n);
        if (!(sd > 0)) return c.clone();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = (c[i] - mean) / sd;
        return out;
    }

    /**
     * An orthonormal basis of the columns' span by modified Gram-Schmidt, twice: a column whose remainder is below
     * {@link #RANK_TOL} of its norm depends on the earlier ones and is dropped.
     */
    private static double[][] orthonormalBasis(List<double[]> columns) {
        List<double[]> basis = new ArrayList<>();
        for (double[] col : columns) {
            double[] v = col.clone();
            double norm0 = norm(v);
            for (int pass = 0; pass < 2; pass++)
                for (double[] b : basis) {
                    double d = dot(b, v);
                    for (int i = 0; i < v.length; i++) v[i] -= d * b[i];
                }
            double nrm = norm(v);
            if (!(nrm > RANK_TOL * norm0)) continue;
            for (int i = 0; i < v.length; i++) v[i] /= nrm;
            basis.add(v);
        }
        return basis.toArray(double[][]::new);
    }

    /** For each column of a dense row-major array, whether all its values are equal. */
    private static boolean[] constantColumns(float[] a, int n, int cols) {
        boolean[] constant = new boolean[cols];
        Arrays.fill(constant, true);
        for (int r = 1; r < n; r++)
            for (int j = 0, o = r * cols; j < cols; j++)
                if (constant[j] && a[o + j] != a[j]) constant[j] = false;
        return constant;
    }

    /** A fresh row-major float copy of x (the result is built in it). */
    private static float[] dense(Matrix x) {
        if (x instanceof Matrix.Dense d) {
            Chunks.Dense v = Chunks.Dense.of(d.tensor());
            float[] out = new float[Math.multiplyExact(v.rows(), v.cols())];
            System.arraycopy(v.a(), v.off(), out, 0, out.length);
            return out;
        }
        return x.csr().toDense().array();
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double norm(double[] a) { return Math.sqrt(dot(a, a)); }
}
