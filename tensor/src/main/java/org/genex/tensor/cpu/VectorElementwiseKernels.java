package org.genex.tensor.cpu;

import static org.genex.tensor.cpu.Species.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.genex.tensor.BinaryOp;
import org.genex.tensor.CompareOp;
import org.genex.tensor.UnaryOp;

/**
 * The Vector API elementwise loops. One counted loop per op with its operator written at the call site (so the JIT
 * intrinsifies it), over {@code F.loopBound(n)} elements.
 *
 * <p>The remaining {@code n % L} elements: exact ops (add, mul, max, compare, where, clamp ...) finish with scalar
 * code, which gives the same bits. The transcendental unary ops and their derivatives instead run the same vector
 * code on a small buffer holding the tail, so an element's value never depends on where a run or chunk ends.
 *
 * <p>Transcendental functions come from {@link VectorMath} (exact IEEE operations only, within 2 ulp), not from
 * the Vector API's EXP, LOG, TANH, SIN ... operators, whose results change with JIT warm-up (see VectorMath); erf
 * and the exact GELU use its approximations (about 2e-7 absolute). POW is computed in double with
 * {@link Math#pow}, as its definition, on both paths.
 */
final class VectorElementwiseKernels implements ElementwiseKernels {
    private static final int L = F.length();
    private static final float K0 = 0.7978845608028654f;      // sqrt(2 / pi)
    private static final float K1 = 0.044715f;
    private static final float INV_SQRT_2PI = 0.3989422804014327f;
    private static final float TWO_OVER_SQRT_PI = 1.1283791670955126f;

    private static FloatVector load(float[] a, int i) { return FloatVector.fromArray(F, a, i); }

    // --------------------------------------------------------------------------------------------------- unary

