package org.genex.algorithms.bayes;

import org.genex.tensor.cpu.Simd;

/**
 * The hot loop of the MMD: the sum of a kernel over one row of a block of the pooled pairs,
 * &Sigma;<sub>j in [from, to)</sub> k(z<sub>i</sub>, z<sub>j</sub>), with the points stored column-major
 * ({@code zc[k * n + j]} is coordinate k of point j) so that consecutive j load contiguously. Two paths behind one
 * switch, as in the tensor kernels: {@link ScalarKernelSums} and {@link VectorKernelSums} (the JDK Vector API, with
 * its vectorised exp), the latter loaded only when {@link Simd#ENABLED}.
 */
interface KernelSums {
    /** The path chosen for this JVM ({@code -Dgenex.simd=false} forces the scalar one). */
    KernelSums DEFAULT = create(Simd.ENABLED);

    /** The vector path ({@code simd}) or the scalar path. */
    static KernelSums create(boolean simd) {
        if (simd && !Simd.AVAILABLE)
            throw new IllegalStateException("the vector kernels need the JVM flag --add-modules jdk.incubator.vector");
        return simd ? new VectorKernelSums() : new ScalarKernelSums();
    }

    /**
     * &Sigma;<sub>j in [from, to)</sub> k(z<sub>i</sub>, z<sub>j</sub>) over n column-major points of dimension d:
     * RBF exp(c r&sup2;) with c = &minus;1/(2&ell;&sup2;), or IMQ 1/&radic;(c + r&sup2;) with c = &ell;&sup2;/4.
     */
    double rowSum(double[] zc, int n, int d, int i, int from, int to, double c, boolean rbf);

    /** out[o + (j - i - 1)] = r&sup2;(z<sub>i</sub>, z<sub>j</sub>) for j in (i, n), points column-major of dimension d. */
    void rowDistances(double[] zc, int n, int d, int i, double[] out, int o);

    /** &Sigma;<sub>p in [from, to)</sub> k(r&sup2;<sub>p</sub>) over stored squared distances (c as in {@link #rowSum}). */
    double sumKernel(double[] r2, int from, int to, double c, boolean rbf);
}
