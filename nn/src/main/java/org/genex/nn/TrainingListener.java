package org.genex.nn;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Progress of a {@link Trainer}'s run, for a progress bar or a log. Every method has an empty default; they are
 * called on the training thread, between steps.
 */
public interface TrainingListener {
    /** Training starts (or resumes) at {@code plan.startStep()} of {@code plan.totalSteps()}. */
    default void onStart(Trainer.Plan plan) {}

    /**
     * An optimizer step finished: {@code step} steps are done (counting from 1), in epoch {@code epoch} (from 0);
     * {@code loss} is the step's mean loss, {@code samplesPerSecond} the step's throughput and {@code eta} an
     * estimate of the time left (from a moving average of step times).
     */
    default void onStep(int epoch, long step, double loss, double samplesPerSecond, Duration eta) {}

    /** The task was evaluated after {@code step} steps. */
    default void onEval(int epoch, long step, Map<String, Double> metrics) {}

    /** A checkpoint was written after {@code step} steps. */
    default void onCheckpoint(long step, Path path) {}

    /** Training ended normally (all steps, or early stopping). Not called when it ends with an exception. */
    default void onEnd(Trainer.Result result) {}
}
