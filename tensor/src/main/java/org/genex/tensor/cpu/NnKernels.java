package org.genex.tensor.cpu;

import static org.genex.tensor.cpu.NnChecks.arg;
import static org.genex.tensor.cpu.NnChecks.outputs;

import java.util.Arrays;
import org.genex.tensor.*;

/**
 * Fused layer kernels: layer norm, RMS norm, cross-entropy, im2col/col2im.
 *
 * <p>The norms and the cross-entropy work row by row (a row is the last axis); the row loops live in
 * {@link NnRowOps}, vectorised over the row. Rows are spread over {@link Parallel} in fixed chunks of rows. The
 * parameter gradients of the norms (a sum over rows) are accumulated per chunk into a scratch buffer allocated once
 * per call and added into {@code gGamma} / {@code gBeta} in chunk order, so results are bit-identical for any thread
 * count.
 *
 * <p>im2col and col2im only move data (col2im adds): they are plain Java on both paths and give the same bits on
 * both. col2im gathers: each task owns rows of {@code x} and adds their contributions in increasing output
 * position, so it is deterministic too.
 */
final class NnKernels {
    /** About this many elements of work per parallel task. */
    private static final int GRAIN = 32_768;
    /** At most this many row chunks (and partial parameter-gradient buffers) in a norm backward. */
    private static final int MAX_PARTIALS = 64;

    private final NnRowOps ops;

    NnKernels(boolean simd) {
        this.ops = NnRowOps.create(simd);
    }

    // ------------------------------------------------------------------------------------------------ layer norm

