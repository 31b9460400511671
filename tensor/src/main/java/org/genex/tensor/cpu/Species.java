package org.genex.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The float species every vector kernel uses: the platform's preferred (widest) shape. Vector path only. */
final class Species {
    private Species() {}

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    static String describe() {
        return "FloatVector " + F.vectorBitSize() + " bits (" + F.length() + " lanes)";
    }
}
