package org.genex.gpu;

import java.util.Arrays;
import org.genex.tensor.Shape;

/**
 * The {@code Strided} struct that the elementwise, permute and gather kernels take by value: an output's dims and
 * the element strides of up to three operands along them. As an int array: {@code [rank, dims[8], s0[8], s1[8],
 * s2[8]]} (33 ints, 132 bytes, the C layout of {@code struct Strided} in genex.cu).
 *
 * <p>Axes of length 1 are dropped and neighbouring axes merged wherever every operand steps through them as
 * through one axis, as the CPU's broadcast walk does, so the usual cases have rank 1 or 2 and the kernels' index
 * arithmetic stays short. More than {@link #MAX_RANK} axes left after merging is an error that names the op.
 */
public final class Strided {
    /** The kernels' fixed capacity (MAXR in genex.cu). */
    public static final int MAX_RANK = 8;
    /** Length of the int array. */
    public static final int INTS = 1 + 4 * MAX_RANK;

    private final int[] dims;
    private final int[][] strides;

    private Strided(int[] dims, int[][] strides) {
        this.dims = dims;
        this.strides = strides;
    }

    /** The output dims after merging. */
    public int[] dims() { return dims.clone(); }

    /** Operand k's strides along {@link #dims()}. */
    public int[] strides(int k) { return strides[k].clone(); }

    /**
     * The walk of {@code out} (contiguous) with each operand broadcast to it (NumPy rules; the shapes must already
     * be known to broadcast): operand strides are 0 along broadcast axes.
     */
    public static Strided broadcast(String op, Shape out, Shape... operands) {
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
        return merged(op, out.dims(), aligned);
    }

    /**
     * The walk of a permuted copy: {@code out.dim(i) == x.dim(perm[i])}; operand 0 is x, with x's strides in out's
     * axis order.
     */
    public static Strided permute(String op, Shape x, int[] perm) {
        int r = x.rank();
        int[] dims = new int[r], xs = x.strides(), s = new int[r];
        for (int i = 0; i < r; i++) {
            dims[i] = x.dim(perm[i]);
            s[i] = xs[perm[i]];
        }
        return merged(op, dims, new int[][]{s});
    }

    /**
     * The walk of gather / scatter-add: the index-shaped tensor's dims (not merged, the kernel needs the axis) and
     * the other tensor's strides.
     */
    public static Strided unmerged(String op, Shape walked, Shape strided) {
        if (walked.rank() > MAX_RANK)
            throw new IllegalArgumentException(op + ": tensors of rank " + walked.rank() + " (" + walked
                    + ") are not supported on the GPU, at most " + MAX_RANK);
        return new Strided(walked.dims(), new int[][]{strided.strides()});
    }

    private static Strided merged(String op, int[] outDims, int[][] aligned) {
        int r = outDims.length, m = aligned.length;
        int[] dims = new int[Math.max(1, r)];
        int[][] strides = new int[m][Math.max(1, r)];
        int rank = 0;
        for (int i = 0; i < r; i++) {
            int d = outDims[i];
            if (d == 1) continue;
            boolean merge = rank > 0;
            for (int k = 0; k < m && merge; k++) merge = strides[k][rank - 1] == (long) aligned[k][i] * d;
            if (merge) {
                dims[rank - 1] *= d;
                for (int k = 0; k < m; k++) strides[k][rank - 1] = aligned[k][i];
            } else {
                dims[rank] = d;
                for (int k = 0; k < m; k++) strides[k][rank] = aligned[k][i];
                rank++;
            }
        }
        if (rank == 0) {
            dims[0] = 1;
            rank = 1;
        }
        if (rank > MAX_RANK)
            throw new IllegalArgumentException(op + ": the shape " + Arrays.toString(outDims) + " still has " + rank
                    + " axes after merging; the GPU kernels take at most " + MAX_RANK);
        int[][] s = new int[m][];
        for (int k = 0; k < m; k++) s[k] = Arrays.copyOf(strides[k], rank);
        return new Strided(Arrays.copyOf(dims, rank), s);
    }

    /** The struct as the kernels read it (absent operands have stride 0). */
    public int[] struct() {
        int[] a = new int[INTS];
        a[0] = dims.length;
        System.arraycopy(dims, 0, a, 1, dims.length);
        for (int k = 0; k < strides.length && k < 3; k++)
            System.arraycopy(strides[k], 0, a, 1 + (k + 1) * MAX_RANK, strides[k].length);
        return a;
    }

    /** The element offsets of operand k for output position i (what the kernel computes; for tests). */
    public int offset(int k, int i) {
        int off = 0;
        for (int d = dims.length - 1; d >= 0; d--) {
            off += (i % dims[d]) * strides[k][d];
            i /= dims[d];
        }
        return off;
    }
}
