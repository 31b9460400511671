package org.genex.tensor.cpu;

import org.genex.tensor.ReduceOp;

/**
 * The scalar reduction loops: the reference path. Row sums, sums of squares and the normalisers of softmax are
 * accumulated in double; exp and log are {@link Math}'s, in double, rounded to float once at the end.
 *
 * <p>{@code VectorReductionKernels} extends this class and overrides every loop it vectorises; {@link #argColumns}
 * is shared (a scalar walk down the rows, streaming through memory).
 */
class ScalarReductionKernels implements ReductionKernels {

    // ------------------------------------------------------------------------------------------------ rows

    @Override
    public double sum(float[] x, int xo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[xo + i];
        return s;
    }

    @Override
    public float max(float[] x, int xo, int n) {
        float m = x[xo];
        for (int i = 1; i < n; i++) m = Math.max(m, x[xo + i]);
        return m;
    }

    @Override
    public float min(float[] x, int xo, int n) {
        float m = x[xo];
        for (int i = 1; i < n; i++) m = Math.min(m, x[xo + i]);
        return m;
    }

    @Override
    public double sumSquaredDeviations(float[] x, int xo, int n, float mean) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = x[xo + i] - (double) mean;
            s += d * d;
        }
        return s;
    }

    @Override
    public int argRow(boolean max, float[] x, int xo, int n) {
        int best = 0;
        float b = x[xo];
        if (b != b) return 0;
        for (int i = 1; i < n; i++) {
            float v = x[xo + i];
            if (v != v) return i;
            if (max ? v > b : v < b) {
                b = v;
                best = i;
            }
        }
        return best;
    }

    @Override
    public void softmaxRows(float[] x, int xo, int rows, int n, float[] out, int oo) {
        for (int r = 0; r < rows; r++) {
            int xr = xo + r * n, or = oo + r * n;
            double m = max(x, xr, n), s = 0;
            for (int i = 0; i < n; i++) s += Math.exp(x[xr + i] - m);
            for (int i = 0; i < n; i++) out[or + i] = (float) (Math.exp(x[xr + i] - m) / s);
        }
    }

    @Override
    public void logSoftmaxRows(float[] x, int xo, int rows, int n, float[] out, int oo) {
        for (int r = 0; r < rows; r++) {
            int xr = xo + r * n, or = oo + r * n;
            double m = max(x, xr, n), s = 0;
            for (int i = 0; i < n; i++) s += Math.exp(x[xr + i] - m);
            double lse = Math.log(s);
            for (int i = 0; i < n; i++) out[or + i] = (float) ((x[xr + i] - m) - lse);
        }
    }

    @Override
    public void softmaxBackwardRows(float[] y, int yo, float[] gy, int go, int rows, int n, float[] gx, int gxo) {
        for (int r = 0; r < rows; r++) {
            int p = r * n;
            double dot = 0;
            for (int i = 0; i < n; i++) dot += (double) gy[go + p + i] * y[yo + p + i];
            for (int i = 0; i < n; i++) gx[gxo + p + i] = (float) (y[yo + p + i] * (gy[go + p + i] - dot));
        }
    }

    @Override
    public void logSoftmaxBackwardRows(float[] y, int yo, float[] gy, int go, int rows, int n, float[] gx, int gxo) {
        for (int r = 0; r < rows; r++) {
            int p = r * n;
            double s = sum(gy, go + p, n);
            for (int i = 0; i < n; i++) gx[gxo + p + i] = (float) (gy[go + p + i] - Math.exp(y[yo + p + i]) * s);
        }
    }

    // ------------------------------------------------------------------------------------------------ columns

    @Override
    public void foldRows(ReduceOp op, float[] x, int xo, int rows, int width, int stride, float[] acc, int ao,
                         boolean init) {
        int r0 = 0;
        if (init) {
            System.arraycopy(x, xo, acc, ao, width);
            r0 = 1;
        }
        for (int r = r0; r < rows; r++) {
            int row = xo + r * stride;
            switch (op) {
                case SUM, MEAN -> { for (int j = 0; j < width; j++) acc[ao + j] += x[row + j]; }
                case MAX -> { for (int j = 0; j < width; j++) acc[ao + j] = Math.max(acc[ao + j], x[row + j]); }
                case MIN -> { for (int j = 0; j < width; j++) acc[ao + j] = Math.min(acc[ao + j], x[row + j]); }
            }
        }
    }

    @Override
    public void foldSquaredDeviations(float[] x, int xo, int rows, int width, int stride, float[] mean, int mo,
                                      float[] acc, int ao, boolean init) {
        if (init) java.util.Arrays.fill(acc, ao, ao + width, 0f);
        for (int r = 0; r < rows; r++) {
            int row = xo + r * stride;
            for (int j = 0; j < width; j++) {
                float d = x[row + j] - mean[mo + j];
                acc[ao + j] += d * d;
            }
        }
    }

    @Override
    public void argColumns(boolean max, float[] x, int xo, int rows, int width, int stride, int[] out, int oo) {
        float[] best = new float[width];
        System.arraycopy(x, xo, best, 0, width);
        java.util.Arrays.fill(out, oo, oo + width, 0);
        for (int r = 1; r < rows; r++) {
            int row = xo + r * stride;
            for (int j = 0; j < width; j++) {
                float b = best[j], v = x[row + j];
                if (b != b) continue;                       // a NaN already won this column
                if (v != v || (max ? v > b : v < b)) {
                    best[j] = v;
                    out[oo + j] = r;
                }
            }
        }
    }

    @Override
    public void softmaxColumns(float[] x, int xo, int rows, int width, int stride, float[] out, int oo) {
        float[] m = new float[width];
        foldRows(ReduceOp.MAX, x, xo, rows, width, stride, m, 0, true);
        double[] s = new double[width];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++) s[j] += Math.exp((double) x[xo + r * stride + j] - m[j]);
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++)
                out[oo + r * stride + j] = (float) (Math.exp((double) x[xo + r * stride + j] - m[j]) / s[j]);
    }

    @Override
    public void logSoftmaxColumns(float[] x, int xo, int rows, int width, int stride, float[] out, int oo) {
        float[] m = new float[width];
        foldRows(ReduceOp.MAX, x, xo, rows, width, stride, m, 0, true);
        double[] s = new double[width];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++) s[j] += Math.exp((double) x[xo + r * stride + j] - m[j]);
        for (int j = 0; j < width; j++) s[j] = Math.log(s[j]);
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++)
                out[oo + r * stride + j] = (float) (((double) x[xo + r * stride + j] - m[j]) - s[j]);
    }

    @Override
    public void softmaxBackwardColumns(float[] y, int yo, float[] gy, int go, int rows, int width, int stride,
                                       float[] gx, int gxo) {
        double[] dot = new double[width];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++) dot[j] += (double) gy[go + r * stride + j] * y[yo + r * stride + j];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++) {
                int p = r * stride + j;
                gx[gxo + p] = (float) (y[yo + p] * (gy[go + p] - dot[j]));
            }
    }

    @Override
    public void logSoftmaxBackwardColumns(float[] y, int yo, float[] gy, int go, int rows, int width, int stride,
                                          float[] gx, int gxo) {
        double[] s = new double[width];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++) s[j] += gy[go + r * stride + j];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < width; j++) {
                int p = r * stride + j;
                gx[gxo + p] = (float) (gy[go + p] - Math.exp(y[yo + p]) * s[j]);
            }
    }
}
