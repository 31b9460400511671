package org.genex.tensor.cpu;

import static org.genex.tensor.cpu.Species.F;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * {@link ScanOps} on the Vector API: every step processes its channels {@link Species#F} lanes at a time, with
 * the states as [state][channel] rows. Channels past the last full vector go to {@link ScalarScanOps} (the scan)
 * or a scalar tail loop (the convolution). The backward recomputes each state with exactly the forward's
 * operations, so chunked and unchunked backward passes give the same bits. Loaded only on the vector path.
 *
 * <p>The results do not depend on how warm the JIT is (see {@link VectorMath}): the decay factors exp(delta A)
 * are {@link VectorMath#exp}'s Cephes polynomial, repeated inline in the step loop, not
 * {@code VectorOperators.EXP} (whose compiled and interpreted values differ in the last bit), and the Bm and Cm
 * gradients add their lanes in a fixed pairwise order, not by {@code reduceLanes(ADD)} (whose order is
 * unspecified). Forward and recomputation share one step method; no vector crosses a call.
 */
final class VectorScanOps implements ScanOps {
    private final ScalarScanOps tail = new ScalarScanOps();

    @Override
    public void forward(ScanArgs s, int bi, int c0, int c1, float[] h) {
        int cv = c0 + F.loopBound(c1 - c0);
        if (cv > c0) forwardVectors(s, bi, c0, cv, h);
        if (cv < c1) tail.forward(s, bi, cv, c1, h);
    }

    /**
     * The forward over channels [c0, c1), a whole number of vectors. Scratch: the state [n][w] | exp(delta A) of
     * the step [n][w].
     */
    private static void forwardVectors(ScanArgs s, int bi, int c0, int c1, float[] h) {
        final int len = s.len, e = s.e, n = s.n, chunk = s.chunk, w = c1 - c0;
        Arrays.fill(h, 0, n * w, 0f);
        for (int t = 0; t < len; t++) {
            if (s.ck != null && t % chunk == 0) s.saveCheckpoint(bi, t / chunk, c0, c1, h, 0);
            int row = (bi * len + t) * e;
            step(s, row, (bi * len + t) * n, c0, w, h, 0, 0, n * w, s.y, s.yo + row + c0);
        }
    }

    // exp(delta A) is VectorMath.exp's Cephes expf, repeated here inline (a separate array-to-array pass of exp
    // made the forward twice as slow); ScanKernelsTest checks that the two agree bit for bit
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = 0x4B400000;
    private static final float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f,
            P3 = 4.1665795894E-2f, P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;

    /**
     * One step of the recurrence for the channels [c0, c0 + w) (a whole number of vectors):
     * {@code h' = Abar h + delta u Bm} with {@code Abar = exp(delta A)}, and {@code y = sum_k Cm[k] h'[k] + D u}.
     * Reads h from {@code st[src ..]}, writes h' to {@code st[dst ..]} (each [n][w]; the same range in the forward),
     * Abar to {@code st[ab ..]} ([n][w]; the backward keeps it) and y to {@code out[oo ..]} (w floats). The forward
     * and the backward's recomputation both run this method, so their states agree bit for bit.
     */
    private static void step(ScanArgs s, int row, int bt, int c0, int w, float[] st, int src, int dst, int ab,
                             float[] out, int oo) {
        final int n = s.n, e = s.e, vl = F.length();
        final float[] u = s.u, dl = s.delta, at = s.at, bm = s.bm, cm = s.cm, dd = s.d;
        for (int j = 0; j < w; j += vl) {
            int c = c0 + j;
            FloatVector dt = FloatVector.fromArray(F, dl, s.deltaO + row + c);
            FloatVector uu = FloatVector.fromArray(F, u, s.uo + row + c);
            FloatVector du = dt.mul(uu);
            FloatVector acc = dd == null ? FloatVector.zero(F) : FloatVector.fromArray(F, dd, s.dO + c).mul(uu);
            for (int k = 0, hi = j; k < n; k++, hi += w) {
                // Abar = exp(x), x = delta A: x = k ln2 + r, exp(r) by the polynomial, times 2^k in two halves
                FloatVector x = dt.mul(FloatVector.fromArray(F, at, k * e + c)).max(-104f).min(89f);
                FloatVector t = x.fma(LOG2E, ROUNDER);
                FloatVector kf = t.sub(ROUNDER);
                FloatVector r = kf.fma(FloatVector.broadcast(F, -LN2_LO), kf.fma(FloatVector.broadcast(F, -LN2_HI), x));
                FloatVector p = r.fma(P0, P1).fma(r, FloatVector.broadcast(F, P2)).fma(r, FloatVector.broadcast(F, P3))
                        .fma(r, FloatVector.broadcast(F, P4)).fma(r, FloatVector.broadcast(F, P5));
                IntVector ki = t.reinterpretAsInts().sub(ROUNDER_BITS);
                IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
                FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
                FloatVector s2 = ki.sub(k1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
                FloatVector a = p.fma(r.mul(r), r).add(1f).mul(s1).mul(s2);
                a.intoArray(st, ab + hi);
                FloatVector hv = a.fma(FloatVector.fromArray(F, st, src + hi), du.mul(bm[s.bmO + bt + k]));
                hv.intoArray(st, dst + hi);
                acc = hv.fma(FloatVector.broadcast(F, cm[s.cmO + bt + k]), acc);
            }
            acc.intoArray(out, oo + j);
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
        // gA [n][w] | gD [w] | the recomputed y, unused [w] | gBm lanes [n][vl] | gCm lanes [n][vl]
        final int ab = (cl + 1) * nw, ca = ab + cl * nw, ga = ca + nw, gd = ga + nw, yd = gd + w, lb = yd + w;
        final int lc = lb + n * vl;
        Arrays.fill(sc, ca, lc + n * vl, 0f);
        for (int kc = s.nChunks - 1; kc >= 0; kc--) {
            int t0 = kc * chunk, t1 = Math.min(len, t0 + chunk);
            s.loadCheckpoint(bi, kc, c0, c1, sc, 0);
            for (int t = t0; t < t1; t++) {      // sc[tt + 1] = h[t0 + tt] from sc[tt], by the forward's step
                int row = (bi * len + t) * e, hp = (t - t0) * nw;
                step(s, row, (bi * len + t) * n, c0, w, sc, hp, hp + nw, ab + hp, sc, yd);
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
                    int o = t * n + k;
                    float vb = sumLanes(sc, lb + k * vl), vc = sumLanes(sc, lc + k * vl);
                    if (accumulate) {
                        gb[gbo + o] += vb;
                        gc[gco + o] += vc;
                    } else {
                        gb[gbo + o] = vb;
                        gc[gco + o] = vc;
                    }
                }
            }
        }
        for (int c = c0; c < c1; c++) {
            int j = c - c0;
            for (int k = 0; k < n; k++) gA[(bi * e + c) * n + k] = sc[ga + k * w + j];
            if (gD != null) gD[bi * e + c] = sc[gd + j];
        }
    }

    /**
     * The sum of the L lanes {@code a[o .. o + L)} in {@link VectorMath#sumLanes}'s fixed pairwise order (lane
     * i + L/2 into lane i, and so on: lane 0 of the vector after adding each rotation of {@link Species#FOLDS}), leaving
     * them zero for the next step.
     */
    private static float sumLanes(float[] a, int o) {
        FloatVector v = FloatVector.fromArray(F, a, o);
        for (VectorShuffle<Float> f : Species.FOLDS) v = v.add(v.rearrange(f));
        FloatVector.zero(F).intoArray(a, o);
        return v.lane(0);
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
