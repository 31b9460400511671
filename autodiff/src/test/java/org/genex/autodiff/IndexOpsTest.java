package org.genex.autodiff;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import net.jqwik.api.*;
import net.jqwik.api.constraints.IntRange;
import org.genex.tensor.*;
import org.junit.jupiter.api.Test;

/** indexSelect (embedding lookups, repeated indices), gather and scatterAdd against finite differences and exactly. */
class IndexOpsTest {

    static int[] randomDims(Random r, int rank, int max) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) d[i] = 1 + r.nextInt(max);
        return d;
    }

    static int[] randomIndex(Random r, int n, int bound) {
        int[] index = new int[n];
        for (int i = 0; i < n; i++) index[i] = r.nextInt(bound);
        return index;
    }

    @Property(tries = 30)
    void indexSelectMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 3) int rank, @ForAll long seed) {
        Random r = new Random(seed);
        int[] dims = randomDims(r, rank, 4);
        int axis = r.nextInt(rank);
        int[] index = randomIndex(r, r.nextInt(7), dims[axis]);                 // repeats likely; maybe empty
        Tensor x = TestTensors.random(r, dims);
        GradCheck.check(v -> v[0].indexSelect(axis, index), x);
        GradCheck.check(v -> v[0].indexSelect(axis - rank, index).tanh(), x);
    }

    @Test
    void anEmbeddingLookupSumsTheGradientsOfRepeatedTokens() {
        Var table = Var.param(Tensor.arange(8).reshape(4, 2));                  // vocab 4, width 2
        Var e = table.indexSelect(0, 1, 1, 3);
        assertArrayEquals(new float[]{2, 3, 2, 3, 6, 7}, e.value().toArray());
        e.backward(Tensor.of(new float[]{1, 2, 10, 20, 5, 7}, 3, 2));
        assertArrayEquals(new float[]{0, 0, 11, 22, 0, 0, 5, 7}, table.grad().toArray());
    }

    @Test
    void anIndexBufferRefilledAfterTheLookupDoesNotMoveItsGradient() {
        Var table = Var.param(Tensor.zeros(4, 2));
        int[] ids = {0, 1};
        Var first = table.indexSelect(0, ids);
        ids[0] = 3;                                                   // the next batch, in the same buffer
        ids[1] = 3;
        Var second = table.indexSelect(0, ids).mul(10f);
        first.add(second).sum().backward();
        assertArrayEquals(new float[]{1, 1, 1, 1, 0, 0, 20, 20}, table.grad().toArray());

        Var x = Var.param(Tensor.zeros(2, 2));
        int[] at = {1, 0};
        Var g = x.gather(1, at, Shape.of(2, 1));
        at[0] = 0;
        at[1] = 1;
        g.backward(Tensor.of(new float[]{1, 2}, 2, 1));
        assertArrayEquals(new float[]{0, 1, 2, 0}, x.grad().toArray());

        Var base = Var.param(Tensor.zeros(3)), src = Var.param(Tensor.of(1f, 2f));
        int[] to = {2, 0};
        Var s = base.scatterAdd(0, to, src);
        to[0] = 1;
        to[1] = 1;
        s.backward(Tensor.of(10f, 20f, 30f));
        assertArrayEquals(new float[]{30f, 10f}, src.grad().toArray());
    }

    @Property(tries = 30)
    void gatherMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 3) int rank, @ForAll long seed) {
        Random r = new Random(seed);
        int[] dims = randomDims(r, rank, 4);
        int axis = r.nextInt(rank);
        int[] out = new int[rank];                                              // other axes may be shorter
        for (int i = 0; i < rank; i++) out[i] = i == axis ? 1 + r.nextInt(4) : 1 + r.nextInt(dims[i]);
        Shape outShape = Shape.of(out);
        int[] index = randomIndex(r, outShape.size(), dims[axis]);
        Tensor x = TestTensors.random(r, dims);
        GradCheck.check(v -> v[0].gather(axis, index, outShape), x);
    }

    @Test
    void gatherPicksAlongItsAxisAndScattersTheGradientBack() {
        Var x = Var.param(Tensor.of(new float[]{1, 2, 3, 4}, 2, 2));
        Var y = x.gather(1, new int[]{0, 0, 1, 0}, Shape.of(2, 2));             // [[x00, x00], [x11, x10]]
        assertArrayEquals(new float[]{1, 1, 4, 3}, y.value().toArray());
        y.sum().backward();
        assertArrayEquals(new float[]{2, 0, 1, 1}, x.grad().toArray());
    }

    @Property(tries = 30)
    void scatterAddMatchesFiniteDifferences(@ForAll @IntRange(min = 1, max = 3) int rank, @ForAll long seed) {
        Random r = new Random(seed);
        int[] dims = randomDims(r, rank, 4);
        int axis = r.nextInt(rank);
        int[] src = new int[rank];
        for (int i = 0; i < rank; i++) src[i] = i == axis ? 1 + r.nextInt(5) : 1 + r.nextInt(dims[i]);
        int[] index = randomIndex(r, Shape.of(src).size(), dims[axis]);
        Tensor base = TestTensors.random(r, dims), s = TestTensors.random(r, src);
        GradCheck.check(v -> v[0].scatterAdd(axis, index, v[1]), base, s);
        GradCheck.check(v -> v[0].scatterAdd(axis - rank, index, v[1]).square(), base, s);
    }

    @Test
    void scatterAddSumsAtRepeatedIndicesAndGathersTheGradient() {
        Var base = Var.param(Tensor.zeros(3)), src = Var.param(Tensor.of(1, 2, 3, 4));
        Var y = base.scatterAdd(0, new int[]{0, 2, 0, 1}, src);
        assertArrayEquals(new float[]{4, 4, 2}, y.value().toArray());
        y.backward(Tensor.of(10, 20, 30));
        assertArrayEquals(new float[]{10, 20, 30}, base.grad().toArray());
        assertArrayEquals(new float[]{10, 30, 10, 20}, src.grad().toArray());
        // a constant base: only src gets a gradient, and the base's value is not modified
        Var c = Var.of(Tensor.of(1, 1, 1));
        Var s2 = Var.param(Tensor.of(5, 6));
        Var z = c.scatterAdd(0, new int[]{2, 2}, s2);
        assertArrayEquals(new float[]{1, 1, 12}, z.value().toArray());
        assertArrayEquals(new float[]{1, 1, 1}, c.value().toArray());
        z.sum().backward();
        assertArrayEquals(new float[]{1, 1}, s2.grad().toArray());
    }
}
