package org.genex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The pattern the models' commands follow ({@code genex <model> train|evaluate|predict}, see package-info): a toy
 * model whose {@code train} is a thin {@link Job}, with the shared options, progress, and all-or-nothing output.
 */
class ModelCommandPatternTest {
    @TempDir
    Path tmp;

    @Command(name = "toy", description = "A toy model.", mixinStandardHelpOptions = true,
            subcommands = {Toy.Train.class})
    static final class Toy {
        @Command(name = "train", description = "Train the toy.", mixinStandardHelpOptions = true)
        static final class Train extends Job {
            @Option(names = "--steps", defaultValue = "5")
            int steps;

            @Option(names = "--fail-at", defaultValue = "-1")
            int failAt;

            @Override protected void validate() {
                if (steps < 1) throw new UsageException("--steps " + steps + ": must be >= 1");
            }

            @Override protected void run(JobContext ctx) throws IOException {
                try (Progress p = ctx.progress("toy train", steps, "steps")) {
                    for (int s = 1; s <= steps; s++) {
                        Files.writeString(ctx.outDir().resolve("step" + s + ".txt"), "seed " + ctx.seed());
                        if (s == failAt) throw new IllegalStateException("diverged at step " + s);
                        p.stepTo(s, "loss " + 1.0 / s);
                    }
                }
            }
        }
    }

    private static CommandLine genexWithToy() {
        CommandLine cmd = Main.commandLine();
        cmd.addSubcommand(new CommandLine(new Toy()));
        return cmd;
    }

    @Test
    void aThinJobGetsTheSharedOptions() throws IOException {
        Path out = tmp.resolve("toy");
        Cli r = Cli.run(genexWithToy(), "toy", "train", "--out", out.toString(), "--seed", "9", "--steps", "3");
        assertEquals(0, r.code(), r.err());
        assertEquals("seed 9", Files.readString(out.resolve("step3.txt")));
        assertTrue(Files.exists(out.resolve(OutputDir.MARKER)));
        assertTrue(r.err().contains("toy train: 3/3 steps (100%), loss"), r.err()); // log lines: not a terminal
        Cli help = Cli.run(genexWithToy(), "toy", "train", "--help");
        assertTrue(help.out().contains("--seed") && help.out().contains("--steps") && help.out().contains("INPUT"));
    }

    @Test
    void aFailedJobLeavesNothingAndKeepsTheOldOutput() throws IOException {
        Path out = tmp.resolve("toy");
        assertEquals(0, Cli.run(genexWithToy(), "toy", "train", "--out", out.toString(), "--steps", "2", "-q")
                .code());
        Cli r = Cli.run(genexWithToy(), "toy", "train", "--out", out.toString(), "--steps", "4", "--fail-at", "3");
        assertEquals(ExitCodes.INTERNAL, r.code());
        assertTrue(r.err().contains("genex: internal error: java.lang.IllegalStateException: diverged at step 3"),
                r.err());
        assertTrue(Files.exists(out.resolve("step2.txt")), "the previous output is intact");
        assertFalse(Files.exists(out.resolve("step3.txt")), "nothing of the failed run");
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary folder left");
        }
        assertEquals(ExitCodes.USAGE, Cli.run(genexWithToy(), "toy", "train", "--steps", "0").code());
    }

    @Test
    void quietSilencesProgress() {
        Cli r = Cli.run(genexWithToy(), "toy", "train", "--out", tmp.resolve("q").toString(), "--quiet");
        assertEquals(0, r.code());
        assertEquals("", r.err());
    }
}
