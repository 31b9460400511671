package org.genex.data.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file completely or not at all: into a temporary file beside the target, which is renamed over the target
 * only when the body has finished, and deleted on any failure.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** A writer of a whole file at a path (for libraries, such as jHDF, that open the file themselves). */
    @FunctionalInterface
    public interface PathBody {
        void write(Path tmp) throws IOException;
    }

    /** A writer of a whole file to a stream. */
    @FunctionalInterface
    public interface StreamBody {
        void write(OutputStream out) throws IOException;
    }

    /** Runs {@code body} on a temporary path beside {@code target}, then renames it to {@code target}. */
    public static void writeVia(Path target, PathBody body) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            body.write(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
            }
        }
    }

    /** Writes the stream {@code body} produces to {@code target}, atomically. */
    public static void write(Path target, StreamBody body) {
        writeVia(target, tmp -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.write(out);
            }
        });
    }
}
