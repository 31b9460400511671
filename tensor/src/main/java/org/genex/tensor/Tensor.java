package org.genex.tensor;

import java.util.Arrays;
import java.util.Locale;

/**
 * A float32 array with a {@link Shape}: row-major, contiguous, on a {@link Device}.
 *
 * <p>A tensor is a shape, a {@link Storage} and an element offset into it. Views that need no copy share the
 * storage: {@link #reshape}, {@link #rows} (a range of leading rows), {@link #unsqueeze}, {@link #squeeze}. A
 * transpose or permute copies ({@link #permute}, {@link #transpose}); {@link Backend#gemm} takes transpose flags so
 * the common products copy nothing.
 *
 * <p>The methods here are a thin façade: each allocates its result and calls the device's {@link Backend}, where
 * the kernels live. For allocation-free loops call the backend with your own output tensors.
 *
 * <p>Tensors are not thread-safe for concurrent writes; reading one from several threads is fine.
 */
public final class Tensor {
    private final Shape shape;
    private final Storage storage;
    private final int offset;

    /** A tensor over {@code storage} from element {@code offset}; the storage must hold {@code shape.size()} more. */
    public Tensor(Shape shape, Storage storage, int offset) {
        if (offset < 0 || (long) offset + shape.size() > storage.capacity())
            throw new IllegalArgumentException("tensor " + shape + " at offset " + offset
                    + " does not fit a storage of " + storage.capacity() + " elements");
        this.shape = shape;
        this.storage = storage;
        this.offset = offset;
    }

    // ------------------------------------------------------------------------------------------------ creation

    /** Wraps {@code data} (not copied) as a CPU tensor of the given shape. */
    public static Tensor wrap(float[] data, int... dims) {
        Shape s = Shape.of(dims);
        if (s.size() != data.length)
            throw new IllegalArgumentException("shape " + s + " needs " + s.size() + " elements, the array has "
                    + data.length);
        return new Tensor(s, new HeapStorage(data), 0);
    }

    /** A 1-D CPU tensor holding a copy of {@code values}. */
    public static Tensor of(float... values) { return wrap(values.clone(), values.length); }

    /** A CPU tensor of the given shape holding a copy of {@code values}. */
    public static Tensor of(float[] values, int... dims) { return wrap(values.clone(), dims); }

    /** A rank-0 CPU tensor. */
    public static Tensor scalar(float value) { return new Tensor(Shape.SCALAR, new HeapStorage(new float[]{value}), 0); }

    public static Tensor zeros(int... dims) { return zeros(Shape.of(dims)); }

    public static Tensor zeros(Shape shape) { return zeros(shape, Device.CPU); }

    public static Tensor zeros(Shape shape, Device device) { return Backends.of(device).allocate(shape); }

    public static Tensor full(Shape shape, float value) {
        float[] a = new float[shape.size()];
        Arrays.fill(a, value);
        return new Tensor(shape, new HeapStorage(a), 0);
    }

    public static Tensor ones(int... dims) { return full(Shape.of(dims), 1f); }

    /** 0, 1, ..., n-1 as a 1-D CPU tensor. */
    public static Tensor arange(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return wrap(a, n);
    }

    // ------------------------------------------------------------------------------------------------ metadata

    public Shape shape() { return shape; }

    public int rank() { return shape.rank(); }

    /** The length of {@code axis} (negative counts from the end). */
    public int dim(int axis) { return shape.dim(axis); }

    /** The number of elements. */
    public int size() { return shape.size(); }

    public Device device() { return storage.device(); }

    public Storage storage() { return storage; }

    /** The element offset of this tensor in its storage. */
    public int offset() { return offset; }

    /** The backend of this tensor's device. */
    public Backend backend() { return Backends.of(storage.device()); }

    /**
     * The backing array of a CPU tensor; this tensor's elements are {@code array()[offset() .. offset() + size())}.
     */
    public float[] array() {
        if (storage instanceof HeapStorage h) return h.array();
        throw new IllegalStateException("tensor " + shape + " lives on " + device()
                + ", not on the host: call to(Device.CPU) or toArray() first");
    }

