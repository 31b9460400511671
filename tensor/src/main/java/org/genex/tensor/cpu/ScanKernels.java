package org.genex.tensor.cpu;

import static org.genex.tensor.cpu.NnChecks.arg;
import static org.genex.tensor.cpu.NnChecks.outputs;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.genex.tensor.*;

/**
 * Sequence kernels for Mamba: the selective scan and the causal depthwise convolution (channels last).
 *
 * <h2>Selective scan</h2>
 * For each batch row and channel the state h[t, c, :] (n floats) follows the recurrence of
 * {@link Backend#selectiveScan}. The forward keeps only the current state of a block of {@link ScanOps#BLOCK}
 * channels in scratch, and saves it at the start of every chunk of {@code chunk} steps (the checkpoints). The
 * backward never stores h whole either: for each chunk, last first, it recomputes the states inside the chunk from
 * the chunk's checkpoint, keeping them and their decay factors exp(delta A) in scratch (2 x chunk x n x block
 * floats per running task), then runs the reverse recurrence across the chunk, carrying dh into the chunk before.
 * It never reconstructs h[t - 1] by dividing by exp(delta A).
 *
 * <h2>Parallel work and determinism</h2>
 * The forward runs one task per (batch row, block of 64 channels). The backward runs one task per (batch row,
 * group of blocks): the number of groups per row depends only on b and e (enough groups for ~16 tasks), a group's
 * blocks run in order and add their Bm/Cm gradients in that order, and the groups' partial sums (group 0 writes
 * the output, the others scratch buffers) are added in group order. The A and D gradients go per batch row into
 * scratch and are summed over rows in order. The convolution's weight and bias gradients are summed per fixed
 * chunk of rows and combined in chunk order. So every result is bit-identical for any thread count.
 */
final class ScanKernels {
    /** About this many elements of work per parallel task. */
    private static final int GRAIN = 32_768;
    /** The backward aims for at least this many (batch row, channel group) tasks. */
    private static final int TARGET_TASKS = 16;
    /** At most this many row chunks (and partial gradient buffers) in a convolution backward. */
    private static final int MAX_PARTIALS = 64;

    private final ScanOps ops;

    ScanKernels(boolean simd) {
        this.ops = ScanOps.create(simd);
    }

    // ------------------------------------------------------------------------------------------------ selective scan

    /** u, delta, y [b, L, e]; A [e, n]; Bm, Cm [b, L, n]; D [e] or null; checkpoints [b, ceil(L/chunk), e, n] or null. */
    void selectiveScan(Tensor u, Tensor delta, Tensor A, Tensor Bm, Tensor Cm, Tensor D, int chunk, Tensor y,
                       Tensor checkpoints) {
        String op = "selectiveScan";
        checkScanInputs(op, u, delta, A, Bm, Cm, D, chunk);
        NnChecks.shape(op, "y", y, u.shape());
        if (checkpoints != null) NnChecks.shape(op, "checkpoints", checkpoints, checkpointShape(u, A, chunk));
        NnChecks.noOverlaps(op, outputs(arg("y", y), arg("checkpoints", checkpoints)),
                arg("u", u), arg("delta", delta), arg("A", A), arg("Bm", Bm), arg("Cm", Cm), arg("D", D));
        int b = u.dim(0), len = u.dim(1), e = u.dim(2), n = A.dim(1);
        if (b == 0 || len == 0 || e == 0) return;
        ScanArgs s = new ScanArgs(u, delta, transpose(A), Bm, Cm, D, chunk, y, checkpoints, null, null, null);
        int blocks = ceilDiv(e, ScanOps.BLOCK);
        Scratch scratch = new Scratch(ScanOps.forwardScratch(n, ScanOps.BLOCK));
        Parallel.forEach(b * blocks, task -> {
            int bi = task / blocks, c0 = (task % blocks) * ScanOps.BLOCK;
            float[] h = scratch.take();
            try {
                ops.forward(s, bi, c0, Math.min(e, c0 + ScanOps.BLOCK), h);
            } finally {
                scratch.give(h);
            }
        });
    }

