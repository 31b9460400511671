package org.genex.tensor.cpu;

import static org.genex.tensor.cpu.Species.F;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * Float vector functions that the Vector API has no intrinsic for (erf, the normal CDF, sigmoid, floor, ceil),
 * and lane reductions in a fixed order. Vector path only.
 *
 * <p>Accuracy, checked against {@link org.genex.tensor.SpecialMath} in double over a dense grid by the tests: erf
 * and the normal CDF to about 2e-7 absolute (and about 1e-6 relative in the lower tail of the CDF, where GELU
 * is x Phi(x)).
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

    /** The largest lane of {@code v}; NaN if any lane is NaN. */
    static float maxLanes(FloatVector v) {
        for (VectorShuffle<Float> s : HALVES) v = v.max(v.rearrange(s));
        return v.lane(0);
    }

    /** The smallest lane of {@code v}; NaN if any lane is NaN. */
    static float minLanes(FloatVector v) {
        for (VectorShuffle<Float> s : HALVES) v = v.min(v.rearrange(s));
        return v.lane(0);
    }

    /** 1 / (1 + exp(-x)), as exp(-|x|) based quotients that are accurate in both tails and never overflow. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = x.abs().neg().lanewise(VectorOperators.EXP);      // exp(-|x|), in (0, 1]
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
        return t.mul(s.lanewise(VectorOperators.EXP)).mul(corr);
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