    /**
     * x, y [.., d]; gamma, beta [d] or null; mean, rstd: one value per row (any shape of that size) or null when
     * no backward follows. mean = sum(x) / d, var = sum((x - mean)^2) / d (two passes), rstd = 1/sqrt(var + eps).
     */
    void layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor rstd) {
        String op = "layerNorm";
        int d = lastDim(op, x);
        int rows = x.shape().outer(-1);
        Shape pd = Shape.of(d);
        if (gamma != null) NnChecks.shape(op, "gamma", gamma, pd);
        if (beta != null) NnChecks.shape(op, "beta", beta, pd);
        NnChecks.shape(op, "y", y, x.shape());
        if (mean != null) NnChecks.size(op, "mean", mean, rows, "one per row of x " + x.shape());
        if (rstd != null) NnChecks.size(op, "rstd", rstd, rows, "one per row of x " + x.shape());
        NnChecks.noOverlaps(op, outputs(arg("y", y), arg("mean", mean), arg("rstd", rstd)),
                arg("x", x), arg("gamma", gamma), arg("beta", beta));
        if (rows == 0) return;
        float[] xa = x.array(), ya = y.array();
        float[] ga = gamma == null ? null : gamma.array(), ba = beta == null ? null : beta.array();
        float[] ma = mean == null ? null : mean.array(), ra = rstd == null ? null : rstd.array();
        int xo = x.offset(), yo = y.offset(), go = gamma == null ? 0 : gamma.offset(), bo = beta == null ? 0 : beta.offset();
        int mo = mean == null ? 0 : mean.offset(), ro = rstd == null ? 0 : rstd.offset();
        Parallel.forRange(rows, rowGrain(d), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int off = r * d;
                float m = ops.sum(xa, xo + off, d) / d;
                float var = ops.sumSquaredDeviations(xa, xo + off, d, m) / d;
                float rs = invSqrt(var, eps);
                ops.normalize(xa, xo + off, d, m, rs, ga, go, ba, bo, ya, yo + off);
                if (ma != null) ma[mo + r] = m;
                if (ra != null) ra[ro + r] = rs;
            }
        });
    }

    /**
     * With xhat = (x - mean) * rstd and h = gy * gamma:
     * {@code gx = rstd * (h - mean(h) - xhat * mean(h * xhat))}, {@code gGamma += sum_rows gy * xhat},
     * {@code gBeta += sum_rows gy}.
     */
    void layerNormBackward(Tensor gy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd, Tensor gx, Tensor gGamma,
                           Tensor gBeta) {
        normBackward("layerNormBackward", true, gy, x, gamma, mean, rstd, gx, gGamma, gBeta);
    }

    // ------------------------------------------------------------------------------------------------ RMS norm

    /** x, y [.., d]; gamma [d] or null; rstd one value per row or null. rstd = 1/sqrt(sum(x^2) / d + eps). */
    void rmsNorm(Tensor x, Tensor gamma, float eps, Tensor y, Tensor rstd) {
        String op = "rmsNorm";
        int d = lastDim(op, x);
        int rows = x.shape().outer(-1);
        if (gamma != null) NnChecks.shape(op, "gamma", gamma, Shape.of(d));
        NnChecks.shape(op, "y", y, x.shape());
        if (rstd != null) NnChecks.size(op, "rstd", rstd, rows, "one per row of x " + x.shape());
        NnChecks.noOverlaps(op, outputs(arg("y", y), arg("rstd", rstd)), arg("x", x), arg("gamma", gamma));
        if (rows == 0) return;
        float[] xa = x.array(), ya = y.array(), ga = gamma == null ? null : gamma.array();
        float[] ra = rstd == null ? null : rstd.array();
        int xo = x.offset(), yo = y.offset(), go = gamma == null ? 0 : gamma.offset(), ro = rstd == null ? 0 : rstd.offset();
        Parallel.forRange(rows, rowGrain(d), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int off = r * d;
                float ms = ops.sumSquaredDeviations(xa, xo + off, d, 0f) / d;
                float rs = invSqrt(ms, eps);
                ops.normalize(xa, xo + off, d, 0f, rs, ga, go, null, 0, ya, yo + off);
                if (ra != null) ra[ro + r] = rs;
            }
        });
    }

    /** With xhat = x * rstd, h = gy * gamma: {@code gx = rstd * (h - xhat * mean(h * xhat))}, gGamma += sum gy * xhat. */
    void rmsNormBackward(Tensor gy, Tensor x, Tensor gamma, Tensor rstd, Tensor gx, Tensor gGamma) {
        normBackward("rmsNormBackward", false, gy, x, gamma, null, rstd, gx, gGamma, null);
    }

    /** The backward of both norms; {@code centered} for layer norm (mean subtracted), not for RMS norm. */
    private void normBackward(String op, boolean centered, Tensor gy, Tensor x, Tensor gamma, Tensor mean,
                              Tensor rstd, Tensor gx, Tensor gGamma, Tensor gBeta) {
        int d = lastDim(op, x);
        int rows = x.shape().outer(-1);
        Shape pd = Shape.of(d);
        NnChecks.shape(op, "gy", gy, x.shape());
        if (gamma != null) NnChecks.shape(op, "gamma", gamma, pd);
        if (centered) NnChecks.size(op, "mean", mean, rows, "one per row of x " + x.shape());
        NnChecks.size(op, "rstd", rstd, rows, "one per row of x " + x.shape());
        NnChecks.shape(op, "gx", gx, x.shape());
        if (gGamma != null) NnChecks.shape(op, "gGamma", gGamma, pd);
        if (gBeta != null) NnChecks.shape(op, "gBeta", gBeta, pd);
        NnChecks.noOverlaps(op, outputs(arg("gx", gx), arg("gGamma", gGamma), arg("gBeta", gBeta)),
                arg("gy", gy), arg("x", x), arg("gamma", gamma), arg("mean", mean), arg("rstd", rstd));
        if (rows == 0 || d == 0) return;

        float[] gya = gy.array(), xa = x.array(), gxa = gx.array(), ra = rstd.array();
        float[] ga = gamma == null ? null : gamma.array(), ma = centered ? mean.array() : null;
        int gyo = gy.offset(), xo = x.offset(), gxo = gx.offset(), ro = rstd.offset();
        int go = gamma == null ? 0 : gamma.offset(), mo = centered ? mean.offset() : 0;
        boolean wantG = gGamma != null, wantB = gBeta != null, params = wantG || wantB;

        // rows per chunk: enough work per task, and at most MAX_PARTIALS partial buffers of 2 d floats
        int grain = params ? Math.max(rowGrain(d), (rows + MAX_PARTIALS - 1) / MAX_PARTIALS) : rowGrain(d);
        int chunks = Parallel.chunks(rows, grain);
        float[] part = params ? new float[chunks * 2 * d] : null; // [chunk][gGamma d | gBeta d]
        Parallel.forEach(chunks, ci -> {
            int r0 = ci * grain, r1 = Math.min(rows, r0 + grain);
            int po = ci * 2 * d;
            for (int r = r0; r < r1; r++) {
                int off = r * d;
                float m = centered ? ma[mo + r] : 0f, rs = ra[ro + r];
                float a = centered ? ops.weightedSum(gya, gyo + off, ga, go, d) / d : 0f;
                float c = ops.gainCenteredDot(gya, gyo + off, ga, go, xa, xo + off, m, d) * rs / d;
                ops.normBackward(gya, gyo + off, ga, go, xa, xo + off, d, m, rs, a, c, gxa, gxo + off);
                if (params)
                    ops.normParamGrads(gya, gyo + off, xa, xo + off, d, m, rs,
                            wantG ? part : null, po, wantB ? part : null, po + d);
            }
        });
        if (!params) return;
        for (int ci = 0; ci < chunks; ci++) {
            if (wantG) ops.add(part, ci * 2 * d, gGamma.array(), gGamma.offset(), d);
            if (wantB) ops.add(part, ci * 2 * d + d, gBeta.array(), gBeta.offset(), d);
        }
    }

    // ------------------------------------------------------------------------------------------------ cross-entropy

    /**
     * Per row i with target t != ignoreIndex: logp = logSoftmax(logits[i]),
     * {@code loss = (1 - s) w[t] (-logp[t]) + (s / c) sum_j w[j] (-logp[j])} (the smoothing term only when s > 0).
     */
    void crossEntropy(Tensor logits, int[] targets, Tensor weights, int ignoreIndex, float labelSmoothing,
                      Tensor losses, Tensor logProbs) {
        String op = "crossEntropy";
        NnChecks.cpu(op, "logits", logits);
        if (logits.rank() != 2)
            throw new IllegalArgumentException(op + ": logits must be [n, classes], got " + logits.shape());
        int n = logits.dim(0), c = logits.dim(1);
        checkCrossEntropyArgs(op, n, c, targets, weights, ignoreIndex, labelSmoothing);
        NnChecks.size(op, "losses", losses, n, "one per row of logits " + logits.shape());
        NnChecks.shape(op, "logProbs", logProbs, logits.shape());
        NnChecks.noOverlaps(op, outputs(arg("losses", losses), arg("logProbs", logProbs)),
                arg("logits", logits), arg("weights", weights));
        if (n == 0) return;
        float[] za = logits.array(), la = losses.array(), pa = logProbs.array();
        float[] wa = weights == null ? null : weights.array();
        int zo = logits.offset(), lo = losses.offset(), po = logProbs.offset(), wo = weights == null ? 0 : weights.offset();
        float s = labelSmoothing;
        Parallel.forRange(n, rowGrain(c), (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int off = i * c;
                float m = ops.max(za, zo + off, c);
                float logSum = (float) Math.log(ops.sumExp(za, zo + off, c, m, pa, po + off)); // pa: scratch
                ops.logSoftmax(za, zo + off, c, m, logSum, pa, po + off);
                int t = targets[i];
                if (t == ignoreIndex) {
                    la[lo + i] = 0f;
                    continue;
                }
                float wt = wa == null ? 1f : wa[wo + t];
                float loss = -((1 - s) * wt * pa[po + off + t]);
                if (s != 0) loss -= s / c * ops.weightedSum(pa, po + off, wa, wo, c);
                la[lo + i] = loss;
            }
        });
    }

    /**
     * With p = exp(logp) and W = sum_j w[j]: {@code gLogits[i, j] = gLoss[i] * (((1 - s) w[t] + (s / c) W) p[j]
     * - (s / c) w[j] - (1 - s) w[t] [j == t])}; rows with an ignored target get 0.
     */
    void crossEntropyBackward(Tensor logProbs, int[] targets, Tensor weights, int ignoreIndex, float labelSmoothing,
                              Tensor gLoss, Tensor gLogits) {
        String op = "crossEntropyBackward";
        NnChecks.cpu(op, "logProbs", logProbs);
        if (logProbs.rank() != 2)
            throw new IllegalArgumentException(op + ": logProbs must be [n, classes], got " + logProbs.shape());
        int n = logProbs.dim(0), c = logProbs.dim(1);
        checkCrossEntropyArgs(op, n, c, targets, weights, ignoreIndex, labelSmoothing);
        NnChecks.size(op, "gLoss", gLoss, n, "one per row of logProbs " + logProbs.shape());
        NnChecks.shape(op, "gLogits", gLogits, logProbs.shape());
        NnChecks.noOverlaps(op, outputs(arg("gLogits", gLogits)),
                arg("logProbs", logProbs), arg("weights", weights), arg("gLoss", gLoss));
        if (n == 0) return;
        float[] pa = logProbs.array(), wa = weights == null ? null : weights.array();
        float[] gla = gLoss.array(), ga = gLogits.array();
        int po = logProbs.offset(), wo = weights == null ? 0 : weights.offset(), glo = gLoss.offset(), go = gLogits.offset();
        float s = labelSmoothing;
        double wsum = c;
        if (wa != null) {
            wsum = 0;
            for (int j = 0; j < c; j++) wsum += wa[wo + j];
        }
        float sw = (float) (s / c * wsum); // (s / c) W
        Parallel.forRange(n, rowGrain(c), (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int off = i * c, t = targets[i];
                if (t == ignoreIndex) {
                    Arrays.fill(ga, go + off, go + off + c, 0f);
                    continue;
                }
                float gl = gla[glo + i];
                float wt = wa == null ? 1f : wa[wo + t];
                float hard = (1 - s) * wt;
                ops.crossEntropyGrad(pa, po + off, c, gl * (hard + sw), gl * (s / c), wa, wo, ga, go + off);
                ga[go + off + t] -= gl * hard;
            }
        });
    }

    /** The cross-entropy arguments other than the tensors' shapes: the shared contract, then weights on the host. */
    private static void checkCrossEntropyArgs(String op, int n, int c, int[] targets, Tensor weights,
                                              int ignoreIndex, float labelSmoothing) {
        ArgChecks.crossEntropy(op, n, c, targets, weights, ignoreIndex, labelSmoothing);
        if (weights != null) NnChecks.cpu(op, "weights", weights);
    }

    // ------------------------------------------------------------------------------------------------ im2col

    /**
     * x [b, c, h, w] to cols [b, oh * ow, c * kh * kw]: {@code cols[bi, oy * ow + ox, (ch * kh + ky) * kw + kx] =
     * x[bi, ch, oy * strideH - padH + ky, ox * strideW - padW + kx]}, 0 outside the image. Parallel over
     * (bi, oy).
     */
    void im2col(Tensor x, int kh, int kw, int strideH, int strideW, int padH, int padW, Tensor cols) {
        String op = "im2col";
        Conv g = Conv.of(op, x, "x", kh, kw, strideH, strideW, padH, padW);
        NnChecks.shape(op, "cols", cols, g.colsShape());
        NnChecks.noOverlap(op, "cols", cols, "x", x);
        if (cols.size() == 0) return;
        float[] xa = x.array(), ca = cols.array();
        int xo = x.offset(), co = cols.offset();
        int K = g.c * kh * kw;
        int tasks = g.b * g.oh;
        Parallel.forRange(tasks, Math.max(1, GRAIN / Math.max(1, g.ow * K)), (t0, t1) -> {
            for (int task = t0; task < t1; task++) {
                int bi = task / g.oh, oy = task % g.oh;
                for (int ox = 0; ox < g.ow; ox++) {
                    int row = co + (task * g.ow + ox) * K;
                    int ix0 = ox * strideW - padW;
                    int lo = Math.max(0, -ix0), hi = Math.min(kw, g.w - ix0); // valid kx in [lo, hi)
                    for (int ch = 0; ch < g.c; ch++) {
                        for (int ky = 0; ky < kh; ky++) {
                            int dst = row + (ch * kh + ky) * kw;
                            int iy = oy * strideH - padH + ky;
                            if (iy < 0 || iy >= g.h || hi <= lo) {
                                Arrays.fill(ca, dst, dst + kw, 0f);
                                continue;
                            }
                            int src = xo + ((bi * g.c + ch) * g.h + iy) * g.w + ix0;
                            for (int kx = 0; kx < lo; kx++) ca[dst + kx] = 0f;
                            for (int kx = lo; kx < hi; kx++) ca[dst + kx] = xa[src + kx];
                            for (int kx = hi; kx < kw; kx++) ca[dst + kx] = 0f;
                        }
                    }
                }
            }
        });
    }

    /**
     * The adjoint of {@link #im2col}: {@code x[bi, ch, iy, ix] += cols[..]} for every column entry that reads that
     * pixel. Parallel over the rows (bi, ch, iy) of x; each pixel adds its contributions in increasing (oy, ox).
     */
    void col2im(Tensor cols, int kh, int kw, int strideH, int strideW, int padH, int padW, Tensor x) {
        String op = "col2im";
        Conv g = Conv.of(op, x, "x", kh, kw, strideH, strideW, padH, padW);
        NnChecks.shape(op, "cols", cols, g.colsShape());
        NnChecks.noOverlap(op, "x", x, "cols", cols);
        if (x.size() == 0 || cols.size() == 0) return;
        float[] xa = x.array(), ca = cols.array();
        int xo = x.offset(), co = cols.offset();
        int K = g.c * kh * kw;
        int rows = g.b * g.c * g.h;
        int rowWork = ((kh + strideH - 1) / strideH) * g.ow * kw + g.oh;
        Parallel.forRange(rows, Math.max(1, GRAIN / Math.max(1, rowWork)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int iy = r % g.h, bc = r / g.h, ch = bc % g.c, bi = bc / g.c;
                int xrow = xo + r * g.w;
                for (int oy = 0; oy < g.oh; oy++) {
                    int ky = iy + padH - oy * strideH;
                    if (ky < 0 || ky >= kh) continue;
                    int colBase = co + ((bi * g.oh + oy) * g.ow) * K + (ch * kh + ky) * kw;
                    for (int ox = 0; ox < g.ow; ox++) {
                        int ix0 = ox * strideW - padW;
                        int lo = Math.max(0, -ix0), hi = Math.min(kw, g.w - ix0);
                        int src = colBase + ox * K;
                        for (int kx = lo; kx < hi; kx++) xa[xrow + ix0 + kx] += ca[src + kx];
                    }
                }
            }
        });
    }

    /** The geometry of an im2col call, checked. */
    private record Conv(int b, int c, int h, int w, int kh, int kw, int oh, int ow) {
        static Conv of(String op, Tensor x, String name, int kh, int kw, int sh, int sw, int ph, int pw) {
            NnChecks.cpu(op, name, x);
            if (x.rank() != 4)
                throw new IllegalArgumentException(op + ": " + name + " must be [b, c, h, w], got " + x.shape());
            if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || ph < 0 || pw < 0)
                throw new IllegalArgumentException(op + ": kernel " + kh + "x" + kw + ", stride " + sh + "x" + sw
                        + ", padding " + ph + "x" + pw + ": kernel and stride must be >= 1, padding >= 0");
            int h = x.dim(2), w = x.dim(3);
            if (h + 2L * ph < kh || w + 2L * pw < kw)
                throw new IllegalArgumentException(op + ": kernel " + kh + "x" + kw + " is larger than the padded "
                        + "image (" + h + " + 2*" + ph + ") x (" + w + " + 2*" + pw + ") of " + name + " " + x.shape());
            int oh = (int) ((h + 2L * ph - kh) / sh + 1), ow = (int) ((w + 2L * pw - kw) / sw + 1);
            long rows = (long) oh * ow, k = (long) x.dim(1) * kh * kw;
            if (rows * x.dim(0) * k > Integer.MAX_VALUE || rows > Integer.MAX_VALUE || k > Integer.MAX_VALUE)
                throw new IllegalArgumentException(op + ": the columns of " + name + " " + x.shape() + " for kernel "
                        + kh + "x" + kw + " would have more than 2^31-1 elements");
            return new Conv(x.dim(0), x.dim(1), h, w, kh, kw, oh, ow);
        }

        Shape colsShape() { return Shape.of(b, oh * ow, c * kh * kw); }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The last axis of {@code x}, which must have rank >= 1. */
    private static int lastDim(String op, Tensor x) {
        NnChecks.cpu(op, "x", x);
        if (x.rank() == 0) throw new IllegalArgumentException(op + ": x must have rank >= 1, got a scalar");
        return x.dim(-1);
    }

    /** Rows per task for row kernels of length d. */
    private static int rowGrain(int d) { return Math.max(1, GRAIN / Math.max(1, d)); }

    /** {@code 1 / sqrt(v + eps)}, in double, rounded once. */
    private static float invSqrt(float v, float eps) { return (float) (1.0 / Math.sqrt((double) v + eps)); }
}
