package org.genex.tensor;

import java.util.Arrays;

/**
 * The dimensions of a row-major tensor. Immutable; rank 0 is a scalar. Axes may be given negative, counted from the
 * end as in NumPy ({@code -1} is the last axis).
 *
 * <p>The number of elements must fit in an {@code int}: a CPU tensor is one {@code float[]}.
 */
public final class Shape {
    private static final int[] NONE = new int[0];
    public static final Shape SCALAR = new Shape(NONE);

    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        this.dims = dims;
        long n = 1;
        for (int d : dims) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(dims));
            n *= d;
            if (n > Integer.MAX_VALUE)
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has more than 2^31-1 elements");
        }
        this.size = (int) n;
    }

    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    public int rank() { return dims.length; }

    /** The number of elements. */
    public int size() { return size; }

    /** The length of {@code axis} (negative counts from the end). */
    public int dim(int axis) { return dims[axis(axis)]; }

    /** A copy of the dimensions. */
    public int[] dims() { return dims.clone(); }

    /** Normalises a possibly negative axis and checks it. */
    public int axis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length)
            throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + this);
        return a;
    }

    /** Row-major strides in elements. */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** Product of the dimensions before {@code axis} (exclusive). */
    public int outer(int axis) {
        int a = axis(axis), n = 1;
        for (int i = 0; i < a; i++) n *= dims[i];
        return n;
    }

    /** Product of the dimensions after {@code axis} (exclusive). */
    public int inner(int axis) {
        int a = axis(axis), n = 1;
        for (int i = a + 1; i < dims.length; i++) n *= dims[i];
        return n;
    }

    /** This shape with {@code axis} set to {@code length}. */
    public Shape with(int axis, int length) {
        int[] d = dims.clone();
        d[axis(axis)] = length;
        return new Shape(d);
    }

    /** This shape with {@code axis} removed. */
    public Shape without(int axis) {
        int a = axis(axis);
        int[] d = new int[dims.length - 1];
        System.arraycopy(dims, 0, d, 0, a);
        System.arraycopy(dims, a + 1, d, a, dims.length - a - 1);
        return new Shape(d);
    }

    /** This shape with a new axis of length 1 inserted at {@code axis} ({@code 0..rank}, or negative). */
    public Shape unsqueeze(int axis) {
        int a = axis < 0 ? axis + dims.length + 1 : axis;
        if (a < 0 || a > dims.length)
            throw new IllegalArgumentException("axis " + axis + " is out of range to insert into shape " + this);
        int[] d = new int[dims.length + 1];
        System.arraycopy(dims, 0, d, 0, a);
        d[a] = 1;
        System.arraycopy(dims, a, d, a + 1, dims.length - a);
        return new Shape(d);
    }

    /**
     * A shape of the same size with one dimension possibly given as {@code -1} and inferred, as in
     * {@code numpy.reshape}.
     */
    public Shape reshape(int... newDims) {
        int[] d = newDims.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape " + this + " to "
                        + Arrays.toString(newDims) + ": only one dimension can be -1");
                infer = i;
            } else if (d[i] < 0) {
                throw new IllegalArgumentException("reshape " + this + " to " + Arrays.toString(newDims)
                        + ": negative dimension");
            } else {
                known *= d[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || size % known != 0)
                throw new IllegalArgumentException("cannot reshape " + this + " (" + size + " elements) to "
                        + Arrays.toString(newDims));
            d[infer] = (int) (size / known);
            known *= d[infer];
        }
        if (known != size)
            throw new IllegalArgumentException("cannot reshape " + this + " (" + size + " elements) to "
                    + Arrays.toString(newDims) + " (" + known + " elements)");
        return new Shape(d);
    }

    /**
     * The shape of the reduction of this shape over {@code axes}: those axes become 1 if {@code keepDim}, else
     * vanish. No axes means all axes.
     */
    public Shape reduce(int[] axes, boolean keepDim) {
        boolean[] reduced = reducedAxes(axes);
        int kept = 0;
        for (boolean r : reduced) if (!r) kept++;
        int[] d = new int[keepDim ? dims.length : kept];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (keepDim) d[i] = reduced[i] ? 1 : dims[i];
            else if (!reduced[i]) d[j++] = dims[i];
        }
        return of(d);
    }

    /** A mask of the axes named (all axes if none are named); a repeated axis is an error. */
    public boolean[] reducedAxes(int[] axes) {
        boolean[] r = new boolean[dims.length];
        if (axes == null || axes.length == 0) {
            Arrays.fill(r, true);
            return r;
        }
        for (int axis : axes) {
            int a = axis(axis);
            if (r[a]) throw new IllegalArgumentException("axis " + axis + " repeated in " + Arrays.toString(axes));
            r[a] = true;
        }
        return r;
    }

    /** The axes {@code 0..rank-1} permuted by {@code perm}, checked to be a permutation. */
    public Shape permute(int... perm) {
        if (perm.length != dims.length)
            throw new IllegalArgumentException("permutation " + Arrays.toString(perm) + " does not match shape " + this);
        int[] d = new int[dims.length];
        boolean[] seen = new boolean[dims.length];
        for (int i = 0; i < perm.length; i++) {
            int a = axis(perm[i]);
            if (seen[a]) throw new IllegalArgumentException(Arrays.toString(perm) + " is not a permutation");
            seen[a] = true;
            d[i] = dims[a];
        }
        return new Shape(d);
    }

    /**
     * NumPy broadcasting: shapes are aligned at their last axis, and each pair of dimensions must be equal or one
     * of them 1.
     *
     * @param op the operation, named in the error message
     */
    public static Shape broadcast(Shape a, Shape b, String op) {
        if (a.equals(b)) return a;
        int r = Math.max(a.rank(), b.rank());
        int[] d = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
            int db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b + " cannot be broadcast together"
                        + " (axis " + i + " of the result: " + da + " vs " + db + ")");
            d[i] = da == 1 ? db : da;
        }
        return new Shape(d);
    }

    /** True if this shape broadcasts to {@code target} (NumPy rules, target unchanged). */
    public boolean broadcastsTo(Shape target) {
        if (rank() > target.rank()) return false;
        int off = target.rank() - rank();
        for (int i = 0; i < rank(); i++) if (dims[i] != 1 && dims[i] != target.dims[i + off]) return false;
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(dims); }

    @Override
    public String toString() { return Arrays.toString(dims); }
}
