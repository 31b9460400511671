package org.genex.tensor.cpu;

import static org.genex.tensor.cpu.Species.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.genex.tensor.BinaryOp;
import org.genex.tensor.CompareOp;
import org.genex.tensor.UnaryOp;

/**
 * The Vector API elementwise loops: one small static method per op (and variant), a counted loop over
 * {@code F.loopBound(n)} elements with the operator written at its call site, and switches that only dispatch.
 *
 * <p>Two rules keep C2 from boxing vectors (see {@link VectorMath} for why): no method here takes or returns a
 * vector (loops call only the Vector API, and {@link VectorMath}'s array functions), and every op has its own small
 * method, since C2 compiles a method with every switch case that has run and a large one exhausts its inlining
 * budget (a RELU loop was seen 50x slower inside a big switch that other ops had used than on its own).
 *
 * <p>The remaining {@code n % L} elements: exact ops (add, mul, max, compare, where, clamp ...) finish with scalar
 * code, which gives the same bits. The transcendental unary ops and their derivatives instead run the same vector
 * code on a small buffer holding the tail, so an element's value never depends on where a run or chunk ends.
 *
 * <p>Transcendental functions come from {@link VectorMath} (exact IEEE operations only, within 3 ulp), not from
 * the Vector API's EXP, LOG, TANH, SIN ... operators, whose results change with JIT warm-up; erf and the exact GELU
 * use its approximations (about 2e-7 absolute). Compound ops (SILU, SOFTPLUS, GELU ...) run in tiles of
 * {@link VectorMath#TILE} through scratch rows allocated once per call. POW is computed in double with
 * {@link Math#pow}, as its definition, on both paths; LGAMMA and its derivative (not hot: count likelihoods) run
 * lane by lane through their double definitions, so both paths give the same bits.
 */
final class VectorElementwiseKernels implements ElementwiseKernels {
    private static final int L = F.length();
    private static final int TILE = VectorMath.TILE;
    private static final float K0 = 0.7978845608028654f;      // sqrt(2 / pi)
    private static final float K1 = 0.044715f;
    private static final float INV_SQRT_2PI = 0.3989422804014327f;
    private static final float TWO_OVER_SQRT_PI = 1.1283791670955126f;

    /** A scratch row for the tiles of a compound op over n elements. */
    private static float[] scratch(int n) { return new float[Math.min(n, TILE)]; }

    // --------------------------------------------------------------------------------------------------- unary

    @Override
    public void unary(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        int ub = F.loopBound(n);
        if (ub > 0) unaryFull(op, x, xo, out, oo, ub);
        int rem = n - ub;
        if (rem > 0) {
            float[] t = new float[L];
            System.arraycopy(x, xo + ub, t, 0, rem);
            unaryFull(op, t, 0, t, 0, L);
            System.arraycopy(t, 0, out, oo + ub, rem);
        }
    }

    /** {@link #unary} for {@code n} a multiple of the vector length. */
    private static void unaryFull(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        switch (op) {
            case NEG -> negLoop(x, xo, out, oo, n);
            case ABS -> absLoop(x, xo, out, oo, n);
            case SIGN -> signLoop(x, xo, out, oo, n);
            case SQUARE -> squareLoop(x, xo, out, oo, n);
            case SQRT -> sqrtLoop(x, xo, out, oo, n);
            case RSQRT -> rsqrtLoop(x, xo, out, oo, n);
            case RECIPROCAL -> reciprocalLoop(x, xo, out, oo, n);
            case EXP -> VectorMath.exp(x, xo, out, oo, n);
            case EXPM1 -> VectorMath.expm1(x, xo, out, oo, n);
            case LOG -> VectorMath.log(x, xo, out, oo, n);
            case LOG1P -> VectorMath.log1p(x, xo, out, oo, n, scratch(n));
            case SIN -> VectorMath.sin(x, xo, out, oo, n);
            case COS -> VectorMath.cos(x, xo, out, oo, n);
            case TANH -> VectorMath.tanh(x, xo, out, oo, n, scratch(n));
            case SIGMOID -> VectorMath.sigmoid(x, xo, out, oo, n);
            case RELU -> reluLoop(x, xo, out, oo, n);
            case SOFTPLUS -> softplus(x, xo, out, oo, n);
            case SILU -> silu(x, xo, out, oo, n);
            case GELU -> gelu(x, xo, out, oo, n);
            case GELU_TANH -> geluTanh(x, xo, out, oo, n);
            case ERF -> VectorMath.erf(x, xo, out, oo, n, scratch(n), scratch(n));
            case FLOOR -> VectorMath.floor(x, xo, out, oo, n);
            case CEIL -> VectorMath.ceil(x, xo, out, oo, n);
            case LGAMMA -> definitionLoop(op, x, xo, out, oo, n);
        }
    }

