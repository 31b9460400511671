package org.genex.gpu;

import static org.genex.tensor.TestTensors.assertClose;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.genex.tensor.*;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every op of a {@link CudaBackend} against the CPU backend on random shapes, through the Backend SPI only. Run on
 * a GPU by {@link CudaBackendTest} (skipped without one) and on the host emulation of the kernels by
 * {@link EmulatedBackendTest}. Tolerances, relative / absolute, per op family:
 * <ul>
 *   <li>exact (0 / 0): copy, fill, movement (permute, slice, concat, flip), indexSelect, gather, compare, where,
 *       clamp, max / min reductions, argmax / argmin, topk, im2col, binary ADD / SUB / MUL / DIV / MAX / MIN;</li>
 *   <li>1e-5 / 1e-6: unary ops and their backward (both evaluate UnaryOp in double and round once; the
 *       transcendental functions may differ in the last ulp of the double result), POW, Adam;</li>
 *   <li>1e-4 / 1e-5: sums, means, variances, softmax and log-softmax with their backward, the norms, cross-entropy,
 *       the depthwise convolution, col2im, indexAdd, scatterAdd, spmm, sddmm (summation order differs);</li>
 *   <li>1e-4 / 1e-4: GEMM in FP32 (cuBLAS blocks the k sum differently); 1e-2 / 1e-2 with TF32;</li>
 *   <li>1e-3 / 1e-4: the selective scan and its backward (long recurrences, atomics in gBm / gCm).</li>
 * </ul>
 */
abstract class BackendContract {
    private static final Backend cpu = Backends.cpu();
    private final Random rnd = new Random(42);
    private Backend gpu;

    /** The backend under test (skips the test where it is not available). */
    protected abstract Backend backend();

    @BeforeEach
    void open() { gpu = backend(); }

    private Tensor up(Tensor t) { return gpu.upload(t.toArray(), 0, t.shape()); }

    /** A host copy of a device tensor, through the SPI only. */
    private Tensor down(Tensor t) {
        float[] a = new float[t.size()];
        gpu.download(t, a, 0);
        return Tensor.wrap(a, t.shape().dims());
    }

    private float[] arr(Tensor t) { return down(t).toArray(); }

    private Tensor alloc(Shape s) { return gpu.allocate(s); }

    private Tensor rand(int... dims) { return TestTensors.random(rnd, dims); }

