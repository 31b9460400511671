package org.genex.tensor.cpu;

import static org.genex.tensor.cpu.Species.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * {@link NnRowOps} on the Vector API ({@link Species#F} lanes), with a scalar tail. Reductions keep four
 * independent lane accumulators (summed as (s0 + s1) + (s2 + s3), then across lanes). Loaded only on the vector
 * path.
 *
 * <p>The results do not depend on how warm the JIT is (see {@link VectorMath}): exponentials come from
 * {@link VectorMath#exp} and {@link VectorMath#expShiftedSum}, not {@code VectorOperators.EXP} (whose compiled and
 * interpreted values differ in the last bit), and the lanes of a sum are added in a fixed pairwise order by
 * {@link Species#FOLDS}, not by {@code reduceLanes(ADD)} (whose order is unspecified: sequential in the interpreter, a
 * tree in compiled code). Max reductions keep {@code reduceLanes(MAX)}: max does not depend on the order.
 */
final class VectorNnRowOps implements NnRowOps {

    @Override
    public float sum(float[] a, int ao, int n) {
        int L = F.length(), j = 0;
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        for (int upper4 = n - 4 * L; j <= upper4; j += 4 * L) {
            s0 = s0.add(FloatVector.fromArray(F, a, ao + j));
            s1 = s1.add(FloatVector.fromArray(F, a, ao + j + L));
            s2 = s2.add(FloatVector.fromArray(F, a, ao + j + 2 * L));
            s3 = s3.add(FloatVector.fromArray(F, a, ao + j + 3 * L));
        }
        for (int upper = F.loopBound(n); j < upper; j += L) s0 = s0.add(FloatVector.fromArray(F, a, ao + j));
        s0 = s0.add(s1).add(s2.add(s3));
        for (VectorShuffle<Float> f : Species.FOLDS) s0 = s0.add(s0.rearrange(f));
        float s = s0.lane(0);
        for (; j < n; j++) s += a[ao + j];
        return s;
    }

    @Override
    public float sumSquaredDeviations(float[] a, int ao, int n, float shift) {
        int L = F.length(), j = 0;
        FloatVector m = FloatVector.broadcast(F, shift);
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        for (int upper4 = n - 4 * L; j <= upper4; j += 4 * L) {
            FloatVector v0 = FloatVector.fromArray(F, a, ao + j).sub(m);
            FloatVector v1 = FloatVector.fromArray(F, a, ao + j + L).sub(m);
            FloatVector v2 = FloatVector.fromArray(F, a, ao + j + 2 * L).sub(m);
            FloatVector v3 = FloatVector.fromArray(F, a, ao + j + 3 * L).sub(m);
            s0 = v0.fma(v0, s0);
            s1 = v1.fma(v1, s1);
            s2 = v2.fma(v2, s2);
            s3 = v3.fma(v3, s3);
        }
        for (int upper = F.loopBound(n); j < upper; j += L) {
            FloatVector v = FloatVector.fromArray(F, a, ao + j).sub(m);
            s0 = v.fma(v, s0);
        }
        s0 = s0.add(s1).add(s2.add(s3));
        for (VectorShuffle<Float> f : Species.FOLDS) s0 = s0.add(s0.rearrange(f));
        float s = s0.lane(0);
        for (; j < n; j++) {
            float v = a[ao + j] - shift;
            s = Math.fma(v, v, s);
        }
        return s;
    }

    @Override
    public void normalize(float[] x, int xo, int n, float shift, float scale, float[] g, int go, float[] b, int bo,
                          float[] y, int yo) {
        int L = F.length(), upper = F.loopBound(n), j = 0;
        FloatVector m = FloatVector.broadcast(F, shift), s = FloatVector.broadcast(F, scale);
        if (g != null && b != null) {
            for (; j < upper; j += L) {
                FloatVector v = FloatVector.fromArray(F, x, xo + j).sub(m).mul(s);
                v.fma(FloatVector.fromArray(F, g, go + j), FloatVector.fromArray(F, b, bo + j)).intoArray(y, yo + j);
            }
        } else if (g != null) {
            for (; j < upper; j += L) {
                FloatVector v = FloatVector.fromArray(F, x, xo + j).sub(m).mul(s);
                v.mul(FloatVector.fromArray(F, g, go + j)).intoArray(y, yo + j);
            }
        } else if (b != null) {
            for (; j < upper; j += L) {
                FloatVector v = FloatVector.fromArray(F, x, xo + j).sub(m).mul(s);
                v.add(FloatVector.fromArray(F, b, bo + j)).intoArray(y, yo + j);
            }
        } else {
            for (; j < upper; j += L) FloatVector.fromArray(F, x, xo + j).sub(m).mul(s).intoArray(y, yo + j);
        }
        for (; j < n; j++) {
            float v = (x[xo + j] - shift) * scale;
            if (g != null && b != null) v = Math.fma(v, g[go + j], b[bo + j]);
            else if (g != null) v *= g[go + j];
            else if (b != null) v += b[bo + j];
            y[yo + j] = v;
        }
    }

    @Override
    public float gainCenteredDot(float[] gy, int gyo, float[] g, int go, float[] x, int xo, float shift, int n) {
        int L = F.length(), upper = F.loopBound(n), j = 0;
        FloatVector m = FloatVector.broadcast(F, shift);
        FloatVector s0 = FloatVector.zero(F), s1 = s0;
        if (g != null) {
            for (int upper2 = n - 2 * L; j <= upper2; j += 2 * L) {
                FloatVector h0 = FloatVector.fromArray(F, gy, gyo + j).mul(FloatVector.fromArray(F, g, go + j));
                FloatVector h1 = FloatVector.fromArray(F, gy, gyo + j + L)
                        .mul(FloatVector.fromArray(F, g, go + j + L));
                s0 = h0.fma(FloatVector.fromArray(F, x, xo + j).sub(m), s0);
                s1 = h1.fma(FloatVector.fromArray(F, x, xo + j + L).sub(m), s1);
            }
            for (; j < upper; j += L) {
                FloatVector h = FloatVector.fromArray(F, gy, gyo + j).mul(FloatVector.fromArray(F, g, go + j));
                s0 = h.fma(FloatVector.fromArray(F, x, xo + j).sub(m), s0);
            }
        } else {
            for (int upper2 = n - 2 * L; j <= upper2; j += 2 * L) {
                s0 = FloatVector.fromArray(F, gy, gyo + j).fma(FloatVector.fromArray(F, x, xo + j).sub(m), s0);
                s1 = FloatVector.fromArray(F, gy, gyo + j + L)
                        .fma(FloatVector.fromArray(F, x, xo + j + L).sub(m), s1);
            }
            for (; j < upper; j += L)
                s0 = FloatVector.fromArray(F, gy, gyo + j).fma(FloatVector.fromArray(F, x, xo + j).sub(m), s0);
        }
        s0 = s0.add(s1);
        for (VectorShuffle<Float> f : Species.FOLDS) s0 = s0.add(s0.rearrange(f));
        float s = s0.lane(0);
        for (; j < n; j++) {
            float h = g == null ? gy[gyo + j] : gy[gyo + j] * g[go + j];
            s = Math.fma(h, x[xo + j] - shift, s);
        }
        return s;
    }

    @Override
    public void normBackward(float[] gy, int gyo, float[] g, int go, float[] x, int xo, int n, float shift,
                             float scale, float a, float c, float[] gx, int gxo) {
        int L = F.length(), upper = F.loopBound(n), j = 0;
        float sc = scale * c;
        FloatVector m = FloatVector.broadcast(F, shift), s = FloatVector.broadcast(F, scale);
        FloatVector av = FloatVector.broadcast(F, a), scv = FloatVector.broadcast(F, -sc);
        if (g != null) {
            for (; j < upper; j += L) {
                FloatVector h = FloatVector.fromArray(F, gy, gyo + j).mul(FloatVector.fromArray(F, g, go + j));
                FloatVector xc = FloatVector.fromArray(F, x, xo + j).sub(m);
                xc.fma(scv, h.sub(av)).mul(s).intoArray(gx, gxo + j);
            }
        } else {
            for (; j < upper; j += L) {
                FloatVector h = FloatVector.fromArray(F, gy, gyo + j);
                FloatVector xc = FloatVector.fromArray(F, x, xo + j).sub(m);
                xc.fma(scv, h.sub(av)).mul(s).intoArray(gx, gxo + j);
            }
        }
        for (; j < n; j++) {
            float h = g == null ? gy[gyo + j] : gy[gyo + j] * g[go + j];
            gx[gxo + j] = Math.fma(x[xo + j] - shift, -sc, h - a) * scale;
        }
    }

    @Override
    public void normParamGrads(float[] gy, int gyo, float[] x, int xo, int n, float shift, float scale,
                               float[] gg, int ggo, float[] gb, int gbo) {
        int L = F.length(), upper = F.loopBound(n);
        if (gg != null) {
            FloatVector m = FloatVector.broadcast(F, shift), s = FloatVector.broadcast(F, scale);
            int j = 0;
            for (; j < upper; j += L) {
                FloatVector xh = FloatVector.fromArray(F, x, xo + j).sub(m).mul(s);
                FloatVector.fromArray(F, gy, gyo + j).fma(xh, FloatVector.fromArray(F, gg, ggo + j))
                        .intoArray(gg, ggo + j);
            }
            for (; j < n; j++) gg[ggo + j] = Math.fma(gy[gyo + j], (x[xo + j] - shift) * scale, gg[ggo + j]);
        }
        if (gb != null) add(gy, gyo, gb, gbo, n);
    }

    @Override
    public void add(float[] src, int so, float[] dst, int dso, int n) {
        int L = F.length(), upper = F.loopBound(n), j = 0;
        for (; j < upper; j += L)
            FloatVector.fromArray(F, dst, dso + j).add(FloatVector.fromArray(F, src, so + j)).intoArray(dst, dso + j);
        for (; j < n; j++) dst[dso + j] += src[so + j];
    }

    @Override
    public float max(float[] a, int ao, int n) {
        int L = F.length(), upper = F.loopBound(n), j = 0;
        FloatVector m0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY), m1 = m0;
        for (int upper2 = n - 2 * L; j <= upper2; j += 2 * L) {
            m0 = m0.max(FloatVector.fromArray(F, a, ao + j));
            m1 = m1.max(FloatVector.fromArray(F, a, ao + j + L));
        }
        for (; j < upper; j += L) m0 = m0.max(FloatVector.fromArray(F, a, ao + j));
        float m = m0.max(m1).reduceLanes(VectorOperators.MAX);
        for (; j < n; j++) m = Math.max(m, a[ao + j]);
        return m;
    }

    @Override
    public float sumExp(float[] a, int ao, int n, float shift, float[] t, int to) {
        int upper = F.loopBound(n);
        float s = VectorMath.expShiftedSum(a, ao, shift, t, to, upper);
        for (int j = upper; j < n; j++) s += (float) Math.exp(a[ao + j] - shift);
        return s;
    }

    @Override
    public void logSoftmax(float[] a, int ao, int n, float shift, float logSum, float[] out, int oo) {
        int L = F.length(), upper = F.loopBound(n), j = 0;
        FloatVector m = FloatVector.broadcast(F, shift), ls = FloatVector.broadcast(F, logSum);
        for (; j < upper; j += L) FloatVector.fromArray(F, a, ao + j).sub(m).sub(ls).intoArray(out, oo + j);
        for (; j < n; j++) out[oo + j] = (a[ao + j] - shift) - logSum;
    }

    @Override
    public float weightedSum(float[] a, int ao, float[] w, int wo, int n) {
        if (w == null) return sum(a, ao, n);
        int L = F.length(), upper = F.loopBound(n), j = 0;
        FloatVector s0 = FloatVector.zero(F), s1 = s0;
        for (int upper2 = n - 2 * L; j <= upper2; j += 2 * L) {
            s0 = FloatVector.fromArray(F, a, ao + j).fma(FloatVector.fromArray(F, w, wo + j), s0);
            s1 = FloatVector.fromArray(F, a, ao + j + L).fma(FloatVector.fromArray(F, w, wo + j + L), s1);
        }
        for (; j < upper; j += L) s0 = FloatVector.fromArray(F, a, ao + j).fma(FloatVector.fromArray(F, w, wo + j), s0);
        s0 = s0.add(s1);
        for (VectorShuffle<Float> f : Species.FOLDS) s0 = s0.add(s0.rearrange(f));
        float s = s0.lane(0);
        for (; j < n; j++) s = Math.fma(a[ao + j], w[wo + j], s);
        return s;
    }

    @Override
    public void crossEntropyGrad(float[] logp, int lo, int n, float p, float q, float[] w, int wo,
                                 float[] out, int oo) {
        int L = F.length(), upper = F.loopBound(n), j = 0;
        VectorMath.exp(logp, lo, out, oo, upper);                      // p exp(logp) - q w in place, below
        FloatVector pv = FloatVector.broadcast(F, p), qv = FloatVector.broadcast(F, -q);
        if (w != null) {
            for (; j < upper; j += L)
                FloatVector.fromArray(F, w, wo + j).fma(qv, FloatVector.fromArray(F, out, oo + j).mul(pv))
                        .intoArray(out, oo + j);
        } else {
            for (; j < upper; j += L)
                FloatVector.fromArray(F, out, oo + j).mul(pv).add(qv).intoArray(out, oo + j);
        }
        for (; j < n; j++) {
            float e = (float) Math.exp(logp[lo + j]);
            out[oo + j] = p * e - (w == null ? q : q * w[wo + j]);
        }
    }
}
