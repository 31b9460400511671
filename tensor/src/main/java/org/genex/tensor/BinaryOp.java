package org.genex.tensor;

/**
 * The elementwise binary primitives, applied with NumPy broadcasting. {@link #apply(float, float)} is the reference
 * definition the kernels are tested against. MAX and MIN propagate NaN, as {@link Math#max(float, float)} and
 * PyTorch's {@code maximum} do.
 */
public enum BinaryOp {
    ADD { public float apply(float a, float b) { return a + b; } },
    SUB { public float apply(float a, float b) { return a - b; } },
    MUL { public float apply(float a, float b) { return a * b; } },
    DIV { public float apply(float a, float b) { return a / b; } },
    /** a^b, as {@link Math#pow(double, double)} rounded to float. */
    POW { public float apply(float a, float b) { return (float) Math.pow(a, b); } },
    MAX { public float apply(float a, float b) { return Math.max(a, b); } },
    MIN { public float apply(float a, float b) { return Math.min(a, b); } };

    public abstract float apply(float a, float b);
}
