package org.genex.autodiff;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.*;
import net.jqwik.api.constraints.IntRange;
import org.genex.tensor.*;
import org.junit.jupiter.api.Test;

/**
 * The elementwise primitives against finite differences: binary ops under every broadcast pattern, ops with a
 * scalar, every unary primitive, clamp and where; and exact checks where a rule has a special case (ties of
 * maximum/minimum, clamp at its bounds, pow at a zero base or exponent).
 */
class ElementwiseOpsTest {

    // ------------------------------------------------------------------------------------------------ inputs

    /** Uniform in [lo, hi). */
    static Tensor uniform(Random r, double lo, double hi, int... dims) {
        return TestTensors.uniform(r, (float) lo, (float) hi, dims);
    }

    /** Magnitude uniform in [lo, hi), random sign: away from 0. */
    static Tensor awayFromZero(Random r, double lo, double hi, int... dims) {
        float[] a = uniform(r, lo, hi, dims).toArray();
        for (int i = 0; i < a.length; i++) if (r.nextBoolean()) a[i] = -a[i];
        return Tensor.wrap(a, dims);
    }

    /**
     * Values on a grid of step 0.2 in [-1, 1]: odd multiples of 0.1 if {@code odd}, else even ones. An odd and an
     * even grid value are at least 0.1 apart, so maximum/minimum of such operands never meet a tie within the
     * finite-difference step.
     */
    static Tensor grid(Random r, boolean odd, int... dims) {
        Shape s = Shape.of(dims);
        float[] a = new float[s.size()];
        for (int i = 0; i < a.length; i++) a[i] = odd ? (2 * r.nextInt(10) - 9) * 0.1f : (2 * r.nextInt(11) - 10) * 0.1f;
        return Tensor.wrap(a, dims);
    }

    /**
     * The operand shapes of broadcast pattern {@code p} (0..12): equal shapes, a rank-0 operand on either side,
     * a row [d] against [n,d], a column [n,1], [a,1,d] against [a,n,d], both sides broadcast, a [1], two scalars.
     */
    static int[][] pattern(int p, int n, int d, int a) {
        return switch (p) {
            case 0 -> new int[][]{{n, d}, {n, d}};
            case 1 -> new int[][]{{n, d}, {}};
            case 2 -> new int[][]{{}, {n, d}};
            case 3 -> new int[][]{{n, d}, {d}};
            case 4 -> new int[][]{{d}, {n, d}};
            case 5 -> new int[][]{{n, d}, {n, 1}};
            case 6 -> new int[][]{{n, 1}, {n, d}};
            case 7 -> new int[][]{{a, 1, d}, {a, n, d}};
            case 8 -> new int[][]{{a, n, d}, {a, 1, d}};
            case 9 -> new int[][]{{n, 1}, {1, d}};
            case 10 -> new int[][]{{a, 1, d}, {n, 1}};
            case 11 -> new int[][]{{1}, {n, d}};
            case 12 -> new int[][]{{}, {}};
            default -> throw new IllegalArgumentException("pattern " + p);
        };
    }

    static final int PATTERNS = 13;

    /** Operands of {@code op} in ranges where it is smooth: b away from 0 for div, a > 0 for pow, no ties. */
    static Tensor[] operands(BinaryOp op, Random r, int[] da, int[] db) {
        return switch (op) {
            case ADD, SUB, MUL -> new Tensor[]{uniform(r, -1, 1, da), uniform(r, -1, 1, db)};
            case DIV -> new Tensor[]{uniform(r, -1, 1, da), awayFromZero(r, 0.5, 1.5, db)};
            case POW -> new Tensor[]{uniform(r, 0.5, 2, da), uniform(r, -2, 2, db)};
            case MAX, MIN -> new Tensor[]{grid(r, true, da), grid(r, false, db)};
        };
    }

