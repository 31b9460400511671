package org.genex.tensor.cpu;

import org.genex.tensor.*;

/**
 * The CPU backend: tensors in Java {@code float[]} arrays, kernels on the JDK Vector API or on the scalar path
 * ({@link Simd}), work spread by {@link Parallel}. This class checks nothing and computes nothing itself: it routes
 * each primitive to the kernel family that owns it.
 *
 * <p>{@link #get()} is the process-wide instance; {@link #create(boolean)} makes one with a given path, which is
 * how tests run every kernel on both paths.
 */
public final class CpuBackend implements Backend {
    private static final System.Logger LOG = System.getLogger("org.genex.tensor");

    private static final class Holder {
        static final CpuBackend INSTANCE = create(Simd.ENABLED);
        static {
            LOG.log(System.Logger.Level.INFO, "genex CPU backend: " + INSTANCE.describe());
        }
    }

    private final boolean simd;
    private final Elementwise elementwise;
    private final Reductions reductions;
    private final Gemm gemm;
    private final Indexing indexing;
    private final Movement movement;
    private final SparseKernels sparse;
    private final NnKernels nn;
    private final ScanKernels scan;
    private final OptimizerKernels optim;

    private CpuBackend(boolean simd) {
        Simd.require(simd);
        this.simd = simd;
        this.elementwise = new Elementwise(simd);
        this.reductions = new Reductions(simd);
        this.gemm = new Gemm(simd);
        this.indexing = new Indexing(simd);
        this.movement = new Movement(simd);
        this.sparse = new SparseKernels(simd);
        this.nn = new NnKernels(simd);
        this.scan = new ScanKernels(simd);
        this.optim = new OptimizerKernels(simd);
    }

    /** The shared CPU backend, on the path chosen at start-up (logged once). */
    public static CpuBackend get() { return Holder.INSTANCE; }

    /** A CPU backend on the vector path ({@code simd}) or the scalar path. */
    public static CpuBackend create(boolean simd) { return new CpuBackend(simd); }

    /** Whether this backend runs the Vector API kernels. */
    public boolean simd() { return simd; }

    @Override
    public Device device() { return Device.CPU; }

    @Override
    public String describe() {
        return "cpu, " + Simd.describe(simd) + ", " + Parallel.threads() + " thread" + (Parallel.threads() == 1 ? "" : "s");
    }

    // memory

    @Override
    public Tensor allocate(Shape shape) { return new Tensor(shape, new HeapStorage(new float[shape.size()]), 0); }

    @Override
    public Tensor upload(float[] host, int offset, Shape shape) {
        if (offset < 0 || (long) offset + shape.size() > host.length)
            throw new IllegalArgumentException("upload: " + shape + " from offset " + offset + " of an array of "
                    + host.length);
        float[] a = new float[shape.size()];
        System.arraycopy(host, offset, a, 0, a.length);
        return new Tensor(shape, new HeapStorage(a), 0);
    }

    @Override
    public void download(Tensor src, float[] dst, int dstOffset) {
        System.arraycopy(src.array(), src.offset(), dst, dstOffset, src.size());
    }

    @Override public void copy(Tensor src, Tensor dst) { elementwise.copy(src, dst); }
    @Override public void fill(Tensor dst, float value) { elementwise.fill(dst, value); }

    // elementwise

