package org.genex.algorithms.embed;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SGNS loops on the Vector API: dot products and axpys over the vector size with the platform's preferred float
 * species (the species {@code org.genex.tensor.cpu.Species.F} names, which that package keeps private), full vectors
 * then one masked vector for the rest. Dot products add the lanes in a fixed pairwise order (rotations by L/2, L/4,
 * .., 1, as the tensor kernels do) rather than {@code reduceLanes}, whose order may change when C2 compiles the
 * loop: so a single-threaded run gives the same bits every time.
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
    public void trainPair(float[] syn0, int in, float[] syn1, int[] targets, int n, float alpha, float[] work,
                          int dim) {
        zero(work, dim);
        for (int d = 0; d < n; d++) {
            int out = targets[d] * dim;
            float f = dot(syn0, in, syn1, out, dim);
            if (f <= -MAX_EXP || f >= MAX_EXP) continue;
            float g = ((d == 0 ? 1f : 0f) - SgnsKernels.sigmoid(f)) * alpha;
            axpy(g, syn1, out, work, 0, dim);
            axpy(g, syn0, in, syn1, out, dim);
        }
        axpy(1f, work, 0, syn0, in, dim);
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

    /** {@code y[yo+i] += g * x[xo+i]} for {@code i < n}. */
    private static void axpy(float g, float[] x, int xo, float[] y, int yo, int n) {
        FloatVector gv = FloatVector.broadcast(F, g);
        int i = 0, ub = F.loopBound(n);
        for (; i < ub; i += L)
            FloatVector.fromArray(F, x, xo + i).fma(gv, FloatVector.fromArray(F, y, yo + i)).intoArray(y, yo + i);
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector.fromArray(F, x, xo + i, m).fma(gv, FloatVector.fromArray(F, y, yo + i, m))
                    .intoArray(y, yo + i, m);
        }
    }

    private static void zero(float[] a, int n) {
        FloatVector z = FloatVector.zero(F);
        int i = 0, ub = F.loopBound(n);
        for (; i < ub; i += L) z.intoArray(a, i);
        if (i < n) z.intoArray(a, i, F.indexInRange(i, n));
    }
}
