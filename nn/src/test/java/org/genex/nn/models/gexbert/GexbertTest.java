package org.genex.nn.models.gexbert;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.genex.autodiff.Functional;
import org.genex.autodiff.Grad;
import org.genex.autodiff.Var;
import org.genex.nn.Checkpoint;
import org.genex.nn.Parameter;
import org.genex.nn.Trainer;
import org.genex.nn.optim.AdamW;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokenizer, the model's shapes, attention extraction, checkpoints, and that pre-training learns. */
class GexbertTest {
    static GexbertConfig tiny(int genes) {
        return new GexbertConfig(genes, 4, 32, 2, 2, 1, 2, 0f, 12, 0.3, 1f, 3e-3f, 0.01f, 0.05, 16);
    }

    @Test
    void tokenizerBinsByPerGeneQuantilesWithAZeroLevelAndMissing() {
        int n = 100, g = 2;
        float[] x = new float[n * g];
        for (int i = 0; i < n; i++) {
            x[i * g] = i < 20 ? 0f : i;                  // gene 0: 20 zeros, then 20..99
            x[i * g + 1] = 1000f + i;                    // gene 1: another scale
        }
        LevelTokenizer t = new LevelTokenizer(g, 4).fit(x, n);
        // gene 0: detected 20..99 -> quartile edges at 39.75, 59.5, 79.25
        assertEquals(0, t.level(0, 0f));
        assertEquals(1, t.level(0, 20f));
        assertEquals(2, t.level(0, 40f));
        assertEquals(4, t.level(0, 99f));
        assertEquals(5, t.level(0, Float.NaN));
        int[] counts = new int[5];
        for (int l : t.levels(x, n)) counts[l]++;
        assertEquals(20, counts[0]);
        assertEquals(45, counts[1]);                     // 20 from gene 0, 25 from gene 1
        // centres are the bin means: gene 1 level 1 holds 1000..1024
        assertEquals(1012f, t.centre(1, 1), 1e-3);
        assertEquals(0f, t.centre(0, 0));
    }

    @Test
    void shapesAndAGradientForEveryParameter() {
        GexbertConfig c = tiny(30);
        Gexbert m = new Gexbert(c, Rng.seeded(1));
        float[] x = data(40, 30, Rng.seeded(2));
        m.tokenizer().fit(x, 40);
        int[] lv = m.tokenizer().levels(x, 40);
        MaskedBatch b = MaskedBatch.sample(lv, x, 30, new int[]{0, 1, 2}, 12, c.maskedCount(12), c.missingId(),
                Rng.seeded(3));
        assertEquals(4, b.m());
        assertEquals(8, b.n());
        Var h = m.encode(b.genes(), b.levels(), 3, 8, null);
        assertEquals(List.of(3, 9, 32), List.of(h.dim(0), h.dim(1), h.dim(2)));
        assertEquals(List.of(3 * 4, 5), List.of(m.restore(h, null, b.queryGenes(), 3, 4).dim(0),
                m.restore(h, null, b.queryGenes(), 3, 4).dim(1)));
        assertEquals(64, m.patientEmbedding(h, null).dim(1));
        Var loss = m.restorationLoss(b);
        loss.backward();
        for (var e : m.namedParameters().entrySet()) {
            Parameter p = e.getValue();
            assertNotNull(p.grad(), e.getKey() + " has no gradient");
        }
        // masked genes are not among the observed ones
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                for (int k = 0; k < 8; k++) assertNotEquals(b.queryGenes()[i * 4 + j], b.genes()[i * 8 + k]);
    }

    @Test
    void paddingLeavesTheOtherTokensUnchanged() {
        GexbertConfig c = tiny(30);
        Gexbert m = new Gexbert(c, Rng.seeded(4));
        m.eval();
        int[] genes = {1, 2, 3, 4, 5, 6}, levels = {1, 2, 3, 0, 4, 1};
        try (Grad.Scope off = Grad.off()) {
            Tensor full = m.patientEmbedding(m.encode(new int[]{1, 2, 3}, new int[]{1, 2, 3}, 1, 3, null), null).value();
            boolean[][] pad = {{false, false, false, true, true, true}};
            Tensor padded = m.patientEmbedding(m.encode(genes, levels, 1, 6, pad), pad).value();
            assertArrayEquals(full.toArray(), padded.toArray(), 1e-5f);
        }
    }