    /** True if both tensors' element ranges overlap in the same storage. */
    public boolean overlaps(Tensor other) {
        return storage == other.storage && size() > 0 && other.size() > 0
                && offset < other.offset + other.size() && other.offset < offset + size();
    }

    // ------------------------------------------------------------------------------------------------ elements

    /** The element at the given indices (one per axis). CPU only; for tests and small jobs, not for loops. */
    public float get(int... index) { return array()[offset + flatIndex(index)]; }

    /** Sets the element at the given indices (one per axis). CPU only. */
    public void set(float value, int... index) { array()[offset + flatIndex(index)] = value; }

    /** The value of a one-element tensor. */
    public float item() {
        if (size() != 1) throw new IllegalStateException("item() needs one element, tensor has shape " + shape);
        return toArray()[0];
    }

    /** A copy of the elements in row-major order, from any device. */
    public float[] toArray() {
        float[] out = new float[size()];
        backend().download(this, out, 0);
        return out;
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.rank())
            throw new IllegalArgumentException(index.length + " indices for a tensor of shape " + shape);
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            int d = shape.dim(i), k = index[i] < 0 ? index[i] + d : index[i];
            if (k < 0 || k >= d)
                throw new IndexOutOfBoundsException("index " + index[i] + " out of range for axis " + i
                        + " of shape " + shape);
            flat = flat * d + k;
        }
        return flat;
    }

    // ------------------------------------------------------------------------------------------------ views

    /** The same elements with another shape (one dimension may be -1); shares storage. */
    public Tensor reshape(int... dims) { return new Tensor(shape.reshape(dims), storage, offset); }

    /** The same elements with another shape of equal size; shares storage. */
    public Tensor reshape(Shape s) { return reshape(s.dims()); }

    /** A 1-D view. */
    public Tensor flatten() { return reshape(size()); }

    /** Rows {@code [start, end)} of the leading axis; shares storage. */
    public Tensor rows(int start, int end) {
        if (rank() == 0) throw new IllegalStateException("rows() of a scalar");
        int n = shape.dim(0);
        if (start < 0 || end > n || start > end)
            throw new IndexOutOfBoundsException("rows [" + start + ", " + end + ") of shape " + shape);
        int rowSize = shape.inner(0);
        return new Tensor(shape.with(0, end - start), storage, offset + start * rowSize);
    }

    /** Row {@code i} of the leading axis, without that axis; shares storage. */
    public Tensor row(int i) { return rows(i, i + 1).reshape(shape.without(0)); }

    /** A view with a new axis of length 1 at {@code axis}. */
    public Tensor unsqueeze(int axis) { return new Tensor(shape.unsqueeze(axis), storage, offset); }

    /** A view without {@code axis}, which must have length 1. */
    public Tensor squeeze(int axis) {
        if (shape.dim(axis) != 1)
            throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + shape + " is not 1");
        return new Tensor(shape.without(axis), storage, offset);
    }

    // ------------------------------------------------------------------------------------------------ copies

    /** A copy on the same device. */
    public Tensor copy() {
        Tensor out = backend().allocate(shape);
        backend().copy(this, out);
        return out;
    }

    /** This tensor on {@code device}: itself if already there, else a copy. */
    public Tensor to(Device device) {
        if (device.equals(device())) return this;
        return Backends.of(device).upload(toArray(), 0, shape);
    }

    private Tensor alloc(Shape s) { return backend().allocate(s); }

    // ------------------------------------------------------------------------------------------------ elementwise

    public Tensor map(UnaryOp op) {
        Tensor out = alloc(shape);
        backend().unary(op, this, out);
        return out;
    }

    public Tensor binary(BinaryOp op, Tensor other) {
        Tensor out = alloc(Shape.broadcast(shape, other.shape, op.name().toLowerCase(Locale.ROOT)));
        backend().binary(op, this, other, out);
        return out;
    }

    public Tensor binary(BinaryOp op, float s) {
        Tensor out = alloc(shape);
        backend().binaryScalar(op, this, s, out);
        return out;
    }

    public Tensor add(Tensor o) { return binary(BinaryOp.ADD, o); }
    public Tensor sub(Tensor o) { return binary(BinaryOp.SUB, o); }
    public Tensor mul(Tensor o) { return binary(BinaryOp.MUL, o); }
    public Tensor div(Tensor o) { return binary(BinaryOp.DIV, o); }
    public Tensor add(float s) { return binary(BinaryOp.ADD, s); }
    public Tensor sub(float s) { return binary(BinaryOp.SUB, s); }
    public Tensor mul(float s) { return binary(BinaryOp.MUL, s); }
    public Tensor div(float s) { return binary(BinaryOp.DIV, s); }
    public Tensor pow(float s) { return binary(BinaryOp.POW, s); }
    public Tensor maximum(Tensor o) { return binary(BinaryOp.MAX, o); }
    public Tensor minimum(Tensor o) { return binary(BinaryOp.MIN, o); }
    public Tensor neg() { return map(UnaryOp.NEG); }
    public Tensor exp() { return map(UnaryOp.EXP); }
    public Tensor log() { return map(UnaryOp.LOG); }
    public Tensor sqrt() { return map(UnaryOp.SQRT); }
    public Tensor abs() { return map(UnaryOp.ABS); }

    public Tensor clamp(float lo, float hi) {
        Tensor out = alloc(shape);
        backend().clamp(this, lo, hi, out);
        return out;
    }

    /** 1 where {@code this op other} holds, else 0 (broadcasting). */
    public Tensor compare(CompareOp op, Tensor other) {
        Tensor out = alloc(Shape.broadcast(shape, other.shape, op.name().toLowerCase(Locale.ROOT)));
        backend().compare(op, this, other, out);
        return out;
    }

    /** {@code cond != 0 ? a : b}, broadcasting all three. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        Shape s = Shape.broadcast(Shape.broadcast(cond.shape, a.shape, "where"), b.shape, "where");
        Tensor out = a.alloc(s);
        a.backend().where(cond, a, b, out);
        return out;
    }

    // ------------------------------------------------------------------------------------------------ reductions

    public Tensor reduce(ReduceOp op, boolean keepDim, int... axes) {
        Tensor out = alloc(shape.reduce(axes, keepDim));
        backend().reduce(op, this, axes, out);
        return out;
    }

    /** The sum over {@code axes} (none: all), without the reduced axes. */
    public Tensor sum(int... axes) { return reduce(ReduceOp.SUM, false, axes); }
    public Tensor mean(int... axes) { return reduce(ReduceOp.MEAN, false, axes); }
    public Tensor max(int... axes) { return reduce(ReduceOp.MAX, false, axes); }
    public Tensor min(int... axes) { return reduce(ReduceOp.MIN, false, axes); }

    /** The variance over {@code axes} with the given correction (1: unbiased, as torch.var's default). */
    public Tensor variance(int correction, boolean keepDim, int... axes) {
        Tensor out = alloc(shape.reduce(axes, keepDim));
        backend().variance(this, axes, correction, out);
        return out;
    }

    /** The positions of the largest elements along {@code axis}, in the order of the reduced shape. */
    public int[] argmax(int axis) {
        int[] out = new int[shape.without(axis).size()];
        backend().argmax(this, axis, out);
        return out;
    }

    public int[] argmin(int axis) {
        int[] out = new int[shape.without(axis).size()];
        backend().argmin(this, axis, out);
        return out;
    }

    public Tensor softmax(int axis) {
        Tensor out = alloc(shape);
        backend().softmax(this, axis, out);
        return out;
    }

    public Tensor logSoftmax(int axis) {
        Tensor out = alloc(shape);
        backend().logSoftmax(this, axis, out);
        return out;
    }

    // ------------------------------------------------------------------------------------------------ linear algebra

    /**
     * The matrix product, as {@code torch.matmul} for operands of rank 2 or more: 2-D times 2-D is a GEMM, higher
     * ranks are batched with broadcast batch axes.
     */
    public Tensor matmul(Tensor b) { return matmul(b, false, false); }

    /** {@code op(this) @ op(b)}, op transposing the last two axes when its flag is set (no copy is made). */
    public Tensor matmul(Tensor b, boolean transA, boolean transB) {
        if (rank() < 2 || b.rank() < 2)
            throw new IllegalArgumentException("matmul needs operands of rank >= 2, got " + shape + " and " + b.shape);
        int m = transA ? dim(-1) : dim(-2), k = transA ? dim(-2) : dim(-1);
        int kb = transB ? b.dim(-1) : b.dim(-2), n = transB ? b.dim(-2) : b.dim(-1);
        if (k != kb)
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + shape + (transA ? "^T" : "")
                    + " @ " + b.shape + (transB ? "^T" : ""));
        if (rank() == 2 && b.rank() == 2) {
            Tensor c = alloc(Shape.of(m, n));
            backend().gemm(transA, transB, 1f, this, b, 0f, c);
            return c;
        }
        Shape batchA = Shape.of(Arrays.copyOf(shape.dims(), rank() - 2));
        Shape batchB = Shape.of(Arrays.copyOf(b.shape.dims(), b.rank() - 2));
        int[] batch = Shape.broadcast(batchA, batchB, "matmul (batch axes)").dims();
        int[] cd = Arrays.copyOf(batch, batch.length + 2);
        cd[batch.length] = m;
        cd[batch.length + 1] = n;
        Tensor c = alloc(Shape.of(cd));
        backend().batchedGemm(transA, transB, 1f, this, b, 0f, c);
        return c;
    }

    // ------------------------------------------------------------------------------------------------ movement

    /** A copy with the axes permuted: {@code result.dim(i) == dim(perm[i])}. */
    public Tensor permute(int... perm) {
        Tensor out = alloc(shape.permute(perm));
        backend().permute(this, perm, out);
        return out;
    }

    /** A copy with axes {@code a} and {@code b} swapped. */
    public Tensor transpose(int a, int b) {
        int[] perm = new int[rank()];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        int x = shape.axis(a), y = shape.axis(b);
        perm[x] = y;
        perm[y] = x;
        return permute(perm);
    }

    /** The transpose of a 2-D tensor (a copy). */
    public Tensor t() {
        if (rank() != 2) throw new IllegalStateException("t() needs a 2-D tensor, got " + shape);
        return transpose(0, 1);
    }

    /** A copy of {@code [start, end)} along {@code axis}. */
    public Tensor slice(int axis, int start, int end) {
        int a = shape.axis(axis);
        if (start < 0 || end > shape.dim(a) || start > end)
            throw new IndexOutOfBoundsException("slice [" + start + ", " + end + ") of axis " + axis + " of " + shape);
        Tensor out = alloc(shape.with(a, end - start));
        backend().slice(this, a, start, out);
        return out;
    }

    /** The entries at {@code index} along {@code axis} ({@code torch.index_select}). */
    public Tensor indexSelect(int axis, int... index) {
        Tensor out = alloc(shape.with(axis, index.length));
        backend().indexSelect(this, axis, index, out);
        return out;
    }

    /** Concatenation along {@code axis}; the other axes must agree. */
    public static Tensor concat(int axis, Tensor... xs) {
        if (xs.length == 0) throw new IllegalArgumentException("concat of no tensors");
        Shape first = xs[0].shape;
        int a = first.axis(axis), total = 0;
        for (Tensor x : xs) {
            if (x.rank() != first.rank() || !x.shape.with(a, 1).equals(first.with(a, 1)))
                throw new IllegalArgumentException("concat along axis " + axis + ": shapes " + first + " and "
                        + x.shape + " differ off that axis");
            total += x.dim(a);
        }
        Tensor out = xs[0].alloc(first.with(a, total));
        xs[0].backend().concat(xs, a, out);
        return out;
    }

    // ------------------------------------------------------------------------------------------------ printing

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(shape);
        if (!device().isCpu()) sb.append(" on ").append(device());
        if (size() <= 64) {
            sb.append(' ');
            float[] v = toArray();
            format(sb, v, 0, 0);
        }
        return sb.toString();
    }

    private int format(StringBuilder sb, float[] v, int axis, int pos) {
        if (axis == rank()) {
            sb.append(v[pos]);
            return pos + 1;
        }
        sb.append('[');
        for (int i = 0; i < shape.dim(axis); i++) {
            if (i > 0) sb.append(", ");
            pos = format(sb, v, axis + 1, pos);
        }
        sb.append(']');
        return pos;
    }
}
