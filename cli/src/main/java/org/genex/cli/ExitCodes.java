package org.genex.cli;

/**
 * The exit statuses of {@code genex}, the same for every command (listed in {@code genex --help}).
 * <ul>
 *   <li>{@value #OK}: done;</li>
 *   <li>{@value #INTERNAL}: an internal error (a bug, or a failure genex did not foresee): one line, the stack
 *       trace with {@code --verbose};</li>
 *   <li>{@value #USAGE}: a usage error: an unknown option or command, an invalid option value, an output folder
 *       that cannot be used;</li>
 *   <li>{@value #INPUT}: an input error: the input is missing, unreadable or not in a format genex reads, or it
 *       lacks what was asked for (an unknown column, no count matrix);</li>
 *   <li>{@value #INTERRUPTED}: interrupted (Ctrl-C: 128 + SIGINT), with no output left behind.</li>
 * </ul>
 */
public final class ExitCodes {
    private ExitCodes() {}

    public static final int OK = 0;
    public static final int INTERNAL = 1;
    public static final int USAGE = 2;
    public static final int INPUT = 3;
    public static final int INTERRUPTED = 130;

    /** The text shown at the end of every {@code --help}. */
    public static final String HELP_FOOTER = "%nExit codes: 0 done, 1 internal error, 2 usage error (unknown option, "
            + "invalid value), 3 input error (missing or unreadable input, unknown column), 130 interrupted.";
}
