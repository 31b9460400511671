package org.genex.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.genex.autodiff.Composite;
import org.genex.autodiff.Functional;
import org.genex.autodiff.Var;
import org.genex.tensor.*;
import org.genex.tensor.cpu.CpuBackend;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of autodiff: a training step through {@link Var} against the same kernel calls made directly on the
 * {@link Backend} with preallocated tensors. The difference, step time minus kernel time, is autodiff's overhead
 * (allocating result and gradient tensors, and the garbage they make, recording and walking the graph); the goal is
 * an overhead under 10% of the step. Microseconds per step.
 *
 * <p><b>MLP</b> ({@link #mlpStep} / {@link #mlpKernels}): three linear layers 256 -> 256 -> 256 -> 256 (input,
 * both hidden layers and output of width 256), batch 128, ReLU after the first two, MSE loss against a fixed
 * target; forward and backward with the six parameters as {@link Var#param} leaves, their gradients zeroed each
 * step and no optimizer step. The kernels, in the order autodiff runs them (the twin calls exactly these, checked
 * with JFR method timing, see below):
 * <pre>
 *   forward   3 x [gemm x W, binary ADD bias], 2 x unary RELU, binary SUB target, unary SQUARE, reduce MEAN
 *   backward  copy (seed), binary ADD (broadcast the loss gradient), binaryScalar MUL 1/n,
 *             unaryBackward SQUARE, copy (SUB passes its shared gradient on),
 *             layer 3: copy (ADD passes it on), reduce SUM (bias), gemm (dh2 = g W3^T), gemm (dW3 = h2^T g)
 *             layers 2, 1: unaryBackward RELU, copy, reduce SUM, gemm (dh, not for layer 1), gemm (dW)
 *   in all    8 gemm, 5 binary, 1 binaryScalar, 3 unary, 3 unaryBackward, 4 reduce, 5 copy
 * </pre>
 *
 * <p><b>Attention</b> ({@link #attentionFused} / {@link #attentionKernels} / {@link #attentionComposite}): causal
 * self-attention on q, k, v [b 8, h 4, l 128, d 32], forward and backward from a fixed output gradient, through
 * {@link Functional#scaledDotProductAttention} (one node) and through {@link Composite#attention} (primitives:
 * matmul, scale, mask, max, sub, exp, sum, div, matmul). The fused op's kernels:
 * <pre>
 *   forward   batchedGemm (S = Q K^T), binaryScalar MUL scale, binary ADD causal mask, softmax, batchedGemm (O = P V)
 *   backward  copy (seed), batchedGemm (dV = P^T dO), batchedGemm (dP = dO V^T), softmaxBackward,
 *             batchedGemm (dQ = dS K), binaryScalar MUL scale, batchedGemm (dK = dS^T Q), binaryScalar MUL scale
 *   in all    6 batchedGemm, 3 binaryScalar, 1 binary, 1 softmax, 1 softmaxBackward, 1 copy
 * </pre>
 *
 * <p>Both twins run on {@link CpuBackend#get()}, the backend autodiff finds through the tensors' device (so there is
 * no {@code path} parameter: {@code -Dgenex.simd=false} puts both on the scalar path). To check that a twin makes the same
 * calls, count them with JFR (JDK 25) over exactly 100 invocations of each:
 * <pre>
 *   java --add-modules jdk.incubator.vector -jar jmh-benchmarks/target/benchmarks.jar 'AutodiffBench.mlp' \
 *     -p threads=1 -f 1 -wi 0 -i 1 -bm ss -bs 100 \
 *     -jvmArgsAppend -XX:StartFlightRecording:method-timing=org.genex.tensor.cpu.CpuBackend,filename=/tmp/ad.jfr
 *   jfr view --width 200 method-timing /tmp/ad.jfr
 * </pre>
 * (each benchmark's fork writes the file in turn; copy it away between them, or run them one at a time).
 *
 * <p>The autodiff steps allocate every result and gradient afresh (3.4 MB per MLP step, 11 MB per fused attention
 * step, over 1 GB/s), so the heap grows during the first seconds and the iterations that touch new heap pages run
 * several times slower: hence the long warm-up, and the report takes the median of the iterations.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar jmh-benchmarks/target/benchmarks.jar AutodiffBench}
 * (the forks inherit the JVM flags); {@code scripts/bench_report.py} sets each step beside its kernels.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(1)
public class AutodiffBench {
    static final int BATCH = 128, WIDTH = 256;
    static final int B = 8, H = 4, L = 128, D = 32;
    private static final int[] ALL = {}, ROWS = {0};

    /** Worker threads for the shared pool. */
    @Param({"1", "2"})
    public int threads;

    private Backend be;

    // ---- MLP: the Var step's inputs and parameters ...
    private Tensor x, target;
    private Var xVar, targetVar;
    private Var[] params;                       // w1, b1, w2, b2, w3, b3
    // ... and the kernel twin's preallocated tensors: activations a_i = h W_i, z_i = a_i + b_i, h_i = relu(z_i)
    private Tensor w1, b1, w2, b2, w3, b3;
    private Tensor a1, z1, h1, a2, z2, h2, a3, y, diff, sq, loss;
    private Tensor seed, seedCopy, zeros, gSq, gDiff, gY, gA3, gB3, gH2, gW3;
    private Tensor gZ2, gA2, gB2, gH1, gW2, gZ1, gA1, gB1, gW1;

    // ---- attention: q, k, v [b, h, l, d], the output gradient, and the fused twin's tensors
    private Var q, k, v;
    private Tensor qT, kT, vT, gO;
    private float scale;
    private Tensor mask, s, p, o, gOCopy, dV, dP, dS, dQ, dK;

    @Setup(Level.Trial)
    public void setup() {
        Parallel.setThreads(threads);
        be = CpuBackend.get();
        SplittableRandom rnd = new SplittableRandom(7);
        float ws = (float) Math.sqrt(6.0 / WIDTH);                   // He-uniform: activations keep their scale
        x = uniform(rnd, 1f, BATCH, WIDTH);
        target = uniform(rnd, 1f, BATCH, WIDTH);
        w1 = uniform(rnd, ws, WIDTH, WIDTH);
        b1 = uniform(rnd, 0.1f, WIDTH);
        w2 = uniform(rnd, ws, WIDTH, WIDTH);
        b2 = uniform(rnd, 0.1f, WIDTH);
        w3 = uniform(rnd, ws, WIDTH, WIDTH);
        b3 = uniform(rnd, 0.1f, WIDTH);
        xVar = Var.of(x);
        targetVar = Var.of(target);
        params = new Var[]{Var.param(w1), Var.param(b1), Var.param(w2), Var.param(b2), Var.param(w3), Var.param(b3)};

        Shape act = Shape.of(BATCH, WIDTH), weight = Shape.of(WIDTH, WIDTH), bias = Shape.of(1, WIDTH);
        a1 = be.allocate(act); z1 = be.allocate(act); h1 = be.allocate(act);
        a2 = be.allocate(act); z2 = be.allocate(act); h2 = be.allocate(act);
        a3 = be.allocate(act); y = be.allocate(act); diff = be.allocate(act); sq = be.allocate(act);
        loss = be.allocate(Shape.of(1, 1));
        seed = Tensor.full(Shape.SCALAR, 1f);
        seedCopy = be.allocate(Shape.SCALAR);
        zeros = be.allocate(act);
        gSq = be.allocate(act); gDiff = be.allocate(act); gY = be.allocate(act); gA3 = be.allocate(act);
        gB3 = be.allocate(bias); gH2 = be.allocate(act); gW3 = be.allocate(weight);
        gZ2 = be.allocate(act); gA2 = be.allocate(act); gB2 = be.allocate(bias); gH1 = be.allocate(act);
        gW2 = be.allocate(weight);
        gZ1 = be.allocate(act); gA1 = be.allocate(act); gB1 = be.allocate(bias); gW1 = be.allocate(weight);

        qT = uniform(rnd, 1f, B, H, L, D);
        kT = uniform(rnd, 1f, B, H, L, D);
        vT = uniform(rnd, 1f, B, H, L, D);
        gO = uniform(rnd, 1f, B, H, L, D);
        q = Var.param(qT);
        k = Var.param(kT);
        v = Var.param(vT);
        scale = (float) (1 / Math.sqrt(D));
        float[] m = new float[L * L];
        for (int i = 0; i < L; i++) for (int j = i + 1; j < L; j++) m[i * L + j] = Float.NEGATIVE_INFINITY;
        mask = Tensor.wrap(m, L, L);
        Shape scores = Shape.of(B, H, L, L), heads = Shape.of(B, H, L, D);
        s = be.allocate(scores); p = be.allocate(scores); dP = be.allocate(scores); dS = be.allocate(scores);
        o = be.allocate(heads); gOCopy = be.allocate(heads); dV = be.allocate(heads); dQ = be.allocate(heads);
        dK = be.allocate(heads);
    }

    static Tensor uniform(SplittableRandom rnd, float scale, int... dims) {
        float[] a = new float[Shape.of(dims).size()];
        for (int i = 0; i < a.length; i++) a[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        return Tensor.wrap(a, dims);
    }

    // ------------------------------------------------------------------------------------------------ MLP

    /** One MLP step through autodiff: forward, MSE loss, backward into the six parameters. */
    @Benchmark
    public void mlpStep(Blackhole bh) {
        for (Var param : params) param.zeroGrad();
        Var h = xVar.matmul(params[0]).add(params[1]).relu();
        h = h.matmul(params[2]).add(params[3]).relu();
        Var out = h.matmul(params[4]).add(params[5]);
        Var mse = out.sub(targetVar).square().mean();
        mse.backward();
        for (Var param : params) bh.consume(param.grad());
        bh.consume(mse.value());
    }

    /** The kernel calls of {@link #mlpStep}, in its order, on preallocated tensors. */
    @Benchmark
    public void mlpKernels(Blackhole bh) {
        // forward
        be.gemm(false, false, 1f, x, w1, 0f, a1);
        be.binary(BinaryOp.ADD, a1, b1, z1);
        be.unary(UnaryOp.RELU, z1, h1);
        be.gemm(false, false, 1f, h1, w2, 0f, a2);
        be.binary(BinaryOp.ADD, a2, b2, z2);
        be.unary(UnaryOp.RELU, z2, h2);
        be.gemm(false, false, 1f, h2, w3, 0f, a3);
        be.binary(BinaryOp.ADD, a3, b3, y);
        be.binary(BinaryOp.SUB, y, target, diff);
        be.unary(UnaryOp.SQUARE, diff, sq);
        be.reduce(ReduceOp.MEAN, sq, ALL, loss);
        // backward: the loss gradient 1/n everywhere (autodiff broadcasts it into a zeroed tensor, then scales)
        be.copy(seed, seedCopy);
        be.binary(BinaryOp.ADD, zeros, seedCopy.reshape(1, 1), gSq);
        be.binaryScalar(BinaryOp.MUL, gSq, 1f / (BATCH * WIDTH), gSq);
        be.unaryBackward(UnaryOp.SQUARE, diff, sq, gSq, gDiff);
        be.copy(gDiff, gY);                                   // SUB hands its gradient on by copying
        // layer 3
        be.copy(gY, gA3);                                     // so does ADD, then sums the bias gradient
        be.reduce(ReduceOp.SUM, gY, ROWS, gB3);
        be.gemm(false, true, 1f, gA3, w3, 0f, gH2);
        be.gemm(true, false, 1f, h2, gA3, 0f, gW3);
        // layer 2
        be.unaryBackward(UnaryOp.RELU, z2, h2, gH2, gZ2);
        be.copy(gZ2, gA2);
        be.reduce(ReduceOp.SUM, gZ2, ROWS, gB2);
        be.gemm(false, true, 1f, gA2, w2, 0f, gH1);
        be.gemm(true, false, 1f, h1, gA2, 0f, gW2);
        // layer 1 (x needs no gradient)
        be.unaryBackward(UnaryOp.RELU, z1, h1, gH1, gZ1);
        be.copy(gZ1, gA1);
        be.reduce(ReduceOp.SUM, gZ1, ROWS, gB1);
        be.gemm(true, false, 1f, x, gA1, 0f, gW1);
        bh.consume(gW1);
        bh.consume(gB1);
        bh.consume(gW2);
        bh.consume(gB2);
        bh.consume(gW3);
        bh.consume(gB3);
        bh.consume(loss);
    }

    // ------------------------------------------------------------------------------------------------ attention

    /** Fused causal attention forward and backward: {@link Functional#scaledDotProductAttention}. */
    @Benchmark
    public void attentionFused(Blackhole bh) {
        zeroAttentionGrads();
        Var out = Functional.scaledDotProductAttention(q, k, v, null, true);
        out.backward(gO);
        consumeAttentionGrads(bh);
    }

    /** The kernel calls of {@link #attentionFused}, in its order, on preallocated tensors. */
    @Benchmark
    public void attentionKernels(Blackhole bh) {
        be.batchedGemm(false, true, 1f, qT, kT, 0f, s);
        be.binaryScalar(BinaryOp.MUL, s, scale, s);
        be.binary(BinaryOp.ADD, s, mask, s);
        be.softmax(s, -1, p);
        be.batchedGemm(false, false, 1f, p, vT, 0f, o);
        be.copy(gO, gOCopy);
        be.batchedGemm(true, false, 1f, p, gOCopy, 0f, dV);
        be.batchedGemm(false, true, 1f, gOCopy, vT, 0f, dP);
        be.softmaxBackward(p, dP, -1, dS);
        be.batchedGemm(false, false, 1f, dS, kT, 0f, dQ);
        be.binaryScalar(BinaryOp.MUL, dQ, scale, dQ);
        be.batchedGemm(true, false, 1f, dS, qT, 0f, dK);
        be.binaryScalar(BinaryOp.MUL, dK, scale, dK);
        bh.consume(dQ);
        bh.consume(dK);
        bh.consume(dV);
    }

    /** Causal attention built from primitives ({@link Composite#attention}), forward and backward. */
    @Benchmark
    public void attentionComposite(Blackhole bh) {
        zeroAttentionGrads();
        Var out = Composite.attention(q, k, v, null, true, scale);
        out.backward(gO);
        consumeAttentionGrads(bh);
    }

    private void zeroAttentionGrads() {
        q.zeroGrad();
        k.zeroGrad();
        v.zeroGrad();
    }

    private void consumeAttentionGrads(Blackhole bh) {
        bh.consume(q.grad());
        bh.consume(k.grad());
        bh.consume(v.grad());
    }
}
