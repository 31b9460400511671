package org.genex.tensor.cpu;

/** {@link RowKernels} in plain Java: the reference path, and the one used where the Vector API is absent. */
final class ScalarRowKernels implements RowKernels {

    @Override
    public void add(float[] x, int xo, float[] y, int yo, int n) {
        for (int j = 0; j < n; j++) y[yo + j] += x[xo + j];
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int j = 0; j < n; j++) y[yo + j] += alpha * x[xo + j];
    }

    @Override
    public float dot(float[] x, int xo, float[] y, int yo, int n) {
        float s = 0f;
        for (int j = 0; j < n; j++) s += x[xo + j] * y[yo + j];
        return s;
    }

    @Override
    public void sparseRow(float beta, float[] vals, int[] entries, int[] rows, int start, int end,
                          float[] b, int bo, float[] c, int co, int n) {
        // c row = beta * c row, then one axpy per stored entry (the c row stays in L1)
        if (beta == 0f) {
            for (int j = 0; j < n; j++) c[co + j] = 0f;
        } else if (beta != 1f) {
            for (int j = 0; j < n; j++) c[co + j] *= beta;
        }
        for (int p = start; p < end; p++) {
            float v = vals[entries == null ? p : entries[p]];
            int off = bo + rows[p] * n;
            for (int j = 0; j < n; j++) c[co + j] += v * b[off + j];
        }
    }
}
