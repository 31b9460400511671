package org.genex.tensor.cpu;

import org.genex.tensor.Tensor;

/**
 * The arrays, offsets and sizes of one selective-scan call, shared read-only by its tasks ({@link ScanKernels},
 * {@link ScanOps}). Sizes: b batches, L steps, e channels, n states, chunks of {@code chunk} steps.
 *
 * <p>Layouts (offsets are element offsets into the arrays): u, delta, y, gy, gu, gDelta [b, L, e];
 * Bm, Cm [b, L, n]; {@link #at} is A transposed to [n, e] (so channels are contiguous for the vector loops);
 * D [e] or null; checkpoints [b, nChunks, e, n] or null.
 */
final class ScanArgs {
    final int b, len, e, n, chunk, nChunks;
    final float[] u, delta, at, bm, cm, d, y, ck;
    final int uo, deltaO, bmO, cmO, dO, yo, cko;
    /** Backward only (null in a forward). */
    final float[] gy, gu, gDelta;
    final int gyo, guo, gDeltaO;

    ScanArgs(Tensor u, Tensor delta, float[] at, Tensor bm, Tensor cm, Tensor d, int chunk, Tensor y, Tensor ck,
             Tensor gy, Tensor gu, Tensor gDelta) {
        this.b = u.dim(0);
        this.len = u.dim(1);
        this.e = u.dim(2);
        this.n = bm.dim(2);
        this.chunk = chunk;
        this.nChunks = chunks(len, chunk);
        this.u = u.array();
        this.uo = u.offset();
        this.delta = delta.array();
        this.deltaO = delta.offset();
        this.at = at;
        this.bm = bm.array();
        this.bmO = bm.offset();
        this.cm = cm.array();
        this.cmO = cm.offset();
        this.d = d == null ? null : d.array();
        this.dO = d == null ? 0 : d.offset();
        this.y = y == null ? null : y.array();
        this.yo = y == null ? 0 : y.offset();
        this.ck = ck == null ? null : ck.array();
        this.cko = ck == null ? 0 : ck.offset();
        this.gy = gy == null ? null : gy.array();
        this.gyo = gy == null ? 0 : gy.offset();
        this.gu = gu == null ? null : gu.array();
        this.guo = gu == null ? 0 : gu.offset();
        this.gDelta = gDelta == null ? null : gDelta.array();
        this.gDeltaO = gDelta == null ? 0 : gDelta.offset();
    }

    /** ceil(len / chunk). */
    static int chunks(int len, int chunk) { return (int) (((long) len + chunk - 1) / chunk); }

    /** Copies the state h [n][c1 - c0] (channels contiguous) to checkpoint k of batch bi. */
    void saveCheckpoint(int bi, int k, int c0, int c1, float[] h, int ho) {
        int w = c1 - c0;
        for (int c = c0; c < c1; c++) {
            int dst = cko + ((bi * nChunks + k) * e + c) * n;
            for (int s = 0; s < n; s++) ck[dst + s] = h[ho + s * w + (c - c0)];
        }
    }

    /** Copies checkpoint k of batch bi into the state h [n][c1 - c0]. */
    void loadCheckpoint(int bi, int k, int c0, int c1, float[] h, int ho) {
        int w = c1 - c0;
        for (int c = c0; c < c1; c++) {
            int src = cko + ((bi * nChunks + k) * e + c) * n;
            for (int s = 0; s < n; s++) h[ho + s * w + (c - c0)] = ck[src + s];
        }
    }
}
