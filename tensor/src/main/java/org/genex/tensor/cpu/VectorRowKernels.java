package org.genex.tensor.cpu;

import static org.genex.tensor.cpu.Species.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;

/** {@link RowKernels} on the Vector API ({@link Species#F} lanes). Loaded only on the vector path. */
final class VectorRowKernels implements RowKernels {

    @Override
    public void add(float[] x, int xo, float[] y, int yo, int n) {
        int L = F.length(), upper = F.loopBound(n), j = 0;
        for (; j < upper; j += L) {
            FloatVector.fromArray(F, y, yo + j).add(FloatVector.fromArray(F, x, xo + j)).intoArray(y, yo + j);
        }
        for (; j < n; j++) y[yo + j] += x[xo + j];
    }

    @Override
    public float dot(float[] x, int xo, float[] y, int yo, int n) {
        int L = F.length(), j = 0;
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        for (int upper4 = n - 4 * L; j <= upper4; j += 4 * L) {
            s0 = FloatVector.fromArray(F, x, xo + j).fma(FloatVector.fromArray(F, y, yo + j), s0);
            s1 = FloatVector.fromArray(F, x, xo + j + L).fma(FloatVector.fromArray(F, y, yo + j + L), s1);
            s2 = FloatVector.fromArray(F, x, xo + j + 2 * L).fma(FloatVector.fromArray(F, y, yo + j + 2 * L), s2);
            s3 = FloatVector.fromArray(F, x, xo + j + 3 * L).fma(FloatVector.fromArray(F, y, yo + j + 3 * L), s3);
        }
        for (int upper = F.loopBound(n); j < upper; j += L) {
            s0 = FloatVector.fromArray(F, x, xo + j).fma(FloatVector.fromArray(F, y, yo + j), s0);
        }
        // the lanes in a fixed pairwise order: reduceLanes(ADD) may add them in another order once compiled
        s0 = s0.add(s1).add(s2.add(s3));
        for (VectorShuffle<Float> f : Species.FOLDS) s0 = s0.add(s0.rearrange(f));
        float s = s0.lane(0);
        for (; j < n; j++) s = Math.fma(x[xo + j], y[yo + j], s);
        return s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int L = F.length(), j = 0;
        FloatVector a = FloatVector.broadcast(F, alpha);
        for (int upper = F.loopBound(n); j < upper; j += L)
            FloatVector.fromArray(F, x, xo + j).fma(a, FloatVector.fromArray(F, y, yo + j)).intoArray(y, yo + j);
        for (; j < n; j++) y[yo + j] = Math.fma(alpha, x[xo + j], y[yo + j]);
    }

    @Override
    public void sparseRow(float beta, float[] vals, int[] entries, int[] rows, int start, int end,
                          float[] b, int bo, float[] c, int co, int n) {
        // Column blocks of 4 vectors held in registers across all entries of the row: c is read and written once.
        int L = F.length(), j = 0;
        for (; j <= n - 4 * L; j += 4 * L) {
            FloatVector a0, a1, a2, a3;
            if (beta == 0f) {
                a0 = FloatVector.zero(F);
                a1 = a0;
                a2 = a0;
                a3 = a0;
            } else {
                a0 = FloatVector.fromArray(F, c, co + j).mul(beta);
                a1 = FloatVector.fromArray(F, c, co + j + L).mul(beta);
                a2 = FloatVector.fromArray(F, c, co + j + 2 * L).mul(beta);
                a3 = FloatVector.fromArray(F, c, co + j + 3 * L).mul(beta);
            }
            for (int p = start; p < end; p++) {
                FloatVector v = FloatVector.broadcast(F, vals[entries == null ? p : entries[p]]);
                int off = bo + rows[p] * n + j;
                a0 = FloatVector.fromArray(F, b, off).fma(v, a0);
                a1 = FloatVector.fromArray(F, b, off + L).fma(v, a1);
                a2 = FloatVector.fromArray(F, b, off + 2 * L).fma(v, a2);
                a3 = FloatVector.fromArray(F, b, off + 3 * L).fma(v, a3);
            }
            a0.intoArray(c, co + j);
            a1.intoArray(c, co + j + L);
            a2.intoArray(c, co + j + 2 * L);
            a3.intoArray(c, co + j + 3 * L);
        }
        for (; j <= n - L; j += L) {
            FloatVector a = beta == 0f ? FloatVector.zero(F) : FloatVector.fromArray(F, c, co + j).mul(beta);
            for (int p = start; p < end; p++) {
                FloatVector v = FloatVector.broadcast(F, vals[entries == null ? p : entries[p]]);
                a = FloatVector.fromArray(F, b, bo + rows[p] * n + j).fma(v, a);
            }
            a.intoArray(c, co + j);
        }
        // scalar tail: the same arithmetic per element as the lanes above (fma in entry order)
        for (; j < n; j++) {
            float a = beta == 0f ? 0f : c[co + j] * beta;
            for (int p = start; p < end; p++)
                a = Math.fma(vals[entries == null ? p : entries[p]], b[bo + rows[p] * n + j], a);
            c[co + j] = a;
        }
    }
}
