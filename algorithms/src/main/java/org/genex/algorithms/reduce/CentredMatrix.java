package org.genex.algorithms.reduce;

import org.genex.tensor.Parallel;

/**
 * A float32 data matrix A ({@code [n, d]}, row-major) seen centred on its column means, A - 1 mu^T, with the
 * products PCA needs computed in double without forming the centred copy: A Q, A^T Y, A^T A and A A^T. Each output
 * entry is accumulated by one task in a fixed order, so results do not depend on the thread count. Dense double
 * arrays are row-major.
 */
final class CentredMatrix {
    final int n, d;
    final float[] x;
    final double[] mean;

    CentredMatrix(float[] x, int n, int d, boolean centre) {
        this.x = x;
        this.n = n;
        this.d = d;
        this.mean = new double[d];
        if (centre && n > 0) {
            int chunks = Parallel.chunks(d, 64);
            Parallel.forEach(chunks, c -> {
                int j0 = c * 64, j1 = Math.min(d, j0 + 64);
                for (int i = 0; i < n; i++) for (int j = j0; j < j1; j++) mean[j] += x[i * d + j];
                for (int j = j0; j < j1; j++) mean[j] /= n;
            });
        }
    }

    private int rowGrain(int work) { return Math.max(1, 32768 / Math.max(1, work)); }

    /** A Q for Q {@code [d, l]}: {@code [n, l]}. */
    double[] times(double[] q, int l) {
        double[] out = new double[n * l];
        Parallel.forRange(n, rowGrain(d * l), (s, e) -> {
            for (int i = s; i < e; i++) {
                int o = i * l;
                for (int p = 0; p < d; p++) {
                    double a = x[i * d + p] - mean[p];
                    if (a == 0) continue;
                    int qo = p * l;
                    for (int t = 0; t < l; t++) out[o + t] += a * q[qo + t];
                }
            }
        });
        return out;
    }

    /** A^T Y for Y {@code [n, l]}: {@code [d, l]}, each task owning a range of the d output rows. */
    double[] transposeTimes(double[] y, int l) {
        double[] out = new double[d * l];
        int grain = Math.max(1, Math.min(d, 32768 / Math.max(1, n)));
        Parallel.forRange(d, Math.max(grain, 8), (s, e) -> {
            for (int i = 0; i < n; i++) {
                int yo = i * l;
                for (int p = s; p < e; p++) {
                    double a = x[i * d + p] - mean[p];
                    if (a == 0) continue;
                    int o = p * l;
                    for (int t = 0; t < l; t++) out[o + t] += a * y[yo + t];
                }
            }
        });
        return out;
    }

    /** A^T A: {@code [d, d]}, symmetric (accumulated over blocks of rows). */
    double[] gram() {
        double[] c = new double[d * d];
        int block = 256;
        double[] b = new double[block * d];
        for (int r0 = 0; r0 < n; r0 += block) {
            int rows = Math.min(block, n - r0), start = r0;
            for (int t = 0; t < rows; t++)
                for (int p = 0; p < d; p++) b[t * d + p] = x[(start + t) * d + p] - mean[p];
            Parallel.forRange(d, Math.max(1, 32768 / Math.max(1, rows * d)), (s, e) -> {
                for (int i = s; i < e; i++) {
                    int o = i * d;
                    for (int t = 0; t < rows; t++) {
                        double a = b[t * d + i];
                        if (a == 0) continue;
                        int bo = t * d;
                        for (int j = i; j < d; j++) c[o + j] += a * b[bo + j];
                    }
                }
            });
        }
        for (int i = 0; i < d; i++) for (int j = 0; j < i; j++) c[i * d + j] = c[j * d + i];
        return c;
    }

    /** A A^T: {@code [n, n]}, symmetric. */
    double[] outerGram() {
        double[] c = new double[n * n];
        double[] a = new double[n * d];
        for (int i = 0; i < n; i++) for (int p = 0; p < d; p++) a[i * d + p] = x[i * d + p] - mean[p];
        Parallel.forRange(n, Math.max(1, 32768 / Math.max(1, n * d)), (s, e) -> {
            for (int i = s; i < e; i++)
                for (int j = i; j < n; j++) {
                    double acc = 0;
                    for (int p = 0; p < d; p++) acc += a[i * d + p] * a[j * d + p];
                    c[i * n + j] = acc;
                }
        });
        for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) c[i * n + j] = c[j * n + i];
        return c;
    }

    /** The sum over columns of the sample variance (ddof = 1): the total variance of the data. */
    double totalVariance() {
        if (n < 2) return 0;
        double[] ss = new double[d];
        int chunks = Parallel.chunks(d, 64);
        Parallel.forEach(chunks, c -> {
            int j0 = c * 64, j1 = Math.min(d, j0 + 64);
            for (int i = 0; i < n; i++)
                for (int j = j0; j < j1; j++) {
                    double t = x[i * d + j] - mean[j];
                    ss[j] += t * t;
                }
        });
        double s = 0;
        for (double v : ss) s += v / (n - 1);
        return s;
    }
}
