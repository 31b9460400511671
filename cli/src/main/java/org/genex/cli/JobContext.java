package org.genex.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.genex.tensor.Device;

/**
 * What a {@link Job} works with: the checked options, the folder to write into (a temporary one that becomes
 * {@code --out} when the job returns normally) and the ways to tell the user what is happening.
 */
public final class JobContext {
    private final JobOptions options;
    private final Path outDir;
    private final Device device;
    private final PrintWriter err;
    private final Progress.Mode mode;

    JobContext(JobOptions options, Path outDir, Device device, PrintWriter err, Progress.Mode mode) {
        this.options = options;
        this.outDir = outDir;
        this.device = device;
        this.err = err;
        this.mode = mode;
    }

    /** The shared options (input, seed, ...). */
    public JobOptions options() { return options; }

    /** Where to write every output file (renamed to {@code --out} at the end). */
    public Path outDir() { return outDir; }

    /** The final output folder, for messages and reports. */
    public Path finalOut() { return options.out().toAbsolutePath().normalize(); }

    public long seed() { return options.seed(); }

    public Device device() { return device; }

    /** Progress of a long task: a bar on a terminal, log lines otherwise, nothing with --quiet. */
    public Progress progress(String task, long total, String unit) {
        return Progress.start(task, total, unit, mode, err, 10_000);
    }

    /** Progress of a few coarse steps: a log line at each step when not on a terminal. */
    public Progress steps(String task, long total) {
        return Progress.start(task, total, "steps", mode, err, 0);
    }

    /** A line for the user on standard error, unless --quiet. */
    public void log(String line) {
        if (mode == Progress.Mode.QUIET) return;
        err.println(line);
        err.flush();
    }

    /** A line shown only with --verbose. */
    public void debug(String line) {
        if (options.verbose()) log(line);
    }
}
