package org.genex.algorithms.embed;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SGNS loops on the Vector API with the platform's preferred float species (the species
 * {@code org.genex.tensor.cpu.Species.F} names, which that package keeps private). Rows are stored with a stride of
 * whole vectors (extra lanes zero, see {@link SgnsKernels}), so every load and store is a full vector: for vector
 * size 30 and 16 lanes, two vectors per row. Dot products add the lanes in a fixed pairwise order (rotations by
 * L/2, L/4, .., 1, as the tensor kernels do; or two dot products at once, their halves folded together, then
 * rotations within halves) rather than {@code reduceLanes}, whose order may change when C2 compiles the loop: so a
 * single-threaded run gives the same bits every time.
 *
 * <p>The window update has a blocked form for the common case of 16 lanes (AVX-512), rows of two vectors (vector
 * sizes 17 to 32) and at most 8 targets, {@link #trainWindowSixteen}: it costs about half of the general loop's time.
 * What the general loop spends is not arithmetic but the bookkeeping around each short loop (an index, a bounds
 * check and a broadcast per fused multiply-add, and a chain of lane rotations per dot product); the blocked form
 * computes 16 scores in one tree of lane folds, the logistic function on 16 lanes at once, and every update with
 * four accumulators in registers.
 */
final class VectorSgnsKernels implements SgnsKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final VectorShuffle<Float>[] FOLDS = folds();
    /** Lanes {@code L/2 .. L-1}. */
    private static final VectorMask<Float> HIGH = F.indexInRange(-L / 2, L / 2);
    /** Swaps the two halves of a vector. */
    private static final VectorShuffle<Float> SWAP = VectorShuffle.iota(F, L / 2, 1, true);
    /** Rotations within each half, by L/4, .., 1: lane 0 and lane L/2 end with their half's sum. */
    private static final VectorShuffle<Float>[] HALF_FOLDS = halfFolds();

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static VectorShuffle<Float>[] halfFolds() {
        VectorShuffle<Float>[] f = new VectorShuffle[Math.max(0, Integer.numberOfTrailingZeros(L) - 1)];
        for (int l = 0, w = L / 4; l < f.length; l++, w /= 2) {
            int[] idx = new int[L];
            for (int i = 0; i < L; i++) idx[i] = (i / (L / 2)) * (L / 2) + (i % (L / 2) + w) % (L / 2);
            f[l] = VectorShuffle.fromArray(F, idx, 0);
        }
        return f;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static VectorShuffle<Float>[] folds() {
        VectorShuffle<Float>[] f = new VectorShuffle[Integer.numberOfTrailingZeros(L)];
        for (int l = 0, w = L / 2; l < f.length; l++, w /= 2) f[l] = VectorShuffle.iota(F, w, 1, true);
        return f;
    }

    @Override
    public int stride(int dim) { return (dim + L - 1) / L * L; }

    @Override
    public void trainPair(float[] syn0, int in, float[] syn1, int[] targets, int from, int n, float alpha,
                          float[] work, int stride, int base) {
        if (stride == 2 * L) {
            if (n <= work.length && distinct(targets, from, n))
                trainPairTwoVectors(syn0, in, syn1, targets, from, n, alpha, work, base);
            else trainPairInRegisters(syn0, in, syn1, targets, from, n, alpha, base);
            return;
        }
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < stride; i += L) zero.intoArray(work, i);
        for (int d = 0; d < n; d++) {
            int out = base + targets[from + d] * stride;
            float f = rowDot(syn0, in, syn1, out, stride);
            if (f <= -MAX_EXP || f >= MAX_EXP) continue;
            FloatVector g = FloatVector.broadcast(F, ((d == 0 ? 1f : 0f) - Sigmoid.of(f)) * alpha);
            for (int i = 0; i < stride; i += L) {
                FloatVector t = FloatVector.fromArray(F, syn1, out + i);
                t.fma(g, FloatVector.fromArray(F, work, i)).intoArray(work, i);
                FloatVector.fromArray(F, syn0, in + i).fma(g, t).intoArray(syn1, out + i);
            }
        }
        for (int i = 0; i < stride; i += L)
            FloatVector.fromArray(F, syn0, in + i).add(FloatVector.fromArray(F, work, i)).intoArray(syn0, in + i);
    }

    @Override
    public void trainWindow(float[] syn0, int[] contexts, int c, float[] syn1, int[] targets, int from, int n,
                            float alpha, float[] work, int stride, int base) {
        if (blockedWindow(stride, n)) {
            trainWindowSixteen(syn0, contexts, c, syn1, targets, from, n, alpha, work, base);
            return;
        }
        if (stride == 2 * L) {
            trainWindowTwoVectors(syn0, contexts, c, syn1, targets, from, n, alpha, work, base);
            return;
        }
        int gAt = c * stride; // work: [c, stride] input updates, then [c, n] coefficients G
        for (int j = 0; j < c; j++) {
            int in = base + contexts[j] * stride, w = j * stride, g = gAt + j * n;
            for (int d = 0; d < n; d++) {
                float f = rowDot(syn0, in, syn1, base + targets[from + d] * stride, stride);
                work[g + d] = f <= -MAX_EXP || f >= MAX_EXP ? 0f : ((d == 0 ? 1f : 0f) - Sigmoid.of(f)) * alpha;
            }
            for (int i = 0; i < stride; i += L) {
                FloatVector acc = FloatVector.zero(F);
                for (int d = 0; d < n; d++) {
                    float gd = work[g + d];
                    if (gd == 0f) continue;
                    acc = FloatVector.fromArray(F, syn1, base + targets[from + d] * stride + i)
                            .fma(FloatVector.broadcast(F, gd), acc);
                }
                acc.intoArray(work, w + i);
            }
        }
        for (int d = 0; d < n; d++) { // syn0 is unchanged so far: the input rows before the block
            int out = base + targets[from + d] * stride;
            for (int i = 0; i < stride; i += L) {
                FloatVector t = FloatVector.fromArray(F, syn1, out + i);
                for (int j = 0; j < c; j++) {
                    float gd = work[gAt + j * n + d];
                    if (gd == 0f) continue;
                    t = FloatVector.fromArray(F, syn0, base + contexts[j] * stride + i)
                            .fma(FloatVector.broadcast(F, gd), t);
                }
                t.intoArray(syn1, out + i);
            }
        }
        for (int j = 0; j < c; j++) {
            int in = base + contexts[j] * stride, w = j * stride;
            for (int i = 0; i < stride; i += L)
                FloatVector.fromArray(F, syn0, in + i).add(FloatVector.fromArray(F, work, w + i))
                        .intoArray(syn0, in + i);
        }
    }

    /*
     * The blocked window update (16 lanes, rows of 32 floats, n <= 8 targets). Scores: for a pair of contexts
     * (j, j+1), the 16 products "context row x target row" (2 x 8 targets, a missing target replaced by the last
     * one and masked off later), each folded from 32 lanes to 16, are summed by a tree of four levels: at the level of
     * width w a pair (u, v) becomes u[l] + u[l ^ w] in the lanes whose bit w is clear and v[l] + v[l ^ w] in the
     * others (FOLD_w, SWAP_w). Fed in bit-reversed order, the tree leaves score (j + l / 8, l % 8) in lane l.
     */
    private static final VectorMask<Float> FOLD_8 = laneBit(8), FOLD_4 = laneBit(4), FOLD_2 = laneBit(2),
            FOLD_1 = laneBit(1);
    private static final VectorShuffle<Float> SWAP_8 = laneXor(8), SWAP_4 = laneXor(4), SWAP_2 = laneXor(2),
            SWAP_1 = laneXor(1);
    /** Lane l of the scores: target {@code l % 8}. */
    private static final FloatVector TARGET_OF_LANE = L == 16 ? FloatVector.fromArray(F,
            new float[] {0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7}, 0) : null;
    /** The labels of the scores: 1 for target 0 (the centre) of both contexts. */
    private static final FloatVector CENTRE_LABELS = L == 16 ? FloatVector.zero(F).withLane(0, 1f).withLane(8, 1f)
            : null;
    /** Lane l of the scores: context {@code j + l / 8}, as {@code l / 8}. */
    private static final FloatVector CONTEXT_OF_LANE = L == 16 ? FloatVector.fromArray(F,
            new float[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1}, 0) : null;
    /** e^x = 2^k e^r, x = k ln 2 + r (ln 2 in two parts), |r| <= ln 2 / 2, e^r by Cephes' expf polynomial. */
    private static final float LOG2E = 1.44269504f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float E5 = 1.9875691500e-4f, E4 = 1.3981999507e-3f, E3 = 8.3334519073e-3f,
            E2 = 4.1665795894e-2f, E1 = 1.6666665459e-1f, E0 = 5.0000001201e-1f;
    /** 1.5 x 2^23: {@code x + ROUND} rounds x to an integer k, held in the low bits of its representation. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);

    /** Whether {@link #trainWindow} takes the blocked form {@link #trainWindowSixteen} for these rows and targets. */
    static boolean blockedWindow(int stride, int n) { return L == 16 && stride == 32 && n <= 8; }

    private static VectorMask<Float> laneBit(int w) {
        boolean[] m = new boolean[L];
        for (int l = 0; l < L; l++) m[l] = (l & w) != 0;
        return VectorMask.fromArray(F, m, 0);
    }

    private static VectorShuffle<Float> laneXor(int w) {
        int[] x = new int[L];
        for (int l = 0; l < L; l++) x[l] = (l ^ w) % L;
        return VectorShuffle.fromArray(F, x, 0);
    }

    /**
     * {@link #trainWindow} with 16 lanes, rows of 32 floats and {@code n <= 8}. The logistic function is computed
     * on the 16 scores at once, {@code 1 / (1 + e^-s)} with a polynomial e^x (relative error about 1e-7, where the
     * scalar path's table is good to 2.5e-7 absolute), so the bits differ from the other paths' in the last places,
     * not from run to run. The sums run in the documented order (d, then j, ascending). Everything stays in one
     * method: a vector passed to a method C2 does not inline is boxed.
     * {@code work}: the context updates {@code [c][32]}, then the coefficients G {@code [c + 1][8]}.
     */
    private static void trainWindowSixteen(float[] syn0, int[] contexts, int c, float[] syn1, int[] targets,
                                           int from, int n, float alpha, float[] work, int base) {
        final int R = 32; // floats per row
        int gAt = c * R, last = n - 1;
        int o0 = base + targets[from] * R, o1 = base + targets[from + Math.min(1, last)] * R;
        int o2 = base + targets[from + Math.min(2, last)] * R, o3 = base + targets[from + Math.min(3, last)] * R;
        int o4 = base + targets[from + Math.min(4, last)] * R, o5 = base + targets[from + Math.min(5, last)] * R;
        int o6 = base + targets[from + Math.min(6, last)] * R, o7 = base + targets[from + Math.min(7, last)] * R;
        VectorMask<Float> targetLanes = TARGET_OF_LANE.lt((float) n);
        FloatVector one = FloatVector.broadcast(F, 1f);
        // G[j][d] = |S| < 6 ? (label_d - σ(S[j][d])) alpha : 0, for contexts j and j+1 at a time
        for (int j = 0; j < c; j += 2) {
            int ia = base + contexts[j] * R, ib = j + 1 < c ? base + contexts[j + 1] * R : ia;
            FloatVector a0 = FloatVector.fromArray(F, syn0, ia), a1 = FloatVector.fromArray(F, syn0, ia + L);
            FloatVector b0 = FloatVector.fromArray(F, syn0, ib), b1 = FloatVector.fromArray(F, syn0, ib + L);
            // the first level, products taken in bit-reversed target order: 0 4 2 6 1 5 3 7
            FloatVector t0 = FloatVector.fromArray(F, syn1, o0), t1 = FloatVector.fromArray(F, syn1, o0 + L);
            FloatVector p = a1.fma(t1, a0.mul(t0)), q = b1.fma(t1, b0.mul(t0));
            FloatVector r0 = p.blend(q, FOLD_8).add(q.blend(p, FOLD_8).rearrange(SWAP_8));
            t0 = FloatVector.fromArray(F, syn1, o4);
            t1 = FloatVector.fromArray(F, syn1, o4 + L);
            p = a1.fma(t1, a0.mul(t0));
            q = b1.fma(t1, b0.mul(t0));
            FloatVector r1 = p.blend(q, FOLD_8).add(q.blend(p, FOLD_8).rearrange(SWAP_8));
            t0 = FloatVector.fromArray(F, syn1, o2);
            t1 = FloatVector.fromArray(F, syn1, o2 + L);
            p = a1.fma(t1, a0.mul(t0));
            q = b1.fma(t1, b0.mul(t0));
            FloatVector r2 = p.blend(q, FOLD_8).add(q.blend(p, FOLD_8).rearrange(SWAP_8));
            t0 = FloatVector.fromArray(F, syn1, o6);
            t1 = FloatVector.fromArray(F, syn1, o6 + L);
            p = a1.fma(t1, a0.mul(t0));
            q = b1.fma(t1, b0.mul(t0));
            FloatVector r3 = p.blend(q, FOLD_8).add(q.blend(p, FOLD_8).rearrange(SWAP_8));
            t0 = FloatVector.fromArray(F, syn1, o1);
            t1 = FloatVector.fromArray(F, syn1, o1 + L);
            p = a1.fma(t1, a0.mul(t0));
            q = b1.fma(t1, b0.mul(t0));
            FloatVector r4 = p.blend(q, FOLD_8).add(q.blend(p, FOLD_8).rearrange(SWAP_8));
            t0 = FloatVector.fromArray(F, syn1, o5);
            t1 = FloatVector.fromArray(F, syn1, o5 + L);
            p = a1.fma(t1, a0.mul(t0));
            q = b1.fma(t1, b0.mul(t0));
            FloatVector r5 = p.blend(q, FOLD_8).add(q.blend(p, FOLD_8).rearrange(SWAP_8));
            t0 = FloatVector.fromArray(F, syn1, o3);
            t1 = FloatVector.fromArray(F, syn1, o3 + L);
            p = a1.fma(t1, a0.mul(t0));
            q = b1.fma(t1, b0.mul(t0));
            FloatVector r6 = p.blend(q, FOLD_8).add(q.blend(p, FOLD_8).rearrange(SWAP_8));
            t0 = FloatVector.fromArray(F, syn1, o7);
            t1 = FloatVector.fromArray(F, syn1, o7 + L);
            p = a1.fma(t1, a0.mul(t0));
            q = b1.fma(t1, b0.mul(t0));
            FloatVector r7 = p.blend(q, FOLD_8).add(q.blend(p, FOLD_8).rearrange(SWAP_8));
            FloatVector s0 = r0.blend(r1, FOLD_4).add(r1.blend(r0, FOLD_4).rearrange(SWAP_4));
            FloatVector s1 = r2.blend(r3, FOLD_4).add(r3.blend(r2, FOLD_4).rearrange(SWAP_4));
            FloatVector s2 = r4.blend(r5, FOLD_4).add(r5.blend(r4, FOLD_4).rearrange(SWAP_4));
            FloatVector s3 = r6.blend(r7, FOLD_4).add(r7.blend(r6, FOLD_4).rearrange(SWAP_4));
            FloatVector u0 = s0.blend(s1, FOLD_2).add(s1.blend(s0, FOLD_2).rearrange(SWAP_2));
            FloatVector u1 = s2.blend(s3, FOLD_2).add(s3.blend(s2, FOLD_2).rearrange(SWAP_2));
            FloatVector score = u0.blend(u1, FOLD_1).add(u1.blend(u0, FOLD_1).rearrange(SWAP_1));
            // σ(s) = 1 / (1 + e^-s); lanes outside (-6, 6) or past the targets (or the contexts) are masked off, so
            // what e^x computes there does not matter
            FloatVector x = score.neg();
            FloatVector k = x.fma(FloatVector.broadcast(F, LOG2E), FloatVector.broadcast(F, ROUND));
            FloatVector kf = k.sub(ROUND);
            FloatVector r = kf.fma(FloatVector.broadcast(F, -LN2_LO), kf.fma(FloatVector.broadcast(F, -LN2_HI), x));
            FloatVector e = r.fma(FloatVector.broadcast(F, E5), FloatVector.broadcast(F, E4));
            e = e.fma(r, FloatVector.broadcast(F, E3));
            e = e.fma(r, FloatVector.broadcast(F, E2));
            e = e.fma(r, FloatVector.broadcast(F, E1));
            e = e.fma(r, FloatVector.broadcast(F, E0));
            e = e.fma(r.mul(r), r).add(one);
            FloatVector twoK = ((IntVector) k.reinterpretAsInts()).add(127 - ROUND_BITS)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector g = CENTRE_LABELS.sub(one.div(e.mul(twoK).add(one))).mul(alpha);
            // (a mask chosen by a branch would be boxed where the branches meet: the context lanes are compared)
            VectorMask<Float> live = targetLanes.and(CONTEXT_OF_LANE.lt((float) (c - j)))
                    .and(score.abs().lt(MAX_EXP));
            FloatVector.zero(F).blend(g, live).intoArray(work, gAt + j * 8);
        }
        // in_j += sum_d G[j][d] out_d: first the updates, from the output rows before the block
        for (int j = 0; j < c; j += 2) {
            int ga = gAt + j * 8, gb = ga + 8; // row c of G exists (zero) for an odd c
            FloatVector a0 = FloatVector.zero(F), a1 = a0, b0 = a0, b1 = a0;
            for (int d = 0; d < n; d++) {
                int out = base + targets[from + d] * R;
                FloatVector t0 = FloatVector.fromArray(F, syn1, out), t1 = FloatVector.fromArray(F, syn1, out + L);
                FloatVector ga_ = FloatVector.broadcast(F, work[ga + d]), gb_ = FloatVector.broadcast(F, work[gb + d]);
                a0 = t0.fma(ga_, a0);
                a1 = t1.fma(ga_, a1);
                b0 = t0.fma(gb_, b0);
                b1 = t1.fma(gb_, b1);
            }
            a0.intoArray(work, j * R);
            a1.intoArray(work, j * R + L);
            if (j + 1 < c) {
                b0.intoArray(work, j * R + R);
                b1.intoArray(work, j * R + R + L);
            }
        }
        // out_d += sum_j G[j][d] in_j, two targets at a time (one when both are the same row), from the input rows
        // before the block
        for (int d = 0; d < n; ) {
            int da = d, db = d + 1 < n && targets[from + d + 1] != targets[from + d] ? d + 1 : d;
            int oa = base + targets[from + da] * R, ob = base + targets[from + db] * R;
            FloatVector a0 = FloatVector.fromArray(F, syn1, oa), a1 = FloatVector.fromArray(F, syn1, oa + L);
            FloatVector b0 = FloatVector.fromArray(F, syn1, ob), b1 = FloatVector.fromArray(F, syn1, ob + L);
            for (int j = 0; j < c; j++) {
                int in = base + contexts[j] * R;
                FloatVector c0 = FloatVector.fromArray(F, syn0, in), c1 = FloatVector.fromArray(F, syn0, in + L);
                FloatVector ga = FloatVector.broadcast(F, work[gAt + j * 8 + da]);
                FloatVector gb = FloatVector.broadcast(F, work[gAt + j * 8 + db]);
                a0 = c0.fma(ga, a0);
                a1 = c1.fma(ga, a1);
                b0 = c0.fma(gb, b0);
                b1 = c1.fma(gb, b1);
            }
            a0.intoArray(syn1, oa);
            a1.intoArray(syn1, oa + L);
            if (db != da) {
                b0.intoArray(syn1, ob);
                b1.intoArray(syn1, ob + L);
            }
            d = db + 1;
        }
        for (int j = 0; j < c; j++) {
            int in = base + contexts[j] * R;
            FloatVector.fromArray(F, syn0, in).add(FloatVector.fromArray(F, work, j * R)).intoArray(syn0, in);
            FloatVector.fromArray(F, syn0, in + L).add(FloatVector.fromArray(F, work, j * R + L))
                    .intoArray(syn0, in + L);
        }
    }

    /**
     * {@link #trainWindow} for rows of two vectors, each row's two vectors held in registers while it is updated;
     * the scores come from {@link #scores} (two dot products folded together), so the bits differ from the general
     * loop's in the last place, not from run to run.
     */
    private static void trainWindowTwoVectors(float[] syn0, int[] contexts, int c, float[] syn1, int[] targets,
                                              int from, int n, float alpha, float[] work, int base) {
        int gAt = c * 2 * L;
        for (int j = 0; j < c; j++) {
            int in = base + contexts[j] * 2 * L, g = gAt + j * n;
            scores(syn0, in, syn1, targets, from, n, work, g, base);
            for (int d = 0; d < n; d++) {
                float f = work[g + d];
                work[g + d] = f <= -MAX_EXP || f >= MAX_EXP ? 0f : ((d == 0 ? 1f : 0f) - Sigmoid.of(f)) * alpha;
            }
            FloatVector w0 = FloatVector.zero(F), w1 = w0;
            for (int d = 0; d < n; d++) {
                float gd = work[g + d];
                if (gd == 0f) continue;
                int out = base + targets[from + d] * 2 * L;
                FloatVector gv = FloatVector.broadcast(F, gd);
                w0 = FloatVector.fromArray(F, syn1, out).fma(gv, w0);
                w1 = FloatVector.fromArray(F, syn1, out + L).fma(gv, w1);
            }
            w0.intoArray(work, j * 2 * L);
            w1.intoArray(work, j * 2 * L + L);
        }
        for (int d = 0; d < n; d++) {
            int out = base + targets[from + d] * 2 * L;
            FloatVector t0 = FloatVector.fromArray(F, syn1, out), t1 = FloatVector.fromArray(F, syn1, out + L);
            for (int j = 0; j < c; j++) {
                float gd = work[gAt + j * n + d];
                if (gd == 0f) continue;
                int in = base + contexts[j] * 2 * L;
                FloatVector gv = FloatVector.broadcast(F, gd);
                t0 = FloatVector.fromArray(F, syn0, in).fma(gv, t0);
                t1 = FloatVector.fromArray(F, syn0, in + L).fma(gv, t1);
            }
            t0.intoArray(syn1, out);
            t1.intoArray(syn1, out + L);
        }
        for (int j = 0; j < c; j++) {
            int in = base + contexts[j] * 2 * L, w = j * 2 * L;
            FloatVector.fromArray(F, syn0, in).add(FloatVector.fromArray(F, work, w)).intoArray(syn0, in);
            FloatVector.fromArray(F, syn0, in + L).add(FloatVector.fromArray(F, work, w + L))
                    .intoArray(syn0, in + L);
        }
    }

    /**
     * {@link #trainPair} for rows of two vectors (vector sizes 17 to 32 with 16 lanes): the input row and the
     * accumulated update stay in registers, so each target costs two loads, a dot product and two stores. The same
     * operations in the same order as the general loop: the same bits.
     */
    private static void trainPairInRegisters(float[] syn0, int in, float[] syn1, int[] targets, int from, int n,
                                             float alpha, int base) {
        FloatVector v0 = FloatVector.fromArray(F, syn0, in), v1 = FloatVector.fromArray(F, syn0, in + L);
        FloatVector w0 = FloatVector.zero(F), w1 = w0;
        for (int d = 0; d < n; d++) {
            int out = base + targets[from + d] * 2 * L;
            FloatVector t0 = FloatVector.fromArray(F, syn1, out), t1 = FloatVector.fromArray(F, syn1, out + L);
            FloatVector acc = v1.fma(t1, v0.fma(t0, FloatVector.zero(F)));
            for (VectorShuffle<Float> fold : FOLDS) acc = acc.add(acc.rearrange(fold));
            float f = acc.lane(0);
            if (f <= -MAX_EXP || f >= MAX_EXP) continue;
            FloatVector g = FloatVector.broadcast(F, ((d == 0 ? 1f : 0f) - Sigmoid.of(f)) * alpha);
            w0 = t0.fma(g, w0);
            w1 = t1.fma(g, w1);
            v0.fma(g, t0).intoArray(syn1, out);
            v1.fma(g, t1).intoArray(syn1, out + L);
        }
        v0.add(w0).intoArray(syn0, in);
        v1.add(w1).intoArray(syn0, in + L);
    }

    /**
     * {@link #trainPairInRegisters} when the targets are distinct: then no update changes a row that a later dot
     * product reads (the input row is updated last), so all the dot products can be computed first, independently
     * (their latency chains overlap, and {@link #scores} folds them two at a time), then the updates. The same
     * update as the sequential order up to the order of the dot products' lane sums. The scores go through
     * {@code scores}.
     */
    private static void trainPairTwoVectors(float[] syn0, int in, float[] syn1, int[] targets, int from, int n,
                                            float alpha, float[] scores, int base) {
        scores(syn0, in, syn1, targets, from, n, scores, 0, base);
        FloatVector v0 = FloatVector.fromArray(F, syn0, in), v1 = FloatVector.fromArray(F, syn0, in + L);
        FloatVector w0 = FloatVector.zero(F), w1 = w0;
        for (int d = 0; d < n; d++) {
            float f = scores[d];
            if (f <= -MAX_EXP || f >= MAX_EXP) continue;
            int out = base + targets[from + d] * 2 * L;
            FloatVector t0 = FloatVector.fromArray(F, syn1, out), t1 = FloatVector.fromArray(F, syn1, out + L);
            FloatVector g = FloatVector.broadcast(F, ((d == 0 ? 1f : 0f) - Sigmoid.of(f)) * alpha);
            w0 = t0.fma(g, w0);
            w1 = t1.fma(g, w1);
            v0.fma(g, t0).intoArray(syn1, out);
            v1.fma(g, t1).intoArray(syn1, out + L);
        }
        v0.add(w0).intoArray(syn0, in);
        v1.add(w1).intoArray(syn0, in + L);
    }

    /**
     * The scores {@code v . out_d} of the input row at {@code syn0[in ..]} against the rows of {@code targets[from ..
     * from+n)} (two vectors each) into {@code scores[at ..]}: two at a time, the two products' lanes folded together
     * (half the shuffles of two separate folds), the last one alone. Fixed order: the same bits every call. It takes
     * the row's place, not its vectors: C2 does not inline a method this large, and a vector passed to a method that
     * is not inlined is boxed (an allocation per call, which cost more than the arithmetic).
     */
    private static void scores(float[] syn0, int in, float[] syn1, int[] targets, int from, int n, float[] scores,
                               int at, int base) {
        FloatVector v0 = FloatVector.fromArray(F, syn0, in), v1 = FloatVector.fromArray(F, syn0, in + L);
        int d = 0;
        for (; d + 1 < n; d += 2) {
            int oa = base + targets[from + d] * 2 * L, ob = base + targets[from + d + 1] * 2 * L;
            FloatVector pa = v1.fma(FloatVector.fromArray(F, syn1, oa + L),
                    v0.fma(FloatVector.fromArray(F, syn1, oa), FloatVector.zero(F)));
            FloatVector pb = v1.fma(FloatVector.fromArray(F, syn1, ob + L),
                    v0.fma(FloatVector.fromArray(F, syn1, ob), FloatVector.zero(F)));
            // lanes 0 .. L/2-1: pa's two halves added; lanes L/2 .. L-1: pb's
            FloatVector acc = pa.blend(pb, HIGH).add(pb.blend(pa, HIGH).rearrange(SWAP));
            for (VectorShuffle<Float> fold : HALF_FOLDS) acc = acc.add(acc.rearrange(fold));
            scores[at + d] = acc.lane(0);
            scores[at + d + 1] = acc.lane(L / 2);
        }
        if (d < n) {
            int out = base + targets[from + d] * 2 * L;
            FloatVector acc = v1.fma(FloatVector.fromArray(F, syn1, out + L),
                    v0.fma(FloatVector.fromArray(F, syn1, out), FloatVector.zero(F)));
            for (VectorShuffle<Float> fold : FOLDS) acc = acc.add(acc.rearrange(fold));
            scores[at + d] = acc.lane(0);
        }
    }

    private static boolean distinct(int[] a, int from, int n) {
        for (int i = from + 1; i < from + n; i++) for (int j = from; j < i; j++) if (a[i] == a[j]) return false;
        return true;
    }

    /** The dot product of two rows of {@code stride} floats (a whole number of vectors). */
    private static float rowDot(float[] a, int ao, float[] b, int bo, int stride) {
        FloatVector acc = FloatVector.zero(F);
        for (int i = 0; i < stride; i += L)
            acc = FloatVector.fromArray(F, a, ao + i).fma(FloatVector.fromArray(F, b, bo + i), acc);
        for (VectorShuffle<Float> fold : FOLDS) acc = acc.add(acc.rearrange(fold));
        return acc.lane(0);
    }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0, ub = F.loopBound(n);
        for (; i < ub; i += L)
            acc = FloatVector.fromArray(F, a, ao + i).fma(FloatVector.fromArray(F, b, bo + i), acc);
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            acc = FloatVector.fromArray(F, a, ao + i, m).fma(FloatVector.fromArray(F, b, bo + i, m), acc);
        }
        for (VectorShuffle<Float> fold : FOLDS) acc = acc.add(acc.rearrange(fold));
        return acc.lane(0);
    }
}
