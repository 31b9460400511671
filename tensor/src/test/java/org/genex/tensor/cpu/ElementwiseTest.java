package org.genex.tensor.cpu;

import static org.genex.tensor.TestTensors.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.genex.tensor.*;
import org.junit.jupiter.api.Test;

/**
 * The elementwise family on both paths against oracles written here: {@link UnaryOp}'s double definitions, the
 * float definitions of {@link BinaryOp} and {@link CompareOp}, and a straightforward broadcasting index map.
 *
 * <p>Tolerances: the scalar path must give the definitions exactly (it evaluates them). The vector path is exact
 * for NEG, ABS, SIGN, SQUARE, SQRT, RECIPROCAL, RELU, FLOOR, CEIL, LGAMMA (which, as its derivative, runs lane by
 * lane through its definition), every binary op (POW is evaluated in double on both paths), compare, where and
 * clamp; within a few ulp (5e-7 relative) for EXP, EXPM1, LOG, LOG1P, SIN, COS,
 * TANH and RSQRT (whose float implementations are also checked in ulp over wide ranges); within 1e-6 relative
 * (plus 1e-7 absolute near 0) for SIGMOID, SOFTPLUS, SILU; within 1e-6 absolute for GELU, GELU_TANH and ERF, whose
 * float approximations are checked against {@link SpecialMath} over a dense grid.
 */
class ElementwiseTest {

    private static final Backend SCALAR = scalar();

    // ------------------------------------------------------------------------------------------- tolerances

