package org.genex.tensor;

/** Elementwise comparisons, with broadcasting; the result is 1 where true and 0 where false (a float mask). */
public enum CompareOp {
    EQ { public boolean test(float a, float b) { return a == b; } },
    NE { public boolean test(float a, float b) { return a != b; } },
    LT { public boolean test(float a, float b) { return a < b; } },
    LE { public boolean test(float a, float b) { return a <= b; } },
    GT { public boolean test(float a, float b) { return a > b; } },
    GE { public boolean test(float a, float b) { return a >= b; } };

    public abstract boolean test(float a, float b);
}
