package org.genex.nn;

import java.util.Map;
import org.genex.autodiff.Var;

/**
 * What a model gives the {@link Trainer}: a dataset of {@link #size()} samples, the loss of a batch of them, and
 * optionally an evaluation and extra state for checkpoints.
 *
 * <pre>{@code
 * TrainingTask task = new TrainingTask() {
 *     public int size() { return x.dim(0); }
 *     public Var loss(int[] batch) {                                  // mean over the batch
 *         Var xb = Var.of(x.indexSelect(0, batch)), yb = Var.of(y.indexSelect(0, batch));
 *         return model.forward(xb).sub(yb).square().mean();
 *     }
 *     public Map<String, Double> evaluate() { return Map.of("val_mse", validationMse()); }
 * };
 * }</pre>
 */
public interface TrainingTask {
    /** The number of samples; batches are drawn from {@code 0 .. size() - 1}. */
    int size();

    /**
     * The loss of the samples {@code batch} (indices into the dataset), a scalar {@link Var} connected to the
     * model's parameters: their MEAN loss, so that the trainer's weighting of micro-batches (by their sample
     * counts) makes gradient accumulation equal to one large batch.
     */
    Var loss(int[] batch);

    /**
     * Metrics on held-out data, by name (e.g. {@code val_loss}, {@code accuracy}); called by the trainer with the
     * model in eval mode and gradient recording off. The default has none.
     */
    default Map<String, Double> evaluate() { return Map.of(); }

    /**
     * Extra state to keep in checkpoints for exact resume (e.g. a dropout layer's call counter), as strings; the
     * trainer stores it under {@code task.<key>}. The default has none.
     */
    default Map<String, String> state() { return Map.of(); }

    /** Restores what {@link #state()} returned, when training resumes from a checkpoint. */
    default void restoreState(Map<String, String> state) {}
}
