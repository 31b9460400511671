package org.genex.gpu;

import java.util.Arrays;
import java.util.List;
import org.genex.tensor.*;

/**
 * The CUDA backend: tensors in device memory ({@link CudaStorage}, from a {@link CachingAllocator}), GEMM through
 * cuBLAS ({@link Cublas}), everything else through the PTX kernels of {@code gpu/src/main/cuda/genex.cu}, all queued
 * on one stream of one device ({@link CudaDevice}). Calls return once the work is queued; {@link #download} (and
 * every op that returns host data: argmax, argmin, topk's indices) waits for it.
 *
 * <h2>Host data</h2>
 * Index arrays ({@code int[]}) and {@link CsrMatrix} arguments live on the host, as the SPI says: each call uploads
 * them into a block of the allocator (a staging buffer that goes back to the cache when the call returns; the next
 * use of that block is queued after this call's kernels) and {@code int[]} results are downloaded. Host-synchronous
 * copies first synchronise the stream.
 *
 * <h2>Numerics and determinism</h2>
 * The kernels follow the CPU backend's formulas (sums in double where its reference path uses double, no fused
 * multiply-add, IEEE division and square root), so results agree with the CPU backend to a few float ulps per
 * operation (the tests state the tolerance of each op). Every op gives the same bits run to run, except the ones that
 * add with {@code atomicAdd} in an order that depends on scheduling: {@link #indexAdd} and {@link #scatterAdd} with
 * repeated indices, and {@link #selectiveScanBackward}'s {@code gBm} and {@code gCm} (sums over channels). GEMM
 * with TF32 ({@link #setTf32}) rounds the products' inputs to 10-bit mantissas; it is off by default.
 *
 * <h2>Limits</h2>
 * The elementwise, permute, reduce and gather kernels take at most {@link Strided#MAX_RANK} axes after merging
 * neighbouring axes (an error names the op otherwise). {@link #topk} runs k block-wide selection rounds per row:
 * fast for the usual small k, quadratic when k is close to the row length.
 */
public final class CudaBackend implements Backend {
    private static final System.Logger LOG = System.getLogger("org.genex.gpu");
    /** How long an allocation that failed waits for the cleaner after {@code System.gc()}. */
    private static final long GC_WAIT_MS = 50;

    private final Device device;
    private final Accelerator cuda;
    private final CachingAllocator allocator;
    private final Blas cublas;

    /** The backend of {@code device} on an accelerator and its GEMMs (the tests also pass a host emulation). */
    CudaBackend(Device device, Accelerator cuda, Blas blas) {
        this.device = device;
        this.cuda = cuda;
        this.allocator = new CachingAllocator(cuda, CudaBackend::collect);
        this.cublas = blas;
        if (Boolean.getBoolean("genex.cuda.tf32")) cublas.setTf32(true);
        LOG.log(System.Logger.Level.INFO, "genex CUDA backend: " + describe());
    }

    /** Opens {@code device} (a CUDA device); throws an IllegalStateException that says why when it cannot. */
    public static CudaBackend open(Device device) {
        if (device.type() != Device.Type.CUDA)
            throw new IllegalArgumentException("CudaBackend serves cuda devices, not " + device);
        CudaDevice cuda = CudaDevice.open(device.index());
        return new CudaBackend(device, cuda, Cublas.create(cuda.streamAddress()));
    }

