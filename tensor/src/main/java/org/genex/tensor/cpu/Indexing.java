package org.genex.tensor.cpu;

import java.util.Arrays;
import org.genex.tensor.*;

/**
 * Index-select and index-add, gather and scatter-add, top-k.
 *
 * <p>Index arrays are checked in full before anything is written, so a bad index leaves the output untouched and
 * gets an {@link IndexOutOfBoundsException} naming the op, the axis, the position and the bad index. Indices must
 * lie in {@code [0, n)}: a negative index is an error, as in PyTorch's gather, scatter_add_ and index_select.
 *
 * <p>The accumulating ops ({@link #indexAdd}, {@link #scatterAdd}) add into each output element in increasing
 * order of the source position, whatever the thread count, so their results are bit-identical for any number of
 * threads (and on both paths: an add is one rounding).
 */
final class Indexing {
    /** About this many elements moved per parallel task. */
    private static final int GRAIN = 32_768;

    private final RowKernels k;

    Indexing(boolean simd) {
        this.k = RowKernels.create(simd);
    }

    /**
     * {@code out[o, i, r] = x[o, index[i], r]}: x viewed as [outer, n, inner] around {@code axis}, out as
     * [outer, index.length, inner]. Rows are copied whole ({@code System.arraycopy}).
     */
    void indexSelect(Tensor x, int axis, int[] index, Tensor out) {
        int a = x.shape().axis(axis);
        Shape expected = x.shape().with(a, index.length);
        if (!out.shape().equals(expected))
            throw new IllegalArgumentException("indexSelect along axis " + axis + " of " + x.shape() + " with "
                    + index.length + " indices: out must be " + expected + ", got " + out.shape());
        noOverlap("indexSelect", out, x);
        int n = x.dim(a), outer = x.shape().outer(a), inner = x.shape().inner(a), len = index.length;
        ArgChecks.indices("indexSelect", axis, index, n);
        if (out.size() == 0) return;
        float[] xa = x.array(), oa = out.array();
        int xo = x.offset(), oo = out.offset();
        int rows = outer * len;
        Parallel.forRange(rows, grainRows(inner), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r / len, i = r % len;
                System.arraycopy(xa, xo + (o * n + index[i]) * inner, oa, oo + r * inner, inner);
            }
        });
    }

    /**
     * {@code out[o, index[i], r] += src[o, i, r]} ({@code torch.index_add_}); repeated indices accumulate, in
     * increasing i. Parallel over the destination rows: the positions are bucketed by index (a stable counting
     * sort), and each task adds the source rows of its destination rows in order.
     */
    void indexAdd(Tensor src, int axis, int[] index, Tensor out) {
        int a = out.shape().axis(axis);
        Shape expected = out.shape().with(a, index.length);
        if (!src.shape().equals(expected))
            throw new IllegalArgumentException("indexAdd along axis " + axis + " into " + out.shape() + " with "
                    + index.length + " indices: src must be " + expected + ", got " + src.shape());
        noOverlap("indexAdd", out, src);
        int n = out.dim(a), outer = out.shape().outer(a), inner = out.shape().inner(a), len = index.length;
        ArgChecks.indices("indexAdd", axis, index, n);
        if (src.size() == 0) return;
        float[] sa = src.array(), oa = out.array();
        int so = src.offset(), oo = out.offset();
        long work = (long) src.size();
        if (work <= GRAIN) {
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < len; i++)
                    k.add(sa, so + (o * len + i) * inner, oa, oo + (o * n + index[i]) * inner, inner);
            return;
        }
        // bucket the source positions by destination row, keeping increasing i within a bucket
        int[] start = new int[n + 1];
        for (int i : index) start[i + 1]++;
        for (int d = 0; d < n; d++) start[d + 1] += start[d];
        int[] next = Arrays.copyOf(start, n), order = new int[len];
        for (int i = 0; i < len; i++) order[next[index[i]]++] = i;
        int grain = (int) Math.max(1, Math.min(n, (long) GRAIN * n / work));
        Parallel.forRange(n, grain, (d0, d1) -> {
            for (int o = 0; o < outer; o++)
                for (int d = d0; d < d1; d++)
                    for (int p = start[d]; p < start[d + 1]; p++)
                        k.add(sa, so + (o * len + order[p]) * inner, oa, oo + (o * n + d) * inner, inner);
        });
    }

    /**
     * {@code torch.gather}: {@code out[.., i, ..] = x[.., index[.., i, ..], ..]} along {@code axis}; {@code index}
     * has {@code out.size()} entries in out's row-major order, and out's other axes may be shorter than x's.
     */
    void gather(Tensor x, int axis, int[] index, Tensor out) {
        int a = ArgChecks.gatherShapes("gather", "x", x, "out", out, axis, index);
        noOverlap("gather", out, x);
        ArgChecks.indices("gather", axis, index, x.dim(a));
        if (out.size() == 0) return;
        Walk w = new Walk(out.shape(), x.shape(), a);
        float[] xa = x.array(), oa = out.array();
        int xo = x.offset(), oo = out.offset();
        Parallel.forRange(w.tasks(), w.grainTasks(), (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int o = t / w.blocks, r0 = (t % w.blocks) * w.block, r1 = Math.min(w.inner, r0 + w.block);
                int base = xo + w.outerOff[o];
                for (int i = 0; i < w.len; i++) {
                    int p = (o * w.len + i) * w.inner;
                    for (int r = r0; r < r1; r++)
                        oa[oo + p + r] = xa[base + index[p + r] * w.stride + w.innerOff(r)];
                }
            }
        });
    }

    /**
     * {@code torch.Tensor.scatter_add_}: {@code out[.., index[.., i, ..], ..] += src[.., i, ..]} along
     * {@code axis}; {@code index} has {@code src.size()} entries, and src's other axes may be shorter than out's.
     * Tasks split the positions off the axis (which never collide), and each adds along the axis in increasing i.
     */
    void scatterAdd(Tensor src, int axis, int[] index, Tensor out) {
        int a = ArgChecks.gatherShapes("scatterAdd", "out", out, "src", src, axis, index);
        noOverlap("scatterAdd", out, src);
        ArgChecks.indices("scatterAdd", axis, index, out.dim(a));
        if (src.size() == 0) return;
        Walk w = new Walk(src.shape(), out.shape(), a);
        float[] sa = src.array(), oa = out.array();
        int so = src.offset(), oo = out.offset();
        Parallel.forRange(w.tasks(), w.grainTasks(), (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int o = t / w.blocks, r0 = (t % w.blocks) * w.block, r1 = Math.min(w.inner, r0 + w.block);
                int base = oo + w.outerOff[o];
                for (int i = 0; i < w.len; i++) {
                    int p = (o * w.len + i) * w.inner;
                    for (int r = r0; r < r1; r++)
                        oa[base + index[p + r] * w.stride + w.innerOff(r)] += sa[so + p + r];
                }
            }
        });
    }

    /**
     * The {@code k} largest (or smallest) entries of each row along the last axis, sorted, into {@code values}
     * (x's shape with the last axis {@code k}) and their positions into {@code indices} (row-major, like values).
     * Ties go to the lower index first; NaN counts as larger than every number (first when {@code largest}, last
     * otherwise), and -0.0 equals 0.0. {@code k} may be 0 or the full length.
     */
    void topk(Tensor x, int k, boolean largest, Tensor values, int[] indices) {
        if (x.rank() == 0) throw new IllegalArgumentException("topk needs a tensor of rank >= 1, got a scalar");
        int n = x.dim(-1);
        if (k < 0 || k > n)
            throw new IllegalArgumentException("topk: k = " + k + " is out of range [0, " + n + "] for " + x.shape());
        Shape expected = x.shape().with(-1, k);
        if (!values.shape().equals(expected))
            throw new IllegalArgumentException("topk: values must be " + expected + " for k = " + k + " of "
                    + x.shape() + ", got " + values.shape());
        int rows = x.shape().outer(-1);
        if (indices.length != rows * k)
            throw new IllegalArgumentException("topk: indices must have " + rows * k + " entries (" + rows
                    + " rows x k = " + k + "), got " + indices.length);
        noOverlap("topk", values, x);
        if (k == 0 || rows == 0) return;
        float[] xa = x.array(), va = values.array();
        int xo = x.offset(), vo = values.offset();
        long work = (long) rows * n * 8;
        int grain = (int) Math.max(1, Math.min(rows, (long) GRAIN * rows / work));
        Parallel.forRange(rows, grain, (r0, r1) -> {
            long[] keys = new long[n];
            for (int r = r0; r < r1; r++) {
                int xr = xo + r * n;
                selectRow(xa, xr, n, k, largest, keys);
                for (int j = 0; j < k; j++) {
                    int idx = (int) keys[j];
                    indices[r * k + j] = idx;
                    va[vo + r * k + j] = xa[xr + idx];
                }
            }
        });
    }

    /**
     * Puts the keys of the {@code k} best entries of {@code x[xr .. xr + n)} into {@code keys[0 .. k)}, best first.
     * A key is a long that sorts as the wanted order: the value's order-preserving bits (inverted for largest) in
     * the high half, the index in the low half (so ties go to the lower index). Small k uses a bounded max-heap
     * (O(n log k)); larger k a full sort.
     */
    private static void selectRow(float[] x, int xr, int n, int k, boolean largest, long[] keys) {
        if (k * 8L < n) {
            // max-heap of the k smallest keys seen so far, in keys[0 .. k)
            for (int j = 0; j < k; j++) siftUp(keys, j, key(x[xr + j], j, largest));
            for (int j = k; j < n; j++) {
                long key = key(x[xr + j], j, largest);
                if (key < keys[0]) siftDown(keys, k, key);
            }
            Arrays.sort(keys, 0, k);
        } else {
            for (int j = 0; j < n; j++) keys[j] = key(x[xr + j], j, largest);
            Arrays.sort(keys, 0, n);
        }
    }

    /** The sort key of value v at index j: ascending keys are the wanted order. */
    private static long key(float v, int j, boolean largest) {
        int bits = Float.floatToIntBits(v == 0f ? 0f : v); // canonical NaN (above +inf), -0.0 as 0.0
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff);  // signed-int order == float order
        if (largest) ordered = ~ordered;
        return ((long) ordered << 32) | j;
    }

    private static void siftUp(long[] heap, int pos, long key) {
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (heap[parent] >= key) break;
            heap[pos] = heap[parent];
            pos = parent;
        }
        heap[pos] = key;
    }

    /** Replaces the root of the max-heap {@code heap[0 .. size)} by {@code key} and restores the heap. */
    private static void siftDown(long[] heap, int size, long key) {
        int pos = 0;
        while (true) {
            int child = 2 * pos + 1;
            if (child >= size) break;
            if (child + 1 < size && heap[child + 1] > heap[child]) child++;
            if (heap[child] <= key) break;
            heap[pos] = heap[child];
            pos = child;
        }
        heap[pos] = key;
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** Rows of {@code inner} elements per task, so that a task moves about {@link #GRAIN} elements. */
    private static int grainRows(int inner) {
        return Math.max(1, GRAIN / Math.max(1, inner));
    }

    private static void noOverlap(String op, Tensor out, Tensor in) {
        if (out.overlaps(in))
            throw new IllegalArgumentException(op + ": out " + out.shape() + " overlaps its input " + in.shape());
    }

    /**
     * The walk of gather / scatter-add over the index-shaped tensor ("small": out of gather, src of scatter-add)
     * viewed as [outer, len, inner] around the axis, with the offsets into the other tensor ("big", whose axes off
     * the axis may be longer). Tasks are (outer position, block of inner positions): their targets never collide.
     */
    private static final class Walk {
        final int len, inner, stride, block, blocks;
        /** Offset in big of each outer position (index 0 on the axis, inner 0). */
        final int[] outerOff;
        /** Offset in big of each inner position, or null where small's inner axes equal big's (identity). */
        final int[] innerOff;

        Walk(Shape small, Shape big, int a) {
            int[] sd = small.dims(), bs = big.strides();
            len = sd[a];
            inner = small.inner(a);
            stride = bs[a];
            outerOff = offsets(sd, bs, 0, a);
            boolean same = true;
            for (int d = a + 1; d < sd.length; d++) same &= sd[d] == big.dim(d);
            innerOff = same ? null : offsets(sd, bs, a + 1, sd.length);
            long rowWork = (long) len * inner;
            block = (int) Math.max(1, Math.min(inner, rowWork <= GRAIN ? inner : (long) GRAIN / Math.max(1, len)));
            blocks = Math.max(1, (inner + block - 1) / block);
        }

        int innerOff(int r) { return innerOff == null ? r : innerOff[r]; }

        int tasks() { return outerOff.length * blocks; }

        /** Tasks per chunk, so that a chunk handles about GRAIN elements. */
        int grainTasks() {
            long perTask = Math.max(1, (long) len * Math.min(block, inner));
            return (int) Math.max(1, GRAIN / perTask);
        }

        /** The offsets (with strides {@code strides}) of every position of axes {@code [from, to)} of dims. */
        private static int[] offsets(int[] dims, int[] strides, int from, int to) {
            int count = 1;
            for (int d = from; d < to; d++) count *= dims[d];
            int[] off = new int[count], pos = new int[dims.length];
            int cur = 0;
            for (int p = 0; p < count; p++) {
                off[p] = cur;
                for (int d = to - 1; d >= from; d--) {
                    cur += strides[d];
                    if (++pos[d] < dims[d]) break;
                    cur -= strides[d] * dims[d];
                    pos[d] = 0;
                }
            }
            return off;
        }
    }
}
