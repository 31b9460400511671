package org.genex.cli;

/**
 * A problem with the user's input (a missing or unreadable file, an unknown column, data genex cannot use): the
 * command prints its message as one line and exits with {@link ExitCodes#INPUT}.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) { super(message); }

    public InputException(String message, Throwable cause) { super(message, cause); }
}
