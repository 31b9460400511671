package org.genex.autodiff;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.*;
import net.jqwik.api.constraints.IntRange;
import org.genex.tensor.*;
import org.junit.jupiter.api.Test;

/** matmul, 2-D with every transpose flag and batched with broadcast batch axes, against finite differences. */
class LinalgOpsTest {

    /** The stored shape of an operand with batch axes {@code batch} whose op() is rows x cols. */
    static int[] stored(int[] batch, int rows, int cols, boolean trans) {
        int[] d = Arrays.copyOf(batch, batch.length + 2);
        d[batch.length] = trans ? cols : rows;
        d[batch.length + 1] = trans ? rows : cols;
        return d;
    }

    /**
     * Batch axes of A and B for pattern {@code p}: equal, a rank-2 operand on either side (B rank 2 is the
     * shared-weight fast path), [2,1] against [3], both broadcast, rank 4 against rank 2.
     */
    static int[][] batches(int p, int b) {
        return switch (p) {
            case 0 -> new int[][]{{b}, {b}};
            case 1 -> new int[][]{{}, {b}};
            case 2 -> new int[][]{{b}, {}};
            case 3 -> new int[][]{{2, 1}, {3}};
            case 4 -> new int[][]{{b, 1}, {1, 2}};
            case 5 -> new int[][]{{2, b}, {}};
            case 6 -> new int[][]{{}, {2, b}};
            default -> throw new IllegalArgumentException("pattern " + p);
        };
    }

    static void check(Random r, int[] ba, int[] bb, int m, int k, int n, boolean ta, boolean tb) {
        Tensor a = TestTensors.random(r, stored(ba, m, k, ta)), b = TestTensors.random(r, stored(bb, k, n, tb));
        try {
            GradCheck.check(v -> v[0].matmul(v[1], ta, tb), a, b);
        } catch (AssertionError e) {
            throw new AssertionError("matmul " + a.shape() + (ta ? "^T" : "") + " @ " + b.shape() + (tb ? "^T" : "")
                    + ": " + e.getMessage(), e);
        }
    }

    @Property(tries = 30)
    void matmul2dWithEveryTransposeMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 5) int m,
                                                            @ForAll @IntRange(min = 1, max = 5) int k,
                                                            @ForAll @IntRange(min = 1, max = 5) int n,
                                                            @ForAll long seed) {
        Random r = new Random(seed);
        for (boolean ta : new boolean[]{false, true})
            for (boolean tb : new boolean[]{false, true}) check(r, new int[0], new int[0], m, k, n, ta, tb);
    }

    @Property(tries = 30)
    void batchedMatmulWithBroadcastBatchesMatchesFiniteDifferences(@ForAll @IntRange(min = 0, max = 6) int p,
                                                                   @ForAll @IntRange(min = 1, max = 3) int b,
                                                                   @ForAll @IntRange(min = 1, max = 3) int m,
                                                                   @ForAll @IntRange(min = 1, max = 3) int k,
                                                                   @ForAll @IntRange(min = 1, max = 3) int n,
                                                                   @ForAll boolean ta, @ForAll boolean tb,
                                                                   @ForAll long seed) {
        int[][] batch = batches(p, b);
        check(new Random(seed), batch[0], batch[1], m, k, n, ta, tb);
    }

    @Test
    void everyBatchPatternWithEveryTranspose() {
        Random r = new Random(7);
        for (int p = 0; p < 7; p++)
            for (boolean ta : new boolean[]{false, true})
                for (boolean tb : new boolean[]{false, true}) check(r, batches(p, 2)[0], batches(p, 2)[1], 2, 3, 2, ta, tb);
    }

    @Test
    void emptyDimensionsGiveEmptyOrZeroGradients() {
        // m, k or n of 0 under every batch pattern and transpose (the shared-weight path once failed to reshape)
        int[][] mkn = {{0, 2, 3}, {2, 0, 3}, {2, 3, 0}};
        for (int[] d : mkn)
            for (int p = 0; p < 7; p++)
                for (boolean ta : new boolean[]{false, true})
                    for (boolean tb : new boolean[]{false, true}) {
                        int[][] batch = batches(p, 2);
                        Var a = Var.param(Tensor.ones(stored(batch[0], d[0], d[1], ta)));
                        Var b = Var.param(Tensor.ones(stored(batch[1], d[1], d[2], tb)));
                        Var c = a.matmul(b, ta, tb);
                        c.sum().backward();
                        String what = a.shape() + (ta ? "^T" : "") + " @ " + b.shape() + (tb ? "^T" : "");
                        assertEquals(a.shape(), a.grad().shape(), what);
                        assertEquals(b.shape(), b.grad().shape(), what);
                        if (d[0] == 0 || d[2] == 0) for (float g : a.grad().toArray()) assertEquals(0f, g, what);
                        if (d[0] == 0 || d[2] == 0) for (float g : b.grad().toArray()) assertEquals(0f, g, what);
                    }
    }

    @Test
    void theBroadcastBatchShapeIsTorchMatmuls() {
        Var a = Var.param(Tensor.zeros(2, 1, 4, 5)), b = Var.param(Tensor.zeros(3, 5, 6));
        Var c = a.matmul(b);
        assertEquals(Shape.of(2, 3, 4, 6), c.shape());
        c.sum().backward();
        assertEquals(a.shape(), a.grad().shape());
        assertEquals(b.shape(), b.grad().shape());
    }

    @Test
    void aMatrixTimesItsOwnTransposeGetsBothContributions() {
        // sum(X^T X) = sum_ij sum_r x_ri x_rj = sum_r (sum_i x_ri)^2: the gradient is twice the row sums
        Var x = Var.param(Tensor.of(new float[]{1, 2, 3, 4}, 2, 2));
        x.matmul(x, true, false).sum().backward();
        assertArrayEquals(new float[]{6, 6, 14, 14}, x.grad().toArray());
        GradCheck.check(v -> v[0].matmul(v[0], false, true), TestTensors.random(new Random(3), 3, 4));
        GradCheck.check(v -> v[0].matmul(v[0], true, true), TestTensors.random(new Random(4), 2, 3, 3));
    }

    @Test
    void aSharedWeightOverASequenceAccumulatesOverEveryRow() {
        // [b, t, k] @ [k, n]: dW = sum over b and t of x^T dy, here with dy = 1 and x all ones: every entry b*t
        Var x = Var.of(Tensor.ones(2, 3, 4)), w = Var.param(Tensor.zeros(4, 5));
        x.matmul(w).sum().backward();
        for (float g : w.grad().toArray()) assertEquals(6f, g);
        Var wt = Var.param(Tensor.zeros(5, 4));
        x.matmul(wt, false, true).sum().backward();
        for (float g : wt.grad().toArray()) assertEquals(6f, g);
    }
}