    /** {rtol, atol} of the vector path against the double definition, per op. */
    static double[] tolerance(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, SIGN, SQUARE, SQRT, RECIPROCAL, RELU, FLOOR, CEIL, LGAMMA -> new double[]{0, 0};
            case EXP, EXPM1, LOG, LOG1P, SIN, COS, TANH, RSQRT -> new double[]{5e-7, 1e-30};
            case SIGMOID, SOFTPLUS, SILU -> new double[]{1e-6, 1e-7};
            case GELU, GELU_TANH, ERF -> new double[]{1e-6, 1e-6};
        };
    }

    /** {rtol, atol} of the vector path's derivative against the double definition, per op. */
    static double[] backwardTolerance(UnaryOp op) {
        return switch (op) {
            case NEG, ABS, SIGN, SQUARE, RELU, FLOOR, CEIL, EXP, LGAMMA -> new double[]{0, 0};
            case SQRT, RECIPROCAL, LOG, LOG1P, EXPM1 -> new double[]{2.5e-7, 1e-30};
            case RSQRT, SIN, COS, TANH, SIGMOID -> new double[]{6e-7, 1e-7};
            case SOFTPLUS, SILU -> new double[]{1e-6, 1e-7};
            case GELU, GELU_TANH, ERF -> new double[]{2e-6, 2e-6};
        };
    }

    /** Random inputs inside the op's domain (where the definition is finite and interesting). */
    static Tensor input(UnaryOp op, Random rnd, int... dims) {
        return switch (op) {
            case LOG, SQRT, RSQRT -> uniform(rnd, 1e-3f, 50f, dims);
            case LOG1P -> uniform(rnd, -0.99f, 50f, dims);
            case EXP, EXPM1, SIN, COS -> uniform(rnd, -20f, 20f, dims);
            case LGAMMA -> uniform(rnd, -6f, 40f, dims);
            default -> uniform(rnd, -8f, 8f, dims);
        };
    }

    static final float[] SPECIALS = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1e-40f,
            -1e-40f, 1e-20f, -1e-20f, 1e30f, -1e30f, 88.7f, -88.7f, 100f, -100f, 0.5f, -0.5f, 2.5f, -2.5f, 1f, -1f,
            1e7f, -1e7f, 8388607.5f, -8388607.5f, 3e9f, -3e9f, 0.49999997f, -0.49999997f, 6f, -6f, 30f, -30f};

    // ------------------------------------------------------------------------------------------- unary

    @Test
    void scalarPathEvaluatesTheDefinitionsExactly() {
        Random rnd = new Random(1);
        for (UnaryOp op : UnaryOp.values()) {
            Tensor x = input(op, rnd, 300);
            float[] withSpecials = concat(x.toArray(), SPECIALS);
            Tensor xs = Tensor.of(withSpecials);
            Tensor out = SCALAR.allocate(xs.shape());
            SCALAR.unary(op, xs, out);
            float[] expected = new float[withSpecials.length];
            for (int i = 0; i < expected.length; i++) expected[i] = (float) op.apply(withSpecials[i]);
            assertBitwise(expected, out.toArray(), "scalar " + op);
        }
    }

    @Test
    void vectorPathMatchesTheDefinitionsWithinEachOpsTolerance() {
        Backend v = vector();
        Random rnd = new Random(2);
        for (UnaryOp op : UnaryOp.values()) {
            for (int n : new int[]{1, 15, 16, 17, 100, 1000}) {
                Tensor x = input(op, rnd, n);
                Tensor out = v.allocate(x.shape());
                v.unary(op, x, out);
                double[] tol = tolerance(op);
                assertClose(reference(op, x.toArray()), out.toArray(), tol[0], tol[1], "vector " + op + " n=" + n);
            }
            Tensor xs = Tensor.of(SPECIALS);
            Tensor out = v.allocate(xs.shape());
            v.unary(op, xs, out);
            double[] tol = tolerance(op);
            assertClose(reference(op, SPECIALS), out.toArray(), tol[0], tol[1], "vector " + op + " special values");
        }
    }

    @Property(tries = 30)
    void vectorAndScalarPathsAgreeOnRandomShapes(@ForAll long seed) {
        Backend v = vector();
        Random rnd = new Random(seed);
        int[] dims = randomDims(rnd, 4, 40);
        for (UnaryOp op : UnaryOp.values()) {
            Tensor x = input(op, rnd, dims);
            Tensor a = SCALAR.allocate(x.shape()), b = v.allocate(x.shape());
            SCALAR.unary(op, x, a);
            v.unary(op, x, b);
            double[] tol = tolerance(op);
            assertClose(a, b, tol[0], tol[1]);
        }
    }

    @Test
    void erfAndGeluApproximationsHoldOnADenseGrid() {
        Backend v = vector();
        int n = 320_001;                           // x from -20 to 20 in steps of 1/8000
        float[] xs = new float[n];
        for (int i = 0; i < n; i++) xs[i] = (float) (-20 + i / 8000.0);
        Tensor x = Tensor.of(xs);
        Tensor erf = v.allocate(x.shape()), gelu = v.allocate(x.shape());
        v.unary(UnaryOp.ERF, x, erf);
        v.unary(UnaryOp.GELU, x, gelu);
        float[] e = erf.toArray(), g = gelu.toArray();
        double erfAbs = 0, erfRelSmall = 0, geluAbs = 0, geluRelTail = 0;
        for (int i = 0; i < n; i++) {
            double xi = xs[i], re = SpecialMath.erf(xi), rg = xi * SpecialMath.normalCdf(xi);
            erfAbs = Math.max(erfAbs, Math.abs(e[i] - re));
            if (Math.abs(xi) < 1 && xi != 0) erfRelSmall = Math.max(erfRelSmall, Math.abs(e[i] - re) / Math.abs(re));
            geluAbs = Math.max(geluAbs, Math.abs(g[i] - rg));
            if (xi < -1 && xi > -12) geluRelTail = Math.max(geluRelTail, Math.abs(g[i] - rg) / Math.abs(rg));
        }
        assertTrue(erfAbs < 1e-6, "erf: max absolute error " + erfAbs);
        assertTrue(erfRelSmall < 1e-6, "erf: max relative error below |x| = 1: " + erfRelSmall);
        assertTrue(geluAbs < 1e-6, "gelu: max absolute error " + geluAbs);
        assertTrue(geluRelTail < 2e-6, "gelu: max relative error in the lower tail: " + geluRelTail);
        assertEquals(0f, erf.get(160_000));        // x = 0
    }

    @Test
    void floatTranscendentalsAreWithinThreeUlpOverWideRanges() {
        Backend v = vector();
        Random rnd = new Random(12);
        Object[][] ranges = {{UnaryOp.EXP, -104f, 89f}, {UnaryOp.EXP, -1f, 1f}, {UnaryOp.EXPM1, -90f, 89f},
                {UnaryOp.EXPM1, -1e-3f, 1e-3f}, {UnaryOp.LOG, 0f, 3e38f}, {UnaryOp.LOG, 0.5f, 2f},
                {UnaryOp.LOG, 0f, 1e-37f}, {UnaryOp.LOG1P, -1f, 10f}, {UnaryOp.LOG1P, -1e-3f, 1e-3f},
                {UnaryOp.TANH, -12f, 12f}, {UnaryOp.TANH, -1f, 1f}, {UnaryOp.SIN, -8192f, 8192f},
                {UnaryOp.SIN, -4f, 4f}, {UnaryOp.COS, -8192f, 8192f}, {UnaryOp.COS, -4f, 4f},
                {UnaryOp.SIN, -1e6f, 1e6f}, {UnaryOp.COS, -1e6f, 1e6f}};
        for (Object[] r : ranges) {
            UnaryOp op = (UnaryOp) r[0];
            float lo = (Float) r[1], hi = (Float) r[2];
            float[] xs = new float[20_000];
            for (int i = 0; i < xs.length; i++) xs[i] = lo + rnd.nextFloat() * (hi - lo);
            if (op == UnaryOp.SIN || op == UnaryOp.COS)   // the floats nearest multiples of pi/4: the hard cases
                for (int i = 0; i < 2000; i++) xs[i] = (float) ((rnd.nextInt(10_000) + 1) * Math.PI / 4);
            Tensor x = Tensor.of(xs), out = v.allocate(x.shape());
            v.unary(op, x, out);
            float[] got = out.toArray();
            for (int i = 0; i < xs.length; i++) {
                double e = op.apply(xs[i]);
                float ef = (float) e;
                if (ef == got[i]) continue;
                double ulps = Math.abs(got[i] - e) / Math.ulp(ef);
                assertTrue(ulps <= 3, op + "(" + xs[i] + ") = " + got[i] + ", expected " + e + ": " + ulps + " ulp");
            }
        }
    }

    @Test
    void unaryBackwardIsGyTimesTheDerivative() {
        Random rnd = new Random(3);
        for (Backend be : new Backend[]{SCALAR, vector()}) {
            boolean isScalar = be == SCALAR;
            for (UnaryOp op : UnaryOp.values()) {
                for (int n : new int[]{1, 16, 37, 500}) {
                    Tensor x = input(op, rnd, n), gy = random(rnd, n);
                    float[] xv = x.toArray(), gv = gy.toArray(), yv = new float[n];
                    for (int i = 0; i < n; i++) yv[i] = (float) op.apply(xv[i]);
                    Tensor y = Tensor.of(yv), gx = be.allocate(x.shape());
                    be.unaryBackward(op, x, y, gy, gx);
                    float[] expected = new float[n];
                    for (int i = 0; i < n; i++) expected[i] = (float) (gv[i] * op.derivative(xv[i], yv[i]));
                    if (isScalar) assertBitwise(expected, gx.toArray(), "scalar backward " + op);
                    else {
                        double[] tol = backwardTolerance(op);
                        assertClose(expected, gx.toArray(), tol[0], tol[1], "vector backward " + op + " n=" + n);
                    }
                }
            }
        }
    }

    @Test
    void unaryWorksInPlaceAndOnEmptyAndRankZeroTensors() {
        for (Backend be : new Backend[]{SCALAR, vector()}) {
            Tensor x = Tensor.of(new float[]{-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 19);
            float[] before = x.toArray();
            be.unary(UnaryOp.SQUARE, x, x);
            for (int i = 0; i < before.length; i++) assertEquals(before[i] * before[i], x.get(i));
            Tensor empty = Tensor.zeros(0, 3);
            be.unary(UnaryOp.EXP, empty, be.allocate(empty.shape()));
            Tensor s = Tensor.scalar(2f), out = be.allocate(Shape.SCALAR);
            be.unary(UnaryOp.RECIPROCAL, s, out);
            assertEquals(0.5f, out.item());
        }
    }

    // ------------------------------------------------------------------------------------------- binary

    /** The broadcast patterns every binary op must get right, as {a, b} shapes. */
    static final int[][][] PATTERNS = {
            {{7, 19}, {7, 19}},            // same shape
            {{}, {5, 33}},                 // rank-0 scalar, left
            {{5, 33}, {}},                 // rank-0 scalar, right
            {{5, 33}, {1}},                // size-1 vector
            {{33}, {5, 33}},               // bias row [d] against [n, d]
            {{5, 33}, {33}},
            {{5, 1}, {5, 33}},             // column [n, 1]
            {{5, 33}, {5, 1}},
            {{3, 1, 17}, {3, 4, 17}},      // middle axis [a, 1, c] against [a, b, c]
            {{3, 4, 17}, {1, 4, 1}},
            {{6, 1}, {1, 35}},             // both operands broadcast: [n, 1] + [1, m]
            {{1, 35}, {6, 1}},
            {{2, 1, 3, 1}, {4, 1, 5}},     // both, with rank difference
            {{}, {}},                      // scalars
            {{0, 3}, {3}},                 // empty
            {{4, 0}, {4, 1}},
    };

    @Test
    void binaryOpsBroadcastEveryPatternExactly() {
        Random rnd = new Random(4);
        for (Backend be : new Backend[]{SCALAR, vector()}) {
            for (int[][] p : PATTERNS) {
                for (BinaryOp op : BinaryOp.values()) {
                    Tensor a = operand(op, true, rnd, p[0]), b = operand(op, false, rnd, p[1]);
                    Shape os = Shape.broadcast(a.shape(), b.shape(), "test");
                    Tensor out = be.allocate(os);
                    be.binary(op, a, b, out);
                    float[] ea = expand(os, a), eb = expand(os, b), expected = new float[os.size()];
                    for (int i = 0; i < expected.length; i++) expected[i] = op.apply(ea[i], eb[i]);
                    String what = op + " " + a.shape() + " with " + b.shape() + (be == SCALAR ? " scalar" : " vector");
                    assertBitwise(expected, out.toArray(), what);
                }
            }
        }
    }

    @Property(tries = 40)
    void binaryMatchesTheBroadcastOracleOnRandomShapes(@ForAll long seed) {
        Backend v = vector();
        Random rnd = new Random(seed);
        int[][] shapes = randomBroadcastPair(rnd);
        for (BinaryOp op : BinaryOp.values()) {
            Tensor a = operand(op, true, rnd, shapes[0]), b = operand(op, false, rnd, shapes[1]);
            Shape os = Shape.broadcast(a.shape(), b.shape(), "test");
            float[] ea = expand(os, a), eb = expand(os, b), expected = new float[os.size()];
            for (int i = 0; i < expected.length; i++) expected[i] = op.apply(ea[i], eb[i]);
            for (Backend be : new Backend[]{SCALAR, v}) {
                Tensor out = be.allocate(os);
                be.binary(op, a, b, out);
                assertBitwise(expected, out.toArray(), op + " " + a.shape() + " " + b.shape());
            }
        }
    }

    @Test
    void largeBroadcastsCrossChunkBoundariesCorrectly() {
        Random rnd = new Random(5);
        for (Backend be : new Backend[]{SCALAR, vector()}) {
            int[][][] cases = {{{300, 1001}, {1001}}, {{300, 1}, {300, 1001}}, {{3, 1, 40000}, {3, 2, 40000}},
                    {{70001}, {}}, {{150, 1}, {1, 513}}};
            for (int[][] c : cases) {
                Tensor a = random(rnd, c[0]), b = random(rnd, c[1]);
                Shape os = Shape.broadcast(a.shape(), b.shape(), "test");
                Tensor out = be.allocate(os);
                be.binary(BinaryOp.SUB, a, b, out);
                float[] ea = expand(os, a), eb = expand(os, b), expected = new float[os.size()];
                for (int i = 0; i < expected.length; i++) expected[i] = ea[i] - eb[i];
                assertBitwise(expected, out.toArray(), "sub " + Arrays.deepToString(c));
            }
        }
    }

    @Test
    void maxAndMinPropagateNaNAndOrderSignedZeros() {
        float nan = Float.NaN;
        float[] a = new float[37], b = new float[37];
        Arrays.fill(a, 1f);
        Arrays.fill(b, 2f);
        a[3] = nan;                 // in the vector body
        b[20] = nan;
        a[35] = nan;                // in the tail
        b[36] = nan;
        a[5] = -0f;
        b[5] = 0f;
        a[6] = 0f;
        b[6] = -0f;
        for (Backend be : new Backend[]{SCALAR, vector()}) {
            for (BinaryOp op : new BinaryOp[]{BinaryOp.MAX, BinaryOp.MIN}) {
                Tensor out = be.allocate(Shape.of(37));
                be.binary(op, Tensor.of(a), Tensor.of(b), out);
                float[] expected = new float[37];
                for (int i = 0; i < 37; i++) expected[i] = op.apply(a[i], b[i]);
                assertBitwise(expected, out.toArray(), op.toString());
                assertTrue(Float.isNaN(out.get(3)) && Float.isNaN(out.get(20)) && Float.isNaN(out.get(35))
                        && Float.isNaN(out.get(36)));
                // scalar operand NaN, both sides
                be.binaryScalar(op, Tensor.of(a), nan, out);
                for (float f : out.toArray()) assertTrue(Float.isNaN(f));
                be.binary(op, Tensor.scalar(nan), Tensor.of(b), out);
                for (float f : out.toArray()) assertTrue(Float.isNaN(f));
            }
        }
    }

    @Test
    void binaryScalarMatchesTheDefinitions() {
        Random rnd = new Random(6);
        for (Backend be : new Backend[]{SCALAR, vector()}) {
            for (BinaryOp op : BinaryOp.values()) {
                for (int n : new int[]{0, 1, 16, 45, 200}) {
                    Tensor a = operand(op, true, rnd, 3, n);
                    float s = op == BinaryOp.POW ? 1.7f : -0.37f;
                    Tensor out = be.allocate(a.shape());
                    be.binaryScalar(op, a, s, out);
                    float[] av = a.toArray(), expected = new float[av.length];
                    for (int i = 0; i < av.length; i++) expected[i] = op.apply(av[i], s);
                    assertBitwise(expected, out.toArray(), op + " scalar");
                }
            }
        }
    }

    @Test
    void powHandlesNegativeBasesAndIntegerExponents() {
        float[] a = {-2f, -2f, -3f, -1.5f, 0f, 0f, 2f, -2f, 4f, -0.5f, 1f, Float.NaN, 2f, -8f, 10f, -1f, -2f};
        float[] b = {2f, 3f, -1f, 0.5f, 0f, -1f, 0.5f, 0f, -0.5f, 4f, Float.NaN, 0f, 10f, 1f / 3, 3f, 1e10f, 1e10f};
        Tensor out = vector().allocate(Shape.of(a.length));
        vector().binary(BinaryOp.POW, Tensor.of(a), Tensor.of(b), out);
        float[] expected = new float[a.length];
        for (int i = 0; i < a.length; i++) expected[i] = BinaryOp.POW.apply(a[i], b[i]);
        assertBitwise(expected, out.toArray(), "pow special cases");
    }

    @Test
    void binaryWorksInPlace() {
        Random rnd = new Random(7);
        for (Backend be : new Backend[]{SCALAR, vector()}) {
            Tensor a = random(rnd, 40, 33), b = random(rnd, 33);
            float[] av = a.toArray(), bv = b.toArray();
            be.binary(BinaryOp.MUL, a, b, a);                          // out == a, b broadcast
            for (int i = 0; i < av.length; i++) assertEquals(av[i] * bv[i % 33], a.toArray()[i]);
            Tensor c = random(rnd, 40, 33);
            float[] cv = c.toArray(), aNow = a.toArray();
            be.binary(BinaryOp.SUB, a, c, c);                          // out == b
            for (int i = 0; i < cv.length; i++) assertEquals(aNow[i] - cv[i], c.toArray()[i]);
            be.binaryScalar(BinaryOp.ADD, c, 1f, c);
            be.binary(BinaryOp.ADD, c, c, c);                          // all three the same
            for (int i = 0; i < cv.length; i++) assertEquals(2 * ((aNow[i] - cv[i]) + 1f), c.toArray()[i]);
        }
    }

    @Test
    void partialOverlapAndBadShapesAreRejectedWithClearMessages() {
        for (Backend be : new Backend[]{SCALAR, vector()}) {
            float[] data = new float[20];
            Tensor whole = Tensor.wrap(data, 20);
            Tensor a = new Tensor(Shape.of(10), whole.storage(), 0), shifted = new Tensor(Shape.of(10), whole.storage(), 5);
            var e = assertThrows(IllegalArgumentException.class, () -> be.binary(BinaryOp.ADD, a, a, shifted));
            assertTrue(e.getMessage().contains("overlap"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> be.unary(UnaryOp.EXP, a, shifted));
            e = assertThrows(IllegalArgumentException.class,
                    () -> be.binary(BinaryOp.MUL, Tensor.zeros(2, 3), Tensor.zeros(4), Tensor.zeros(2, 3)));
            assertTrue(e.getMessage().contains("MUL") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> be.binary(BinaryOp.ADD, Tensor.zeros(2, 3), Tensor.zeros(3), Tensor.zeros(3, 2)));
            assertTrue(e.getMessage().contains("out is [3, 2]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> be.unary(UnaryOp.EXP, Tensor.zeros(4), Tensor.zeros(5)));
            assertTrue(e.getMessage().contains("EXP") && e.getMessage().contains("[5]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> be.copy(Tensor.zeros(4), Tensor.zeros(5)));
            assertTrue(e.getMessage().contains("copy"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> be.where(Tensor.zeros(3), Tensor.zeros(4), Tensor.zeros(3), Tensor.zeros(3)));
            assertThrows(IllegalArgumentException.class,
                    () -> be.compare(CompareOp.LT, Tensor.zeros(2), Tensor.zeros(3), Tensor.zeros(3)));
            assertThrows(IllegalArgumentException.class,
                    () -> be.unaryBackward(UnaryOp.EXP, Tensor.zeros(3), Tensor.zeros(3), Tensor.zeros(2), Tensor.zeros(3)));
            assertThrows(IllegalArgumentException.class, () -> be.clamp(Tensor.zeros(3), 0, 1, Tensor.zeros(2)));
            assertThrows(IllegalArgumentException.class, () -> be.binaryScalar(BinaryOp.ADD, Tensor.zeros(3), 1, Tensor.zeros(1, 3)));
        }
    }

    // ------------------------------------------------------------------------------------------- masks

    @Test
    void compareBroadcastsAndFollowsJavaNaNRules() {
        Random rnd = new Random(8);
        for (Backend be : new Backend[]{SCALAR, vector()}) {
            for (int[][] p : PATTERNS) {
                for (CompareOp op : CompareOp.values()) {
                    Tensor a = discrete(rnd, p[0]), b = discrete(rnd, p[1]);
                    Shape os = Shape.broadcast(a.shape(), b.shape(), "test");
                    Tensor out = be.allocate(os);
                    be.compare(op, a, b, out);
                    float[] ea = expand(os, a), eb = expand(os, b), expected = new float[os.size()];
                    for (int i = 0; i < expected.length; i++) expected[i] = op.test(ea[i], eb[i]) ? 1f : 0f;
                    assertBitwise(expected, out.toArray(), op + " " + a.shape() + " " + b.shape());
                }
            }
        }
    }

    @Test
    void whereBroadcastsAllThreeOperands() {
        Random rnd = new Random(9);
        int[][][] cases = {
                {{5, 40}, {5, 40}, {5, 40}}, {{5, 1}, {}, {40}}, {{40}, {5, 40}, {}}, {{}, {5, 40}, {40}},
                {{}, {}, {5, 40}}, {{3, 1, 17}, {1, 4, 17}, {3, 4, 1}}, {{5, 40}, {1}, {1, 1}}, {{0, 3}, {3}, {}}};
        for (Backend be : new Backend[]{SCALAR, vector()}) {
            for (int[][] c : cases) {
                Tensor cond = discrete(rnd, c[0]), a = random(rnd, c[1]), b = random(rnd, c[2]);
                Shape os = Shape.broadcast(Shape.broadcast(cond.shape(), a.shape(), "t"), b.shape(), "t");
                Tensor out = be.allocate(os);
                be.where(cond, a, b, out);
                float[] ec = expand(os, cond), ea = expand(os, a), eb = expand(os, b), expected = new float[os.size()];
                for (int i = 0; i < expected.length; i++) expected[i] = ec[i] != 0 ? ea[i] : eb[i];
                assertBitwise(expected, out.toArray(), "where " + Arrays.deepToString(c));
            }
            // a NaN condition counts as true (NaN != 0); out may be one of the inputs
            Tensor cond = Tensor.of(Float.NaN, 0f, 1f), a = Tensor.of(1f, 2f, 3f), b = Tensor.of(7f, 8f, 9f);
            be.where(cond, a, b, a);
            assertArrayEquals(new float[]{1f, 8f, 3f}, a.toArray());
            // out larger than the operands' broadcast shape
            Tensor big = be.allocate(Shape.of(2, 3));
            be.where(Tensor.scalar(0f), Tensor.scalar(1f), Tensor.of(4f, 5f, 6f), big);
            assertArrayEquals(new float[]{4, 5, 6, 4, 5, 6}, big.toArray());
        }
    }

    @Test
    void clampFollowsMinOfMax() {
        float[] x = new float[41];
        for (int i = 0; i < x.length; i++) x[i] = i - 20;
        x[7] = Float.NaN;
        x[40] = Float.NaN;
        x[8] = Float.NEGATIVE_INFINITY;
        for (Backend be : new Backend[]{SCALAR, vector()}) {
            for (float[] lohi : new float[][]{{-3, 5}, {2, -2}, {0, 0}}) {
                Tensor out = be.allocate(Shape.of(41));
                be.clamp(Tensor.of(x), lohi[0], lohi[1], out);
                float[] expected = new float[41];
                for (int i = 0; i < 41; i++) expected[i] = Math.min(Math.max(x[i], lohi[0]), lohi[1]);
                assertBitwise(expected, out.toArray(), "clamp " + Arrays.toString(lohi));
            }
        }
    }

    // ------------------------------------------------------------------------------------------- memory

    @Test
    void copyAndFillHandleViewsOverlapAndEmptyTensors() {
        for (Backend be : new Backend[]{SCALAR, vector()}) {
            Random rnd = new Random(10);
            Tensor src = random(rnd, 3, 70000), dst = be.allocate(Shape.of(210000));
            be.copy(src, dst);
            assertBitwise(src.toArray(), dst.toArray(), "copy");
            float[] data = new float[10];
            for (int i = 0; i < 10; i++) data[i] = i;
            Tensor whole = Tensor.wrap(data, 10);
            be.copy(new Tensor(Shape.of(8), whole.storage(), 0), new Tensor(Shape.of(8), whole.storage(), 2));
            assertArrayEquals(new float[]{0, 1, 0, 1, 2, 3, 4, 5, 6, 7}, data);    // memmove semantics
            be.fill(dst, 2.5f);
            for (float f : dst.toArray()) assertEquals(2.5f, f);
            be.fill(Tensor.zeros(0), 1f);
            be.copy(Tensor.zeros(0, 4), Tensor.zeros(0));
            Tensor view = new Tensor(Shape.of(2), whole.storage(), 4);
            be.fill(view, -1f);
            assertArrayEquals(new float[]{0, 1, 0, 1, -1, -1, 4, 5, 6, 7}, data);
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        int saved = Parallel.threads();
        try {
            Random rnd = new Random(11);
            Tensor a = random(rnd, 257, 1031), b = random(rnd, 1031);
            float[][] results = new float[2][];
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                Backend v = vector();
                Tensor out = v.allocate(a.shape()), e = v.allocate(a.shape());
                v.binary(BinaryOp.ADD, a, b, out);
                v.unary(UnaryOp.GELU, out, e);
                results[t - 1] = e.toArray();
            }
            assertBitwise(results[0], results[1], "1 vs 2 threads");
        } finally {
            Parallel.setThreads(saved);
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    static float[] reference(UnaryOp op, float[] x) {
        float[] r = new float[x.length];
        for (int i = 0; i < x.length; i++) r[i] = (float) op.apply(x[i]);
        return r;
    }

    /** An operand with values where the op is well defined (positive bases for POW, non-zero divisors). */
    static Tensor operand(BinaryOp op, boolean left, Random rnd, int... dims) {
        if (op == BinaryOp.POW) return left ? uniform(rnd, 0.1f, 4f, dims) : uniform(rnd, -3f, 3f, dims);
        if (op == BinaryOp.DIV && !left) return uniform(rnd, 0.5f, 2f, dims);
        return random(rnd, dims);
    }

    /** Values from a small set (so comparisons hit equality), NaN included. */
    static Tensor discrete(Random rnd, int... dims) {
        float[] pool = {-1f, 0f, -0f, 1f, 2f, Float.NaN, Float.POSITIVE_INFINITY};
        Shape s = Shape.of(dims);
        float[] v = new float[s.size()];
        for (int i = 0; i < v.length; i++) v[i] = pool[rnd.nextInt(pool.length)];
        return Tensor.wrap(v, dims);
    }

    /** {@code t}'s values broadcast to {@code out}, in out's row-major order: the oracle's index map. */
    static float[] expand(Shape out, Tensor t) {
        int[] od = out.dims(), td = t.shape().dims();
        int pad = od.length - td.length;
        float[] v = t.toArray(), res = new float[out.size()];
        int[] idx = new int[od.length];
        for (int i = 0; i < res.length; i++) {
            int rem = i;
            for (int d = od.length - 1; d >= 0; d--) {
                idx[d] = rem % od[d];
                rem /= od[d];
            }
            int flat = 0;
            for (int d = 0; d < td.length; d++) flat = flat * td[d] + (td[d] == 1 ? 0 : idx[d + pad]);
            res[i] = v[flat];
        }
        return res;
    }

    static int[] randomDims(Random rnd, int maxRank, int maxLast) {
        int rank = rnd.nextInt(maxRank + 1);
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) d[i] = rnd.nextInt(12) == 0 ? rnd.nextInt(2) : 1 + rnd.nextInt(5);
        if (rank > 0 && rnd.nextBoolean()) d[rank - 1] = 1 + rnd.nextInt(maxLast);
        return d;
    }

    /** Two shapes that broadcast together: a random output shape, each operand with leading axes dropped and
     * some axes set to 1. */
    static int[][] randomBroadcastPair(Random rnd) {
        int[] out = randomDims(rnd, 4, 40);
        int[][] r = new int[2][];
        for (int k = 0; k < 2; k++) {
            int drop = rnd.nextInt(out.length + 1);
            if (rnd.nextBoolean()) drop = 0;
            int[] d = Arrays.copyOfRange(out, drop, out.length);
            for (int i = 0; i < d.length; i++) if (rnd.nextInt(3) == 0) d[i] = 1;
            r[k] = d;
        }
        return r;
    }

    static float[] concat(float[] a, float[] b) {
        float[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
