package org.genex.algorithms.embed;

/**
 * Hyperparameters of skip-gram with negative sampling, with the defaults of gensim 4's {@code Word2Vec}
 * ({@code sg=1, hs=0}): the names are gensim's.
 *
 * @param vectorSize    dimension of the vectors ({@code vector_size}, gensim default 100; the hypergraph pipeline
 *                      uses 30)
 * @param window        maximum distance between a centre token and a context token ({@code window}, 5)
 * @param negative      noise tokens per (centre, context) pair ({@code negative}, 5)
 * @param nsExponent    the noise distribution is proportional to count^nsExponent ({@code ns_exponent}, 0.75)
 * @param sample        down-sampling threshold for frequent tokens ({@code sample}, 1e-3; 0 turns it off; a value
 *                      {@code >= 1} is an absolute count, as in gensim)
 * @param alpha         initial learning rate ({@code alpha}, 0.025)
 * @param minAlpha      final learning rate, reached linearly over all epochs ({@code min_alpha}, 1e-4)
 * @param epochs        passes over the corpus ({@code epochs}, 5)
 * @param seed          seed of the initial vectors and of every random draw ({@code seed}, 1)
 * @param shrinkWindows draw a reduced window per centre token, uniform in 1..window ({@code shrink_windows}, true)
 * @param batchWords    tokens per job; the learning rate is updated between jobs ({@code batch_words}, 10000)
 * @param threads       1: one thread, results bit-identical for a seed; 0: the shared {@code Parallel} pool,
 *                      Hogwild updates as gensim's workers (see {@link SkipGram}); other values are not accepted
 * @param sharedNegatives false (the default, gensim's update): {@code negative} noise tokens drawn for every
 *                      (centre, context) pair, pairs updated one after the other. true: one draw of
 *                      {@code negative} noise tokens per centre token, shared by all the pairs of its window, and
 *                      the window's pairs updated together as one small dense block from the values before the
 *                      block (Ji et al. 2016, "Parallelizing Word2Vec in Shared and Distributed Memory"; Intel's
 *                      pWord2Vec, BlazingText): not gensim's update, see {@link SkipGram} for how it departs; several
 *                      times faster when the vectors do not fit the caches
 * @param noisePool     0 (the default, gensim): every noise token drawn from the whole noise distribution. P &gt; 0:
 *                      each job first draws a pool of P tokens from the noise distribution, and its noise tokens are
 *                      drawn uniformly from that pool. Each noise token still has exactly the noise distribution
 *                      (a uniform pick from an i.i.d. sample of it), but a job's noise rows are at most P distinct
 *                      rows of the output vectors, which stay in cache where a large vocabulary's rows would not
 *                      ("batched negatives" of PyTorch-BigGraph, Lerer et al. 2019, here per job): for large
 *                      vocabularies, see {@link SkipGram}. A pool should be much larger than a window's draws
 *                      (thousands) so that a window rarely draws a token twice, and not much smaller than a tenth
 *                      of a job's noise draws ({@code batchWords x negative / 10}): each member is reused that many
 *                      times over, and on the hypergraph paper's simulation a pool reused 12 times per job left the
 *                      ARI unchanged while one reused 200 times halved it (docs/hypergraph, "Scale")
 */
