package org.genex.algorithms.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.genex.tensor.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The oracle for {@link SkipGram}'s pipelined loop (random numbers drawn per unit of work, rows touched a unit
 * ahead, long sentences cut into runs of centres): gensim's loop in its plainest form, each random number drawn
 * where the pair-by-pair (or window-by-window) loop needs it and each update made at once, with the same kernels.
 * Training draws no random numbers, so the two must agree bit for bit on one thread.
 */
class DrawAsYouGoTest {
    private static final long MULTIPLIER = 25214903917L, MASK = (1L << 48) - 1;

    /** Sentences of 0 to 44 tokens with lone tokens, pairs and one of 3,000 (several runs of centres). */
    static ArrayCorpus corpus() {
        Random r = new Random(1);
        int v = 300;
        int[][] sentences = new int[400][];
        for (int s = 0; s < sentences.length; s++) {
            int len = s % 37 == 0 ? 0 : s % 41 == 0 ? 1 : s % 43 == 0 ? 2 : s == 100 ? 3000 : 5 + r.nextInt(40);
            sentences[s] = new int[len];
            for (int i = 0; i < len; i++) sentences[s][i] = (int) Math.min(v - 1, Math.abs(r.nextGaussian()) * 60);
        }
        return ArrayCorpus.of(v, sentences);
    }

    @ParameterizedTest(name = "simd={0} shared={1} pool={2} sample={3} shrink={4}")
    @CsvSource({"false,false,0,0.001,true", "false,false,64,0,false", "false,true,0,0.001,true",
            "false,true,64,0.001,false", "true,false,0,0.001,true", "true,false,64,0.001,true",
            "true,true,0,0,true", "true,true,64,0.001,true"})
    void thePipelinedLoopIsDrawingAsOneGoes(boolean simd, boolean shared, int pool, double sample, boolean shrink) {
        ArrayCorpus c = corpus();
        Word2VecConfig cfg = new Word2VecConfig(20, 5, 5, 0.75, sample, 0.025, 1e-4, 2, 3, shrink, 2000, 1, shared,
                pool);
        SkipGram.Result got = SkipGram.train(c, cfg, simd);
        float[][] want = reference(c, cfg, SgnsKernels.create(simd));
        assertArrayEquals(want[0], got.vectors().toArray(), "input vectors");
        assertArrayEquals(want[1], got.contextVectors().toArray(), "output vectors");
        assertEquals((long) want[2][0], got.pairs(), "pairs");
    }

    /** {input vectors, output vectors, {pairs}} of the plain loop. */
    static float[][] reference(ArrayCorpus corpus, Word2VecConfig cfg, SgnsKernels k) {
        int v = corpus.vocabularySize(), dim = cfg.vectorSize(), stride = k.stride(dim);
        int window = cfg.window(), negative = cfg.negative();
        Rng root = Rng.seeded(cfg.seed()).fork("skipgram");
        float[] init = new float[v * dim];
        root.fork("init").fillUniform(init, -1f / dim, 1f / dim);
        float[] syn0 = new float[v * stride], syn1 = new float[v * stride];
        for (int w = 0; w < v; w++) System.arraycopy(init, w * dim, syn0, w * stride, dim);
        long[] counts = SkipGram.countTokens(corpus);
        double[] weights = new double[v];
        for (int w = 0; w < v; w++) weights[w] = counts[w] == 0 ? 0 : Math.pow(counts[w], cfg.nsExponent());
        AliasTables noise = AliasTables.single(weights);
        long[] keep = SkipGram.sampleInt(counts, cfg.sample());
        int[] jobs = SkipGram.jobBounds(corpus, cfg.batchWords());
        int[] targets = new int[negative + 1], contexts = new int[2 * window];
        float[] work = new float[Math.max(stride, negative + 1)];
        float[] windowWork = new float[SgnsKernels.windowWork(2 * window, negative + 1, stride)];
        long pairs = 0;
        for (int e = 0; e < cfg.epochs(); e++)
            for (int j = 0; j + 1 < jobs.length; j++) {
                Rng rng = root.fork(e).fork(j);
                long[] lcg = {rng.nextLong() & MASK};
                int[] pool = SkipGram.noisePool(noise, cfg.noisePool(), rng.nextLong());
                double progress = (e + corpus.tokensBefore(jobs[j]) / (double) corpus.totalTokens()) / cfg.epochs();
                float alpha = (float) Math.max(cfg.minAlpha(),
                        cfg.alpha() - (cfg.alpha() - cfg.minAlpha()) * progress);
                for (int s = jobs[j]; s < jobs[j + 1]; s++) {
                    int[] raw = corpus.sentence(s), kept = new int[raw.length];
                    int m = 0;
                    for (int w : raw)
                        if (cfg.sample() == 0 || keep[w] >= (next(lcg) >>> 16)) kept[m++] = w;
                    if (cfg.sharedNegatives() && m < 2) { // no window with a context
                        if (m == 1 && cfg.shrinkWindows()) next(lcg);
                        continue;
                    }
                    for (int i = 0; i < m; i++) {
                        int b = cfg.shrinkWindows() ? (int) (((next(lcg) >>> 16) * window) >>> 32) : 0;
                        int j0 = Math.max(0, i - window + b), j1 = Math.min(m, i + window + 1 - b);
                        if (cfg.sharedNegatives()) {
                            int n = draw(kept[i], negative, pool, noise, lcg, targets), cs = 0;
                            for (int x = j0; x < j1; x++) if (x != i) contexts[cs++] = kept[x];
                            k.trainWindow(syn0, contexts, cs, syn1, targets, 0, n, alpha, windowWork, stride, 0);
                            pairs += cs;
                        } else {
                            for (int x = j0; x < j1; x++) {
                                if (x == i) continue;
                                int n = draw(kept[i], negative, pool, noise, lcg, targets);
                                k.trainPair(syn0, kept[x] * stride, syn1, targets, 0, n, alpha, work, stride, 0);
                                pairs++;
                            }
                        }
                    }
                }
            }
        return new float[][] {compact(syn0, v, dim, stride), compact(syn1, v, dim, stride), {pairs}};
    }

    /** The centre then its noise tokens (a draw equal to the centre skipped, as gensim does); returns the count. */
    private static int draw(int centre, int negative, int[] pool, AliasTables noise, long[] lcg, int[] targets) {
        int n = 0;
        targets[n++] = centre;
        for (int d = 0; d < negative; d++) {
            int t;
            if (pool.length > 0) {
                t = SkipGram.pick(pool, lcg[0]);
                next(lcg);
            } else {
                long hi = next(lcg) >>> 16, lo = next(lcg) >>> 16;
                t = noise.sample(0, (hi << 32) | lo);
            }
            if (t != centre) targets[n++] = t;
        }
        return n;
    }

    /** gensim's generator: returns the state before the step. */
    private static long next(long[] lcg) {
        long before = lcg[0];
        lcg[0] = (before * MULTIPLIER + 11) & MASK;
        return before;
    }

    private static float[] compact(float[] a, int rows, int dim, int stride) {
        float[] out = new float[rows * dim];
        for (int r = 0; r < rows; r++) System.arraycopy(a, r * stride, out, r * dim, dim);
        return out;
    }
}
