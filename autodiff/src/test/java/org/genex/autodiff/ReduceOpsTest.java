package org.genex.autodiff;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.*;
import net.jqwik.api.constraints.IntRange;
import org.genex.tensor.*;
import org.junit.jupiter.api.Test;

/** sum, mean, max and min over random axis sets, keepDim both ways, against finite differences; ties exactly. */
class ReduceOpsTest {

    /** The values 0.1 (i - n/2), i < n, shuffled: distinct and 0.1 apart, so no max/min tie is within the step. */
    static Tensor distinct(Random r, int... dims) {
        int n = Shape.of(dims).size();
        List<Float> v = new ArrayList<>();
        for (int i = 0; i < n; i++) v.add(0.1f * (i - n / 2));
        Collections.shuffle(v, r);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = v.get(i);
        return Tensor.wrap(a, dims);
    }

    static Var reduce(ReduceOp op, Var x, boolean keepDim, int[] axes) {
        return switch (op) {
            case SUM -> x.sum(keepDim, axes);
            case MEAN -> x.mean(keepDim, axes);
            case MAX -> x.max(keepDim, axes);
            case MIN -> x.min(keepDim, axes);
            default -> throw new IllegalArgumentException(op.name());
        };
    }

    static final ReduceOp[] OPS = {ReduceOp.SUM, ReduceOp.MEAN, ReduceOp.MAX, ReduceOp.MIN};

    @Property(tries = 40)
    void reductionsOverRandomAxesMatchFiniteDifferences(@ForAll @IntRange(min = 0, max = 3) int opIndex,
                                                        @ForAll @IntRange(min = 0, max = 4) int rank,
                                                        @ForAll boolean keepDim, @ForAll long seed) {
        Random r = new Random(seed);
        ReduceOp op = OPS[opIndex];
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) dims[i] = 1 + r.nextInt(rank >= 4 ? 2 : 4);
        // a random subset of the axes (empty: all of them), some named from the end
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < rank; i++) if (r.nextBoolean()) axes.add(r.nextBoolean() ? i : i - rank);
        Collections.shuffle(axes, r);
        int[] ax = axes.stream().mapToInt(Integer::intValue).toArray();
        Tensor x = op == ReduceOp.MAX || op == ReduceOp.MIN ? distinct(r, dims)
                : TestTensors.random(r, dims);
        Var y = reduce(op, Var.param(x), keepDim, ax);
        assertEquals(x.shape().reduce(ax, keepDim), y.shape(), op + " of " + x.shape() + " over " + axes);
        try {
            GradCheck.check(v -> reduce(op, v[0], keepDim, ax), x);
        } catch (AssertionError e) {
            throw new AssertionError(op + " of " + x.shape() + " over " + axes + " keepDim " + keepDim + ": "
                    + e.getMessage(), e);
        }
    }

    @Test
    void sumAndMeanSpreadTheGradientOverTheReducedElements() {
        Var x = Var.param(Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3));
        x.mean(false, 1).backward(Tensor.of(3f, 6f));
        assertArrayEquals(new float[]{1, 1, 1, 2, 2, 2}, x.grad().toArray());
        x.zeroGrad();
        x.sum(true, 0).backward(Tensor.of(new float[]{1, 2, 3}, 1, 3));
        assertArrayEquals(new float[]{1, 2, 3, 1, 2, 3}, x.grad().toArray());
        x.zeroGrad();
        x.mean().backward();
        for (float g : x.grad().toArray()) assertEquals(1f / 6, g, 1e-7f);
    }

    @Test
    void maxTiesShareTheGradientEqually() {
        // rows [1, 3, 3] and [2, 2, 2]: the first row's maximum is tied twice, the second's three times
        Var x = Var.param(Tensor.of(new float[]{1, 3, 3, 2, 2, 2}, 2, 3));
        Var m = x.max(false, 1);
        assertArrayEquals(new float[]{3, 2}, m.value().toArray());
        m.backward(Tensor.of(1f, 3f));
        assertArrayEquals(new float[]{0, 0.5f, 0.5f, 1, 1, 1}, x.grad().toArray(), 1e-7f);

        x.zeroGrad();
        x.min(true, 1).sum().backward();
        assertArrayEquals(new float[]{1, 0, 0, 1f / 3, 1f / 3, 1f / 3}, x.grad().toArray(), 1e-7f);

        x.zeroGrad();
        x.max(false).backward();                               // over everything: 3 twice
        assertArrayEquals(new float[]{0, 0.5f, 0.5f, 0, 0, 0}, x.grad().toArray(), 1e-7f);

        x.zeroGrad();
        x.max(false, 0).sum().backward();                      // columns (1,2), (3,2), (3,2): no ties
        assertArrayEquals(new float[]{0, 1, 1, 1, 0, 0}, x.grad().toArray(), 1e-7f);
    }

    @Test
    void anAxesArrayReusedAfterTheReductionDoesNotChangeItsGradient() {
        Var x = Var.param(Tensor.of(new float[]{1, 3, 3, 2, 5, 2}, 2, 3));
        int[] axes = {1};
        Var m = x.max(false, axes);
        axes[0] = 0;
        m.sum().backward();
        assertArrayEquals(new float[]{0, 0.5f, 0.5f, 0, 1, 0}, x.grad().toArray());
    }

    @Test
    void reductionsOverAnEmptyAxisHaveEmptyGradients() {
        Var x = Var.param(Tensor.zeros(0, 3));
        Var s = x.sum(false, 0);
        assertArrayEquals(new float[]{0, 0, 0}, s.value().toArray());
        s.sum().backward();
        assertEquals(Shape.of(0, 3), x.grad().shape());
        Var y = Var.param(Tensor.zeros(3, 0));
        y.sum(false, 1).sum().backward();
        assertEquals(Shape.of(3, 0), y.grad().shape());
    }

    @Test
    void aRepeatedAxisIsAnError() {
        Var x = Var.param(Tensor.zeros(2, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> x.sum(false, 1, -1));
        assertTrue(e.getMessage().contains("repeated"), e.getMessage());
    }
}
