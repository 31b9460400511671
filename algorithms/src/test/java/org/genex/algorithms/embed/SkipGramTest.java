package org.genex.algorithms.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.genex.tensor.Parallel;
import org.genex.tensor.Tensor;
import org.genex.tensor.cpu.Simd;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SkipGramTest {

    // ------------------------------------------------------------------------------------------ planted structure

    /** Two vocabularies, 0..9 and 10..19, that never share a sentence. */
    static ArrayCorpus twoGroups(int sentences, int length, long seed) {
        Random rnd = new Random(seed);
        int[][] s = new int[sentences][length];
        for (int i = 0; i < sentences; i++) {
            int base = (i % 2) * 10;
            for (int j = 0; j < length; j++) s[i][j] = base + rnd.nextInt(10);
        }
        return ArrayCorpus.of(20, s);
    }

    static double cosine(Tensor v, int a, int b) {
        int d = v.dim(1);
        float[] x = v.array();
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < d; i++) {
            double p = x[v.offset() + a * d + i], q = x[v.offset() + b * d + i];
            dot += p * q;
            na += p * p;
            nb += q * q;
        }
        return dot / Math.sqrt(na * nb);
    }

    /** Mean cosine within the groups and between them. */
    static double[] withinAndBetween(Tensor v) {
        double within = 0, between = 0;
        int nw = 0, nb = 0;
        for (int a = 0; a < 20; a++)
            for (int b = a + 1; b < 20; b++) {
                if ((a < 10) == (b < 10)) {
                    within += cosine(v, a, b);
                    nw++;
                } else {
                    between += cosine(v, a, b);
                    nb++;
                }
            }
        return new double[] {within / nw, between / nb};
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void separatesVocabulariesThatNeverCoOccur(boolean simd) {
        Assumptions.assumeTrue(!simd || Simd.AVAILABLE, "no jdk.incubator.vector");
        Word2VecConfig cfg = Word2VecConfig.gensimDefaults().withVectorSize(16).withThreads(1);
        SkipGram.Result r = SkipGram.train(twoGroups(400, 20, 1), cfg, simd);
        double[] wb = withinAndBetween(r.vectors());
        assertTrue(wb[0] > 0.5 && wb[0] > wb[1] + 0.5,
                "within-group cosine " + wb[0] + " should exceed between-group " + wb[1]);
        // every within-group pair beats every between-group pair
        double minWithin = 1, maxBetween = -1;
        for (int a = 0; a < 20; a++)
            for (int b = a + 1; b < 20; b++) {
                double c = cosine(r.vectors(), a, b);
                if ((a < 10) == (b < 10)) minWithin = Math.min(minWithin, c);
                else maxBetween = Math.max(maxBetween, c);
            }
        assertTrue(minWithin > maxBetween, "min within " + minWithin + " vs max between " + maxBetween);
        assertEquals(8000, java.util.Arrays.stream(r.counts()).sum());
        assertTrue(r.trainedTokens() > 0 && r.trainedTokens() < 5 * 8000, "down-sampling drops frequent tokens");
    }

    @Test
    void oneThreadIsBitIdenticalAndThreadsStillLearn() {
        ArrayCorpus c = twoGroups(2000, 15, 2); // 30,000 tokens: 3 jobs
        Word2VecConfig cfg = Word2VecConfig.gensimDefaults().withVectorSize(12).withSeed(7);
        float[] a = SkipGram.train(c, cfg.withThreads(1)).vectors().toArray();
        float[] b = SkipGram.train(c, cfg.withThreads(1)).vectors().toArray();
        assertArrayEquals(a, b);
        float[] other = SkipGram.train(c, cfg.withThreads(1).withSeed(8)).vectors().toArray();
        assertTrue(!java.util.Arrays.equals(a, other), "another seed gives other vectors");
        int before = Parallel.threads();
        try {
            Parallel.setThreads(2);
            double[] one = withinAndBetween(SkipGram.train(c, cfg.withThreads(1)).vectors());
            double[] wb = withinAndBetween(SkipGram.train(c, cfg.withThreads(0)).vectors());
            assertTrue(wb[0] > wb[1] + 0.5, "Hogwild training: within " + wb[0] + ", between " + wb[1]
                    + " (one thread: " + one[0] + ", " + one[1] + ")");
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** Where row 0 sits in the tables ({@link RowAlignment}) changes no bit, with either update and kernel path. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rowPlacementChangesNoBit(boolean simd) {
        Assumptions.assumeTrue(!simd || Simd.AVAILABLE, "no jdk.incubator.vector");
        ArrayCorpus c = twoGroups(300, 15, 3);
        for (boolean shared : new boolean[] {false, true})
            for (int dim : new int[] {30, 32}) {
                Word2VecConfig cfg = Word2VecConfig.gensimDefaults().withVectorSize(dim).withSeed(5).withThreads(1)
                        .withSharedNegatives(shared).withNoisePool(shared ? 16 : 0);
                SkipGram.Result at0 = SkipGram.train(c, cfg, simd, 0);
                for (int base : new int[] {5, 12, 13}) {
                    SkipGram.Result moved = SkipGram.train(c, cfg, simd, base);
                    String what = "shared=" + shared + " dim=" + dim + " base=" + base;
                    assertArrayEquals(at0.vectors().toArray(), moved.vectors().toArray(), what);
                    assertArrayEquals(at0.contextVectors().toArray(), moved.contextVectors().toArray(), what);
                    assertEquals(at0.pairs(), moved.pairs(), what);
                }
            }
    }

    @Test
    void rowAlignmentPlacesRowsOnLinesOnlyWhereItCan() {
        for (long rows : new long[] {1, 1000, 100_000, 1_000_000}) {
            int at = RowAlignment.offset(rows, 32);
            assertTrue(at >= 0 && at < 16, rows + " rows: " + at);
            assertEquals(0, RowAlignment.offset(rows, 30), "rows of 30 floats are never on lines");
            assertEquals(0, RowAlignment.offset(rows, 8), "rows of 8 floats are never on lines");
        }
        assertEquals(0, RowAlignment.offset(1000, 32), "a table of 128 KB stays at 0");
    }

    @Test
    void initialVectorsAreGensim4sUniform() {
        Word2VecConfig cfg = Word2VecConfig.gensimDefaults().withVectorSize(8).withEpochs(0);
        SkipGram.Result r = SkipGram.train(ArrayCorpus.of(500, new int[] {1, 2, 3}), cfg);
        float[] v = r.vectors().toArray();
        double lo = 1, hi = -1;
        for (float x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        assertTrue(lo >= -1.0 / 8 && hi < 1.0 / 8 && lo < -0.11 && hi > 0.11, "range [" + lo + ", " + hi + "]");
        for (float x : r.contextVectors().toArray()) assertEquals(0f, x);
        assertEquals(500, r.vectors().dim(0));
    }

    // ------------------------------------------------------------------------------------------ gradient

    /** The SGNS loss of one pair, in double: -log σ(u_0 . v) - Σ_k log σ(-u_k . v). */
    static double loss(double[] v, double[][] u) {
        double l = 0;
        for (int d = 0; d < u.length; d++) {
            double f = 0;
            for (int i = 0; i < v.length; i++) f += v[i] * u[d][i];
            l += d == 0 ? Math.log1p(Math.exp(-f)) : Math.log1p(Math.exp(f));
        }
        return l;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 17, 30, 32, 33, 100})
    void onePairUpdateIsMinusTheLossGradient(int dim) {
        for (boolean simd : new boolean[] {false, true}) {
            if (simd && !Simd.AVAILABLE) continue;
            SgnsKernels k = SgnsKernels.create(simd);
            int st = k.stride(dim); // rows of st floats, the last st - dim zero
            Random rnd = new Random(dim);
            int vocab = 9, in = 8;
            int[] targets = {5, 0, 7, 3, 2, 1}; // distinct: centre 5, five noise tokens
            float[] syn0 = new float[vocab * st], syn1 = new float[vocab * st];
            for (int r = 0; r < vocab; r++)
                for (int i = 0; i < dim; i++) {
                    syn0[r * st + i] = (rnd.nextFloat() - 0.5f) * 2f / (float) Math.sqrt(dim);
                    syn1[r * st + i] = (rnd.nextFloat() - 0.5f) * 2f / (float) Math.sqrt(dim);
                }
            double[] v = new double[dim];
            double[][] u = new double[targets.length][dim];
            for (int i = 0; i < dim; i++) {
                v[i] = syn0[in * st + i];
                for (int d = 0; d < targets.length; d++) u[d][i] = syn1[targets[d] * st + i];
            }
            float[] s0 = syn0.clone(), s1 = syn1.clone();
            k.trainPair(s0, in * st, s1, targets, 0, targets.length, 1f, new float[st], st, 0);
            double h = 1e-5;
            for (int i = 0; i < dim; i++) {
                double[] vp = v.clone(), vm = v.clone();
                vp[i] += h;
                vm[i] -= h;
                double g = (loss(vp, u) - loss(vm, u)) / (2 * h);
                double step = (double) s0[in * st + i] - syn0[in * st + i];
                assertEquals(-g, step, 2e-5 + 1e-4 * Math.abs(g), "d/dv[" + i + "] simd=" + simd);
            }
            for (int d = 0; d < targets.length; d++)
                for (int i = 0; i < dim; i++) {
                    double[][] up = copy(u), um = copy(u);
                    up[d][i] += h;
                    um[d][i] -= h;
                    double g = (loss(v, up) - loss(v, um)) / (2 * h);
                    double step = (double) s1[targets[d] * st + i] - syn1[targets[d] * st + i];
                    assertEquals(-g, step, 2e-5 + 1e-4 * Math.abs(g), "d/du" + d + "[" + i + "] simd=" + simd);
                }
            // untouched rows stay as they were, and the padding lanes stay zero
            for (int row : new int[] {4, 6})
                for (int i = 0; i < st; i++) {
                    assertEquals(syn1[row * st + i], s1[row * st + i]);
                    assertEquals(syn0[row * st + i], s0[row * st + i]);
                }
            for (int r = 0; r < vocab; r++)
                for (int i = dim; i < st; i++) {
                    assertEquals(0f, s0[r * st + i]);
                    assertEquals(0f, s1[r * st + i]);
                }
        }
    }

    @Test
    void saturatedScoresAreSkippedAsInGensim() {
        SgnsKernels k = SgnsKernels.create(false);
        int dim = 4;
        float[] syn0 = {0, 0, 0, 0, 2, 2, 2, 2}, syn1 = {1, 1, 1, 1, 0, 0, 0, 0}; // score 8 for target 0
        float[] s0 = syn0.clone(), s1 = syn1.clone();
        k.trainPair(s0, dim, s1, new int[] {0}, 0, 1, 0.5f, new float[dim], dim, 0);
        assertArrayEquals(syn0, s0);
        assertArrayEquals(syn1, s1);
    }

    @Test
    void vectorDotMatchesScalarDot() {
        Assumptions.assumeTrue(Simd.AVAILABLE, "no jdk.incubator.vector");
        SgnsKernels s = SgnsKernels.create(false), v = SgnsKernels.create(true);
        Random rnd = new Random(9);
        for (int n = 0; n < 70; n++) {
            float[] a = new float[n + 5], b = new float[n + 3];
            for (int i = 0; i < a.length; i++) a[i] = rnd.nextFloat() - 0.5f;
            for (int i = 0; i < b.length; i++) b[i] = rnd.nextFloat() - 0.5f;
            double ref = 0;
            for (int i = 0; i < n; i++) ref += (double) a[5 + i] * b[3 + i];
            assertEquals(ref, s.dot(a, 5, b, 3, n), 1e-5);
            assertEquals(ref, v.dot(a, 5, b, 3, n), 1e-5);
        }
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    // ------------------------------------------------------------------------------------------ down-sampling

    @Test
    void downSamplingThresholdsMatchGensim() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (var in = SkipGramTest.class.getResourceAsStream("/golden/gensim_sample_int.csv");
             var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; )
                if (!line.startsWith("#") && !line.startsWith("sample")) rows.add(line.split(","));
        }
        assertEquals(60, rows.size());
        long[] counts = {1, 2, 3, 5, 8, 13, 40, 100, 250, 1000, 3000, 12000};
        for (String[] row : rows) {
            double sample = Double.parseDouble(row[0]);
            int token = Integer.parseInt(row[1]);
            assertEquals(counts[token], Long.parseLong(row[2]));
            assertEquals(Long.parseLong(row[3]), SkipGram.sampleInt(counts, sample)[token],
                    "sample " + sample + ", token " + token);
        }
    }

    @Test
    void downSamplingFormula() {
        // t = 1e-3 * 100000 = 100; count 400: p = (sqrt(4) + 1) * 100/400 = 0.75
        long[] counts = {400, 99_600};
        long[] s = SkipGram.sampleInt(counts, 1e-3);
        assertEquals((long) (0.75 * 4294967295.0), s[0]);
        assertEquals((long) ((Math.sqrt(99_600 / 100.0) + 1) * (100 / 99_600.0) * 4294967295.0), s[1]);
        assertEquals(4294967295L, SkipGram.sampleInt(counts, 0)[0]);
        assertEquals(0, SkipGram.sampleInt(new long[] {0, 5}, 1e-3)[0]);
    }

    // ------------------------------------------------------------------------------------------ plumbing

    @Test
    void jobsCutTheCorpusByTokens() {
        ArrayCorpus c = ArrayCorpus.of(3, new int[4], new int[4], new int[4], new int[4], new int[1]);
        assertArrayEquals(new int[] {0, 2, 4, 5}, SkipGram.jobBounds(c, 8));
        assertArrayEquals(new int[] {0, 5}, SkipGram.jobBounds(c, 10_000));
        assertArrayEquals(new int[] {0}, SkipGram.jobBounds(ArrayCorpus.of(3), 10));
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ArrayCorpus.of(3, new int[] {0, 3}));
        assertThrows(IllegalArgumentException.class, () -> Word2VecConfig.gensimDefaults().withVectorSize(0));
        assertThrows(IllegalArgumentException.class, () -> Word2VecConfig.gensimDefaults().withThreads(2));
        assertThrows(IllegalArgumentException.class, () -> Word2VecConfig.gensimDefaults().withAlpha(0.01, 0.1));
        assertThrows(IllegalArgumentException.class, () -> SkipGram.train(null, Word2VecConfig.gensimDefaults()));
    }

    @Test
    void emptyCorpusReturnsTheInitialVectors() {
        SkipGram.Result r = SkipGram.train(ArrayCorpus.of(4), Word2VecConfig.gensimDefaults().withVectorSize(3));
        assertEquals(0, r.pairs());
        assertEquals(4, r.vectors().dim(0));
    }
}
