package org.genex.tensor.cpu;

import java.util.Arrays;
import org.genex.tensor.*;

/**
 * Reductions along axes, arg-extrema, softmax and log-softmax with their backward rules.
 *
 * <h2>How a reduction runs</h2>
 * The axes of length 1 are dropped and neighbouring axes that are both reduced (or both kept) are merged, so
 * {@code x} becomes alternating groups such as {@code [kept, reduced, kept]}. Each reduced group is one
 * <em>stage</em> over a view {@code [outer, r, inner]}, innermost group first (several non-adjacent groups take
 * several stages through a temporary):
 * <ul>
 *   <li>{@code inner == 1}: each output reduces a contiguous row (row sums, softmax over the last axis),
 *       vectorised along the row; rows longer than {@code 2 * GRAIN} are cut into segments of {@link #GRAIN};</li>
 *   <li>{@code inner > 1}: the rows of each {@code [r, inner]} block are folded into an accumulator row,
 *       vectorised across the columns (column sums of {@code [n, d]}), cut into at most {@link #MAX_ROW_CHUNKS}
 *       chunks of rows with partial rows, and into column blocks of {@link #COL_BLOCK} for very wide rows.</li>
 * </ul>
 * The cut depends on the sizes only, and partial results (per segment or per row chunk) are combined in order, so
 * a result has the same bits for every thread count.
 *
 * <h2>Edge semantics</h2>
 * SUM over an empty range is 0 and MEAN NaN; MAX, MIN, argmax and argmin over an empty axis throw (when the output
 * is not empty itself). MAX and MIN propagate NaN; argmax and argmin return the first NaN, else the first extreme
 * element. Softmax subtracts the maximum first, so large inputs do not overflow; a row of only {@code -inf} (a fully
 * masked attention row) gives NaN, as in PyTorch, and a row with some {@code -inf} gives 0 at those positions.
 * Outputs may not overlap inputs.
 */
final class Reductions {
    /** Elements per parallel task, about. */
    static final int GRAIN = 1 << 15;
    /** A column reduction splits the reduced axis into at most this many chunks of rows (each a partial row). */
    static final int MAX_ROW_CHUNKS = 16;
    /** Column reductions walk rows wider than this in blocks of this many columns. */
    static final int COL_BLOCK = 4096;

    private final ReductionKernels k;
    private final Elementwise elementwise;

    Reductions(boolean simd) {
        this.k = ReductionKernels.create(simd);
        this.elementwise = new Elementwise(simd);
    }

    // ---------------------------------------------------------------------------------------------- reduce

