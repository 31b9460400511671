package org.genex.algorithms.bayes.causal;

/** Test access to package-private helpers of the causal package. */
public final class CausalTestAccess {
    private CausalTestAccess() {}

    /** {@link CausalLinearModel#studentCdf}. */
    public static double studentCdf(double t, double dof) { return CausalLinearModel.studentCdf(t, dof); }
}
