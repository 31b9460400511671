package org.genex.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of one long task (pipeline steps, training steps, epochs): a bar with the step, a message (the step's
 * name, a loss, a rate) and the ETA on a terminal ({@code me.tongfei:progressbar}); plain periodic log lines when
 * standard error is not a terminal (CI, pipes, files); nothing with {@code --quiet}. Commands get one from
 * {@link JobContext#progress}; updates are cheap, so a training loop can call {@link #stepTo} every step.
 */
public abstract class Progress implements AutoCloseable {

    /** How progress is shown. */
    public enum Mode {
        /** A progress bar (standard error is a terminal). */
        BAR,
        /** Plain log lines at most every few seconds, and at the end. */
        LOG,
        /** Nothing. */
        QUIET;

        /** BAR on a terminal, LOG otherwise, QUIET when asked. */
        public static Mode detect(boolean quiet) {
            if (quiet) return QUIET;
            return isTerminal() ? BAR : LOG;
        }
    }

    /**
     * Progress of {@code total} units ({@code unit} names them, e.g. "steps"), shown as {@code mode} says; log
     * lines go to {@code err} at most every {@code logEveryMillis}.
     */
    public static Progress start(String task, long total, String unit, Mode mode, PrintWriter err,
                                 long logEveryMillis) {
        return switch (mode) {
            case BAR -> new Bar(task, total, unit);
            case LOG -> new LogLines(task, total, unit, err, logEveryMillis);
            case QUIET -> new Silent();
        };
    }

    /** Moves to {@code done} units, showing {@code message} (the current step's name, a loss, a rate; may be null). */
    public abstract void stepTo(long done, String message);

    /** Ends the display (the bar's last line, or a final log line). */
    @Override public abstract void close();

    // ---------------------------------------------------------------------------------------------------- the modes

    private static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(String task, long total, String unit) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(250).build();
        }

        @Override public void stepTo(long done, String message) {
            bar.stepTo(done);
            if (message != null) bar.setExtraMessage(message);
        }

        @Override public void close() { bar.close(); }
    }

    private static final class LogLines extends Progress {
        private final String task, unit;
        private final long total, everyNanos, start = System.nanoTime();
        private final PrintWriter err;
        private long last = Long.MIN_VALUE, done, printed = -1;
        private String message;

        LogLines(String task, long total, String unit, PrintWriter err, long everyMillis) {
            this.task = task;
            this.total = total;
            this.unit = unit;
            this.err = err;
            this.everyNanos = everyMillis * 1_000_000L;
        }

        @Override public void stepTo(long done, String message) {
            this.done = done;
            if (message != null) this.message = message;
            long now = System.nanoTime();
            if (last == Long.MIN_VALUE || now - last >= everyNanos) {
                last = now;
                print(now);
            }
        }

        private void print(long now) {
            printed = done;
            double elapsed = (now - start) / 1e9;
            String eta = done > 0 && done < total
                    ? ", ETA " + seconds(elapsed * (total - done) / done) : "";
            err.println(String.format(Locale.ROOT, "%s: %d/%d %s (%.0f%%)%s, elapsed %s%s", task, done, total, unit,
                    total > 0 ? 100.0 * done / total : 100.0, message == null ? "" : ", " + message,
                    seconds(elapsed), eta));
            err.flush();
        }

        @Override public void close() {
            if (printed != done) print(System.nanoTime());
        }
    }

    private static final class Silent extends Progress {
        @Override public void stepTo(long done, String message) {}

        @Override public void close() {}
    }

    // ------------------------------------------------------------------------------------------------------ helpers

    /** A duration for people: "42 s", "3 min 05 s". */
    static String seconds(double s) {
        if (!(s >= 0)) return "?";
        Duration d = Duration.ofMillis(Math.round(s * 1000));
        return d.toMinutes() == 0 ? String.format(Locale.ROOT, "%.0f s", s)
                : String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }

    /**
     * Whether standard error goes to a terminal: {@link System#console()} is null when a stream is redirected on
     * JDK 21; from JDK 22 it exists anyway and {@code Console.isTerminal()} (called reflectively, this code is
     * compiled for 21) tells.
     */
    static boolean isTerminal() {
        Console c = System.console();
        if (c == null) return false;
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
