package org.genex.tensor.cpu;

/**
 * The inner loops of the Mamba sequence kernels ({@link ScanKernels}), one implementation per path:
 * {@link ScalarScanOps} (plain Java) and {@link VectorScanOps} (the Vector API over the channel axis, loaded only
 * on that path). Callers have checked every shape and range.
 *
 * <p>The scan methods handle one batch row {@code bi} and the channels {@code [c0, c1)} (a block of at most
 * {@link #BLOCK} channels); their state lives in a caller-supplied scratch array laid out [state][channel], so
 * the channels of one step are contiguous.
 */
interface ScanOps {
    /** The most channels one scan call handles (its state and chunk scratch scale with it). */
    int BLOCK = 64;
    /** An upper bound on the float lanes of any vector species (2048-bit SVE), for scratch sizing. */
    int MAX_LANES = 64;

    /** The implementation for the vector path ({@code simd}) or the scalar path. */
    static ScanOps create(boolean simd) {
        return simd ? new VectorScanOps() : new ScalarScanOps();
    }

    /**
     * Scratch floats {@link #forward} needs for n states and a block of {@code w} channels: the state, n w, and
     * its decay factors exp(delta A) for one step, n w.
     */
    static int forwardScratch(int n, int w) { return 2 * n * w; }

    /**
     * Scratch floats {@link #backward} needs for n states, a block of {@code w} channels and chunks of at most
     * {@code cl} steps: the states of one chunk, (cl + 1) n w, and their decay factors exp(delta A), cl n w; the
     * carried state gradient and the A gradient, n w each; the D gradient, w; the output of a recomputed step
     * (unused), w; and lane accumulators for the Bm and Cm gradients.
     */
    static int backwardScratch(int n, int w, int cl) { return (2 * cl + 3) * n * w + 2 * w + 2 * n * MAX_LANES; }

    /**
     * The forward scan of batch {@code bi}, channels {@code [c0, c1)}, over all steps: writes y and, where
     * {@code s.ck} is not null, the state at the start of every chunk.
     */
    void forward(ScanArgs s, int bi, int c0, int c1, float[] scratch);

    /**
     * The backward scan of batch {@code bi}, channels {@code [c0, c1)}: for each chunk from the last, recomputes
     * the states inside it from its checkpoint, then runs the reverse recurrence across it, carrying the state
     * gradient to the chunk before. Overwrites gu and gDelta of these channels; writes this block's part of the
     * Bm and Cm gradients of every step into {@code gb[gbo + t n + k]}, {@code gc[gco + t n + k]} (adding to what
     * is there if {@code accumulate}); writes the A gradient summed over steps to {@code gA[(bi e + c) n + k]} and
     * the D gradient to {@code gD[bi e + c]} (gD null: not wanted).
     */
    void backward(ScanArgs s, int bi, int c0, int c1, float[] scratch, float[] gb, int gbo, float[] gc, int gco,
                  boolean accumulate, float[] gA, float[] gD);

    /**
     * Causal depthwise convolution of the rows {@code [r0, r1)} of the flattened [b L, ch] time axis:
     * {@code y[r, c] = bias[c] + sum_j wt[j, c] x[r - (k - 1) + j, c]} over the j whose input row lies in the same
     * sequence (at or after its step 0). {@code wt} is the weight transposed to [k, ch]; bias may be null.
     */
    void convForward(float[] x, int xo, float[] wt, float[] bias, int bo, float[] y, int yo,
                     int len, int ch, int k, int r0, int r1);

    /**
     * The backward of {@link #convForward} for the rows {@code [r0, r1)}: overwrites
     * {@code gx[r, c] = sum_j gy[r + (k - 1) - j, c] wt[j, c]} (over the j whose output row lies in the same
     * sequence), and, when {@code part} is not null, adds the weight gradient (transposed, [k, ch]) and then the
     * bias gradient ([ch]) of these rows into {@code part[po ..]}.
     */
    void convBackward(float[] x, int xo, float[] wt, float[] gy, int gyo, float[] gx, int gxo,
                      int len, int ch, int k, int r0, int r1, float[] part, int po);
}
