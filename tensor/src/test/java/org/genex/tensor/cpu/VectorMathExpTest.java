package org.genex.tensor.cpu;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import org.genex.tensor.Tensor;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;

/**
 * {@link VectorMath#exp}, {@link VectorMath#expShiftedSum} and {@link VectorMath#sigmoid} give exactly the bits of
 * their earlier versions, copied below as {@link TwoStep}, which scaled every lane by 2^k in two halves. The fast
 * path now scales a vector whose inputs are all within 86 in magnitude in one step (k added to the exponent field),
 * and sends any other vector to the two-step path: both must agree on every input, and a lane's result must not
 * depend on its neighbours. Checked on a grid over all float bit patterns, exhaustively around the edge of the fast
 * path and of overflow and underflow, and on vectors that mix one extreme lane into ordinary ones. Row softmax,
 * which now shifts by a maximum that ignores NaN and the sign of zero (redoing rows whose sum is NaN), gives the bits
 * of the earlier softmax (exact maximum, two-step exp) on rows with zeros of both signs, NaN, infinities and masks.
 */
class VectorMathExpTest {
    private static final int L = Species.F.length();

    @BeforeAll
    static void vectorApiPresent() {
        Assumptions.assumeTrue(Simd.AVAILABLE, "jdk.incubator.vector is not in this JVM");
    }

    /** VectorMath's exp, shifted exp with sum and sigmoid before the one-step fast path, verbatim. */
    static final class TwoStep {
        private static final jdk.incubator.vector.VectorSpecies<Float> F = Species.F;
        private static final float LOG2E = 1.44269504088896341f;
        private static final float LN2_HI = 0.693359375f;
        private static final float LN2_LO = -2.12194440e-4f;
        private static final float ROUNDER = 12582912f;
        private static final int ROUNDER_BITS = 0x4B400000;
        private static final float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f,
                P3 = 4.1665795894E-2f, P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;

        static void exp(float[] x, int xo, float[] out, int oo, int n) {
            for (int i = 0; i < n; i += L) {
                FloatVector xc = FloatVector.fromArray(F, x, xo + i).max(-104f).min(89f);
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
                e.mul(s1).mul(s2).intoArray(out, oo + i);
            }
        }

        static float expShiftedSum(float[] x, int xo, float shift, float[] out, int oo, int n) {
            FloatVector acc = FloatVector.zero(F);
            for (int i = 0; i < n; i += L) {
                FloatVector xc = FloatVector.fromArray(F, x, xo + i).sub(shift).max(-104f).min(89f);
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
                e = e.mul(s1).mul(s2);
                e.intoArray(out, oo + i);
                acc = acc.add(e);
            }
            float[] lanes = new float[L];
            acc.intoArray(lanes, 0);
            return VectorMath.sumLanes(lanes);
        }

