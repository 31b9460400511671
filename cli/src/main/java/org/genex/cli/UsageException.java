package org.genex.cli;

/**
 * An invalid option value found after parsing (a range, a combination of options, an output folder that cannot be
 * used): one line, exit status {@link ExitCodes#USAGE}. Invalid values that picocli finds itself (a word where a
 * number goes, an unknown option) end the same way.
 */
public class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) { super(message); }
}