    private static void collect() {
        System.gc();
        try {
            Thread.sleep(GC_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The CUDA device behind this backend (for benchmarks: events, pinned memory). */
    public CudaDevice cuda() {
        if (cuda instanceof CudaDevice d) return d;
        throw new IllegalStateException(device + " is a host emulation, not a CUDA device");
    }

    /** The memory pool's counters. */
    public CachingAllocator.Stats memoryStats() { return allocator.stats(); }

    /** Returns every cached block to the driver (as {@code torch.cuda.empty_cache()}). */
    public long emptyCache() { return allocator.releaseCached(); }

    /**
     * Lets cuBLAS use TF32 tensor cores for FP32 GEMM (as {@code torch.backends.cuda.matmul.allow_tf32}): faster,
     * with inputs rounded to 10-bit mantissas. Off by default, or on with {@code -Dgenex.cuda.tf32=true}.
     */
    public void setTf32(boolean on) {
        cuda.bind();
        cublas.setTf32(on);
    }

    public boolean tf32() { return cublas.tf32(); }

    /** Waits until every queued op has run. */
    public void synchronize() { cuda.synchronize(); }

    @Override
    public Device device() { return device; }

    @Override
    public String describe() {
        return device + " (" + cuda + "), " + cublas.describe();
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** The device address of t's first element; null gives 0. Checks that t lives on this device. */
    private long addr(String op, String name, Tensor t) {
        if (t == null) return 0L;
        if (!(t.storage() instanceof CudaStorage s) || !t.device().equals(device))
            throw new IllegalArgumentException(op + ": " + name + " " + t.shape() + " lives on " + t.device()
                    + ", expected " + device + " (move it with to(" + device + "))");
        return s.address() + 4L * t.offset();
    }

    private static void notNull(String op, String name, Object o) {
        if (o == null) throw new IllegalArgumentException(op + ": " + name + " is null");
    }

    private static void sameShape(String op, String name, Tensor t, Shape expected) {
        notNull(op, name, t);
        if (!t.shape().equals(expected))
            throw new IllegalArgumentException(op + ": " + name + " has shape " + t.shape() + ", expected " + expected);
    }

    private static void sizeIs(String op, String name, Tensor t, int n, String what) {
        notNull(op, name, t);
        if (t.size() != n)
            throw new IllegalArgumentException(op + ": " + name + " has shape " + t.shape() + " (" + t.size()
                    + " elements), expected " + n + " elements (" + what + ")");
    }

    /** An output that must not share elements with an input (either may be null). */
    private static void disjoint(String op, String outName, Tensor out, String inName, Tensor in) {
        if (out != null && in != null && out.overlaps(in))
            throw new IllegalArgumentException(op + ": " + outName + " " + out.shape() + " overlaps " + inName + " "
                    + in.shape() + "; outputs must not share storage with the other arguments");
    }

    private void launch(Kernel k, long work, Object... args) {
        cuda.launch(k, Launch.blocks(work, Launch.THREADS), Launch.THREADS, args);
    }

    private void launchRows(Kernel k, long rows, long len, Object... args) {
        cuda.launch(k, Launch.rowBlocks(rows), Launch.rowThreads(len), args);
    }

    /** A device copy of host ints in a staging block of the allocator (free it with {@link #release}). */
    private CachingAllocator.Block stage(int[] host) {
        if (host.length == 0) return null;
        CachingAllocator.Block b = allocator.allocate(4L * host.length);
        cuda.upload(b.address(), host);
        return b;
    }

    private CachingAllocator.Block stage(float[] host) {
        if (host.length == 0) return null;
        CachingAllocator.Block b = allocator.allocate(4L * host.length);
        cuda.upload(b.address(), host, 0, host.length);
        return b;
    }

    private CachingAllocator.Block scratch(long floats) {
        return floats == 0 ? null : allocator.allocate(4L * floats);
    }

    private static long at(CachingAllocator.Block b) { return b == null ? 0L : b.address(); }

    private void release(CachingAllocator.Block... blocks) {
        for (CachingAllocator.Block b : blocks) if (b != null) allocator.free(b);
    }

    private void download(long src, int[] dst) { cuda.download(dst, src); }

    // ---------------------------------------------------------------------------------------------- memory

    @Override
    public Tensor allocate(Shape shape) {
        cuda.bind();
        CudaStorage s = new CudaStorage(device, shape.size(), allocator);
        cuda.memset32(s.address(), 0, shape.size());
        return new Tensor(shape, s, 0);
    }

    @Override
    public Tensor upload(float[] host, int offset, Shape shape) {
        notNull("upload", "host", host);
        if (offset < 0 || (long) offset + shape.size() > host.length)
            throw new IllegalArgumentException("upload: " + shape + " from offset " + offset + " of an array of "
                    + host.length);
        cuda.bind();
        CudaStorage s = new CudaStorage(device, shape.size(), allocator);
        cuda.upload(s.address(), host, offset, shape.size());
        return new Tensor(shape, s, 0);
    }

    @Override
    public void download(Tensor src, float[] dst, int dstOffset) {
        long a = addr("download", "src", src);
        if (dstOffset < 0 || (long) dstOffset + src.size() > dst.length)
            throw new IllegalArgumentException("download: " + src.shape() + " into an array of " + dst.length
                    + " from offset " + dstOffset);
        cuda.download(dst, dstOffset, a, src.size());
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        long s = addr("copy", "src", src), d = addr("copy", "dst", dst);
        if (src.size() != dst.size())
            throw new IllegalArgumentException("copy: src " + src.shape() + " and dst " + dst.shape()
                    + " differ in size");
        if (s != d) cuda.copy(d, s, 4L * src.size());
    }

    @Override
    public void fill(Tensor dst, float value) {
        cuda.memset32(addr("fill", "dst", dst), Float.floatToRawIntBits(value), dst.size());
    }

    // ---------------------------------------------------------------------------------------------- elementwise

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        notNull("unary", "op", op);
        long xa = addr("unary " + op, "x", x), oa = addr("unary " + op, "out", out);
        sameShape("unary " + op, "out", out, x.shape());
        if (x.size() > 0) launch(Kernel.UNARY, x.size(), op.ordinal(), xa, oa, x.size());
    }

    @Override
    public void unaryBackward(UnaryOp op, Tensor x, Tensor y, Tensor gy, Tensor gx) {
        String name = "unaryBackward " + op;
        notNull(name, "op", op);
        long xa = addr(name, "x", x), ya = addr(name, "y", y), ga = addr(name, "gy", gy), gxa = addr(name, "gx", gx);
        sameShape(name, "y", y, x.shape());
        sameShape(name, "gy", gy, x.shape());
        sameShape(name, "gx", gx, x.shape());
        if (x.size() > 0) launch(Kernel.UNARY_BWD, x.size(), op.ordinal(), xa, ya, ga, gxa, x.size());
    }

    /** Checks that the operands broadcast to out's shape; returns the walk. */
    private static Strided broadcastTo(String op, Tensor out, Tensor... operands) {
        Shape s = operands[0].shape();
        for (int i = 1; i < operands.length; i++) s = Shape.broadcast(s, operands[i].shape(), op);
        if (!s.equals(out.shape()))
            throw new IllegalArgumentException(op + ": the operands broadcast to " + s + ", but out is " + out.shape());
        Shape[] shapes = new Shape[operands.length];
        for (int i = 0; i < shapes.length; i++) shapes[i] = operands[i].shape();
        return Strided.broadcast(op, out.shape(), shapes);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        String name = "binary " + op;
        notNull(name, "op", op);
        long aa = addr(name, "a", a), ba = addr(name, "b", b), oa = addr(name, "out", out);
        Strided s = broadcastTo(name, out, a, b);
        if (out.size() > 0) launch(Kernel.BINARY, out.size(), op.ordinal(), aa, ba, oa, out.size(), s.struct());
    }

    @Override
    public void binaryScalar(BinaryOp op, Tensor a, float s, Tensor out) {
        String name = "binaryScalar " + op;
        notNull(name, "op", op);
        long aa = addr(name, "a", a), oa = addr(name, "out", out);
        sameShape(name, "out", out, a.shape());
        if (a.size() > 0) launch(Kernel.BINARY_SCALAR, a.size(), op.ordinal(), aa, s, oa, a.size());
    }

    @Override
    public void compare(CompareOp op, Tensor a, Tensor b, Tensor out) {
        String name = "compare " + op;
        notNull(name, "op", op);
        long aa = addr(name, "a", a), ba = addr(name, "b", b), oa = addr(name, "out", out);
        Strided s = broadcastTo(name, out, a, b);
        if (out.size() > 0) launch(Kernel.COMPARE, out.size(), op.ordinal(), aa, ba, oa, out.size(), s.struct());
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        long ca = addr("where", "cond", cond), aa = addr("where", "a", a), ba = addr("where", "b", b);
        long oa = addr("where", "out", out);
        Strided s = broadcastTo("where", out, cond, a, b);
        if (out.size() > 0) launch(Kernel.WHERE, out.size(), ca, aa, ba, oa, out.size(), s.struct());
    }

    @Override
    public void clamp(Tensor x, float lo, float hi, Tensor out) {
        long xa = addr("clamp", "x", x), oa = addr("clamp", "out", out);
        sameShape("clamp", "out", out, x.shape());
        if (x.size() > 0) launch(Kernel.CLAMP, x.size(), xa, lo, hi, oa, x.size());
    }

    // ---------------------------------------------------------------------------------------------- reductions

    private boolean[] checkReduction(String name, Tensor x, int[] axes, Tensor out) {
        addr(name, "x", x);
        addr(name, "out", out);
        boolean[] reduced = ArgChecks.reduction(name, x, axes, out);
        disjoint(name, "out", out, "x", x);
        return reduced;
    }

    private static long reducedCount(Shape x, boolean[] reduced) {
        long n = 1;
        for (int i = 0; i < reduced.length; i++) if (reduced[i]) n *= x.dim(i);
        return n;
    }

    /** op codes of reduce_rows / reduce_cols: SUM 0, MEAN 1, MAX 2, MIN 3 (ReduceOp's order), VAR 4. */
    private void runReduction(String name, int code, Tensor x, boolean[] reduced, int correction, Tensor out) {
        ReducePlan p = ReducePlan.of(name, x.shape(), reduced);
        int nRed = p.reducedCount(), nOut = out.size();
        long xa = addr(name, "x", x), oa = addr(name, "out", out);
        if (p.rows()) cuda.launch(Kernel.REDUCE_ROWS, Launch.rowBlocks(nOut), Launch.rowThreads(nRed), code, xa, oa,
                nOut, nRed, correction, p.struct());
        else launch(Kernel.REDUCE_COLS, nOut, code, xa, oa, nOut, nRed, correction, p.struct());
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) {
        String name = "reduce " + op;
        notNull(name, "op", op);
        boolean[] reduced = checkReduction(name, x, axes, out);
        if (out.size() == 0) return;
        if (reducedCount(x.shape(), reduced) == 0) {
            switch (op) {
                case SUM -> fill(out, 0f);
                case MEAN -> fill(out, Float.NaN);
                case MAX, MIN -> throw new IllegalArgumentException(name + ": cannot reduce x " + x.shape()
                        + " over axes " + Arrays.toString(axes) + ": the reduced range is empty");
            }
            return;
        }
        runReduction(name, op.ordinal(), x, reduced, 0, out);
    }

    @Override
    public void variance(Tensor x, int[] axes, int correction, Tensor out) {
        boolean[] reduced = checkReduction("variance", x, axes, out);
        if (out.size() == 0) return;
        if (reducedCount(x.shape(), reduced) == 0) {
            fill(out, Float.NaN);
            return;
        }
        runReduction("variance", 4, x, reduced, correction, out);
    }

    @Override
    public void argmax(Tensor x, int axis, int[] out) { arg("argmax", true, x, axis, out); }

    @Override
    public void argmin(Tensor x, int axis, int[] out) { arg("argmin", false, x, axis, out); }

    /** Computed on the device (one thread per output), the int[] downloaded. */
    private void arg(String name, boolean max, Tensor x, int axis, int[] out) {
        long xa = addr(name, "x", x);
        notNull(name, "out", out);
        int a = x.shape().axis(axis);
        int outer = x.shape().outer(a), r = x.dim(a), inner = x.shape().inner(a);
        long expected = (long) outer * inner;
        if (out.length != expected)
            throw new IllegalArgumentException(name + ": out has " + out.length + " entries, x " + x.shape()
                    + " reduced along axis " + axis + " has " + expected);
        if (expected == 0) return;
        if (r == 0) throw new IllegalArgumentException(name + ": axis " + axis + " of x " + x.shape() + " is empty");
        CachingAllocator.Block idx = scratch(out.length);
        try {
            launch(Kernel.ARG_EXT, expected, max ? 1 : 0, xa, idx.address(), outer, r, inner);
            download(idx.address(), out);
        } finally {
            release(idx);
        }
    }

    private void softmaxLike(String name, Kernel k, int mode, Tensor in1, Tensor in2, int axis, Tensor out) {
        long a1 = addr(name, "x", in1), a2 = addr(name, "gy", in2), oa = addr(name, "out", out);
        int a = in1.shape().axis(axis);
        sameShape(name, "out", out, in1.shape());
        if (in2 != null) sameShape(name, "gy", in2, in1.shape());
        disjoint(name, "out", out, "x", in1);
        disjoint(name, "out", out, "gy", in2);
        int outer = in1.shape().outer(a), len = in1.dim(a), inner = in1.shape().inner(a);
        int rows = outer * inner;
        if (rows == 0 || len == 0) return;
        if (in2 == null) launchRows(k, rows, len, mode, a1, oa, rows, len, inner);
        else launchRows(k, rows, len, mode, a1, a2, oa, rows, len, inner);
    }

    @Override
    public void softmax(Tensor x, int axis, Tensor out) { softmaxLike("softmax", Kernel.SOFTMAX, 0, x, null, axis, out); }

    @Override
    public void logSoftmax(Tensor x, int axis, Tensor out) {
        softmaxLike("logSoftmax", Kernel.SOFTMAX, 1, x, null, axis, out);
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor gy, int axis, Tensor gx) {
        notNull("softmaxBackward", "gy", gy);
        softmaxLike("softmaxBackward", Kernel.SOFTMAX_BWD, 0, y, gy, axis, gx);
    }

    @Override
    public void logSoftmaxBackward(Tensor y, Tensor gy, int axis, Tensor gx) {
        notNull("logSoftmaxBackward", "gy", gy);
        softmaxLike("logSoftmaxBackward", Kernel.SOFTMAX_BWD, 1, y, gy, axis, gx);
    }

    // ---------------------------------------------------------------------------------------------- linear algebra

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        long aa = addr("gemm", "a", a), ba = addr("gemm", "b", b), ca = addr("gemm", "c", c);
        if (a.rank() != 2 || b.rank() != 2 || c.rank() != 2)
            throw new IllegalArgumentException("gemm needs 2-D tensors, got a " + a.shape() + ", b " + b.shape()
                    + ", c " + c.shape());
        int m = transA ? a.dim(1) : a.dim(0), k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0), n = transB ? b.dim(0) : b.dim(1);
        if (k != kb || c.dim(0) != m || c.dim(1) != n)
            throw new IllegalArgumentException("gemm: a " + a.shape() + (transA ? "^T" : "") + " times b " + b.shape()
                    + (transB ? "^T" : "") + " does not fit c " + c.shape());
        disjoint("gemm", "c", c, "a", a);
        disjoint("gemm", "c", c, "b", b);
        if (m == 0 || n == 0) return;
        cuda.bind();
        cublas.sgemm(transA, transB, m, n, k, alpha, aa, ba, beta, ca);
    }

    @Override
    public void batchedGemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        long aa = addr("batchedGemm", "a", a), ba = addr("batchedGemm", "b", b), ca = addr("batchedGemm", "c", c);
        Shape batch = ArgChecks.batchedGemm(transA, transB, a, b, c);
        int m = transA ? a.dim(-1) : a.dim(-2), k = transA ? a.dim(-2) : a.dim(-1);
        int n = transB ? b.dim(-2) : b.dim(-1);
        disjoint("batchedGemm", "c", c, "a", a);
        disjoint("batchedGemm", "c", c, "b", b);
        int count = batch.size();
        if (count == 0 || m == 0 || n == 0) return;
        cuda.bind();
        // a Linear layer over a sequence: one GEMM
        if (!transA && b.rank() == 2 && ArgChecks.batchShape(a).equals(batch)) {
            cublas.sgemm(false, transB, count * m, n, k, alpha, aa, ba, beta, ca);
            return;
        }
        List<BatchPlan.Run> runs = BatchPlan.of(a.shape(), b.shape(), batch.dims(), (long) m * k, (long) k * n,
                (long) m * n);
        for (BatchPlan.Run r : runs)
            cublas.sgemmStridedBatched(transA, transB, m, n, k, alpha, aa + 4 * r.offA(), r.strideA(),
                    ba + 4 * r.offB(), r.strideB(), beta, ca + 4 * r.offC(), (long) m * n, r.count());
    }

