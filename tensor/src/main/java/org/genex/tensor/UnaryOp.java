package org.genex.tensor;

import static org.genex.tensor.SpecialMath.*;

/**
 * The elementwise unary primitives. Each constant defines its value {@link #apply(double)} and its derivative
 * {@link #derivative(double, double)} in double precision: these are the reference definitions that the scalar
 * kernels evaluate (rounded to float) and that the vector kernels are tested against.
 */
public enum UnaryOp {
    NEG { public double apply(double x) { return -x; } public double derivative(double x, double y) { return -1; } },
    ABS { public double apply(double x) { return Math.abs(x); } public double derivative(double x, double y) { return Math.signum(x); } },
    /** -1, 0 or 1 (NaN stays NaN); its derivative is 0 everywhere. */
    SIGN { public double apply(double x) { return Math.signum(x); } public double derivative(double x, double y) { return 0; } },
    SQUARE { public double apply(double x) { return x * x; } public double derivative(double x, double y) { return 2 * x; } },
    SQRT { public double apply(double x) { return Math.sqrt(x); } public double derivative(double x, double y) { return 0.5 / y; } },
    RSQRT { public double apply(double x) { return 1 / Math.sqrt(x); } public double derivative(double x, double y) { return -0.5 * y * y * y; } },
    RECIPROCAL { public double apply(double x) { return 1 / x; } public double derivative(double x, double y) { return -y * y; } },
    EXP { public double apply(double x) { return Math.exp(x); } public double derivative(double x, double y) { return y; } },
    EXPM1 { public double apply(double x) { return Math.expm1(x); } public double derivative(double x, double y) { return y + 1; } },
    LOG { public double apply(double x) { return Math.log(x); } public double derivative(double x, double y) { return 1 / x; } },
    LOG1P { public double apply(double x) { return Math.log1p(x); } public double derivative(double x, double y) { return 1 / (1 + x); } },
    SIN { public double apply(double x) { return Math.sin(x); } public double derivative(double x, double y) { return Math.cos(x); } },
    COS { public double apply(double x) { return Math.cos(x); } public double derivative(double x, double y) { return -Math.sin(x); } },
    TANH { public double apply(double x) { return Math.tanh(x); } public double derivative(double x, double y) { return 1 - y * y; } },
    SIGMOID { public double apply(double x) { return sigmoid(x); } public double derivative(double x, double y) { return y * (1 - y); } },
    /** max(x, 0); the derivative at 0 is 0, as in PyTorch. */
    RELU { public double apply(double x) { return x > 0 ? x : (x == x ? 0 : x); } public double derivative(double x, double y) { return x > 0 ? 1 : 0; } },
    /** log(1 + exp(x)) (PyTorch's softplus with beta 1, without its linear threshold). */
    SOFTPLUS { public double apply(double x) { return softplus(x); } public double derivative(double x, double y) { return sigmoid(x); } },
    /** x * sigmoid(x), also called swish. */
    SILU {
        public double apply(double x) { return x * sigmoid(x); }
        public double derivative(double x, double y) { double s = sigmoid(x); return s * (1 + x * (1 - s)); }
    },
    /** The exact GELU, x * Phi(x) (PyTorch's {@code approximate='none'}). */
    GELU {
        public double apply(double x) { return x * normalCdf(x); }
        public double derivative(double x, double y) { return normalCdf(x) + x * normalPdf(x); }
    },
    /** The tanh GELU, 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) (PyTorch's {@code approximate='tanh'}). */
    GELU_TANH {
        public double apply(double x) { return 0.5 * x * (1 + Math.tanh(K0 * (x + K1 * x * x * x))); }
        public double derivative(double x, double y) {
            double t = Math.tanh(K0 * (x + K1 * x * x * x));
            return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K0 * (1 + 3 * K1 * x * x);
        }
    },
    ERF { public double apply(double x) { return erf(x); } public double derivative(double x, double y) { return 1.1283791670955126 * Math.exp(-x * x); } },
    FLOOR { public double apply(double x) { return Math.floor(x); } public double derivative(double x, double y) { return 0; } },
    CEIL { public double apply(double x) { return Math.ceil(x); } public double derivative(double x, double y) { return 0; } },
    /**
     * log |Gamma(x)| ({@code torch.lgamma}): +inf at 0 and the negative integers; its derivative is the digamma
     * function (-inf at +0, NaN at the negative integers). For likelihoods of counts (negative binomial, Poisson).
     */
    LGAMMA { public double apply(double x) { return lgamma(x); } public double derivative(double x, double y) { return digamma(x); } };

    static final double K0 = 0.7978845608028654; // sqrt(2 / pi)
    static final double K1 = 0.044715;

    /** y = f(x), in double precision. */
    public abstract double apply(double x);

    /** dy/dx at x, given y = f(x) (some rules are cheaper in terms of y). */
    public abstract double derivative(double x, double y);
}
