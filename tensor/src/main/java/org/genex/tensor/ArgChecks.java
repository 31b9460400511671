package org.genex.tensor;

import java.util.Arrays;

/**
 * The device-independent argument checks of the {@link Backend} contract, shared by every backend so that the same
 * bad call gets the same exception and message on the CPU and on an accelerator. Each backend adds its own checks of
 * where the tensors live and of storage overlap.
 */
public final class ArgChecks {
    private ArgChecks() {}

    /** Every index in {@code [0, n)}, else an IndexOutOfBoundsException naming op, axis, position and index. */
    public static void indices(String op, int axis, int[] index, int n) {
        for (int i = 0; i < index.length; i++) {
            int v = index[i];
            if (v < 0 || v >= n)
                throw new IndexOutOfBoundsException(op + ": index " + v + " at position " + i
                        + " is out of range [0, " + n + ") for axis " + axis);
        }
    }

    /**
     * Shapes of gather (big = x, small = out) and scatterAdd (big = out, small = src): equal ranks, small's other
     * axes no longer than big's, and one index per element of small. Returns the normalised axis.
     */
    public static int gatherShapes(String op, String bigName, Tensor big, String smallName, Tensor small, int axis,
                                   int[] index) {
        if (big.rank() != small.rank() || big.rank() == 0)
            throw new IllegalArgumentException(op + ": " + bigName + " " + big.shape() + " and " + smallName + " "
                    + small.shape() + " must have the same rank (>= 1)");
        int a = big.shape().axis(axis);
        for (int d = 0; d < big.rank(); d++)
            if (d != a && small.dim(d) > big.dim(d))
                throw new IllegalArgumentException(op + " along axis " + axis + ": " + smallName + " "
                        + small.shape() + " is longer than " + bigName + " " + big.shape() + " on axis " + d);
        if (index.length != small.size())
            throw new IllegalArgumentException(op + ": index has " + index.length + " entries, " + smallName + " "
                    + small.shape() + " needs " + small.size());
        return a;
    }

    /**
     * A reduction of {@code x} over {@code axes} (none: all) into {@code out}, which has the reduced shape with or
     * without the reduced axes kept as 1. Returns the mask of reduced axes.
     */
    public static boolean[] reduction(String name, Tensor x, int[] axes, Tensor out) {
        boolean[] reduced;
        Shape keep, squeezed;
        try {
            reduced = x.shape().reducedAxes(axes);
            keep = x.shape().reduce(axes, true);
            squeezed = x.shape().reduce(axes, false);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": x " + x.shape() + ", axes " + Arrays.toString(axes)
                    + ": " + e.getMessage(), e);
        }
        if (!out.shape().equals(keep) && !out.shape().equals(squeezed))
            throw new IllegalArgumentException(name + ": x " + x.shape() + " reduced over axes "
                    + Arrays.toString(axes) + " gives " + squeezed + " (or " + keep + " keeping dims), but out is "
                    + out.shape());
        return reduced;
    }

    /**
     * The shapes of {@link Backend#batchedGemm}: ranks >= 2, matching inner dimensions, and {@code c} of the
     * broadcast batch axes of {@code a} and {@code b} times m x n. Returns that batch shape.
     */
    public static Shape batchedGemm(boolean transA, boolean transB, Tensor a, Tensor b, Tensor c) {
        if (a.rank() < 2 || b.rank() < 2 || c.rank() < 2)
            throw new IllegalArgumentException("batchedGemm needs tensors of rank >= 2, got a " + a.shape()
                    + ", b " + b.shape() + ", c " + c.shape());
        int m = transA ? a.dim(-1) : a.dim(-2), k = transA ? a.dim(-2) : a.dim(-1);
        int kb = transB ? b.dim(-1) : b.dim(-2), n = transB ? b.dim(-2) : b.dim(-1);
        Shape batch = Shape.broadcast(batchShape(a), batchShape(b), "batchedGemm (batch axes of a " + a.shape()
                + " and b " + b.shape() + ")");
        if (k != kb || c.dim(-2) != m || c.dim(-1) != n || !batch.equals(batchShape(c)))
            throw new IllegalArgumentException("batchedGemm: a " + a.shape() + (transA ? "^T" : "") + " times b "
                    + b.shape() + (transB ? "^T" : "") + " gives batch " + batch + " of " + m + " x " + n
                    + ", but c is " + c.shape());
        return batch;
    }

    /** The leading (batch) axes of a tensor of rank >= 2: all but its last two. */
    public static Shape batchShape(Tensor t) { return Shape.of(Arrays.copyOf(t.shape().dims(), t.rank() - 2)); }

    /**
     * The non-tensor arguments of {@link Backend#crossEntropy} for {@code n} rows of {@code c} classes: one target per
     * row, each in {@code [0, c)} or {@code ignoreIndex}; {@code weights} null or [c]; smoothing in [0, 1].
     */
    public static void crossEntropy(String op, int n, int c, int[] targets, Tensor weights, int ignoreIndex,
                                    float labelSmoothing) {
        if (targets == null) throw new IllegalArgumentException(op + ": targets is null");
        if (targets.length != n)
            throw new IllegalArgumentException(op + ": " + targets.length + " targets for " + n + " rows");
        if (weights != null && !weights.shape().equals(Shape.of(c)))
            throw new IllegalArgumentException(op + ": weights has shape " + weights.shape() + ", expected "
                    + Shape.of(c));
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new IllegalArgumentException(op + ": labelSmoothing must be in [0, 1], got " + labelSmoothing);
        for (int i = 0; i < n; i++) {
            int t = targets[i];
            if (t != ignoreIndex && (t < 0 || t >= c))
                throw new IndexOutOfBoundsException(op + ": targets[" + i + "] = " + t + " is out of range for "
                        + c + " classes (ignoreIndex " + ignoreIndex + ")");
        }
    }
}
