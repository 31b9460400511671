package org.genex.algorithms.hypergraph;

import org.genex.tensor.Parallel;

/** Helpers that turn per-position log weights into weights, one segment (row of a CSR layout) at a time. */
final class SegmentWeights {
    private SegmentWeights() {}

    /** Segments are processed in parallel in chunks of this many segments (a function of the layout only). */
    static final int GRAIN = 256;

    /**
     * Replaces each log weight by {@code exp(l - max of its segment)}, so that the largest weight of a segment is 1
     * and a large preference exponent cannot overflow. {@code -inf} becomes 0; NaN or {@code +inf} is an error.
     */
    static void expShifted(int[] ptr, double[] logWeights, String what) {
        int segments = ptr.length - 1;
        Parallel.forRange(segments, GRAIN, (a, b) -> {
            for (int s = a; s < b; s++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int p = ptr[s]; p < ptr[s + 1]; p++) {
                    double l = logWeights[p];
                    if (Double.isNaN(l) || l == Double.POSITIVE_INFINITY)
                        throw new IllegalArgumentException(what + ": log weight " + l + " at row " + s
                                + "; expected a finite value or -infinity");
                    max = Math.max(max, l);
                }
                if (max == Double.NEGATIVE_INFINITY)
                    throw new IllegalArgumentException(what + ": every weight of row " + s + " is 0");
                for (int p = ptr[s]; p < ptr[s + 1]; p++) logWeights[p] = Math.exp(logWeights[p] - max);
            }
        });
    }

    /** Divides each weight by its segment's total (rows summing to 0 are left as they are). */
    static void normalize(int[] ptr, double[] weights) {
        Parallel.forRange(ptr.length - 1, GRAIN, (a, b) -> {
            for (int s = a; s < b; s++) {
                double total = 0;
                for (int p = ptr[s]; p < ptr[s + 1]; p++) total += weights[p];
                if (total > 0) for (int p = ptr[s]; p < ptr[s + 1]; p++) weights[p] /= total;
            }
        });
    }
}
