package org.genex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void logLinesShowStepsMessageAndEta() {
        StringWriter sw = new StringWriter();
        try (Progress p = Progress.start("fit", 4, "epochs", Progress.Mode.LOG, new PrintWriter(sw), 0)) {
            p.stepTo(1, "loss 0.5");
            p.stepTo(2, null);
        }
        List<String> lines = sw.toString().lines().toList();
        assertEquals(2, lines.size(), sw.toString()); // the last state was already printed: close adds nothing
        assertTrue(lines.get(0).startsWith("fit: 1/4 epochs (25%), loss 0.5, elapsed "), lines.get(0));
        assertTrue(lines.get(0).contains("ETA"), lines.get(0));
        assertTrue(lines.get(1).startsWith("fit: 2/4 epochs (50%), loss 0.5"), "the message stays");
    }

    @Test
    void logLinesAreRateLimited() {
        StringWriter sw = new StringWriter();
        try (Progress p = Progress.start("train", 1000, "steps", Progress.Mode.LOG, new PrintWriter(sw), 60_000)) {
            for (int i = 1; i <= 1000; i++) p.stepTo(i, "loss " + i);
        }
        List<String> lines = sw.toString().lines().toList();
        assertEquals(2, lines.size(), "the first update and the end: " + sw);
        assertTrue(lines.get(1).startsWith("train: 1000/1000 steps (100%), loss 1000"));
    }

    @Test
    void quietPrintsNothing() {
        StringWriter sw = new StringWriter();
        try (Progress p = Progress.start("x", 3, "steps", Progress.Mode.QUIET, new PrintWriter(sw), 0)) {
            p.stepTo(3, "done");
        }
        assertEquals("", sw.toString());
        assertEquals(Progress.Mode.QUIET, Progress.Mode.detect(true));
    }

    @Test
    void durations() {
        assertEquals("42 s", Progress.seconds(42));
        assertEquals("3 min 05 s", Progress.seconds(185));
    }
}
