package org.genex.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.*;
import org.genex.autodiff.Grad;
import org.genex.autodiff.Var;
import org.genex.nn.optim.AdamW;
import org.genex.nn.optim.LrSchedule;
import org.genex.nn.optim.Optimizer;
import org.genex.nn.optim.SGD;
import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop: exact resume, gradient accumulation, divergence, early stopping, logs and listeners. */
class TrainerTest {
    @TempDir
    Path dir;

    /** fc2(tanh(fc1(x)) * mask): an MLP whose hidden layer can be masked like dropout. */
    static final class Mlp extends Module {
        final Linear fc1, fc2;

        Mlp(long seed) {
            Rng rng = Rng.seeded(seed);
            fc1 = module("fc1", new Linear(4, 16, true, rng));
            fc2 = module("fc2", new Linear(16, 2, true, rng));
        }

        Var forward(Var x, Tensor mask) {
            Var h = fc1.forward(x).tanh();
            return fc2.forward(mask == null ? h : h.mul(Var.of(mask)));
        }
    }

    /**
     * Mean squared error on a fixed toy regression of {@code n} samples. With {@code dropout > 0} the hidden layer is
     * masked with a fresh inverted-dropout mask per call, drawn from {@code Rng.seeded(77).fork(calls)}: a call counter
     * as nn.Dropout keeps, saved and restored through the task state.
     */
    static class Task implements TrainingTask {
        final Mlp model;
        final Tensor x, y;
        final double dropout;
        long calls;
        boolean restoreCounter = true;

        Task(Mlp model, int n, double dropout) {
            this.model = model;
            this.dropout = dropout;
            Rng rng = Rng.seeded(123);
            x = rng.normal(Shape.of(n, 4), 0f, 1f);
            float[] t = new float[n * 2];
            for (int i = 0; i < n; i++) {
                t[2 * i] = (float) Math.sin(x.get(i, 0)) + 0.5f * x.get(i, 1);
                t[2 * i + 1] = x.get(i, 2) * x.get(i, 3);
            }
            y = Tensor.wrap(t, n, 2);
        }

        @Override
        public int size() { return x.dim(0); }

        @Override
        public Var loss(int[] batch) {
            Tensor mask = null;
            if (dropout > 0) {
                Rng r = Rng.seeded(77).fork(calls++);
                float[] m = new float[batch.length * 16];
                for (int i = 0; i < m.length; i++) m[i] = r.nextDouble() < dropout ? 0f : (float) (1 / (1 - dropout));
                mask = Tensor.wrap(m, batch.length, 16);
            }
            Var out = model.forward(Var.of(x.indexSelect(0, batch)), mask);
            return out.sub(Var.of(y.indexSelect(0, batch))).square().mean();
        }

        @Override
        public Map<String, Double> evaluate() {
            return Map.of("mse", (double) model.forward(Var.of(x), null).sub(Var.of(y)).square().mean().item());
        }

        @Override
        public Map<String, String> state() { return Map.of("dropout_calls", Long.toString(calls)); }

        @Override
        public void restoreState(Map<String, String> state) {
            if (restoreCounter) calls = Long.parseLong(state.get("dropout_calls"));
        }
    }

    private static void assertSameParameters(Module a, Module b, String what) {
        for (var e : a.stateDict().entrySet())
            assertArrayEquals(e.getValue().toArray(), b.stateDict().get(e.getKey()).toArray(), what + ": " + e.getKey());
    }

    private static void assertSameOptimizerState(Optimizer a, Optimizer b) {
        assertEquals(a.state().keySet(), b.state().keySet());
        for (var e : a.state().entrySet())
            assertArrayEquals(e.getValue().toArray(), b.state().get(e.getKey()).toArray(), "optimizer " + e.getKey());
        assertEquals(a.steps(), b.steps());
    }

    // ------------------------------------------------------------------------------------------------ exact resume

    /** 50 samples, micro-batches of 4, 2 per step: 7 steps per epoch (the last of 2 samples), 3 epochs. */
    private Trainer.Config resumeConfig() {
        return Trainer.Config.defaults().withEpochs(3).withBatchSize(4).withAccumulationSteps(2).withClipNorm(0.5)
                .withSchedule(LrSchedule.cosineWithWarmup(3, 21, 0.1)).withSeed(11);
    }