        static void sigmoid(float[] x, int xo, float[] out, int oo, int n) {
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
                e = e.mul(s1).mul(s2);
                e.blend(1f, v.compare(VectorOperators.GE, 0f)).div(e.add(1f)).intoArray(out, oo + i);
            }
        }
    }

    // ============================================================================================ inputs

    private static final int BLOCK = 1 << 19;

    /**
     * Block {@code b} of a grid over all 2^32 bit patterns: 2^23 floats in 16 blocks, a stride of 512 with the low
     * bits varied, so every sign, binade and NaN payload region is visited and vectors at the edges of a region mix
     * lanes of both sides.
     */
    private static float[] gridBlock(int b) {
        float[] x = new float[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            long j = (long) b * BLOCK + i;
            x[i] = Float.intBitsToFloat((int) ((j << 9) | ((j * 37) & 0x1ff)));
        }
        return x;
    }

    /** Every float with magnitude in [lo, hi), of the given sign, padded to whole vectors with 0. */
    private static float[] allFloats(float lo, float hi, boolean negative) {
        int a = Float.floatToRawIntBits(lo), b = Float.floatToRawIntBits(hi), n = b - a, padded = (n + L - 1) / L * L;
        float[] x = new float[padded];
        for (int i = 0; i < n; i++) x[i] = negative ? -Float.intBitsToFloat(a + i) : Float.intBitsToFloat(a + i);
        return x;
    }

    /** Vectors of ordinary inputs in [-20, 20] with one lane (at a varying position) from {@code extremes}. */
    private static float[] mixed(float[] extremes, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[extremes.length * L];
        for (int v = 0; v < extremes.length; v++) {
            for (int j = 0; j < L; j++) x[v * L + j] = rnd.nextFloat() * 40 - 20;
            x[v * L + rnd.nextInt(L)] = extremes[v];
        }
        return x;
    }

    private static final float[] EXTREMES = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            86.00001f, -86.00001f, 88.7f, 88.72284f, 88.72285f, 89f, 100f, -87.33655f, -87.4f, -100f, -103.97f,
            -104f, -110f, 1e30f, -1e30f, Float.MAX_VALUE, -Float.MAX_VALUE, Float.intBitsToFloat(0x7fc00001),
            Float.intBitsToFloat(0xffbfffff)};

    private static void assertSameBits(float[] x, float[] expected, float[] actual, String what) {
        for (int i = 0; i < x.length; i++)
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i]))
                fail(what + "(" + bits(x[i]) + ") is " + bits(actual[i]) + ", the two-step path gives "
                        + bits(expected[i]));
    }

    private static String bits(float v) {
        return v + " (0x" + Integer.toHexString(Float.floatToRawIntBits(v)) + ")";
    }

    /** exp and sigmoid against the two-step versions over {@code x}, out of place and in place. */
    private static void checkUnary(float[] x) {
        int n = x.length;
        float[] expected = new float[n], got = new float[n];
        TwoStep.exp(x, 0, expected, 0, n);
        VectorMath.exp(x, 0, got, 0, n);
        assertSameBits(x, expected, got, "exp");
        float[] inPlace = x.clone();
        VectorMath.exp(inPlace, 0, inPlace, 0, n);
        assertSameBits(x, expected, inPlace, "exp in place");
        TwoStep.sigmoid(x, 0, expected, 0, n);
        VectorMath.sigmoid(x, 0, got, 0, n);
        assertSameBits(x, expected, got, "sigmoid");
    }

    // ============================================================================================= tests

    @Test
    void expAndSigmoidMatchTheTwoStepPathOnAGridOverAllFloats() {
        for (int b = 0; b < 16; b++) checkUnary(gridBlock(b));
    }

    @Test
    void expAndSigmoidMatchOnEveryFloatNearTheEdgesOfTheFastPath() {
        // 86 (fast path), 87.3 (subnormal results), 88.72 (overflow), 103.97 (underflow to 0), the clamps
        for (boolean negative : new boolean[]{false, true}) checkUnary(allFloats(80f, 112f, negative));
        checkUnary(allFloats(0f, Float.MIN_NORMAL, true));                    // subnormal inputs, e^x = 1
    }

    @Test
    void oneExtremeLaneLeavesItsNeighboursBitsAlone() {
        for (long seed = 0; seed < 200; seed++) checkUnary(mixed(EXTREMES, seed));
    }

    @Test
    void expShiftedSumMatchesInValuesAndSum() {
        Random rnd = new Random(7);
        int n = 16 * L;
        float[] x = new float[n], expected = new float[n], got = new float[n];
        float[] shifts = {0f, 1f, -3.5f, 20f, 86f, -86f, 200f, 1e30f, Float.NEGATIVE_INFINITY,
                Float.POSITIVE_INFINITY, Float.NaN};
        for (int row = 0; row < 120; row++) {
            float spread = new float[]{1f, 30f, 100f, 300f}[row % 4];
            for (int i = 0; i < n; i++) x[i] = (rnd.nextFloat() * 2 - 1) * spread;
            if (row % 5 == 0) for (int i = 0; i < 8; i++) x[rnd.nextInt(n)] = EXTREMES[rnd.nextInt(EXTREMES.length)];
            if (row % 7 == 0) for (int i = 0; i < n; i += 3) x[i] = Float.NEGATIVE_INFINITY;   // a causal mask
            float shift = row < shifts.length ? shifts[row] : (rnd.nextFloat() * 2 - 1) * spread;
            float s1 = TwoStep.expShiftedSum(x, 0, shift, expected, 0, n);
            float s2 = VectorMath.expShiftedSum(x, 0, shift, got, 0, n);
            assertSameBits(x, expected, got, "expShiftedSum, shift " + shift + ", row " + row + ": exp");
            assertEquals(Float.floatToRawIntBits(s1), Float.floatToRawIntBits(s2),
                    "expShiftedSum, shift " + shift + ", row " + row + ": sum " + s2 + ", expected exactly " + s1);
            float[] inPlace = x.clone();
            assertEquals(Float.floatToRawIntBits(s1),
                    Float.floatToRawIntBits(VectorMath.expShiftedSum(inPlace, 0, shift, inPlace, 0, n)));
            assertSameBits(x, expected, inPlace, "expShiftedSum in place, row " + row);
        }
    }

    /** Softmax over rows as before: shifted by the exact maximum, the two-step exp, the tail padded with -inf. */
    private static float[] softmaxRowsBefore(float[] x, int rows, int n) {
        VectorReductionKernels k = new VectorReductionKernels();
        float[] out = new float[rows * n], tail = new float[L];
        int ub = n / L * L;
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            float m = k.max(x, o, n);
            float s = TwoStep.expShiftedSum(x, o, m, out, o, ub);
            if (ub < n) {
                Arrays.fill(tail, Float.NEGATIVE_INFINITY);
                System.arraycopy(x, o + ub, tail, 0, n - ub);
                s += TwoStep.expShiftedSum(tail, 0, m, tail, 0, L);
                System.arraycopy(tail, 0, out, o + ub, n - ub);
            }
            float c = 1f / s;
            for (int i = 0; i < n; i++) out[o + i] *= c;
        }
        return out;
    }

    @Test
    void softmaxRowsGiveTheBitsOfShiftingByTheExactMaximum() {
        Random rnd = new Random(11);
        CpuBackend be = TestTensors.vector();
        for (int n : new int[]{1, 3, L, L + 1, 4 * L, 4 * L + 5, 100, 1024, 1030}) {
            int rows = 24;
            float[] x = new float[rows * n];
            for (int r = 0; r < rows; r++) {
                int o = r * n;
                for (int i = 0; i < n; i++) x[o + i] = (rnd.nextFloat() * 2 - 1) * (r % 3 == 0 ? 200 : 6);
                switch (r % 12) {
                    case 1 -> { for (int i = 0; i < n; i++) x[o + i] = -Math.abs(x[o + i]); x[o + rnd.nextInt(n)] = -0f; }
                    case 2 -> { for (int i = 0; i < n; i++) x[o + i] = -Math.abs(x[o + i]);
                                x[o + rnd.nextInt(n)] = -0f; x[o + rnd.nextInt(n)] = 0f; }
                    case 4 -> x[o + rnd.nextInt(n)] = Float.NaN;
                    case 5 -> x[o + rnd.nextInt(n)] = Float.POSITIVE_INFINITY;
                    case 6 -> Arrays.fill(x, o, o + n, Float.NEGATIVE_INFINITY);
                    case 7 -> { for (int i = 0; i < n; i += 2) x[o + i] = Float.NEGATIVE_INFINITY; }
                    case 8 -> { for (int i = 0; i < n; i += 3) x[o + i] = -1e9f; }
                    case 9 -> x[o + rnd.nextInt(n)] = 3e38f;
                    case 10 -> Arrays.fill(x, o, o + n, -0f);
                    default -> { }
                }
            }
            Tensor y = be.allocate(org.genex.tensor.Shape.of(rows, n));
            be.softmax(Tensor.wrap(x, rows, n), 1, y);
            float[] expected = softmaxRowsBefore(x, rows, n), got = y.toArray();
            for (int i = 0; i < expected.length; i++)
                if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(got[i]))
                    fail("softmax of rows of " + n + ": row " + i / n + " element " + i % n + " (x = " + x[i] + ") is "
                            + bits(got[i]) + ", expected exactly " + bits(expected[i]));
        }
    }
}
