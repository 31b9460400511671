package org.genex.tensor.cpu;

import java.util.Arrays;

/**
 * {@link ScanOps} in plain Java: the reference path, and the channel tail of the vector path. All arithmetic is
 * float (exp in double, rounded once); the backward recomputes each state with exactly the forward's operations,
 * so chunked and unchunked backward passes give the same bits.
 */
final class ScalarScanOps implements ScanOps {

    @Override
    public void forward(ScanArgs s, int bi, int c0, int c1, float[] h) {
        final int len = s.len, e = s.e, n = s.n, chunk = s.chunk, w = c1 - c0;
        final float[] u = s.u, dl = s.delta, at = s.at, bm = s.bm, cm = s.cm, dd = s.d, y = s.y;
        Arrays.fill(h, 0, n * w, 0f);
        for (int t = 0; t < len; t++) {
            if (s.ck != null && t % chunk == 0) s.saveCheckpoint(bi, t / chunk, c0, c1, h, 0);
            int row = (bi * len + t) * e, bt = (bi * len + t) * n;
            for (int c = c0; c < c1; c++) {
                float dt = dl[s.deltaO + row + c], uu = u[s.uo + row + c], du = dt * uu;
                float acc = dd == null ? 0f : dd[s.dO + c] * uu;
                for (int k = 0, hi = c - c0; k < n; k++, hi += w) {
                    float a = (float) Math.exp(dt * at[k * e + c]);
                    float hv = a * h[hi] + du * bm[s.bmO + bt + k];
                    h[hi] = hv;
                    acc += cm[s.cmO + bt + k] * hv;
                }
                y[s.yo + row + c] = acc;
            }
        }
    }

    @Override
    public void backward(ScanArgs s, int bi, int c0, int c1, float[] sc, float[] gb, int gbo, float[] gc, int gco,
                         boolean accumulate, float[] gA, float[] gD) {
        final int len = s.len, e = s.e, n = s.n, chunk = s.chunk, w = c1 - c0, nw = n * w;
        final float[] u = s.u, dl = s.delta, at = s.at, bm = s.bm, cm = s.cm, dd = s.d, gy = s.gy;
        final int cl = Math.min(chunk, len);
        // scratch: states of a chunk [cl + 1][n][w] | exp(delta A) of the chunk [cl][n][w] | carry [n][w] |
        // gA [n][w] | gD [w] | gBm sums [n] | gCm sums [n]
        final int ab = (cl + 1) * nw, ca = ab + cl * nw, ga = ca + nw, gd = ga + nw, lb = gd + w, lc = lb + n;
        Arrays.fill(sc, ca, lc + n, 0f);
        for (int kc = s.nChunks - 1; kc >= 0; kc--) {
            int t0 = kc * chunk, t1 = Math.min(len, t0 + chunk);
            s.loadCheckpoint(bi, kc, c0, c1, sc, 0);
            // recompute the states of the chunk: sc[tt + 1] = h[t0 + tt] from sc[tt], with the forward's operations
            for (int t = t0; t < t1; t++) {
                int row = (bi * len + t) * e, bt = (bi * len + t) * n, hp = (t - t0) * nw;
                for (int c = c0; c < c1; c++) {
                    float dt = dl[s.deltaO + row + c], du = dt * u[s.uo + row + c];
                    for (int k = 0, hi = hp + c - c0; k < n; k++, hi += w) {
                        float a = (float) Math.exp(dt * at[k * e + c]);
                        sc[ab + hi] = a;
                        sc[hi + nw] = a * sc[hi] + du * bm[s.bmO + bt + k];
                    }
                }
            }
            // reverse recurrence: dh[t] = gy[t] Cm[t] + Abar[t + 1] dh[t + 1]; the carry holds Abar[t + 1] dh[t + 1]
            for (int t = t1 - 1; t >= t0; t--) {
                int row = (bi * len + t) * e, bt = (bi * len + t) * n, hp = (t - t0) * nw;
                for (int c = c0; c < c1; c++) {
                    int j = c - c0;
                    float dy = gy[s.gyo + row + c], dt = dl[s.deltaO + row + c], uu = u[s.uo + row + c];
                    float du = dt * uu, gdA = 0f, gub = 0f;
                    for (int k = 0, hi = hp + j; k < n; k++, hi += w) {
                        float av = at[k * e + c], a = sc[ab + hi], bn = bm[s.bmO + bt + k];
                        int ci = ca + k * w + j;
                        float dh = dy * cm[s.cmO + bt + k] + sc[ci];
                        sc[lc + k] += dy * sc[hi + nw];
                        float g = dh * sc[hi] * a; // dAbar * Abar
                        gdA += g * av;
                        gub += dh * bn;
                        sc[lb + k] += dh * du;
                        sc[ga + k * w + j] += g * dt;
                        sc[ci] = a * dh;
                    }
                    s.gDelta[s.gDeltaO + row + c] = gdA + uu * gub;
                    float gui = dt * gub;
                    s.gu[s.guo + row + c] = dd == null ? gui : dd[s.dO + c] * dy + gui;
                    if (gD != null) sc[gd + j] += dy * uu;
                }
                for (int k = 0; k < n; k++) {
                    int o = t * n + k;
                    if (accumulate) {
                        gb[gbo + o] += sc[lb + k];
                        gc[gco + o] += sc[lc + k];
                    } else {
                        gb[gbo + o] = sc[lb + k];
                        gc[gco + o] = sc[lc + k];
                    }
                    sc[lb + k] = 0f;
                    sc[lc + k] = 0f;
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
        for (int r = r0; r < r1; r++) {
            int t = r % len, j0 = Math.max(0, k - 1 - t), base = (r - (k - 1)) * ch;
            for (int c = 0; c < ch; c++) {
                float acc = bias == null ? 0f : bias[bo + c];
                for (int j = j0; j < k; j++) acc += wt[j * ch + c] * x[xo + base + j * ch + c];
                y[yo + r * ch + c] = acc;
            }
        }
    }

    @Override
    public void convBackward(float[] x, int xo, float[] wt, float[] gy, int gyo, float[] gx, int gxo,
                             int len, int ch, int k, int r0, int r1, float[] part, int po) {
        for (int r = r0; r < r1; r++) {
            int t = r % len;
            // gx[r] = sum_j gy[r + (k - 1) - j] wt[j], for output steps t + (k - 1) - j < len
            int j0 = Math.max(0, t + k - len), base = (r + k - 1) * ch;
            for (int c = 0; c < ch; c++) {
                float acc = 0f;
                for (int j = j0; j < k; j++) acc += gy[gyo + base - j * ch + c] * wt[j * ch + c];
                gx[gxo + r * ch + c] = acc;
            }
            if (part == null) continue;
            int jw = Math.max(0, k - 1 - t), xb = (r - (k - 1)) * ch, pb = po + k * ch;
            for (int c = 0; c < ch; c++) {
                float g = gy[gyo + r * ch + c];
                part[pb + c] += g;
                for (int j = jw; j < k; j++) part[po + j * ch + c] += g * x[xo + xb + j * ch + c];
            }
        }
    }
}
