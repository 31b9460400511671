package org.genex.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.genex.data.io.DataFormatException;
import org.genex.tensor.Device;
import org.genex.tensor.Parallel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every command that reads an input and writes an output folder: {@code genex run} and the models'
 * {@code train}, {@code evaluate} and {@code predict}. It carries the shared {@link JobOptions}, applies the thread
 * count and device, gives the subclass a {@link JobContext} whose output folder is temporary, and renames that
 * folder to {@code --out} only when {@link #run} returns; on an exception or Ctrl-C nothing is left behind.
 * Exceptions map to exit codes in {@link Main} ({@link InputException}: 3, {@link UsageException}: 2, others: 1).
 *
 * <p>A subclass is a picocli {@code @Command} with its own {@code @Option}s and a {@link #run} method; see the
 * package documentation for a complete example.
 */
public abstract class Job implements Callable<Integer> {

    /** genex's java.util.logging root, held so that a level set on it stays. */
    private static final Logger GENEX_LOG = Logger.getLogger("org.genex");

    @Mixin
    protected JobOptions options;

    @Spec
    protected CommandSpec spec;

    /** Does the work, writing every file into {@code ctx.outDir()}. */
    protected abstract void run(JobContext ctx) throws Exception;

    /** Checks the command's own options before any work (throw {@link UsageException}); nothing by default. */
    protected void validate() {}

    @Override public final Integer call() throws Exception {
        Device device = options.device();
        if (options.threads() < 0) throw new UsageException("--threads " + options.threads() + ": must be >= 0");
        validate();
        Path input = options.input();
        if (input != null && !Files.exists(input)) throw new InputException("input not found: " + input);
        if (input != null && !Files.isReadable(input)) throw new InputException("input not readable: " + input);
        if (options.threads() > 0) Parallel.setThreads(options.threads());
        if (options.quiet()) GENEX_LOG.setLevel(Level.WARNING); // the CPU backend's start-up line
        PrintWriter err = spec.commandLine().getErr();
        try (OutputDir out = OutputDir.begin(options.out())) {
            JobContext ctx = new JobContext(options, out.temp(), device, err, Progress.Mode.detect(options.quiet()));
            run(ctx);
            out.commit();
            ctx.log("wrote " + out.target());
        }
        return ExitCodes.OK;
    }

    /**
     * Runs a runner's call, turning its complaints about the user's files (a {@link DataFormatException}, an
     * {@link IllegalArgumentException} naming a column or value, a missing file) into input errors (exit 3).
     */
    protected static <T> T inputErrors(Callable<T> call) throws Exception {
        try {
            return call.call();
        } catch (DataFormatException | IllegalArgumentException | java.nio.file.NoSuchFileException e) {
            throw new InputException(e.getMessage(), e);
        }
    }
}
