package org.genex.tensor.cpu;

import org.genex.tensor.Shape;

/**
 * How an elementwise op walks its output when up to three operands are broadcast to the output's shape (NumPy
 * rules: shapes aligned at the last axis, a dimension of 1 repeats).
 *
 * <p>Axes of length 1 are dropped, and neighbouring axes are merged wherever every operand steps through them
 * as through one axis (contiguous, or broadcast along both). The common cases collapse to one or two axes:
 * <pre>
 *   same shapes               [n]      strides a 1, b 1        one run per chunk
 *   scalar operand            [n]      strides a 1, b 0
 *   bias row [d] over [n, d]  [n, d]   strides a (d, 1), b (0, 1)
 *   column [n, 1] over [n, m] [n, m]   strides a (m, 1), b (1, 0)
 *   [a, 1, c] over [a, b, c]  [a, b, c] strides (b c, c, 1) and (c, 0, 1)
 * </pre>
 * The innermost remaining axis has stride 0 or 1 for every operand, so a kernel sees each operand of a run as
 * contiguous (stride 1) or as one repeated value (stride 0).
 */
final class Broadcast {
    /** The body of a run: {@code len} output elements from {@code outPos}, operand k at offset {@code offK}. */
    @FunctionalInterface
    interface Run {
        void run(int outPos, int off0, int off1, int off2, int len);
    }

    private final int[] dims;       // collapsed output dimensions, rank >= 1
    private final int[][] strides;  // strides[k][axis] of operand k, in elements; 0 along broadcast axes
    private final int size;

    private Broadcast(int[] dims, int[][] strides, int size) {
        this.dims = dims;
        this.strides = strides;
        this.size = size;
    }

    /**
     * The plan for {@code operands} (each already checked to broadcast to {@code out}) written to a contiguous
     * tensor of shape {@code out}.
     */
    static Broadcast of(Shape out, Shape... operands) {
        int r = out.rank(), m = operands.length;
        int[][] aligned = new int[m][r];
        for (int k = 0; k < m; k++) {
            Shape s = operands[k];
            int pad = r - s.rank(), acc = 1;
            for (int i = r - 1; i >= 0; i--) {
                int d = i < pad ? 1 : s.dim(i - pad);
                aligned[k][i] = d == 1 ? 0 : acc;
                acc *= d;
            }
        }
        int[] dims = new int[Math.max(1, r)];
        int[][] strides = new int[m][Math.max(1, r)];
        int rank = 0;
        for (int i = 0; i < r; i++) {
            int d = out.dim(i);
            if (d == 1) continue;
            boolean merge = rank > 0;
            for (int k = 0; k < m && merge; k++)
                merge = strides[k][rank - 1] == (long) aligned[k][i] * d;
            if (merge) {
                dims[rank - 1] *= d;
                for (int k = 0; k < m; k++) strides[k][rank - 1] = aligned[k][i];
            } else {
                dims[rank] = d;
                for (int k = 0; k < m; k++) strides[k][rank] = aligned[k][i];
                rank++;
            }
        }
        if (rank == 0) { // every output axis has length 1 (or there are none): one element
            dims[0] = 1;
            rank = 1;
        }
        int[] d = java.util.Arrays.copyOf(dims, rank);
        int[][] s = new int[m][];
        for (int k = 0; k < m; k++) s[k] = java.util.Arrays.copyOf(strides[k], rank);
        return new Broadcast(d, s, out.size());
    }

    /** The number of output elements. */
    int size() { return size; }

    /** The stride, 0 or 1, of operand {@code k} along the innermost axis (within a run). */
    int innerStride(int k) { return strides[k][dims.length - 1]; }

    /** True if every operand is contiguous with the output: the whole output is one run. */
    boolean contiguous() {
        if (dims.length != 1) return false;
        for (int[] s : strides) if (s[0] != 1 && dims[0] > 1) return false;
        return true;
    }

    /**
     * Calls {@code body} for the runs that cover the output elements {@code [start, end)}, in order. A run lies
     * within one innermost row, so its length is at most the innermost dimension.
     */
    void forRuns(int start, int end, Run body) {
        int rank = dims.length, inner = dims[rank - 1], m = strides.length;
        int[] idx = new int[rank];
        int rem = start / inner, p = start % inner;
        for (int i = rank - 2; i >= 0; i--) {
            idx[i] = rem % dims[i];
            rem /= dims[i];
        }
        int pos = start;
        while (pos < end) {
            int o0 = 0, o1 = 0, o2 = 0;
            for (int i = 0; i < rank - 1; i++) {
                if (m > 0) o0 += idx[i] * strides[0][i];
                if (m > 1) o1 += idx[i] * strides[1][i];
                if (m > 2) o2 += idx[i] * strides[2][i];
            }
            if (m > 0) o0 += p * strides[0][rank - 1];
            if (m > 1) o1 += p * strides[1][rank - 1];
            if (m > 2) o2 += p * strides[2][rank - 1];
            int len = Math.min(inner - p, end - pos);
            body.run(pos, o0, o1, o2, len);
            pos += len;
            p = 0;
            for (int i = rank - 2; i >= 0; i--) {
                if (++idx[i] < dims[i]) break;
                idx[i] = 0;
            }
        }
    }
}
