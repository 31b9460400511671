package org.genex.tensor.cpu;

import static org.genex.tensor.cpu.Species.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float vector math for the vector path: exp, expm1, log, log1p, tanh, sin, cos, erf, the normal CDF, sigmoid,
 * floor, ceil, and lane reductions in a fixed order.
 *
 * <h2>Why not {@code VectorOperators.EXP} and friends</h2>
 * The Vector API's transcendental operators are computed by a native vector library (SVML) once C2 has compiled the
 * calling loop, but lane by lane with {@link Math} before that (interpreter, C1). The two differ in the last bit, so
 * a kernel built on them gives different bits for the same input depending on how warm the JIT is: softmax over
 * the same rows was seen to change between calls. Every function here is built from operations that IEEE 754
 * defines exactly (add, mul, div, fma, sqrt, compare, blend, bit operations, integer conversion of in-range
 * values), so compiled and interpreted code agree bit for bit and the backend's determinism holds.
 *
 * <h2>Accuracy</h2>
 * exp, expm1, log, log1p, tanh, sin and cos use the minimax polynomials of Cephes' single precision library
 * (S. Moshier) after a range reduction: within 3 ulp of the exact result (checked against {@link Math} in the
 * tests). sin and cos reduce by pi/4 with a three-part pi/4 and fmas, which holds up to |x| = 8192; a vector with a
 * larger (or infinite) lane is computed lane by lane with {@link Math#sin} / {@link Math#cos}. erf and the normal CDF are within about 2e-7
 * absolute (and 1e-6 relative in the lower tail of the CDF, where GELU is x Phi(x)), checked against
 * {@link org.genex.tensor.SpecialMath} on a dense grid.
 *
 * <p>The helpers are small so that the JIT inlines them into the calling loop (a vector that crosses a call that
 * is not inlined is boxed).
 */
final class VectorMath {
    private VectorMath() {}

    private static final float TWO_OVER_SQRT_PI = 1.1283791670955126f;
    private static final float INV_SQRT_2 = 0.70710678118654752f;

    // erf(x) = 2/sqrt(pi) * sum_k (-1)^k x^(2k+1) / (k! (2k+1)): coefficients of x * P(x^2), k = 0..6; below
    // |x| = 0.5 the first omitted term is under 1e-9 relative.
    private static final float E0 = 1.1283791670955126f;
    private static final float E1 = -0.37612638903183754f;
    private static final float E2 = 0.11283791670955126f;
    private static final float E3 = -0.026866170645131252f;
    private static final float E4 = 0.005223977625442188f;
    private static final float E5 = -8.548327023450852e-4f;
    private static final float E6 = 1.2055332981789664e-4f;

    private static final VectorSpecies<Integer> I = F.withLanes(int.class);

    // exp: x = n ln2 + r, ln2 split in a part with few bits (n * LN2_HI is exact) and the rest
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer, held in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = 0x4B400000;

    /** exp(r) = 1 + r + r^2 P(r) on |r| <= ln2 / 2 (Cephes expf), by fmas; returns expm1(r) = r + r^2 P(r). */
    private static FloatVector expPoly(FloatVector r) {
        FloatVector p = r.fma(1.9875691500E-4f, 1.3981999507E-3f).fma(r, c(8.3334519073E-3f))
                .fma(r, c(4.1665795894E-2f)).fma(r, c(1.6666665459E-1f)).fma(r, c(5.0000001201E-1f));
        return p.fma(r.mul(r), r);
    }

    private static FloatVector c(float v) { return FloatVector.broadcast(F, v); }

    /** r = x - n ln2 (two fmas: n LN2_HI is exact, LN2_LO carries the rest of ln2). */
    private static FloatVector reduceLn2(FloatVector x, FloatVector n) {
        return n.fma(c(-LN2_LO), n.fma(c(-LN2_HI), x));
    }

    /** 2^n for integer n in [-126, 127], as float bits. */
    private static FloatVector pow2(IntVector n) {
        return n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    /** e^x: overflow to +inf above 88.72, underflow through the subnormals to 0 below -103.97, NaN stays NaN. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(-104f).min(89f);
        FloatVector t = xc.fma(LOG2E, ROUNDER);
        FloatVector n = t.sub(ROUNDER);                                        // round(x / ln2), exactly
        FloatVector r = reduceLn2(xc, n);
        IntVector ni = t.reinterpretAsInts().sub(ROUNDER_BITS);                // n as an int, in [-150, 129]
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        return expPoly(r).add(1f).mul(pow2(n1)).mul(pow2(ni.sub(n1)));       // two steps: 2^n may be subnormal
    }

    /** e^x - 1, accurate near 0 (as {@link Math#expm1}). */
    static FloatVector expm1(FloatVector x) {
        FloatVector xc = x.max(-87f).min(89f);
        FloatVector t = xc.fma(LOG2E, ROUNDER);
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = reduceLn2(xc, n);
        IntVector ni = t.reinterpretAsInts().sub(ROUNDER_BITS);                // in [-126, 129]
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        FloatVector s1 = pow2(n1), s2 = pow2(ni.sub(n1)), q = expPoly(r);
        FloatVector s = s1.mul(s2);
        FloatVector small = s.mul(q).add(s.sub(1f));                           // 2^n expm1(r) + (2^n - 1)
        FloatVector big = q.add(1f).mul(s1).mul(s2);                           // n > 24: e^x - 1 rounds to e^x
        return small.blend(big, n.compare(VectorOperators.GT, 24f));
    }

    private static final float SQRT_HALF = 0.707106781186547524f;

    /** The natural logarithm: log(0) = -inf, log of a negative number or NaN is NaN, log(+inf) = +inf. */
    static FloatVector log(FloatVector x) {
        VectorMask<Float> subnormal = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector xs = x.blend(x.mul(8388608f), subnormal);                 // scale subnormals by 2^23
        IntVector bits = xs.reinterpretAsInts();
        IntVector e = bits.lanewise(VectorOperators.LSHR, 23).sub(126);        // x = m 2^e, m in [0.5, 1)
        FloatVector m = bits.and(0x807fffff).or(0x3f000000).reinterpretAsFloats();
        FloatVector ef = (FloatVector) e.convert(VectorOperators.I2F, 0);
        ef = ef.blend(ef.sub(23f), subnormal);
        VectorMask<Float> low = m.compare(VectorOperators.LT, SQRT_HALF);     // m in [sqrt(1/2), sqrt 2) after this
        ef = ef.blend(ef.sub(1f), low);
        m = m.blend(m.add(m), low).sub(1f);
        FloatVector z = m.mul(m);
        FloatVector y = m.mul(7.0376836292E-2f).add(-1.1514610310E-1f).mul(m).add(1.1676998740E-1f).mul(m)
                .add(-1.2420140846E-1f).mul(m).add(1.4249322787E-1f).mul(m).add(-1.6668057665E-1f).mul(m)
                .add(2.0000714765E-1f).mul(m).add(-2.4999993993E-1f).mul(m).add(3.3333331174E-1f).mul(m).mul(z);
        y = y.add(ef.mul(LN2_LO)).add(z.mul(-0.5f));
        FloatVector r = m.add(y).add(ef.mul(LN2_HI));
        r = r.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        r = r.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        return r.blend(Float.NaN, x.compare(VectorOperators.LT, 0f).or(x.test(VectorOperators.IS_NAN)));
    }

    /** log(1 + x), accurate near 0: log(u) * x / (u - 1) with u = 1 + x (Goldberg), x itself where u == 1. */
    static FloatVector log1p(FloatVector x) {
        FloatVector u = x.add(1f);
        FloatVector r = log(u).mul(x.div(u.sub(1f)));
        r = r.blend(x, u.compare(VectorOperators.EQ, 1f));
        return r.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    /** tanh(x): a polynomial below |x| = 0.625 (Cephes tanhf), 1 - 2 / (e^(2|x|) + 1) with the sign of x above. */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs(), z = x.mul(x);
        FloatVector p = z.mul(-5.70498872745E-3f).add(2.06390887954E-2f).mul(z).add(-5.37397155531E-2f).mul(z)
                .add(1.33314422036E-1f).mul(z).add(-3.33332819422E-1f);
        FloatVector small = p.mul(z).mul(x).add(x);
        FloatVector big = FloatVector.broadcast(F, 2f).div(exp(a.add(a)).add(1f)).neg().add(1f);
        big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0f));
        return big.blend(small, a.compare(VectorOperators.LT, 0.625f));
    }

    // sin, cos: octants of pi/4, with pi/4 = P1 + P2 + P3 to about 2^-77 (each the float nearest the remainder);
    // z = ((|x| - y P1) - y P2) - y P3 by fmas: the first is exact, the others round once each, so z keeps its
    // relative accuracy even next to a multiple of pi/4
    private static final float FOUR_OVER_PI = 1.27323954473516f;
    private static final float P1 = 0.7853981852531433f;
    private static final float P2 = -2.1855694143368964e-08f;
    private static final float P3 = -8.575622550029409e-16f;
    private static final float TRIG_LIMIT = 8192f;

    /** |x| minus y times pi/4, for y = 0, 2, 4, ... below 2^14. */
    private static FloatVector reduce(FloatVector a, FloatVector y) {
        FloatVector ny = y.neg();
        FloatVector z = ny.fma(FloatVector.broadcast(F, P1), a);
        z = ny.fma(FloatVector.broadcast(F, P2), z);
        return ny.fma(FloatVector.broadcast(F, P3), z);
    }

    private static FloatVector sinPoly(FloatVector z, FloatVector zz) {
        return zz.mul(-1.9515295891E-4f).add(8.3321608736E-3f).mul(zz).add(-1.6666654611E-1f).mul(zz).mul(z).add(z);
    }

    private static FloatVector cosPoly(FloatVector zz) {
        return zz.mul(2.443315711809948E-5f).add(-1.388731625493765E-3f).mul(zz).add(4.166664568298827E-2f)
                .mul(zz).mul(zz).sub(zz.mul(0.5f)).add(1f);
    }

    /** sin(x); lanes of a vector with some |x| > 8192 (or infinite) come from {@link Math#sin}. */
    static FloatVector sin(FloatVector x) {
        FloatVector a = x.abs();
        if (a.compare(VectorOperators.GT, TRIG_LIMIT).anyTrue()) return laneByLane(x, true);
        IntVector j = (IntVector) a.mul(FOUR_OVER_PI).convert(VectorOperators.F2I, 0);
        j = j.add(1).and(~1);                                                  // even octant: zeros to the origin
        FloatVector y = (FloatVector) j.convert(VectorOperators.I2F, 0);
        FloatVector z = reduce(a, y), zz = z.mul(z);
        VectorMask<Float> useCos = j.and(2).compare(VectorOperators.NE, 0).cast(F);
        VectorMask<Float> lowerHalf = j.and(4).compare(VectorOperators.NE, 0).cast(F);   // sin(|x|) < 0 there
        VectorMask<Float> negate = lowerHalf.eq(x.compare(VectorOperators.LT, 0f)).not();  // xor: sin(-x) = -sin x
        FloatVector r = sinPoly(z, zz).blend(cosPoly(zz), useCos);
        return r.blend(r.neg(), negate);
    }

    /** cos(x); lanes of a vector with some |x| > 8192 (or infinite) come from {@link Math#cos}. */
    static FloatVector cos(FloatVector x) {
        FloatVector a = x.abs();
        if (a.compare(VectorOperators.GT, TRIG_LIMIT).anyTrue()) return laneByLane(x, false);
        IntVector j = (IntVector) a.mul(FOUR_OVER_PI).convert(VectorOperators.F2I, 0);
        j = j.add(1).and(~1);
        FloatVector y = (FloatVector) j.convert(VectorOperators.I2F, 0);
        FloatVector z = reduce(a, y), zz = z.mul(z);
        VectorMask<Float> useSin = j.and(2).compare(VectorOperators.NE, 0).cast(F);
        VectorMask<Float> negate = j.add(2).and(4).compare(VectorOperators.NE, 0).cast(F); // octants 2, 4 of 0..6
        FloatVector r = cosPoly(zz).blend(sinPoly(z, zz), useSin);
        return r.blend(r.neg(), negate);
    }

    /** sin or cos lane by lane in double with {@link Math}, for arguments beyond the float reduction. */
    private static FloatVector laneByLane(FloatVector x, boolean sin) {
        float[] v = x.toArray();
        for (int i = 0; i < v.length; i++) v[i] = (float) (sin ? Math.sin(v[i]) : Math.cos(v[i]));
        return FloatVector.fromArray(F, v, 0);
    }

    /**
     * The fixed-order lane reduction: step {@code j} adds lane {@code i + L/2^j} into lane {@code i}, so lane 0 ends
     * with a pairwise sum whose order does not depend on how the JIT compiles it (unlike {@code reduceLanes(ADD)},
     * whose order is unspecified).
     */
    @SuppressWarnings("unchecked")
    private static final VectorShuffle<Float>[] HALVES = halves();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] halves() {
        int steps = Integer.numberOfTrailingZeros(F.length());
        VectorShuffle<Float>[] s = new VectorShuffle[steps];
        for (int j = 0, w = F.length() / 2; j < steps; j++, w /= 2) {
            int shift = w;
            s[j] = VectorShuffle.fromOp(F, i -> (i + shift) % F.length());
        }
        return s;
    }

    /** The sum of the lanes of {@code v}, in a fixed pairwise order. */
    static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> s : HALVES) v = v.add(v.rearrange(s));
        return v.lane(0);
    }

    /**
     * The largest lane of {@code v}; NaN if any lane is NaN. The Vector API may reduce in any order, which is
     * harmless here: max is commutative and associative, signed zeros included ({@link Math#max} orders -0 below 0).
     */
    static float maxLanes(FloatVector v) {
        return v.reduceLanes(VectorOperators.MAX);
    }

    /** The smallest lane of {@code v}; NaN if any lane is NaN (in any order, as {@link #maxLanes}). */
    static float minLanes(FloatVector v) {
        return v.reduceLanes(VectorOperators.MIN);
    }

    /** 1 / (1 + exp(-x)), as exp(-|x|) based quotients that are accurate in both tails and never overflow. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());                                // exp(-|x|), in (0, 1]
        FloatVector num = e.blend(1f, x.compare(VectorOperators.GE, 0f)); // x >= 0: 1 / (1 + e); x < 0: e / (1 + e)
        return num.div(e.add(1f));
    }

    /** erf(x) for |x| < 0.5 by its Taylor series, given {@code z = x * x}. */
    static FloatVector erfSmall(FloatVector x, FloatVector z) {
        FloatVector p = z.mul(E6).add(E5).mul(z).add(E4).mul(z).add(E3).mul(z).add(E2).mul(z).add(E1).mul(z).add(E0);
        return x.mul(p);
    }

    /**
     * erfc(a) for a >= 0 (Numerical Recipes' Chebyshev fit {@code erfcc}, relative error under 1.2e-7):
     * {@code t exp(-a^2 - 1.26551223 + t (1.00002368 + t (...)))} with {@code t = 1 / (1 + a/2)}.
     *
     * <p>In the far tail the exponent is large (72 at a = 8.5) and one float rounding of it would cost 4e-6 of
     * relative accuracy, so it is carried in two parts: {@code a^2 = zHi + zLo} (the float product and its exact
     * rounding error, from an fma), and the rounding error of {@code p - zHi} (Knuth's two-sum); both small parts
     * enter as the factor {@code 1 + err - zLo}, about exp(err - zLo).
     */
    static FloatVector erfcPositive(FloatVector a, FloatVector zHi, FloatVector zLo) {
        FloatVector t = FloatVector.broadcast(F, 1f).div(a.mul(0.5f).add(1f));
        FloatVector p = t.mul(0.17087277f).add(-0.82215223f).mul(t).add(1.48851587f).mul(t).add(-1.13520398f)
                .mul(t).add(0.27886807f).mul(t).add(-0.18628806f).mul(t).add(0.09678418f).mul(t).add(0.37409196f)
                .mul(t).add(1.00002368f).mul(t).add(-1.26551223f);
        FloatVector q = zHi.neg(), s = p.add(q), bb = s.sub(p);
        FloatVector err = p.sub(s.sub(bb)).add(q.sub(bb));                        // p + q - s, exactly
        FloatVector corr = err.sub(zLo).add(1f).blend(1f, zHi.test(VectorOperators.IS_INFINITE));
        return t.mul(exp(s)).mul(corr);
    }

    /** The error function: the Taylor series below |x| = 0.5, 1 - erfc(|x|) (sign restored) above. */
    static FloatVector erf(FloatVector x) {
        FloatVector a = x.abs(), z = x.mul(x), zLo = x.fma(x, z.neg());
        FloatVector large = erfcPositive(a, z, zLo).neg().add(1f);
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        return large.blend(erfSmall(x, z), a.compare(VectorOperators.LT, 0.5f));
    }

    /**
     * The standard normal CDF Phi(x) = erfc(-x / sqrt 2) / 2, accurate in relative terms in the lower tail: the
     * exponent x^2 / 2 is formed from x itself (exactly, with an fma), not from the rounded x / sqrt 2.
     */
    static FloatVector normalCdf(FloatVector x) {
        FloatVector u = x.mul(INV_SQRT_2), a = u.abs();
        FloatVector x2 = x.mul(x), zHi = x2.mul(0.5f), zLo = x.fma(x, x2.neg()).mul(0.5f);
        FloatVector half = erfcPositive(a, zHi, zLo).mul(0.5f);               // Phi(-|x|)
        FloatVector large = half.blend(half.neg().add(1f), u.compare(VectorOperators.GT, 0f));
        FloatVector small = erfSmall(u, u.mul(u)).mul(0.5f).add(0.5f);
        return large.blend(small, a.compare(VectorOperators.LT, 0.5f));
    }

    /** floor(x), as {@link Math#floor} (signed zeros, NaN and infinities included). */
    static FloatVector floor(FloatVector x) {
        FloatVector t = trunc(x);
        return finishRounding(x, t.blend(t.sub(1f), t.compare(VectorOperators.GT, x)));
    }

    /** ceil(x), as {@link Math#ceil} (signed zeros, NaN and infinities included). */
    static FloatVector ceil(FloatVector x) {
        FloatVector t = trunc(x);
        return finishRounding(x, t.blend(t.add(1f), t.compare(VectorOperators.LT, x)));
    }

    /** x rounded towards zero, for |x| < 2^31 (other lanes are replaced by {@link #finishRounding}). */
    private static FloatVector trunc(FloatVector x) {
        return (FloatVector) x.convert(VectorOperators.F2I, 0).convert(VectorOperators.I2F, 0);
    }

    /**
     * Gives the rounded value {@code r} the sign of {@code x} (floor and ceil of a negative number in (-1, 0] are
     * -1 and -0), and keeps {@code x} itself where it is already an integer by size (|x| >= 2^23), infinite or NaN.
     */
    private static FloatVector finishRounding(FloatVector x, FloatVector r) {
        FloatVector signed = r.reinterpretAsInts().and(0x7fffffff)
                .or(x.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
        return x.blend(signed, x.abs().compare(VectorOperators.LT, 8388608f));
    }
}
