package org.genex.tensor.cpu;

import static org.genex.tensor.cpu.Species.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Float vector math for the vector path, array to array: exp, expm1, log, log1p, sigmoid, tanh, sin, cos, erf, the
 * normal CDF, floor and ceil over {@code n} elements ({@code n} a multiple of the vector length; {@code out} may be
 * the same range as {@code x}), and a fixed-order lane sum.
 *
 * <h2>Why not {@code VectorOperators.EXP} and friends</h2>
 * The Vector API's transcendental operators are computed by a native vector library (SVML) once C2 has compiled the
 * calling loop, but lane by lane with {@link Math} before that (interpreter, C1). The two differ in the last bit, so
 * a kernel built on them gives different bits for the same input depending on how warm the JIT is: softmax over
 * the same rows was seen to change between calls. Every function here is built from operations that IEEE 754
 * defines exactly (add, mul, div, fma, sqrt, compare, blend, bit operations, integer conversion of in-range
 * values), so compiled and interpreted code agree bit for bit and the backend's determinism holds.
 *
 * <h2>Why array to array</h2>
 * A project method that takes or returns a vector is fast only if C2 inlines it, and C2 stops inlining once a
 * method's intermediate graph is large (NodeCountInliningCutoff), deep (MaxInlineLevel) or its bytecode long
 * (FreqInlineSize): the Vector API's graphs are large, so a vector helper called from a long function was refused
 * and its vectors boxed, 10 to 50 times slower. So no method here (or in the vector kernels) passes a vector: each
 * loop below is flat, calling only the Vector API (whose methods are force-inlined), and compound functions
 * (tanh, log1p, erf, the normal CDF) run in tiles of {@link #TILE} elements through small scratch arrays, one flat
 * loop per stage; a stage that is not inlined costs one call per tile. The hottest compounds (softmax's shifted exp
 * and sum, sigmoid) repeat exp's body in one fused loop instead.
 *
 * <h2>Accuracy</h2>
 * exp, expm1, log, log1p, tanh, sin and cos use the minimax polynomials of Cephes' single precision library
 * (S. Moshier) after a range reduction: within 3 ulp of the exact result (checked against {@link Math} in the
 * tests). sin and cos reduce by pi/4 with a three-part pi/4 and fmas, which holds up to |x| = 8192; a vector with a
 * larger (or infinite) lane is computed lane by lane with {@link Math#sin} / {@link Math#cos}. erf and the normal
 * CDF are within about 2e-7 absolute (and 1e-6 relative in the lower tail of the CDF, where GELU is x Phi(x)),
 * checked against {@link org.genex.tensor.SpecialMath} on a dense grid.
 */
final class VectorMath {
    private VectorMath() {}

    private static final int L = F.length();

    /** Elements per tile of a compound function: its scratch rows stay in L1. A multiple of any vector length. */
    static final int TILE = 256;

    // --------------------------------------------------------------------------------------------- lanes

    /**
     * The sum of {@code lanes[0 .. L)} (a vector's lanes, stored with {@code intoArray}) in a fixed pairwise order:
     * lane i + L/2 into lane i, and so on. {@code reduceLanes(ADD)} is avoided because its order is unspecified.
     * Overwrites the array.
     */
    static float sumLanes(float[] lanes) {
        for (int w = L / 2; w > 0; w /= 2)
            for (int i = 0; i < w; i++) lanes[i] += lanes[i + w];
        return lanes[0];
    }

    // --------------------------------------------------------------------------------------------- exp, expm1

    // x = k ln2 + r: ln2 in a part with few bits (k LN2_HI is exact) and the rest
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer, held in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = 0x4B400000;
    // exp(r) = 1 + r + r^2 P(r) on |r| <= ln2 / 2 (Cephes expf)
    private static final float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f,
            P3 = 4.1665795894E-2f, P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;

    /**
     * Inputs of magnitude at most this take exp's fast path: k = round(x / ln2) is in [-124, 124], so 2^k is a
     * normal float and so is e^r 2^k (e^r is in [0.70, 1.42]): scaling by 2^k is exact in one step, as the two
     * halves of {@link #expWide} are.
     */
    private static final float NORMAL_LIMIT = 86f;

    /**
     * The fast paths' constants, read into vectors before each loop. Broadcasting the constant fields in the loop
     * would read better, but once C2 inlines such a loop into a caller that makes calls around it (softmax's row
     * loop, a tile loop), it may re-broadcast every constant from memory inside the loop, a dozen extra
     * instructions a vector (softmax's shifted exp was seen 1.8 times slower); values read from an array are not
     * compile-time constants, so C2 hoists them out of the loop and keeps them in registers. Same values, same bits.
     */
    private static final float[] EXP_CONSTANTS = {LOG2E, ROUNDER, -LN2_HI, -LN2_LO, P0, P1, P2, P3, P4, P5, 1f,
            NORMAL_LIMIT};

    /**
     * {@code out = e^x}: overflow to +inf above 88.72, underflow through the subnormals to 0 below -103.97, NaN
     * stays NaN. A vector whose lanes are all within {@link #NORMAL_LIMIT} (the common case) is scaled by 2^k in
     * one exact step, adding k to the exponent field of e^r; any other goes through {@link #expWide}. The two give
     * the same bits wherever both apply, so the result of a lane does not depend on its neighbours.
     */
    static void exp(float[] x, int xo, float[] out, int oo, int n) {
        final float[] c = EXP_CONSTANTS;
        FloatVector log2e = FloatVector.broadcast(F, c[0]), rounder = FloatVector.broadcast(F, c[1]);
        FloatVector ln2Hi = FloatVector.broadcast(F, c[2]), ln2Lo = FloatVector.broadcast(F, c[3]);
        FloatVector p0 = FloatVector.broadcast(F, c[4]), p1 = FloatVector.broadcast(F, c[5]);
        FloatVector p2 = FloatVector.broadcast(F, c[6]), p3 = FloatVector.broadcast(F, c[7]);
        FloatVector p4 = FloatVector.broadcast(F, c[8]), p5 = FloatVector.broadcast(F, c[9]);
        FloatVector one = FloatVector.broadcast(F, c[10]), limit = FloatVector.broadcast(F, c[11]);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            if (!v.abs().compare(VectorOperators.LE, limit).allTrue()) {
                expWide(x, xo + i, 0f, out, oo + i, L);
                continue;
            }
            FloatVector t = v.fma(log2e, rounder);
            FloatVector k = t.sub(rounder);                                    // round(x / ln2), exactly
            FloatVector r = k.fma(ln2Lo, k.fma(ln2Hi, v));
            FloatVector e = r.fma(p0, p1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5).fma(r.mul(r), r).add(one);
            // e 2^k: the low bits of t hold k (t's own high bits shift out), so t << 23 is k in the exponent field
            e.reinterpretAsInts().add(t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats()
                    .intoArray(out, oo + i);
        }
    }

    /**
     * {@code out = e^(x - shift)} for any inputs (x - 0 is x, bit for bit): clamped to [-104, 89], k in
     * [-150, 129], and the scale 2^k applied in two halves (each a normal float) so that a subnormal result rounds
     * once. Exp's path for vectors with a lane beyond {@link #NORMAL_LIMIT}: extreme or masked inputs, NaN.
     */
    private static void expWide(float[] x, int xo, float shift, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector xc = FloatVector.fromArray(F, x, xo + i).sub(shift).max(-104f).min(89f);
            FloatVector t = xc.fma(LOG2E, ROUNDER);
            FloatVector k = t.sub(ROUNDER);
            FloatVector r = k.fma(FloatVector.broadcast(F, -LN2_LO), k.fma(FloatVector.broadcast(F, -LN2_HI), xc));
            FloatVector p = r.fma(P0, P1).fma(r, FloatVector.broadcast(F, P2)).fma(r, FloatVector.broadcast(F, P3))
                    .fma(r, FloatVector.broadcast(F, P4)).fma(r, FloatVector.broadcast(F, P5));
            FloatVector e = p.fma(r.mul(r), r).add(1f);
            IntVector ki = t.reinterpretAsInts().sub(ROUNDER_BITS);                      // k as an int
            IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = ki.sub(k1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            e.mul(s1).mul(s2).intoArray(out, oo + i);
        }
    }

    /**
     * {@code out = e^(x - shift)} and the sum of the results, in a fixed order (softmax's numerators and their
     * normaliser in one pass). The same exp as {@link #exp} (its fast path, or {@link #expWide} for a vector with
     * an extreme lane), repeated here fused with the shift and the sum: a separate pass each costs softmax a third
     * of its time.
     */
    static float expShiftedSum(float[] x, int xo, float shift, float[] out, int oo, int n) {
        final float[] c = EXP_CONSTANTS;
        FloatVector log2e = FloatVector.broadcast(F, c[0]), rounder = FloatVector.broadcast(F, c[1]);
        FloatVector ln2Hi = FloatVector.broadcast(F, c[2]), ln2Lo = FloatVector.broadcast(F, c[3]);
        FloatVector p0 = FloatVector.broadcast(F, c[4]), p1 = FloatVector.broadcast(F, c[5]);
        FloatVector p2 = FloatVector.broadcast(F, c[6]), p3 = FloatVector.broadcast(F, c[7]);
        FloatVector p4 = FloatVector.broadcast(F, c[8]), p5 = FloatVector.broadcast(F, c[9]);
        FloatVector one = FloatVector.broadcast(F, c[10]), limit = FloatVector.broadcast(F, c[11]);
        FloatVector s = FloatVector.broadcast(F, shift), acc = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i).sub(s);
            if (!v.abs().compare(VectorOperators.LE, limit).allTrue()) {
                expWide(x, xo + i, shift, out, oo + i, L);
                acc = acc.add(FloatVector.fromArray(F, out, oo + i));
                continue;
            }
            FloatVector t = v.fma(log2e, rounder);
            FloatVector k = t.sub(rounder);
            FloatVector r = k.fma(ln2Lo, k.fma(ln2Hi, v));
            FloatVector e = r.fma(p0, p1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5).fma(r.mul(r), r).add(one);
            e = e.reinterpretAsInts().add(t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23))
                    .reinterpretAsFloats();
            e.intoArray(out, oo + i);
            acc = acc.add(e);
        }
        float[] lanes = new float[L];
        acc.intoArray(lanes, 0);
        return sumLanes(lanes);
    }

    /** {@code out = e^x - 1}, accurate near 0 (as {@link Math#expm1}): {@code 2^k expm1(r) + (2^k - 1)}. */
    static void expm1(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector xc = FloatVector.fromArray(F, x, xo + i).max(-87f).min(89f);
            FloatVector t = xc.fma(LOG2E, ROUNDER);
            FloatVector k = t.sub(ROUNDER);
            FloatVector r = k.fma(FloatVector.broadcast(F, -LN2_LO), k.fma(FloatVector.broadcast(F, -LN2_HI), xc));
            FloatVector p = r.fma(P0, P1).fma(r, FloatVector.broadcast(F, P2)).fma(r, FloatVector.broadcast(F, P3))
                    .fma(r, FloatVector.broadcast(F, P4)).fma(r, FloatVector.broadcast(F, P5));
            FloatVector q = p.fma(r.mul(r), r);                                // expm1(r)
            IntVector ki = t.reinterpretAsInts().sub(ROUNDER_BITS);                      // in [-126, 129]
            IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = ki.sub(k1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s = s1.mul(s2);
            FloatVector small = s.mul(q).add(s.sub(1f));
            FloatVector big = q.add(1f).mul(s1).mul(s2);                       // k > 24: e^x - 1 rounds to e^x
            small.blend(big, k.compare(VectorOperators.GT, 24f)).intoArray(out, oo + i);
        }
    }

    // --------------------------------------------------------------------------------------------- log, log1p

    private static final float SQRT_HALF = 0.707106781186547524f;

    /** {@code out = log(x)}: log(0) = -inf, log of a negative number or NaN is NaN, log(+inf) = +inf. */
    static void log(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            VectorMask<Float> subnormal = v.compare(VectorOperators.LT, Float.MIN_NORMAL);
            IntVector bits = v.blend(v.mul(8388608f), subnormal).reinterpretAsInts();   // subnormals times 2^23
            IntVector e = bits.lanewise(VectorOperators.LSHR, 23).sub(126);   // v = m 2^e, m in [0.5, 1)
            FloatVector m = bits.and(0x807fffff).or(0x3f000000).reinterpretAsFloats();
            FloatVector ef = (FloatVector) e.convert(VectorOperators.I2F, 0);
            ef = ef.blend(ef.sub(23f), subnormal);
            VectorMask<Float> low = m.compare(VectorOperators.LT, SQRT_HALF);  // m in [sqrt(1/2), sqrt 2) after this
            ef = ef.blend(ef.sub(1f), low);
            m = m.blend(m.add(m), low).sub(1f);
            FloatVector z = m.mul(m);
            FloatVector y = m.mul(7.0376836292E-2f).add(-1.1514610310E-1f).mul(m).add(1.1676998740E-1f).mul(m)
                    .add(-1.2420140846E-1f).mul(m).add(1.4249322787E-1f).mul(m).add(-1.6668057665E-1f).mul(m)
                    .add(2.0000714765E-1f).mul(m).add(-2.4999993993E-1f).mul(m).add(3.3333331174E-1f).mul(m).mul(z);
            y = y.add(ef.mul(LN2_LO)).add(z.mul(-0.5f));
            FloatVector r = m.add(y).add(ef.mul(LN2_HI));
            r = r.blend(Float.NEGATIVE_INFINITY, v.compare(VectorOperators.EQ, 0f));
            r = r.blend(Float.POSITIVE_INFINITY, v.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
            r.blend(Float.NaN, v.compare(VectorOperators.LT, 0f).or(v.test(VectorOperators.IS_NAN)))
                    .intoArray(out, oo + i);
        }
    }

    /**
     * {@code out = log(1 + x)}, accurate near 0: {@code log(u) x / (u - 1)} with u = 1 + x (Goldberg). {@code t} is
     * scratch of at least {@code min(n, TILE)} elements (as for every compound function here).
     */
    static void log1p(float[] x, int xo, float[] out, int oo, int n, float[] t) {
        for (int s = 0; s < n; s += TILE) {
            int m = Math.min(TILE, n - s);
            onePlus(x, xo + s, t, m);
            log(t, 0, t, 0, m);
            log1pFinish(x, xo + s, t, out, oo + s, m);
        }
    }

    private static void onePlus(float[] x, int xo, float[] t, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(F, x, xo + i).add(1f).intoArray(t, i);
    }

    /** Given {@code t = log(1 + x)} rounded: the correction x / (u - 1), and x itself where 1 + x rounds to 1. */
    private static void log1pFinish(float[] x, int xo, float[] t, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i), u = v.add(1f);
            FloatVector r = FloatVector.fromArray(F, t, i).mul(v.div(u.sub(1f)));
            r = r.blend(v, u.compare(VectorOperators.EQ, 1f));
            r.blend(Float.POSITIVE_INFINITY, v.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY)).intoArray(out, oo + i);
        }
    }

    // --------------------------------------------------------------------------------------------- sigmoid, tanh

    /**
     * {@code out = 1 / (1 + e^-x)} as quotients of e = e^-|x| (1 / (1 + e) for x >= 0, e / (1 + e) below): accurate
     * in both tails, never overflowing. The exp of {@link #exp} is repeated here, fused, as sigmoid and SiLU are hot:
     * one-step scaling when every |x| is within {@link #NORMAL_LIMIT}, else {@link #sigmoidWide}.
     */
    static void sigmoid(float[] x, int xo, float[] out, int oo, int n) {
        final float[] c = EXP_CONSTANTS;
        FloatVector log2e = FloatVector.broadcast(F, c[0]), rounder = FloatVector.broadcast(F, c[1]);
        FloatVector ln2Hi = FloatVector.broadcast(F, c[2]), ln2Lo = FloatVector.broadcast(F, c[3]);
        FloatVector p0 = FloatVector.broadcast(F, c[4]), p1 = FloatVector.broadcast(F, c[5]);
        FloatVector p2 = FloatVector.broadcast(F, c[6]), p3 = FloatVector.broadcast(F, c[7]);
        FloatVector p4 = FloatVector.broadcast(F, c[8]), p5 = FloatVector.broadcast(F, c[9]);
        FloatVector one = FloatVector.broadcast(F, c[10]), limit = FloatVector.broadcast(F, c[11]);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i), a = v.abs();
            if (!a.compare(VectorOperators.LE, limit).allTrue()) {
                sigmoidWide(x, xo + i, out, oo + i, L);
                continue;
            }
            FloatVector xc = a.neg();
            FloatVector t = xc.fma(log2e, rounder);
            FloatVector k = t.sub(rounder);
            FloatVector r = k.fma(ln2Lo, k.fma(ln2Hi, xc));
            FloatVector e = r.fma(p0, p1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5).fma(r.mul(r), r).add(one);
            e = e.reinterpretAsInts().add(t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23))
                    .reinterpretAsFloats();                                    // e^-|x|, in (0, 1]
            e.blend(one, v.compare(VectorOperators.GE, 0f)).div(e.add(one)).intoArray(out, oo + i);
        }
    }

    /** {@link #sigmoid} for any inputs: e^-|x| clamped and scaled in two halves, as {@link #expWide}. */
    private static void sigmoidWide(float[] x, int xo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            FloatVector xc = v.abs().neg().max(-104f);
            FloatVector t = xc.fma(LOG2E, ROUNDER);
            FloatVector k = t.sub(ROUNDER);
            FloatVector r = k.fma(FloatVector.broadcast(F, -LN2_LO), k.fma(FloatVector.broadcast(F, -LN2_HI), xc));
            FloatVector p = r.fma(P0, P1).fma(r, FloatVector.broadcast(F, P2)).fma(r, FloatVector.broadcast(F, P3))
                    .fma(r, FloatVector.broadcast(F, P4)).fma(r, FloatVector.broadcast(F, P5));
            FloatVector e = p.fma(r.mul(r), r).add(1f);
            IntVector ki = t.reinterpretAsInts().sub(ROUNDER_BITS);
            IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = ki.sub(k1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            e = e.mul(s1).mul(s2);                                             // e^-|x|, in [0, 1]
            e.blend(1f, v.compare(VectorOperators.GE, 0f)).div(e.add(1f)).intoArray(out, oo + i);
        }
    }

    /** {@code t = c |x|}. */
    static void scaledAbs(float[] x, int xo, float c, float[] t, int n) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(F, x, xo + i).abs().mul(c).intoArray(t, i);
    }

    /** {@code out = tanh(x)}: a polynomial below |x| = 0.625 (Cephes tanhf), 1 - 2 / (e^(2|x|) + 1) above. */
    static void tanh(float[] x, int xo, float[] out, int oo, int n, float[] t) {
        for (int s = 0; s < n; s += TILE) {
            int m = Math.min(TILE, n - s);
            scaledAbs(x, xo + s, 2f, t, m);
            exp(t, 0, t, 0, m);
            tanhFinish(x, xo + s, t, out, oo + s, m);
        }
    }

    /** Given {@code t = e^(2|x|)}. */
    private static void tanhFinish(float[] x, int xo, float[] t, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i), z = v.mul(v);
            FloatVector p = z.mul(-5.70498872745E-3f).add(2.06390887954E-2f).mul(z).add(-5.37397155531E-2f).mul(z)
                    .add(1.33314422036E-1f).mul(z).add(-3.33332819422E-1f);
            FloatVector small = p.mul(z).mul(v).add(v);
            FloatVector big = FloatVector.broadcast(F, 2f).div(FloatVector.fromArray(F, t, i).add(1f)).neg().add(1f);
            big.blend(big.neg(), v.compare(VectorOperators.LT, 0f))
                    .blend(small, v.abs().compare(VectorOperators.LT, 0.625f)).intoArray(out, oo + i);
        }
    }

    // --------------------------------------------------------------------------------------------- sin, cos

    // octants of pi/4, with pi/4 = Q1 + Q2 + Q3 to about 2^-77 (each the float nearest the remainder);
    // z = ((|x| - y Q1) - y Q2) - y Q3 by fmas: the first is exact, the others round once each, so z keeps its
    // relative accuracy even next to a multiple of pi/4
    private static final float FOUR_OVER_PI = 1.27323954473516f;
    private static final float Q1 = 0.7853981852531433f;
    private static final float Q2 = -2.1855694143368964e-08f;
    private static final float Q3 = -8.575622550029409e-16f;
    private static final float TRIG_LIMIT = 8192f;

    /** {@code out = sin(x)}; a vector with some |x| > 8192 (or infinite) comes from {@link Math#sin}. */
    static void sin(float[] x, int xo, float[] out, int oo, int n) {
        trig(true, x, xo, out, oo, n);
    }

    /** {@code out = cos(x)}; a vector with some |x| > 8192 (or infinite) comes from {@link Math#cos}. */
    static void cos(float[] x, int xo, float[] out, int oo, int n) {
        trig(false, x, xo, out, oo, n);
    }

    /**
     * sin(|x|) by octant j of pi/4 (made even), with the sign of x; cos(x) = sin(|x| + pi/2), the same reduction
     * two octants on and no sign. One loop for both, without branches on vectors.
     */
    private static void trig(boolean sin, float[] x, int xo, float[] out, int oo, int n) {
        int shift = sin ? 0 : 2;
        VectorMask<Float> odd = F.maskAll(sin);                                // sin is odd, cos even
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i), a = v.abs();
            if (a.compare(VectorOperators.GT, TRIG_LIMIT).anyTrue()) { // beyond the float reduction: in double
                for (int k = 0; k < L; k++)
                    out[oo + i + k] = (float) (sin ? Math.sin(x[xo + i + k]) : Math.cos(x[xo + i + k]));
                continue;
            }
            IntVector j = (IntVector) a.mul(FOUR_OVER_PI).convert(VectorOperators.F2I, 0);
            j = j.add(1).and(~1);                                              // even octant: zeros to the origin
            FloatVector ny = ((FloatVector) j.convert(VectorOperators.I2F, 0)).neg();
            FloatVector z = ny.fma(FloatVector.broadcast(F, Q3), ny.fma(FloatVector.broadcast(F, Q2), ny.fma(FloatVector.broadcast(F, Q1), a)));
            FloatVector zz = z.mul(z);
            FloatVector sinP = zz.mul(-1.9515295891E-4f).add(8.3321608736E-3f).mul(zz).add(-1.6666654611E-1f)
                    .mul(zz).mul(z).add(z);
            FloatVector cosP = zz.mul(2.443315711809948E-5f).add(-1.388731625493765E-3f).mul(zz)
                    .add(4.166664568298827E-2f).mul(zz).mul(zz).sub(zz.mul(0.5f)).add(1f);
            IntVector jj = j.add(shift);
            VectorMask<Float> swap = jj.and(2).compare(VectorOperators.NE, 0).cast(F);    // use the cos poly
            VectorMask<Float> lower = jj.and(4).compare(VectorOperators.NE, 0).cast(F);   // negative half turn
            VectorMask<Float> negate = lower.eq(v.compare(VectorOperators.LT, 0f).and(odd)).not();  // xor
            FloatVector r = sinP.blend(cosP, swap);
            r.blend(r.neg(), negate).intoArray(out, oo + i);
        }
    }

    // --------------------------------------------------------------------------------------------- erf, Phi

    private static final float INV_SQRT_2 = 0.70710678118654752f;
    // erf(x) = 2/sqrt(pi) sum_k (-1)^k x^(2k+1) / (k! (2k+1)): x P(x^2), k = 0..6; below |x| = 0.5 the first
    // omitted term is under 1e-9 relative
    private static final float E0 = 1.1283791670955126f, E1 = -0.37612638903183754f, E2 = 0.11283791670955126f,
            E3 = -0.026866170645131252f, E4 = 0.005223977625442188f, E5 = -8.548327023450852e-4f,
            E6 = 1.2055332981789664e-4f;

    /** {@code out = erf(x)}: the Taylor series below |x| = 0.5, 1 - erfc(|x|) (sign restored) above. */
    static void erf(float[] x, int xo, float[] out, int oo, int n, float[] s, float[] c) {
        for (int b = 0; b < n; b += TILE) {
            int m = Math.min(TILE, n - b);
            erfcParts(x, xo + b, 1f, 1f, s, c, m);
            exp(s, 0, s, 0, m);
            erfFinish(x, xo + b, s, c, out, oo + b, m);
        }
    }

    /** {@code out = Phi(x) = erfc(-x / sqrt 2) / 2}, accurate in relative terms in the lower tail. */
    static void normalCdf(float[] x, int xo, float[] out, int oo, int n, float[] s, float[] c) {
        for (int b = 0; b < n; b += TILE) {
            int m = Math.min(TILE, n - b);
            erfcParts(x, xo + b, INV_SQRT_2, 0.5f, s, c, m);
            exp(s, 0, s, 0, m);
            cdfFinish(x, xo + b, s, c, out, oo + b, m);
        }
    }

    /**
     * The parts of erfc(a), a = |scale x| (Numerical Recipes' Chebyshev fit {@code erfcc}, relative error under
     * 1.2e-7): {@code erfc(a) = t exp(-a^2 - 1.26551223 + t (1.00002368 + t (...)))}, t = 1 / (1 + a/2). Writes the
     * exponent's float value to {@code s} and {@code t (1 + err - zLo)} to {@code c}, where {@code a^2 = zHi + zLo}
     * with {@code zHi = half x^2} rounded and zLo its exact error (an fma; scale^2 = half), and err is the rounding
     * error of the exponent (Knuth's two-sum). In the far tail the exponent is large (72 at a = 8.5) and a single
     * float rounding of it would cost 4e-6 of relative accuracy; the small parts restore it.
     */
    private static void erfcParts(float[] x, int xo, float scale, float half, float[] s, float[] c, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i), a = v.mul(scale).abs();
            FloatVector x2 = v.mul(v), zHi = x2.mul(half), zLo = v.fma(v, x2.neg()).mul(half);
            FloatVector t = FloatVector.broadcast(F, 1f).div(a.mul(0.5f).add(1f));
            FloatVector p = t.mul(0.17087277f).add(-0.82215223f).mul(t).add(1.48851587f).mul(t).add(-1.13520398f)
                    .mul(t).add(0.27886807f).mul(t).add(-0.18628806f).mul(t).add(0.09678418f).mul(t)
                    .add(0.37409196f).mul(t).add(1.00002368f).mul(t).add(-1.26551223f);
            FloatVector q = zHi.neg(), sum = p.add(q), bb = sum.sub(p);
            FloatVector err = p.sub(sum.sub(bb)).add(q.sub(bb));                // p + q - sum, exactly
            FloatVector corr = err.sub(zLo).add(1f).blend(1f, zHi.test(VectorOperators.IS_INFINITE));
            sum.intoArray(s, i);
            t.mul(corr).intoArray(c, i);
        }
    }

    /** Given e = exp(s) and c: erfc(|x|) = c e; erf = sign(x) (1 - erfc), or the series below |x| = 0.5. */
    private static void erfFinish(float[] x, int xo, float[] e, float[] c, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i), z = v.mul(v);
            FloatVector large = FloatVector.fromArray(F, c, i).mul(FloatVector.fromArray(F, e, i)).neg().add(1f);
            large = large.blend(large.neg(), v.compare(VectorOperators.LT, 0f));
            FloatVector small = z.mul(E6).add(E5).mul(z).add(E4).mul(z).add(E3).mul(z).add(E2).mul(z).add(E1)
                    .mul(z).add(E0).mul(v);
            large.blend(small, v.abs().compare(VectorOperators.LT, 0.5f)).intoArray(out, oo + i);
        }
    }

    /** Given e = exp(s) and c for u = x / sqrt 2: Phi = erfc(-u) / 2, or (1 + erf(u)) / 2 below |u| = 0.5. */
    private static void cdfFinish(float[] x, int xo, float[] e, float[] c, float[] out, int oo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector u = FloatVector.fromArray(F, x, xo + i).mul(INV_SQRT_2), z = u.mul(u);
            FloatVector half = FloatVector.fromArray(F, c, i).mul(FloatVector.fromArray(F, e, i)).mul(0.5f);
            FloatVector large = half.blend(half.neg().add(1f), u.compare(VectorOperators.GT, 0f));
            FloatVector small = z.mul(E6).add(E5).mul(z).add(E4).mul(z).add(E3).mul(z).add(E2).mul(z).add(E1)
                    .mul(z).add(E0).mul(u).mul(0.5f).add(0.5f);
            large.blend(small, u.abs().compare(VectorOperators.LT, 0.5f)).intoArray(out, oo + i);
        }
    }

    // --------------------------------------------------------------------------------------------- floor, ceil

    /** {@code out = floor(x)}, as {@link Math#floor} (signed zeros, NaN and infinities included). */
    static void floor(float[] x, int xo, float[] out, int oo, int n) {
        round(true, x, xo, out, oo, n);
    }

    /** {@code out = ceil(x)}, as {@link Math#ceil}. */
    static void ceil(float[] x, int xo, float[] out, int oo, int n) {
        round(false, x, xo, out, oo, n);
    }

    /**
     * Truncates through an int (only lanes below 2^23 in size are used: larger ones are integers already, and NaN
     * and infinities stay), steps down (floor) or up (ceil) where truncation went the wrong way, and gives the
     * result the sign of x (floor and ceil of a number in (-1, 0] are -1 and -0).
     */
    private static void round(boolean floor, float[] x, int xo, float[] out, int oo, int n) {
        float c = floor ? 1f : -1f;      // floor: step down where t > x; ceil: step up where -t > -x
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            FloatVector t = (FloatVector) v.convert(VectorOperators.F2I, 0).convert(VectorOperators.I2F, 0);
            FloatVector r = t.blend(t.sub(c), t.mul(c).compare(VectorOperators.GT, v.mul(c)));
            FloatVector signed = r.reinterpretAsInts().and(0x7fffffff)
                    .or(v.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
            v.blend(signed, v.abs().compare(VectorOperators.LT, 8388608f)).intoArray(out, oo + i);
        }
    }
}