    @Override public void unary(UnaryOp op, Tensor x, Tensor out) { elementwise.unary(op, x, out); }
    @Override public void unaryBackward(UnaryOp op, Tensor x, Tensor y, Tensor gy, Tensor gx) { elementwise.unaryBackward(op, x, y, gy, gx); }
    @Override public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) { elementwise.binary(op, a, b, out); }
    @Override public void binaryScalar(BinaryOp op, Tensor a, float s, Tensor out) { elementwise.binaryScalar(op, a, s, out); }
    @Override public void compare(CompareOp op, Tensor a, Tensor b, Tensor out) { elementwise.compare(op, a, b, out); }
    @Override public void where(Tensor cond, Tensor a, Tensor b, Tensor out) { elementwise.where(cond, a, b, out); }
    @Override public void clamp(Tensor x, float lo, float hi, Tensor out) { elementwise.clamp(x, lo, hi, out); }

    // reductions

    @Override public void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out) { reductions.reduce(op, x, axes, out); }
    @Override public void variance(Tensor x, int[] axes, int correction, Tensor out) { reductions.variance(x, axes, correction, out); }
    @Override public void argmax(Tensor x, int axis, int[] out) { reductions.argmax(x, axis, out); }
    @Override public void argmin(Tensor x, int axis, int[] out) { reductions.argmin(x, axis, out); }
    @Override public void softmax(Tensor x, int axis, Tensor out) { reductions.softmax(x, axis, out); }
    @Override public void logSoftmax(Tensor x, int axis, Tensor out) { reductions.logSoftmax(x, axis, out); }
    @Override public void softmaxBackward(Tensor y, Tensor gy, int axis, Tensor gx) { reductions.softmaxBackward(y, gy, axis, gx); }
    @Override public void logSoftmaxBackward(Tensor y, Tensor gy, int axis, Tensor gx) { reductions.logSoftmaxBackward(y, gy, axis, gx); }

    // linear algebra

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        gemm.gemm(transA, transB, alpha, a, b, beta, c);
    }

    @Override
    public void batchedGemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        gemm.batched(transA, transB, alpha, a, b, beta, c);
    }

    // indexing

    @Override public void indexSelect(Tensor x, int axis, int[] index, Tensor out) { indexing.indexSelect(x, axis, index, out); }
    @Override public void indexAdd(Tensor src, int axis, int[] index, Tensor out) { indexing.indexAdd(src, axis, index, out); }
    @Override public void gather(Tensor x, int axis, int[] index, Tensor out) { indexing.gather(x, axis, index, out); }
    @Override public void scatterAdd(Tensor src, int axis, int[] index, Tensor out) { indexing.scatterAdd(src, axis, index, out); }
    @Override public void topk(Tensor x, int k, boolean largest, Tensor values, int[] indices) { indexing.topk(x, k, largest, values, indices); }

    // movement

    @Override public void permute(Tensor x, int[] perm, Tensor out) { movement.permute(x, perm, out); }
    @Override public void slice(Tensor x, int axis, int start, Tensor out) { movement.slice(x, axis, start, out); }
    @Override public void sliceWrite(Tensor src, int axis, int start, boolean accumulate, Tensor out) { movement.sliceWrite(src, axis, start, accumulate, out); }
    @Override public void concat(Tensor[] xs, int axis, Tensor out) { movement.concat(xs, axis, out); }
    @Override public void flip(Tensor x, int axis, Tensor out) { movement.flip(x, axis, out); }

    // optimizers

    @Override
    public void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                           float eps, float weightDecay, boolean decoupled, long step) {
        optim.adam(param, grad, m, v, lr, beta1, beta2, eps, weightDecay, decoupled, step);
    }

    // sparse

    @Override public void spmm(CsrMatrix a, boolean transA, Tensor b, float beta, Tensor c) { sparse.spmm(a, transA, b, beta, c); }
    @Override public void sddmm(CsrMatrix pattern, Tensor a, Tensor b, Tensor out) { sparse.sddmm(pattern, a, b, out); }

    // fused layers

    @Override
    public void layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor rstd) {
        nn.layerNorm(x, gamma, beta, eps, y, mean, rstd);
    }

    @Override
    public void layerNormBackward(Tensor gy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd,
                                  Tensor gx, Tensor gGamma, Tensor gBeta) {
        nn.layerNormBackward(gy, x, gamma, mean, rstd, gx, gGamma, gBeta);
    }

    @Override
    public void rmsNorm(Tensor x, Tensor gamma, float eps, Tensor y, Tensor rstd) { nn.rmsNorm(x, gamma, eps, y, rstd); }

    @Override
    public void rmsNormBackward(Tensor gy, Tensor x, Tensor gamma, Tensor rstd, Tensor gx, Tensor gGamma) {
        nn.rmsNormBackward(gy, x, gamma, rstd, gx, gGamma);
    }

    @Override
    public void crossEntropy(Tensor logits, int[] targets, Tensor weights, int ignoreIndex, float labelSmoothing,
                             Tensor losses, Tensor logProbs) {
        nn.crossEntropy(logits, targets, weights, ignoreIndex, labelSmoothing, losses, logProbs);
    }

    @Override
    public void crossEntropyBackward(Tensor logProbs, int[] targets, Tensor weights, int ignoreIndex,
                                     float labelSmoothing, Tensor gLoss, Tensor gLogits) {
        nn.crossEntropyBackward(logProbs, targets, weights, ignoreIndex, labelSmoothing, gLoss, gLogits);
    }

    @Override
    public void selectiveScan(Tensor u, Tensor delta, Tensor A, Tensor Bm, Tensor Cm, Tensor D, int chunk,
                              Tensor y, Tensor checkpoints) {
        scan.selectiveScan(u, delta, A, Bm, Cm, D, chunk, y, checkpoints);
    }

    @Override
    public void selectiveScanBackward(Tensor u, Tensor delta, Tensor A, Tensor Bm, Tensor Cm, Tensor D, int chunk,
                                      Tensor checkpoints, Tensor gy, Tensor gu, Tensor gDelta, Tensor gA,
                                      Tensor gBm, Tensor gCm, Tensor gD) {
        scan.selectiveScanBackward(u, delta, A, Bm, Cm, D, chunk, checkpoints, gy, gu, gDelta, gA, gBm, gCm, gD);
    }

    @Override
    public void depthwiseConv1d(Tensor x, Tensor weight, Tensor bias, Tensor y) { scan.depthwiseConv1d(x, weight, bias, y); }

    @Override
    public void depthwiseConv1dBackward(Tensor x, Tensor weight, Tensor gy, Tensor gx, Tensor gWeight, Tensor gBias) {
        scan.depthwiseConv1dBackward(x, weight, gy, gx, gWeight, gBias);
    }

    @Override
    public void im2col(Tensor x, int kh, int kw, int strideH, int strideW, int padH, int padW, Tensor cols) {
        nn.im2col(x, kh, kw, strideH, strideW, padH, padW, cols);
    }

    @Override
    public void col2im(Tensor cols, int kh, int kw, int strideH, int strideW, int padH, int padW, Tensor x) {
        nn.col2im(cols, kh, kw, strideH, strideW, padH, padW, x);
    }
}
