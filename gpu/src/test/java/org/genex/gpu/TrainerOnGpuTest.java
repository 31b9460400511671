package org.genex.gpu;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.genex.autodiff.Var;
import org.genex.nn.Linear;
import org.genex.nn.Module;
import org.genex.nn.ReLU;
import org.genex.nn.Sequential;
import org.genex.nn.Trainer;
import org.genex.nn.TrainingTask;
import org.genex.nn.TransformerEncoder;
import org.genex.nn.TransformerEncoderLayer;
import org.genex.nn.optim.AdamW;
import org.genex.tensor.Backends;
import org.genex.tensor.Device;
import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The nn Trainer on the GPU with no change to the model or the Trainer: the module is moved with
 * {@code Module.to(cuda:0)} and the task moves its batches. The losses of a few steps of a small transformer follow
 * the CPU run's (skipped without a GPU).
 */
class TrainerOnGpuTest {
    /** Regression of a random target by a 1-layer transformer; batches are moved to the model's device. */
    static final class Task implements TrainingTask {
        final Sequential model;
        final Tensor x, y;
        final Device device;

        Task(Sequential model, Device device) {
            this.model = model;
            this.device = device;
            Rng rng = Rng.seeded(7);
            this.x = rng.normal(Shape.of(16, 8, 32), 0, 1);
            this.y = rng.normal(Shape.of(16, 8, 32), 0, 1);
        }

        @Override
        public int size() { return 16; }

        @Override
        public Var loss(int[] batch) {
            Tensor xb = x.indexSelect(0, batch).to(device), yb = y.indexSelect(0, batch).to(device);
            return model.forward(Var.of(xb)).sub(Var.of(yb)).square().mean();
        }
    }

    private static double[] run(Device device) throws Exception { return run(device, null, 4, null); }

    /** Steps up to {@code steps}, checkpointing into {@code dir} (or not) and resuming from {@code from} (or not). */
    private static double[] run(Device device, java.nio.file.Path dir, long steps, java.nio.file.Path from)
            throws Exception {
        Rng rng = Rng.seeded(3);
        var enc = new TransformerEncoder(i -> new TransformerEncoderLayer(32, 4, 64, 0f, new ReLU(), 1e-5f, false,
                true, rng), 1, null);
        Sequential model = new Sequential(enc, new Linear(32, 32, true, rng));
        model.to(device);
        double[] losses = new double[4];
        Trainer.Config cfg = Trainer.Config.defaults().withMaxSteps(steps).withBatchSize(8).withShuffle(false)
                .withClipNorm(1.0);
        if (dir != null) cfg = cfg.withCheckpoints(dir, 2);
        Trainer t = new Trainer(model, new AdamW(model.parameters(), 1e-2f), new Task(model, device), cfg);
        if (from != null) t.resumeFrom(from);
        t.listener(new org.genex.nn.TrainingListener() {
            int i;

            @Override
            public void onStep(int epoch, long step, double loss, double samplesPerSecond, java.time.Duration eta) {
                if (i < losses.length) losses[i++] = loss;
            }
        });
        t.fit();
        return losses;
    }

    @Test
    void theTrainerRunsOnTheGpuAndFollowsTheCpu() throws Exception {
        try {
            Backends.of(Device.cuda(0));
        } catch (IllegalStateException e) {
            Assumptions.abort("no GPU: " + e.getMessage());
        }
        double[] cpu = run(Device.CPU), gpu = run(Device.cuda(0));
        for (int i = 0; i < cpu.length; i++)
            assertEquals(cpu[i], gpu[i], 1e-3 * Math.abs(cpu[i]) + 1e-4, "step " + i + ": " + Arrays.toString(cpu)
                    + " vs " + Arrays.toString(gpu));
    }

    @Test
    void aGpuRunResumesFromItsCheckpoint(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try {
            Backends.of(Device.cuda(0));
        } catch (IllegalStateException e) {
            Assumptions.abort("no GPU: " + e.getMessage());
        }
        double[] whole = run(Device.cuda(0));
        run(Device.cuda(0), dir, 2, null); // stops after step 2 with a checkpoint
        java.nio.file.Path ckpt;
        try (var files = java.nio.file.Files.list(dir)) {
            ckpt = files.filter(f -> f.getFileName().toString().endsWith(".safetensors")
                    && !f.getFileName().toString().endsWith(org.genex.nn.Checkpoint.OPTIMIZER_SUFFIX))
                    .findFirst().orElseThrow();
        }
        double[] resumed = run(Device.cuda(0), null, 4, ckpt); // steps 3 and 4 (optimizer moments back on the GPU)
        assertEquals(whole[2], resumed[0], 1e-4 * Math.abs(whole[2]) + 1e-5, Arrays.toString(whole) + " vs resumed "
                + Arrays.toString(resumed));
        assertEquals(whole[3], resumed[1], 1e-4 * Math.abs(whole[3]) + 1e-5);
    }
}
