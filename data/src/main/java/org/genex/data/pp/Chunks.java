package org.genex.data.pp;

import org.genex.tensor.Parallel;
import org.genex.tensor.Tensor;

/**
 * How the preprocessing steps cut their work for {@link Parallel}: the cut depends only on the sizes of the
 * problem, never on the thread count, and partial results are combined in chunk order, so every result is the same
 * bits on any number of threads.
 */
final class Chunks {
    /** About this many elements of work per chunk (below it, work stays on one thread). */
    static final long WORK = 1 << 15;
    /** At most this many chunks for reductions that keep one partial array per chunk. */
    static final int MAX_PARTIALS = 16;

    private Chunks() {}

    /**
     * How many chunks a reduction over {@code items} (rows, say) with {@code work} elements in all is cut into:
     * at least 1 when there are items, at most {@link #MAX_PARTIALS} and at most {@code items}.
     */
    static int partials(long work, int items) {
        if (items <= 0) return 0;
        long k = Math.max(1, (work + WORK - 1) / WORK);
        return (int) Math.min(Math.min(k, MAX_PARTIALS), items);
    }

    /** First item of chunk {@code c} of {@code k} over {@code items} (chunk c is [start(c), start(c + 1))). */
    static int start(int c, int k, int items) { return (int) ((long) c * items / k); }

    /** A grain (items per task) for independent items that cost {@code workPerItem} each. */
    static int grain(long workPerItem) { return (int) Math.max(1, WORK / Math.max(1, workPerItem)); }

    /** Runs body over [0, items) in parallel, independent items of about {@code workPerItem} work each. */
    static void forItems(int items, long workPerItem, Parallel.RangeBody body) {
        Parallel.forRange(items, grain(workPerItem), body);
    }

    /** The elements of a 2-D tensor as a row-major array starting at {@link Dense#off}, copied only off the CPU. */
    record Dense(float[] a, int off, int rows, int cols) {
        static Dense of(Tensor t) {
            if (t.device().isCpu()) return new Dense(t.array(), t.offset(), t.dim(0), t.dim(1));
            return new Dense(t.toArray(), 0, t.dim(0), t.dim(1));
        }
    }
}
