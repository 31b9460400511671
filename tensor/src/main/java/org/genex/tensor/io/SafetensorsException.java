package org.genex.tensor.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A safetensors file that breaks the format: a bad header length, a header that is not valid JSON or not the
 * expected structure, or tensors whose offsets do not match their shapes or do not cover the data exactly. The
 * message names the file, the tensor or field, and what was expected.
 *
 * <p>It is an {@link IOException}, like {@link java.util.zip.ZipException}: opening a file already fails with an
 * {@code IOException} when the file is missing or unreadable, and a corrupt or hostile file is the same kind of
 * problem for the caller (the bytes on disk are not what was expected), so one {@code catch} handles both. Mistakes
 * in the calling code stay unchecked: {@link IllegalArgumentException} for bad arguments to the writer,
 * {@link UnsupportedOperationException} for a conversion a dtype does not support.
 */
public final class SafetensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** An error in {@code file} (may be {@code null} where there is no file); the message gets the file's name. */
    public SafetensorsException(Path file, String message) {
        super(prefix(file) + message);
        this.file = file;
    }

    /** As {@link #SafetensorsException(Path, String)}, with a cause. */
    public SafetensorsException(Path file, String message, Throwable cause) {
        super(prefix(file) + message, cause);
        this.file = file;
    }

    /** The file in error, or {@code null}. */
    public Path file() { return file; }

    private static String prefix(Path file) { return file == null ? "safetensors: " : file + ": "; }
}
