package org.genex.data.io;

import org.genex.data.AnnData;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.CscMatrix;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Files written by H5adWriter, read back by h5py and anndata (data/scripts/check_h5ad.py): the values must match
 * what was written, strings must be variable-length UTF-8, categoricals carry a boolean {@code ordered}, and the
 * fixtures rewritten by genex must summarise exactly as the originals did (golden_h5ad.py). Skipped with a message
 * where /usr/bin/python3 with h5py and anndata is not available.
 */
class H5adPythonTest {
    static final String PYTHON = "/usr/bin/python3";
    static final Path SCRIPT = Path.of("scripts", "check_h5ad.py");

    @TempDir Path dir;

    @Test
    void h5pyAndAnndataReadWhatGenexWrites() throws Exception {
        requirePython();
        List<String> args = new ArrayList<>();
        addExpected(args, "everything", H5adSamples.everything());
        addExpected(args, "csc", H5adSamples.withX(Matrix.of(CscMatrix.fromDense(
                Tensor.of(new float[]{0, 1, 2, 0, 0, 3}, 3, 2)))));
        addExpected(args, "no_x", new AnnData(null, DataFrame.ofRange(3), new DataFrame(new String[]{"a", "b"})));
        addExpected(args, "empty", new AnnData(Matrix.of(Tensor.zeros(0, 0))));
        for (String label : List.of("scanpy/pbmc68k_reduced.h5ad", "anndata/adata_v0.7.0.h5ad",
                "anndata/adata_v0.11.4.h5ad", "resource:h5ad/legacy_v0.6.h5ad", "resource:h5ad/anndata_features.h5ad")) {
            Path source;
            try {
                source = H5adFixturesTest.resolve(label);
            } catch (org.opentest4j.TestAbortedException missing) {
                continue; // fixture folder absent: check the synthetic files only
            }
            Path out = dir.resolve(label.replaceAll("[^A-Za-z0-9.]", "_"));
            H5adWriter.write(H5adReader.read(source), out);
            args.add(out.toString());
            args.add("--golden=" + label);
        }
        run(args);
    }

    private void addExpected(List<String> args, String name, AnnData a) throws IOException {
        Path h5ad = dir.resolve(name + ".h5ad"), json = dir.resolve(name + ".json");
        H5adWriter.write(a, h5ad);
        Files.writeString(json, H5adSamples.expectationJson(a), StandardCharsets.UTF_8);
        args.add(h5ad.toString());
        args.add(json.toString());
    }

    private static void run(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, SCRIPT.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("check_h5ad.py did not finish in 120 s");
        }
        Assumptions.assumeTrue(p.exitValue() != 2, "check_h5ad.py cannot import h5py/anndata: " + out);
        assertEquals(0, p.exitValue(), "check_h5ad.py found differences:\n" + out);
    }

    /** Skips unless /usr/bin/python3 can import h5py and anndata (CI installs the Debian packages). */
    static void requirePython() throws InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " not found: h5py/anndata checks skipped");
        Assumptions.assumeTrue(Files.exists(SCRIPT), SCRIPT.toAbsolutePath() + " not found");
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import h5py, anndata, scipy, pandas")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            Assumptions.assumeTrue(p.exitValue() == 0,
                    "python3 cannot import h5py/anndata (" + out.strip() + "): h5py/anndata checks skipped");
        } catch (IOException e) {
            Assumptions.abort("cannot run " + PYTHON + ": " + e.getMessage());
        }
    }
}