    @Override
    public void unary(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        int ub = F.loopBound(n);
        unaryFull(op, x, xo, out, oo, ub);
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
        int i = 0;
        switch (op) {
            case NEG -> { for (; i < n; i += L) load(x, xo + i).neg().intoArray(out, oo + i); }
            case ABS -> { for (; i < n; i += L) load(x, xo + i).abs().intoArray(out, oo + i); }
            case SIGN -> {
                for (; i < n; i += L) {
                    FloatVector v = load(x, xo + i);
                    v.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f))
                            .intoArray(out, oo + i);
                }
            }
            case SQUARE -> { for (; i < n; i += L) { FloatVector v = load(x, xo + i); v.mul(v).intoArray(out, oo + i); } }
            case SQRT -> { for (; i < n; i += L) load(x, xo + i).sqrt().intoArray(out, oo + i); }
            case RSQRT -> {
                FloatVector one = FloatVector.broadcast(F, 1f);
                for (; i < n; i += L) one.div(load(x, xo + i).sqrt()).intoArray(out, oo + i);
            }
            case RECIPROCAL -> {
                FloatVector one = FloatVector.broadcast(F, 1f);
                for (; i < n; i += L) one.div(load(x, xo + i)).intoArray(out, oo + i);
            }
            case EXP -> expLoop(x, xo, out, oo, n);
            case EXPM1 -> expm1Loop(x, xo, out, oo, n);
            case LOG -> logLoop(x, xo, out, oo, n);
            case LOG1P -> log1pLoop(x, xo, out, oo, n);
            case SIN -> sinLoop(x, xo, out, oo, n);
            case COS -> cosLoop(x, xo, out, oo, n);
            case TANH -> tanhLoop(x, xo, out, oo, n);
            case SIGMOID -> sigmoidLoop(x, xo, out, oo, n);
            case RELU -> {
                for (; i < n; i += L) {
                    FloatVector v = load(x, xo + i);
                    v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(out, oo + i); // NaN stays NaN
                }
            }
            case SOFTPLUS -> softplusLoop(x, xo, out, oo, n);
            case SILU -> siluLoop(x, xo, out, oo, n);
            case GELU -> geluLoop(x, xo, out, oo, n);
            case GELU_TANH -> geluTanhLoop(x, xo, out, oo, n);
            case ERF -> erfLoop(x, xo, out, oo, n);
            case FLOOR -> floorLoop(x, xo, out, oo, n);
            case CEIL -> ceilLoop(x, xo, out, oo, n);
        }
    }

    // One method per op built on VectorMath: C2 inlines a VectorMath function only into a small enough caller
    // (the Vector API's node counts are large), and a vector passed to a call that is not inlined is boxed.

    private static void expLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) VectorMath.exp(load(x, xo + i)).intoArray(out, oo + i);
    }

    private static void expm1Loop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) VectorMath.expm1(load(x, xo + i)).intoArray(out, oo + i);
    }

    private static void logLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) VectorMath.log(load(x, xo + i)).intoArray(out, oo + i);
    }

    private static void log1pLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) VectorMath.log1p(load(x, xo + i)).intoArray(out, oo + i);
    }

    private static void sinLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) VectorMath.sin(load(x, xo + i)).intoArray(out, oo + i);
    }

    private static void cosLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) VectorMath.cos(load(x, xo + i)).intoArray(out, oo + i);
    }

    private static void tanhLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) VectorMath.tanh(load(x, xo + i)).intoArray(out, oo + i);
    }

    private static void sigmoidLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) VectorMath.sigmoid(load(x, xo + i)).intoArray(out, oo + i);
    }

    private static void softplusLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = load(x, xo + i);
            v.max(0f).add(VectorMath.log1p(VectorMath.exp(v.abs().neg()))).intoArray(out, oo + i);
        }
    }

    private static void siluLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = load(x, xo + i);
            v.mul(VectorMath.sigmoid(v)).intoArray(out, oo + i);
        }
    }

    private static void geluLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = load(x, xo + i);
            v.mul(VectorMath.normalCdf(v)).intoArray(out, oo + i);
        }
    }

    private static void geluTanhLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = load(x, xo + i);
            FloatVector t = VectorMath.tanh(v.mul(v).mul(K1).add(1f).mul(v).mul(K0));
            t.add(1f).mul(v).mul(0.5f).intoArray(out, oo + i);
        }
    }

    private static void erfLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) VectorMath.erf(load(x, xo + i)).intoArray(out, oo + i);
    }

    private static void floorLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) VectorMath.floor(load(x, xo + i)).intoArray(out, oo + i);
    }

    private static void ceilLoop(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) VectorMath.ceil(load(x, xo + i)).intoArray(out, oo + i);
    }

    @Override
    public void unaryBackward(UnaryOp op, float[] x, int xo, float[] y, int yo, float[] gy, int go,
                              float[] gx, int gxo, int n) {
        int ub = F.loopBound(n);
        backwardFull(op, x, xo, y, yo, gy, go, gx, gxo, ub);
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

    /** {@link #unaryBackward} for {@code n} a multiple of the vector length. */
    private static void backwardFull(UnaryOp op, float[] x, int xo, float[] y, int yo, float[] gy, int go,
                                     float[] gx, int gxo, int n) {
        int i = 0;
        switch (op) {
            case NEG -> { for (; i < n; i += L) load(gy, go + i).neg().intoArray(gx, gxo + i); }
            case ABS -> {
                for (; i < n; i += L) {
                    FloatVector v = load(x, xo + i);
                    FloatVector s = v.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f));
                    load(gy, go + i).mul(s).intoArray(gx, gxo + i);
                }
            }
            case SIGN, FLOOR, CEIL -> { for (; i < n; i += L) load(gy, go + i).mul(0f).intoArray(gx, gxo + i); }
            case SQUARE -> {
                for (; i < n; i += L) { FloatVector v = load(x, xo + i); load(gy, go + i).mul(v.add(v)).intoArray(gx, gxo + i); }
            }
            case SQRT -> { for (; i < n; i += L) load(gy, go + i).mul(0.5f).div(load(y, yo + i)).intoArray(gx, gxo + i); }
            case RSQRT -> {
                for (; i < n; i += L) {
                    FloatVector v = load(y, yo + i);
                    load(gy, go + i).mul(v.mul(v).mul(v).mul(-0.5f)).intoArray(gx, gxo + i);
                }
            }
            case RECIPROCAL -> {
                for (; i < n; i += L) { FloatVector v = load(y, yo + i); load(gy, go + i).mul(v.mul(v).neg()).intoArray(gx, gxo + i); }
            }
            case EXP -> { for (; i < n; i += L) load(gy, go + i).mul(load(y, yo + i)).intoArray(gx, gxo + i); }
            case EXPM1 -> { for (; i < n; i += L) load(gy, go + i).mul(load(y, yo + i).add(1f)).intoArray(gx, gxo + i); }
            case LOG -> { for (; i < n; i += L) load(gy, go + i).div(load(x, xo + i)).intoArray(gx, gxo + i); }
            case LOG1P -> { for (; i < n; i += L) load(gy, go + i).div(load(x, xo + i).add(1f)).intoArray(gx, gxo + i); }
            case SIN -> sinBackwardLoop(x, xo, gy, go, gx, gxo, n);
            case COS -> cosBackwardLoop(x, xo, gy, go, gx, gxo, n);
            case TANH -> {
                for (; i < n; i += L) {
                    FloatVector v = load(y, yo + i);
                    load(gy, go + i).mul(v.mul(v).neg().add(1f)).intoArray(gx, gxo + i);
                }
            }
            case SIGMOID -> {
                for (; i < n; i += L) {
                    FloatVector v = load(y, yo + i);
                    load(gy, go + i).mul(v.mul(v.neg().add(1f))).intoArray(gx, gxo + i);
                }
            }
            case RELU -> {
                for (; i < n; i += L) {
                    FloatVector mask = FloatVector.zero(F).blend(1f, load(x, xo + i).compare(VectorOperators.GT, 0f));
                    load(gy, go + i).mul(mask).intoArray(gx, gxo + i);
                }
            }
            case SOFTPLUS -> softplusBackwardLoop(x, xo, gy, go, gx, gxo, n);
            case SILU -> siluBackwardLoop(x, xo, gy, go, gx, gxo, n);
            case GELU -> geluBackwardLoop(x, xo, gy, go, gx, gxo, n);
            case GELU_TANH -> geluTanhBackwardLoop(x, xo, gy, go, gx, gxo, n);
            case ERF -> erfBackwardLoop(x, xo, gy, go, gx, gxo, n);
        }
    }

    // The derivatives built on VectorMath, one method each (see expLoop): gx = gy * f'(x).

    private static void sinBackwardLoop(float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) load(gy, go + i).mul(VectorMath.cos(load(x, xo + i))).intoArray(gx, gxo + i);
    }

    private static void cosBackwardLoop(float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) load(gy, go + i).mul(VectorMath.sin(load(x, xo + i)).neg()).intoArray(gx, gxo + i);
    }

    private static void softplusBackwardLoop(float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) load(gy, go + i).mul(VectorMath.sigmoid(load(x, xo + i))).intoArray(gx, gxo + i);
    }

    private static void siluBackwardLoop(float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = load(x, xo + i), s = VectorMath.sigmoid(v);
            FloatVector d = s.mul(v.mul(s.neg().add(1f)).add(1f));              // s (1 + x (1 - s))
            load(gy, go + i).mul(d).intoArray(gx, gxo + i);
        }
    }

    private static void geluBackwardLoop(float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = load(x, xo + i);
            FloatVector pdf = VectorMath.exp(v.mul(v).mul(-0.5f)).mul(INV_SQRT_2PI);
            load(gy, go + i).mul(VectorMath.normalCdf(v).add(v.mul(pdf))).intoArray(gx, gxo + i);
        }
    }

    private static void geluTanhBackwardLoop(float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = load(x, xo + i), v2 = v.mul(v);
            FloatVector t = VectorMath.tanh(v2.mul(K1).add(1f).mul(v).mul(K0));
            FloatVector inner = v2.mul(3 * K1).add(1f).mul(K0);                 // K0 (1 + 3 K1 x^2)
            FloatVector d = t.add(1f).mul(0.5f).add(v.mul(0.5f).mul(t.mul(t).neg().add(1f)).mul(inner));
            load(gy, go + i).mul(d).intoArray(gx, gxo + i);
        }
    }

    private static void erfBackwardLoop(float[] x, int xo, float[] gy, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = load(x, xo + i);
            load(gy, go + i).mul(VectorMath.exp(v.mul(v).neg()).mul(TWO_OVER_SQRT_PI)).intoArray(gx, gxo + i);
        }
    }

    // --------------------------------------------------------------------------------------------------- binary

    @Override
    public void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0, ub = F.loopBound(n);
        switch (op) {
            case ADD -> { for (; i < ub; i += L) load(a, ao + i).add(load(b, bo + i)).intoArray(out, oo + i); }
            case SUB -> { for (; i < ub; i += L) load(a, ao + i).sub(load(b, bo + i)).intoArray(out, oo + i); }
            case MUL -> { for (; i < ub; i += L) load(a, ao + i).mul(load(b, bo + i)).intoArray(out, oo + i); }
            case DIV -> { for (; i < ub; i += L) load(a, ao + i).div(load(b, bo + i)).intoArray(out, oo + i); }
            case POW -> { } // in double below, as the definition (no deterministic float vector pow here)
            case MAX -> { for (; i < ub; i += L) load(a, ao + i).max(load(b, bo + i)).intoArray(out, oo + i); }
            case MIN -> { for (; i < ub; i += L) load(a, ao + i).min(load(b, bo + i)).intoArray(out, oo + i); }
        }
        for (; i < n; i++) out[oo + i] = op.apply(a[ao + i], b[bo + i]);
    }

    @Override
    public void binaryScalarRight(BinaryOp op, float[] a, int ao, float s, float[] out, int oo, int n) {
        int i = 0, ub = F.loopBound(n);
        switch (op) {
            case ADD -> { for (; i < ub; i += L) load(a, ao + i).add(s).intoArray(out, oo + i); }
            case SUB -> { for (; i < ub; i += L) load(a, ao + i).sub(s).intoArray(out, oo + i); }
            case MUL -> { for (; i < ub; i += L) load(a, ao + i).mul(s).intoArray(out, oo + i); }
            case DIV -> { for (; i < ub; i += L) load(a, ao + i).div(s).intoArray(out, oo + i); }
            case POW -> { } // in double below
            case MAX -> { for (; i < ub; i += L) load(a, ao + i).max(s).intoArray(out, oo + i); }
            case MIN -> { for (; i < ub; i += L) load(a, ao + i).min(s).intoArray(out, oo + i); }
        }
        for (; i < n; i++) out[oo + i] = op.apply(a[ao + i], s);
    }

    @Override
    public void binaryScalarLeft(BinaryOp op, float s, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0, ub = F.loopBound(n);
        FloatVector sv = FloatVector.broadcast(F, s);
        switch (op) {
            case ADD -> { for (; i < ub; i += L) sv.add(load(b, bo + i)).intoArray(out, oo + i); }
            case SUB -> { for (; i < ub; i += L) sv.sub(load(b, bo + i)).intoArray(out, oo + i); }
            case MUL -> { for (; i < ub; i += L) sv.mul(load(b, bo + i)).intoArray(out, oo + i); }
            case DIV -> { for (; i < ub; i += L) sv.div(load(b, bo + i)).intoArray(out, oo + i); }
            case POW -> { } // in double below
            case MAX -> { for (; i < ub; i += L) sv.max(load(b, bo + i)).intoArray(out, oo + i); }
            case MIN -> { for (; i < ub; i += L) sv.min(load(b, bo + i)).intoArray(out, oo + i); }
        }
        for (; i < n; i++) out[oo + i] = op.apply(s, b[bo + i]);
    }

    // --------------------------------------------------------------------------------------------------- masks

    @Override
    public void compare(CompareOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        int i = 0, ub = F.loopBound(n);
        FloatVector z = FloatVector.zero(F);
        switch (op) {
            case EQ -> { for (; i < ub; i += L) z.blend(1f, load(a, ao + i).compare(VectorOperators.EQ, load(b, bo + i))).intoArray(out, oo + i); }
            case NE -> { for (; i < ub; i += L) z.blend(1f, load(a, ao + i).compare(VectorOperators.NE, load(b, bo + i))).intoArray(out, oo + i); }
            case LT -> { for (; i < ub; i += L) z.blend(1f, load(a, ao + i).compare(VectorOperators.LT, load(b, bo + i))).intoArray(out, oo + i); }
            case LE -> { for (; i < ub; i += L) z.blend(1f, load(a, ao + i).compare(VectorOperators.LE, load(b, bo + i))).intoArray(out, oo + i); }
            case GT -> { for (; i < ub; i += L) z.blend(1f, load(a, ao + i).compare(VectorOperators.GT, load(b, bo + i))).intoArray(out, oo + i); }
            case GE -> { for (; i < ub; i += L) z.blend(1f, load(a, ao + i).compare(VectorOperators.GE, load(b, bo + i))).intoArray(out, oo + i); }
        }
        for (; i < n; i++) out[oo + i] = op.test(a[ao + i], b[bo + i]) ? 1f : 0f;
    }

    @Override
    public void compareScalar(CompareOp op, float[] a, int ao, float s, float[] out, int oo, int n) {
        int i = 0, ub = F.loopBound(n);
        FloatVector z = FloatVector.zero(F);
        switch (op) {
            case EQ -> { for (; i < ub; i += L) z.blend(1f, load(a, ao + i).compare(VectorOperators.EQ, s)).intoArray(out, oo + i); }
            case NE -> { for (; i < ub; i += L) z.blend(1f, load(a, ao + i).compare(VectorOperators.NE, s)).intoArray(out, oo + i); }
            case LT -> { for (; i < ub; i += L) z.blend(1f, load(a, ao + i).compare(VectorOperators.LT, s)).intoArray(out, oo + i); }
            case LE -> { for (; i < ub; i += L) z.blend(1f, load(a, ao + i).compare(VectorOperators.LE, s)).intoArray(out, oo + i); }
            case GT -> { for (; i < ub; i += L) z.blend(1f, load(a, ao + i).compare(VectorOperators.GT, s)).intoArray(out, oo + i); }
            case GE -> { for (; i < ub; i += L) z.blend(1f, load(a, ao + i).compare(VectorOperators.GE, s)).intoArray(out, oo + i); }
        }
        for (; i < n; i++) out[oo + i] = op.test(a[ao + i], s) ? 1f : 0f;
    }

    @Override
    public void where(float[] c, int co, float[] a, int ao, int as, float[] b, int bo, int bs,
                      float[] out, int oo, int n) {
        int i = 0, ub = F.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < ub; i += L)
                load(b, bo + i).blend(load(a, ao + i), load(c, co + i).compare(VectorOperators.NE, 0f)).intoArray(out, oo + i);
        } else if (as == 1) {
            FloatVector bv = FloatVector.broadcast(F, b[bo]);
            for (; i < ub; i += L)
                bv.blend(load(a, ao + i), load(c, co + i).compare(VectorOperators.NE, 0f)).intoArray(out, oo + i);
        } else if (bs == 1) {
            FloatVector av = FloatVector.broadcast(F, a[ao]);
            for (; i < ub; i += L)
                load(b, bo + i).blend(av, load(c, co + i).compare(VectorOperators.NE, 0f)).intoArray(out, oo + i);
        } else {
            FloatVector av = FloatVector.broadcast(F, a[ao]), bv = FloatVector.broadcast(F, b[bo]);
            for (; i < ub; i += L)
                bv.blend(av, load(c, co + i).compare(VectorOperators.NE, 0f)).intoArray(out, oo + i);
        }
        for (; i < n; i++) out[oo + i] = c[co + i] != 0 ? a[ao + i * as] : b[bo + i * bs];
    }

    @Override
    public void clamp(float[] x, int xo, float lo, float hi, float[] out, int oo, int n) {
        int i = 0, ub = F.loopBound(n);
        for (; i < ub; i += L) load(x, xo + i).max(lo).min(hi).intoArray(out, oo + i);
        for (; i < n; i++) out[oo + i] = Math.min(Math.max(x[xo + i], lo), hi);
    }
}
