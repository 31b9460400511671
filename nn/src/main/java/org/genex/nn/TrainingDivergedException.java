package org.genex.nn;

/**
 * Training met a NaN or infinite loss (or gradient norm) and stopped before updating the parameters. The message
 * names the step, the epoch, the batch and the last finite loss; the parameters are those after the last good step,
 * and no checkpoint was written for the failing step.
 */
public final class TrainingDivergedException extends RuntimeException {
    private final long step;
    private final int epoch;
    private final long batch;
    private final double lastFiniteLoss;

    TrainingDivergedException(String message, long step, int epoch, long batch, double lastFiniteLoss) {
        super(message);
        this.step = step;
        this.epoch = epoch;
        this.batch = batch;
        this.lastFiniteLoss = lastFiniteLoss;
    }

    /** The optimizer step that failed, counting from 1 (the steps before it completed). */
    public long step() { return step; }

    /** The epoch of the failing step, from 0. */
    public int epoch() { return epoch; }

    /** The index (from 0) within the epoch of the batch (micro-batch, with gradient accumulation) that failed. */
    public long batch() { return batch; }

    /** The loss of the last completed step, or NaN if none completed. */
    public double lastFiniteLoss() { return lastFiniteLoss; }
}
