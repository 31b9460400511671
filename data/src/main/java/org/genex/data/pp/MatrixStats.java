package org.genex.data.pp;

import java.util.function.DoubleUnaryOperator;

import org.genex.data.Matrix;
import org.genex.tensor.CscMatrix;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Parallel;

/**
 * Per-column (gene) and per-row (cell) statistics of a {@link Matrix} of any layout, accumulated in double: sums,
 * sums of squares, the number of non-zero and of positive entries. Means and variances follow scanpy's
 * {@code _get_mean_var} (fast_array_utils {@code mean_var}): {@code mean = sum / n},
 * {@code var = (sumSq / n - mean^2) * n / (n - ddof)}, the correction skipped when {@code n == 1}.
 *
 * <p>Work is cut into chunks that depend only on the matrix's size; partial sums are added in chunk order, so the
 * results are the same bits on any number of threads.
 */
public final class MatrixStats {
    private MatrixStats() {}

    /**
     * Sums over one axis: for each column (or row), {@code n} entries were summed; {@code sum} and {@code sumSq}
     * are of the (transformed) values in double, {@code nonzero} counts entries {@code != 0} (NaN included, as
     * numpy's {@code count_nonzero}) and {@code positive} entries {@code > 0}, both of the values before any
     * transform.
     */
    public record Moments(int n, double[] sum, double[] sumSq, int[] nonzero, int[] positive) {
        /** {@code sum / n} per entry (NaN when n is 0). */
        public double[] mean() {
            double[] m = new double[sum.length];
            for (int j = 0; j < m.length; j++) m[j] = sum[j] / n;
            return m;
        }

        /**
         * The variance with {@code ddof} (scanpy uses 1): {@code (sumSq / n - mean^2) * n / (n - ddof)}, the
         * one-pass formula of fast_array_utils' {@code mean_var}; with n == 1 the correction is skipped, as there.
         */
        public double[] variance(int ddof) {
            double[] v = new double[sum.length];
            double corr = n == 1 ? 1 : (double) n / (n - ddof);
            for (int j = 0; j < v.length; j++) {
                double mean = sum[j] / n;
                v[j] = (sumSq[j] / n - mean * mean) * corr;
            }
            return v;
        }
    }

    /** Statistics of each column over the rows (per gene over cells). */
    public static Moments columns(Matrix x) { return columns(x, null); }

    /**
     * Statistics of each column of {@code f(x)}; {@code f} must map 0 to 0 (sparse matrices skip their implicit
     * zeros), null means the identity. The counts are of x itself.
     */
    public static Moments columns(Matrix x, DoubleUnaryOperator f) {
        return switch (x) {
            case Matrix.Dense d -> dense(Chunks.Dense.of(d.tensor()), false, f);
            case Matrix.Csr s -> compressed(s.matrix(), false, f);
            case Matrix.Csc s -> compressed(s.matrix(), true, f);
        };
    }

    /** Statistics of each row over the columns (per cell over genes). */
    public static Moments rows(Matrix x) { return rows(x, null); }

    /** Statistics of each row of {@code f(x)} (f maps 0 to 0; null is the identity). */
    public static Moments rows(Matrix x, DoubleUnaryOperator f) {
        return switch (x) {
            case Matrix.Dense d -> dense(Chunks.Dense.of(d.tensor()), true, f);
            case Matrix.Csr s -> compressed(s.matrix(), true, f);
            case Matrix.Csc s -> compressed(s.matrix(), false, f);
        };
    }

    private static Moments compressed(CsrMatrix m, boolean perMajor, DoubleUnaryOperator f) {
        return compressed(m.rows(), m.cols(), m.indptr(), m.indices(), m.values(), perMajor, f);
    }

    private static Moments compressed(CscMatrix m, boolean perMajor, DoubleUnaryOperator f) {
        return compressed(m.cols(), m.rows(), m.indptr(), m.indices(), m.values(), perMajor, f);
    }

