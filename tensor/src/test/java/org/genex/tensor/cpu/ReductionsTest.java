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
 * Reductions, variance, arg-extrema and softmax on both paths against double-precision oracles written here.
 *
 * <p>SUM and MEAN are checked exactly on small-integer data (every partial sum is then exact in float, so any
 * dropped, repeated or misplaced element shows), and within 1e-6 of the sum of |x| on real data. MAX, MIN and the
 * arg-extrema are exact. Softmax is within 1e-6 relative (vector: float exp), log-softmax within 1e-6 absolute
 * plus 1e-6 relative. Column folds are bit-identical between the paths, and every result is bit-identical for one
 * and for two threads.
 */
class ReductionsTest {

    private static final Backend SCALAR = scalar();

    private static Backend[] both() { return new Backend[]{SCALAR, vector()}; }

    // ------------------------------------------------------------------------------------------- reduce

    @Property(tries = 60)
    void reduceMatchesTheOracleExactlyOnIntegerData(@ForAll long seed) {
        Random rnd = new Random(seed);
        int[] dims = randomDims(rnd);
        int[] axes = randomAxes(rnd, dims.length);
        boolean keep = rnd.nextBoolean();
        Tensor x = integers(rnd, dims);
        Shape os = x.shape().reduce(axes, keep);
        for (ReduceOp op : ReduceOp.values()) {
            if (isEmptyMaxMin(op, x.shape(), axes, os)) {
                for (Backend be : both())
                    assertThrows(IllegalArgumentException.class, () -> be.reduce(op, x, axes, be.allocate(os)));
                continue;
            }
            float[] expected = oracle(op, x, axes);
            for (Backend be : both()) {
                Tensor out = be.allocate(os);
                be.reduce(op, x, axes, out);
                assertClose(expected, out.toArray(), 0, 0, op + " of " + x.shape() + " over " + Arrays.toString(axes));
            }
        }
    }

    @Test
    void reduceCoversRowSegmentsColumnChunksAndSeveralNonAdjacentAxes() {
        Random rnd = new Random(1);
        Object[][] cases = {
                {new int[]{3_000_001}, new int[]{}},          // full sum: segments combined in order
                {new int[]{3, 200_000}, new int[]{1}},        // long rows: segments per row
                {new int[]{5000, 300}, new int[]{0}},         // column sums in row chunks
                {new int[]{2, 300, 4500}, new int[]{1}},      // row chunks and column blocks, middle axis
                {new int[]{40, 50, 30}, new int[]{1}},        // many blocks: no chunks
                {new int[]{3, 4, 5, 6}, new int[]{0, 2}},     // non-adjacent axes
                {new int[]{3, 4, 5, 6}, new int[]{1, 3}},
                {new int[]{3, 4, 5, 6}, new int[]{0, -1}},
                {new int[]{3, 4, 5, 6}, new int[]{0, 1, 3}},
                {new int[]{6, 1, 5, 1, 7}, new int[]{1, 2, 4}},
                {new int[]{2, 3, 1}, new int[]{2}},           // only a length-1 axis: a copy
        };
        for (Object[] c : cases) {
            int[] dims = (int[]) c[0], axes = (int[]) c[1];
            Tensor x = integers(rnd, dims);
            for (ReduceOp op : ReduceOp.values()) {
                float[] expected = oracle(op, x, axes);
                for (Backend be : both()) {
                    for (boolean keep : new boolean[]{false, true}) {
                        Tensor out = be.allocate(x.shape().reduce(axes, keep));
                        be.reduce(op, x, axes, out);
                        assertBitwise(expected, out.toArray(), op + " " + x.shape() + " " + Arrays.toString(axes));
                    }
                }
            }
        }
    }