    private int[] dims(int rank, int max) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) d[i] = 1 + rnd.nextInt(max);
        return d;
    }

    private int[] ints(int n, int bound) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = rnd.nextInt(bound);
        return a;
    }

    // ---------------------------------------------------------------------------------------------- memory

    @Test
    void memoryRoundTripsAndDeviceChecks() {
        Tensor x = rand(3, 17);
        Tensor g = up(x);
        assertEquals(gpu.device(), g.device());
        assertArrayEquals(x.toArray(), arr(g));
        Tensor z = gpu.allocate(Shape.of(5, 7));
        assertArrayEquals(new float[35], arr(z), "allocate zero-fills");
        gpu.fill(z, 2.5f);
        for (float v : arr(z)) assertEquals(2.5f, v);
        Tensor c = gpu.allocate(x.shape());
        gpu.copy(g, c);
        assertArrayEquals(x.toArray(), arr(c));
        assertArrayEquals(x.row(1).toArray(), arr(g.row(1)), "views keep their offset on the device");
        assertEquals(0, arr(gpu.allocate(Shape.of(0, 4))).length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gpu.unary(UnaryOp.EXP, x, c));
        String dev = gpu.device().toString();
        assertTrue(e.getMessage().contains("cpu") && e.getMessage().contains(dev), e.getMessage());
        assertTrue(gpu.describe().contains(dev), gpu.describe());
    }

    // ---------------------------------------------------------------------------------------------- elementwise

    @Test
    void unaryOpsAndTheirBackward() {
        for (UnaryOp op : UnaryOp.values()) {
            Tensor x = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RSQRT || op == UnaryOp.LGAMMA
                    ? TestTensors.uniform(rnd, 0.1f, 4f, 33, 65) : TestTensors.uniform(rnd, -3f, 3f, 33, 65);
            Tensor y = x.map(op), gy = rand(33, 65);
            Tensor gx = cpu.allocate(x.shape());
            cpu.unaryBackward(op, x, y, gy, gx);
            Tensor xg = up(x), yg = gpu.allocate(x.shape()), gxg = gpu.allocate(x.shape());
            gpu.unary(op, xg, yg);
            assertClose(y, down(yg), 1e-5, 1e-6);
            gpu.unaryBackward(op, xg, up(y), up(gy), gxg);
            assertClose(gx, down(gxg), 1e-5, 1e-6);
        }
    }

    @Test
    void binaryCompareWhereAndClampBroadcast() {
        for (int trial = 0; trial < 30; trial++) {
            int rank = rnd.nextInt(5);
            int[] out = dims(rank, 5);
            int[] ad = out.clone(), bd = out.clone(), cd = out.clone();
            for (int i = 0; i < rank; i++) {
                if (rnd.nextInt(3) == 0) ad[i] = 1;
                if (rnd.nextInt(3) == 0) bd[i] = 1;
                if (rnd.nextInt(3) == 0) cd[i] = 1;
                if (ad[i] == 1 && bd[i] == 1) ad[i] = out[i]; // a and b broadcast to out
            }
            Tensor a = rand(ad), b = TestTensors.uniform(rnd, 0.5f, 2f, bd), cond = rand(cd).compare(CompareOp.GT,
                    Tensor.scalar(0f));
            Shape os = Shape.of(out);
            for (BinaryOp op : BinaryOp.values()) {
                Tensor e = cpu.allocate(os), g = gpu.allocate(os);
                cpu.binary(op, a, b, e);
                gpu.binary(op, up(a), up(b), g);
                assertClose(e, down(g), op == BinaryOp.POW ? 1e-5 : 0, op == BinaryOp.POW ? 1e-6 : 0);
                Tensor es = cpu.allocate(a.shape()), gs = gpu.allocate(a.shape());
                cpu.binaryScalar(op, a, 0.75f, es);
                gpu.binaryScalar(op, up(a), 0.75f, gs);
                assertClose(es, down(gs), op == BinaryOp.POW ? 1e-5 : 0, op == BinaryOp.POW ? 1e-6 : 0);
            }
            Tensor qa = a.mul(2f).map(UnaryOp.FLOOR), qb = rand(bd).mul(2f).map(UnaryOp.FLOOR); // many ties
            for (CompareOp op : CompareOp.values()) {
                Tensor e = cpu.allocate(os), g = gpu.allocate(os);
                cpu.compare(op, qa, qb, e);
                gpu.compare(op, up(qa), up(qb), g);
                assertClose(e, down(g), 0, 0);
            }
            Tensor e = cpu.allocate(os), g = gpu.allocate(os);
            cpu.where(cond, a, b, e);
            gpu.where(up(cond), up(a), up(b), g);
            assertClose(e, down(g), 0, 0);
            Tensor ec = cpu.allocate(a.shape()), gc = gpu.allocate(a.shape());
            cpu.clamp(a, -0.3f, 0.4f, ec);
            gpu.clamp(up(a), -0.3f, 0.4f, gc);
            assertClose(ec, down(gc), 0, 0);
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> gpu.binary(BinaryOp.ADD, up(rand(2, 3)), up(rand(4, 3)), gpu.allocate(Shape.of(2, 3))));
        assertTrue(bad.getMessage().contains("add") || bad.getMessage().contains("ADD"), bad.getMessage());
    }

    // ---------------------------------------------------------------------------------------------- reductions

    @Test
    void reductionsVarianceAndArgExtremes() {
        for (int trial = 0; trial < 40; trial++) {
            int rank = 1 + rnd.nextInt(4);
            int[] d = dims(rank, 9);
            if (trial % 5 == 0) d[rank - 1] = 300 + rnd.nextInt(700); // long rows: the block kernel
            Tensor x = rand(d);
            int nAxes = rnd.nextInt(rank + 1);
            int[] axes = rnd.ints(0, rank).distinct().limit(nAxes).toArray();
            for (ReduceOp op : ReduceOp.values()) {
                Tensor e = x.reduce(op, trial % 2 == 0, axes);
                Tensor g = gpu.allocate(e.shape());
                gpu.reduce(op, up(x), axes, g);
                boolean exact = op == ReduceOp.MAX || op == ReduceOp.MIN;
                assertClose(e, down(g), exact ? 0 : 1e-4, exact ? 0 : 1e-5);
            }
            Tensor ev = x.variance(1, false, axes), gv = gpu.allocate(ev.shape());
            gpu.variance(up(x), axes, 1, gv);
            assertClose(ev, down(gv), 1e-4, 1e-5);
            int axis = rnd.nextInt(rank);
            Tensor xg = up(x);
            int[] am = new int[x.shape().without(axis).size()];
            gpu.argmax(xg, axis, am);
            assertArrayEquals(x.argmax(axis), am);
            gpu.argmin(xg, axis, am);
            assertArrayEquals(x.argmin(axis), am);
        }
        Tensor nan = Tensor.of(1f, Float.NaN, 3f, Float.NaN);
        int[] first = new int[1];
        gpu.argmax(up(nan), 0, first);
        assertArrayEquals(nan.argmax(0), first);
        Tensor mx = alloc(Shape.SCALAR);
        gpu.reduce(ReduceOp.MAX, up(nan), new int[0], mx);
        assertTrue(Float.isNaN(arr(mx)[0]));
        Tensor empty = alloc(Shape.of(3));
        gpu.fill(empty, 7f);
        gpu.reduce(ReduceOp.SUM, up(Tensor.zeros(0, 3)), new int[]{0}, empty);
        assertArrayEquals(new float[3], arr(empty));
    }

    @Test
    void softmaxFamily() {
        for (int trial = 0; trial < 20; trial++) {
            int rank = 1 + rnd.nextInt(3);
            int[] d = dims(rank, 7);
            if (trial % 3 == 0) d[rank - 1] = 1000 + rnd.nextInt(3000);
            Tensor x = TestTensors.uniform(rnd, -8f, 8f, d), gy = rand(d);
            int axis = rnd.nextInt(rank) - (trial % 2 == 0 ? 0 : rank);
            Tensor xg = up(x), gyg = up(gy);
            Tensor y = x.softmax(axis), yg = alloc(x.shape());
            gpu.softmax(xg, axis, yg);
            assertClose(y, down(yg), 1e-4, 1e-6);
            Tensor ly = x.logSoftmax(axis), lyg = alloc(x.shape());
            gpu.logSoftmax(xg, axis, lyg);
            assertClose(ly, down(lyg), 1e-4, 1e-5);
            Tensor gx = cpu.allocate(x.shape()), gxg = gpu.allocate(x.shape());
            cpu.softmaxBackward(y, gy, axis, gx);
            gpu.softmaxBackward(yg, gyg, axis, gxg);
            assertClose(gx, down(gxg), 1e-4, 1e-5);
            cpu.logSoftmaxBackward(ly, gy, axis, gx);
            gpu.logSoftmaxBackward(lyg, gyg, axis, gxg);
            assertClose(gx, down(gxg), 1e-4, 1e-5);
        }
        Tensor masked = Tensor.of(new float[]{Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, Float.NEGATIVE_INFINITY}, 2, 2);
        Tensor mg = alloc(masked.shape());
        gpu.softmax(up(masked), 1, mg);
        assertClose(masked.softmax(1), down(mg), 0, 0);
    }

    // ---------------------------------------------------------------------------------------------- linear algebra

    @Test
    void gemmAndBatchedGemmWithTransposesAndBroadcasting() {
        for (int trial = 0; trial < 24; trial++) {
            boolean ta = rnd.nextBoolean(), tb = rnd.nextBoolean();
            int m = 1 + rnd.nextInt(70), n = 1 + rnd.nextInt(70), k = 1 + rnd.nextInt(70);
            Tensor a = ta ? rand(k, m) : rand(m, k), b = tb ? rand(n, k) : rand(k, n), c = rand(m, n);
            float alpha = 0.5f + rnd.nextFloat(), beta = trial % 3 == 0 ? 0f : rnd.nextFloat();
            Tensor e = c.copy(), g = up(c);
            cpu.gemm(ta, tb, alpha, a, b, beta, e);
            gpu.gemm(ta, tb, alpha, up(a), up(b), beta, g);
            assertClose(e, down(g), 1e-4, 1e-4);
        }
        int[][][] batches = {{{3}, {3}}, {{2, 3}, {}}, {{}, {4}}, {{2, 1}, {1, 3}}, {{5, 1, 2}, {4, 1}}};
        for (int[][] bs : batches) {
            boolean ta = rnd.nextBoolean(), tb = rnd.nextBoolean();
            int m = 1 + rnd.nextInt(20), n = 1 + rnd.nextInt(20), k = 1 + rnd.nextInt(20);
            Tensor a = rand(concat(bs[0], ta ? new int[]{k, m} : new int[]{m, k}));
            Tensor b = rand(concat(bs[1], tb ? new int[]{n, k} : new int[]{k, n}));
            Tensor e = a.matmul(b, ta, tb), g = alloc(e.shape());
            gpu.batchedGemm(ta, tb, 1f, up(a), up(b), 0f, g);
            assertClose(e, down(g), 1e-4, 1e-4);
        }
        CudaBackend cb = (CudaBackend) gpu;
        cb.setTf32(true);
        try {
            Tensor a = rand(128, 96), b = rand(96, 64), g = alloc(Shape.of(128, 64));
            gpu.gemm(false, false, 1f, up(a), up(b), 0f, g);
            assertClose(a.matmul(b), down(g), 1e-2, 1e-2);
        } finally {
            cb.setTf32(false);
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    // ---------------------------------------------------------------------------------------------- indexing

    @Test
    void indexSelectAddGatherScatterTopk() {
        for (int trial = 0; trial < 20; trial++) {
            int rank = 1 + rnd.nextInt(3);
            int[] d = dims(rank, 8);
            int axis = rnd.nextInt(rank);
            Tensor x = rand(d);
            int[] idx = ints(1 + rnd.nextInt(12), d[axis]);
            Tensor sel = alloc(x.shape().with(axis, idx.length));
            gpu.indexSelect(up(x), axis, idx, sel);
            assertClose(x.indexSelect(axis, idx), down(sel), 0, 0);

            Tensor src = rand(x.shape().with(axis, idx.length).dims());
            Tensor e = x.copy(), g = up(x);
            cpu.indexAdd(src, axis, idx, e);
            gpu.indexAdd(up(src), axis, idx, g);
            assertClose(e, down(g), 1e-5, 1e-6);

            int[] od = d.clone();
            for (int i = 0; i < rank; i++) if (i != axis) od[i] = 1 + rnd.nextInt(d[i]);
            od[axis] = 1 + rnd.nextInt(6);
            int[] gidx = ints(Shape.of(od).size(), d[axis]);
            Tensor eo = cpu.allocate(Shape.of(od)), go = gpu.allocate(Shape.of(od));
            cpu.gather(x, axis, gidx, eo);
            gpu.gather(up(x), axis, gidx, go);
            assertClose(eo, down(go), 0, 0);
            Tensor s2 = rand(od), es = x.copy(), gs = up(x);
            cpu.scatterAdd(s2, axis, gidx, es);
            gpu.scatterAdd(up(s2), axis, gidx, gs);
            assertClose(es, down(gs), 1e-5, 1e-6);

            int n = d[rank - 1], k = rnd.nextInt(n + 1);
            boolean largest = rnd.nextBoolean();
            Tensor xr = TestTensors.uniform(rnd, -2f, 2f, d);
            if (n > 2) xr.set(Float.NaN, new int[rank]); // a NaN in the first row
            int rows = xr.shape().outer(-1);
            Tensor ev = cpu.allocate(xr.shape().with(-1, k)), gv = gpu.allocate(xr.shape().with(-1, k));
            int[] ei = new int[rows * k], gi = new int[rows * k];
            cpu.topk(xr, k, largest, ev, ei);
            gpu.topk(up(xr), k, largest, gv, gi);
            assertArrayEquals(ei, gi);
            assertClose(ev, down(gv), 0, 0);
        }
        assertThrows(IndexOutOfBoundsException.class,
                () -> gpu.indexSelect(up(rand(3, 2)), 0, new int[]{0, 3}, alloc(Shape.of(2, 2))));
    }

    // ---------------------------------------------------------------------------------------------- movement

    @Test
    void permuteSliceConcatFlip() {
        for (int trial = 0; trial < 20; trial++) {
            int rank = 1 + rnd.nextInt(5);
            int[] d = dims(rank, 6);
            Tensor x = rand(d), xg = up(x);
            int[] perm = rnd.ints(0, rank).distinct().limit(rank).toArray();
            Tensor pg = alloc(x.shape().permute(perm));
            gpu.permute(xg, perm, pg);
            assertClose(x.permute(perm), down(pg), 0, 0);
            int axis = rnd.nextInt(rank), s = rnd.nextInt(d[axis]), len = 1 + rnd.nextInt(d[axis] - s);
            Tensor sg = alloc(x.shape().with(axis, len));
            gpu.slice(xg, axis, s, sg);
            assertClose(x.slice(axis, s, s + len), down(sg), 0, 0);
            Tensor src = rand(x.shape().with(axis, len).dims());
            for (boolean acc : new boolean[]{false, true}) {
                Tensor e = x.copy(), g = up(x);
                cpu.sliceWrite(src, axis, s, acc, e);
                gpu.sliceWrite(up(src), axis, s, acc, g);
                assertClose(e, down(g), 0, 0);
            }
            Tensor ec = Tensor.concat(axis, x, src), cg = alloc(ec.shape());
            gpu.concat(new Tensor[]{xg, up(src)}, axis, cg);
            assertClose(ec, down(cg), 0, 0);
            Tensor ef = cpu.allocate(x.shape()), gf = gpu.allocate(x.shape());
            cpu.flip(x, axis, ef);
            gpu.flip(xg, axis, gf);
            assertClose(ef, down(gf), 0, 0);
        }
    }

    // ---------------------------------------------------------------------------------------------- optimizer

    @Test
    void adamMatchesTheCpuStep() {
        for (boolean decoupled : new boolean[]{true, false}) {
            Tensor p = rand(37, 29), grad = rand(37, 29), m = rand(37, 29).mul(0.1f), v = rand(37, 29).abs().mul(0.01f);
            Tensor pg = up(p), mg = up(m), vg = up(v);
            for (long step = 1; step <= 3; step++) {
                cpu.adamUpdate(p, grad, m, v, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, decoupled, step);
                gpu.adamUpdate(pg, up(grad), mg, vg, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, decoupled, step);
            }
            assertClose(p, down(pg), 1e-5, 1e-7);
            assertClose(m, down(mg), 1e-5, 1e-7);
            assertClose(v, down(vg), 1e-5, 1e-9);
        }
    }

    // ---------------------------------------------------------------------------------------------- sparse

    @Test
    void spmmAndSddmm() {
        for (int trial = 0; trial < 10; trial++) {
            int rows = 1 + rnd.nextInt(40), cols = 1 + rnd.nextInt(40), n = 1 + rnd.nextInt(20);
            Tensor dense = rand(rows, cols);
            float[] da = dense.array();
            for (int i = 0; i < da.length; i++) if (rnd.nextInt(4) != 0) da[i] = 0f;
            CsrMatrix a = CsrMatrix.fromDense(dense);
            for (boolean t : new boolean[]{false, true}) {
                Tensor b = rand(t ? rows : cols, n), c = rand(t ? cols : rows, n);
                float beta = trial % 2 == 0 ? 0f : 0.5f;
                Tensor e = c.copy(), g = up(c);
                cpu.spmm(a, t, b, beta, e);
                gpu.spmm(a, t, up(b), beta, g);
                assertClose(e, down(g), 1e-4, 1e-5);
            }
            Tensor l = rand(rows, n), r = rand(cols, n);
            Tensor e = cpu.allocate(Shape.of(a.nnz())), g = gpu.allocate(Shape.of(a.nnz()));
            cpu.sddmm(a, l, r, e);
            gpu.sddmm(a, up(l), up(r), g);
            assertClose(e, down(g), 1e-4, 1e-5);
        }
    }

    // ---------------------------------------------------------------------------------------------- fused layers

    @Test
    void layerAndRmsNormForwardAndBackward() {
        for (int trial = 0; trial < 12; trial++) {
            int rows = 1 + rnd.nextInt(30), d = trial % 3 == 0 ? 700 + rnd.nextInt(600) : 1 + rnd.nextInt(70);
            boolean affine = trial % 2 == 0;
            Tensor x = rand(rows, d), gamma = affine ? rand(d) : null, beta = affine ? rand(d) : null, gy = rand(rows, d);
            Tensor y = cpu.allocate(x.shape()), mean = cpu.allocate(Shape.of(rows)), rstd = cpu.allocate(Shape.of(rows));
            cpu.layerNorm(x, gamma, beta, 1e-5f, y, mean, rstd);
            Tensor yg = gpu.allocate(x.shape()), mg = gpu.allocate(Shape.of(rows)), rg = gpu.allocate(Shape.of(rows));
            Tensor gammaG = affine ? up(gamma) : null;
            gpu.layerNorm(up(x), gammaG, affine ? up(beta) : null, 1e-5f, yg, mg, rg);
            assertClose(y, down(yg), 1e-4, 1e-5);
            assertClose(mean, down(mg), 1e-4, 1e-6);
            assertClose(rstd, down(rg), 1e-4, 1e-5);
            Tensor gx = cpu.allocate(x.shape()), gG = rand(d), gB = rand(d);
            Tensor gxg = gpu.allocate(x.shape()), gGg = up(gG), gBg = up(gB);
            cpu.layerNormBackward(gy, x, gamma, mean, rstd, gx, gG, gB);
            gpu.layerNormBackward(up(gy), up(x), gammaG, mg, rg, gxg, gGg, gBg);
            assertClose(gx, down(gxg), 1e-4, 1e-4);
            assertClose(gG, down(gGg), 1e-4, 1e-4);
            assertClose(gB, down(gBg), 1e-4, 1e-4);

            cpu.rmsNorm(x, gamma, 1e-6f, y, rstd);
            gpu.rmsNorm(up(x), gammaG, 1e-6f, yg, rg);
            assertClose(y, down(yg), 1e-4, 1e-5);
            cpu.rmsNormBackward(gy, x, gamma, rstd, gx, gG);
            gpu.rmsNormBackward(up(gy), up(x), gammaG, rg, gxg, gGg);
            assertClose(gx, down(gxg), 1e-4, 1e-4);
            assertClose(gG, down(gGg), 1e-4, 1e-4);
        }
    }

    @Test
    void crossEntropyWithWeightsSmoothingAndIgnoredRows() {
        for (int trial = 0; trial < 12; trial++) {
            int n = 1 + rnd.nextInt(40), c = trial % 4 == 0 ? 2000 + rnd.nextInt(3000) : 2 + rnd.nextInt(30);
            Tensor logits = TestTensors.uniform(rnd, -5f, 5f, n, c);
            Tensor w = trial % 2 == 0 ? TestTensors.uniform(rnd, 0.5f, 2f, c) : null;
            float s = trial % 3 == 0 ? 0f : 0.1f;
            int[] t = ints(n, c);
            t[0] = -100;
            Tensor loss = cpu.allocate(Shape.of(n)), lp = cpu.allocate(logits.shape());
            Tensor lossG = gpu.allocate(Shape.of(n)), lpG = gpu.allocate(logits.shape());
            cpu.crossEntropy(logits, t, w, -100, s, loss, lp);
            gpu.crossEntropy(up(logits), t, w == null ? null : up(w), -100, s, lossG, lpG);
            assertClose(loss, down(lossG), 1e-4, 1e-5);
            assertClose(lp, down(lpG), 1e-4, 1e-5);
            Tensor gl = rand(n), g = cpu.allocate(logits.shape()), gG = gpu.allocate(logits.shape());
            cpu.crossEntropyBackward(lp, t, w, -100, s, gl, g);
            gpu.crossEntropyBackward(lpG, t, w == null ? null : up(w), -100, s, up(gl), gG);
            assertClose(g, down(gG), 1e-4, 1e-6);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> gpu.crossEntropy(up(rand(2, 3)), new int[]{0, 3}, null,
                -100, 0f, gpu.allocate(Shape.of(2)), gpu.allocate(Shape.of(2, 3))));
    }

    @Test
    void selectiveScanForwardAndBackward() {
        for (int trial = 0; trial < 6; trial++) {
            int b = 1 + rnd.nextInt(3), len = 1 + rnd.nextInt(40), e = 1 + rnd.nextInt(24), n = 1 + rnd.nextInt(16);
            int chunk = 1 + rnd.nextInt(16);
            boolean withD = trial % 2 == 0;
            Tensor u = rand(b, len, e), delta = TestTensors.uniform(rnd, 0.01f, 0.5f, b, len, e);
            Tensor A = TestTensors.uniform(rnd, -2f, -0.1f, e, n), Bm = rand(b, len, n), Cm = rand(b, len, n);
            Tensor D = withD ? rand(e) : null, gy = rand(b, len, e);
            int nc = (len + chunk - 1) / chunk;
            Tensor y = cpu.allocate(u.shape()), ck = cpu.allocate(Shape.of(b, nc, e, n));
            cpu.selectiveScan(u, delta, A, Bm, Cm, D, chunk, y, ck);
            Tensor yg = gpu.allocate(u.shape()), ckg = gpu.allocate(Shape.of(b, nc, e, n));
            Tensor ug = up(u), dg = up(delta), Ag = up(A), Bg = up(Bm), Cg = up(Cm), Dg = withD ? up(D) : null;
            gpu.selectiveScan(ug, dg, Ag, Bg, Cg, Dg, chunk, yg, ckg);
            assertClose(y, down(yg), 1e-3, 1e-4);
            assertClose(ck, down(ckg), 1e-3, 1e-4);
            Tensor gu = cpu.allocate(u.shape()), gd = cpu.allocate(u.shape()), gA = rand(e, n);
            Tensor gB = cpu.allocate(Bm.shape()), gC = cpu.allocate(Cm.shape()), gD = withD ? rand(e) : null;
            Tensor guG = gpu.allocate(u.shape()), gdG = gpu.allocate(u.shape()), gAG = up(gA);
            Tensor gBG = gpu.allocate(Bm.shape()), gCG = gpu.allocate(Cm.shape()), gDG = withD ? up(gD) : null;
            cpu.selectiveScanBackward(u, delta, A, Bm, Cm, D, chunk, ck, gy, gu, gd, gA, gB, gC, gD);
            gpu.selectiveScanBackward(ug, dg, Ag, Bg, Cg, Dg, chunk, ckg, up(gy), guG, gdG, gAG, gBG, gCG, gDG);
            assertClose(gu, down(guG), 1e-3, 1e-4);
            assertClose(gd, down(gdG), 1e-3, 1e-4);
            assertClose(gA, down(gAG), 1e-3, 1e-4);
            assertClose(gB, down(gBG), 1e-3, 1e-4);
            assertClose(gC, down(gCG), 1e-3, 1e-4);
            if (withD) assertClose(gD, down(gDG), 1e-3, 1e-4);
        }
    }

    @Test
    void depthwiseConvIm2colCol2im() {
        for (int trial = 0; trial < 8; trial++) {
            int b = 1 + rnd.nextInt(3), len = 1 + rnd.nextInt(30), ch = 1 + rnd.nextInt(20), k = 1 + rnd.nextInt(5);
            Tensor x = rand(b, len, ch), w = rand(ch, k), bias = trial % 2 == 0 ? rand(ch) : null, gy = rand(b, len, ch);
            Tensor y = cpu.allocate(x.shape()), yg = gpu.allocate(x.shape());
            cpu.depthwiseConv1d(x, w, bias, y);
            gpu.depthwiseConv1d(up(x), up(w), bias == null ? null : up(bias), yg);
            assertClose(y, down(yg), 1e-4, 1e-5);
            Tensor gx = cpu.allocate(x.shape()), gw = rand(ch, k), gb = rand(ch);
            Tensor gxg = gpu.allocate(x.shape()), gwg = up(gw), gbg = up(gb);
            cpu.depthwiseConv1dBackward(x, w, gy, gx, gw, gb);
            gpu.depthwiseConv1dBackward(up(x), up(w), up(gy), gxg, gwg, gbg);
            assertClose(gx, down(gxg), 1e-4, 1e-5);
            assertClose(gw, down(gwg), 1e-4, 1e-4);
            assertClose(gb, down(gbg), 1e-4, 1e-4);

            int c = 1 + rnd.nextInt(3), h = 3 + rnd.nextInt(8), wd = 3 + rnd.nextInt(8);
            int kh = 1 + rnd.nextInt(3), kw = 1 + rnd.nextInt(3), sh = 1 + rnd.nextInt(2), sw = 1 + rnd.nextInt(2);
            int ph = rnd.nextInt(2), pw = rnd.nextInt(2);
            Tensor img = rand(b, c, h, wd);
            int oh = (h + 2 * ph - kh) / sh + 1, ow = (wd + 2 * pw - kw) / sw + 1;
            Shape cs = Shape.of(b, oh * ow, c * kh * kw);
            Tensor cols = cpu.allocate(cs), colsG = gpu.allocate(cs);
            cpu.im2col(img, kh, kw, sh, sw, ph, pw, cols);
            gpu.im2col(up(img), kh, kw, sh, sw, ph, pw, colsG);
            assertClose(cols, down(colsG), 0, 0);
            Tensor back = img.copy(), backG = up(img), gc = rand(cs.dims());
            cpu.col2im(gc, kh, kw, sh, sw, ph, pw, back);
            gpu.col2im(up(gc), kh, kw, sh, sw, ph, pw, backG);
            assertClose(back, down(backG), 1e-5, 1e-5);
        }
    }

    // ---------------------------------------------------------------------------------------------- memory pool

    @Test
    void theCacheServesRepeatedShapesWithoutNewDeviceAllocations() {
        CudaBackend cb = (CudaBackend) gpu;
        for (int i = 0; i < 3; i++) gpu.allocate(Shape.of(1024, 1024));
        System.gc();
        long before = cb.memoryStats().deviceAllocations();
        for (int i = 0; i < 50; i++) {
            Tensor t = gpu.allocate(Shape.of(256, 256));
            gpu.fill(t, i);
            if (i % 10 == 0) System.gc();
        }
        long after = cb.memoryStats().deviceAllocations();
        assertTrue(after - before < 50, "the cache served most requests: " + cb.memoryStats());
    }
}
