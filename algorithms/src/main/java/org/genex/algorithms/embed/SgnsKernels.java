package org.genex.algorithms.embed;

/**
 * The inner loops of skip-gram with negative sampling: one (context, centre) update as gensim's
 * {@code fast_sentence_sg_neg}, and the dot product. Two implementations: {@link ScalarSgnsKernels} (plain Java)
 * and {@code VectorSgnsKernels} (the Vector API, loaded only when chosen, so a JVM without
 * {@code jdk.incubator.vector} runs the scalar path). The caller has checked every index; these loops do not.
 *
 * <p>Token t's row is {@code [base + t stride, base + (t + 1) stride)} of its table ({@code base} places row 0, see
 * {@link RowAlignment}; the same for both tables; {@code in} below is already a place). The {@link #stride} is at
 * least the vector size: the vector path rounds it up to a whole number of vectors and keeps the extra lanes at zero
 * (an update adds {@code g x} to a row, and x's extra lanes are zero, so they stay zero), so that every load and
 * store is a full vector and no lane mask is needed.
 */
interface SgnsKernels {
    /** gensim's {@code MAX_EXP}: a pair whose score is at or beyond +-6 is skipped (no update), as in gensim. */
    float MAX_EXP = 6f;

    /** The scalar kernels, or the Vector API kernels when {@code simd} (only then is that class loaded). */
    static SgnsKernels create(boolean simd) {
        return simd ? new VectorSgnsKernels() : new ScalarSgnsKernels();
    }

    /** The floats per stored row for vectors of {@code dim} floats (the extra ones are zero). */
    int stride(int dim);

    /**
     * One update of the input vector {@code syn0[in .. in+stride)} (the context token's) against the output vectors
     * of {@code targets[from .. from+n)} (rows of {@code syn1}): {@code targets[from]} is
     * the centre token (label 1), the others are noise tokens (label 0). For each target t in order:
     * {@code f = in . out_t};
     * if {@code |f| < 6}: {@code g = (label - σ(f)) * alpha} ({@link Sigmoid}), {@code work += g out_t},
     * {@code out_t += g in}; finally {@code in += work}. So each output row is updated at once (a repeated target
     * sees its earlier update) and the input row once at the end, exactly gensim's order. {@code work} is scratch
     * of at least {@code max(stride, n)} floats.
     */
    void trainPair(float[] syn0, int in, float[] syn1, int[] targets, int from, int n, float alpha, float[] work,
                   int stride, int base);

    /**
     * One window of the shared-negative update ({@link Word2VecConfig#sharedNegatives()}): the input vectors of the
     * {@code c} context tokens {@code contexts[0 .. c)} (rows of {@code syn0}) against the output vectors of
     * {@code targets[from .. from+n)} (rows of {@code syn1}; {@code targets[from]} is the centre token, label 1, the
     * others noise tokens, label 0), as one {@code [c, n]} block, every value read before any is written:
     * <pre>
     *   S[j][d] = in_j . out_d                                   (the values before the block)
     *   G[j][d] = |S| &lt; 6 ? (label_d - σ(S[j][d])) * alpha : 0   (gensim's skip of saturated scores)
     *   in_j   += sum_d G[j][d] out_d                            (out_d before the block)
     *   out_d  += sum_j G[j][d] in_j                             (in_j before the block)
     * </pre>
     * A row that occurs twice (a repeated context token, a noise token drawn twice) receives the sum of its updates.
     * The sums run in index order ({@code d} then {@code j} ascending), so a path gives the same bits every time.
     * {@code work} is scratch of at least {@link #windowWork} floats.
     */
    void trainWindow(float[] syn0, int[] contexts, int c, float[] syn1, int[] targets, int from, int n, float alpha,
                     float[] work, int stride, int base);

    /** The scratch {@link #trainWindow} needs for up to {@code c} contexts and {@code n} targets. */
    static int windowWork(int c, int n, int stride) { return c * (stride + Math.max(n, 8)) + 8; }

    /** {@code sum_i a[ao+i] * b[bo+i]} over {@code i < n}. */
    float dot(float[] a, int ao, float[] b, int bo, int n);
}