    // ---------------------------------------------------------------------------------------------- indexing

    @Override
    public void indexSelect(Tensor x, int axis, int[] index, Tensor out) {
        long xa = addr("indexSelect", "x", x), oa = addr("indexSelect", "out", out);
        notNull("indexSelect", "index", index);
        int a = x.shape().axis(axis);
        Shape expected = x.shape().with(a, index.length);
        if (!out.shape().equals(expected))
            throw new IllegalArgumentException("indexSelect along axis " + axis + " of " + x.shape() + " with "
                    + index.length + " indices: out must be " + expected + ", got " + out.shape());
        disjoint("indexSelect", "out", out, "x", x);
        int n = x.dim(a);
        ArgChecks.indices("indexSelect", axis, index, n);
        if (out.size() == 0) return;
        CachingAllocator.Block idx = stage(index);
        try {
            launch(Kernel.INDEX_SELECT, out.size(), xa, oa, idx.address(), x.shape().outer(a), n, index.length,
                    x.shape().inner(a));
        } finally {
            release(idx);
        }
    }

    /** With atomicAdd: repeated indices add in an unspecified order (sums may differ in the last bits run to run). */
    @Override
    public void indexAdd(Tensor src, int axis, int[] index, Tensor out) {
        long sa = addr("indexAdd", "src", src), oa = addr("indexAdd", "out", out);
        notNull("indexAdd", "index", index);
        int a = out.shape().axis(axis);
        Shape expected = out.shape().with(a, index.length);
        if (!src.shape().equals(expected))
            throw new IllegalArgumentException("indexAdd along axis " + axis + " into " + out.shape() + " with "
                    + index.length + " indices: src must be " + expected + ", got " + src.shape());
        disjoint("indexAdd", "out", out, "src", src);
        int n = out.dim(a);
        ArgChecks.indices("indexAdd", axis, index, n);
        if (src.size() == 0) return;
        CachingAllocator.Block idx = stage(index);
        try {
            launch(Kernel.INDEX_ADD, src.size(), sa, oa, idx.address(), out.shape().outer(a), n, index.length,
                    out.shape().inner(a));
        } finally {
            release(idx);
        }
    }

