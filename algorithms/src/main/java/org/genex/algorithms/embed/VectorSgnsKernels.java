package org.genex.algorithms.embed;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
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
                          float[] work, int stride) {
        if (stride == 2 * L) {
            if (n <= work.length && distinct(targets, from, n))
                trainPairTwoVectors(syn0, in, syn1, targets, from, n, alpha, work);
            else trainPairInRegisters(syn0, in, syn1, targets, from, n, alpha);
            return;
        }
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < stride; i += L) zero.intoArray(work, i);
        for (int d = 0; d < n; d++) {
            int out = targets[from + d] * stride;
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
                            float alpha, float[] work, int stride) {
        if (stride == 2 * L) {
            trainWindowTwoVectors(syn0, contexts, c, syn1, targets, from, n, alpha, work);
            return;
        }
        int gAt = c * stride; // work: [c, stride] input updates, then [c, n] coefficients G
        for (int j = 0; j < c; j++) {
            int in = contexts[j] * stride, w = j * stride, g = gAt + j * n;
            for (int d = 0; d < n; d++) {
                float f = rowDot(syn0, in, syn1, targets[from + d] * stride, stride);
                work[g + d] = f <= -MAX_EXP || f >= MAX_EXP ? 0f : ((d == 0 ? 1f : 0f) - Sigmoid.of(f)) * alpha;
            }
            for (int i = 0; i < stride; i += L) {
                FloatVector acc = FloatVector.zero(F);
                for (int d = 0; d < n; d++) {
                    float gd = work[g + d];
                    if (gd == 0f) continue;
                    acc = FloatVector.fromArray(F, syn1, targets[from + d] * stride + i)
                            .fma(FloatVector.broadcast(F, gd), acc);
                }
                acc.intoArray(work, w + i);
            }
        }
        for (int d = 0; d < n; d++) { // syn0 is unchanged so far: the input rows before the block
            int out = targets[from + d] * stride;
            for (int i = 0; i < stride; i += L) {
                FloatVector t = FloatVector.fromArray(F, syn1, out + i);
                for (int j = 0; j < c; j++) {
                    float gd = work[gAt + j * n + d];
                    if (gd == 0f) continue;
                    t = FloatVector.fromArray(F, syn0, contexts[j] * stride + i).fma(FloatVector.broadcast(F, gd), t);
                }
                t.intoArray(syn1, out + i);
            }
        }
        for (int j = 0; j < c; j++) {
            int in = contexts[j] * stride, w = j * stride;
            for (int i = 0; i < stride; i += L)
                FloatVector.fromArray(F, syn0, in + i).add(FloatVector.fromArray(F, work, w + i))
                        .intoArray(syn0, in + i);
        }
    }

    /**
     * {@link #trainWindow} for rows of two vectors, each row's two vectors held in registers while it is updated;
     * the scores come from {@link #scores} (two dot products folded together), so the bits differ from the general
     * loop's in the last place, not from run to run.
     */
    private static void trainWindowTwoVectors(float[] syn0, int[] contexts, int c, float[] syn1, int[] targets,
                                              int from, int n, float alpha, float[] work) {
        int gAt = c * 2 * L;
        for (int j = 0; j < c; j++) {
            int in = contexts[j] * 2 * L, g = gAt + j * n;
            scores(syn0, in, syn1, targets, from, n, work, g);
            for (int d = 0; d < n; d++) {
                float f = work[g + d];
                work[g + d] = f <= -MAX_EXP || f >= MAX_EXP ? 0f : ((d == 0 ? 1f : 0f) - Sigmoid.of(f)) * alpha;
            }
            FloatVector w0 = FloatVector.zero(F), w1 = w0;
            for (int d = 0; d < n; d++) {
                float gd = work[g + d];
                if (gd == 0f) continue;
                int out = targets[from + d] * 2 * L;
                FloatVector gv = FloatVector.broadcast(F, gd);
                w0 = FloatVector.fromArray(F, syn1, out).fma(gv, w0);
                w1 = FloatVector.fromArray(F, syn1, out + L).fma(gv, w1);
            }
            w0.intoArray(work, j * 2 * L);
            w1.intoArray(work, j * 2 * L + L);
        }
        for (int d = 0; d < n; d++) {
            int out = targets[from + d] * 2 * L;
            FloatVector t0 = FloatVector.fromArray(F, syn1, out), t1 = FloatVector.fromArray(F, syn1, out + L);
            for (int j = 0; j < c; j++) {
                float gd = work[gAt + j * n + d];
                if (gd == 0f) continue;
                int in = contexts[j] * 2 * L;
                FloatVector gv = FloatVector.broadcast(F, gd);
                t0 = FloatVector.fromArray(F, syn0, in).fma(gv, t0);
                t1 = FloatVector.fromArray(F, syn0, in + L).fma(gv, t1);
            }
            t0.intoArray(syn1, out);
            t1.intoArray(syn1, out + L);
        }
        for (int j = 0; j < c; j++) {
            int in = contexts[j] * 2 * L, w = j * 2 * L;
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
                                             float alpha) {
        FloatVector v0 = FloatVector.fromArray(F, syn0, in), v1 = FloatVector.fromArray(F, syn0, in + L);
        FloatVector w0 = FloatVector.zero(F), w1 = w0;
        for (int d = 0; d < n; d++) {
            int out = targets[from + d] * 2 * L;
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
                                            float alpha, float[] scores) {
        scores(syn0, in, syn1, targets, from, n, scores, 0);
        FloatVector v0 = FloatVector.fromArray(F, syn0, in), v1 = FloatVector.fromArray(F, syn0, in + L);
        FloatVector w0 = FloatVector.zero(F), w1 = w0;
        for (int d = 0; d < n; d++) {
            float f = scores[d];
            if (f <= -MAX_EXP || f >= MAX_EXP) continue;
            int out = targets[from + d] * 2 * L;
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
                               int at) {
        FloatVector v0 = FloatVector.fromArray(F, syn0, in), v1 = FloatVector.fromArray(F, syn0, in + L);
        int d = 0;
        for (; d + 1 < n; d += 2) {
            int oa = targets[from + d] * 2 * L, ob = targets[from + d + 1] * 2 * L;
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
            int out = targets[from + d] * 2 * L;
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