public record Word2VecConfig(int vectorSize, int window, int negative, double nsExponent, double sample,
                             double alpha, double minAlpha, int epochs, long seed, boolean shrinkWindows,
                             int batchWords, int threads, boolean sharedNegatives, int noisePool) {

    /** gensim's update ({@code sharedNegatives = false}). */
    public Word2VecConfig(int vectorSize, int window, int negative, double nsExponent, double sample, double alpha,
                          double minAlpha, int epochs, long seed, boolean shrinkWindows, int batchWords,
                          int threads) {
        this(vectorSize, window, negative, nsExponent, sample, alpha, minAlpha, epochs, seed, shrinkWindows,
                batchWords, threads, false, 0);
    }

    public Word2VecConfig {
        positive("vectorSize", vectorSize);
        positive("window", window);
        if (negative < 0) throw bad("negative", negative, ">= 0");
        if (!Double.isFinite(nsExponent)) throw bad("nsExponent", nsExponent, "finite");
        if (!(sample >= 0 && sample < Double.POSITIVE_INFINITY)) throw bad("sample", sample, ">= 0 and finite");
        if (!(alpha > 0 && alpha < Double.POSITIVE_INFINITY)) throw bad("alpha", alpha, "> 0 and finite");
        if (!(minAlpha >= 0 && minAlpha <= alpha)) throw bad("minAlpha", minAlpha, "in [0, alpha]");
        if (epochs < 0) throw bad("epochs", epochs, ">= 0");
        positive("batchWords", batchWords);
        if (threads != 0 && threads != 1) throw bad("threads", threads, "0 (the shared pool) or 1");
        if (noisePool < 0) throw bad("noisePool", noisePool, ">= 0 (0: no pool)");
    }

    /** gensim's defaults ({@code Word2Vec(sg=1)}): vector size 100. */
    public static Word2VecConfig gensimDefaults() {
        return new Word2VecConfig(100, 5, 5, 0.75, 1e-3, 0.025, 1e-4, 5, 1, true, 10000, 0);
    }

    /**
     * The settings of the hypergraph-walk papers' scripts (spec section 3): gensim defaults with vector size 30,
     * window 5, skip-gram, min_count 0.
     */
    public static Word2VecConfig hypergraphDefaults() { return gensimDefaults().withVectorSize(30); }

    public Word2VecConfig withVectorSize(int v) {
        return new Word2VecConfig(v, window, negative, nsExponent, sample, alpha, minAlpha, epochs, seed,
                shrinkWindows, batchWords, threads, sharedNegatives, noisePool);
    }

    public Word2VecConfig withWindow(int w) {
        return new Word2VecConfig(vectorSize, w, negative, nsExponent, sample, alpha, minAlpha, epochs, seed,
                shrinkWindows, batchWords, threads, sharedNegatives, noisePool);
    }

    public Word2VecConfig withNegative(int n) {
        return new Word2VecConfig(vectorSize, window, n, nsExponent, sample, alpha, minAlpha, epochs, seed,
                shrinkWindows, batchWords, threads, sharedNegatives, noisePool);
    }

    public Word2VecConfig withSample(double s) {
        return new Word2VecConfig(vectorSize, window, negative, nsExponent, s, alpha, minAlpha, epochs, seed,
                shrinkWindows, batchWords, threads, sharedNegatives, noisePool);
    }

    public Word2VecConfig withAlpha(double a, double min) {
        return new Word2VecConfig(vectorSize, window, negative, nsExponent, sample, a, min, epochs, seed,
                shrinkWindows, batchWords, threads, sharedNegatives, noisePool);
    }

    public Word2VecConfig withEpochs(int e) {
        return new Word2VecConfig(vectorSize, window, negative, nsExponent, sample, alpha, minAlpha, e, seed,
                shrinkWindows, batchWords, threads, sharedNegatives, noisePool);
    }

    public Word2VecConfig withSeed(long s) {
        return new Word2VecConfig(vectorSize, window, negative, nsExponent, sample, alpha, minAlpha, epochs, s,
                shrinkWindows, batchWords, threads, sharedNegatives, noisePool);
    }

    public Word2VecConfig withThreads(int t) {
        return new Word2VecConfig(vectorSize, window, negative, nsExponent, sample, alpha, minAlpha, epochs, seed,
                shrinkWindows, batchWords, t, sharedNegatives, noisePool);
    }

    /** The same settings with the window-shared negatives of {@link SkipGram} on or off (off: gensim's update). */
    public Word2VecConfig withSharedNegatives(boolean on) {
        return new Word2VecConfig(vectorSize, window, negative, nsExponent, sample, alpha, minAlpha, epochs, seed,
                shrinkWindows, batchWords, threads, on, noisePool);
    }

    /** The same settings with a per-job noise pool of {@code size} tokens (0: none, gensim's draws). */
    public Word2VecConfig withNoisePool(int size) {
        return new Word2VecConfig(vectorSize, window, negative, nsExponent, sample, alpha, minAlpha, epochs, seed,
                shrinkWindows, batchWords, threads, sharedNegatives, size);
    }

    private static void positive(String name, int v) {
        if (v <= 0) throw bad(name, v, "> 0");
    }

    private static IllegalArgumentException bad(String name, Object v, String expected) {
        return new IllegalArgumentException("Word2VecConfig: " + name + " must be " + expected + ", got " + v);
    }
}