    @Test
    void attentionExtractionReproducesTheEncoderAndRolloutRowsSumToOne() {
        GexbertConfig c = tiny(30);
        Gexbert m = new Gexbert(c, Rng.seeded(5));
        int[] genes = {3, 7, 9, 11, 2, 5, 8, 1}, levels = {1, 2, 3, 4, 0, 5, 1, 2};
        List<Tensor> att = m.encoderAttention(genes, levels, 2, 4, null);
        assertEquals(2, att.size());
        assertEquals(5, att.get(0).dim(1));
        float[] w = att.get(1).toArray();
        for (int r = 0; r < 10; r++) {
            double s = 0;
            for (int q = 0; q < 5; q++) s += w[r * 5 + q];
            assertEquals(1.0, s, 1e-5);
        }
        Tensor roll = Gexbert.rollout(att);
        float[] rr = roll.toArray();
        for (int r = 0; r < 10; r++) {
            double s = 0;
            for (int q = 0; q < 5; q++) s += rr[r * 5 + q];
            assertEquals(1.0, s, 1e-5);
        }
        // the step-by-step blocks give the encoder's output (eval mode)
        Tensor[] states = new Tensor[1];
        m.encoderAttentionAndStates(genes, levels, 2, 4, null, states);
        m.eval();
        try (Grad.Scope off = Grad.off()) {
            Tensor h = m.encode(genes, levels, 2, 4, null).value();
            assertArrayEquals(h.toArray(), states[0].toArray(), 1e-5f);
        }
    }

    @Test
    void checkpointRoundTripGivesTheSameOutputs(@TempDir Path dir) throws IOException {
        GexbertConfig c = tiny(30);
        Gexbert m = new Gexbert(c, Rng.seeded(6));
        float[] x = data(40, 30, Rng.seeded(7));
        m.tokenizer().fit(x, 40);
        Path p = dir.resolve("g.safetensors");
        Checkpoint.save(m, null, Map.of("config", c.toJson()), p);
        Gexbert fresh = new Gexbert(c, Rng.seeded(99));
        Checkpoint.loadStateDict(fresh, p);
        m.eval();
        fresh.eval();
        int[] genes = {1, 2, 3, 4}, lv = {1, 0, 4, 5}, q = {7, 8};
        try (Grad.Scope off = Grad.off()) {
            Var h1 = m.encode(genes, lv, 1, 4, null), h2 = fresh.encode(genes, lv, 1, 4, null);
            assertArrayEquals(h1.value().toArray(), h2.value().toArray());
            Var l1 = m.restore(h1, null, q, 1, 2), l2 = fresh.restore(h2, null, q, 1, 2);
            assertArrayEquals(m.expectedValue(l1, q).value().toArray(), fresh.expectedValue(l2, q).value().toArray());
        }
        assertArrayEquals(m.tokenizer().edges().toArray(), fresh.tokenizer().edges().toArray());
        assertTrue(Files.exists(p));
    }

    /**
     * Pre-training through the Trainer learns co-expression: genes driven by two latent factors, so a masked gene's
     * level is predictable from the observed ones. The validation level accuracy (0.20 untrained, about the
     * 1/(N_levels + 1) of a guess) must double (reached: 0.50).
     */
    @Test
    void pretrainingLearnsToRestoreMaskedLevels() throws IOException {
        int g = 30, n = 600;
        GexbertConfig c = tiny(g).withSampledGenes(g);
        Gexbert m = new Gexbert(c, Rng.seeded(8));
        float[] x = data(n, g, Rng.seeded(9));
        int[] train = java.util.stream.IntStream.range(0, 500).toArray();
        int[] val = java.util.stream.IntStream.range(500, n).toArray();
        m.tokenizer().fit(java.util.Arrays.copyOf(x, 500 * g), 500);
        PretrainTask task = new PretrainTask(m, m.tokenizer().levels(x, n), x, train, val, Rng.seeded(10));
        double before = task.evaluate().get("val_level_accuracy");
        Trainer.Result r = new Trainer(m, new AdamW(m.trainableParameters(), 1e-2f), task,
                Trainer.Config.defaults().withEpochs(16).withBatchSize(32).withSeed(1).withEvalEvery(16 * 16)).fit();
        double after = r.lastEval().get("val_level_accuracy");
        assertTrue(before < 0.3, "untrained accuracy " + before);
        assertTrue(after > 0.4, "trained level accuracy " + after + " (from " + before + ")");
    }

