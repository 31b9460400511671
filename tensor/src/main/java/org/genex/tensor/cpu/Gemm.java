package org.genex.tensor.cpu;

import java.util.Arrays;
import org.genex.tensor.ArgChecks;
import org.genex.tensor.Parallel;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;

/**
 * General matrix multiply, {@code C = alpha op(A) op(B) + beta C}, blocked for the caches as in BLIS/GotoBLAS.
 *
 * <pre>
 * in parallel: one band of C per thread, along C's longer side (band edges on tile edges)
 *   for each block of up to NC columns of the band               (jc)
 *     for each block of KC steps of the inner dimension           (pc)
 *       pack op(B)[pc.., jc..] into panels of nr columns
 *       for each block of up to MC_CHUNK rows                     (ic)
 *         pack alpha op(A)[ic.., pc..] into panels of mr rows
 *         for each cache block of 96 rows x 256 columns:          (A rows stay in L2 while B columns pass)
 *           for each B panel (nr columns), each A panel (mr rows): kernel tile mr x nr
 * </pre>
 *
 * Packing makes both operands contiguous in the order the kernel reads them, so transposed operands cost only the
 * packing (an A that is not scaled is read in place: packing a non-transposed A is a transpose, which cost as much as
 * the products themselves when k is small, as in attention's 32-wide heads), and the kernel ({@link GemmKernel}) keeps a whole {@code mr x nr} tile of C in registers. Each thread
 * packs the panels it multiplies, into its own buffers: packed data never moves between cores' caches (sharing
 * one packed block between threads measured 30-50% slower on two cores here). Every element of C sums its products
 * in the same order (k blocks in order, steps in order within a block) whatever the bands, so results are
 * bit-identical across thread counts. Matrix-vector products (m or n = 1) take dot products or axpys instead.
 *
 * <p>Packing buffers belong to the thread that packs and are reused across calls (grown when a larger product
 * needs more); no inner loop allocates.
 */
final class Gemm {
    /** Steps of the inner dimension per packed block: a 12 x 256 A panel (12 KB) stays in L1. */
    static final int KC = 256;
    /** Rows of C per packed A block (bounds the A buffer: MC_CHUNK x KC floats = 4 MB). */
    static final int MC_CHUNK = 4096;
    /** Columns of C per packed B block (bounds the B buffer: KC x NC floats = 4 MB). */
    static final int NC = 4096;
    /**
     * A (unscaled) is read in place, not packed, when C has fewer columns than this: packing A is then a large share
     * of the work (it is amortised over n columns). With many columns, packed panels are faster: reading 12 rows in
     * place with a large power-of-two stride conflicts in the cache (N = 2048: 67 against 92 GFLOP/s).
     */
    static final int IN_PLACE_MAX_N = 512;
    /** Below this many multiply-adds a product runs on one thread. */
    static final long PARALLEL_MIN_FLOPS = 1L << 18;

    private final GemmKernel kernel;
    private final RowKernels rows;
    private final int mr, nr;
    /** Cache blocks: rows and columns of C computed together (multiples of mr and nr). */
    private final int taskRows, taskCols;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** Per-thread packing buffers. */
    private static final class Buffers {
        float[] a = new float[0], b = new float[0], edge = new float[0];

        float[] a(int n) { return a.length >= n ? a : (a = new float[n]); }
        float[] b(int n) { return b.length >= n ? b : (b = new float[n]); }
        float[] edge(int n) { return edge.length >= n ? edge : (edge = new float[n]); }
    }

    Gemm(boolean simd) {
        this.kernel = simd ? vectorKernel() : new ScalarGemmKernel();
        this.rows = RowKernels.create(simd);
        this.mr = kernel.mr();
        this.nr = kernel.nr();
        this.taskRows = mr * Math.max(1, 96 / mr);
        this.taskCols = nr * Math.max(1, 256 / nr);
    }

    private static GemmKernel vectorKernel() { return new VectorGemmKernel(); }

