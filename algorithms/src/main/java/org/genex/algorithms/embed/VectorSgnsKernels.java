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
 * L/2, L/4, .., 1, as the tensor kernels do) rather than {@code reduceLanes}, whose order may change when C2
 * compiles the loop: so a single-threaded run gives the same bits every time.
 */
final class VectorSgnsKernels implements SgnsKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final VectorShuffle<Float>[] FOLDS = folds();

    @SuppressWarnings("unchecked")
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
     * (their latency chains overlap), then the updates. Same operations on the same values as the sequential
     * order: the same bits. The scores go through {@code scores}.
     */
    private static void trainPairTwoVectors(float[] syn0, int in, float[] syn1, int[] targets, int from, int n,
                                            float alpha, float[] scores) {
        FloatVector v0 = FloatVector.fromArray(F, syn0, in), v1 = FloatVector.fromArray(F, syn0, in + L);
        for (int d = 0; d < n; d++) {
            int out = targets[from + d] * 2 * L;
            FloatVector acc = v1.fma(FloatVector.fromArray(F, syn1, out + L),
                    v0.fma(FloatVector.fromArray(F, syn1, out), FloatVector.zero(F)));
            for (VectorShuffle<Float> fold : FOLDS) acc = acc.add(acc.rearrange(fold));
            scores[d] = acc.lane(0);
        }
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