    /** n x g log values from two latent factors plus noise, a quarter of gene 0's values zero. */
    static float[] data(int n, int g, Rng rng) {
        float[] x = new float[n * g];
        float[] load = new float[2 * g];
        rng.fillNormal(load, 0f, 1f);
        for (int i = 0; i < n; i++) {
            double z1 = rng.gaussian(), z2 = rng.gaussian();
            for (int j = 0; j < g; j++)
                x[i * g + j] = (float) Math.max(0, 5 + 1.5 * (z1 * load[j] + z2 * load[g + j]) + 0.3 * rng.gaussian());
        }
        return x;
    }

    /**
     * Exact resume: 6 steps straight, or 3 steps, a checkpoint, fresh objects resumed from it and 3 more steps, give
     * the same parameters bit for bit (fresh masks per call and dropout masks are part of the task's state).
     */
    @Test
    void pretrainingResumesExactly(@TempDir Path dir) throws IOException {
        int g = 20, n = 64;
        GexbertConfig c = tiny(g).withDropout(0.1f);
        float[] x = data(n, g, Rng.seeded(12));
        int[] train = java.util.stream.IntStream.range(0, n).toArray();
        Gexbert straight = fitted(c, x, n, train, 6, null, null);
        Path ck = dir.resolve("ck");
        fitted(c, x, n, train, 3, ck, null);
        Gexbert resumed = fitted(c, x, n, train, 6, null, Trainer.latestCheckpoint(ck));
        for (var e : straight.stateDict().entrySet())
            assertArrayEquals(e.getValue().toArray(), resumed.stateDict().get(e.getKey()).toArray(), e.getKey());
    }

    private static Gexbert fitted(GexbertConfig c, float[] x, int n, int[] train, int steps, Path ckDir, Path resume)
            throws IOException {
        Gexbert m = new Gexbert(c, Rng.seeded(21));
        m.tokenizer().fit(x, n);
        PretrainTask task = new PretrainTask(m, m.tokenizer().levels(x, n), x, train, new int[0], Rng.seeded(22));
        Trainer.Config cfg = Trainer.Config.defaults().withMaxSteps(steps).withEpochs(0).withBatchSize(16).withSeed(3);
        if (ckDir != null) cfg = cfg.withCheckpoints(ckDir, 0);
        Trainer t = new Trainer(m, new AdamW(m.trainableParameters(), 1e-2f), task, cfg);
        if (resume != null) t.resumeFrom(resume);
        t.fit();
        return m;
    }

    @Test
    void ignoredTargetsAreNeverScored() {
        GexbertConfig c = tiny(10);
        float[] x = data(3, 10, Rng.seeded(1));
        x[0] = Float.NaN;
        Gexbert m = new Gexbert(c, Rng.seeded(1));
        m.tokenizer().fit(x, 3);
        int[] lv = m.tokenizer().levels(x, 3);
        assertEquals(c.missingId(), lv[0]);
        MaskedBatch b = MaskedBatch.sample(lv, x, 10, new int[]{0}, 10, 9, c.missingId(), Rng.seeded(2));
        boolean found = false;
        for (int i = 0; i < b.m(); i++)
            if (b.queryGenes()[i] == 0) {
                assertEquals(Functional.IGNORE_INDEX, b.targets()[i]);
                found = true;
            }
        if (!found) assertEquals(c.missingId(), b.levels()[0]);
        assertTrue(Double.isFinite(m.restorationLoss(b).item()));
    }
}