    @Override
    public void gather(Tensor x, int axis, int[] index, Tensor out) {
        long xa = addr("gather", "x", x), oa = addr("gather", "out", out);
        notNull("gather", "index", index);
        int a = ArgChecks.gatherShapes("gather", "x", x, "out", out, axis, index);
        disjoint("gather", "out", out, "x", x);
        ArgChecks.indices("gather", axis, index, x.dim(a));
        if (out.size() == 0) return;
        Strided s = Strided.unmerged("gather", out.shape(), x.shape());
        CachingAllocator.Block idx = stage(index);
        try {
            launch(Kernel.GATHER_SCATTER, out.size(), 0, xa, oa, idx.address(), out.size(), a, s.struct());
        } finally {
            release(idx);
        }
    }

    /** With atomicAdd: entries that meet in one output element add in an unspecified order. */
    @Override
    public void scatterAdd(Tensor src, int axis, int[] index, Tensor out) {
        long sa = addr("scatterAdd", "src", src), oa = addr("scatterAdd", "out", out);
        notNull("scatterAdd", "index", index);
        int a = ArgChecks.gatherShapes("scatterAdd", "out", out, "src", src, axis, index);
        disjoint("scatterAdd", "out", out, "src", src);
        ArgChecks.indices("scatterAdd", axis, index, out.dim(a));
        if (src.size() == 0) return;
        Strided s = Strided.unmerged("scatterAdd", src.shape(), out.shape());
        CachingAllocator.Block idx = stage(index);
        try {
            launch(Kernel.GATHER_SCATTER, src.size(), 1, oa, sa, idx.address(), src.size(), a, s.struct());
        } finally {
            release(idx);
        }
    }

    /** On the device (k block-wide selection rounds per row, CPU's ordering keys); the indices downloaded. */
    @Override
    public void topk(Tensor x, int k, boolean largest, Tensor values, int[] indices) {
        long xa = addr("topk", "x", x), va = addr("topk", "values", values);
        notNull("topk", "indices", indices);
        if (x.rank() == 0) throw new IllegalArgumentException("topk needs a tensor of rank >= 1, got a scalar");
        int n = x.dim(-1);
        if (k < 0 || k > n)
            throw new IllegalArgumentException("topk: k = " + k + " is out of range [0, " + n + "] for " + x.shape());
        Shape expected = x.shape().with(-1, k);
        if (!values.shape().equals(expected))
            throw new IllegalArgumentException("topk: values must be " + expected + " for k = " + k + " of "
                    + x.shape() + ", got " + values.shape());
        int rows = x.shape().outer(-1);
        if ((long) indices.length != (long) rows * k)
            throw new IllegalArgumentException("topk: indices must have " + (long) rows * k + " entries (" + rows
                    + " rows x k = " + k + "), got " + indices.length);
        disjoint("topk", "values", values, "x", x);
        if (k == 0 || rows == 0) return;
        CachingAllocator.Block idx = scratch(indices.length);
        try {
            launchRows(Kernel.TOPK, rows, n, xa, va, idx.address(), rows, n, k, largest ? 1 : 0);
            download(idx.address(), indices);
        } finally {
            release(idx);
        }
    }

    // ---------------------------------------------------------------------------------------------- movement

    @Override
    public void permute(Tensor x, int[] perm, Tensor out) {
        long xa = addr("permute", "x", x), oa = addr("permute", "out", out);
        notNull("permute", "perm", perm);
        Shape expected = x.shape().permute(perm);
        sameShape("permute", "out", out, expected);
        disjoint("permute", "out", out, "x", x);
        if (out.size() == 0) return;
        Strided s = Strided.permute("permute", x.shape(), perm);
        launch(Kernel.PERMUTE, out.size(), xa, oa, out.size(), s.struct());
    }