    // ------------------------------------------------------------------------------------------------ entry points

    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        if (a.rank() != 2 || b.rank() != 2 || c.rank() != 2)
            throw new IllegalArgumentException("gemm needs 2-D tensors, got a " + a.shape() + ", b " + b.shape()
                    + ", c " + c.shape() + " (use batchedGemm for batches)");
        int m = transA ? a.dim(1) : a.dim(0), k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0), n = transB ? b.dim(0) : b.dim(1);
        if (k != kb || c.dim(0) != m || c.dim(1) != n)
            throw new IllegalArgumentException("gemm: op(a) " + m + " x " + k + " times op(b) " + kb + " x " + n
                    + " into c " + c.shape() + " (a " + a.shape() + (transA ? "^T" : "") + ", b " + b.shape()
                    + (transB ? "^T" : "") + ")");
        checkNoAlias(a, b, c);
        multiply(transA, transB, m, n, k, alpha, a.array(), a.offset(), a.dim(1), b.array(), b.offset(), b.dim(1),
                beta, c.array(), c.offset(), true);
    }

    void batched(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        Shape batch = ArgChecks.batchedGemm(transA, transB, a, b, c);
        int m = transA ? a.dim(-1) : a.dim(-2), k = transA ? a.dim(-2) : a.dim(-1);
        int n = transB ? b.dim(-2) : b.dim(-1);
        Shape batchA = ArgChecks.batchShape(a), batchB = ArgChecks.batchShape(b);
        checkNoAlias(a, b, c);
        int count = batch.size();
        int lda = a.dim(-1), ldb = b.dim(-1);
        // [batch.., m, k] @ [k, n]: one product with batch * m rows (the Linear layer on a sequence)
        if (!transA && b.rank() == 2 && batchA.equals(batch)) {
            multiply(false, transB, count * m, n, k, alpha, a.array(), a.offset(), lda, b.array(), b.offset(), ldb,
                    beta, c.array(), c.offset(), true);
            return;
        }
        int[] aOff = batchOffsets(batchA, batch, m * k, a.offset());
        int[] bOff = batchOffsets(batchB, batch, k * n, b.offset());
        int cOff = c.offset(), mn = m * n;
        float[] aa = a.array(), ba = b.array(), ca = c.array();
        long flops = (long) m * n * k;
        if (count >= 2 * Parallel.threads() || flops < PARALLEL_MIN_FLOPS) {
            // many (or small) products: one product per task, each on one thread
            Parallel.forEach(count, t -> multiply(transA, transB, m, n, k, alpha, aa, aOff[t], lda, ba, bOff[t], ldb,
                    beta, ca, cOff + t * mn, false));
        } else {
            for (int t = 0; t < count; t++)
                multiply(transA, transB, m, n, k, alpha, aa, aOff[t], lda, ba, bOff[t], ldb, beta, ca, cOff + t * mn, true);
        }
    }

    /** The offset of each batch's matrix of an operand whose batch axes broadcast to {@code batch}. */
    private static int[] batchOffsets(Shape own, Shape batch, int matrixSize, int base) {
        int r = batch.rank(), count = batch.size();
        int[] strides = new int[r];
        int s = matrixSize;
        for (int i = own.rank() - 1; i >= 0; i--) {
            int axis = i + r - own.rank();
            strides[axis] = own.dim(i) == 1 ? 0 : s;
            s *= own.dim(i);
        }
        int[] off = new int[count];
        int[] idx = new int[r];
        int cur = base;
        for (int t = 0; t < count; t++) {
            off[t] = cur;
            for (int ax = r - 1; ax >= 0; ax--) {
                cur += strides[ax];
                if (++idx[ax] < batch.dim(ax)) break;
                cur -= strides[ax] * idx[ax];
                idx[ax] = 0;
            }
        }
        return off;
    }

    private static void checkNoAlias(Tensor a, Tensor b, Tensor c) {
        if (c.overlaps(a) || c.overlaps(b))
            throw new IllegalArgumentException("gemm: the output c " + c.shape() + " overlaps an input; "
                    + "write into a separate tensor");
    }

    // ------------------------------------------------------------------------------------------------ the driver

    /**
     * C (m x n at {@code c[co]}, row stride n) = alpha op(A) op(B) + beta C. A is stored m x k (or k x m if
     * transposed) with row stride lda; B is stored k x n (or n x k) with row stride ldb.
     *
     * <p>In parallel, C is cut into one band per thread along its longer side, and each band runs the sequential
     * algorithm with the packing buffers of the thread that runs it: every core packs what it multiplies, so no
     * packed panel crosses between cores' caches. The band boundaries fall on tile boundaries and every element
     * of C is computed by the same sequence of operations, so the bits do not depend on the thread count.
     */
    void multiply(boolean transA, boolean transB, int m, int n, int k, float alpha,
                  float[] a, int ao, int lda, float[] b, int bo, int ldb, float beta, float[] c, int co,
                  boolean parallel) {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scale(c, co, m * n, beta);
            return;
        }
        parallel &= (long) m * n * k >= PARALLEL_MIN_FLOPS && Parallel.threads() > 1;
        if (n == 1 || m == 1) {
            vectorProduct(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, parallel);
            return;
        }
        if (!parallel) {
            sequential(transA, transB, m, n, k, alpha, a, ao, lda, b, bo, ldb, beta, c, co, n);
            return;
        }
        boolean byRows = m >= n;
        int tile = byRows ? mr : nr, tiles = ((byRows ? m : n) + tile - 1) / tile;
        int bands = Math.min(Parallel.threads(), tiles), per = (tiles + bands - 1) / bands * tile;
        Parallel.forEach(bands, t -> {
            int lo = t * per, hi = Math.min(byRows ? m : n, lo + per);
            if (lo >= hi) return;
            if (byRows)
                sequential(transA, transB, hi - lo, n, k, alpha, a, ao + (transA ? lo : lo * lda), lda,
                        b, bo, ldb, beta, c, co + lo * n, n);
            else
                sequential(transA, transB, m, hi - lo, k, alpha, a, ao, lda,
                        b, bo + (transB ? lo * ldb : lo), ldb, beta, c, co + lo, n);
        });
    }

    /**
     * The blocked algorithm on one thread, with that thread's packing buffers; C (m x n) starts at {@code c[co]}
     * with row stride ldc.
     */
    private void sequential(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int ao, int lda, float[] b, int bo, int ldb, float beta,
                            float[] c, int co, int ldc) {
        Buffers buf = BUFFERS.get();
        // A not scaled, multiplied into fewer than IN_PLACE_MAX_N columns, is read in place by the kernel: only a
        // last panel of fewer than mr rows is packed (padded with zeros). Same products in the same order: same
        // bits. (rs, ps): strides of op(A)'s rows and steps.
        boolean direct = alpha == 1f && n < IN_PLACE_MAX_N;
        int rs = transA ? 1 : lda, ps = transA ? lda : 1;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int bPanels = (nc + nr - 1) / nr;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float s = pc == 0 ? beta : 1f;
                float[] bp = buf.b(bPanels * nr * kc);
                for (int q = 0; q < bPanels; q++)
                    packB(transB, b, bo, ldb, pc, kc, jc + q * nr, jc + nc, bp, q * nr * kc);
                for (int ic = 0; ic < m; ic += MC_CHUNK) {
                    int mc = Math.min(MC_CHUNK, m - ic);
                    int aPanels = (mc + mr - 1) / mr;
                    float[] ap = buf.a(aPanels * mr * kc);
                    for (int q = direct ? mc / mr : 0; q < aPanels; q++)
                        packA(transA, a, ao, lda, pc, kc, ic + q * mr, ic + mc, alpha, ap, q * mr * kc);
                    int aIn = direct ? ao + ic * rs + pc * ps : -1;
                    // blocks of taskRows x taskCols: the A rows stay in L2 while the B columns pass by
                    for (int r0 = 0; r0 < mc; r0 += taskRows)
                        for (int c0 = 0; c0 < nc; c0 += taskCols)
                            block(a, aIn, rs, ps, ap, bp, kc, r0, Math.min(mc, r0 + taskRows), c0,
                                    Math.min(nc, c0 + taskCols), mc, nc, c, co + ic * ldc + jc, ldc, s);
                }
            }
        }
    }

    /**
     * Matrix-vector products (n == 1 or m == 1), where a packed tile would waste most of its lanes: dot products
     * when the vector meets contiguous rows, row-scaled sums (axpy) otherwise. Parallel over blocks of outputs.
     */
    private void vectorProduct(boolean transA, boolean transB, int m, int n, int k, float alpha,
                               float[] a, int ao, int lda, float[] b, int bo, int ldb, float beta, float[] c, int co,
                               boolean parallel) {
        // Reduce both cases to y (len outputs) = alpha M x + beta y, with M given by rows or by columns.
        boolean column = n == 1;                // C is m x 1: M = op(A) (m x k), x = op(B)[:, 0]
        int len = column ? m : n;
        float[] mat = column ? a : b, vec = column ? b : a;
        int mo = column ? ao : bo, ld = column ? lda : ldb, vo = column ? bo : ao;
        int vs = column ? (transB ? 1 : ldb) : (transA ? lda : 1);      // stride of x
        boolean byDot = column ? !transA : transB;                      // M's rows contiguous (dot) or not (axpy)
        float[] x = vs == 1 ? vec : gatherStrided(vec, vo, vs, k);
        int xo = vs == 1 ? vo : 0;
        int grain = Math.max(64, (int) (PARALLEL_MIN_FLOPS / Math.max(1, k)));
        Parallel.RangeBody body = (s, e) -> {
            if (byDot) {
                for (int i = s; i < e; i++) {
                    float d = alpha * this.rows.dot(mat, mo + i * ld, x, xo, k);
                    c[co + i] = beta == 0f ? d : d + beta * c[co + i];
                }
            } else {
                // M stored k x len: y[s..e) = beta y + sum_p alpha x[p] M[p, s..e)
                scale(c, co + s, e - s, beta);
                for (int p = 0; p < k; p++) this.rows.axpy(alpha * x[xo + p], mat, mo + p * ld + s, c, co + s, e - s);
            }
        };
        if (parallel) Parallel.forRange(len, grain, body);
        else body.run(0, len);
    }

    private static float[] gatherStrided(float[] v, int o, int stride, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = v[o + i * stride];
        return x;
    }

    /**
     * Computes rows [r0, r1) x columns [c0, c1) of a block (both multiples of the tile size except at the block's
     * edge mc, nc) from the packed B block {@code bp} and A: read in place from {@code a} (value (i, p) of the block
     * at {@code aIn + i * rs + p * ps}) for whole panels when {@code aIn >= 0}, else (and for a last partial panel)
     * from the packed A block {@code ap}. C here starts at the block's corner {@code c[co]}, row stride ldc.
     */
    private void block(float[] a, int aIn, int rs, int ps, float[] ap, float[] bp, int kc, int r0, int r1, int c0, int c1,
                       int mc, int nc, float[] c, int co, int ldc, float s) {
        for (int j = c0; j < c1; j += nr) {
            int bOff = (j / nr) * nr * kc;
            boolean fullCols = j + nr <= nc;
            for (int i = r0; i < r1; i += mr) {
                boolean fullRows = i + mr <= mc, inPlace = aIn >= 0 && fullRows;
                int aOff = inPlace ? aIn + i * rs : (i / mr) * mr * kc;
                if (fullCols && fullRows) {
                    if (inPlace) kernel.tileStrided(kc, a, aOff, rs, ps, bp, bOff, c, co + i * ldc + j, ldc, s);
                    else kernel.tile(kc, ap, aOff, bp, bOff, c, co + i * ldc + j, ldc, s);
                } else {
                    edgeTile(inPlace ? a : ap, aOff, inPlace ? rs : 0, ps, bp, bOff, kc, c, co + i * ldc + j, ldc, s,
                            Math.min(mr, mc - i), Math.min(nr, nc - j));
                }
            }
        }
    }

    /**
     * A tile cut by the matrix edge: computed into a scratch tile (whole, or its first vector of columns when no more
     * are valid), then the valid part merged into C. A is a packed panel (rs = 0), or read in place with strides rs
     * and ps.
     */
    private void edgeTile(float[] a, int aOff, int rs, int ps, float[] bp, int bOff, int kc, float[] c, int co,
                          int ldc, float s, int rows, int cols) {
        float[] t = BUFFERS.get().edge(mr * nr);
        if (cols <= kernel.narrowWidth())           // only the first vector of columns: half the work
            kernel.tileNarrow(kc, a, aOff, rs > 0 ? rs : 1, rs > 0 ? ps : mr, bp, bOff, t, 0, nr, 0f);
        else if (rs > 0) kernel.tileStrided(kc, a, aOff, rs, ps, bp, bOff, t, 0, nr, 0f);
        else kernel.tile(kc, a, aOff, bp, bOff, t, 0, nr, 0f);
        for (int r = 0; r < rows; r++) {
            int dst = co + r * ldc, src = r * nr;
            if (s == 0f) {
                System.arraycopy(t, src, c, dst, cols);
            } else {
                for (int j = 0; j < cols; j++) c[dst + j] = s * c[dst + j] + t[src + j];
            }
        }
    }

    /**
     * Packs alpha op(A)[i0 .. i0+mr, p0 .. p0+kc] as kc groups of mr values; rows at or past {@code iEnd} are
     * zeros.
     */
    private void packA(boolean transA, float[] a, int ao, int lda, int p0, int kc, int i0, int iEnd, float alpha,
                       float[] dst, int d) {
        int rows = Math.min(mr, iEnd - i0);
        if (transA) {
            // A is stored k x m: the mr values of one step are contiguous
            for (int p = 0; p < kc; p++) {
                int src = ao + (p0 + p) * lda + i0, o = d + p * mr;
                for (int r = 0; r < rows; r++) dst[o + r] = alpha * a[src + r];
                for (int r = rows; r < mr; r++) dst[o + r] = 0f;
            }
        } else {
            for (int r = 0; r < rows; r++) {
                int src = ao + (i0 + r) * lda + p0;
                for (int p = 0; p < kc; p++) dst[d + p * mr + r] = alpha * a[src + p];
            }
            for (int r = rows; r < mr; r++)
                for (int p = 0; p < kc; p++) dst[d + p * mr + r] = 0f;
        }
    }

    /** Packs op(B)[p0 .. p0+kc, j0 .. j0+nr] as kc groups of nr values; columns at or past {@code jEnd} are zeros. */
    private void packB(boolean transB, float[] b, int bo, int ldb, int p0, int kc, int j0, int jEnd,
                       float[] dst, int d) {
        int cols = Math.min(nr, jEnd - j0);
        if (transB && cols == nr) {
            // B is stored n x k: a whole panel is a transpose of nr rows, done by the kernel's (vector) pack
            kernel.packTransposed(kc, b, bo + j0 * ldb + p0, ldb, dst, d);
        } else if (transB) {
            // B is stored n x k: one column of op(B) is contiguous
            for (int j = 0; j < cols; j++) {
                int src = bo + (j0 + j) * ldb + p0;
                for (int p = 0; p < kc; p++) dst[d + p * nr + j] = b[src + p];
            }
            for (int j = cols; j < nr; j++)
                for (int p = 0; p < kc; p++) dst[d + p * nr + j] = 0f;
        } else {
            for (int p = 0; p < kc; p++) {
                int src = bo + (p0 + p) * ldb + j0, o = d + p * nr;
                System.arraycopy(b, src, dst, o, cols);
                if (cols < nr) Arrays.fill(dst, o + cols, o + nr, 0f);
            }
        }
    }

    /** C = beta C over n elements; beta 0 writes zeros without reading. */
    private static void scale(float[] c, int co, int n, float beta) {
        if (beta == 0f) Arrays.fill(c, co, co + n, 0f);
        else if (beta != 1f) for (int i = co; i < co + n; i++) c[i] *= beta;
    }
}
