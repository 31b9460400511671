package org.genex.autodiff;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import net.jqwik.api.*;
import net.jqwik.api.constraints.IntRange;
import org.genex.tensor.*;
import org.junit.jupiter.api.Test;

/**
 * reshape, permute, transpose, slice, split, concat, flip, broadcastTo, unsqueeze and squeeze against finite
 * differences over random shapes, and their values against direct indexing.
 */
class MovementOpsTest {

    static int[] randomDims(Random r, int rank, int max) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) d[i] = 1 + r.nextInt(max);
        return d;
    }

    static int[] randomPermutation(Random r, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Property(tries = 30)
    void reshapeMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 4) int rank, @ForAll long seed) {
        Random r = new Random(seed);
        int[] dims = randomDims(r, rank, 4);
        Tensor x = TestTensors.random(r, dims);
        // the factors of the size, regrouped at random, one of them inferred
        int n = x.size();
        int first = 1;
        for (int f = 2; f <= n; f++) if (n % f == 0 && r.nextBoolean()) { first = f; break; }
        int[] to = r.nextBoolean() ? new int[]{first, -1} : new int[]{-1, first, 1};
        GradCheck.check(v -> v[0].reshape(to).mul(v[0].reshape(to)), x);        // x^2 through two views
        GradCheck.check(v -> v[0].flatten(), x);
    }

    @Property(tries = 30)
    void permuteAndTransposeMatchFiniteDifferences(@ForAll @IntRange(min = 1, max = 4) int rank,
                                                   @ForAll long seed) {
        Random r = new Random(seed);
        int[] dims = randomDims(r, rank, rank == 4 ? 3 : 4);
        Tensor x = TestTensors.random(r, dims);
        int[] perm = randomPermutation(r, rank);
        Var y = Var.param(x).permute(perm);
        for (int i = 0; i < rank; i++) assertEquals(dims[perm[i]], y.dim(i));
        GradCheck.check(v -> v[0].permute(perm), x);
        int a = r.nextInt(rank), b = r.nextInt(rank) - rank;                   // b counted from the end
        GradCheck.check(v -> v[0].transpose(a, b), x);
        if (rank == 2) GradCheck.check(v -> v[0].t(), x);
    }

    @Test
    void permuteMovesEachElementWhereItsIndicesSay() {
        Tensor x = TestTensors.random(new Random(1), 2, 3, 4);
        Var y = Var.param(x).permute(2, 0, 1);                                  // y[k][i][j] = x[i][j][k]
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++) assertEquals(x.get(i, j, k), y.value().get(k, i, j));
        Var w = Var.param(Tensor.arange(24).reshape(4, 2, 3));
        Var p = Var.param(x);
        p.permute(2, 0, 1).mul(w).sum().backward();                             // grad x[i][j][k] = w[k][i][j]
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++) assertEquals(w.value().get(k, i, j), p.grad().get(i, j, k));
    }

    @Property(tries = 30)
    void sliceSplitAndConcatMatchFiniteDifferences(@ForAll @IntRange(min = 1, max = 3) int rank, @ForAll long seed) {
        Random r = new Random(seed);
        int[] dims = randomDims(r, rank, 4);
        int axis = r.nextInt(rank), len = dims[axis];
        int start = r.nextInt(len + 1), end = start + r.nextInt(len - start + 1);   // possibly empty
        Tensor x = TestTensors.random(r, dims);
        int negAxis = axis - rank;
        GradCheck.check(v -> v[0].slice(negAxis, start, end), x);

        // split into random pieces, some used twice, one dropped: the gradient must be zero there
        int[] sizes = {start, end - start, len - end};
        GradCheck.check(v -> {
            Var[] parts = v[0].split(axis, sizes);
            return Var.concat(axis, parts[1], parts[0], parts[1].mul(2f));
        }, x);

        int[] other = dims.clone();
        other[axis] = 1 + r.nextInt(3);
        Tensor z = TestTensors.random(r, other);
        GradCheck.check(v -> Var.concat(negAxis, v[0], v[1], v[0]), x, z);   // x used twice: contributions sum
    }

    @Test
    void splitAndConcatRoundTripAndDropUnusedPieces() {
        Var x = Var.param(Tensor.arange(6).reshape(2, 3));
        Var[] p = x.split(1, 1, 2);
        assertArrayEquals(new float[]{0, 3}, p[0].value().toArray());
        assertArrayEquals(new float[]{1, 2, 4, 5}, p[1].value().toArray());
        Var back = Var.concat(1, p[0], p[1]);
        assertArrayEquals(x.value().toArray(), back.value().toArray());
        p[1].sum().backward();
        assertArrayEquals(new float[]{0, 1, 1, 0, 1, 1}, x.grad().toArray());
        var e = assertThrows(IllegalArgumentException.class, () -> x.split(1, 1, 1));
        assertTrue(e.getMessage().contains("add up to 2, not 3"), e.getMessage());
    }

    @Property(tries = 30)
    void flipMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 3) int rank, @ForAll long seed) {
        Random r = new Random(seed);
        int[] dims = randomDims(r, rank, 4);
        int axis = r.nextInt(rank) - (r.nextBoolean() ? rank : 0);
        Tensor x = TestTensors.random(r, dims);
        GradCheck.check(v -> v[0].flip(axis), x);
        GradCheck.check(v -> v[0].flip(axis).mul(v[0]), x);                     // x used flipped and not
    }

    @Test
    void flipReversesTheGradientBack() {
        Var x = Var.param(Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3));
        Var y = x.flip(-1);
        assertArrayEquals(new float[]{3, 2, 1, 6, 5, 4}, y.value().toArray());
        y.backward(Tensor.of(new float[]{10, 20, 30, 40, 50, 60}, 2, 3));
        assertArrayEquals(new float[]{30, 20, 10, 60, 50, 40}, x.grad().toArray());
    }

    @Property(tries = 30)
    void broadcastToMatchesFiniteDifferences(@ForAll @IntRange(min = 0, max = 3) int rank,
                                             @ForAll @IntRange(min = 0, max = 2) int extra, @ForAll long seed) {
        Random r = new Random(seed);
        int[] target = randomDims(r, rank + extra, 4);
        int[] dims = new int[rank];                                             // target's trailing axes, some 1
        for (int i = 0; i < rank; i++) dims[i] = r.nextBoolean() ? 1 : target[extra + i];
        Tensor x = TestTensors.random(r, dims);
        Var y = Var.param(x).broadcastTo(Shape.of(target));
        assertEquals(Shape.of(target), y.shape());
        GradCheck.check(v -> v[0].broadcastTo(Shape.of(target)), x);
    }

    @Test
    void broadcastToSumsTheGradientBack() {
        Var x = Var.param(Tensor.of(new float[]{1, 2}, 2, 1));
        x.broadcastTo(Shape.of(3, 2, 4)).sum().backward();
        assertArrayEquals(new float[]{12, 12}, x.grad().toArray());
        assertThrows(IllegalArgumentException.class, () -> x.broadcastTo(Shape.of(3, 4)));
    }

    @Property(tries = 20)
    void unsqueezeAndSqueezeMatchFiniteDifferences(@ForAll @IntRange(min = 0, max = 3) int rank, @ForAll long seed) {
        Random r = new Random(seed);
        int[] dims = randomDims(r, rank, 4);
        int at = r.nextInt(rank + 1) - (r.nextBoolean() ? rank + 1 : 0);      // 0..rank, or counted from the end
        Tensor x = TestTensors.random(r, dims);
        Var u = Var.param(x).unsqueeze(at);
        assertEquals(rank + 1, u.rank());
        int inserted = at < 0 ? at + rank + 1 : at;
        assertEquals(1, u.dim(inserted));
        GradCheck.check(v -> v[0].unsqueeze(at), x);
        GradCheck.check(v -> v[0].unsqueeze(at).squeeze(inserted), x);
        GradCheck.check(v -> v[0].unsqueeze(at).exp().squeeze(inserted - rank - 1), x);
    }

    @Test
    void squeezeOfAnAxisThatIsNotOneIsAnError() {
        Var x = Var.param(Tensor.zeros(2, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> x.squeeze(1));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void arraysPassedToAnOpMayBeReusedBeforeBackward() {
        // a loop that refills one array for each op must not rewire the ops recorded before
        Var a = Var.param(Tensor.of(1f, 2f)), b = Var.param(Tensor.of(3f)), c = Var.param(Tensor.of(4f, 5f, 6f));
        Var[] parts = {a, b};
        Var ab = Var.concat(0, parts);
        parts[0] = c;
        parts[1] = c;
        ab.backward(Tensor.of(1f, 2f, 3f));
        assertArrayEquals(new float[]{1f, 2f}, a.grad().toArray());
        assertArrayEquals(new float[]{3f}, b.grad().toArray());
        assertNull(c.grad());

        Var x = Var.param(Tensor.arange(6).reshape(2, 3));
        int[] perm = {1, 0};
        Var y = x.permute(perm);
        perm[0] = 0;
        perm[1] = 1;
        y.backward(Tensor.arange(6).reshape(3, 2));                   // y = x^T: the gradient is seed^T
        assertArrayEquals(new float[]{0, 2, 4, 1, 3, 5}, x.grad().toArray());
    }

    @Test
    void reshapeSharesStorageAndItsGradientIsACopy() {
        Var x = Var.param(Tensor.arange(6));
        Var y = x.reshape(2, 3);
        assertSame(x.value().storage(), y.value().storage());
        Tensor seed = Tensor.full(Shape.of(2, 3), 2f);
        y.backward(seed);
        seed.array()[0] = 99f;                                        // the seed is the caller's: not aliased
        assertArrayEquals(new float[]{2, 2, 2, 2, 2, 2}, x.grad().toArray());
    }
}