    @Override
    public void slice(Tensor x, int axis, int start, Tensor out) {
        long xa = addr("slice", "x", x), oa = addr("slice", "out", out);
        int a = x.shape().axis(axis), len = out.rank() == x.rank() ? out.dim(a) : -1;
        if (len < 0 || !out.shape().equals(x.shape().with(a, len)) || start < 0 || start + len > x.dim(a))
            throw new IllegalArgumentException("slice: out " + out.shape() + " from position " + start + " of axis "
                    + axis + " does not fit x " + x.shape());
        disjoint("slice", "out", out, "x", x);
        if (out.size() == 0) return;
        launch(Kernel.SLICE, out.size(), xa, oa, x.shape().outer(a), x.dim(a), len, x.shape().inner(a), start);
    }

    @Override
    public void sliceWrite(Tensor src, int axis, int start, boolean accumulate, Tensor out) {
        long sa = addr("sliceWrite", "src", src), oa = addr("sliceWrite", "out", out);
        int a = out.shape().axis(axis), len = src.rank() == out.rank() ? src.dim(a) : -1;
        if (len < 0 || !src.shape().equals(out.shape().with(a, len)) || start < 0 || start + len > out.dim(a))
            throw new IllegalArgumentException("sliceWrite: src " + src.shape() + " at position " + start
                    + " of axis " + axis + " does not fit out " + out.shape());
        disjoint("sliceWrite", "out", out, "src", src);
        if (src.size() == 0) return;
        launch(Kernel.SLICE_WRITE, src.size(), sa, oa, out.shape().outer(a), out.dim(a), len, out.shape().inner(a),
                start, accumulate ? 1 : 0);
    }

    @Override
    public void concat(Tensor[] xs, int axis, Tensor out) {
        notNull("concat", "xs", xs);
        addr("concat", "out", out);
        int a = out.shape().axis(axis), total = 0;
        for (Tensor x : xs) {
            addr("concat", "an input", x);
            if (x.rank() != out.rank() || !x.shape().with(a, 1).equals(out.shape().with(a, 1)))
                throw new IllegalArgumentException("concat along axis " + axis + ": input " + x.shape()
                        + " differs from out " + out.shape() + " off that axis");
            disjoint("concat", "out", out, "an input", x);
            total += x.dim(a);
        }
        if (total != out.dim(a))
            throw new IllegalArgumentException("concat along axis " + axis + ": the inputs have " + total
                    + " entries on it, out " + out.shape() + " has " + out.dim(a));
        int pos = 0;
        for (Tensor x : xs) {
            sliceWrite(x, a, pos, false, out);
            pos += x.dim(a);
        }
    }

    @Override
    public void flip(Tensor x, int axis, Tensor out) {
        long xa = addr("flip", "x", x), oa = addr("flip", "out", out);
        int a = x.shape().axis(axis);
        sameShape("flip", "out", out, x.shape());
        disjoint("flip", "out", out, "x", x);
        if (x.size() == 0) return;
        launch(Kernel.FLIP, x.size(), xa, oa, x.shape().outer(a), x.dim(a), x.shape().inner(a));
    }

    // ---------------------------------------------------------------------------------------------- optimizers