    @Test
    void sumsOfRealDataAreAccurate() {
        Random rnd = new Random(2);
        Object[][] cases = {{new int[]{1_000_003}, new int[]{}}, {new int[]{64, 10007}, new int[]{1}},
                {new int[]{4096, 129}, new int[]{0}}, {new int[]{7, 33, 91}, new int[]{0, 2}}};
        for (Object[] c : cases) {
            int[] dims = (int[]) c[0], axes = (int[]) c[1];
            Tensor x = random(rnd, dims);
            double[] exact = oracleDouble(ReduceOp.SUM, x, axes), absSum = absSums(x, axes);
            for (Backend be : both()) {
                Tensor out = be.allocate(x.shape().reduce(axes, false));
                be.reduce(ReduceOp.SUM, x, axes, out);
                float[] got = out.toArray();
                for (int i = 0; i < got.length; i++)
                    assertTrue(Math.abs(got[i] - exact[i]) <= 1e-6 * absSum[i] + 1e-6,
                            "sum " + x.shape() + " entry " + i + ": " + got[i] + " vs " + exact[i]);
            }
        }
    }

    @Test
    void columnFoldsGiveTheSameBitsOnBothPaths() {
        Random rnd = new Random(3);
        Tensor x = random(rnd, 4096, 1024), y = random(rnd, 3, 333, 47);
        for (ReduceOp op : ReduceOp.values()) {
            for (Object[] c : new Object[][]{{x, new int[]{0}}, {y, new int[]{1}}}) {
                Tensor t = (Tensor) c[0];
                int[] axes = (int[]) c[1];
                Tensor a = SCALAR.allocate(t.shape().reduce(axes, false)), b = vector().allocate(a.shape());
                SCALAR.reduce(op, t, axes, a);
                vector().reduce(op, t, axes, b);
                assertBitwise(a.toArray(), b.toArray(), op + " columns " + t.shape());
            }
        }
    }

    @Test
    void maxAndMinPropagateNaNOnEveryPath() {
        for (Backend be : both()) {
            for (int pos : new int[]{0, 7, 16, 63, 64, 100, 99_999}) {
                float[] v = new float[100_000];
                for (int i = 0; i < v.length; i++) v[i] = (i % 13) - 6;
                v[pos] = Float.NaN;
                Tensor x = Tensor.of(v);
                for (ReduceOp op : new ReduceOp[]{ReduceOp.MAX, ReduceOp.MIN}) {
                    Tensor out = be.allocate(Shape.SCALAR);
                    be.reduce(op, x, new int[]{}, out);
                    assertTrue(Float.isNaN(out.item()), op + " with NaN at " + pos);
                    // rows and columns of the same data
                    Tensor rows = x.reshape(1000, 100), r = be.allocate(Shape.of(1000)), col = be.allocate(Shape.of(100));
                    be.reduce(op, rows, new int[]{1}, r);
                    be.reduce(op, rows, new int[]{0}, col);
                    assertBitwise(oracle(op, rows, new int[]{1}), r.toArray(), op + " rows NaN at " + pos);
                    assertBitwise(oracle(op, rows, new int[]{0}), col.toArray(), op + " columns NaN at " + pos);
                    assertTrue(Float.isNaN(r.get(pos / 100)) && Float.isNaN(col.get(pos % 100)));
                }
            }
        }
    }