    static Var apply(BinaryOp op, Var a, Var b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> a.pow(b);
            case MAX -> a.maximum(b);
            case MIN -> a.minimum(b);
        };
    }

    static void checkBinary(BinaryOp op, int p, int n, int d, int a, long seed) {
        int[][] dims = pattern(p, n, d, a);
        Tensor[] in = operands(op, new Random(seed), dims[0], dims[1]);
        try {
            GradCheck.check(v -> apply(op, v[0], v[1]), in);
        } catch (AssertionError e) {
            throw new AssertionError(op + " of " + in[0].shape() + " and " + in[1].shape() + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------ binary

    @Property(tries = 40)
    void binaryOpsUnderBroadcastMatchFiniteDifferences(@ForAll BinaryOp op, @ForAll @IntRange(min = 0, max = 12) int p,
                                                       @ForAll @IntRange(min = 1, max = 4) int n,
                                                       @ForAll @IntRange(min = 1, max = 4) int d,
                                                       @ForAll @IntRange(min = 1, max = 3) int a,
                                                       @ForAll long seed) {
        checkBinary(op, p, n, d, a, seed);
    }

    @Test
    void everyBinaryOpUnderEveryBroadcastPattern() {
        for (BinaryOp op : BinaryOp.values())
            for (int p = 0; p < PATTERNS; p++) checkBinary(op, p, 3, 2, 2, 31L * p + op.ordinal());
    }

    @Test
    void broadcastGradientsHaveTheOperandShapes() {
        for (int p = 0; p < PATTERNS; p++) {
            int[][] dims = pattern(p, 3, 4, 2);
            Var a = Var.param(Tensor.full(Shape.of(dims[0]), 2f)), b = Var.param(Tensor.full(Shape.of(dims[1]), 3f));
            Var y = a.mul(b);
            y.sum().backward();
            assertEquals(a.shape(), a.grad().shape());
            assertEquals(b.shape(), b.grad().shape());
            // every element of a is used y.size() / a.size() times, each time with factor b = 3
            float uses = (float) y.size() / a.size();
            for (float g : a.grad().toArray()) assertEquals(3f * uses, g, 1e-5f, "pattern " + p);
        }
    }

    @Test
    void maximumAndMinimumTiesGiveHalfToEachSide() {
        Var a = Var.param(Tensor.of(1f, 2f, 3f, 7f)), b = Var.param(Tensor.of(1f, 5f, 3f, 0f));
        a.maximum(b).backward(Tensor.of(1f, 1f, 2f, 1f));
        assertArrayEquals(new float[]{0.5f, 0f, 1f, 1f}, a.grad().toArray());
        assertArrayEquals(new float[]{0.5f, 1f, 1f, 0f}, b.grad().toArray());

        a.zeroGrad();
        b.zeroGrad();
        a.minimum(b).backward(Tensor.of(1f, 1f, 2f, 1f));
        assertArrayEquals(new float[]{0.5f, 1f, 1f, 0f}, a.grad().toArray());
        assertArrayEquals(new float[]{0.5f, 0f, 1f, 1f}, b.grad().toArray());
    }

    @Test
    void maximumTiesWithABroadcastScalarSumTheHalves() {
        // maximum([[1, 2], [3, 1]], 1): ties at (0,0) and (1,1)
        Var a = Var.param(Tensor.of(new float[]{1, 2, 3, 1}, 2, 2)), s = Var.param(Tensor.scalar(1f));
        a.maximum(s).sum().backward();
        assertArrayEquals(new float[]{0.5f, 1f, 1f, 0.5f}, a.grad().toArray());
        assertEquals(1f, s.grad().item());
    }

    @Test
    void maximumWithSelfGivesTheWholeGradient() {
        Var x = Var.param(Tensor.of(-1f, 2f));
        x.maximum(x).sum().backward();
        assertArrayEquals(new float[]{1f, 1f}, x.grad().toArray());
    }

    @Test
    void maximumWithANaNSendsNoGradientToEitherSide() {
        // PyTorch: self gets grad * (self > other) + grad/2 * (self == other), other the mirror image: 0 at a NaN
        Var a = Var.param(Tensor.of(Float.NaN, 1f)), b = Var.param(Tensor.of(1f, Float.NaN));
        a.maximum(b).sum().backward();
        assertArrayEquals(new float[]{0f, 0f}, a.grad().toArray());
        assertArrayEquals(new float[]{0f, 0f}, b.grad().toArray());
    }

    // ------------------------------------------------------------------------------------------------ pow edges

    @Test
    void powAtAZeroBaseHasTheGradientsPyTorchGives() {
        // d(0^b)/db = 0 for b >= 0 (PyTorch masks 0 * log(0)); d(a^0)/da = 0 even at a = 0
        Var a = Var.param(Tensor.of(0f, 0f, 2f)), b = Var.param(Tensor.of(2f, 0f, 0f));
        a.pow(b).sum().backward();
        assertArrayEquals(new float[]{0f, 0f, 0f}, a.grad().toArray());
        assertArrayEquals(new float[]{0f, 0f, (float) Math.log(2)}, b.grad().toArray(), 1e-6f);

        Var x = Var.param(Tensor.of(0f, 3f));
        x.pow(0f).sum().backward();
        assertArrayEquals(new float[]{0f, 0f}, x.grad().toArray());
        x.zeroGrad();
        x.pow(1f).sum().backward();
        assertArrayEquals(new float[]{1f, 1f}, x.grad().toArray());
    }

    @Test
    void powOfANegativeBaseByAnIntegerExponent() {
        GradCheck.check(v -> v[0].pow(3f), Tensor.of(-1.5f, -0.7f, 0.4f));
        GradCheck.check(v -> v[0].pow(2f), Tensor.of(-1.5f, -0.7f, 0.4f));
        Var a = Var.param(Tensor.of(-2f)), b = Var.of(Tensor.of(3f));
        a.pow(b).sum().backward();
        assertEquals(12f, a.grad().item(), 1e-5f);
    }

    // ------------------------------------------------------------------------------------------------ scalar

    @Property(tries = 30)
    void opsWithAScalarMatchFiniteDifferences(@ForAll @IntRange(min = 0, max = 3) int rank,
                                              @ForAll @IntRange(min = 1, max = 4) int n, @ForAll long seed) {
        Random r = new Random(seed);
        int[] dims = new int[rank];
        java.util.Arrays.fill(dims, n);
        float s = (float) (r.nextDouble() * 4 - 2);
        float nz = (r.nextBoolean() ? 1 : -1) * (0.5f + r.nextFloat());
        float k = r.nextInt(4) + 1;                                   // an integer exponent: any sign of x
        Tensor x = uniform(r, -1, 1, dims), pos = uniform(r, 0.5, 2, dims), nonZero = awayFromZero(r, 0.5, 1.5, dims);
        GradCheck.check(v -> v[0].add(s), x);
        GradCheck.check(v -> v[0].sub(s), x);
        GradCheck.check(v -> v[0].mul(s), x);
        GradCheck.check(v -> v[0].div(nz), x);
        GradCheck.check(v -> v[0].pow(s), pos);
        GradCheck.check(v -> v[0].pow(k), x);
        GradCheck.check(v -> v[0].rsub(s), x);
        GradCheck.check(v -> v[0].rdiv(s), nonZero);
    }

    @Test
    void scalarOpsHaveTheirExactValuesAndGradients() {
        Var x = Var.param(Tensor.of(2f, 4f));
        Var y = x.rsub(10f);
        assertArrayEquals(new float[]{8f, 6f}, y.value().toArray());
        y.sum().backward();
        assertArrayEquals(new float[]{-1f, -1f}, x.grad().toArray());
        x.zeroGrad();
        y = x.rdiv(8f);
        assertArrayEquals(new float[]{4f, 2f}, y.value().toArray());
        y.sum().backward();
        assertArrayEquals(new float[]{-2f, -0.5f}, x.grad().toArray());     // -8 / x^2
    }

    // ------------------------------------------------------------------------------------------------ unary

    /** Inputs of {@code op} where it is smooth and defined. */
    static Tensor unaryInput(UnaryOp op, Random r, int... dims) {
        return switch (op) {
            case ABS, SIGN, RELU -> awayFromZero(r, 0.1, 2, dims);
            case SQRT, RSQRT, LOG -> uniform(r, 0.3, 3, dims);
            case RECIPROCAL -> awayFromZero(r, 0.5, 2, dims);
            case LOG1P -> uniform(r, -0.5, 2, dims);
            case LGAMMA -> uniform(r, 0.2, 6, dims);                 // away from the poles at 0, -1 ...
            case FLOOR, CEIL -> {                                   // k + f with f in [0.2, 0.8): no integer near
                float[] a = uniform(r, 0.2, 0.8, dims).toArray();
                for (int i = 0; i < a.length; i++) a[i] += r.nextInt(7) - 3;
                yield Tensor.wrap(a, dims);
            }
            default -> uniform(r, -2, 2, dims);
        };
    }

    @Property(tries = 20)
    void everyUnaryPrimitiveMatchesFiniteDifferences(@ForAll @IntRange(min = 0, max = 3) int rank,
                                                     @ForAll @IntRange(min = 1, max = 4) int n, @ForAll long seed) {
        Random r = new Random(seed);
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) dims[i] = 1 + r.nextInt(n);
        for (UnaryOp op : UnaryOp.values()) {
            Tensor x = unaryInput(op, r, dims);
            try {
                GradCheck.check(v -> v[0].map(op), x);
            } catch (AssertionError e) {
                throw new AssertionError(op + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void theNamedUnaryMethodsApplyTheirPrimitive() {
        Var x = Var.param(Tensor.of(0.5f, 1.5f));
        java.util.Map<UnaryOp, Function<Var, Var>> named = new java.util.EnumMap<>(UnaryOp.class);
        named.put(UnaryOp.NEG, Var::neg);
        named.put(UnaryOp.ABS, Var::abs);
        named.put(UnaryOp.SQUARE, Var::square);
        named.put(UnaryOp.SQRT, Var::sqrt);
        named.put(UnaryOp.EXP, Var::exp);
        named.put(UnaryOp.LOG, Var::log);
        named.put(UnaryOp.LOG1P, Var::log1p);
        named.put(UnaryOp.SIN, Var::sin);
        named.put(UnaryOp.COS, Var::cos);
        named.put(UnaryOp.TANH, Var::tanh);
        named.put(UnaryOp.SIGMOID, Var::sigmoid);
        named.put(UnaryOp.RELU, Var::relu);
        named.put(UnaryOp.SOFTPLUS, Var::softplus);
        named.put(UnaryOp.GELU, Var::gelu);
        named.put(UnaryOp.SILU, Var::silu);
        named.forEach((op, f) -> {
            Var y = f.apply(x);
            assertEquals(op.name().toLowerCase(java.util.Locale.ROOT), y.op());
            assertArrayEquals(x.value().map(op).toArray(), y.value().toArray(), op.name());
        });
    }

    @Test
    void reluAndAbsAtZeroFollowPyTorch() {
        Var x = Var.param(Tensor.of(-1f, 0f, 2f));
        x.relu().sum().backward();
        assertArrayEquals(new float[]{0f, 0f, 1f}, x.grad().toArray());
        x.zeroGrad();
        x.abs().sum().backward();
        assertArrayEquals(new float[]{-1f, 0f, 1f}, x.grad().toArray());
    }

    // ------------------------------------------------------------------------------------------------ clamp, where

    @Property(tries = 30)
    void clampMatchesFiniteDifferencesAwayFromItsBounds(@ForAll @IntRange(min = 1, max = 5) int n,
                                                        @ForAll @IntRange(min = 1, max = 4) int d, @ForAll long seed) {
        Random r = new Random(seed);
        float lo = -0.5f, hi = 0.5f;
        float[] x = uniform(r, -1, 1, n, d).toArray();
        for (int i = 0; i < x.length; i++)
            if (Math.abs(x[i] - lo) < 0.05f || Math.abs(x[i] - hi) < 0.05f) x[i] += 0.1f;
        GradCheck.check(v -> v[0].clamp(lo, hi), Tensor.wrap(x, n, d));
    }

    @Test
    void clampPassesTheGradientAtItsBoundsAsPyTorchDoes() {
        Var x = Var.param(Tensor.of(-1f, -0.5f, 0f, 0.5f, 1f));
        Var y = x.clamp(-0.5f, 0.5f);
        assertArrayEquals(new float[]{-0.5f, -0.5f, 0f, 0.5f, 0.5f}, y.value().toArray());
        y.backward(Tensor.of(1f, 2f, 3f, 4f, 5f));
        assertArrayEquals(new float[]{0f, 2f, 3f, 4f, 0f}, x.grad().toArray());
        // lo == hi: only x equal to the bound passes
        x.zeroGrad();
        x.clamp(0f, 0f).sum().backward();
        assertArrayEquals(new float[]{0f, 0f, 1f, 0f, 0f}, x.grad().toArray());
        assertThrows(IllegalArgumentException.class, () -> x.clamp(1f, 0f));
    }

    @Property(tries = 30)
    void whereWithABroadcastMaskMatchesFiniteDifferences(@ForAll @IntRange(min = 0, max = 4) int maskKind,
                                                         @ForAll @IntRange(min = 1, max = 4) int n,
                                                         @ForAll @IntRange(min = 1, max = 4) int d,
                                                         @ForAll long seed) {
        Random r = new Random(seed);
        int[] maskDims = switch (maskKind) {
            case 0 -> new int[]{n, d};
            case 1 -> new int[]{n, 1};
            case 2 -> new int[]{d};
            case 3 -> new int[]{};
            default -> new int[]{1, n, d};
        };
        float[] m = new float[Shape.of(maskDims).size()];
        for (int i = 0; i < m.length; i++) m[i] = r.nextBoolean() ? 1f : 0f;
        Tensor mask = Tensor.wrap(m, maskDims);
        // a full, b broadcast as a row: both receive summed gradients where the mask picks them
        GradCheck.check(v -> Var.where(mask, v[0], v[1]), uniform(r, -1, 1, n, d), uniform(r, -1, 1, d));
        GradCheck.check(v -> Var.where(mask, v[0], v[1]), uniform(r, -1, 1, n, 1), uniform(r, -1, 1));
    }

    @Test
    void whereSendsEachSideItsPickedGradient() {
        Tensor mask = Tensor.of(new float[]{1, 0, 0}, 1, 3);
        Var a = Var.param(Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3)), b = Var.param(Tensor.scalar(9f));
        Var y = Var.where(mask, a, b);
        assertArrayEquals(new float[]{1, 9, 9, 4, 9, 9}, y.value().toArray());
        y.sum().backward();
        assertArrayEquals(new float[]{1, 0, 0, 1, 0, 0}, a.grad().toArray());
        assertEquals(4f, b.grad().item());
        Var z = a.maskedFill(mask, -1f);
        assertArrayEquals(new float[]{-1, 2, 3, -1, 5, 6}, z.value().toArray());
    }
}