    /**
     * Per major index (a row of CSR) when {@code perMajor}, else per minor index (a column of CSR): the latter in
     * chunks of major indices, each with its own partial arrays, added in chunk order.
     */
    private static Moments compressed(int nMajor, int nMinor, int[] indptr, int[] indices, float[] values,
                                      boolean perMajor, DoubleUnaryOperator f) {
        if (perMajor) {
            Moments out = empty(nMinor, nMajor);
            Chunks.forItems(nMajor, Math.max(1, (long) indptr[nMajor] / Math.max(1, nMajor)), (s, e) -> {
                for (int r = s; r < e; r++) {
                    double sum = 0, sq = 0;
                    int nz = 0, pos = 0;
                    for (int k = indptr[r]; k < indptr[r + 1]; k++) {
                        float raw = values[k];
                        double v = f == null ? raw : f.applyAsDouble(raw);
                        sum += v;
                        sq += v * v;
                        if (raw != 0) nz++;
                        if (raw > 0) pos++;
                    }
                    out.sum[r] = sum;
                    out.sumSq[r] = sq;
                    out.nonzero[r] = nz;
                    out.positive[r] = pos;
                }
            });
            return out;
        }
        int k = Chunks.partials(indptr[nMajor] + (long) nMajor, nMajor);
        Moments[] parts = new Moments[Math.max(1, k)];
        parts[0] = empty(nMajor, nMinor);
        for (int c = 1; c < k; c++) parts[c] = empty(nMajor, nMinor);
        Parallel.forEach(k, c -> {
            Moments p = parts[c];
            for (int r = Chunks.start(c, k, nMajor), end = Chunks.start(c + 1, k, nMajor); r < end; r++)
                for (int q = indptr[r]; q < indptr[r + 1]; q++) {
                    int j = indices[q];
                    float raw = values[q];
                    double v = f == null ? raw : f.applyAsDouble(raw);
                    p.sum[j] += v;
                    p.sumSq[j] += v * v;
                    if (raw != 0) p.nonzero[j]++;
                    if (raw > 0) p.positive[j]++;
                }
        });
        return combine(parts, k);
    }

    /** A dense row-major matrix: per row when {@code perRow}, else per column in chunks of rows. */
    private static Moments dense(Chunks.Dense d, boolean perRow, DoubleUnaryOperator f) {
        int rows = d.rows(), cols = d.cols(), off = d.off();
        float[] a = d.a();
        if (perRow) {
            Moments out = empty(cols, rows);
            Chunks.forItems(rows, cols, (s, e) -> {
                for (int r = s; r < e; r++) {
                    double sum = 0, sq = 0;
                    int nz = 0, pos = 0;
                    for (int j = 0, base = off + r * cols; j < cols; j++) {
                        float raw = a[base + j];
                        double v = f == null ? raw : f.applyAsDouble(raw);
                        sum += v;
                        sq += v * v;
                        if (raw != 0) nz++;
                        if (raw > 0) pos++;
                    }
                    out.sum[r] = sum;
                    out.sumSq[r] = sq;
                    out.nonzero[r] = nz;
                    out.positive[r] = pos;
                }
            });
            return out;
        }
        int k = Chunks.partials((long) rows * cols, rows);
        Moments[] parts = new Moments[Math.max(1, k)];
        parts[0] = empty(rows, cols);
        for (int c = 1; c < k; c++) parts[c] = empty(rows, cols);
        Parallel.forEach(k, c -> {
            Moments p = parts[c];
            for (int r = Chunks.start(c, k, rows), end = Chunks.start(c + 1, k, rows); r < end; r++)
                for (int j = 0, base = off + r * cols; j < cols; j++) {
                    float raw = a[base + j];
                    double v = f == null ? raw : f.applyAsDouble(raw);
                    p.sum[j] += v;
                    p.sumSq[j] += v * v;
                    if (raw != 0) p.nonzero[j]++;
                    if (raw > 0) p.positive[j]++;
                }
        });
        return combine(parts, k);
    }

    private static Moments empty(int n, int size) {
        return new Moments(n, new double[size], new double[size], new int[size], new int[size]);
    }

    /** Adds the partial results in chunk order (part 0 collects). */
    private static Moments combine(Moments[] parts, int k) {
        Moments out = parts[0];
        for (int c = 1; c < k; c++) {
            Moments p = parts[c];
            for (int j = 0; j < out.sum.length; j++) {
                out.sum[j] += p.sum[j];
                out.sumSq[j] += p.sumSq[j];
                out.nonzero[j] += p.nonzero[j];
                out.positive[j] += p.positive[j];
            }
        }
        return out;
    }
}