    /**
     * The op's double definition, lane by lane (as the scalar path): for the ops that are not hot (LGAMMA), where a
     * vector approximation would not pay for its code.
     */
    private static void definitionLoop(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = (float) op.apply(x[xo + i]);
    }

    private static void negLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(F, x, xo + i).neg().intoArray(out, oo + i);
    }

    private static void absLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(F, x, xo + i).abs().intoArray(out, oo + i);
    }

    /** -1, 0 or 1 as {@link Math#signum}: zeros and NaN stay as they are. */
    private static void signLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f))
                    .intoArray(out, oo + i);
        }
    }

    private static void squareLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.mul(v).intoArray(out, oo + i);
        }
    }

    private static void sqrtLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(F, x, xo + i).sqrt().intoArray(out, oo + i);
    }

    private static void rsqrtLoop(float[] x, int xo, float[] out, int oo, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += L) one.div(FloatVector.fromArray(F, x, xo + i).sqrt()).intoArray(out, oo + i);
    }

    private static void reciprocalLoop(float[] x, int xo, float[] out, int oo, int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += L) one.div(FloatVector.fromArray(F, x, xo + i)).intoArray(out, oo + i);
    }

    /** max(x, 0) with NaN kept and -0 made 0, as the definition. */
    private static void reluLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(out, oo + i);
        }
    }

    // Compound ops, tile by tile: VectorMath stages into scratch rows, then a flat loop that combines them with x.
    // (out may be x itself: each tile reads x before it writes out.)

    /** max(x, 0) + log1p(exp(-|x|)). */
    private static void softplus(float[] x, int xo, float[] out, int oo, int n) {
        float[] t = scratch(n), u = scratch(n);
        for (int s = 0; s < n; s += TILE) {
            int m = Math.min(TILE, n - s);
            VectorMath.scaledAbs(x, xo + s, -1f, t, m);
            VectorMath.exp(t, 0, t, 0, m);
            VectorMath.log1p(t, 0, t, 0, m, u);
            for (int i = 0; i < m; i += L)
                FloatVector.fromArray(F, x, xo + s + i).max(0f).add(FloatVector.fromArray(F, t, i)).intoArray(out, oo + s + i);
        }
    }

    /** x sigmoid(x). */
    private static void silu(float[] x, int xo, float[] out, int oo, int n) {
        float[] t = scratch(n);
        for (int s = 0; s < n; s += TILE) {
            int m = Math.min(TILE, n - s);
            VectorMath.sigmoid(x, xo + s, t, 0, m);
            mulInto(x, xo + s, t, out, oo + s, m);
        }
    }

    /** x Phi(x). */
    private static void gelu(float[] x, int xo, float[] out, int oo, int n) {
        float[] t = scratch(n), u = scratch(n), w = scratch(n);
        for (int s = 0; s < n; s += TILE) {
            int m = Math.min(TILE, n - s);
            VectorMath.normalCdf(x, xo + s, t, 0, m, u, w);
            mulInto(x, xo + s, t, out, oo + s, m);
        }
    }

    /** {@code out = x * t} over one tile. */
    private static void mulInto(float[] x, int xo, float[] t, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L)
            FloatVector.fromArray(F, x, xo + i).mul(FloatVector.fromArray(F, t, i)).intoArray(out, oo + i);
    }

    /** 0.5 x (1 + tanh(K0 (x + K1 x^3))). */
    private static void geluTanh(float[] x, int xo, float[] out, int oo, int n) {
        float[] t = scratch(n), u = scratch(n);
        for (int s = 0; s < n; s += TILE) {
            int m = Math.min(TILE, n - s);
            geluTanhArgument(x, xo + s, t, m);
            VectorMath.tanh(t, 0, t, 0, m, u);
            for (int i = 0; i < m; i += L) {
                FloatVector v = FloatVector.fromArray(F, x, xo + s + i);
                FloatVector.fromArray(F, t, i).add(1f).mul(v).mul(0.5f).intoArray(out, oo + s + i);
            }
        }
    }

    /** {@code t = K0 (x + K1 x^3)}, the argument of tanh in the tanh GELU. */
    private static void geluTanhArgument(float[] x, int xo, float[] t, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.mul(v).mul(K1).add(1f).mul(v).mul(K0).intoArray(t, i);
        }
    }

    @Override
    public void unaryBackward(UnaryOp op, float[] x, int xo, float[] y, int yo, float[] gy, int go,
                              float[] gx, int gxo, int n) {
        int ub = F.loopBound(n);
        if (ub > 0) backwardFull(op, x, xo, y, yo, gy, go, gx, gxo, ub);
        int rem = n - ub;
        if (rem > 0) { // the tail through a buffer [x | y | gy | gx], one vector each
            float[] t = new float[4 * L];
            System.arraycopy(x, xo + ub, t, 0, rem);
            System.arraycopy(y, yo + ub, t, L, rem);
            System.arraycopy(gy, go + ub, t, 2 * L, rem);
            backwardFull(op, t, 0, t, L, t, 2 * L, t, 3 * L, L);
            System.arraycopy(t, 3 * L, gx, gxo + ub, rem);
        }
    }

    /** {@link #unaryBackward} for {@code n} a multiple of the vector length: gx = gy * f'(x, y). */
    private static void backwardFull(UnaryOp op, float[] x, int xo, float[] y, int yo, float[] gy, int go,
                                     float[] gx, int gxo, int n) {
        switch (op) {
            case NEG -> negLoop(gy, go, gx, gxo, n);
            case ABS -> absBackwardLoop(x, xo, gy, go, gx, gxo, n);
            case SIGN, FLOOR, CEIL -> zeroBackwardLoop(gy, go, gx, gxo, n);
            case SQUARE -> squareBackwardLoop(x, xo, gy, go, gx, gxo, n);
            case SQRT -> sqrtBackwardLoop(y, yo, gy, go, gx, gxo, n);
            case RSQRT -> rsqrtBackwardLoop(y, yo, gy, go, gx, gxo, n);
            case RECIPROCAL -> reciprocalBackwardLoop(y, yo, gy, go, gx, gxo, n);
            case EXP -> expBackwardLoop(y, yo, gy, go, gx, gxo, n);
            case EXPM1 -> expm1BackwardLoop(y, yo, gy, go, gx, gxo, n);
            case LOG -> logBackwardLoop(x, xo, gy, go, gx, gxo, n);
            case LOG1P -> log1pBackwardLoop(x, xo, gy, go, gx, gxo, n);
            case SIN -> trigBackward(false, x, xo, gy, go, gx, gxo, n);
            case COS -> trigBackward(true, x, xo, gy, go, gx, gxo, n);
            case TANH -> tanhBackwardLoop(y, yo, gy, go, gx, gxo, n);
            case SIGMOID -> sigmoidBackwardLoop(y, yo, gy, go, gx, gxo, n);
            case RELU -> reluBackwardLoop(x, xo, gy, go, gx, gxo, n);
            case SOFTPLUS -> softplusBackward(x, xo, gy, go, gx, gxo, n);
            case SILU -> siluBackward(x, xo, gy, go, gx, gxo, n);
            case GELU -> geluBackward(x, xo, gy, go, gx, gxo, n);
            case GELU_TANH -> geluTanhBackward(x, xo, gy, go, gx, gxo, n);
            case ERF -> erfBackward(x, xo, gy, go, gx, gxo, n);
            case LGAMMA -> definitionBackwardLoop(op, x, xo, y, yo, gy, go, gx, gxo, n);
        }
    }

    /** gy times the op's double derivative, lane by lane (as the scalar path): see {@link #definitionLoop}. */
    private static void definitionBackwardLoop(UnaryOp op, float[] x, int xo, float[] y, int yo, float[] gy, int go,
                                               float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i++) gx[gxo + i] = (float) (gy[go + i] * op.derivative(x[xo + i], y[yo + i]));
    }

    // Each takes the input it needs (x or y), gy, and writes gx.

    private static void absBackwardLoop(float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            FloatVector s = v.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f));
            FloatVector.fromArray(F, gy, go + i).mul(s).intoArray(gx, gxo + i);
        }
    }

    /** gy * 0: zero, or NaN where gy is not finite, as in the definition. */
    private static void zeroBackwardLoop(float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(F, gy, go + i).mul(0f).intoArray(gx, gxo + i);
    }

    private static void squareBackwardLoop(float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            FloatVector.fromArray(F, gy, go + i).mul(v.add(v)).intoArray(gx, gxo + i);
        }
    }

    private static void sqrtBackwardLoop(float[] y, int yo, float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L)
            FloatVector.fromArray(F, gy, go + i).mul(0.5f).div(FloatVector.fromArray(F, y, yo + i)).intoArray(gx, gxo + i);
    }

    private static void rsqrtBackwardLoop(float[] y, int yo, float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, y, yo + i);
            FloatVector.fromArray(F, gy, go + i).mul(v.mul(v).mul(v).mul(-0.5f)).intoArray(gx, gxo + i);
        }
    }

    private static void reciprocalBackwardLoop(float[] y, int yo, float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, y, yo + i);
            FloatVector.fromArray(F, gy, go + i).mul(v.mul(v).neg()).intoArray(gx, gxo + i);
        }
    }

    private static void expBackwardLoop(float[] y, int yo, float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L)
            FloatVector.fromArray(F, gy, go + i).mul(FloatVector.fromArray(F, y, yo + i)).intoArray(gx, gxo + i);
    }

    private static void expm1BackwardLoop(float[] y, int yo, float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L)
            FloatVector.fromArray(F, gy, go + i).mul(FloatVector.fromArray(F, y, yo + i).add(1f)).intoArray(gx, gxo + i);
    }

    private static void logBackwardLoop(float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L)
            FloatVector.fromArray(F, gy, go + i).div(FloatVector.fromArray(F, x, xo + i)).intoArray(gx, gxo + i);
    }

    private static void log1pBackwardLoop(float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L)
            FloatVector.fromArray(F, gy, go + i).div(FloatVector.fromArray(F, x, xo + i).add(1f)).intoArray(gx, gxo + i);
    }

    private static void tanhBackwardLoop(float[] y, int yo, float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, y, yo + i);
            FloatVector.fromArray(F, gy, go + i).mul(v.mul(v).neg().add(1f)).intoArray(gx, gxo + i);
        }
    }

    private static void sigmoidBackwardLoop(float[] y, int yo, float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, y, yo + i);
            FloatVector.fromArray(F, gy, go + i).mul(v.mul(v.neg().add(1f))).intoArray(gx, gxo + i);
        }
    }

    private static void reluBackwardLoop(float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int n) {
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) {
            FloatVector d = zero.blend(1f, FloatVector.fromArray(F, x, xo + i).compare(VectorOperators.GT, 0f));
            FloatVector.fromArray(F, gy, go + i).mul(d).intoArray(gx, gxo + i);
        }
    }

    /** sin' = cos, cos' = -sin: the other function into a tile, then gy times it (negated for cos). */
    private static void trigBackward(boolean negSin, float[] x, int xo, float[] gy, int go, float[] gx, int gxo,
                                     int n) {
        float[] t = scratch(n);
        float sign = negSin ? -1f : 1f;
        for (int s = 0; s < n; s += TILE) {
            int m = Math.min(TILE, n - s);
            if (negSin) VectorMath.sin(x, xo + s, t, 0, m);
            else VectorMath.cos(x, xo + s, t, 0, m);
            for (int i = 0; i < m; i += L)
                FloatVector.fromArray(F, gy, go + s + i).mul(FloatVector.fromArray(F, t, i).mul(sign)).intoArray(gx, gxo + s + i);
        }
    }

    /** softplus' = sigmoid. */
    private static void softplusBackward(float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int n) {
        float[] t = scratch(n);
        for (int s = 0; s < n; s += TILE) {
            int m = Math.min(TILE, n - s);
            VectorMath.sigmoid(x, xo + s, t, 0, m);
            mulInto(gy, go + s, t, gx, gxo + s, m);
        }
    }

    /** silu' = s (1 + x (1 - s)), s = sigmoid(x). */
    private static void siluBackward(float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int n) {
        float[] t = scratch(n);
        for (int s = 0; s < n; s += TILE) {
            int m = Math.min(TILE, n - s);
            VectorMath.sigmoid(x, xo + s, t, 0, m);
            for (int i = 0; i < m; i += L) {
                FloatVector v = FloatVector.fromArray(F, x, xo + s + i), sg = FloatVector.fromArray(F, t, i);
                FloatVector d = sg.mul(v.mul(sg.neg().add(1f)).add(1f));
                FloatVector.fromArray(F, gy, go + s + i).mul(d).intoArray(gx, gxo + s + i);
            }
        }
    }

    /** gelu' = Phi(x) + x pdf(x), pdf(x) = exp(-x^2 / 2) / sqrt(2 pi). */
    private static void geluBackward(float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int n) {
        float[] cdf = scratch(n), pdf = scratch(n), u = scratch(n), w = scratch(n);
        for (int s = 0; s < n; s += TILE) {
            int m = Math.min(TILE, n - s);
            VectorMath.normalCdf(x, xo + s, cdf, 0, m, u, w);
            scaledSquare(x, xo + s, -0.5f, pdf, m);
            VectorMath.exp(pdf, 0, pdf, 0, m);
            for (int i = 0; i < m; i += L) {
                FloatVector v = FloatVector.fromArray(F, x, xo + s + i);
                FloatVector d = FloatVector.fromArray(F, pdf, i).mul(INV_SQRT_2PI).mul(v).add(FloatVector.fromArray(F, cdf, i));
                FloatVector.fromArray(F, gy, go + s + i).mul(d).intoArray(gx, gxo + s + i);
            }
        }
    }

    /** {@code t = c x^2}. */
    private static void scaledSquare(float[] x, int xo, float c, float[] t, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            v.mul(v).mul(c).intoArray(t, i);
        }
    }

    /** The tanh GELU's derivative: 0.5 (1 + t) + 0.5 x (1 - t^2) K0 (1 + 3 K1 x^2), t = tanh(K0 (x + K1 x^3)). */
    private static void geluTanhBackward(float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int n) {
        float[] t = scratch(n), u = scratch(n);
        for (int s = 0; s < n; s += TILE) {
            int m = Math.min(TILE, n - s);
            geluTanhArgument(x, xo + s, t, m);
            VectorMath.tanh(t, 0, t, 0, m, u);
            for (int i = 0; i < m; i += L) {
                FloatVector v = FloatVector.fromArray(F, x, xo + s + i), th = FloatVector.fromArray(F, t, i);
                FloatVector inner = v.mul(v).mul(3 * K1).add(1f).mul(K0);
                FloatVector d = th.add(1f).mul(0.5f).add(v.mul(0.5f).mul(th.mul(th).neg().add(1f)).mul(inner));
                FloatVector.fromArray(F, gy, go + s + i).mul(d).intoArray(gx, gxo + s + i);
            }
        }
    }

    /** erf' = 2 / sqrt(pi) exp(-x^2). */
    private static void erfBackward(float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int n) {
        float[] t = scratch(n);
        for (int s = 0; s < n; s += TILE) {
            int m = Math.min(TILE, n - s);
            scaledSquare(x, xo + s, -1f, t, m);
            VectorMath.exp(t, 0, t, 0, m);
            for (int i = 0; i < m; i += L)
                FloatVector.fromArray(F, gy, go + s + i).mul(FloatVector.fromArray(F, t, i).mul(TWO_OVER_SQRT_PI))
                        .intoArray(gx, gxo + s + i);
        }
    }

    // --------------------------------------------------------------------------------------------------- binary

    @Override
    public void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int ub = op == BinaryOp.POW ? 0 : F.loopBound(n);        // POW: in double below, as its definition
        switch (op) {
            case ADD -> addVV(a, ao, b, bo, out, oo, ub);
            case SUB -> subVV(a, ao, b, bo, out, oo, ub);
            case MUL -> mulVV(a, ao, b, bo, out, oo, ub);
            case DIV -> divVV(a, ao, b, bo, out, oo, ub);
            case MAX -> maxVV(a, ao, b, bo, out, oo, ub);
            case MIN -> minVV(a, ao, b, bo, out, oo, ub);
            case POW -> { }
        }
        for (int i = ub; i < n; i++) out[oo + i] = op.apply(a[ao + i], b[bo + i]);
    }

    @Override
    public void binaryScalarRight(BinaryOp op, float[] a, int ao, float s, float[] out, int oo, int n) {
        int ub = op == BinaryOp.POW ? 0 : F.loopBound(n);
        switch (op) {
            case ADD -> addVS(a, ao, s, out, oo, ub);
            case SUB -> subVS(a, ao, s, out, oo, ub);
            case MUL -> mulVS(a, ao, s, out, oo, ub);
            case DIV -> divVS(a, ao, s, out, oo, ub);
            case MAX -> maxVS(a, ao, s, out, oo, ub);
            case MIN -> minVS(a, ao, s, out, oo, ub);
            case POW -> { }
        }
        for (int i = ub; i < n; i++) out[oo + i] = op.apply(a[ao + i], s);
    }

    @Override
    public void binaryScalarLeft(BinaryOp op, float s, float[] b, int bo, float[] out, int oo, int n) {
        int ub = op == BinaryOp.POW ? 0 : F.loopBound(n);
        switch (op) {
            case ADD -> addSV(s, b, bo, out, oo, ub);
            case SUB -> subSV(s, b, bo, out, oo, ub);
            case MUL -> mulSV(s, b, bo, out, oo, ub);
            case DIV -> divSV(s, b, bo, out, oo, ub);
            case MAX -> maxSV(s, b, bo, out, oo, ub);
            case MIN -> minSV(s, b, bo, out, oo, ub);
            case POW -> { }
        }
        for (int i = ub; i < n; i++) out[oo + i] = op.apply(s, b[bo + i]);
    }

    // a op b (VV), a op s (VS), s op b (SV), for n a multiple of the vector length

    private static void addVV(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(F, a, ao + i).add(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
    }

    private static void addVS(float[] a, int ao, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(F, a, ao + i).add(s).intoArray(out, oo + i);
    }

    private static void addSV(float s, float[] b, int bo, float[] out, int oo, int n) {
        FloatVector sv = FloatVector.broadcast(F, s);
        for (int i = 0; i < n; i += L) sv.add(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
    }

    private static void subVV(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(F, a, ao + i).sub(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
    }

    private static void subVS(float[] a, int ao, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(F, a, ao + i).sub(s).intoArray(out, oo + i);
    }

    private static void subSV(float s, float[] b, int bo, float[] out, int oo, int n) {
        FloatVector sv = FloatVector.broadcast(F, s);
        for (int i = 0; i < n; i += L) sv.sub(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
    }

    private static void mulVV(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(F, a, ao + i).mul(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
    }

    private static void mulVS(float[] a, int ao, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(F, a, ao + i).mul(s).intoArray(out, oo + i);
    }

    private static void mulSV(float s, float[] b, int bo, float[] out, int oo, int n) {
        FloatVector sv = FloatVector.broadcast(F, s);
        for (int i = 0; i < n; i += L) sv.mul(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
    }

    private static void divVV(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(F, a, ao + i).div(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
    }

    private static void divVS(float[] a, int ao, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(F, a, ao + i).div(s).intoArray(out, oo + i);
    }

    private static void divSV(float s, float[] b, int bo, float[] out, int oo, int n) {
        FloatVector sv = FloatVector.broadcast(F, s);
        for (int i = 0; i < n; i += L) sv.div(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
    }

    private static void maxVV(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(F, a, ao + i).max(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
    }

    private static void maxVS(float[] a, int ao, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(F, a, ao + i).max(s).intoArray(out, oo + i);
    }

    private static void maxSV(float s, float[] b, int bo, float[] out, int oo, int n) {
        FloatVector sv = FloatVector.broadcast(F, s);
        for (int i = 0; i < n; i += L) sv.max(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
    }

    private static void minVV(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(F, a, ao + i).min(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
    }

    private static void minVS(float[] a, int ao, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(F, a, ao + i).min(s).intoArray(out, oo + i);
    }

    private static void minSV(float s, float[] b, int bo, float[] out, int oo, int n) {
        FloatVector sv = FloatVector.broadcast(F, s);
        for (int i = 0; i < n; i += L) sv.min(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
    }

    // --------------------------------------------------------------------------------------------------- masks

    @Override
    public void compare(CompareOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int ub = F.loopBound(n);
        switch (op) {
            case EQ -> eqVV(a, ao, b, bo, out, oo, ub);
            case NE -> neVV(a, ao, b, bo, out, oo, ub);
            case LT -> ltVV(a, ao, b, bo, out, oo, ub);
            case LE -> leVV(a, ao, b, bo, out, oo, ub);
            case GT -> gtVV(a, ao, b, bo, out, oo, ub);
            case GE -> geVV(a, ao, b, bo, out, oo, ub);
        }
        for (int i = ub; i < n; i++) out[oo + i] = op.test(a[ao + i], b[bo + i]) ? 1f : 0f;
    }

    @Override
    public void compareScalar(CompareOp op, float[] a, int ao, float s, float[] out, int oo, int n) {
        int ub = F.loopBound(n);
        switch (op) {
            case EQ -> eqVS(a, ao, s, out, oo, ub);
            case NE -> neVS(a, ao, s, out, oo, ub);
            case LT -> ltVS(a, ao, s, out, oo, ub);
            case LE -> leVS(a, ao, s, out, oo, ub);
            case GT -> gtVS(a, ao, s, out, oo, ub);
            case GE -> geVS(a, ao, s, out, oo, ub);
        }
        for (int i = ub; i < n; i++) out[oo + i] = op.test(a[ao + i], s) ? 1f : 0f;
    }

    // 1 where a op b (VV) or a op s (VS) holds, else 0, for n a multiple of the vector length

    private static void eqVV(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        FloatVector z = FloatVector.zero(F);
        for (int i = 0; i < n; i += L)
            z.blend(1f, FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.EQ, FloatVector.fromArray(F, b, bo + i))).intoArray(out, oo + i);
    }

    private static void eqVS(float[] a, int ao, float s, float[] out, int oo, int n) {
        FloatVector z = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) z.blend(1f, FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.EQ, s)).intoArray(out, oo + i);
    }

    private static void neVV(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        FloatVector z = FloatVector.zero(F);
        for (int i = 0; i < n; i += L)
            z.blend(1f, FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.NE, FloatVector.fromArray(F, b, bo + i))).intoArray(out, oo + i);
    }

    private static void neVS(float[] a, int ao, float s, float[] out, int oo, int n) {
        FloatVector z = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) z.blend(1f, FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.NE, s)).intoArray(out, oo + i);
    }

    private static void ltVV(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        FloatVector z = FloatVector.zero(F);
        for (int i = 0; i < n; i += L)
            z.blend(1f, FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.LT, FloatVector.fromArray(F, b, bo + i))).intoArray(out, oo + i);
    }

    private static void ltVS(float[] a, int ao, float s, float[] out, int oo, int n) {
        FloatVector z = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) z.blend(1f, FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.LT, s)).intoArray(out, oo + i);
    }

    private static void leVV(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        FloatVector z = FloatVector.zero(F);
        for (int i = 0; i < n; i += L)
            z.blend(1f, FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.LE, FloatVector.fromArray(F, b, bo + i))).intoArray(out, oo + i);
    }

    private static void leVS(float[] a, int ao, float s, float[] out, int oo, int n) {
        FloatVector z = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) z.blend(1f, FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.LE, s)).intoArray(out, oo + i);
    }

    private static void gtVV(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        FloatVector z = FloatVector.zero(F);
        for (int i = 0; i < n; i += L)
            z.blend(1f, FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.GT, FloatVector.fromArray(F, b, bo + i))).intoArray(out, oo + i);
    }

    private static void gtVS(float[] a, int ao, float s, float[] out, int oo, int n) {
        FloatVector z = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) z.blend(1f, FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.GT, s)).intoArray(out, oo + i);
    }

    private static void geVV(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        FloatVector z = FloatVector.zero(F);
        for (int i = 0; i < n; i += L)
            z.blend(1f, FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.GE, FloatVector.fromArray(F, b, bo + i))).intoArray(out, oo + i);
    }

    private static void geVS(float[] a, int ao, float s, float[] out, int oo, int n) {
        FloatVector z = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) z.blend(1f, FloatVector.fromArray(F, a, ao + i).compare(VectorOperators.GE, s)).intoArray(out, oo + i);
    }

    @Override
    public void where(float[] c, int co, float[] a, int ao, int as, float[] b, int bo, int bs,
                      float[] out, int oo, int n) {
        int ub = F.loopBound(n);
        if (as == 1 && bs == 1) whereVV(c, co, a, ao, b, bo, out, oo, ub);
        else if (as == 1) whereVS(c, co, a, ao, b[bo], out, oo, ub);
        else if (bs == 1) whereSV(c, co, a[ao], b, bo, out, oo, ub);
        else whereSS(c, co, a[ao], b[bo], out, oo, ub);
        for (int i = ub; i < n; i++) out[oo + i] = c[co + i] != 0 ? a[ao + i * as] : b[bo + i * bs];
    }

    // c != 0 ? a : b with a and b each contiguous (V) or one value (S), for n a multiple of the vector length

    private static void whereVV(float[] c, int co, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L)
            FloatVector.fromArray(F, b, bo + i).blend(FloatVector.fromArray(F, a, ao + i), FloatVector.fromArray(F, c, co + i).compare(VectorOperators.NE, 0f)).intoArray(out, oo + i);
    }

    private static void whereVS(float[] c, int co, float[] a, int ao, float b, float[] out, int oo, int n) {
        FloatVector bv = FloatVector.broadcast(F, b);
        for (int i = 0; i < n; i += L)
            bv.blend(FloatVector.fromArray(F, a, ao + i), FloatVector.fromArray(F, c, co + i).compare(VectorOperators.NE, 0f)).intoArray(out, oo + i);
    }

    private static void whereSV(float[] c, int co, float a, float[] b, int bo, float[] out, int oo, int n) {
        FloatVector av = FloatVector.broadcast(F, a);
        for (int i = 0; i < n; i += L)
            FloatVector.fromArray(F, b, bo + i).blend(av, FloatVector.fromArray(F, c, co + i).compare(VectorOperators.NE, 0f)).intoArray(out, oo + i);
    }

    private static void whereSS(float[] c, int co, float a, float b, float[] out, int oo, int n) {
        FloatVector av = FloatVector.broadcast(F, a), bv = FloatVector.broadcast(F, b);
        for (int i = 0; i < n; i += L) bv.blend(av, FloatVector.fromArray(F, c, co + i).compare(VectorOperators.NE, 0f)).intoArray(out, oo + i);
    }

    @Override
    public void clamp(float[] x, int xo, float lo, float hi, float[] out, int oo, int n) {
        int i = 0, ub = F.loopBound(n);
        for (; i < ub; i += L) FloatVector.fromArray(F, x, xo + i).max(lo).min(hi).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = Math.min(Math.max(x[xo + i], lo), hi);
    }
}
