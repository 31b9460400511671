package org.genex.tensor.cpu;

import static org.genex.tensor.cpu.Species.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.genex.tensor.ReduceOp;

/**
 * The Vector API reduction loops. Rows are reduced with four vector accumulators (sums in float lanes, folded in
 * a fixed order by {@link VectorMath#sumLanes}); columns are folded row after row with vectors across the columns
 * (the same adds in the same order as the scalar path, so the same bits). Softmax evaluates exp in float
 * ({@link VectorMath#exp}, deterministic); the tails of rows and column blocks use masked vectors.
 */
final class VectorReductionKernels extends ScalarReductionKernels {
    private static final int L = F.length();

    private static FloatVector load(float[] a, int i) { return FloatVector.fromArray(F, a, i); }

    private static FloatVector load(float[] a, int i, VectorMask<Float> m) { return FloatVector.fromArray(F, a, i, m); }

    // ------------------------------------------------------------------------------------------------ rows

    @Override
    public double sum(float[] x, int xo, int n) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int i = 0, ub4 = n - n % (4 * L), ub = F.loopBound(n);
        for (; i < ub4; i += 4 * L) {
            a0 = a0.add(load(x, xo + i));
            a1 = a1.add(load(x, xo + i + L));
            a2 = a2.add(load(x, xo + i + 2 * L));
            a3 = a3.add(load(x, xo + i + 3 * L));
        }
        for (; i < ub; i += L) a0 = a0.add(load(x, xo + i));
        if (i < n) a1 = a1.add(load(x, xo + i, F.indexInRange(i, n)));
        return VectorMath.sumLanes(a0.add(a1).add(a2.add(a3)));
    }

    @Override
    public float max(float[] x, int xo, int n) {
        FloatVector a0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY), a1 = a0, a2 = a0, a3 = a0;
        int i = 0, ub4 = n - n % (4 * L), ub = F.loopBound(n);
        for (; i < ub4; i += 4 * L) {
            a0 = a0.max(load(x, xo + i));
            a1 = a1.max(load(x, xo + i + L));
            a2 = a2.max(load(x, xo + i + 2 * L));
            a3 = a3.max(load(x, xo + i + 3 * L));
        }
        for (; i < ub; i += L) a0 = a0.max(load(x, xo + i));
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            a1 = a1.lanewise(VectorOperators.MAX, load(x, xo + i, m), m);
        }
        return VectorMath.maxLanes(a0.max(a1).max(a2.max(a3)));
    }

    @Override
    public float min(float[] x, int xo, int n) {
        FloatVector a0 = FloatVector.broadcast(F, Float.POSITIVE_INFINITY), a1 = a0, a2 = a0, a3 = a0;
        int i = 0, ub4 = n - n % (4 * L), ub = F.loopBound(n);
        for (; i < ub4; i += 4 * L) {
            a0 = a0.min(load(x, xo + i));
            a1 = a1.min(load(x, xo + i + L));
            a2 = a2.min(load(x, xo + i + 2 * L));
            a3 = a3.min(load(x, xo + i + 3 * L));
        }
        for (; i < ub; i += L) a0 = a0.min(load(x, xo + i));
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            a1 = a1.lanewise(VectorOperators.MIN, load(x, xo + i, m), m);
        }
        return VectorMath.minLanes(a0.min(a1).min(a2.min(a3)));
    }

    @Override
    public double sumSquaredDeviations(float[] x, int xo, int n, float mean) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int i = 0, ub4 = n - n % (4 * L), ub = F.loopBound(n);
        for (; i < ub4; i += 4 * L) {
            FloatVector d0 = load(x, xo + i).sub(mean), d1 = load(x, xo + i + L).sub(mean);
            FloatVector d2 = load(x, xo + i + 2 * L).sub(mean), d3 = load(x, xo + i + 3 * L).sub(mean);
            a0 = a0.add(d0.mul(d0));
            a1 = a1.add(d1.mul(d1));
            a2 = a2.add(d2.mul(d2));
            a3 = a3.add(d3.mul(d3));
        }
        for (; i < ub; i += L) {
            FloatVector d = load(x, xo + i).sub(mean);
            a0 = a0.add(d.mul(d));
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector d = load(x, xo + i, m).sub(mean);
            a1 = a1.add(d.mul(d), m);
        }
        return VectorMath.sumLanes(a0.add(a1).add(a2.add(a3)));
    }

    @Override
    public int argRow(boolean max, float[] x, int xo, int n) {
        float target = max ? max(x, xo, n) : min(x, xo, n);
        int i = 0, ub = F.loopBound(n);
        if (target != target) { // the first NaN
            for (; i < ub; i += L) {
                VectorMask<Float> hit = load(x, xo + i).test(VectorOperators.IS_NAN);
                if (hit.anyTrue()) return i + hit.firstTrue();
            }
            for (; i < n; i++) if (x[xo + i] != x[xo + i]) return i;
        } else {
            for (; i < ub; i += L) {
                VectorMask<Float> hit = load(x, xo + i).compare(VectorOperators.EQ, target);
                if (hit.anyTrue()) return i + hit.firstTrue();
            }
            for (; i < n; i++) if (x[xo + i] == target) return i;
        }
        throw new IllegalStateException("argRow: the extreme value " + target + " was not found again");
    }

    @Override
    public void softmaxRow(float[] x, int xo, int n, float[] out, int oo) {
        float m = max(x, xo, n);
        float s = expShifted(x, xo, n, m, out, oo);
        scale(out, oo, n, 1f / s);
    }

    /**
     * {@code sum(exp(x - m))} over a row, writing each exponential to {@code out} unless it is null. The tail runs
     * the same loop on a buffer padded with -inf (whose exponentials are 0), so it uses the same code as the body.
     */
    private static float expShifted(float[] x, int xo, int n, float m, float[] out, int oo) {
        int ub = F.loopBound(n);
        float s = expShiftedFull(x, xo, ub, m, out, oo);
        if (ub < n) {
            float[] t = new float[L];
            java.util.Arrays.fill(t, Float.NEGATIVE_INFINITY);
            System.arraycopy(x, xo + ub, t, 0, n - ub);
            s += expShiftedFull(t, 0, L, m, out == null ? null : t, 0);
            if (out != null) System.arraycopy(t, 0, out, oo + ub, n - ub);
        }
        return s;
    }

    /** {@link #expShifted} for {@code n} a multiple of the vector length: one loop, one inlined exp. */
    private static float expShiftedFull(float[] x, int xo, int n, float m, float[] out, int oo) {
        FloatVector mv = FloatVector.broadcast(F, m), acc = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) {
            FloatVector e = VectorMath.exp(load(x, xo + i).sub(mv));
            if (out != null) e.intoArray(out, oo + i);
            acc = acc.add(e);
        }
        return VectorMath.sumLanes(acc);
    }

    /** {@code a[ao .. ao + n) *= s}. */
    private static void scale(float[] a, int ao, int n, float s) {
        int i = 0, ub = F.loopBound(n);
        for (; i < ub; i += L) load(a, ao + i).mul(s).intoArray(a, ao + i);
        if (i < n) {
            VectorMask<Float> mk = F.indexInRange(i, n);
            load(a, ao + i, mk).mul(s).intoArray(a, ao + i, mk);
        }
    }

    @Override
    public void logSoftmaxRow(float[] x, int xo, int n, float[] out, int oo) {
        float m = max(x, xo, n);
        float lse = (float) Math.log(expShifted(x, xo, n, m, null, 0));
        FloatVector mv = FloatVector.broadcast(F, m);
        int i = 0, ub = F.loopBound(n);
        for (; i < ub; i += L) load(x, xo + i).sub(mv).sub(lse).intoArray(out, oo + i);
        if (i < n) {
            VectorMask<Float> mk = F.indexInRange(i, n);
            load(x, xo + i, mk).sub(mv).sub(lse).intoArray(out, oo + i, mk);
        }
    }

    @Override
    public void softmaxBackwardRow(float[] y, int yo, float[] gy, int go, int n, float[] gx, int gxo) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0;
        int i = 0, ub = F.loopBound(n);
        for (; i < ub; i += L) a0 = a0.add(load(gy, go + i).mul(load(y, yo + i)));
        if (i < n) {
            VectorMask<Float> mk = F.indexInRange(i, n);
            a1 = a1.add(load(gy, go + i, mk).mul(load(y, yo + i, mk)), mk);
        }
        float dot = VectorMath.sumLanes(a0.add(a1));
        for (i = 0; i < ub; i += L) load(gy, go + i).sub(dot).mul(load(y, yo + i)).intoArray(gx, gxo + i);
        if (i < n) {
            VectorMask<Float> mk = F.indexInRange(i, n);
            load(gy, go + i, mk).sub(dot).mul(load(y, yo + i, mk)).intoArray(gx, gxo + i, mk);
        }
    }

    @Override
    public void logSoftmaxBackwardRow(float[] y, int yo, float[] gy, int go, int n, float[] gx, int gxo) {
        float s = (float) sum(gy, go, n);
        int ub = F.loopBound(n);
        gyMinusExpY(y, yo, gy, go, ub, s, gx, gxo);
        if (ub < n) { // the tail through a buffer [y | gy | gx], one vector each
            float[] t = new float[3 * L];
            System.arraycopy(y, yo + ub, t, 0, n - ub);
            System.arraycopy(gy, go + ub, t, L, n - ub);
            gyMinusExpY(t, 0, t, L, L, s, t, 2 * L);
            System.arraycopy(t, 2 * L, gx, gxo + ub, n - ub);
        }
    }

    /** {@code gx = gy - exp(y) * s} for {@code n} a multiple of the vector length. */
    private static void gyMinusExpY(float[] y, int yo, float[] gy, int go, int n, float s, float[] gx, int gxo) {
        for (int i = 0; i < n; i += L)
            load(gy, go + i).sub(VectorMath.exp(load(y, yo + i)).mul(s)).intoArray(gx, gxo + i);
    }

    // ------------------------------------------------------------------------------------------------ columns

    @Override
    public void foldRows(ReduceOp op, float[] x, int xo, int rows, int width, int stride, float[] acc, int ao,
                         boolean init) {
        int r0 = 0, ub = F.loopBound(width);
        if (init) {
            System.arraycopy(x, xo, acc, ao, width);
            r0 = 1;
        }
        switch (op) {
            case SUM, MEAN -> {
                for (int r = r0; r < rows; r++) {
                    int row = xo + r * stride, j = 0;
                    for (; j < ub; j += L) load(acc, ao + j).add(load(x, row + j)).intoArray(acc, ao + j);
                    for (; j < width; j++) acc[ao + j] += x[row + j];
                }
            }
            case MAX -> {
                for (int r = r0; r < rows; r++) {
                    int row = xo + r * stride, j = 0;
                    for (; j < ub; j += L) load(acc, ao + j).max(load(x, row + j)).intoArray(acc, ao + j);
                    for (; j < width; j++) acc[ao + j] = Math.max(acc[ao + j], x[row + j]);
                }
            }
            case MIN -> {
                for (int r = r0; r < rows; r++) {
                    int row = xo + r * stride, j = 0;
                    for (; j < ub; j += L) load(acc, ao + j).min(load(x, row + j)).intoArray(acc, ao + j);
                    for (; j < width; j++) acc[ao + j] = Math.min(acc[ao + j], x[row + j]);
                }
            }
        }
    }

    @Override
    public void foldSquaredDeviations(float[] x, int xo, int rows, int width, int stride, float[] mean, int mo,
                                      float[] acc, int ao, boolean init) {
        if (init) java.util.Arrays.fill(acc, ao, ao + width, 0f);
        int ub = F.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int row = xo + r * stride, j = 0;
            for (; j < ub; j += L) {
                FloatVector d = load(x, row + j).sub(load(mean, mo + j));
                load(acc, ao + j).add(d.mul(d)).intoArray(acc, ao + j);
            }
            for (; j < width; j++) {
                float d = x[row + j] - mean[mo + j];
                acc[ao + j] += d * d;
            }
        }
    }

    /** Rows per block when summing exponentials down columns: a float sum per block, the blocks then added. */
    private static final int SUM_BLOCK = 32;

    /** {@code n} rounded up to a whole number of vectors: the length of the per-column scratch rows. */
    private static int padded(int n) { return (n + L - 1) / L * L; }

    /**
     * {@code s[j] = sum over rows of exp(x[r, j] - m[j])} for {@code j < width} ({@code m} and {@code s} padded to
     * whole vectors), writing each exponential to {@code out} too unless it is null. The rows are summed in blocks of
     * {@link #SUM_BLOCK} and the block sums added, so the rounding error grows with the block size plus the number of
     * blocks rather than with the number of rows. The last partial vector of each row runs the same code on a
     * buffer padded with -inf.
     */
    private static void sumExpColumns(float[] x, int xo, int rows, int width, int stride, float[] m,
                                      float[] out, int oo, float[] s) {
        int ub = F.loopBound(width), rem = width - ub;
        float[] blk = new float[s.length], tx = new float[L], tout = out == null ? null : new float[L];
        for (int r0 = 0; r0 < rows; r0 += SUM_BLOCK) {
            java.util.Arrays.fill(blk, 0f);
            for (int r = r0, r1 = Math.min(rows, r0 + SUM_BLOCK); r < r1; r++) {
                int xr = xo + r * stride, or = oo + r * stride;
                expAgainst(x, xr, m, 0, ub, out, or, blk, 0);
                if (rem > 0) {
                    java.util.Arrays.fill(tx, Float.NEGATIVE_INFINITY);
                    System.arraycopy(x, xr + ub, tx, 0, rem);
                    expAgainst(tx, 0, m, ub, L, tout, 0, blk, ub);
                    if (out != null) System.arraycopy(tout, 0, out, or + ub, rem);
                }
            }
            for (int j = 0; j < s.length; j += L) load(s, j).add(load(blk, j)).intoArray(s, j);
        }
    }

    /** {@code e = exp(x[i] - m[mo + i]); out[i] = e (unless null); acc[ao + i] += e}, n a multiple of L. */
    private static void expAgainst(float[] x, int xo, float[] m, int mo, int n, float[] out, int oo,
                                   float[] acc, int ao) {
        for (int j = 0; j < n; j += L) {
            FloatVector e = VectorMath.exp(load(x, xo + j).sub(load(m, mo + j)));
            if (out != null) e.intoArray(out, oo + j);
            load(acc, ao + j).add(e).intoArray(acc, ao + j);
        }
    }

    @Override
    public void softmaxColumns(float[] x, int xo, int rows, int width, int stride, float[] out, int oo) {
        float[] m = new float[padded(width)], s = new float[padded(width)];
        foldRows(ReduceOp.MAX, x, xo, rows, width, stride, m, 0, true);
        sumExpColumns(x, xo, rows, width, stride, m, out, oo, s);
        for (int j = 0; j < width; j++) s[j] = 1f / s[j];
        int ub = F.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int or = oo + r * stride, j = 0;
            for (; j < ub; j += L) load(out, or + j).mul(load(s, j)).intoArray(out, or + j);
            for (; j < width; j++) out[or + j] *= s[j];
        }
    }

    @Override
    public void logSoftmaxColumns(float[] x, int xo, int rows, int width, int stride, float[] out, int oo) {
        float[] m = new float[padded(width)], s = new float[padded(width)];
        foldRows(ReduceOp.MAX, x, xo, rows, width, stride, m, 0, true);
        sumExpColumns(x, xo, rows, width, stride, m, null, 0, s);
        for (int j = 0; j < width; j++) s[j] = (float) Math.log(s[j]);
        int ub = F.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int xr = xo + r * stride, or = oo + r * stride, j = 0;
            for (; j < ub; j += L) load(x, xr + j).sub(load(m, j)).sub(load(s, j)).intoArray(out, or + j);
            for (; j < width; j++) out[or + j] = (x[xr + j] - m[j]) - s[j];
        }
    }

    @Override
    public void softmaxBackwardColumns(float[] y, int yo, float[] gy, int go, int rows, int width, int stride,
                                       float[] gx, int gxo) {
        float[] dot = new float[width];
        int ub = F.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int p = r * stride, j = 0;
            for (; j < ub; j += L) load(dot, j).add(load(gy, go + p + j).mul(load(y, yo + p + j))).intoArray(dot, j);
            for (; j < width; j++) dot[j] += gy[go + p + j] * y[yo + p + j];
        }
        for (int r = 0; r < rows; r++) {
            int p = r * stride, j = 0;
            for (; j < ub; j += L)
                load(gy, go + p + j).sub(load(dot, j)).mul(load(y, yo + p + j)).intoArray(gx, gxo + p + j);
            for (; j < width; j++) gx[gxo + p + j] = (gy[go + p + j] - dot[j]) * y[yo + p + j];
        }
    }

    @Override
    public void logSoftmaxBackwardColumns(float[] y, int yo, float[] gy, int go, int rows, int width, int stride,
                                          float[] gx, int gxo) {
        float[] s = new float[padded(width)], t = new float[3 * L];
        foldRows(ReduceOp.SUM, gy, go, rows, width, stride, s, 0, true);
        int ub = F.loopBound(width), rem = width - ub;
        for (int r = 0; r < rows; r++) {
            int p = r * stride;
            gyMinusExpYAgainst(y, yo + p, gy, go + p, s, 0, ub, gx, gxo + p);
            if (rem > 0) { // the tail through a buffer [y | gy | gx]
                System.arraycopy(y, yo + p + ub, t, 0, rem);
                System.arraycopy(gy, go + p + ub, t, L, rem);
                gyMinusExpYAgainst(t, 0, t, L, s, ub, L, t, 2 * L);
                System.arraycopy(t, 2 * L, gx, gxo + p + ub, rem);
            }
        }
    }

    /** {@code gx[i] = gy[i] - exp(y[i]) * s[so + i]}, n a multiple of L. */
    private static void gyMinusExpYAgainst(float[] y, int yo, float[] gy, int go, float[] s, int so, int n,
                                           float[] gx, int gxo) {
        for (int j = 0; j < n; j += L)
            load(gy, go + j).sub(VectorMath.exp(load(y, yo + j)).mul(load(s, so + j))).intoArray(gx, gxo + j);
    }
}
