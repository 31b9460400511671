package org.genex.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** The float species every vector kernel uses: the platform's preferred (widest) shape. Vector path only. */
final class Species {
    private Species() {}

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /**
     * Rotations of a vector's lanes by L/2, L/4, .., 1. Adding each in turn, {@code v = v.add(v.rearrange(f))},
     * leaves in lane 0 the sum of the lanes in {@link VectorMath#sumLanes}'s fixed pairwise order (lane i + L/2
     * into lane i, and so on), in registers and as fast as {@code reduceLanes(ADD)}, whose order is unspecified
     * and can change once C2 compiles the loop. Write the loop at the call site: no project method passes vectors.
     */
    static final VectorShuffle<Float>[] FOLDS = folds();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds() {
        VectorShuffle<Float>[] f = new VectorShuffle[Integer.numberOfTrailingZeros(F.length())];
        for (int l = 0, w = F.length() / 2; l < f.length; l++, w /= 2) f[l] = VectorShuffle.iota(F, w, 1, true);
        return f;
    }

    static String describe() {
        return "FloatVector " + F.vectorBitSize() + " bits (" + F.length() + " lanes)";
    }
}
