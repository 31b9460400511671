package org.genex.tensor.cpu;

import static org.genex.tensor.cpu.Species.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** The vector path of {@link OptimizerKernels}: the same operations as the scalar loop, lane by lane. */
final class VectorOptimizer {
    private VectorOptimizer() {}

    static void adam(OptimizerKernels.Adam a, float[] p, int po, float[] g, int go, float[] m, int mo, float[] v,
                     int vo, int n) {
        int l = F.length(), i = 0;
        float b1 = a.beta1(), b2 = a.beta2(), c1 = 1f - b1, c2 = 1f - b2;
        float decay = a.decay(), l2 = a.l2(), step = a.stepSize(), rbc2 = a.rbc2Sqrt(), eps = a.eps();
        for (int upper = F.loopBound(n); i < upper; i += l) {
            FloatVector pi = FloatVector.fromArray(F, p, po + i).mul(decay);
            FloatVector gi = FloatVector.fromArray(F, g, go + i).add(pi.mul(l2));
            FloatVector mi = FloatVector.fromArray(F, m, mo + i).mul(b1).add(gi.mul(c1));
            FloatVector vi = FloatVector.fromArray(F, v, vo + i).mul(b2).add(gi.mul(gi).mul(c2));
            mi.intoArray(m, mo + i);
            vi.intoArray(v, vo + i);
            FloatVector denom = vi.lanewise(VectorOperators.SQRT).mul(rbc2).add(eps);
            pi.sub(mi.div(denom).mul(step)).intoArray(p, po + i);
        }
        OptimizerKernels.scalarAdam(a, p, po + i, g, go + i, m, mo + i, v, vo + i, n - i);
    }
}
