package org.genex.experiments.tron;

import org.genex.data.Matrix;
import org.genex.tensor.Tensor;

/**
 * TRON's preprocessing (specs/tron.md &sect;3, A7): {@code log1p(counts / library_size * 1e6)} (log-CPM), then a
 * per-gene z-score with each species' own training statistics. Matrices are dense row-major [samples, genes].
 */
public final class TronData {
    private TronData() {}

    /**
     * How a species' log-CPM is put on a common footing: {@link #ZSCORE} (spec &sect;3, the default) subtracts each
     * gene's training mean and divides by its training sd; {@link #CENTRE} only subtracts the mean. Centring keeps
     * each gene's own scale, so a target gene expressed alpha times more strongly than its source ortholog keeps that
     * factor and the conversion weight has to undo it (w* &asymp; 1/alpha, see {@link EdgeRecovery}); z-scoring
     * divides it out.
     */
    public enum Scaling { ZSCORE, CENTRE }

    /** The smallest standard deviation a z-score divides by (a constant gene maps to 0). */
    public static final float MIN_SD = 1e-6f;

    /** The dense counts of a matrix as a new row-major array. */
    public static float[] dense(Matrix m) { return m.dense().toArray(); }

    /** log1p(CPM) of a dense [n, g] count matrix, in a new array; an empty library gives zeros. */
    public static float[] logCpm(float[] counts, int n, int g) {
        float[] out = new float[counts.length];
        for (int r = 0; r < n; r++) {
            double lib = 0;
            for (int j = 0; j < g; j++) lib += counts[r * g + j];
            double f = lib > 0 ? 1e6 / lib : 0;
            for (int j = 0; j < g; j++) out[r * g + j] = (float) Math.log1p(counts[r * g + j] * f);
        }
        return out;
    }

    /**
     * Per-gene mean and standard deviation (population, ddof 0) of training data, applied to any data of the same
     * species.
     */
    public record Standardizer(float[] mean, float[] sd) {
        /** The statistics of the rows {@code rows} of x [n, g] (all rows when null). */
        public static Standardizer fit(float[] x, int n, int g, int[] rows) {
            return fit(x, n, g, rows, Scaling.ZSCORE);
        }

        /** As {@link #fit(float[], int, int, int[])}; with {@link Scaling#CENTRE} every sd is 1 (centring only). */
        public static Standardizer fit(float[] x, int n, int g, int[] rows, Scaling scaling) {
            int m = rows == null ? n : rows.length;
            if (m == 0) throw new IllegalArgumentException("Standardizer.fit: no training rows");
            double[] s = new double[g], ss = new double[g];
            for (int k = 0; k < m; k++) {
                int r = rows == null ? k : rows[k];
                for (int j = 0; j < g; j++) s[j] += x[r * g + j];
            }
            float[] mean = new float[g], sd = new float[g];
            for (int j = 0; j < g; j++) mean[j] = (float) (s[j] / m);
            for (int k = 0; k < m; k++) {
                int r = rows == null ? k : rows[k];
                for (int j = 0; j < g; j++) {
                    double d = x[r * g + j] - mean[j];
                    ss[j] += d * d;
                }
            }
            for (int j = 0; j < g; j++)
                sd[j] = scaling == Scaling.CENTRE ? 1f : (float) Math.max(MIN_SD, Math.sqrt(ss[j] / m));
            return new Standardizer(mean, sd);
        }

        /** z-scores of the rows {@code rows} of x [n, g] (all when null), as a new [rows, g] tensor. */
        public Tensor apply(float[] x, int g, int[] rows) {
            int m = rows == null ? x.length / g : rows.length;
            float[] out = new float[m * g];
            for (int k = 0; k < m; k++) {
                int r = rows == null ? k : rows[k];
                for (int j = 0; j < g; j++) out[k * g + j] = (x[r * g + j] - mean[j]) / sd[j];
            }
            return Tensor.wrap(out, m, g);
        }
    }

    /** {@code 0 .. n-1}. */
    static int[] range(int from, int to) {
        int[] a = new int[to - from];
        for (int i = 0; i < a.length; i++) a[i] = from + i;
        return a;
    }
}
