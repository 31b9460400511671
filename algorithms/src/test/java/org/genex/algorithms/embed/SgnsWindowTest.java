package org.genex.algorithms.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.genex.tensor.Parallel;
import org.genex.tensor.cpu.Simd;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The window-shared negative update ({@link SgnsKernels#trainWindow}) and skip-gram trained with it. */
class SgnsWindowTest {

    /** The block update of {@link SgnsKernels#trainWindow} in double, rows of {@code dim} in arrays of stride st. */
    static void reference(double[] syn0, int[] contexts, int c, double[] syn1, int[] targets, int n, double alpha,
                          int dim, int st) {
        double[][] g = new double[c][n];
        for (int j = 0; j < c; j++)
            for (int d = 0; d < n; d++) {
                double f = 0;
                for (int i = 0; i < dim; i++) f += syn0[contexts[j] * st + i] * syn1[targets[d] * st + i];
                g[j][d] = Math.abs(f) >= SgnsKernels.MAX_EXP ? 0 : ((d == 0 ? 1 : 0) - 1 / (1 + Math.exp(-f))) * alpha;
            }
        double[][] dIn = new double[c][dim], dOut = new double[n][dim];
        for (int j = 0; j < c; j++)
            for (int d = 0; d < n; d++)
                for (int i = 0; i < dim; i++) {
                    dIn[j][i] += g[j][d] * syn1[targets[d] * st + i];
                    dOut[d][i] += g[j][d] * syn0[contexts[j] * st + i];
                }
        for (int j = 0; j < c; j++) for (int i = 0; i < dim; i++) syn0[contexts[j] * st + i] += dIn[j][i];
        for (int d = 0; d < n; d++) for (int i = 0; i < dim; i++) syn1[targets[d] * st + i] += dOut[d][i];
    }

    static float[] randomRows(Random rnd, int rows, int dim, int st, float scale) {
        float[] a = new float[rows * st];
        for (int r = 0; r < rows; r++) for (int i = 0; i < dim; i++) a[r * st + i] = (rnd.nextFloat() - 0.5f) * scale;
        return a;
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    /** Random contexts and targets over a small vocabulary, so that rows repeat; the kernels against the reference. */
    @Property(tries = 60)
    void blockUpdateMatchesTheDoubleReference(@ForAll @IntRange(min = 1, max = 70) int dim,
                                              @ForAll @IntRange(min = 1, max = 10) int c,
                                              @ForAll @IntRange(min = 1, max = 6) int n,
                                              @ForAll @IntRange(min = 2, max = 12) int vocab,
                                              @ForAll long seed) {
        Random rnd = new Random(seed);
        int[] contexts = new int[c], targets = new int[n + 2];
        for (int j = 0; j < c; j++) contexts[j] = rnd.nextInt(vocab);
        for (int d = 0; d < targets.length; d++) targets[d] = rnd.nextInt(vocab);
        float scale = 4f / (float) Math.sqrt(dim); // scores mostly inside (-6, 6), some saturated for small dim
        for (boolean simd : new boolean[] {false, true}) {
            if (simd && !Simd.AVAILABLE) continue;
            SgnsKernels k = SgnsKernels.create(simd);
            int st = k.stride(dim);
            Random vals = new Random(seed ^ 0x5eed);
            float[] syn0 = randomRows(vals, vocab, dim, st, scale), syn1 = randomRows(vals, vocab, dim, st, scale);
            double[] r0 = toDouble(syn0), r1 = toDouble(syn1);
            reference(r0, contexts, c, r1, Arrays.copyOfRange(targets, 1, 1 + n), n, 0.3, dim, st);
            float[] work = new float[SgnsKernels.windowWork(c, n, st)];
            k.trainWindow(syn0, contexts, c, syn1, targets, 1, n, 0.3f, work, st, 0);
            for (int r = 0; r < vocab; r++)
                for (int i = 0; i < st; i++) {
                    String at = "simd=" + simd + " row " + r + " [" + i + "]";
                    double e0 = r0[r * st + i], e1 = r1[r * st + i];
                    assertEquals(e0, syn0[r * st + i], 2e-5 + 2e-5 * Math.abs(e0), "syn0 " + at);
                    assertEquals(e1, syn1[r * st + i], 2e-5 + 2e-5 * Math.abs(e1), "syn1 " + at);
                    if (i >= dim) {
                        assertEquals(0f, syn0[r * st + i], "padding " + at);
                        assertEquals(0f, syn1[r * st + i], "padding " + at);
                    }
                }
        }
    }

    /**
     * The vector path's blocked form (16 lanes, rows of 32 floats, up to 8 targets) against the double reference on
     * every context count (odd ones leave half a block) and target count, with rows repeated among the contexts,
     * among the targets (next to each other and apart) and saturated scores.
     */
    @ParameterizedTest
    @ValueSource(ints = {17, 30, 32})
    void blockedWindowMatchesTheDoubleReference(int dim) {
        Assumptions.assumeTrue(Simd.AVAILABLE, "no jdk.incubator.vector");
        SgnsKernels k = SgnsKernels.create(true);
        int st = k.stride(dim);
        Assumptions.assumeTrue(VectorSgnsKernels.blockedWindow(st, 8), "the blocked form needs 16 float lanes");
        Random rnd = new Random(dim);
        for (int c = 1; c <= 10; c++)
            for (int n = 1; n <= 8; n++)
                for (int rep = 0; rep < 4; rep++) {
                    int vocab = rep == 0 ? 4 : 40;
                    int[] contexts = new int[c], targets = new int[n + 3];
                    for (int j = 0; j < c; j++) contexts[j] = rnd.nextInt(vocab);
                    for (int d = 0; d < targets.length; d++) targets[d] = rnd.nextInt(vocab);
                    if (rep == 1 && n >= 3) targets[3] = targets[2]; // the same row twice in a row
                    float scale = rep == 3 ? 12f / (float) Math.sqrt(dim) : 4f / (float) Math.sqrt(dim);
                    float[] syn0 = randomRows(rnd, vocab, dim, st, scale);
                    float[] syn1 = randomRows(rnd, vocab, dim, st, scale);
                    double[] r0 = toDouble(syn0), r1 = toDouble(syn1);
                    reference(r0, contexts, c, r1, Arrays.copyOfRange(targets, 2, 2 + n), n, 0.3, dim, st);
                    k.trainWindow(syn0, contexts, c, syn1, targets, 2, n, 0.3f,
                            new float[SgnsKernels.windowWork(c, n, st)], st, 0);
                    for (int i = 0; i < syn0.length; i++) {
                        String at = "c=" + c + " n=" + n + " rep=" + rep + " [" + i + "]";
                        assertEquals(r0[i], syn0[i], 2e-5 + 2e-5 * Math.abs(r0[i]), "syn0 " + at);
                        assertEquals(r1[i], syn1[i], 2e-5 + 2e-5 * Math.abs(r1[i]), "syn1 " + at);
                    }
                }
    }

    /** The vector path gives the scalar path's values (up to rounding) over random shapes, repeated rows included. */
    @Property(tries = 40)
    void vectorPathMatchesScalarPath(@ForAll @IntRange(min = 1, max = 40) int dim,
                                     @ForAll @IntRange(min = 1, max = 10) int c,
                                     @ForAll @IntRange(min = 1, max = 6) int n, @ForAll long seed) {
        Assumptions.assumeTrue(Simd.AVAILABLE, "no jdk.incubator.vector");
        SgnsKernels s = SgnsKernels.create(false), v = SgnsKernels.create(true);
        int sv = v.stride(dim), vocab = 7;
        Random rnd = new Random(seed);
        int[] contexts = new int[c], targets = new int[n];
        for (int j = 0; j < c; j++) contexts[j] = rnd.nextInt(vocab);
        for (int d = 0; d < n; d++) targets[d] = rnd.nextInt(vocab);
        float[] a0 = randomRows(rnd, vocab, dim, dim, 1f), a1 = randomRows(rnd, vocab, dim, dim, 1f);
        float[] b0 = new float[vocab * sv], b1 = new float[vocab * sv];
        for (int r = 0; r < vocab; r++) {
            System.arraycopy(a0, r * dim, b0, r * sv, dim);
            System.arraycopy(a1, r * dim, b1, r * sv, dim);
        }
        s.trainWindow(a0, contexts, c, a1, targets, 0, n, 0.1f, new float[SgnsKernels.windowWork(c, n, dim)], dim, 0);
        v.trainWindow(b0, contexts, c, b1, targets, 0, n, 0.1f, new float[SgnsKernels.windowWork(c, n, sv)], sv, 0);
        for (int r = 0; r < vocab; r++)
            for (int i = 0; i < dim; i++) {
                assertEquals(a0[r * dim + i], b0[r * sv + i], 1e-5 + 1e-5 * Math.abs(a0[r * dim + i]));
                assertEquals(a1[r * dim + i], b1[r * sv + i], 1e-5 + 1e-5 * Math.abs(a1[r * dim + i]));
            }
    }

    /**
     * One context and distinct targets: the block is gensim's pair update, to the bit on each path; the vector
     * path's blocked form (16 lanes, rows of 32 floats) sums the scores in another order and computes σ another way,
     * so there to float precision.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 16, 30, 32, 33})
    void oneContextIsThePairUpdate(int dim) {
        for (boolean simd : new boolean[] {false, true}) {
            if (simd && !Simd.AVAILABLE) continue;
            SgnsKernels k = SgnsKernels.create(simd);
            int st = k.stride(dim), vocab = 9;
            Random rnd = new Random(dim);
            float[] syn0 = randomRows(rnd, vocab, dim, st, 2f / (float) Math.sqrt(dim)),
                    syn1 = randomRows(rnd, vocab, dim, st, 2f / (float) Math.sqrt(dim));
            int[] targets = {5, 0, 7, 3, 2, 1};
            float[] p0 = syn0.clone(), p1 = syn1.clone(), w0 = syn0.clone(), w1 = syn1.clone();
            k.trainPair(p0, 8 * st, p1, targets, 0, 6, 0.5f, new float[Math.max(st, 6)], st, 0);
            k.trainWindow(w0, new int[] {8}, 1, w1, targets, 0, 6, 0.5f, new float[SgnsKernels.windowWork(1, 6, st)],
                    st, 0);
            if (simd && VectorSgnsKernels.blockedWindow(st, 6)) {
                for (int i = 0; i < p0.length; i++) {
                    assertEquals(p0[i], w0[i], 1e-6 * (1 + Math.abs(p0[i])), "syn0 [" + i + "]");
                    assertEquals(p1[i], w1[i], 1e-6 * (1 + Math.abs(p1[i])), "syn1 [" + i + "]");
                }
                continue;
            }
            assertArrayEquals(p0, w0, "syn0 simd=" + simd);
            assertArrayEquals(p1, w1, "syn1 simd=" + simd);
        }
    }

    /** Row 0 at index {@code base}: the same rows, moved, on every kernel path (blocked window included). */
    @ParameterizedTest
    @ValueSource(ints = {12, 30, 32})
    void rowsMayStartAnywhere(int dim) {
        for (boolean simd : new boolean[] {false, true}) {
            if (simd && !Simd.AVAILABLE) continue;
            SgnsKernels k = SgnsKernels.create(simd);
            int st = k.stride(dim), vocab = 9, base = 13;
            Random rnd = new Random(dim);
            float[] syn0 = randomRows(rnd, vocab, dim, st, 2f / (float) Math.sqrt(dim)),
                    syn1 = randomRows(rnd, vocab, dim, st, 2f / (float) Math.sqrt(dim));
            int[] contexts = {8, 1, 4, 1, 6}, targets = {5, 0, 7, 3, 2, 1};
            for (int pass = 0; pass < 3; pass++) { // the window, the pair update with distinct and repeated targets
                float[] a0 = syn0.clone(), a1 = syn1.clone(), b0 = moved(syn0, base), b1 = moved(syn1, base);
                if (pass == 0) {
                    k.trainWindow(a0, contexts, 5, a1, targets, 0, 6, 0.5f,
                            new float[SgnsKernels.windowWork(5, 6, st)], st, 0);
                    k.trainWindow(b0, contexts, 5, b1, targets, 0, 6, 0.5f,
                            new float[SgnsKernels.windowWork(5, 6, st)], st, base);
                } else {
                    int[] t = pass == 1 ? targets : new int[] {5, 0, 5, 3, 0, 1};
                    k.trainPair(a0, 8 * st, a1, t, 0, 6, 0.5f, new float[Math.max(st, 6)], st, 0);
                    k.trainPair(b0, base + 8 * st, b1, t, 0, 6, 0.5f, new float[Math.max(st, 6)], st, base);
                }
                assertArrayEquals(moved(a0, base), b0, "syn0 simd=" + simd + " pass " + pass);
                assertArrayEquals(moved(a1, base), b1, "syn1 simd=" + simd + " pass " + pass);
                assertTrue(!Arrays.equals(a0, syn0), "the update changed something");
            }
        }
    }

    private static float[] moved(float[] rows, int base) {
        float[] out = new float[base + rows.length];
        System.arraycopy(rows, 0, out, base, rows.length);
        return out;
    }

    @Test
    void saturatedScoresAreSkipped() {
        SgnsKernels k = SgnsKernels.create(false);
        float[] syn0 = {0, 0, 0, 0, 2, 2, 2, 2}, syn1 = {1, 1, 1, 1, 0, 0, 0, 0}; // score 8 for target 0
        float[] s0 = syn0.clone(), s1 = syn1.clone();
        float[] work = new float[SgnsKernels.windowWork(2, 1, 4)];
        k.trainWindow(s0, new int[] {1, 1}, 2, s1, new int[] {0}, 0, 1, 0.5f, work, 4, 0);
        assertArrayEquals(syn0, s0);
        assertArrayEquals(syn1, s1);
    }

    // ------------------------------------------------------------------------------------------ training

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void sharedNegativesSeparateVocabulariesThatNeverCoOccur(boolean simd) {
        Assumptions.assumeTrue(!simd || Simd.AVAILABLE, "no jdk.incubator.vector");
        Word2VecConfig cfg = Word2VecConfig.gensimDefaults().withVectorSize(16).withThreads(1)
                .withSharedNegatives(true);
        SkipGram.Result r = SkipGram.train(SkipGramTest.twoGroups(400, 20, 1), cfg, simd);
        double[] wb = SkipGramTest.withinAndBetween(r.vectors());
        assertTrue(wb[0] > 0.5 && wb[0] > wb[1] + 0.5, "within " + wb[0] + ", between " + wb[1]);
        // the same pairs as gensim's update: the windows and the down-sampling draws are made alike
        SkipGram.Result g = SkipGram.train(SkipGramTest.twoGroups(400, 20, 1), cfg.withSharedNegatives(false), simd);
        assertTrue(r.pairs() > 0.9 * g.pairs() && r.pairs() < 1.1 * g.pairs(), r.pairs() + " vs " + g.pairs());
    }

    @Test
    void oneThreadIsBitIdenticalForAnyPoolSize() {
        ArrayCorpus c = SkipGramTest.twoGroups(2000, 15, 2); // 30,000 tokens: 3 jobs
        Word2VecConfig cfg = Word2VecConfig.gensimDefaults().withVectorSize(30).withSeed(7).withThreads(1)
                .withSharedNegatives(true);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] a = SkipGram.train(c, cfg).vectors().toArray();
            float[] a2 = SkipGram.train(c, cfg).vectors().toArray();
            Parallel.setThreads(2);
            float[] b = SkipGram.train(c, cfg).vectors().toArray();
            assertArrayEquals(a, a2);
            assertArrayEquals(a, b);
            float[] gensim = SkipGram.train(c, cfg.withSharedNegatives(false)).vectors().toArray();
            assertTrue(!Arrays.equals(a, gensim), "the option changes the update");
            double[] wb = SkipGramTest.withinAndBetween(SkipGram.train(c, cfg.withThreads(0)).vectors());
            assertTrue(wb[0] > wb[1] + 0.5, "Hogwild with shared negatives: within " + wb[0] + ", between " + wb[1]);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void theOptionIsOffByDefault() {
        assertTrue(!Word2VecConfig.gensimDefaults().sharedNegatives());
        assertTrue(!Word2VecConfig.hypergraphDefaults().sharedNegatives());
        assertTrue(Word2VecConfig.hypergraphDefaults().withSharedNegatives(true).withEpochs(3).withThreads(1)
                .sharedNegatives(), "the with* copies keep the option");
    }
}
