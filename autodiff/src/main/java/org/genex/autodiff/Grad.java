package org.genex.autodiff;

/**
 * Whether operations on {@link Var}s record the graph for {@link Var#backward()}. Recording is on by default, per
 * thread; turn it off for inference and for parameter updates:
 *
 * <pre>{@code
 * try (Grad.Scope off = Grad.off()) {
 *     Var y = model.forward(x);      // no graph: intermediates are freed as soon as they are unreachable
 * }
 * }</pre>
 */
public final class Grad {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[]{true});

    private Grad() {}

    /** True if operations on this thread record the graph. */
    public static boolean enabled() { return ENABLED.get()[0]; }

    /** Turns recording off on this thread until the returned scope is closed (scopes nest). */
    public static Scope off() { return set(false); }

    /** Turns recording on on this thread until the returned scope is closed (for a grad island in a no-grad region). */
    public static Scope on() { return set(true); }

    private static Scope set(boolean value) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = value;
        return () -> flag[0] = previous;
    }

    /** Restores the previous recording state when closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
