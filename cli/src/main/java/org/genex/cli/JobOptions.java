package org.genex.cli;

import java.nio.file.Path;
import org.genex.tensor.BackendProvider;
import org.genex.tensor.Device;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options every job shares ({@code genex run}, {@code genex <model> train|evaluate|predict}): the input, the
 * output folder, the seed, threads, device, a config file of option defaults, and how much to say. A picocli mixin:
 * {@link Job} carries it, so a subcommand declares only its own options.
 */
public final class JobOptions {

    @Parameters(index = "0", arity = "0..1", paramLabel = "INPUT",
            description = "An .h5ad file, a 10x MEX folder or .h5 file, a .loom file or a CSV/TSV matrix (cells as "
                    + "rows; see --transpose). Without it, the command's built-in simulated data set.")
    Path input;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}). Written to a temporary folder beside it and "
                    + "renamed when done; an existing folder is replaced only if genex wrote it.",
            defaultValue = "genex-out")
    Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Random seed: the same seed gives the same results (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Worker threads (default: all cores; results do not depend on it).")
    int threads;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
            description = "cpu or cuda[:N] (needs the genex-gpu module; see 'genex info'). Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file of option defaults: one 'name=value' line per option, named without "
                    + "dashes (seed=7, cells=1000) or per command (genex.run.cells=1000); the command line wins.")
    Path config;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar or log lines (errors are still printed).")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "More detail, and the stack trace of an error.")
    boolean verbose;

    /** The input, or null for the built-in data set. */
    public Path input() { return input; }

    /** The output folder. */
    public Path out() { return out; }

    public long seed() { return seed; }

    public boolean quiet() { return quiet; }

    public boolean verbose() { return verbose; }

    /** The threads asked for, or 0 for all cores. */
    public int threads() { return threads; }

    /**
     * The device asked for, checked: CPU always works; a CUDA device needs a {@link BackendProvider} for it on the
     * class path.
     *
     * @throws UsageException for a malformed device or one without a backend
     */
    public Device device() {
        Device d;
        try {
            d = Device.parse(device);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--device " + device + ": expected cpu or cuda[:N]");
        }
        if (!d.isCpu() && InfoCommand.providers(d.type()).isEmpty())
            throw new UsageException("--device " + device + ": no CUDA backend on the class path (see 'genex info')");
        return d;
    }
}
