package org.genex.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.genex.data.io.DataFormatException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The entry point of {@code genex}. {@link #execute} runs a command line in-process and returns the exit status
 * (the tests call it); {@link #main} exits with it. Errors are one line on standard error (the stack trace too with
 * {@code --verbose}) and the exit codes of {@link ExitCodes}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = execute(args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs a command line with the process's standard streams; returns the exit status. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command line printing to {@code out} and {@code err}; returns the exit status. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(commandLine(), out, err, args);
    }

    /** Runs a command line on a given command tree (e.g. with extra subcommands); returns the exit status. */
    public static int execute(CommandLine cmd, PrintWriter out, PrintWriter err, String... args) {
        System.setProperty("java.awt.headless", "true");
        // jHDF logs through SLF4J, which warns on standard error when no logger is bound: say only errors
        if (System.getProperty("slf4j.internal.verbosity") == null)
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        cmd.setOut(out);
        cmd.setErr(err);
        boolean verbose = List.of(args).contains("--verbose") || List.of(args).contains("-v");
        cmd.setParameterExceptionHandler((ParameterException e, String[] a) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("genex: " + e.getMessage() + " (see 'genex " + subcommandPath(c) + "--help')");
            return ExitCodes.USAGE;
        });
        cmd.setExecutionExceptionHandler((Exception e, CommandLine c, ParseResult r) -> failure(e, c.getErr(),
                verbose));
        try {
            Path config = configFile(args);
            if (config != null) cmd.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(config.toFile()));
        } catch (InputException e) {
            err.println("genex: " + e.getMessage());
            return ExitCodes.INPUT;
        }
        int code;
        try {
            code = cmd.execute(args);
        } catch (OutOfMemoryError e) { // picocli's handler sees exceptions only
            code = failure(e, err, verbose);
        }
        out.flush();
        err.flush();
        return code;
    }

    /** The picocli command tree. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new GenexCommand());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setUsageHelpAutoWidth(true);
        return cmd;
    }

    /** One line for an exception (with the stack trace when verbose) and its exit status. */
    static int failure(Throwable e, PrintWriter err, boolean verbose) {
        int code;
        String message;
        if (e instanceof UsageException) {
            code = ExitCodes.USAGE;
            message = e.getMessage();
        } else if (e instanceof InputException || e instanceof DataFormatException) {
            code = ExitCodes.INPUT;
            message = e.getMessage();
        } else if (e instanceof InterruptedException) {
            code = ExitCodes.INTERRUPTED;
            message = "interrupted; no output written";
        } else if (e instanceof OutOfMemoryError) {
            code = ExitCodes.INTERNAL;
            message = "out of memory (max heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB): give the JVM more with JAVA_OPTS=-Xmx..., or use fewer cells";
        } else {
            code = ExitCodes.INTERNAL;
            message = "internal error: " + e + (verbose ? "" : " (run with --verbose for the stack trace)");
        }
        err.println("genex: " + message);
        if (verbose) e.printStackTrace(err);
        err.flush();
        return code;
    }

    /** The {@code --config FILE} of a command line (checked to be readable), or null. */
    static Path configFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String value = null;
            if (args[i].equals("--config") && i + 1 < args.length) value = args[i + 1];
            else if (args[i].startsWith("--config=")) value = args[i].substring("--config=".length());
            if (value == null) continue;
            Path p = Path.of(value);
            if (!Files.isRegularFile(p) || !Files.isReadable(p))
                throw new InputException("--config " + value + ": no such readable file");
            try {
                Files.readString(p); // the provider reads it later and would fail with a stack trace
            } catch (IOException e) {
                throw new InputException("--config " + value + ": " + e.getMessage());
            }
            return p;
        }
        return null;
    }

    private static String subcommandPath(CommandLine c) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine x = c; x != null && x.getParent() != null; x = x.getParent())
            sb.insert(0, x.getCommandName() + " ");
        return sb.toString();
    }
}
