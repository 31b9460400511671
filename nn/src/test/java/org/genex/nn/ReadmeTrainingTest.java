package org.genex.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.genex.autodiff.Var;
import org.genex.nn.loss.Losses;
import org.genex.nn.optim.AdamW;
import org.genex.tensor.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's training example, as written there. */
class ReadmeTrainingTest {
    @TempDir Path dir;

    @Test
    void training() throws Exception {
        Rng rng = Rng.seeded(0);
        Tensor x = rng.normal(Shape.of(512, 20), 0f, 1f);                   // 512 samples, 20 features
        Tensor y = x.sum(1).reshape(512, 1).map(UnaryOp.TANH);             // a target to learn
        MLP model = new MLP(rng.fork("init"), 20, 64, 1);                  // Linear-ReLU-Linear, PyTorch's init
        TrainingTask task = new TrainingTask() {
            public int size() { return 512; }
            public Var loss(int[] batch) {                                 // the mean loss of a batch
                return Losses.mse(model.forward(Var.of(x.indexSelect(0, batch))), Var.of(y.indexSelect(0, batch)));
            }
        };
        Trainer.Result r = new Trainer(model, new AdamW(model.parameters(), 1e-2f), task,
                Trainer.Config.defaults().withEpochs(30).withBatchSize(64).withSeed(1)).fit();
        Checkpoint.save(model, null, Map.of(), dir.resolve("mlp.safetensors"));   // PyTorch's key names

        assertTrue(r.lastLoss() < 0.02, "loss " + r.lastLoss());
        assertTrue(Files.exists(dir.resolve("mlp.safetensors")));
        assertEquals(model.stateDict().keySet(), java.util.Set.of("layers.0.weight", "layers.0.bias",
                "layers.1.weight", "layers.1.bias"));
    }
}