    void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        String name = "reduce " + op;
        Elementwise.notNull(name, "op", op);
        boolean[] reduced = checkReduction(name, x, axes, out);
        if (out.size() == 0) return;
        long n = reducedCount(x.shape(), reduced);
        if (n == 0) {
            switch (op) {
                case SUM -> elementwise.fill(out, 0f);
                case MEAN -> elementwise.fill(out, Float.NaN);
                case MAX, MIN -> throw new IllegalArgumentException(name + ": cannot reduce x " + x.shape()
                        + " over axes " + Arrays.toString(axes) + ": the reduced range is empty");
            }
            return;
        }
        reduceStages(op == ReduceOp.MEAN ? ReduceOp.SUM : op, x, reduced, out.array(), out.offset(),
                op == ReduceOp.MEAN ? n : 1);
    }

    /**
     * Reduces {@code x} over the {@code reduced} axes with SUM, MAX or MIN stage by stage into
     * {@code dst[dOff ..]}, dividing the result by {@code divisor} (MEAN) in double precision.
     */
    private void reduceStages(ReduceOp op, Tensor x, boolean[] reduced, float[] dst, int dOff, double divisor) {
        Groups g = Groups.of(x.shape(), reduced);
        float[] src = x.array();
        int srcOff = x.offset();
        if (g.reducedCount() == 0) { // nothing but axes of length 1 is reduced: a copy (a scaled one for MEAN)
            System.arraycopy(src, srcOff, dst, dOff, x.size());
            if (divisor != 1) for (int i = 0; i < x.size(); i++) dst[dOff + i] = (float) (dst[dOff + i] / divisor);
            return;
        }
        while (g.reducedCount() > 0) {
            int gi = g.lastReduced();
            int outer = g.product(0, gi), r = g.len[gi], inner = g.product(gi + 1, g.len.length);
            boolean last = g.reducedCount() == 1;
            float[] to = last ? dst : new float[outer * inner];
            int toOff = last ? dOff : 0;
            stage(op, src, srcOff, outer, r, inner, null, to, toOff, last ? divisor : 1);
            src = to;
            srcOff = toOff;
            g = g.without(gi);
        }
    }

    // ---------------------------------------------------------------------------------------------- variance

    void variance(Tensor x, int[] axes, int correction, Tensor out) {
        String name = "variance";
        boolean[] reduced = checkReduction(name, x, axes, out);
        if (out.size() == 0) return;
        long n = reducedCount(x.shape(), reduced);
        double divisor = Math.max(0, n - correction);
        if (n == 0) {
            elementwise.fill(out, Float.NaN);
            return;
        }
        Groups g = Groups.of(x.shape(), reduced);
        float[] xa = x.array(), oa = out.array();
        int xo = x.offset(), oo = out.offset();
        if (g.reducedCount() == 0) { // one element per output: no deviation (NaN from NaN or an infinity)
            float v = (float) (0.0 / divisor);
            for (int i = 0; i < out.size(); i++) oa[oo + i] = Float.isFinite(xa[xo + i]) ? v : Float.NaN;
            return;
        }
        if (g.reducedCount() == 1) { // two passes over [outer, r, inner]: the means, then the squared deviations
            int gi = g.lastReduced();
            int outer = g.product(0, gi), r = g.len[gi], inner = g.product(gi + 1, g.len.length);
            float[] mean = new float[outer * inner];
            stage(ReduceOp.SUM, xa, xo, outer, r, inner, null, mean, 0, r);
            stage(ReduceOp.SUM, xa, xo, outer, r, inner, mean, oa, oo, divisor);
            return;
        }
        // several reduced groups: the squared deviations from the broadcast means, then their sum
        Tensor mean = new Tensor(x.shape().reduce(axes, true), new HeapStorage(new float[out.size()]), 0);
        reduceStages(ReduceOp.SUM, x, reduced, mean.array(), 0, n);
        Tensor dev = new Tensor(x.shape(), new HeapStorage(new float[x.size()]), 0);
        elementwise.binary(BinaryOp.SUB, x, mean, dev);
        elementwise.unary(UnaryOp.SQUARE, dev, dev);
        reduceStages(ReduceOp.SUM, dev, reduced, oa, oo, divisor);
    }

    // ---------------------------------------------------------------------------------------------- stages

    /**
     * One stage: reduces the middle axis of {@code src} viewed as {@code [outer, r, inner]} into
     * {@code dst[dOff ..]} ({@code [outer, inner]}), then divides by {@code divisor}. With {@code mean} (one value
     * per output) the stage sums squared deviations from it instead (op is then SUM).
     */
    private void stage(ReduceOp op, float[] src, int so, int outer, int r, int inner, float[] mean,
                       float[] dst, int dOff, double divisor) {
        if (inner == 1) rowStage(op, src, so, outer, r, mean, dst, dOff, divisor);
        else columnStage(op, src, so, outer, r, inner, mean, dst, dOff, divisor);
    }

    private double rowValue(ReduceOp op, float[] x, int xo, int n, float[] mean, int o) {
        if (mean != null) return k.sumSquaredDeviations(x, xo, n, mean[o]);
        return switch (op) {
            case SUM, MEAN -> k.sum(x, xo, n);
            case MAX -> k.max(x, xo, n);
            case MIN -> k.min(x, xo, n);
        };
    }

    private void rowStage(ReduceOp op, float[] x, int xo, int outer, int r, float[] mean,
                          float[] dst, int dOff, double divisor) {
        if (r <= 2 * GRAIN) { // whole rows, several per task
            Parallel.forRange(outer, Math.max(1, GRAIN / r), (o0, o1) -> {
                for (int o = o0; o < o1; o++)
                    dst[dOff + o] = (float) (rowValue(op, x, xo + o * r, r, mean, o) / divisor);
            });
            return;
        }
        int segs = ceilDiv(r, GRAIN); // long rows: segments of GRAIN, combined in order per row
        double[] part = new double[outer * segs];
        Parallel.forEach(outer * segs, t -> {
            int o = t / segs, start = (t % segs) * GRAIN;
            part[t] = rowValue(op, x, xo + o * r + start, Math.min(GRAIN, r - start), mean, o);
        });
        for (int o = 0; o < outer; o++) {
            double v = part[o * segs];
            for (int s = 1; s < segs; s++) {
                double p = part[o * segs + s];
                v = switch (op) {
                    case SUM, MEAN -> v + p;
                    case MAX -> Math.max(v, p);
                    case MIN -> Math.min(v, p);
                };
            }
            dst[dOff + o] = (float) (v / divisor);
        }
    }

    private void columnStage(ReduceOp op, float[] x, int xo, int outer, int r, int inner, float[] mean,
                             float[] dst, int dOff, double divisor) {
        int cw = Math.min(inner, COL_BLOCK), colBlocks = ceilDiv(inner, cw), blocks = outer * colBlocks;
        int rowsPerChunk = Math.max(ceilDiv(GRAIN, cw), ceilDiv(r, MAX_ROW_CHUNKS));
        int chunks = blocks >= MAX_ROW_CHUNKS ? 1 : ceilDiv(r, rowsPerChunk);
        if (chunks == 1) {
            Parallel.forRange(blocks, Math.max(1, GRAIN / Math.max(1, r * cw)), (b0, b1) -> {
                for (int b = b0; b < b1; b++) {
                    int o = b / colBlocks, j0 = (b % colBlocks) * cw, w = Math.min(cw, inner - j0);
                    int at = o * inner + j0;
                    fold(op, x, xo + o * r * inner + j0, r, w, inner, mean, at, dst, dOff + at);
                }
            });
        } else {
            int rpc = rowsPerChunk;
            float[] part = new float[blocks * chunks * cw];     // [block, chunk, cw]: one partial row per chunk
            Parallel.forEach(blocks * chunks, t -> {
                int b = t / chunks, c = t % chunks;
                int o = b / colBlocks, j0 = (b % colBlocks) * cw, w = Math.min(cw, inner - j0);
                int r0 = c * rpc, rows = Math.min(rpc, r - r0);
                fold(op, x, xo + (o * r + r0) * inner + j0, rows, w, inner, mean, o * inner + j0, part, t * cw);
            });
            ReduceOp combine = mean != null ? ReduceOp.SUM : op;
            Parallel.forRange(blocks, Math.max(1, GRAIN / (chunks * cw)), (b0, b1) -> {
                for (int b = b0; b < b1; b++) {
                    int o = b / colBlocks, j0 = (b % colBlocks) * cw, w = Math.min(cw, inner - j0);
                    k.foldRows(combine, part, b * chunks * cw, chunks, w, cw, dst, dOff + o * inner + j0, true);
                }
            });
        }
        if (divisor != 1) {
            int size = outer * inner;
            for (int i = 0; i < size; i++) dst[dOff + i] = (float) (dst[dOff + i] / divisor);
        }
    }

    /** Folds a block of rows (or, with {@code mean}, their squared deviations from {@code mean[mo ..]}). */
    private void fold(ReduceOp op, float[] x, int xo, int rows, int width, int stride, float[] mean, int mo,
                      float[] acc, int ao) {
        if (mean != null) k.foldSquaredDeviations(x, xo, rows, width, stride, mean, mo, acc, ao, true);
        else k.foldRows(op, x, xo, rows, width, stride, acc, ao, true);
    }

    // ---------------------------------------------------------------------------------------------- arg-extrema

    void argmax(Tensor x, int axis, int[] out) { arg("argmax", true, x, axis, out); }

    void argmin(Tensor x, int axis, int[] out) { arg("argmin", false, x, axis, out); }

    private void arg(String name, boolean max, Tensor x, int axis, int[] out) {
        Elementwise.cpu(name, "x", x);
        Elementwise.notNull(name, "out", out);
        int a = axis(name, x.shape(), axis);
        int outer = x.shape().outer(a), r = x.dim(a), inner = x.shape().inner(a);
        long expected = (long) outer * inner;
        if (out.length != expected)
            throw new IllegalArgumentException(name + ": out has " + out.length + " entries, x " + x.shape()
                    + " reduced along axis " + axis + " has " + expected);
        if (expected == 0) return;
        if (r == 0)
            throw new IllegalArgumentException(name + ": axis " + axis + " of x " + x.shape() + " is empty");
        float[] xa = x.array();
        int xo = x.offset();
        if (inner == 1) {
            Parallel.forRange(outer, Math.max(1, GRAIN / r), (o0, o1) -> {
                for (int o = o0; o < o1; o++) out[o] = k.argRow(max, xa, xo + o * r, r);
            });
            return;
        }
        int cw = columnWidth(r, inner), colBlocks = ceilDiv(inner, cw);
        Parallel.forRange(outer * colBlocks, Math.max(1, GRAIN / Math.max(1, r * cw)), (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int o = b / colBlocks, j0 = (b % colBlocks) * cw, w = Math.min(cw, inner - j0);
                k.argColumns(max, xa, xo + o * r * inner + j0, r, w, inner, out, o * inner + j0);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------- softmax

    void softmax(Tensor x, int axis, Tensor out) { alongAxis("softmax", Kind.SOFTMAX, x, null, axis, out); }

    void logSoftmax(Tensor x, int axis, Tensor out) { alongAxis("logSoftmax", Kind.LOG_SOFTMAX, x, null, axis, out); }

    void softmaxBackward(Tensor y, Tensor gy, int axis, Tensor gx) {
        alongAxis("softmaxBackward", Kind.SOFTMAX_BACKWARD, y, gy, axis, gx);
    }

    void logSoftmaxBackward(Tensor y, Tensor gy, int axis, Tensor gx) {
        alongAxis("logSoftmaxBackward", Kind.LOG_SOFTMAX_BACKWARD, y, gy, axis, gx);
    }

    private enum Kind { SOFTMAX, LOG_SOFTMAX, SOFTMAX_BACKWARD, LOG_SOFTMAX_BACKWARD }

    /** Softmax, log-softmax and their backward rules: the checks and the cut into rows or column blocks. */
    private void alongAxis(String name, Kind kind, Tensor x, Tensor g, int axis, Tensor out) {
        boolean backward = g != null;
        String xn = backward ? "y" : "x", on = backward ? "gx" : "out";
        Elementwise.cpu(name, xn, x);
        if (backward) Elementwise.cpu(name, "gy", g);
        Elementwise.cpu(name, on, out);
        Elementwise.sameShape(name, xn, x, on, out);
        if (backward) Elementwise.sameShape(name, "gy", g, on, out);
        disjoint(name, xn, x, on, out);
        if (backward) disjoint(name, "gy", g, on, out);
        int a = axis(name, x.shape(), axis);
        if (x.size() == 0) return;
        int outer = x.shape().outer(a), r = x.dim(a), inner = x.shape().inner(a);
        float[] xa = x.array(), ga = backward ? g.array() : null, oa = out.array();
        int xo = x.offset(), go = backward ? g.offset() : 0, oo = out.offset();
        if (inner == 1) {
            Parallel.forRange(outer, Math.max(1, GRAIN / r), (o0, o1) -> {
                int p = o0 * r, rows = o1 - o0;
                switch (kind) {
                    case SOFTMAX -> k.softmaxRows(xa, xo + p, rows, r, oa, oo + p);
                    case LOG_SOFTMAX -> k.logSoftmaxRows(xa, xo + p, rows, r, oa, oo + p);
                    case SOFTMAX_BACKWARD -> k.softmaxBackwardRows(xa, xo + p, ga, go + p, rows, r, oa, oo + p);
                    case LOG_SOFTMAX_BACKWARD -> k.logSoftmaxBackwardRows(xa, xo + p, ga, go + p, rows, r, oa, oo + p);
                }
            });
            return;
        }
        int cw = columnWidth(r, inner), colBlocks = ceilDiv(inner, cw);
        Parallel.forRange(outer * colBlocks, Math.max(1, GRAIN / Math.max(1, r * cw)), (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int o = b / colBlocks, j0 = (b % colBlocks) * cw, w = Math.min(cw, inner - j0);
                int p = o * r * inner + j0;
                switch (kind) {
                    case SOFTMAX -> k.softmaxColumns(xa, xo + p, r, w, inner, oa, oo + p);
                    case LOG_SOFTMAX -> k.logSoftmaxColumns(xa, xo + p, r, w, inner, oa, oo + p);
                    case SOFTMAX_BACKWARD -> k.softmaxBackwardColumns(xa, xo + p, ga, go + p, r, w, inner, oa, oo + p);
                    case LOG_SOFTMAX_BACKWARD ->
                            k.logSoftmaxBackwardColumns(xa, xo + p, ga, go + p, r, w, inner, oa, oo + p);
                }
            }
        });
    }

    /**
     * The width of the column blocks of an op along a leading axis that needs every row of a column at once
     * (softmax, argmax): at least 1024 columns, a 4 KiB page per row, since narrower blocks that step from page to
     * page defeat the hardware prefetcher (softmax down 4096 rows took 3x as long with 256 columns); more if a
     * block would hold fewer than {@link #GRAIN} elements; a multiple of 64, so vectors fill it.
     */
    private static int columnWidth(int r, int inner) {
        int w = Math.max(1024, ceilDiv(ceilDiv(GRAIN, r), 64) * 64);
        return Math.min(inner, w);
    }

    // ---------------------------------------------------------------------------------------------- checks

    /** Checks a reduction's arguments; returns the mask of reduced axes. */
    private static boolean[] checkReduction(String name, Tensor x, int[] axes, Tensor out) {
        Elementwise.cpu(name, "x", x);
        Elementwise.cpu(name, "out", out);
        boolean[] reduced = ArgChecks.reduction(name, x, axes, out);
        disjoint(name, "x", x, "out", out);
        return reduced;
    }

    private static void disjoint(String name, String inName, Tensor in, String outName, Tensor out) {
        if (Elementwise.overlaps(in, out))
            throw new IllegalArgumentException(name + ": " + outName + " " + out.shape() + " overlaps " + inName
                    + " " + in.shape() + " (the output must not share elements with an input)");
    }

    private static int axis(String name, Shape s, int axis) {
        try {
            return s.axis(axis);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    private static long reducedCount(Shape s, boolean[] reduced) {
        long n = 1;
        for (int i = 0; i < reduced.length; i++) if (reduced[i]) n *= s.dim(i);
        return n;
    }

    static int ceilDiv(int a, int b) { return (int) (((long) a + b - 1) / b); }

    /**
     * A shape as alternating groups of merged axes, each reduced or kept, with the axes of length 1 dropped:
     * reducing {@code [2, 1, 3, 4, 5]} over axes {0, 2, 3} gives groups {@code [2 R, 12 R, 5 K]} merged to
     * {@code [24 R, 5 K]}.
     */
    private record Groups(int[] len, boolean[] reduced) {
        static Groups of(Shape s, boolean[] mask) {
            int[] len = new int[s.rank()];
            boolean[] red = new boolean[s.rank()];
            int g = 0;
            for (int i = 0; i < s.rank(); i++) {
                int d = s.dim(i);
                if (d == 1) continue;
                if (g > 0 && red[g - 1] == mask[i]) {
                    len[g - 1] *= d;
                } else {
                    len[g] = d;
                    red[g] = mask[i];
                    g++;
                }
            }
            return new Groups(Arrays.copyOf(len, g), Arrays.copyOf(red, g));
        }

        int reducedCount() {
            int c = 0;
            for (boolean r : reduced) if (r) c++;
            return c;
        }

        int lastReduced() {
            for (int i = reduced.length - 1; i >= 0; i--) if (reduced[i]) return i;
            return -1;
        }

        /** The product of the group lengths in {@code [from, to)}. */
        int product(int from, int to) {
            int p = 1;
            for (int i = from; i < to; i++) p *= len[i];
            return p;
        }

        /** These groups with group {@code i} (a reduced one) removed. */
        Groups without(int i) {
            int[] l = new int[len.length - 1];
            boolean[] r = new boolean[len.length - 1];
            for (int a = 0, b = 0; a < len.length; a++) {
                if (a == i) continue;
                l[b] = len[a];
                r[b++] = reduced[a];
            }
            return new Groups(l, r);
        }
    }
}