    /**
     * Gradients of u, delta, A, Bm, Cm and D (see {@link Backend#selectiveScanBackward}); gA and gD are added
     * into, the others overwritten; gD may be null (and must be when D is).
     */
    void selectiveScanBackward(Tensor u, Tensor delta, Tensor A, Tensor Bm, Tensor Cm, Tensor D, int chunk,
                               Tensor checkpoints, Tensor gy, Tensor gu, Tensor gDelta, Tensor gA, Tensor gBm,
                               Tensor gCm, Tensor gD) {
        String op = "selectiveScanBackward";
        checkScanInputs(op, u, delta, A, Bm, Cm, D, chunk);
        NnChecks.shape(op, "checkpoints", checkpoints, checkpointShape(u, A, chunk));
        NnChecks.shape(op, "gy", gy, u.shape());
        NnChecks.shape(op, "gu", gu, u.shape());
        NnChecks.shape(op, "gDelta", gDelta, u.shape());
        NnChecks.shape(op, "gA", gA, A.shape());
        NnChecks.shape(op, "gBm", gBm, Bm.shape());
        NnChecks.shape(op, "gCm", gCm, Cm.shape());
        if (gD != null) {
            if (D == null) throw new IllegalArgumentException(op + ": gD " + gD.shape() + " given but D is null");
            NnChecks.shape(op, "gD", gD, D.shape());
        }
        NnChecks.noOverlaps(op, outputs(arg("gu", gu), arg("gDelta", gDelta), arg("gA", gA), arg("gBm", gBm),
                        arg("gCm", gCm), arg("gD", gD)),
                arg("u", u), arg("delta", delta), arg("A", A), arg("Bm", Bm), arg("Cm", Cm), arg("D", D),
                arg("checkpoints", checkpoints), arg("gy", gy));
        int b = u.dim(0), len = u.dim(1), e = u.dim(2), n = A.dim(1);
        if (b == 0 || len == 0) return;
        if (e == 0) { // no channel contributes to the Bm and Cm gradients
            Arrays.fill(gBm.array(), gBm.offset(), gBm.offset() + gBm.size(), 0f);
            Arrays.fill(gCm.array(), gCm.offset(), gCm.offset() + gCm.size(), 0f);
            return;
        }
        ScanArgs s = new ScanArgs(u, delta, transpose(A), Bm, Cm, D, chunk, null, checkpoints, gy, gu, gDelta);

        // (batch row, group of blocks) tasks: the grouping depends on b and e only
        int blocks = ceilDiv(e, ScanOps.BLOCK);
        int groups = Math.min(blocks, Math.max(1, ceilDiv(TARGET_TASKS, b)));
        int perGroup = ceilDiv(blocks, groups);
        int nGroups = ceilDiv(blocks, perGroup);
        int bln = len * n;
        // groups after the first write their Bm/Cm gradient parts here: [group - 1][b][L][n]
        float[] partB = nGroups > 1 ? new float[(nGroups - 1) * b * bln] : null;
        float[] partC = nGroups > 1 ? new float[(nGroups - 1) * b * bln] : null;
        float[] partA = new float[b * e * n];                       // [b][e][n]
        float[] partD = gD != null ? new float[b * e] : null;       // [b][e]
        float[] gba = gBm.array(), gca = gCm.array();
        Scratch scratch = new Scratch(ScanOps.backwardScratch(n, ScanOps.BLOCK, Math.min(chunk, len)));
        Parallel.forEach(b * nGroups, task -> {
            int bi = task / nGroups, gi = task % nGroups;
            float[] tb = gi == 0 ? gba : partB, tc = gi == 0 ? gca : partC;
            int tbo = gi == 0 ? gBm.offset() + bi * bln : ((gi - 1) * b + bi) * bln;
            int tco = gi == 0 ? gCm.offset() + bi * bln : tbo;
            float[] sc = scratch.take();
            try {
                for (int blk = gi * perGroup, end = Math.min(blocks, (gi + 1) * perGroup); blk < end; blk++) {
                    int c0 = blk * ScanOps.BLOCK, c1 = Math.min(e, c0 + ScanOps.BLOCK);
                    ops.backward(s, bi, c0, c1, sc, tb, tbo, tc, tco, blk > gi * perGroup, partA, partD);
                }
            } finally {
                scratch.give(sc);
            }
        });
        if (nGroups > 1) {
            int rows = b * len;
            Parallel.forRange(rows, Math.max(1, GRAIN / Math.max(1, n * nGroups)), (r0, r1) -> {
                for (int gi = 1; gi < nGroups; gi++) {
                    for (int r = r0; r < r1; r++) {
                        int src = (gi - 1) * b * bln + r * n;
                        for (int k = 0; k < n; k++) {
                            gba[gBm.offset() + r * n + k] += partB[src + k];
                            gca[gCm.offset() + r * n + k] += partC[src + k];
                        }
                    }
                }
            });
        }
        addOverBatch(partA, b, e * n, gA);
        if (gD != null) addOverBatch(partD, b, e, gD);
    }