    private void checkResume(double dropout, boolean restoreCounter, boolean expectSame) throws IOException {
        Mlp straight = new Mlp(1);
        AdamW optStraight = new AdamW(straight.parameters(), 1e-2f);
        Trainer.Result r = new Trainer(straight, optStraight, new Task(straight, 50, dropout), resumeConfig()).fit();
        assertEquals(21, r.steps());

        Path ckpt = dir.resolve("resume-" + dropout + "-" + restoreCounter);
        Mlp first = new Mlp(1);
        AdamW optFirst = new AdamW(first.parameters(), 1e-2f);
        Trainer.Result half = new Trainer(first, optFirst, new Task(first, 50, dropout),
                resumeConfig().withMaxSteps(10).withCheckpoints(ckpt, 0)).fit();
        assertEquals(10, half.steps());                                  // mid-epoch: epoch 1, step 3 of 7
        assertEquals(1, half.epoch());

        Mlp resumed = new Mlp(99);                                       // different initial values, overwritten
        AdamW optResumed = new AdamW(resumed.parameters(), 1e-2f);
        Task task = new Task(resumed, 50, dropout);
        task.restoreCounter = restoreCounter;
        Trainer t = new Trainer(resumed, optResumed, task, resumeConfig());
        Map<String, String> meta = t.resumeFrom(ckpt);
        assertEquals("10", meta.get("trainer.step"));
        assertEquals("3", meta.get("trainer.batch"));
        assertEquals(10, t.step());
        assertEquals(21, t.fit().steps());
        if (expectSame) {
            assertSameParameters(straight, resumed, "straight vs resumed");
            assertSameOptimizerState(optStraight, optResumed);
        } else {
            assertFalse(Arrays.equals(straight.fc1.weight().value().toArray(), resumed.fc1.weight().value().toArray()),
                    "the dropout counter must matter for this test to mean anything");
        }
    }

    @Test
    void resumingHalfwayGivesTheSameParametersBitForBit() throws IOException {
        checkResume(0, true, true);
    }

    @Test
    void resumingRestoresTheTasksDropoutCounter() throws IOException {
        checkResume(0.25, true, true);
        checkResume(0.25, false, false);                                 // without it, the masks differ
    }

