package org.genex.tensor.cpu;

import static org.genex.tensor.cpu.Species.F;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import org.genex.tensor.ReduceOp;

/**
 * The Vector API reduction loops. Rows are reduced with several vector accumulators (sums in float lanes, added in
 * a fixed order by {@link VectorMath#sumLanes}); columns are folded row after row with vectors across the columns
 * (the same adds in the same order as the scalar path, so the same bits). Softmax takes exp from
 * {@link VectorMath#exp} (deterministic), over the row in place or through a scratch row; the last partial vector of
 * a row goes through a buffer padded with -inf (whose exponential is 0), so it runs the same code.
 *
 * <p>As in {@link VectorElementwiseKernels}: no method here takes or returns a vector, and each op has its own
 * small method (see {@link VectorMath} on C2's inlining budget).
 */
final class VectorReductionKernels extends ScalarReductionKernels {
    private static final int L = F.length();
    private static final int TILE = VectorMath.TILE;

    // ------------------------------------------------------------------------------------------------ rows

    /**
     * Eight accumulators, so that many loads are in flight: Java arrays are only 8-byte aligned, so a 64-byte vector
     * load usually straddles two cache lines, and the sum of a large array streams about 10% faster than with four.
     */
    @Override
    public double sum(float[] x, int xo, int n) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        int i = 0, ub8 = n - n % (8 * L), ub = F.loopBound(n);
        for (; i < ub8; i += 8 * L) {
            a0 = a0.add(FloatVector.fromArray(F, x, xo + i));
            a1 = a1.add(FloatVector.fromArray(F, x, xo + i + L));
            a2 = a2.add(FloatVector.fromArray(F, x, xo + i + 2 * L));
            a3 = a3.add(FloatVector.fromArray(F, x, xo + i + 3 * L));
            a4 = a4.add(FloatVector.fromArray(F, x, xo + i + 4 * L));
            a5 = a5.add(FloatVector.fromArray(F, x, xo + i + 5 * L));
            a6 = a6.add(FloatVector.fromArray(F, x, xo + i + 6 * L));
            a7 = a7.add(FloatVector.fromArray(F, x, xo + i + 7 * L));
        }
        for (; i < ub; i += L) a0 = a0.add(FloatVector.fromArray(F, x, xo + i));
        if (i < n) a1 = a1.add(FloatVector.fromArray(F, x, xo + i, F.indexInRange(i, n)));
        float[] lanes = new float[L];
        a0.add(a1).add(a2.add(a3)).add(a4.add(a5).add(a6.add(a7))).intoArray(lanes, 0);
        return VectorMath.sumLanes(lanes);
    }

    // max and min reduce lanes in the Vector API's (unspecified) order: harmless, since max and min are
    // commutative and associative, signed zeros included (Math.max orders -0 below 0), and NaN wins in any order

    @Override
    public float max(float[] x, int xo, int n) {
        FloatVector a0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY), a1 = a0, a2 = a0, a3 = a0;
        int i = 0, ub4 = n - n % (4 * L), ub = F.loopBound(n);
        for (; i < ub4; i += 4 * L) {
            a0 = a0.max(FloatVector.fromArray(F, x, xo + i));
            a1 = a1.max(FloatVector.fromArray(F, x, xo + i + L));
            a2 = a2.max(FloatVector.fromArray(F, x, xo + i + 2 * L));
            a3 = a3.max(FloatVector.fromArray(F, x, xo + i + 3 * L));
        }
        for (; i < ub; i += L) a0 = a0.max(FloatVector.fromArray(F, x, xo + i));
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            a1 = a1.lanewise(VectorOperators.MAX, FloatVector.fromArray(F, x, xo + i, m), m);
        }
        return a0.max(a1).max(a2.max(a3)).reduceLanes(VectorOperators.MAX);
    }

    @Override
    public float min(float[] x, int xo, int n) {
        FloatVector a0 = FloatVector.broadcast(F, Float.POSITIVE_INFINITY), a1 = a0, a2 = a0, a3 = a0;
        int i = 0, ub4 = n - n % (4 * L), ub = F.loopBound(n);
        for (; i < ub4; i += 4 * L) {
            a0 = a0.min(FloatVector.fromArray(F, x, xo + i));
            a1 = a1.min(FloatVector.fromArray(F, x, xo + i + L));
            a2 = a2.min(FloatVector.fromArray(F, x, xo + i + 2 * L));
            a3 = a3.min(FloatVector.fromArray(F, x, xo + i + 3 * L));
        }
        for (; i < ub; i += L) a0 = a0.min(FloatVector.fromArray(F, x, xo + i));
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            a1 = a1.lanewise(VectorOperators.MIN, FloatVector.fromArray(F, x, xo + i, m), m);
        }
        return a0.min(a1).min(a2.min(a3)).reduceLanes(VectorOperators.MIN);
    }

    @Override
    public double sumSquaredDeviations(float[] x, int xo, int n, float mean) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int i = 0, ub4 = n - n % (4 * L), ub = F.loopBound(n);
        for (; i < ub4; i += 4 * L) {
            FloatVector d0 = FloatVector.fromArray(F, x, xo + i).sub(mean);
            FloatVector d1 = FloatVector.fromArray(F, x, xo + i + L).sub(mean);
            FloatVector d2 = FloatVector.fromArray(F, x, xo + i + 2 * L).sub(mean);
            FloatVector d3 = FloatVector.fromArray(F, x, xo + i + 3 * L).sub(mean);
            a0 = a0.add(d0.mul(d0));
            a1 = a1.add(d1.mul(d1));
            a2 = a2.add(d2.mul(d2));
            a3 = a3.add(d3.mul(d3));
        }
        for (; i < ub; i += L) {
            FloatVector d = FloatVector.fromArray(F, x, xo + i).sub(mean);
            a0 = a0.add(d.mul(d));
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector d = FloatVector.fromArray(F, x, xo + i, m).sub(mean);
            a1 = a1.add(d.mul(d), m);
        }
        float[] lanes = new float[L];
        a0.add(a1).add(a2.add(a3)).intoArray(lanes, 0);
        return VectorMath.sumLanes(lanes);
    }

    @Override
    public int argRow(boolean max, float[] x, int xo, int n) {
        float target = max ? max(x, xo, n) : min(x, xo, n);
        int i = 0, ub = F.loopBound(n);
        if (target != target) { // the first NaN
            for (; i < ub; i += L) {
                VectorMask<Float> hit = FloatVector.fromArray(F, x, xo + i).test(VectorOperators.IS_NAN);
                if (hit.anyTrue()) return i + hit.firstTrue();
            }
            for (; i < n; i++) if (x[xo + i] != x[xo + i]) return i;
        } else {
            for (; i < ub; i += L) {
                VectorMask<Float> hit = FloatVector.fromArray(F, x, xo + i).compare(VectorOperators.EQ, target);
                if (hit.anyTrue()) return i + hit.firstTrue();
            }
            for (; i < n; i++) if (x[xo + i] == target) return i;
        }
        throw new IllegalStateException("argRow: the extreme value " + target + " was not found again");
    }

    /**
     * Each row is shifted by {@link #roughMax}, two instructions a vector against about six for {@link #max} (a
     * sixth of softmax's time on rows in cache); where that gives a NaN sum (a NaN in the row, an infinite maximum,
     * a row of -inf), the row is redone with the exact {@link #max}. So the bits are those of shifting by the exact
     * maximum everywhere ({@code out} does not overlap {@code x}, which stays intact for the redo).
     */
    @Override
    public void softmaxRows(float[] x, int xo, int rows, int n, float[] out, int oo) {
        float[] tail = new float[L];
        for (int r = 0; r < rows; r++) {
            int xr = xo + r * n, or = oo + r * n;
            float s = expShifted(x, xr, n, roughMax(x, xr, n), out, or, tail);
            if (s != s) s = expShifted(x, xr, n, max(x, xr, n), out, or, tail);
            scale(out, or, n, 1f / s);
        }
    }

    /**
     * The largest element of {@code x[xo .. xo + n)} ignoring NaN, by compare and blend ({@link #max}'s Java
     * semantics, NaN first and -0 below +0, take several instructions a vector); -inf where every element is NaN
     * or -inf. Apart from the sign of a zero maximum it equals {@link #max} on a row without NaN, and softmax does
     * not see that sign: x - 0 and x - (-0) differ only for x = -0, as +0 and -0, whose exponentials are both 1.
     */
    private static float roughMax(float[] x, int xo, int n) {
        FloatVector a0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY), a1 = a0, a2 = a0, a3 = a0;
        int i = 0, ub4 = n - n % (4 * L), ub = F.loopBound(n);
        for (; i < ub4; i += 4 * L) {
            FloatVector v0 = FloatVector.fromArray(F, x, xo + i), v1 = FloatVector.fromArray(F, x, xo + i + L);
            FloatVector v2 = FloatVector.fromArray(F, x, xo + i + 2 * L);
            FloatVector v3 = FloatVector.fromArray(F, x, xo + i + 3 * L);
            a0 = a0.blend(v0, v0.compare(VectorOperators.GT, a0));
            a1 = a1.blend(v1, v1.compare(VectorOperators.GT, a1));
            a2 = a2.blend(v2, v2.compare(VectorOperators.GT, a2));
            a3 = a3.blend(v3, v3.compare(VectorOperators.GT, a3));
        }
        for (; i < ub; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            a0 = a0.blend(v, v.compare(VectorOperators.GT, a0));
        }
        float m = a0.max(a1).max(a2.max(a3)).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) if (x[xo + i] > m) m = x[xo + i];
        return m;
    }

    /**
     * {@code out[0 .. n) = exp(x - m)}, returning their sum (whole vectors first, then the tail); the last partial
     * vector goes through {@code tail} (L floats), padded with -inf.
     */
    private static float expShifted(float[] x, int xo, int n, float m, float[] out, int oo, float[] tail) {
        int ub = F.loopBound(n);
        float s = VectorMath.expShiftedSum(x, xo, m, out, oo, ub);
        if (ub < n) {
            Arrays.fill(tail, Float.NEGATIVE_INFINITY);
            System.arraycopy(x, xo + ub, tail, 0, n - ub);
            s += VectorMath.expShiftedSum(tail, 0, m, tail, 0, L);
            System.arraycopy(tail, 0, out, oo + ub, n - ub);
        }
        return s;
    }

    /** {@code a[ao .. ao + n) *= s}. */
    private static void scale(float[] a, int ao, int n, float s) {
        int i = 0, ub = F.loopBound(n);
        for (; i < ub; i += L) FloatVector.fromArray(F, a, ao + i).mul(s).intoArray(a, ao + i);
        for (; i < n; i++) a[ao + i] *= s;
    }

    @Override
    public void logSoftmaxRows(float[] x, int xo, int rows, int n, float[] out, int oo) {
        float[] t = new float[Math.min(TILE, F.loopBound(n) + L)], tail = new float[L];
        for (int r = 0; r < rows; r++) {
            int xr = xo + r * n, or = oo + r * n;
            float m = max(x, xr, n);
            double s = 0;
            for (int b = 0; b < n; b += TILE) {       // sum(exp(x - m)) tile by tile, in order
                int w = Math.min(TILE, n - b);
                s += expShifted(x, xr + b, w, m, t, 0, tail);
            }
            float lse = (float) Math.log(s);
            int i = 0, ub = F.loopBound(n);
            for (; i < ub; i += L) FloatVector.fromArray(F, x, xr + i).sub(m).sub(lse).intoArray(out, or + i);
            for (; i < n; i++) out[or + i] = (x[xr + i] - m) - lse;
        }
    }

    @Override
    public void softmaxBackwardRows(float[] y, int yo, float[] gy, int go, int rows, int n, float[] gx, int gxo) {
        float[] lanes = new float[L];
        for (int r = 0; r < rows; r++) {
            int p = r * n;
            FloatVector a0 = FloatVector.zero(F), a1 = a0;
            int i = 0, ub = F.loopBound(n);
            for (; i < ub; i += L)
                a0 = a0.add(FloatVector.fromArray(F, gy, go + p + i).mul(FloatVector.fromArray(F, y, yo + p + i)));
            if (i < n) {
                VectorMask<Float> mk = F.indexInRange(i, n);
                a1 = a1.add(FloatVector.fromArray(F, gy, go + p + i, mk).mul(FloatVector.fromArray(F, y, yo + p + i, mk)), mk);
            }
            a0.add(a1).intoArray(lanes, 0);
            float dot = VectorMath.sumLanes(lanes);
            for (i = 0; i < ub; i += L)
                FloatVector.fromArray(F, gy, go + p + i).sub(dot).mul(FloatVector.fromArray(F, y, yo + p + i))
                        .intoArray(gx, gxo + p + i);
            for (; i < n; i++) gx[gxo + p + i] = (gy[go + p + i] - dot) * y[yo + p + i];
        }
    }

    @Override
    public void logSoftmaxBackwardRows(float[] y, int yo, float[] gy, int go, int rows, int n, float[] gx, int gxo) {
        float[] t = new float[Math.min(TILE, F.loopBound(n) + L)];
        for (int r = 0; r < rows; r++) {
            int p = r * n;
            float s = (float) sum(gy, go + p, n);
            for (int b = 0; b < n; b += TILE) {       // exp(y) into a tile, then gy - exp(y) s
                int w = Math.min(TILE, n - b), wp = (w + L - 1) / L * L;
                Arrays.fill(t, 0, wp, 0f);
                System.arraycopy(y, yo + p + b, t, 0, w);
                VectorMath.exp(t, 0, t, 0, wp);
                int i = 0, ub = F.loopBound(w);
                for (; i < ub; i += L)
                    FloatVector.fromArray(F, gy, go + p + b + i).sub(FloatVector.fromArray(F, t, i).mul(s))
                            .intoArray(gx, gxo + p + b + i);
                for (; i < w; i++) gx[gxo + p + b + i] = gy[go + p + b + i] - t[i] * s;
            }
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
        switch (op) {
            case SUM, MEAN -> foldSum(x, xo + r0 * stride, rows - r0, width, stride, acc, ao);
            case MAX -> foldMax(x, xo + r0 * stride, rows - r0, width, stride, acc, ao);
            case MIN -> foldMin(x, xo + r0 * stride, rows - r0, width, stride, acc, ao);
        }
    }

    private static void foldSum(float[] x, int xo, int rows, int width, int stride, float[] acc, int ao) {
        int ub = F.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int row = xo + r * stride, j = 0;
            for (; j < ub; j += L)
                FloatVector.fromArray(F, acc, ao + j).add(FloatVector.fromArray(F, x, row + j)).intoArray(acc, ao + j);
            for (; j < width; j++) acc[ao + j] += x[row + j];
        }
    }

    private static void foldMax(float[] x, int xo, int rows, int width, int stride, float[] acc, int ao) {
        int ub = F.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int row = xo + r * stride, j = 0;
            for (; j < ub; j += L)
                FloatVector.fromArray(F, acc, ao + j).max(FloatVector.fromArray(F, x, row + j)).intoArray(acc, ao + j);
            for (; j < width; j++) acc[ao + j] = Math.max(acc[ao + j], x[row + j]);
        }
    }

    private static void foldMin(float[] x, int xo, int rows, int width, int stride, float[] acc, int ao) {
        int ub = F.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int row = xo + r * stride, j = 0;
            for (; j < ub; j += L)
                FloatVector.fromArray(F, acc, ao + j).min(FloatVector.fromArray(F, x, row + j)).intoArray(acc, ao + j);
            for (; j < width; j++) acc[ao + j] = Math.min(acc[ao + j], x[row + j]);
        }
    }

    @Override
    public void foldSquaredDeviations(float[] x, int xo, int rows, int width, int stride, float[] mean, int mo,
                                      float[] acc, int ao, boolean init) {
        if (init) Arrays.fill(acc, ao, ao + width, 0f);
        int ub = F.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int row = xo + r * stride, j = 0;
            for (; j < ub; j += L) {
                FloatVector d = FloatVector.fromArray(F, x, row + j).sub(FloatVector.fromArray(F, mean, mo + j));
                FloatVector.fromArray(F, acc, ao + j).add(d.mul(d)).intoArray(acc, ao + j);
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
     * whole vectors), writing each exponential to {@code out} too unless it is null. Each row goes through a scratch
     * row (its padding -inf, so its exponentials are 0). The rows are summed in blocks of {@link #SUM_BLOCK} and the
     * block sums added, so the rounding error grows with the block size plus the number of blocks rather than with
     * the number of rows.
     */
    private static void sumExpColumns(float[] x, int xo, int rows, int width, int stride, float[] m,
                                      float[] out, int oo, float[] s) {
        int wp = s.length;
        float[] blk = new float[wp], t = new float[wp];
        Arrays.fill(t, width, wp, Float.NEGATIVE_INFINITY);
        for (int r0 = 0; r0 < rows; r0 += SUM_BLOCK) {
            Arrays.fill(blk, 0f);
            for (int r = r0, r1 = Math.min(rows, r0 + SUM_BLOCK); r < r1; r++) {
                int xr = xo + r * stride;
                System.arraycopy(x, xr, t, 0, width);
                subVector(t, m, wp);
                VectorMath.exp(t, 0, t, 0, wp);
                if (out != null) System.arraycopy(t, 0, out, oo + r * stride, width);
                addInto(blk, t, wp);
            }
            addInto(s, blk, wp);
        }
    }

    /** {@code t -= m} over n (a multiple of L). */
    private static void subVector(float[] t, float[] m, int n) {
        for (int j = 0; j < n; j += L)
            FloatVector.fromArray(F, t, j).sub(FloatVector.fromArray(F, m, j)).intoArray(t, j);
    }

    /** {@code acc += t} over n (a multiple of L). */
    private static void addInto(float[] acc, float[] t, int n) {
        for (int j = 0; j < n; j += L)
            FloatVector.fromArray(F, acc, j).add(FloatVector.fromArray(F, t, j)).intoArray(acc, j);
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
            for (; j < ub; j += L)
                FloatVector.fromArray(F, out, or + j).mul(FloatVector.fromArray(F, s, j)).intoArray(out, or + j);
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
            for (; j < ub; j += L)
                FloatVector.fromArray(F, x, xr + j).sub(FloatVector.fromArray(F, m, j)).sub(FloatVector.fromArray(F, s, j))
                        .intoArray(out, or + j);
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
            for (; j < ub; j += L)
                FloatVector.fromArray(F, dot, j)
                        .add(FloatVector.fromArray(F, gy, go + p + j).mul(FloatVector.fromArray(F, y, yo + p + j)))
                        .intoArray(dot, j);
            for (; j < width; j++) dot[j] += gy[go + p + j] * y[yo + p + j];
        }
        for (int r = 0; r < rows; r++) {
            int p = r * stride, j = 0;
            for (; j < ub; j += L)
                FloatVector.fromArray(F, gy, go + p + j).sub(FloatVector.fromArray(F, dot, j))
                        .mul(FloatVector.fromArray(F, y, yo + p + j)).intoArray(gx, gxo + p + j);
            for (; j < width; j++) gx[gxo + p + j] = (gy[go + p + j] - dot[j]) * y[yo + p + j];
        }
    }

    @Override
    public void logSoftmaxBackwardColumns(float[] y, int yo, float[] gy, int go, int rows, int width, int stride,
                                          float[] gx, int gxo) {
        int wp = padded(width);
        float[] s = new float[wp], t = new float[wp];
        foldRows(ReduceOp.SUM, gy, go, rows, width, stride, s, 0, true);
        int ub = F.loopBound(width);
        for (int r = 0; r < rows; r++) {
            int p = r * stride, j = 0;
            System.arraycopy(y, yo + p, t, 0, width);
            VectorMath.exp(t, 0, t, 0, wp);
            for (; j < ub; j += L)
                FloatVector.fromArray(F, gy, go + p + j).sub(FloatVector.fromArray(F, t, j).mul(FloatVector.fromArray(F, s, j)))
                        .intoArray(gx, gxo + p + j);
            for (; j < width; j++) gx[gxo + p + j] = gy[go + p + j] - t[j] * s[j];
        }
    }
}
