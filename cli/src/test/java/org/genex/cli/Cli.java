package org.genex.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code genex} in-process and keeps what it printed. */
record Cli(int code, String out, String err) {

    static Cli run(String... args) { return run(Main.commandLine(), args); }

    static Cli run(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.execute(cmd, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** The non-empty lines of standard error. */
    long errLines() { return err.lines().filter(l -> !l.isBlank()).count(); }
}