    @Test
    void resumeRefusesACheckpointOfADifferentRun() throws IOException {
        Mlp m = new Mlp(1);
        Path ckpt = dir.resolve("other");
        new Trainer(m, new AdamW(m.parameters(), 1e-2f), new Task(m, 50, 0),
                resumeConfig().withMaxSteps(2).withCheckpoints(ckpt, 0)).fit();
        Mlp n = new Mlp(2);
        Trainer t = new Trainer(n, new AdamW(n.parameters(), 1e-2f), new Task(n, 50, 0),
                resumeConfig().withSeed(12).withBatchSize(5));
        var e = assertThrows(IllegalArgumentException.class, () -> t.resumeFrom(ckpt));
        assertTrue(e.getMessage().contains("seed: checkpoint 11, this trainer 12"), e.getMessage());
        assertTrue(e.getMessage().contains("trainer.batch_size: checkpoint 4, this trainer 5"), e.getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThrows(IllegalArgumentException.class, () -> t.resumeFrom(empty));
    }

    // ------------------------------------------------------------------------------------------------ accumulation

    private static Mlp trainSgd(int n, int batch, int accumulation) throws IOException {
        Mlp m = new Mlp(3);
        new Trainer(m, new SGD(m.parameters(), 0.2f), new Task(m, n, 0),
                Trainer.Config.defaults().withEpochs(2).withBatchSize(batch).withAccumulationSteps(accumulation)
                        .withSeed(5)).fit();
        return m;
    }

    @Test
    void accumulatedMicroBatchesEqualOneLargeBatch() throws IOException {
        // 45 samples: steps of 32 then 13; accumulated as 4 x 8, then 8 + 5 weighted 8/13 and 5/13
        Mlp big = trainSgd(45, 32, 1), accumulated = trainSgd(45, 8, 4), small = trainSgd(45, 8, 1);
        boolean differs = false;
        for (var e : big.stateDict().entrySet()) {
            float[] a = e.getValue().toArray(), b = accumulated.stateDict().get(e.getKey()).toArray();
            float[] c = small.stateDict().get(e.getKey()).toArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 2e-6, e.getKey() + " element " + i);
                differs |= Math.abs(a[i] - c[i]) > 1e-3;
            }
        }
        assertTrue(differs, "batches of 8 without accumulation take other steps");
    }

    // ------------------------------------------------------------------------------------------------ divergence

    @Test
    void aNaNLossStopsTrainingAndKeepsTheLastGoodCheckpoint() throws IOException {
        Path ckpt = dir.resolve("nan");
        Mlp m = new Mlp(1);
        AdamW opt = new AdamW(m.parameters(), 1e-2f);
        List<Double> losses = new ArrayList<>();
        Task task = new Task(m, 50, 0) {
            int count;

            @Override
            public Var loss(int[] batch) {
                Var l = super.loss(batch);
                return ++count == 10 ? l.mul(Float.NaN) : l;           // micro-batch 10 = step 5's second one
            }
        };
        Trainer t = new Trainer(m, opt, task, resumeConfig().withCheckpoints(ckpt, 2).withKeepCheckpoints(2))
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(int epoch, long step, double loss, double sps, Duration eta) { losses.add(loss); }
                });
        var e = assertThrows(TrainingDivergedException.class, t::fit);
        assertEquals(5, e.step());
        assertEquals(0, e.epoch());
        assertEquals(9, e.batch());                                      // micro-batches 0..9 of epoch 0
        assertEquals(losses.get(3), e.lastFiniteLoss());
        assertTrue(e.getMessage().contains("loss NaN at step 5 (epoch 0, batch 9)"), e.getMessage());
        assertTrue(e.getMessage().contains("last finite loss was " + losses.get(3)), e.getMessage());
        assertTrue(e.getMessage().contains("step-000000004.safetensors"), e.getMessage());
        assertEquals(4, t.step());

        List<Path> left = Trainer.checkpoints(ckpt);
        assertEquals(List.of("step-000000002.safetensors", "step-000000004.safetensors"),
                left.stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(left.get(1), Trainer.latestCheckpoint(ckpt));
        assertTrue(Checkpoint.isCompletePair(left.get(1)));
        Mlp fromCheckpoint = new Mlp(7);
        Checkpoint.load(fromCheckpoint, new AdamW(fromCheckpoint.parameters(), 1e-2f), left.get(1));
        assertSameParameters(m, fromCheckpoint, "the failing step changed nothing");

        Mlp clean = new Mlp(1);
        new Trainer(clean, new AdamW(clean.parameters(), 1e-2f), new Task(clean, 50, 0), resumeConfig().withMaxSteps(4)).fit();
        assertSameParameters(clean, fromCheckpoint, "checkpoint after 4 good steps");
    }

    @Test
    void anInfiniteGradientNormStopsTrainingToo() {
        Mlp m = new Mlp(1);
        Task task = new Task(m, 50, 0) {
            @Override
            public Var loss(int[] batch) {                       // finite loss, infinite gradient: sqrt at 0
                return super.loss(batch).add(m.fc2.bias().var().sub(m.fc2.bias().var()).sqrt().sum());
            }
        };
        var e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(m, new AdamW(m.parameters(), 1e-2f), task, resumeConfig()).fit());
        assertEquals(1, e.step());
        assertTrue(e.getMessage().startsWith("gradient norm"), e.getMessage());
        assertTrue(e.getMessage().contains("no step had completed"), e.getMessage());
        assertTrue(Double.isNaN(e.lastFiniteLoss()));
    }

    // ------------------------------------------------------------------------------------------------ evaluation

    @Test
    void earlyStoppingWaitsForPatienceEvaluationsWithoutImprovement() throws IOException {
        double[] script = {1.0, 0.8, 0.79, 0.85, 0.7, 0.6};
        Mlp m = new Mlp(1);
        List<Boolean> modes = new ArrayList<>();
        Task task = new Task(m, 50, 0) {
            int evals;

            @Override
            public Map<String, Double> evaluate() {
                modes.add(m.isTraining() || m.fc1.isTraining() || Grad.enabled());
                return Map.of("val", script[evals++], "other", 0.0);
            }
        };
        List<Long> evalSteps = new ArrayList<>();
        Trainer.Result r = new Trainer(m, new AdamW(m.parameters(), 1e-2f), task,
                resumeConfig().withEvalEvery(2).withEarlyStopping(Trainer.EarlyStopping.min("val", 2, 0.05)))
                .listener(new TrainingListener() {
                    @Override
                    public void onEval(int epoch, long step, Map<String, Double> metrics) { evalSteps.add(step); }
                }).fit();
        // 1.0 best; 0.8 improves by 0.2; 0.79 and 0.85 do not improve by more than 0.05: stop after the 4th
        assertTrue(r.stoppedEarly());
        assertEquals(8, r.steps());
        assertEquals(0.8, r.best());
        assertEquals(List.of(2L, 4L, 6L, 8L), evalSteps);
        assertEquals(List.of(false, false, false, false), modes, "evaluation runs in eval mode without a graph");
        assertTrue(m.isTraining() && m.fc2.isTraining(), "training mode is restored");

        double[] up = {0.5, 0.52, 0.6, 0.6, 0.6};
        Mlp n = new Mlp(1);
        Task upTask = new Task(n, 50, 0) {
            int evals;

            @Override
            public Map<String, Double> evaluate() { return Map.of("acc", up[evals++]); }
        };
        Trainer.Result s = new Trainer(n, new AdamW(n.parameters(), 1e-2f), upTask,
                resumeConfig().withEvalEvery(1).withEarlyStopping(Trainer.EarlyStopping.max("acc", 2, 0.01))).fit();
        assertEquals(5, s.steps());
        assertEquals(0.6, s.best());
    }

    @Test
    void evaluationRunsAtEpochEndsByDefaultAndAMissingMetricIsNamed() throws IOException {
        Mlp m = new Mlp(1);
        List<Long> evalSteps = new ArrayList<>();
        new Trainer(m, new AdamW(m.parameters(), 1e-2f), new Task(m, 50, 0), resumeConfig())
                .listener(new TrainingListener() {
                    @Override
                    public void onEval(int epoch, long step, Map<String, Double> metrics) { evalSteps.add(step); }
                }).fit();
        assertEquals(List.of(7L, 14L, 21L), evalSteps);
        Mlp n = new Mlp(1);
        var e = assertThrows(IllegalStateException.class, () -> new Trainer(n, new AdamW(n.parameters(), 1e-2f),
                new Task(n, 50, 0), resumeConfig().withEarlyStopping(Trainer.EarlyStopping.min("val_loss", 2, 0))).fit());
        assertTrue(e.getMessage().contains("val_loss") && e.getMessage().contains("[mse]"), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------------ log, listener

    @Test
    void theMetricsLogHasOneLinePerStepAndEvaluationWithTheScheduledLearningRate() throws IOException {
        Path log = dir.resolve("logs/metrics.jsonl");
        Mlp m = new Mlp(1);
        LrSchedule schedule = LrSchedule.cosineWithWarmup(3, 21, 0.1);
        new Trainer(m, new AdamW(m.parameters(), 1e-2f), new Task(m, 50, 0), resumeConfig().withMetricsLog(log)).fit();
        List<String> lines = Files.readAllLines(log);
        assertEquals(21 + 3, lines.size());
        int steps = 0;
        for (String line : lines) {
            assertTrue(line.startsWith("{\"step\":") && line.endsWith("}"), line);
            if (line.contains("\"eval\":")) {
                assertTrue(line.matches("\\{\"step\":(7|14|21),\"epoch\":[0-2],\"eval\":\\{\"mse\":[0-9.E-]+}}"), line);
                continue;
            }
            steps++;
            assertTrue(line.matches("\\{\"step\":" + steps + ",\"epoch\":[0-2],\"loss\":[0-9.E-]+,\"lr\":[0-9.E-]+,"
                    + "\"samples_per_second\":[0-9.E]+,\"grad_norm\":[0-9.E-]+}"), line);
            String lr = line.replaceAll(".*\"lr\":([^,]+),.*", "$1");
            assertEquals((double) (float) (1e-2f * schedule.factor(steps - 1)), Double.parseDouble(lr), 0.0, line);
        }
        assertEquals(21, steps);
        assertTrue(lines.get(0).contains("\"lr\":0.0,"), "HF warm-up starts at 0: " + lines.get(0));
    }

    @Test
    void listenersSeeThePlanEveryStepAndTheEnd() throws IOException {
        Mlp m = new Mlp(1);
        List<String> events = new ArrayList<>();
        Path ckpt = dir.resolve("listen");
        Trainer.Result r = new Trainer(m, new AdamW(m.parameters(), 1e-2f), new Task(m, 50, 0),
                resumeConfig().withMaxSteps(9).withCheckpoints(ckpt, 4).withKeepCheckpoints(0))
                .listener(new TrainingListener() {
                    @Override
                    public void onStart(Trainer.Plan plan) { events.add("start " + plan); }

                    @Override
                    public void onStep(int epoch, long step, double loss, double sps, Duration eta) {
                        assertTrue(Double.isFinite(loss) && sps > 0 && !eta.isNegative());
                        events.add("step " + epoch + ":" + step);
                    }

                    @Override
                    public void onCheckpoint(long step, Path path) { events.add("checkpoint " + step); }

                    @Override
                    public void onEnd(Trainer.Result result) { events.add("end " + result.steps()); }
                }).fit();
        assertEquals(List.of("start Plan[startStep=0, totalSteps=9, stepsPerEpoch=7, samples=50, samplesPerStep=8]",
                "step 0:1", "step 0:2", "step 0:3", "step 0:4", "checkpoint 4", "step 0:5", "step 0:6", "step 0:7",
                "step 1:8", "checkpoint 8", "step 1:9", "checkpoint 9", "end 9"), events);
        assertEquals(3, Trainer.checkpoints(ckpt).size());
        assertEquals(ckpt.resolve("step-000000009.safetensors"), r.lastCheckpoint());
        assertFalse(r.stoppedEarly());
        assertEquals(Trainer.stepsPerEpoch(50, 4, 2, false), 7);
        assertEquals(Trainer.stepsPerEpoch(50, 4, 2, true), 6);
    }

    @Test
    void checkpointsCarryProvenanceAndPosition() throws IOException {
        Mlp m = new Mlp(1);
        Path ckpt = dir.resolve("prov");
        new Trainer(m, new AdamW(m.parameters(), 1e-2f), new Task(m, 50, 0.1),
                resumeConfig().withMaxSteps(7).withCheckpoints(ckpt, 0).withProvenance("{\"hidden\":16}", "toy-50")).fit();
        Map<String, String> meta = Checkpoint.metadata(Trainer.latestCheckpoint(ckpt));
        assertEquals("{\"hidden\":16}", meta.get(Checkpoint.CONFIG));
        assertEquals("toy-50", meta.get(Checkpoint.DATA));
        assertEquals("11", meta.get(Checkpoint.SEED));
        assertEquals("7", meta.get("trainer.step"));
        assertEquals("1", meta.get("trainer.epoch"));                   // the epoch ended: the next step is epoch 1's
        assertEquals("0", meta.get("trainer.batch"));
        assertEquals("13", meta.get("task.dropout_calls"));              // 6 steps of 2 micro-batches, 1 of 1
        assertEquals("7", meta.get("optimizer.steps"));
        assertNotNull(meta.get("optimizer.lr.0"));
    }

    @Test
    void badConfigurationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Trainer.Config.defaults().withEpochs(0));
        assertThrows(IllegalArgumentException.class, () -> Trainer.Config.defaults().withBatchSize(0));
        assertThrows(IllegalArgumentException.class, () -> Trainer.Config.defaults().withClipNorm(-1));
        assertThrows(IllegalArgumentException.class, () -> Trainer.EarlyStopping.min("x", 0, 0));
        Mlp m = new Mlp(1);
        assertThrows(IllegalArgumentException.class, () -> new Trainer(m, new AdamW(m.parameters(), 1e-2f),
                new Task(m, 5, 0), Trainer.Config.defaults().withBatchSize(8).withDropLast(true)));
        var e = assertThrows(IllegalStateException.class, () -> new Trainer(m, new AdamW(m.parameters(), 1e-2f),
                new Task(m, 8, 0) {
                    @Override
                    public Var loss(int[] batch) { return super.loss(batch).detach(); }
                }, Trainer.Config.defaults()).fit());
        assertTrue(e.getMessage().contains("does not require a gradient"), e.getMessage());
    }
}
