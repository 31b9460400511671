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
 * {@code genex gexbert}: pre-training on a tiny simulated cohort, then imputation from that checkpoint (the wiring:
 * options reach the runner, files land in the output folder); the claims themselves are checked in experiments.
 */
class GexbertCommandsTest {
    @TempDir
    Path tmp;

    private static final String[] COHORT = {"--patients", "120", "--genes", "24", "--types", "3", "--epochs", "1"};

    private static String[] args(String[] head, String... tail) {
        String[] a = new String[head.length + COHORT.length + tail.length];
        System.arraycopy(head, 0, a, 0, head.length);
        System.arraycopy(COHORT, 0, a, head.length, COHORT.length);
        System.arraycopy(tail, 0, a, head.length + COHORT.length, tail.length);
        return a;
    }

    @Test
    void pretrainThenImputeFromTheCheckpoint() throws IOException {
        Path pre = tmp.resolve("pre"), imp = tmp.resolve("imp");
        Cli p = Cli.run(args(new String[] {"gexbert", "pretrain"}, "--out", pre.toString()));
        assertEquals(0, p.code(), p.err());
        Path model = pre.resolve("gexbert.safetensors");
        assertTrue(Files.isRegularFile(model));
        assertTrue(p.err().contains("masked-level accuracy"), p.err());

        Cli i = Cli.run(args(new String[] {"gexbert", "impute"}, "--checkpoint", model.toString(), "--rates", "0.5",
                "--max-test", "20", "--out", imp.toString()));
        assertEquals(0, i.code(), i.err());
        assertFalse(Files.exists(imp.resolve("pretrain")), "the given checkpoint is used, nothing pre-trained");
        try (var files = Files.list(imp)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.endsWith(".csv")), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.endsWith(".png")), names.toString());
        }
    }

    @Test
    void badOptionsAndInputs() {
        Path out = tmp.resolve("x");
        Cli rates = Cli.run("gexbert", "impute", "--rates", "1.5", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, rates.code(), rates.err());
        Cli sel = Cli.run("gexbert", "classify", "--selection", "best", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, sel.code(), sel.err());
        Cli ckpt = Cli.run("gexbert", "survival", "--checkpoint", tmp.resolve("none.safetensors").toString(),
                "--out", out.toString());
        assertEquals(ExitCodes.INPUT, ckpt.code(), ckpt.err());
        Cli labelled = Cli.run("gexbert", "survival", "--labelled", "-1", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, labelled.code(), labelled.err());
        Cli response = Cli.run("gexbert", "pretrain", "--anchor-response", "quadratic", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, response.code(), response.err());
        Cli threshold = Cli.run("gexbert", "pretrain", "--anchor-response", "threshold", "--anchor-threshold", "9",
                "--out", out.toString());
        assertEquals(ExitCodes.USAGE, threshold.code(), threshold.err());
        Cli input = Cli.run("gexbert", "pretrain", tmp.resolve("missing.h5ad").toString(), "--out", out.toString());
        assertEquals(ExitCodes.INPUT, input.code(), input.err());
        assertFalse(Files.exists(out));
        assertTrue(Cli.run("gexbert", "--help").out().contains("attention"));
    }
}
