package org.genex.data.io;

import java.nio.file.Path;

/**
 * A file that cannot be read as what it claims to be: truncated, corrupt, missing a required element, with
 * mismatched lengths, or in an unknown encoding. The message names the file, the element inside it (an HDF5 path
 * such as {@code /obs/louvain/codes}, a zip entry, a line number) and what was expected.
 */
public class DataFormatException extends RuntimeException {
    private final Path file;
    private final String element;

    public DataFormatException(Path file, String element, String problem) {
        this(file, element, problem, null);
    }

    public DataFormatException(Path file, String element, String problem, Throwable cause) {
        super(file + (element == null || element.isEmpty() ? "" : " [" + element + "]") + ": " + problem, cause);
        this.file = file;
        this.element = element;
    }

    /** The file that was being read or written. */
    public Path file() { return file; }

    /** The element inside the file (HDF5 path, zip entry, "line 12"), or null. */
    public String element() { return element; }
}
