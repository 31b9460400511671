package org.genex.tensor.cpu;

import static org.genex.tensor.cpu.Species.F;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link ScanOps} on the Vector API: every step processes its channels {@link Species#F} lanes at a time, with
 * the states as [state][channel] rows. Channels past the last full vector go to {@link ScalarScanOps} (the scan)
 * or a scalar tail loop (the convolution). The backward recomputes each state with exactly the forward's
 * operations, so chunked and unchunked backward passes give the same bits. Loaded only on the vector path.
 */
final class VectorScanOps implements ScanOps {
    private final ScalarScanOps tail = new ScalarScanOps();

    @Override
    public void forward(ScanArgs s, int bi, int c0, int c1, float[] h) {
        int cv = c0 + F.loopBound(c1 - c0);
        if (cv > c0) forwardVectors(s, bi, c0, cv, h);
        if (cv < c1) tail.forward(s, bi, cv, c1, h);
    }

    /** The forward over channels [c0, c1), a whole number of vectors. */
    private static void forwardVectors(ScanArgs s, int bi, int c0, int c1, float[] h) {
        final int len = s.len, e = s.e, n = s.n, chunk = s.chunk, w = c1 - c0, vl = F.length();
        final float[] u = s.u, dl = s.delta, at = s.at, bm = s.bm, cm = s.cm, dd = s.d, y = s.y;
        Arrays.fill(h, 0, n * w, 0f);
        for (int t = 0; t < len; t++) {
            if (s.ck != null && t % chunk == 0) s.saveCheckpoint(bi, t / chunk, c0, c1, h, 0);
            int row = (bi * len + t) * e, bt = (bi * len + t) * n;
            for (int j = 0; j < w; j += vl) {
                int c = c0 + j;
                FloatVector dt = FloatVector.fromArray(F, dl, s.deltaO + row + c);
                FloatVector uu = FloatVector.fromArray(F, u, s.uo + row + c);
                FloatVector du = dt.mul(uu);
                FloatVector acc = dd == null ? FloatVector.zero(F) : FloatVector.fromArray(F, dd, s.dO + c).mul(uu);
                for (int k = 0, hi = j; k < n; k++, hi += w) {
                    FloatVector a = dt.mul(FloatVector.fromArray(F, at, k * e + c)).lanewise(VectorOperators.EXP);
                    FloatVector hv = a.fma(FloatVector.fromArray(F, h, hi), du.mul(bm[s.bmO + bt + k]));
                    hv.intoArray(h, hi);
                    acc = hv.fma(FloatVector.broadcast(F, cm[s.cmO + bt + k]), acc);
                }
                acc.intoArray(y, s.yo + row + c);
            }
        }
    }

    @Override
    public void backward(ScanArgs s, int bi, int c0, int c1, float[] sc, float[] gb, int gbo, float[] gc, int gco,
                         boolean accumulate, float[] gA, float[] gD) {
        int cv = c0 + F.loopBound(c1 - c0);
        if (cv > c0) backwardVectors(s, bi, c0, cv, sc, gb, gbo, gc, gco, accumulate, gA, gD);
        if (cv < c1) tail.backward(s, bi, cv, c1, sc, gb, gbo, gc, gco, accumulate || cv > c0, gA, gD);
    }

    /** The backward over channels [c0, c1), a whole number of vectors; see {@link ScalarScanOps#backward}. */
    private static void backwardVectors(ScanArgs s, int bi, int c0, int c1, float[] sc, float[] gb, int gbo,
                                        float[] gc, int gco, boolean accumulate, float[] gA, float[] gD) {
        final int len = s.len, e = s.e, n = s.n, chunk = s.chunk, w = c1 - c0, nw = n * w, vl = F.length();
        final float[] u = s.u, dl = s.delta, at = s.at, bm = s.bm, cm = s.cm, dd = s.d, gy = s.gy;
        final int cl = Math.min(chunk, len);
        // scratch: states of a chunk [cl + 1][n][w] | exp(delta A) of the chunk [cl][n][w] | carry [n][w] |
        // gA [n][w] | gD [w] | gBm lanes [n][vl] | gCm lanes [n][vl]
        final int ab = (cl + 1) * nw, ca = ab + cl * nw, ga = ca + nw, gd = ga + nw, lb = gd + w, lc = lb + n * vl;
        Arrays.fill(sc, ca, lc + n * vl, 0f);
        for (int kc = s.nChunks - 1; kc >= 0; kc--) {
            int t0 = kc * chunk, t1 = Math.min(len, t0 + chunk);
            s.loadCheckpoint(bi, kc, c0, c1, sc, 0);
            for (int t = t0; t < t1; t++) {
                int row = (bi * len + t) * e, bt = (bi * len + t) * n, hp = (t - t0) * nw;
                for (int j = 0; j < w; j += vl) {
                    int c = c0 + j;
                    FloatVector dt = FloatVector.fromArray(F, dl, s.deltaO + row + c);
                    FloatVector du = dt.mul(FloatVector.fromArray(F, u, s.uo + row + c));
                    for (int k = 0, hi = hp + j; k < n; k++, hi += w) {
                        FloatVector a = dt.mul(FloatVector.fromArray(F, at, k * e + c)).lanewise(VectorOperators.EXP);
                        a.intoArray(sc, ab + hi);
                        a.fma(FloatVector.fromArray(F, sc, hi), du.mul(bm[s.bmO + bt + k])).intoArray(sc, hi + nw);
                    }
                }
            }
            for (int t = t1 - 1; t >= t0; t--) {
                int row = (bi * len + t) * e, bt = (bi * len + t) * n, hp = (t - t0) * nw;
                for (int j = 0; j < w; j += vl) {
                    int c = c0 + j;
                    FloatVector dy = FloatVector.fromArray(F, gy, s.gyo + row + c);
                    FloatVector dt = FloatVector.fromArray(F, dl, s.deltaO + row + c);
                    FloatVector uu = FloatVector.fromArray(F, u, s.uo + row + c);
                    FloatVector du = dt.mul(uu), gdA = FloatVector.zero(F), gub = gdA;
                    for (int k = 0, hi = hp + j; k < n; k++, hi += w) {
                        FloatVector av = FloatVector.fromArray(F, at, k * e + c);
                        FloatVector a = FloatVector.fromArray(F, sc, ab + hi);
                        int ci = ca + k * w + j, ai = ga + k * w + j, bl = lb + k * vl, cli = lc + k * vl;
                        FloatVector dh = dy.fma(FloatVector.broadcast(F, cm[s.cmO + bt + k]),
                                FloatVector.fromArray(F, sc, ci));
                        dy.fma(FloatVector.fromArray(F, sc, hi + nw), FloatVector.fromArray(F, sc, cli))
                                .intoArray(sc, cli);
                        FloatVector g = dh.mul(FloatVector.fromArray(F, sc, hi)).mul(a); // dAbar * Abar
                        gdA = g.fma(av, gdA);
                        gub = dh.fma(FloatVector.broadcast(F, bm[s.bmO + bt + k]), gub);
                        dh.fma(du, FloatVector.fromArray(F, sc, bl)).intoArray(sc, bl);
                        g.fma(dt, FloatVector.fromArray(F, sc, ai)).intoArray(sc, ai);
                        a.mul(dh).intoArray(sc, ci);
                    }
                    uu.fma(gub, gdA).intoArray(s.gDelta, s.gDeltaO + row + c);
                    FloatVector gui = dt.mul(gub);
                    if (dd != null) gui = FloatVector.fromArray(F, dd, s.dO + c).fma(dy, gui);
                    gui.intoArray(s.gu, s.guo + row + c);
                    if (gD != null)
                        dy.fma(uu, FloatVector.fromArray(F, sc, gd + j)).intoArray(sc, gd + j);
                }
                for (int k = 0; k < n; k++) {
                    int o = t * n + k, bl = lb + k * vl, cli = lc + k * vl;
                    float vb = FloatVector.fromArray(F, sc, bl).reduceLanes(VectorOperators.ADD);
                    float vc = FloatVector.fromArray(F, sc, cli).reduceLanes(VectorOperators.ADD);
                    if (accumulate) {
                        gb[gbo + o] += vb;
                        gc[gco + o] += vc;
                    } else {
                        gb[gbo + o] = vb;
                        gc[gco + o] = vc;
                    }
                    FloatVector.zero(F).intoArray(sc, bl);
                    FloatVector.zero(F).intoArray(sc, cli);
                }
            }
        }
        for (int c = c0; c < c1; c++) {
            int j = c - c0;
            for (int k = 0; k < n; k++) gA[(bi * e + c) * n + k] = sc[ga + k * w + j];
            if (gD != null) gD[bi * e + c] = sc[gd + j];
        }
    }

    @Override
    public void convForward(float[] x, int xo, float[] wt, float[] bias, int bo, float[] y, int yo,
                            int len, int ch, int k, int r0, int r1) {
        int vl = F.length(), upper = F.loopBound(ch);
        for (int r = r0; r < r1; r++) {
            int t = r % len, j0 = Math.max(0, k - 1 - t), base = xo + (r - (k - 1)) * ch;
            int c = 0;
            for (; c < upper; c += vl) {
                FloatVector acc = bias == null ? FloatVector.zero(F) : FloatVector.fromArray(F, bias, bo + c);
                for (int j = j0; j < k; j++)
                    acc = FloatVector.fromArray(F, x, base + j * ch + c).fma(FloatVector.fromArray(F, wt, j * ch + c), acc);
                acc.intoArray(y, yo + r * ch + c);
            }
            for (; c < ch; c++) {
                float acc = bias == null ? 0f : bias[bo + c];
                for (int j = j0; j < k; j++) acc = Math.fma(x[base + j * ch + c], wt[j * ch + c], acc);
                y[yo + r * ch + c] = acc;
            }
        }
    }

    @Override
    public void convBackward(float[] x, int xo, float[] wt, float[] gy, int gyo, float[] gx, int gxo,
                             int len, int ch, int k, int r0, int r1, float[] part, int po) {
        int vl = F.length(), upper = F.loopBound(ch);
        for (int r = r0; r < r1; r++) {
            int t = r % len;
            int j0 = Math.max(0, t + k - len), base = gyo + (r + k - 1) * ch;
            int c = 0;
            for (; c < upper; c += vl) {
                FloatVector acc = FloatVector.zero(F);
                for (int j = j0; j < k; j++)
                    acc = FloatVector.fromArray(F, gy, base - j * ch + c).fma(FloatVector.fromArray(F, wt, j * ch + c), acc);
                acc.intoArray(gx, gxo + r * ch + c);
            }
            for (; c < ch; c++) {
                float acc = 0f;
                for (int j = j0; j < k; j++) acc = Math.fma(gy[base - j * ch + c], wt[j * ch + c], acc);
                gx[gxo + r * ch + c] = acc;
            }
            if (part == null) continue;
            int jw = Math.max(0, k - 1 - t), xb = xo + (r - (k - 1)) * ch, pb = po + k * ch, gr = gyo + r * ch;
            c = 0;
            for (; c < upper; c += vl) {
                FloatVector g = FloatVector.fromArray(F, gy, gr + c);
                FloatVector.fromArray(F, part, pb + c).add(g).intoArray(part, pb + c);
                for (int j = jw; j < k; j++) {
                    int pi = po + j * ch + c;
                    g.fma(FloatVector.fromArray(F, x, xb + j * ch + c), FloatVector.fromArray(F, part, pi))
                            .intoArray(part, pi);
                }
            }
            for (; c < ch; c++) {
                float g = gy[gr + c];
                part[pb + c] += g;
                for (int j = jw; j < k; j++) part[po + j * ch + c] = Math.fma(g, x[xb + j * ch + c], part[po + j * ch + c]);
            }
        }
    }
}
