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

    private static double[] run(Device device) throws Exception {
        Rng rng = Rng.seeded(3);
        var enc = new TransformerEncoder(i -> new TransformerEncoderLayer(32, 4, 64, 0f, new ReLU(), 1e-5f, false,
                true, rng), 1, null);
        Sequential model = new Sequential(enc, new Linear(32, 32, true, rng));
        model.to(device);
        double[] losses = new double[4];
        Trainer t = new Trainer(model, new AdamW(model.parameters(), 1e-2f), new Task(model, device),
                Trainer.Config.defaults().withMaxSteps(4).withBatchSize(8).withShuffle(false).withClipNorm(1.0));
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
}
