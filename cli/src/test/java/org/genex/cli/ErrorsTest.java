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

/** Bad arguments and inputs: one clear line, the documented exit code, no output and no stack trace. */
class ErrorsTest {
    @TempDir
    Path tmp;

    private Cli run(String... args) { return Cli.run(args); }

    private void assertOneLine(Cli r, int code, String... fragments) {
        assertEquals(code, r.code(), r.err());
        assertFalse(r.err().contains("\tat org."), "no stack trace without --verbose:\n" + r.err());
        for (String f : fragments) assertTrue(r.err().contains(f), "'" + f + "' in:\n" + r.err());
        assertTrue(r.err().startsWith("genex: "), r.err());
        assertEquals(1, r.errLines(), "one line:\n" + r.err());
    }

    @Test
    void missingInput() throws IOException {
        Path out = tmp.resolve("out");
        Cli r = run("run", tmp.resolve("nope.h5ad").toString(), "--out", out.toString());
        assertOneLine(r, ExitCodes.INPUT, "input not found", "nope.h5ad");
        assertEquals(1, r.errLines());
        assertFalse(Files.exists(out), "no output for a failed run");
        assertNoTemp();
    }

    @Test
    void unreadableInput() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.h5ad"), "this is not HDF5");
        Cli r = run("run", bad.toString(), "--out", tmp.resolve("out").toString(), "-q");
        assertOneLine(r, ExitCodes.INPUT, "bad.h5ad");
        assertEquals(1, r.errLines());
        assertNoTemp();
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.h5ad"), "this is not HDF5");
        Cli r = run("run", bad.toString(), "--out", tmp.resolve("out").toString(), "--verbose");
        assertEquals(ExitCodes.INPUT, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void unknownLabelColumn() {
        Cli r = run("run", "--labels", "celltype", "--cells", "50", "--genes", "50", "--out",
                tmp.resolve("out").toString(), "-q");
        assertOneLine(r, ExitCodes.INPUT, "--labels celltype", "Group");
        assertEquals(1, r.errLines());
        assertFalse(Files.exists(tmp.resolve("out")));
        assertNoTemp();
    }

    @Test
    void invalidOptionValues() {
        assertOneLine(run("run", "--cells", "many"), ExitCodes.USAGE, "--cells", "many");
        assertOneLine(run("run", "--cells", "-5", "--out", tmp.resolve("o").toString()), ExitCodes.USAGE,
                "--cells -5");
        assertOneLine(run("run", "--resolution", "0", "--out", tmp.resolve("o").toString()), ExitCodes.USAGE,
                "--resolution");
        assertOneLine(run("run", "--threads", "-1", "--out", tmp.resolve("o").toString()), ExitCodes.USAGE,
                "--threads");
        assertOneLine(run("run", "--device", "tpu", "--out", tmp.resolve("o").toString()), ExitCodes.USAGE,
                "--device tpu");
        assertOneLine(run("run", "--device", "cuda", "--out", tmp.resolve("o").toString()), ExitCodes.USAGE,
                "no CUDA backend");
        assertOneLine(run("run", "--no-such-option"), ExitCodes.USAGE, "--no-such-option");
        assertOneLine(run("frobnicate"), ExitCodes.USAGE, "frobnicate");
        assertOneLine(run("simulate", "zebra", "--out", tmp.resolve("z.h5ad").toString()), ExitCodes.USAGE,
                "zebra", "splatter");
        assertFalse(Files.exists(tmp.resolve("o")));
        assertNoTemp();
    }

    @Test
    void refusesToReplaceAFolderGenexDidNotWrite() throws IOException {
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("thesis.tex"), "precious");
        Cli r = run("run", "--cells", "50", "--genes", "50", "--out", mine.toString());
        assertOneLine(r, ExitCodes.USAGE, "not written by genex");
        assertEquals("precious", Files.readString(mine.resolve("thesis.tex")));
    }

    @Test
    void missingConfigFile() {
        assertOneLine(run("run", "--config", tmp.resolve("none.properties").toString()), ExitCodes.INPUT,
                "--config");
    }

    private void assertNoTemp() {
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary folder left");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