    private static void checkScanInputs(String op, Tensor u, Tensor delta, Tensor A, Tensor Bm, Tensor Cm, Tensor D,
                                        int chunk) {
        NnChecks.cpu(op, "u", u);
        if (u.rank() != 3) throw new IllegalArgumentException(op + ": u must be [b, L, e], got " + u.shape());
        NnChecks.shape(op, "delta", delta, u.shape());
        NnChecks.cpu(op, "A", A);
        if (A.rank() != 2 || A.dim(0) != u.dim(2))
            throw new IllegalArgumentException(op + ": A must be [e, n] with e = " + u.dim(2) + " (u " + u.shape()
                    + "), got " + A.shape());
        Shape bn = Shape.of(u.dim(0), u.dim(1), A.dim(1));
        NnChecks.shape(op, "Bm", Bm, bn);
        NnChecks.shape(op, "Cm", Cm, bn);
        if (D != null) NnChecks.shape(op, "D", D, Shape.of(u.dim(2)));
        if (chunk < 1) throw new IllegalArgumentException(op + ": chunk must be >= 1, got " + chunk);
        long ck = (long) u.dim(0) * ScanArgs.chunks(u.dim(1), chunk) * u.dim(2) * A.dim(1);
        if (ck > Integer.MAX_VALUE)
            throw new IllegalArgumentException(op + ": checkpoints for u " + u.shape() + ", A " + A.shape()
                    + " and chunk " + chunk + " would have more than 2^31-1 elements; use a longer chunk");
    }

    private static Shape checkpointShape(Tensor u, Tensor A, int chunk) {
        return Shape.of(u.dim(0), ScanArgs.chunks(u.dim(1), chunk), u.dim(2), A.dim(1));
    }

    /** A [e, n] transposed to [n, e], so the channels of one state are contiguous. */
    private static float[] transpose(Tensor A) {
        int e = A.dim(0), n = A.dim(1);
        float[] a = A.array(), at = new float[e * n];
        for (int c = 0; c < e; c++)
            for (int k = 0; k < n; k++) at[k * e + c] = a[A.offset() + c * n + k];
        return at;
    }

    /** {@code out[i] += sum_bi part[bi][i]}, the sum taken over bi in order. */
    private static void addOverBatch(float[] part, int b, int m, Tensor out) {
        float[] oa = out.array();
        int oo = out.offset();
        for (int i = 0; i < m; i++) {
            float sum = 0f;
            for (int bi = 0; bi < b; bi++) sum += part[bi * m + i];
            oa[oo + i] += sum;
        }
    }

    // ------------------------------------------------------------------------------------------------ depthwise conv

    /** x, y [b, L, ch]; weight [ch, k]; bias [ch] or null. {@code y[t] = bias + sum_j weight[:, j] x[t - (k-1) + j]}. */
    void depthwiseConv1d(Tensor x, Tensor weight, Tensor bias, Tensor y) {
        String op = "depthwiseConv1d";
        checkConv(op, x, weight);
        int ch = x.dim(2), k = weight.dim(1), len = x.dim(1), rows = x.dim(0) * len;
        if (bias != null) NnChecks.shape(op, "bias", bias, Shape.of(ch));
        NnChecks.shape(op, "y", y, x.shape());
        NnChecks.noOverlaps(op, outputs(arg("y", y)), arg("x", x), arg("weight", weight), arg("bias", bias));
        if (y.size() == 0) return;
        float[] xa = x.array(), ya = y.array(), wt = transposeWeight(weight);
        float[] ba = bias == null ? null : bias.array();
        int xo = x.offset(), yo = y.offset(), bo = bias == null ? 0 : bias.offset();
        Parallel.forRange(rows, convGrain(ch, k), (r0, r1) ->
                ops.convForward(xa, xo, wt, ba, bo, ya, yo, len, ch, k, r0, r1));
    }

