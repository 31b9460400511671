package org.genex.data.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file all at once or not at all: the content goes to a temporary file beside the target
 * ({@code .<name>.<random>.tmp}), which is then renamed over the target atomically; on any failure the temporary
 * file is deleted and the target is left as it was.
 */
final class AtomicOutput {
    private AtomicOutput() {}

    /** Writes the content into the file it is given. */
    interface Content {
        void writeTo(Path tmp) throws IOException;
    }

    static void write(Path target, Content content) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        boolean done = false;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            content.writeTo(tmp);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (!done && tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
            }
        }
    }
}
