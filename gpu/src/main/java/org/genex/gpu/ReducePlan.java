package org.genex.gpu;

import java.util.ArrayList;
import java.util.List;
import org.genex.tensor.Shape;

/**
 * The {@code RedPlan} struct of the reduction kernels: x's axes split into kept axes (the output's order) and
 * reduced axes, each with x's strides, after dropping axes of length 1 and merging neighbours that are contiguous
 * in x. As an int array: {@code [keptRank, keptDims[8], keptStr[8], redRank, redDims[8], redStr[8]]} (34 ints).
 *
 * <p>{@link #rows()} says which kernel fits: when x's innermost (non-trivial) axis is reduced, one block per output
 * element reads neighbouring elements ({@code reduce_rows}); otherwise one thread per output element, and
 * neighbouring threads read neighbouring elements ({@code reduce_cols}).
 */
public final class ReducePlan {
    public static final int INTS = 2 + 4 * Strided.MAX_RANK;

    private final int[] keptDims, keptStr, redDims, redStr;
    private final boolean rows;

    private ReducePlan(int[] keptDims, int[] keptStr, int[] redDims, int[] redStr, boolean rows) {
        this.keptDims = keptDims;
        this.keptStr = keptStr;
        this.redDims = redDims;
        this.redStr = redStr;
        this.rows = rows;
    }

    /** The plan of reducing {@code x} over the axes flagged in {@code reduced}. */
    public static ReducePlan of(String op, Shape x, boolean[] reduced) {
        int[] st = x.strides();
        List<int[]> kept = new ArrayList<>(), red = new ArrayList<>();
        Boolean lastReduced = null; // the kind of the last non-trivial axis
        for (int i = 0; i < x.rank(); i++) {
            int d = x.dim(i);
            if (d == 1) continue;
            List<int[]> list = reduced[i] ? red : kept;
            int[] prev = list.isEmpty() ? null : list.get(list.size() - 1);
            // merge with the previous axis of the same kind when it is its immediate outer neighbour in x
            if (prev != null && lastReduced != null && lastReduced == reduced[i] && prev[1] == (long) st[i] * d) {
                prev[0] *= d;
                prev[1] = st[i];
            } else {
                list.add(new int[]{d, st[i]});
            }
            lastReduced = reduced[i];
        }
        if (kept.size() > Strided.MAX_RANK || red.size() > Strided.MAX_RANK)
            throw new IllegalArgumentException(op + ": reducing " + x + " leaves more than " + Strided.MAX_RANK
                    + " separate axes; the GPU kernels take at most " + Strided.MAX_RANK);
        return new ReducePlan(col(kept, 0), col(kept, 1), col(red, 0), col(red, 1), lastReduced == null || lastReduced);
    }

    private static int[] col(List<int[]> l, int c) {
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i)[c];
        return a;
    }

    /** True for the block-per-output kernel (innermost axis reduced). */
    public boolean rows() { return rows; }

    /** The number of reduced elements per output. */
    public int reducedCount() {
        int n = 1;
        for (int d : redDims) n *= d;
        return n;
    }

    /** x's offset of output element {@code o}, reduced element {@code r} (the kernels' arithmetic; for tests). */
    public int offset(int o, int r) { return offset(keptDims, keptStr, o) + offset(redDims, redStr, r); }

    private static int offset(int[] dims, int[] str, int i) {
        int off = 0;
        for (int d = dims.length - 1; d >= 0; d--) {
            off += (i % dims[d]) * str[d];
            i /= dims[d];
        }
        return off;
    }

    public int[] struct() {
        int m = Strided.MAX_RANK;
        int[] a = new int[INTS];
        a[0] = keptDims.length;
        System.arraycopy(keptDims, 0, a, 1, keptDims.length);
        System.arraycopy(keptStr, 0, a, 1 + m, keptStr.length);
        a[1 + 2 * m] = redDims.length;
        System.arraycopy(redDims, 0, a, 2 + 2 * m, redDims.length);
        System.arraycopy(redStr, 0, a, 2 + 3 * m, redStr.length);
        return a;
    }
}