    /** gx overwritten; gWeight [ch, k] and gBias [ch] (either may be null) added into. */
    void depthwiseConv1dBackward(Tensor x, Tensor weight, Tensor gy, Tensor gx, Tensor gWeight, Tensor gBias) {
        String op = "depthwiseConv1dBackward";
        checkConv(op, x, weight);
        int ch = x.dim(2), k = weight.dim(1), len = x.dim(1), rows = x.dim(0) * len;
        NnChecks.shape(op, "gy", gy, x.shape());
        NnChecks.shape(op, "gx", gx, x.shape());
        if (gWeight != null) NnChecks.shape(op, "gWeight", gWeight, weight.shape());
        if (gBias != null) NnChecks.shape(op, "gBias", gBias, Shape.of(ch));
        NnChecks.noOverlaps(op, outputs(arg("gx", gx), arg("gWeight", gWeight), arg("gBias", gBias)),
                arg("x", x), arg("weight", weight), arg("gy", gy));
        if (x.size() == 0) return;
        float[] xa = x.array(), gya = gy.array(), gxa = gx.array(), wt = transposeWeight(weight);
        int xo = x.offset(), gyo = gy.offset(), gxo = gx.offset();
        boolean params = gWeight != null || gBias != null;
        int grain = params ? Math.max(convGrain(ch, k), ceilDiv(rows, MAX_PARTIALS)) : convGrain(ch, k);
        int chunks = Parallel.chunks(rows, grain), stride = (k + 1) * ch;
        float[] part = params ? new float[chunks * stride] : null; // [chunk][k + 1][ch]: weight^T rows, then bias
        Parallel.forEach(chunks, ci -> {
            int r0 = ci * grain, r1 = Math.min(rows, r0 + grain);
            ops.convBackward(xa, xo, wt, gya, gyo, gxa, gxo, len, ch, k, r0, r1, part, ci * stride);
        });
        if (!params) return;
        for (int ci = 0; ci < chunks; ci++) {
            int p = ci * stride;
            if (gWeight != null) {
                float[] gw = gWeight.array();
                int gwo = gWeight.offset();
                for (int c = 0; c < ch; c++)
                    for (int j = 0; j < k; j++) gw[gwo + c * k + j] += part[p + j * ch + c];
            }
            if (gBias != null) {
                float[] gb = gBias.array();
                int gbo = gBias.offset();
                for (int c = 0; c < ch; c++) gb[gbo + c] += part[p + k * ch + c];
            }
        }
    }

    private static void checkConv(String op, Tensor x, Tensor weight) {
        NnChecks.cpu(op, "x", x);
        if (x.rank() != 3) throw new IllegalArgumentException(op + ": x must be [b, L, channels], got " + x.shape());
        NnChecks.cpu(op, "weight", weight);
        if (weight.rank() != 2 || weight.dim(0) != x.dim(2) || weight.dim(1) < 1)
            throw new IllegalArgumentException(op + ": weight must be [channels, k] with channels = " + x.dim(2)
                    + " (x " + x.shape() + ") and k >= 1, got " + weight.shape());
    }

    /** weight [ch, k] transposed to [k, ch]. */
    private static float[] transposeWeight(Tensor weight) {
        int ch = weight.dim(0), k = weight.dim(1);
        float[] w = weight.array(), wt = new float[ch * k];
        for (int c = 0; c < ch; c++)
            for (int j = 0; j < k; j++) wt[j * ch + c] = w[weight.offset() + c * k + j];
        return wt;
    }

    private static int convGrain(int ch, int k) { return Math.max(1, GRAIN / Math.max(1, ch * k)); }

    private static int ceilDiv(int a, int b) { return (int) (((long) a + b - 1) / b); }

    /**
     * Scratch arrays for the tasks of one call: a task takes one and gives it back, so at most one per concurrently
     * running task is allocated. Which array a task gets never affects its results (each task overwrites what it
     * reads).
     */
    private static final class Scratch {
        private final int size;
        private final ConcurrentLinkedQueue<float[]> free = new ConcurrentLinkedQueue<>();

        Scratch(int size) { this.size = size; }

        float[] take() {
            float[] a = free.poll();
            return a != null ? a : new float[size];
        }

        void give(float[] a) { free.offer(a); }
    }
}
