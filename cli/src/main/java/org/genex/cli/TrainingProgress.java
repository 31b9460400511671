package org.genex.cli;

import java.time.Duration;
import java.util.Locale;
import org.genex.nn.Trainer;
import org.genex.nn.TrainingListener;

/**
 * A {@link TrainingListener} that shows a {@link Trainer}'s run as a {@link Progress}: one bar (or log lines) per
 * training stage, with the step's loss and throughput. A model command passes it to its runner and closes it when
 * the runner returns.
 */
public final class TrainingProgress implements TrainingListener, AutoCloseable {
    private final JobContext ctx;
    private final String task;
    private Progress progress;
    private int stage;

    /** @param task the name shown before the bar, e.g. {@code "tron transfer"} */
    public TrainingProgress(JobContext ctx, String task) {
        this.ctx = ctx;
        this.task = task;
    }

    @Override public void onStart(Trainer.Plan plan) {
        close();
        stage++;
        progress = ctx.progress(stage == 1 ? task : task + " (stage " + stage + ")", plan.totalSteps(), "steps");
        progress.stepTo(plan.startStep(), "");
    }

    @Override public void onStep(int epoch, long step, double loss, double samplesPerSecond, Duration eta) {
        if (progress != null)
            progress.stepTo(step, String.format(Locale.ROOT, "epoch %d, loss %.4f, %.0f samples/s", epoch + 1, loss,
                    samplesPerSecond));
    }

    @Override public void onEnd(Trainer.Result result) { close(); }

    @Override public void close() {
        if (progress != null) progress.close();
        progress = null;
    }
}
