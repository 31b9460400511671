package org.genex.tensor.cpu;

/** {@link NnRowOps} in plain Java: the reference path. Sums are accumulated in double and rounded once. */
final class ScalarNnRowOps implements NnRowOps {

    @Override
    public float sum(float[] a, int ao, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) s += a[ao + j];
        return (float) s;
    }

    @Override
    public float sumSquaredDeviations(float[] a, int ao, int n, float shift) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            double v = a[ao + j] - shift;
            s += v * v;
        }
        return (float) s;
    }

    @Override
    public void normalize(float[] x, int xo, int n, float shift, float scale, float[] g, int go, float[] b, int bo,
                          float[] y, int yo) {
        for (int j = 0; j < n; j++) {
            float v = (x[xo + j] - shift) * scale;
            if (g != null) v *= g[go + j];
            if (b != null) v += b[bo + j];
            y[yo + j] = v;
        }
    }

    @Override
    public float gainCenteredDot(float[] gy, int gyo, float[] g, int go, float[] x, int xo, float shift, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            double v = (double) gy[gyo + j] * (x[xo + j] - shift);
            s += g == null ? v : v * g[go + j];
        }
        return (float) s;
    }

    @Override
    public void normBackward(float[] gy, int gyo, float[] g, int go, float[] x, int xo, int n, float shift,
                             float scale, float a, float c, float[] gx, int gxo) {
        float sc = scale * c;
        for (int j = 0; j < n; j++) {
            float gh = g == null ? gy[gyo + j] : gy[gyo + j] * g[go + j];
            gx[gxo + j] = scale * (gh - a - (x[xo + j] - shift) * sc);
        }
    }

    @Override
    public void normParamGrads(float[] gy, int gyo, float[] x, int xo, int n, float shift, float scale,
                               float[] gg, int ggo, float[] gb, int gbo) {
        if (gg != null)
            for (int j = 0; j < n; j++) gg[ggo + j] += gy[gyo + j] * ((x[xo + j] - shift) * scale);
        if (gb != null)
            for (int j = 0; j < n; j++) gb[gbo + j] += gy[gyo + j];
    }

    @Override
    public void add(float[] src, int so, float[] dst, int dso, int n) {
        for (int j = 0; j < n; j++) dst[dso + j] += src[so + j];
    }

    @Override
    public float max(float[] a, int ao, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) m = Math.max(m, a[ao + j]);
        return m;
    }

    @Override
    public float sumExp(float[] a, int ao, int n, float shift, float[] t, int to) {
        double s = 0;
        for (int j = 0; j < n; j++) s += Math.exp(a[ao + j] - shift);
        return (float) s;
    }

    @Override
    public void logSoftmax(float[] a, int ao, int n, float shift, float logSum, float[] out, int oo) {
        for (int j = 0; j < n; j++) out[oo + j] = (a[ao + j] - shift) - logSum;
    }

    @Override
    public float weightedSum(float[] a, int ao, float[] w, int wo, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) s += w == null ? a[ao + j] : (double) a[ao + j] * w[wo + j];
        return (float) s;
    }

    @Override
    public void crossEntropyGrad(float[] logp, int lo, int n, float p, float q, float[] w, int wo,
                                 float[] out, int oo) {
        for (int j = 0; j < n; j++) {
            float pj = (float) Math.exp(logp[lo + j]);
            out[oo + j] = p * pj - (w == null ? q : q * w[wo + j]);
        }
    }
}