    /** The CPU kernel's constants (bias corrections in double) and operation order. */
    @Override
    public void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                           float eps, float weightDecay, boolean decoupled, long step) {
        long pa = addr("adamUpdate", "param", param), ga = addr("adamUpdate", "grad", grad);
        long ma = addr("adamUpdate", "m", m), va = addr("adamUpdate", "v", v);
        if (!grad.shape().equals(param.shape()) || !m.shape().equals(param.shape()) || !v.shape().equals(param.shape()))
            throw new IllegalArgumentException("adamUpdate: param " + param.shape() + ", grad " + grad.shape()
                    + ", m " + m.shape() + " and v " + v.shape() + " must have the same shape");
        if (step < 1) throw new IllegalArgumentException("adamUpdate: step counts from 1, got " + step);
        if (param.size() == 0) return;
        double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
        launch(Kernel.ADAM, param.size(), pa, ga, ma, va, param.size(), beta1, beta2, eps,
                decoupled ? 1f - lr * weightDecay : 1f, decoupled ? 0f : weightDecay, (float) (lr / bc1),
                (float) (1 / Math.sqrt(bc2)));
    }

    // ---------------------------------------------------------------------------------------------- sparse

    /**
     * One thread per element of c summing its row's entries in storage order (deterministic). With {@code transA},
     * the transpose of {@code a} is built on the host first ({@link CsrMatrix#transpose()}, O(nnz)), so that the
     * product stays a deterministic gather rather than an atomic scatter.
     */
    @Override
    public void spmm(CsrMatrix a, boolean transA, Tensor b, float beta, Tensor c) {
        notNull("spmm", "a", a);
        long ba = addr("spmm", "b", b), ca = addr("spmm", "c", c);
        CsrMatrix op = transA ? a.transpose() : a;
        if (b.rank() != 2 || c.rank() != 2 || b.dim(0) != op.cols() || c.dim(0) != op.rows() || c.dim(1) != b.dim(1))
            throw new IllegalArgumentException("spmm: a " + a.rows() + " x " + a.cols() + (transA ? "^T" : "")
                    + " times b " + b.shape() + " does not fit c " + c.shape());
        disjoint("spmm", "c", c, "b", b);
        if (c.size() == 0) return;
        CachingAllocator.Block ip = stage(op.indptr()), ix = stage(op.indices()), vs = stage(op.values());
        try {
            launch(Kernel.SPMM, c.size(), at(ip), at(ix), at(vs), ba, ca, c.dim(0), c.dim(1), beta);
        } finally {
            release(ip, ix, vs);
        }
    }

    @Override
    public void sddmm(CsrMatrix pattern, Tensor a, Tensor b, Tensor out) {
        notNull("sddmm", "pattern", pattern);
        long aa = addr("sddmm", "a", a), ba = addr("sddmm", "b", b), oa = addr("sddmm", "out", out);
        if (a.rank() != 2 || b.rank() != 2 || a.dim(0) != pattern.rows() || b.dim(0) != pattern.cols()
                || a.dim(1) != b.dim(1))
            throw new IllegalArgumentException("sddmm: pattern " + pattern.rows() + " x " + pattern.cols()
                    + " needs a [" + pattern.rows() + ", d] and b [" + pattern.cols() + ", d], got a " + a.shape()
                    + " and b " + b.shape());
        sizeIs("sddmm", "out", out, pattern.nnz(), "one per stored entry of the pattern");
        disjoint("sddmm", "out", out, "a", a);
        disjoint("sddmm", "out", out, "b", b);
        if (pattern.nnz() == 0) return;
        CachingAllocator.Block ip = stage(pattern.indptr()), ix = stage(pattern.indices());
        try {
            launch(Kernel.SDDMM, pattern.nnz(), at(ip), at(ix), aa, ba, oa, pattern.rows(), pattern.nnz(), a.dim(1));
        } finally {
            release(ip, ix);
        }
    }

    // ---------------------------------------------------------------------------------------------- fused layers

    private static int lastDim(String op, Tensor x) {
        notNull(op, "x", x);
        if (x.rank() == 0) throw new IllegalArgumentException(op + ": x must have rank >= 1, got a scalar");
        return x.dim(-1);
    }

    @Override
    public void layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor rstd) {
        norm("layerNorm", 1, x, gamma, beta, eps, y, mean, rstd);
    }

    @Override
    public void rmsNorm(Tensor x, Tensor gamma, float eps, Tensor y, Tensor rstd) {
        norm("rmsNorm", 0, x, gamma, null, eps, y, null, rstd);
    }

    private void norm(String op, int centered, Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean,
                      Tensor rstd) {
        int d = lastDim(op, x), rows = x.shape().outer(-1);
        Shape pd = Shape.of(d);
        if (gamma != null) sameShape(op, "gamma", gamma, pd);
        if (beta != null) sameShape(op, "beta", beta, pd);
        sameShape(op, "y", y, x.shape());
        if (mean != null) sizeIs(op, "mean", mean, rows, "one per row of x " + x.shape());
        if (rstd != null) sizeIs(op, "rstd", rstd, rows, "one per row of x " + x.shape());
        for (Tensor o : new Tensor[]{y, mean, rstd})
            for (Tensor i : new Tensor[]{x, gamma, beta}) disjoint(op, "an output", o, "an input", i);
        disjoint(op, "mean", mean, "rstd", rstd);
        disjoint(op, "y", y, "mean", mean);
        disjoint(op, "y", y, "rstd", rstd);
        long xa = addr(op, "x", x), ga = addr(op, "gamma", gamma), ba = addr(op, "beta", beta);
        long ya = addr(op, "y", y), ma = addr(op, "mean", mean), ra = addr(op, "rstd", rstd);
        if (rows == 0) return;
        launchRows(Kernel.NORM_FWD, rows, d, centered, xa, ga, ba, ya, ma, ra, rows, d, eps);
    }

    @Override
    public void layerNormBackward(Tensor gy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd, Tensor gx,
                                  Tensor gGamma, Tensor gBeta) {
        normBackward("layerNormBackward", 1, gy, x, gamma, mean, rstd, gx, gGamma, gBeta);
    }

    @Override
    public void rmsNormBackward(Tensor gy, Tensor x, Tensor gamma, Tensor rstd, Tensor gx, Tensor gGamma) {
        normBackward("rmsNormBackward", 0, gy, x, gamma, null, rstd, gx, gGamma, null);
    }

    private void normBackward(String op, int centered, Tensor gy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd,
                              Tensor gx, Tensor gGamma, Tensor gBeta) {
        int d = lastDim(op, x), rows = x.shape().outer(-1);
        Shape pd = Shape.of(d);
        sameShape(op, "gy", gy, x.shape());
        if (gamma != null) sameShape(op, "gamma", gamma, pd);
        if (centered == 1) sizeIs(op, "mean", mean, rows, "one per row of x " + x.shape());
        sizeIs(op, "rstd", rstd, rows, "one per row of x " + x.shape());
        sameShape(op, "gx", gx, x.shape());
        if (gGamma != null) sameShape(op, "gGamma", gGamma, pd);
        if (gBeta != null) sameShape(op, "gBeta", gBeta, pd);
        for (Tensor o : new Tensor[]{gx, gGamma, gBeta})
            for (Tensor i : new Tensor[]{gy, x, gamma, mean, rstd}) disjoint(op, "an output", o, "an input", i);
        disjoint(op, "gx", gx, "gGamma", gGamma);
        disjoint(op, "gx", gx, "gBeta", gBeta);
        disjoint(op, "gGamma", gGamma, "gBeta", gBeta);
        long gya = addr(op, "gy", gy), xa = addr(op, "x", x), ga = addr(op, "gamma", gamma);
        long ma = addr(op, "mean", mean), ra = addr(op, "rstd", rstd), gxa = addr(op, "gx", gx);
        long gga = addr(op, "gGamma", gGamma), gba = addr(op, "gBeta", gBeta);
        if (rows == 0 || d == 0) return;
        launchRows(Kernel.NORM_BWD, rows, d, centered, gya, xa, ga, ma, ra, gxa, rows, d);
        if (gGamma != null || gBeta != null)
            launch(Kernel.NORM_BWD_PARAMS, d, centered, gya, xa, ma, ra, gga, gba, rows, d);
    }

    @Override
    public void crossEntropy(Tensor logits, int[] targets, Tensor weights, int ignoreIndex, float labelSmoothing,
                             Tensor losses, Tensor logProbs) {
        String op = "crossEntropy";
        long za = addr(op, "logits", logits);
        if (logits.rank() != 2)
            throw new IllegalArgumentException(op + ": logits must be [n, classes], got " + logits.shape());
        int n = logits.dim(0), c = logits.dim(1);
        ArgChecks.crossEntropy(op, n, c, targets, weights, ignoreIndex, labelSmoothing);
        sizeIs(op, "losses", losses, n, "one per row of logits " + logits.shape());
        sameShape(op, "logProbs", logProbs, logits.shape());
        for (Tensor o : new Tensor[]{losses, logProbs})
            for (Tensor i : new Tensor[]{logits, weights}) disjoint(op, "an output", o, "an input", i);
        disjoint(op, "losses", losses, "logProbs", logProbs);
        long wa = addr(op, "weights", weights), la = addr(op, "losses", losses), pa = addr(op, "logProbs", logProbs);
        if (n == 0) return;
        CachingAllocator.Block t = stage(targets);
        try {
            launchRows(Kernel.CE_FWD, n, c, za, t.address(), wa, la, pa, n, c, ignoreIndex, labelSmoothing);
        } finally {
            release(t);
        }
    }

    @Override
    public void crossEntropyBackward(Tensor logProbs, int[] targets, Tensor weights, int ignoreIndex,
                                     float labelSmoothing, Tensor gLoss, Tensor gLogits) {
        String op = "crossEntropyBackward";
        long pa = addr(op, "logProbs", logProbs);
        if (logProbs.rank() != 2)
            throw new IllegalArgumentException(op + ": logProbs must be [n, classes], got " + logProbs.shape());
        int n = logProbs.dim(0), c = logProbs.dim(1);
        ArgChecks.crossEntropy(op, n, c, targets, weights, ignoreIndex, labelSmoothing);
        sizeIs(op, "gLoss", gLoss, n, "one per row of logProbs " + logProbs.shape());
        sameShape(op, "gLogits", gLogits, logProbs.shape());
        for (Tensor i : new Tensor[]{logProbs, weights, gLoss}) disjoint(op, "gLogits", gLogits, "an input", i);
        long wa = addr(op, "weights", weights), gla = addr(op, "gLoss", gLoss), ga = addr(op, "gLogits", gLogits);
        if (n == 0) return;
        double wsum = c;
        if (weights != null) {
            wsum = 0;
            float[] w = new float[c];
            download(weights, w, 0);
            for (float v : w) wsum += v;
        }
        float sw = (float) (labelSmoothing / c * wsum);
        CachingAllocator.Block t = stage(targets);
        try {
            launchRows(Kernel.CE_BWD, n, c, pa, t.address(), wa, gla, ga, n, c, ignoreIndex, labelSmoothing, sw);
        } finally {
            release(t);
        }
    }

    /** Scan inputs: u, delta [b, L, e]; A [e, n]; Bm, Cm [b, L, n]; D [e] or null; chunk >= 1. */
    private void checkScan(String op, Tensor u, Tensor delta, Tensor A, Tensor Bm, Tensor Cm, Tensor D, int chunk) {
        notNull(op, "u", u);
        notNull(op, "A", A);
        if (u.rank() != 3) throw new IllegalArgumentException(op + ": u must be [b, L, e], got " + u.shape());
        if (A.rank() != 2 || A.dim(0) != u.dim(2))
            throw new IllegalArgumentException(op + ": A must be [e, n] with e = " + u.dim(2) + ", got " + A.shape());
        int b = u.dim(0), len = u.dim(1), n = A.dim(1);
        sameShape(op, "delta", delta, u.shape());
        sameShape(op, "Bm", Bm, Shape.of(b, len, n));
        sameShape(op, "Cm", Cm, Shape.of(b, len, n));
        if (D != null) sameShape(op, "D", D, Shape.of(u.dim(2)));
        if (chunk < 1) throw new IllegalArgumentException(op + ": chunk must be >= 1, got " + chunk);
        for (Tensor t : new Tensor[]{u, delta, A, Bm, Cm, D}) addr(op, "an input", t);
    }

    private static int chunks(int len, int chunk) { return (int) (((long) len + chunk - 1) / chunk); }

    @Override
    public void selectiveScan(Tensor u, Tensor delta, Tensor A, Tensor Bm, Tensor Cm, Tensor D, int chunk, Tensor y,
                              Tensor checkpoints) {
        String op = "selectiveScan";
        checkScan(op, u, delta, A, Bm, Cm, D, chunk);
        int b = u.dim(0), len = u.dim(1), e = u.dim(2), n = A.dim(1), nc = chunks(len, chunk);
        sameShape(op, "y", y, u.shape());
        if (checkpoints != null) sameShape(op, "checkpoints", checkpoints, Shape.of(b, nc, e, n));
        for (Tensor o : new Tensor[]{y, checkpoints})
            for (Tensor i : new Tensor[]{u, delta, A, Bm, Cm, D}) disjoint(op, "an output", o, "an input", i);
        disjoint(op, "y", y, "checkpoints", checkpoints);
        if (b == 0 || len == 0 || e == 0) return;
        CachingAllocator.Block h = scratch((long) b * n * e);
        try {
            launch(Kernel.SCAN_FWD, (long) b * e, addr(op, "u", u), addr(op, "delta", delta), addr(op, "A", A),
                    addr(op, "Bm", Bm), addr(op, "Cm", Cm), addr(op, "D", D), addr(op, "y", y),
                    addr(op, "checkpoints", checkpoints), at(h), b, len, e, n, chunk, nc);
        } finally {
            release(h);
        }
    }

    /**
     * gBm and gCm are sums over channels accumulated with atomicAdd: order-dependent in the last bits. gA and gD
     * go through per-batch partial sums added in batch order (deterministic).
     */
    @Override
    public void selectiveScanBackward(Tensor u, Tensor delta, Tensor A, Tensor Bm, Tensor Cm, Tensor D, int chunk,
                                      Tensor checkpoints, Tensor gy, Tensor gu, Tensor gDelta, Tensor gA, Tensor gBm,
                                      Tensor gCm, Tensor gD) {
        String op = "selectiveScanBackward";
        checkScan(op, u, delta, A, Bm, Cm, D, chunk);
        int b = u.dim(0), len = u.dim(1), e = u.dim(2), n = A.dim(1), nc = chunks(len, chunk);
        sameShape(op, "checkpoints", checkpoints, Shape.of(b, nc, e, n));
        sameShape(op, "gy", gy, u.shape());
        sameShape(op, "gu", gu, u.shape());
        sameShape(op, "gDelta", gDelta, u.shape());
        sameShape(op, "gA", gA, A.shape());
        sameShape(op, "gBm", gBm, Bm.shape());
        sameShape(op, "gCm", gCm, Cm.shape());
        if (gD != null && D == null)
            throw new IllegalArgumentException(op + ": gD must be null when D is null");
        if (gD != null) sameShape(op, "gD", gD, D.shape());
        Tensor[] outs = {gu, gDelta, gA, gBm, gCm, gD};
        for (int i = 0; i < outs.length; i++) {
            for (Tensor in : new Tensor[]{u, delta, A, Bm, Cm, D, checkpoints, gy})
                disjoint(op, "a gradient", outs[i], "an input", in);
            for (int j = i + 1; j < outs.length; j++) disjoint(op, "a gradient", outs[i], "another gradient", outs[j]);
        }
        long gBa = addr(op, "gBm", gBm), gCa = addr(op, "gCm", gCm);
        cuda.memset32(gBa, 0, gBm.size());
        cuda.memset32(gCa, 0, gCm.size());
        if (b == 0 || len == 0 || e == 0) {
            fill(gu, 0f);
            fill(gDelta, 0f);
            return;
        }
        int cl = Math.min(chunk, len);
        CachingAllocator.Block hs = scratch((long) b * (cl + 1) * n * e), carry = scratch((long) b * n * e);
        CachingAllocator.Block gAp = scratch((long) b * e * n), gDp = scratch((long) b * e);
        try {
            launch(Kernel.SCAN_BWD, (long) b * e, addr(op, "u", u), addr(op, "delta", delta), addr(op, "A", A),
                    addr(op, "Bm", Bm), addr(op, "Cm", Cm), addr(op, "D", D), addr(op, "checkpoints", checkpoints),
                    addr(op, "gy", gy), addr(op, "gu", gu), addr(op, "gDelta", gDelta), gBa, gCa, at(gAp), at(gDp),
                    at(hs), at(carry), b, len, e, n, cl, nc);
            if (e * n > 0) launch(Kernel.SUM_BATCHES, (long) e * n, at(gAp), addr(op, "gA", gA), b, e * n);
            if (gD != null) launch(Kernel.SUM_BATCHES, e, at(gDp), addr(op, "gD", gD), b, e);
        } finally {
            release(hs, carry, gAp, gDp);
        }
    }

    private static void checkConv(String op, Tensor x, Tensor weight) {
        notNull(op, "x", x);
        notNull(op, "weight", weight);
        if (x.rank() != 3) throw new IllegalArgumentException(op + ": x must be [b, L, c], got " + x.shape());
        if (weight.rank() != 2 || weight.dim(0) != x.dim(2) || weight.dim(1) < 1)
            throw new IllegalArgumentException(op + ": weight must be [c, k] with c = " + x.dim(2) + " and k >= 1, got "
                    + weight.shape());
    }

    @Override
    public void depthwiseConv1d(Tensor x, Tensor weight, Tensor bias, Tensor y) {
        String op = "depthwiseConv1d";
        checkConv(op, x, weight);
        int ch = x.dim(2), k = weight.dim(1);
        if (bias != null) sameShape(op, "bias", bias, Shape.of(ch));
        sameShape(op, "y", y, x.shape());
        for (Tensor i : new Tensor[]{x, weight, bias}) disjoint(op, "y", y, "an input", i);
        long xa = addr(op, "x", x), wa = addr(op, "weight", weight), ba = addr(op, "bias", bias), ya = addr(op, "y", y);
        if (y.size() == 0) return;
        launch(Kernel.DWCONV_FWD, y.size(), xa, wa, ba, ya, x.dim(0), x.dim(1), ch, k);
    }

    @Override
    public void depthwiseConv1dBackward(Tensor x, Tensor weight, Tensor gy, Tensor gx, Tensor gWeight, Tensor gBias) {
        String op = "depthwiseConv1dBackward";
        checkConv(op, x, weight);
        int ch = x.dim(2), k = weight.dim(1);
        sameShape(op, "gy", gy, x.shape());
        sameShape(op, "gx", gx, x.shape());
        if (gWeight != null) sameShape(op, "gWeight", gWeight, weight.shape());
        if (gBias != null) sameShape(op, "gBias", gBias, Shape.of(ch));
        for (Tensor o : new Tensor[]{gx, gWeight, gBias})
            for (Tensor i : new Tensor[]{x, weight, gy}) disjoint(op, "a gradient", o, "an input", i);
        disjoint(op, "gx", gx, "gWeight", gWeight);
        disjoint(op, "gx", gx, "gBias", gBias);
        disjoint(op, "gWeight", gWeight, "gBias", gBias);
        long xa = addr(op, "x", x), wa = addr(op, "weight", weight), gya = addr(op, "gy", gy), gxa = addr(op, "gx", gx);
        long gwa = addr(op, "gWeight", gWeight), gba = addr(op, "gBias", gBias);
        if (x.size() == 0) return;
        launch(Kernel.DWCONV_BWD_X, x.size(), wa, gya, gxa, x.dim(0), x.dim(1), ch, k);
        if (gWeight != null || gBias != null)
            launch(Kernel.DWCONV_BWD_W, (long) ch * (k + 1), xa, gya, gwa, gba, x.dim(0), x.dim(1), ch, k);
    }

    /** im2col's geometry: {b, c, h, w, oh, ow}, checked. */
    private static int[] conv(String op, Tensor x, int kh, int kw, int sh, int sw, int ph, int pw) {
        notNull(op, "x", x);
        if (x.rank() != 4) throw new IllegalArgumentException(op + ": x must be [b, c, h, w], got " + x.shape());
        if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || ph < 0 || pw < 0)
            throw new IllegalArgumentException(op + ": kernel " + kh + "x" + kw + ", stride " + sh + "x" + sw
                    + ", padding " + ph + "x" + pw + ": kernel and stride must be >= 1, padding >= 0");
        int h = x.dim(2), w = x.dim(3);
        if (h + 2L * ph < kh || w + 2L * pw < kw)
            throw new IllegalArgumentException(op + ": kernel " + kh + "x" + kw + " is larger than the padded image ("
                    + h + " + 2*" + ph + ") x (" + w + " + 2*" + pw + ") of x " + x.shape());
        int oh = (int) ((h + 2L * ph - kh) / sh + 1), ow = (int) ((w + 2L * pw - kw) / sw + 1);
        if ((long) oh * ow * x.dim(0) * x.dim(1) * kh * kw > Integer.MAX_VALUE)
            throw new IllegalArgumentException(op + ": the columns of x " + x.shape() + " for kernel " + kh + "x" + kw
                    + " would have more than 2^31-1 elements");
        return new int[]{x.dim(0), x.dim(1), h, w, oh, ow};
    }

    @Override
    public void im2col(Tensor x, int kh, int kw, int strideH, int strideW, int padH, int padW, Tensor cols) {
        int[] g = conv("im2col", x, kh, kw, strideH, strideW, padH, padW);
        sameShape("im2col", "cols", cols, Shape.of(g[0], g[4] * g[5], g[1] * kh * kw));
        disjoint("im2col", "cols", cols, "x", x);
        long xa = addr("im2col", "x", x), ca = addr("im2col", "cols", cols);
        if (cols.size() == 0) return;
        launch(Kernel.IM2COL, cols.size(), xa, ca, g[0], g[1], g[2], g[3], kh, kw, strideH, strideW, padH, padW, g[4],
                g[5]);
    }

    /** A gather per pixel (in increasing output position): deterministic, no atomics. */
    @Override
    public void col2im(Tensor cols, int kh, int kw, int strideH, int strideW, int padH, int padW, Tensor x) {
        int[] g = conv("col2im", x, kh, kw, strideH, strideW, padH, padW);
        sameShape("col2im", "cols", cols, Shape.of(g[0], g[4] * g[5], g[1] * kh * kw));
        disjoint("col2im", "x", x, "cols", cols);
        long xa = addr("col2im", "x", x), ca = addr("col2im", "cols", cols);
        if (x.size() == 0 || cols.size() == 0) return;
        launch(Kernel.COL2IM, x.size(), ca, xa, g[0], g[1], g[2], g[3], kh, kw, strideH, strideW, padH, padW, g[4],
                g[5]);
    }
}