    @Test
    void emptyRankZeroAndSizeOneTensors() {
        for (Backend be : both()) {
            Tensor empty = Tensor.zeros(4, 0);
            Tensor s = be.allocate(Shape.of(4));
            be.reduce(ReduceOp.SUM, empty, new int[]{1}, s);
            assertArrayEquals(new float[4], s.toArray());                         // empty sum is 0
            be.reduce(ReduceOp.MEAN, empty, new int[]{1}, s);
            for (float f : s.toArray()) assertTrue(Float.isNaN(f));                // empty mean is NaN
            var e = assertThrows(IllegalArgumentException.class, () -> be.reduce(ReduceOp.MAX, empty, new int[]{1}, s));
            assertTrue(e.getMessage().contains("MAX") && e.getMessage().contains("empty"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> be.reduce(ReduceOp.MIN, empty, new int[]{}, be.allocate(Shape.SCALAR)));
            be.reduce(ReduceOp.MAX, empty, new int[]{0}, be.allocate(Shape.of(0)));   // empty output: nothing to do
            Tensor total = be.allocate(Shape.SCALAR);
            be.reduce(ReduceOp.SUM, empty, new int[]{}, total);
            assertEquals(0f, total.item());

            Tensor scalar = Tensor.scalar(-3.5f);
            for (ReduceOp op : ReduceOp.values()) {
                Tensor out = be.allocate(Shape.SCALAR);
                be.reduce(op, scalar, new int[]{}, out);
                assertEquals(-3.5f, out.item(), op.toString());
            }
            Tensor one = Tensor.of(new float[]{2f}, 1, 1);
            Tensor out = be.allocate(Shape.of(1));
            be.reduce(ReduceOp.MEAN, one, new int[]{0}, out);
            assertEquals(2f, out.item());
        }
    }

    @Test
    void reduceRejectsBadArguments() {
        for (Backend be : both()) {
            Tensor x = Tensor.zeros(3, 4);
            var e = assertThrows(IllegalArgumentException.class, () -> be.reduce(ReduceOp.SUM, x, new int[]{1}, Tensor.zeros(4)));
            assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("out is [4]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> be.reduce(ReduceOp.SUM, x, new int[]{2}, Tensor.zeros(3)));
            assertTrue(e.getMessage().contains("SUM") && e.getMessage().contains("axis 2"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> be.reduce(ReduceOp.SUM, x, new int[]{1, -1}, Tensor.zeros(3)));
            Tensor whole = Tensor.zeros(15);
            Tensor xs = new Tensor(Shape.of(3, 4), whole.storage(), 0), os = new Tensor(Shape.of(3), whole.storage(), 10);
            e = assertThrows(IllegalArgumentException.class, () -> be.reduce(ReduceOp.SUM, xs, new int[]{1}, os));
            assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> be.variance(x, new int[]{0}, 1, Tensor.zeros(3)));
        }
    }

    // ------------------------------------------------------------------------------------------- variance

    @Test
    void varianceMatchesTheTwoPassOracle() {
        Random rnd = new Random(4);
        Object[][] cases = {
                {new int[]{37}, new int[]{}}, {new int[]{50, 77}, new int[]{1}}, {new int[]{3000, 40}, new int[]{0}},
                {new int[]{2, 100_000}, new int[]{1}}, {new int[]{4, 5, 6}, new int[]{0, 2}},
                {new int[]{4, 5, 6, 3}, new int[]{1, 3}}, {new int[]{2, 200, 4200}, new int[]{1}}};
        for (Object[] c : cases) {
            int[] dims = (int[]) c[0], axes = (int[]) c[1];
            Tensor x = uniform(rnd, 2f, 4f, dims);                  // an offset mean: the two passes matter
            for (int correction : new int[]{0, 1}) {
                float[] expected = varianceOracle(x, axes, correction);
                for (Backend be : both()) {
                    Tensor out = be.allocate(x.shape().reduce(axes, correction == 1));
                    be.variance(x, axes, correction, out);
                    assertClose(expected, out.toArray(), 2e-5, 1e-7, "variance " + x.shape() + " " + Arrays.toString(axes));
                }
            }
        }
    }

    @Test
    void varianceOfTooFewElementsIsNaNOrInfinite() {
        for (Backend be : both()) {
            Tensor out = be.allocate(Shape.of(2));
            be.variance(Tensor.of(new float[]{1, 2}, 2, 1), new int[]{1}, 1, out);      // n = 1, correction 1: 0/0
            assertTrue(Float.isNaN(out.get(0)) && Float.isNaN(out.get(1)));
            be.variance(Tensor.of(new float[]{1, 2}, 2, 1), new int[]{1}, 0, out);      // n = 1, correction 0: 0
            assertArrayEquals(new float[]{0, 0}, out.toArray());
            Tensor one = be.allocate(Shape.SCALAR);
            be.variance(Tensor.of(1f, 3f), new int[]{}, 2, one);                        // 2 / 0
            assertEquals(Float.POSITIVE_INFINITY, one.item());
            be.variance(Tensor.of(1f, 3f), new int[]{}, 0, one);
            assertEquals(1f, one.item());
            be.variance(Tensor.zeros(3, 0), new int[]{1}, 0, be.allocate(Shape.of(3)));
        }
    }

    // ------------------------------------------------------------------------------------------- arg-extrema

    @Property(tries = 40)
    void argmaxAndArgminTakeTheFirstExtremeAndTheFirstNaN(@ForAll long seed) {
        Random rnd = new Random(seed);
        int[] dims = randomDims(rnd);
        if (dims.length == 0) dims = new int[]{1 + rnd.nextInt(40)};
        Tensor x = discrete(rnd, rnd.nextInt(4) == 0, dims);
        int axis = rnd.nextInt(dims.length) - (rnd.nextBoolean() ? dims.length : 0);
        int a = x.shape().axis(axis);
        int count = x.shape().without(a).size();
        if (dims[a] == 0 && count > 0) {
            for (Backend be : both())
                assertThrows(IllegalArgumentException.class, () -> be.argmax(x, axis, new int[count]));
            return;
        }
        for (boolean max : new boolean[]{true, false}) {
            int[] expected = argOracle(max, x, a);
            for (Backend be : both()) {
                int[] got = new int[count];
                if (max) be.argmax(x, axis, got);
                else be.argmin(x, axis, got);
                assertArrayEquals(expected, got, (max ? "argmax " : "argmin ") + x.shape() + " axis " + axis);
            }
        }
    }

    @Test
    void argmaxOnLargeRowsAndColumns() {
        Random rnd = new Random(5);
        Tensor x = discrete(rnd, true, 300, 1000), wide = discrete(rnd, true, 40, 3000);
        for (int axis : new int[]{0, 1}) {
            for (boolean max : new boolean[]{true, false}) {
                int[] expected = argOracle(max, x, axis);
                for (Backend be : both()) {
                    int[] got = new int[x.shape().without(axis).size()];
                    if (max) be.argmax(x, axis, got);
                    else be.argmin(x, axis, got);
                    assertArrayEquals(expected, got);
                }
                int[] wideExpected = argOracle(max, wide, 0);
                for (Backend be : both()) {                          // several column blocks
                    int[] got = new int[3000];
                    if (max) be.argmax(wide, 0, got);
                    else be.argmin(wide, 0, got);
                    assertArrayEquals(wideExpected, got);
                }
            }
        }
        var e = assertThrows(IllegalArgumentException.class, () -> SCALAR.argmax(x, 0, new int[3]));
        assertTrue(e.getMessage().contains("argmax") && e.getMessage().contains("1000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SCALAR.argmin(x, 2, new int[300]));
    }

    // ------------------------------------------------------------------------------------------- softmax

    @Property(tries = 40)
    void softmaxAndLogSoftmaxMatchTheOracleAlongAnyAxis(@ForAll long seed) {
        Random rnd = new Random(seed);
        int[] dims = randomDims(rnd);
        if (dims.length == 0) dims = new int[]{1 + rnd.nextInt(40)};
        Tensor x = uniform(rnd, -8f, 8f, dims);
        int axis = rnd.nextInt(dims.length);
        checkSoftmax(x, axis);
    }

    @Test
    void softmaxOnLargeRowsAndColumns() {
        Random rnd = new Random(6);
        Tensor x = uniform(rnd, -20f, 20f, 64, 1000);
        checkSoftmax(x, 1);
        checkSoftmax(x, 0);
        checkSoftmax(uniform(rnd, -5f, 5f, 3, 2000, 9), 1);
        checkSoftmax(uniform(rnd, -5f, 5f, 5, 300, 7), 2);
        checkSoftmax(uniform(rnd, -5f, 5f, 40, 3000), 0);        // several column blocks, the last one partial
    }

    private static void checkSoftmax(Tensor x, int axis) {
        float[][] expected = softmaxOracle(x, axis);
        for (Backend be : both()) {
            Tensor y = be.allocate(x.shape()), ly = be.allocate(x.shape());
            be.softmax(x, axis, y);
            be.logSoftmax(x, axis, ly);
            String what = x.shape() + " axis " + axis + (be == SCALAR ? " scalar" : " vector");
            assertClose(expected[0], y.toArray(), 1e-6, 1e-10, "softmax " + what);
            assertClose(expected[1], ly.toArray(), 1e-6, 1e-6, "logSoftmax " + what);

            Tensor gy = random(new Random(x.size()), x.shape().dims());
            float[][] grads = softmaxBackwardOracle(y, ly, gy, axis);
            Tensor gx = be.allocate(x.shape()), lgx = be.allocate(x.shape());
            be.softmaxBackward(y, gy, axis, gx);
            be.logSoftmaxBackward(ly, gy, axis, lgx);
            assertClose(grads[0], gx.toArray(), 1e-5, 1e-6, "softmaxBackward " + what);
            assertClose(grads[1], lgx.toArray(), 1e-5, 1e-6, "logSoftmaxBackward " + what);
        }
    }

    @Test
    void softmaxOfMaskedRowsAndOfHugeValues() {
        float ninf = Float.NEGATIVE_INFINITY;
        Tensor x = Tensor.of(new float[]{ninf, ninf, ninf, 0f, ninf, 1f, 1000f, 999f, ninf, 3e38f, 3e38f, -3e38f}, 4, 3);
        for (Backend be : both()) {
            Tensor y = be.allocate(x.shape()), ly = be.allocate(x.shape());
            be.softmax(x, 1, y);
            be.logSoftmax(x, 1, ly);
            for (int j = 0; j < 3; j++) {   // a fully masked row is NaN, as in PyTorch
                assertTrue(Float.isNaN(y.get(0, j)) && Float.isNaN(ly.get(0, j)));
            }
            double e = Math.E;
            assertClose(new float[]{(float) (1 / (1 + e)), 0f, (float) (e / (1 + e))},
                    Arrays.copyOfRange(y.toArray(), 3, 6), 1e-6, 0, "partly masked row");
            assertEquals(ninf, ly.get(1, 1));
            assertClose(new float[]{(float) (e / (1 + e)), (float) (1 / (1 + e)), 0f},
                    Arrays.copyOfRange(y.toArray(), 6, 9), 1e-6, 0, "large values");
            assertClose(new float[]{0.5f, 0.5f, 0f}, Arrays.copyOfRange(y.toArray(), 9, 12), 1e-6, 0, "huge values");
            assertEquals((float) -Math.log(2), ly.get(3, 0), 1e-6);
            // the same along axis 0 (column blocks)
            Tensor xt = transpose(x), yt = be.allocate(xt.shape());
            be.softmax(xt, 0, yt);
            assertClose(y.toArray(), transpose(yt).toArray(), 1e-6, 0, "columns");
        }
    }

    @Test
    void softmaxRejectsBadArguments() {
        for (Backend be : both()) {
            var e = assertThrows(IllegalArgumentException.class, () -> be.softmax(Tensor.zeros(3, 4), 1, Tensor.zeros(4, 3)));
            assertTrue(e.getMessage().contains("softmax") && e.getMessage().contains("[4, 3]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> be.logSoftmax(Tensor.zeros(3, 4), 2, Tensor.zeros(3, 4)));
            Tensor x = Tensor.zeros(3, 4);
            e = assertThrows(IllegalArgumentException.class, () -> be.softmax(x, -1, x));
            assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> be.softmaxBackward(Tensor.zeros(3, 4), Tensor.zeros(3, 5), 1, Tensor.zeros(3, 4)));
            be.softmax(Tensor.zeros(0, 4), 1, Tensor.zeros(0, 4));
        }
    }

    // ------------------------------------------------------------------------------------------- determinism

    @Test
    void resultsAreBitIdenticalForOneAndTwoThreads() {
        int saved = Parallel.threads();
        try {
            Random rnd = new Random(7);
            Tensor big = random(rnd, 2_000_003), mat = random(rnd, 4096, 300), wide = random(rnd, 3, 300_000);
            float[][][] results = new float[2][][];
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                Backend v = vector();
                Tensor s = v.allocate(Shape.SCALAR), cols = v.allocate(Shape.of(300)), rows = v.allocate(Shape.of(3));
                Tensor var = v.allocate(Shape.of(300)), sm = v.allocate(mat.shape()), smc = v.allocate(mat.shape());
                v.reduce(ReduceOp.SUM, big, new int[]{}, s);
                v.reduce(ReduceOp.MEAN, mat, new int[]{0}, cols);
                v.reduce(ReduceOp.SUM, wide, new int[]{1}, rows);
                v.variance(mat, new int[]{0}, 1, var);
                v.softmax(mat, 1, sm);
                v.softmax(mat, 0, smc);
                results[t - 1] = new float[][]{s.toArray(), cols.toArray(), rows.toArray(), var.toArray(),
                        sm.toArray(), smc.toArray()};
            }
            for (int i = 0; i < results[0].length; i++) assertBitwise(results[0][i], results[1][i], "result " + i);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    // ------------------------------------------------------------------------------------------- oracles

    /** The reduction in double precision, rounded to float; MAX / MIN with Math.max / Math.min. */
    static float[] oracle(ReduceOp op, Tensor x, int[] axes) {
        double[] d = oracleDouble(op, x, axes);
        float[] r = new float[d.length];
        for (int i = 0; i < d.length; i++) r[i] = (float) d[i];
        return r;
    }

    static double[] oracleDouble(ReduceOp op, Tensor x, int[] axes) {
        boolean[] red = x.shape().reducedAxes(axes);
        int outSize = x.shape().reduce(axes, false).size();
        double[] acc = new double[outSize];
        boolean[] seen = new boolean[outSize];
        long n = 1;
        for (int i = 0; i < red.length; i++) if (red[i]) n *= x.dim(i);
        float[] v = x.toArray();
        int[] map = outIndexMap(x.shape(), red);
        for (int i = 0; i < v.length; i++) {
            int o = map[i];
            double a = acc[o];
            acc[o] = switch (op) {
                case SUM, MEAN -> a + v[i];
                case MAX -> seen[o] ? Math.max((float) a, v[i]) : v[i];
                case MIN -> seen[o] ? Math.min((float) a, v[i]) : v[i];
            };
            seen[o] = true;
        }
        if (op == ReduceOp.MEAN) for (int o = 0; o < outSize; o++) acc[o] /= n;
        return acc;
    }

    static double[] absSums(Tensor x, int[] axes) {
        boolean[] red = x.shape().reducedAxes(axes);
        double[] acc = new double[x.shape().reduce(axes, false).size()];
        float[] v = x.toArray();
        int[] map = outIndexMap(x.shape(), red);
        for (int i = 0; i < v.length; i++) acc[map[i]] += Math.abs(v[i]);
        return acc;
    }

    static float[] varianceOracle(Tensor x, int[] axes, int correction) {
        boolean[] red = x.shape().reducedAxes(axes);
        double[] mean = oracleDouble(ReduceOp.MEAN, x, axes), ss = new double[mean.length];
        float[] v = x.toArray();
        long n = 1;
        for (int i = 0; i < red.length; i++) if (red[i]) n *= x.dim(i);
        int[] map = outIndexMap(x.shape(), red);
        for (int i = 0; i < v.length; i++) {
            int o = map[i];
            double d = v[i] - mean[o];
            ss[o] += d * d;
        }
        float[] r = new float[ss.length];
        for (int o = 0; o < r.length; o++) r[o] = (float) (ss[o] / Math.max(0, n - correction));
        return r;
    }

    /** For every element of a tensor of shape s, its flat index in the reduced output (an odometer walk). */
    static int[] outIndexMap(Shape s, boolean[] red) {
        int[] d = s.dims(), stride = new int[d.length], idx = new int[d.length], map = new int[s.size()];
        for (int a = d.length - 1, acc = 1; a >= 0; a--) {
            stride[a] = red[a] ? 0 : acc;
            if (!red[a]) acc *= d[a];
        }
        int o = 0;
        for (int i = 0; i < map.length; i++) {
            map[i] = o;
            for (int a = d.length - 1; a >= 0; a--) {
                o += stride[a];
                if (++idx[a] < d[a]) break;
                o -= stride[a] * d[a];
                idx[a] = 0;
            }
        }
        return map;
    }

    static int[] argOracle(boolean max, Tensor x, int axis) {
        int outer = x.shape().outer(axis), r = x.dim(axis), inner = x.shape().inner(axis);
        float[] v = x.toArray();
        int[] res = new int[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++) {
                int best = 0;
                float b = v[o * r * inner + j];
                for (int i = 0; i < r && b == b; i++) {
                    float c = v[(o * r + i) * inner + j];
                    if (c != c || (max ? c > b : c < b)) {
                        b = c;
                        best = i;
                    }
                }
                res[o * inner + j] = best;
            }
        return res;
    }

    /** {softmax, logSoftmax} along the axis, in double. */
    static float[][] softmaxOracle(Tensor x, int axis) {
        int outer = x.shape().outer(axis), r = x.dim(axis), inner = x.shape().inner(axis);
        float[] v = x.toArray(), y = new float[v.length], ly = new float[v.length];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++) {
                double m = Double.NEGATIVE_INFINITY, s = 0;
                for (int i = 0; i < r; i++) m = Math.max(m, v[(o * r + i) * inner + j]);
                for (int i = 0; i < r; i++) s += Math.exp(v[(o * r + i) * inner + j] - m);
                for (int i = 0; i < r; i++) {
                    int p = (o * r + i) * inner + j;
                    y[p] = (float) (Math.exp(v[p] - m) / s);
                    ly[p] = (float) (v[p] - m - Math.log(s));
                }
            }
        return new float[][]{y, ly};
    }

    /** {softmaxBackward, logSoftmaxBackward} along the axis, in double, from the given y and log y. */
    static float[][] softmaxBackwardOracle(Tensor y, Tensor ly, Tensor gy, int axis) {
        int outer = y.shape().outer(axis), r = y.dim(axis), inner = y.shape().inner(axis);
        float[] yv = y.toArray(), lv = ly.toArray(), g = gy.toArray(), gx = new float[yv.length], lgx = new float[yv.length];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++) {
                double dot = 0, s = 0;
                for (int i = 0; i < r; i++) {
                    int p = (o * r + i) * inner + j;
                    dot += (double) g[p] * yv[p];
                    s += g[p];
                }
                for (int i = 0; i < r; i++) {
                    int p = (o * r + i) * inner + j;
                    gx[p] = (float) (yv[p] * (g[p] - dot));
                    lgx[p] = (float) (g[p] - Math.exp(lv[p]) * s);
                }
            }
        return new float[][]{gx, lgx};
    }

    // ------------------------------------------------------------------------------------------- data

    static Tensor transpose(Tensor m) {
        int r = m.dim(0), c = m.dim(1);
        float[] v = m.toArray(), t = new float[v.length];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) t[j * r + i] = v[i * c + j];
        return Tensor.wrap(t, c, r);
    }

    /** Small integers in [-8, 8]: every partial sum is exact in float. */
    static Tensor integers(Random rnd, int... dims) {
        Shape s = Shape.of(dims);
        float[] v = new float[s.size()];
        for (int i = 0; i < v.length; i++) v[i] = rnd.nextInt(17) - 8;
        return Tensor.wrap(v, dims);
    }

    /** Values from {-1, 0, 1, 2} (many ties), with NaN now and then if asked. */
    static Tensor discrete(Random rnd, boolean nans, int... dims) {
        Shape s = Shape.of(dims);
        float[] v = new float[s.size()];
        for (int i = 0; i < v.length; i++) v[i] = nans && rnd.nextInt(50) == 0 ? Float.NaN : rnd.nextInt(4) - 1;
        return Tensor.wrap(v, dims);
    }

    static int[] randomDims(Random rnd) {
        int rank = rnd.nextInt(5);
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) d[i] = rnd.nextInt(15) == 0 ? rnd.nextInt(2) : 1 + rnd.nextInt(6);
        if (rank > 0 && rnd.nextBoolean()) d[rnd.nextInt(rank)] = 1 + rnd.nextInt(70);
        return d;
    }

    /** A random set of distinct axes, some negative; sometimes none (all axes). */
    static int[] randomAxes(Random rnd, int rank) {
        if (rank == 0 || rnd.nextInt(5) == 0) return new int[0];
        int[] a = new int[rank];
        int n = 0;
        for (int i = 0; i < rank; i++) if (rnd.nextBoolean()) a[n++] = rnd.nextBoolean() ? i : i - rank;
        return n == 0 ? new int[]{rnd.nextInt(rank)} : Arrays.copyOf(a, n);
    }

    static boolean isEmptyMaxMin(ReduceOp op, Shape s, int[] axes, Shape out) {
        if (op != ReduceOp.MAX && op != ReduceOp.MIN || out.size() == 0) return false;
        boolean[] red = s.reducedAxes(axes);
        for (int i = 0; i < red.length; i++) if (red[i] && s.dim(i) == 0) return true;
        return false;
    }
}
