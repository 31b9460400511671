package org.genex.algorithms.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.genex.tensor.cpu.Simd;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The per-job noise pool ({@link Word2VecConfig#noisePool()}) of {@link SkipGram}. */
class NoisePoolTest {

    /**
     * A pick from a pool has the noise distribution: over many pools (jobs), the frequency of each token matches
     * its noise probability (counts^0.75 normalised) within 5 standard errors, and the picks within one pool are
     * uniform over its members.
     */
    @Test
    void picksHaveTheNoiseDistribution() {
        double[] weights = new double[12];
        for (int w = 0; w < weights.length; w++) weights[w] = Math.pow(1 + 3 * w, 0.75);
        double total = Arrays.stream(weights).sum();
        AliasTables noise = AliasTables.single(weights);
        long[] seen = new long[weights.length];
        int pools = 400, picks = 2000;
        long lcg = 12345;
        for (int p = 0; p < pools; p++) {
            int[] pool = SkipGram.noisePool(noise, 256, 1000 + p);
            assertEquals(256, pool.length);
            for (int i = 0; i < picks; i++) {
                seen[SkipGram.pick(pool, lcg)]++;
                lcg = (lcg * 25214903917L + 11) & ((1L << 48) - 1);
            }
        }
        double n = (double) pools * picks;
        for (int w = 0; w < weights.length; w++) {
            double p = weights[w] / total;
            // picks from one pool are not independent draws: the pool's own sampling error (256 draws) dominates
            double se = Math.sqrt(p * (1 - p) / (256.0 * pools));
            assertTrue(Math.abs(seen[w] / n - p) < 5 * se,
                    "token " + w + ": frequency " + seen[w] / n + ", noise probability " + p);
        }
        // uniform over a pool's positions: a pool of distinct tokens is picked evenly
        int[] pool = {3, 1, 4, 0, 2, 5, 9, 7};
        long[] byPosition = new long[10];
        for (int i = 0; i < 80_000; i++) {
            byPosition[SkipGram.pick(pool, lcg)]++;
            lcg = (lcg * 25214903917L + 11) & ((1L << 48) - 1);
        }
        for (int t : pool) assertTrue(Math.abs(byPosition[t] - 10_000) < 500, "token " + t + ": " + byPosition[t]);
    }

    @ParameterizedTest
    @CsvSource({"false, false", "false, true", "true, false", "true, true"})
    void aPooledRunStillSeparatesVocabulariesThatNeverCoOccur(boolean shared, boolean simd) {
        Assumptions.assumeTrue(!simd || Simd.AVAILABLE, "no jdk.incubator.vector");
        Word2VecConfig cfg = Word2VecConfig.gensimDefaults().withVectorSize(16).withThreads(1)
                .withSharedNegatives(shared).withNoisePool(64);
        SkipGram.Result r = SkipGram.train(SkipGramTest.twoGroups(400, 20, 1), cfg, simd);
        double[] wb = SkipGramTest.withinAndBetween(r.vectors());
        assertTrue(wb[0] > 0.5 && wb[0] > wb[1] + 0.5, "within " + wb[0] + ", between " + wb[1]);
        // about the same pairs (a pooled draw takes one random number, not two, so the windows and down-sampling
        // that follow draw other numbers)
        SkipGram.Result plain = SkipGram.train(SkipGramTest.twoGroups(400, 20, 1), cfg.withNoisePool(0), simd);
        assertTrue(r.pairs() > 0.9 * plain.pairs() && r.pairs() < 1.1 * plain.pairs(), r.pairs() + " vs "
                + plain.pairs());
        assertTrue(!Arrays.equals(plain.vectors().toArray(), r.vectors().toArray()), "the pool changes the draws");
    }

    @Test
    void oneThreadIsBitIdenticalWithAPool() {
        ArrayCorpus c = SkipGramTest.twoGroups(2000, 15, 2); // 30,000 tokens: 3 jobs, 3 pools an epoch
        Word2VecConfig cfg = Word2VecConfig.gensimDefaults().withVectorSize(30).withSeed(7).withThreads(1)
                .withSharedNegatives(true).withNoisePool(100);
        assertArrayEquals(SkipGram.train(c, cfg).vectors().toArray(), SkipGram.train(c, cfg).vectors().toArray());
    }

    @Test
    void theOptionIsOffByDefaultAndChecked() {
        assertEquals(0, Word2VecConfig.gensimDefaults().noisePool());
        assertEquals(0, Word2VecConfig.hypergraphDefaults().noisePool());
        Word2VecConfig c = Word2VecConfig.hypergraphDefaults().withNoisePool(4096).withSharedNegatives(true)
                .withEpochs(3).withThreads(1).withSeed(2);
        assertEquals(4096, c.noisePool(), "the with* copies keep the option");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Word2VecConfig.gensimDefaults().withNoisePool(-1));
        assertTrue(e.getMessage().contains("noisePool"), e.getMessage());
    }
}
