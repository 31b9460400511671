package org.genex.data.io;

import org.genex.data.Matrix;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Helpers for the 10x / Visium / loom / delimited tests: small files, dense views, the python oracle. */
final class TenxTestFiles {
    private TenxTestFiles() {}

    static Path text(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path gz(Path file, String content) {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file cut to its first {@code keep} bytes. */
    static Path truncate(Path file, int keep) {
        try {
            byte[] b = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(b, Math.min(keep, b.length)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test resource as a path. */
    static Path resource(String name) {
        try {
            var url = TenxTestFiles.class.getResource(name);
            if (url == null) throw new IllegalStateException("test resource " + name + " missing");
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The matrix as rows of floats. */
    static float[][] dense(Matrix m) {
        float[] flat = m.dense().toArray();
        float[][] out = new float[m.rows()][];
        for (int i = 0; i < out.length; i++) out[i] = Arrays.copyOfRange(flat, i * m.cols(), (i + 1) * m.cols());
        return out;
    }

    static void assertDense(float[][] expected, Matrix actual) {
        assertEquals(expected.length, actual.rows(), "rows");
        float[][] got = dense(actual);
        for (int i = 0; i < expected.length; i++) assertTrue(Arrays.equals(expected[i], got[i]),
                "row " + i + ": expected " + Arrays.toString(expected[i]) + ", got " + Arrays.toString(got[i]));
    }

    /** Asserts the action fails with a DataFormatException whose message contains every fragment. */
    static DataFormatException assertFormatError(org.junit.jupiter.api.function.Executable action, String... fragments) {
        DataFormatException e = assertThrows(DataFormatException.class, action);
        for (String f : fragments)
            assertTrue(e.getMessage().contains(f), "message lacks '" + f + "': " + e.getMessage());
        return e;
    }

    /**
     * A python 3 with h5py and numpy: the system property {@code genex.python}, else the first of {@code python3}
     * on the PATH and {@code /usr/bin/python3} that imports them. Skips the test with a message where none does.
     */
    static String python() {
        List<String> candidates = new ArrayList<>();
        String p = System.getProperty("genex.python");
        if (p != null) candidates.add(p);
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String c : candidates) {
            try {
                Process pr = new ProcessBuilder(c, "-c", "import h5py, numpy").redirectErrorStream(true).start();
                pr.getInputStream().readAllBytes();
                if (pr.waitFor(60, TimeUnit.SECONDS) && pr.exitValue() == 0) return c;
            } catch (IOException e) {
                // not installed: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Assumptions.abort("no python3 with h5py and numpy found (tried " + candidates
                + "; set -Dgenex.python=PATH); skipping the h5py cross-check");
        return null;
    }

    /** Runs a script of data/scripts with python; returns its exit status and standard output. */
    static Result runScript(String python, String script, String... args) {
        Path path = Path.of("scripts", script); // the data module's folder, where Maven runs the tests
        if (!Files.exists(path)) path = Path.of("data", "scripts", script);
        List<String> cmd = new ArrayList<>(List.of(python, path.toString()));
        cmd.addAll(List.of(args));
        try {
            Process pr = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!pr.waitFor(120, TimeUnit.SECONDS)) throw new IllegalStateException(script + " timed out");
            return new Result(pr.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Result(int status, String stdout) {}
}
