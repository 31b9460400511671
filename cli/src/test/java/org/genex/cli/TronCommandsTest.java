package org.genex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genex tron}: train, transfer and evaluate chained through their output folders on the simulated two
 * species (few epochs), and the errors of each step.
 */
class TronCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void trainTransferEvaluateOnSimulatedSpecies() throws IOException {
        Path src = tmp.resolve("source"), tr = tmp.resolve("transfer"), ev = tmp.resolve("eval");
        Cli train = Cli.run("tron", "train", "--small", "--epochs", "2", "--out", src.toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(Files.isRegularFile(src.resolve("source.safetensors")));
        assertTrue(train.err().contains("tron train"), "progress lines: " + train.err());

        Cli transfer = Cli.run("tron", "transfer", "--source", src.toString(), "--epochs", "5", "--out", tr.toString());
        assertEquals(0, transfer.code(), transfer.err());
        assertTrue(Files.isRegularFile(tr.resolve("tron.safetensors")));
        assertTrue(Files.readAllLines(tr.resolve("edges.csv")).size() > 100, "one row per ortholog edge");

        Cli eval = Cli.run("tron", "evaluate", "--transfer", tr.toString(), "--out", ev.toString());
        assertEquals(0, eval.code(), eval.err());
        List<String> metrics = Files.readAllLines(ev.resolve("metrics.csv"));
        assertEquals("400", metrics.get(1).split(",")[0], "the held-out simulated samples 100..500");
        double r2 = Double.parseDouble(metrics.get(1).split(",")[4]);
        assertTrue(r2 > 0.3, "the transferred model predicts the held-out phenotype: r2 " + r2);
        assertTrue(Files.readAllLines(ev.resolve("interpretation.csv")).size() > 100);
    }

    @Test
    void errorsHaveTheirExitCodes() {
        Path out = tmp.resolve("x");
        Cli noSource = Cli.run("tron", "transfer", "--source", tmp.resolve("none").toString(), "--out",
                out.toString());
        assertEquals(ExitCodes.INPUT, noSource.code(), noSource.err());
        assertTrue(noSource.err().contains("no source.safetensors"), noSource.err());
        Cli rows = Cli.run("tron", "train", "--rows", "9:3", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, rows.code(), rows.err());
        assertTrue(rows.err().contains("--rows 9:3"), rows.err());
        Cli task = Cli.run("tron", "train", "--task", "CLUSTERING", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, task.code(), task.err());
        Cli semi = Cli.run("tron", "benchmark", "--kind", "SEMI_REAL", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, semi.code(), semi.err());
        assertFalse(Files.exists(out), "no output after an error");
        assertTrue(Cli.run("tron", "--help").out().contains("transfer"));
    }
}
