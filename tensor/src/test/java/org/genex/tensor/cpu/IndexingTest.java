package org.genex.tensor.cpu;

import static org.genex.tensor.TestTensors.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.genex.tensor.Backend;
import org.genex.tensor.Parallel;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** indexSelect, indexAdd, gather, scatterAdd and topk against index-arithmetic and sorting references. */
class IndexingTest {

    // ------------------------------------------------------------------------------------------ references

    /** Row-major coordinates of flat position p in dims. */
    static int[] unravel(int p, int[] dims) {
        int[] c = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            c[d] = p % dims[d];
            p /= dims[d];
        }
        return c;
    }

    static int ravel(int[] c, int[] dims) {
        int p = 0;
        for (int d = 0; d < dims.length; d++) p = p * dims[d] + c[d];
        return p;
    }

    static float[] refIndexSelect(Tensor x, int axis, int[] index) {
        int a = x.shape().axis(axis);
        int[] xd = x.shape().dims(), od = x.shape().with(a, index.length).dims();
        float[] xv = x.toArray(), out = new float[Shape.of(od).size()];
        for (int p = 0; p < out.length; p++) {
            int[] c = unravel(p, od);
            c[a] = index[c[a]];
            out[p] = xv[ravel(c, xd)];
        }
        return out;
    }

    /** out + scatter of src rows, summed in float in increasing source position (the kernel's order). */
    static float[] refIndexAdd(Tensor src, int axis, int[] index, Tensor out) {
        int a = out.shape().axis(axis);
        int[] sd = src.shape().dims(), od = out.shape().dims();
        float[] sv = src.toArray(), res = out.toArray();
        // increasing source position along the axis: iterate the axis outermost within each destination element
        for (int i = 0; i < index.length; i++) {
            for (int p = 0; p < sv.length; p++) {
                int[] c = unravel(p, sd);
                if (c[a] != i) continue;
                c[a] = index[i];
                res[ravel(c, od)] += sv[p];
            }
        }
        return res;
    }

    static float[] refGather(Tensor x, int axis, int[] index, Shape outShape) {
        int a = x.shape().axis(axis);
        int[] xd = x.shape().dims(), od = outShape.dims();
        float[] xv = x.toArray(), out = new float[outShape.size()];
        for (int p = 0; p < out.length; p++) {
            int[] c = unravel(p, od);
            c[a] = index[p];
            out[p] = xv[ravel(c, xd)];
        }
        return out;
    }

    static float[] refScatterAdd(Tensor src, int axis, int[] index, Tensor out) {
        int a = out.shape().axis(axis);
        int[] sd = src.shape().dims(), od = out.shape().dims();
        float[] sv = src.toArray(), res = out.toArray();
        // in increasing position along the axis for each target (the documented accumulation order)
        int[] order = IntStream.range(0, sv.length).boxed()
                .sorted(Comparator.comparingInt(p -> unravel(p, sd)[a])).mapToInt(Integer::intValue).toArray();
        for (int p : order) {
            int[] c = unravel(p, sd);
            c[a] = index[p];
            res[ravel(c, od)] += sv[p];
        }
        return res;
    }

    // ------------------------------------------------------------------------------------------ helpers

    static int[] randomDims(Random rnd, int rank, int max) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) d[i] = rnd.nextInt(max + 1); // zeros included
        return d;
    }

    static int[] randomIndex(Random rnd, int count, int bound) {
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = rnd.nextInt(bound);
        return idx;
    }

    static Backend[] backends() { return new Backend[]{scalar(), vector()}; }

    static void withThreads(int n, Runnable r) {
        int old = Parallel.threads();
        Parallel.setThreads(n);
        try {
            r.run();
        } finally {
            Parallel.setThreads(old);
        }
    }

    // ------------------------------------------------------------------------------------------ indexSelect / indexAdd

    @Property(tries = 60)
    void indexSelectMatchesReference(@ForAll long seed) {
        Random rnd = new Random(seed);
        int rank = 1 + rnd.nextInt(4);
        int[] dims = randomDims(rnd, rank, 5);
        int axis = rnd.nextInt(rank) - (rnd.nextBoolean() ? rank : 0);
        int n = dims[Math.floorMod(axis, rank)];
        if (n == 0) dims[Math.floorMod(axis, rank)] = n = 3;
        Tensor x = random(rnd, dims);
        int[] index = randomIndex(rnd, rnd.nextInt(7), n);
        float[] expected = refIndexSelect(x, axis, index);
        for (Backend be : backends()) {
            Tensor out = Tensor.zeros(x.shape().with(axis, index.length));
            be.indexSelect(x, axis, index, out);
            assertBitwise(expected, out.toArray(), "indexSelect " + x.shape() + " axis " + axis);
        }
    }

    @Property(tries = 60)
    void indexAddMatchesReferenceAndAccumulatesRepeats(@ForAll long seed) {
        Random rnd = new Random(seed);
        int rank = 1 + rnd.nextInt(4);
        int[] dims = randomDims(rnd, rank, 5);
        int axis = rnd.nextInt(rank) - (rnd.nextBoolean() ? rank : 0);
        int a = Math.floorMod(axis, rank);
        if (dims[a] == 0) dims[a] = 2;
        Tensor out0 = random(rnd, dims);
        int[] index = randomIndex(rnd, rnd.nextInt(9), dims[a]);
        Tensor src = random(rnd, out0.shape().with(a, index.length).dims());
        float[] expected = refIndexAdd(src, axis, index, out0);
        for (Backend be : backends()) {
            Tensor out = Tensor.of(out0.toArray(), dims);
            be.indexAdd(src, axis, index, out);
            assertBitwise(expected, out.toArray(), "indexAdd " + out0.shape() + " axis " + axis);
        }
    }

    @Test
    void indexAddEmbeddingGradientIsDeterministicAndExact() {
        // an embedding gradient: 3000 tokens over a vocabulary of 97 rows of width 40 (parallel, bucketed path)
        Random rnd = new Random(7);
        int vocab = 97, d = 40, tokens = 3000;
        int[] index = new int[tokens];
        for (int i = 0; i < tokens; i++) index[i] = (int) Math.min(vocab - 1, Math.abs(rnd.nextGaussian()) * 10);
        Tensor src = random(rnd, tokens, d);
        Tensor out0 = random(rnd, vocab, d);
        float[] expected = refIndexAdd(src, 0, index, out0);
        for (Backend be : backends()) {
            float[][] runs = new float[2][];
            for (int t = 1; t <= 2; t++) {
                Tensor out = Tensor.of(out0.toArray(), vocab, d);
                withThreads(t, () -> be.indexAdd(src, 0, index, out));
                runs[t - 1] = out.toArray();
            }
            assertBitwise(expected, runs[0], "indexAdd, 1 thread");
            assertBitwise(runs[0], runs[1], "indexAdd, 1 vs 2 threads");
        }
        // and the row lookup it is the gradient of
        Tensor table = random(rnd, vocab, d), rows = Tensor.zeros(tokens, d);
        for (Backend be : backends()) {
            be.indexSelect(table, 0, index, rows);
            assertBitwise(refIndexSelect(table, 0, index), rows.toArray(), "indexSelect embedding");
        }
    }

    @Test
    void indexSelectAndAddRejectBadInput() {
        Backend be = scalar();
        Tensor x = Tensor.zeros(4, 3);
        var e = assertThrows(IndexOutOfBoundsException.class,
                () -> be.indexSelect(x, 0, new int[]{1, 4}, Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("indexSelect") && e.getMessage().contains("axis 0")
                && e.getMessage().contains("index 4"), e.getMessage());
        e = assertThrows(IndexOutOfBoundsException.class,
                () -> be.indexAdd(Tensor.zeros(4, 2), -1, new int[]{0, -1}, Tensor.zeros(4, 3)));
        assertTrue(e.getMessage().contains("indexAdd") && e.getMessage().contains("axis -1")
                && e.getMessage().contains("index -1"), e.getMessage());
        var s = assertThrows(IllegalArgumentException.class,
                () -> be.indexSelect(x, 1, new int[]{0}, Tensor.zeros(4, 2)));
        assertTrue(s.getMessage().contains("indexSelect") && s.getMessage().contains("[4, 1]")
                && s.getMessage().contains("[4, 2]"), s.getMessage());
        assertThrows(IllegalArgumentException.class, () -> be.indexSelect(x, 0, new int[]{0}, x.rows(0, 1)));
        // nothing was written before the bad index was found
        Tensor out = Tensor.zeros(4, 3);
        assertThrows(IndexOutOfBoundsException.class,
                () -> be.indexAdd(Tensor.ones(2, 3), 0, new int[]{1, 9}, out));
        assertBitwise(new float[12], out.toArray(), "untouched");
    }

    // ------------------------------------------------------------------------------------------ gather / scatterAdd

    @Test
    void gatherAndScatterAddFollowTorchExamples() {
        for (Backend be : backends()) {
            // torch.gather(torch.tensor([[1, 2], [3, 4]]), 1, torch.tensor([[0, 0], [1, 0]])) == [[1, 1], [4, 3]]
            Tensor out = Tensor.zeros(2, 2);
            be.gather(Tensor.of(new float[]{1, 2, 3, 4}, 2, 2), 1, new int[]{0, 0, 1, 0}, out);
            assertArrayEquals(new float[]{1, 1, 4, 3}, out.toArray());
            // torch.zeros(3, 5).scatter_add_(0, torch.tensor([[0, 1, 2, 0, 0]]), torch.ones(1, 5))
            Tensor acc = Tensor.zeros(3, 5);
            be.scatterAdd(Tensor.ones(1, 5), 0, new int[]{0, 1, 2, 0, 0}, acc);
            assertArrayEquals(new float[]{1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0}, acc.toArray());
            // repeated targets along the axis accumulate
            Tensor acc2 = Tensor.zeros(2, 2);
            be.scatterAdd(Tensor.of(new float[]{1, 2, 3, 10, 20, 30}, 2, 3), 1, new int[]{0, 0, 1, 1, 1, 1}, acc2);
            assertArrayEquals(new float[]{3, 3, 0, 60}, acc2.toArray());
        }
    }

    @Property(tries = 80)
    void gatherAndScatterAddMatchReference(@ForAll long seed) {
        Random rnd = new Random(seed);
        int rank = 1 + rnd.nextInt(4);
        int[] big = randomDims(rnd, rank, 5);
        int a = rnd.nextInt(rank), axis = rnd.nextBoolean() ? a - rank : a;
        if (big[a] == 0) big[a] = 3;
        int[] small = new int[rank];
        for (int d = 0; d < rank; d++) small[d] = d == a ? rnd.nextInt(6) : rnd.nextInt(big[d] + 1);
        Shape smallShape = Shape.of(small);
        int[] index = randomIndex(rnd, smallShape.size(), big[a]);
        Tensor x = random(rnd, big), src = random(rnd, small), out0 = random(rnd, big);
        float[] g = refGather(x, axis, index, smallShape), s = refScatterAdd(src, axis, index, out0);
        for (Backend be : backends()) {
            Tensor out = Tensor.zeros(smallShape);
            be.gather(x, axis, index, out);
            assertBitwise(g, out.toArray(), "gather " + x.shape() + " -> " + smallShape + " axis " + axis);
            Tensor acc = Tensor.of(out0.toArray(), big);
            be.scatterAdd(src, axis, index, acc);
            assertBitwise(s, acc.toArray(), "scatterAdd " + smallShape + " -> " + Shape.of(big) + " axis " + axis);
        }
    }

    @Test
    void gatherAndScatterAddAreDeterministicOnLargeInputs() {
        // big enough to run in parallel tasks, with an inner shape shorter than the big tensor's
        Random rnd = new Random(3);
        int[] big = {30, 64, 40}, small = {30, 80, 33};
        int[] index = randomIndex(rnd, Shape.of(small).size(), 64);
        Tensor x = random(rnd, big), src = random(rnd, small), out0 = random(rnd, big);
        float[] g = refGather(x, 1, index, Shape.of(small));
        float[] s = refScatterAdd(src, 1, index, out0);
        for (Backend be : backends()) {
            for (int t = 1; t <= 2; t++) {
                Tensor out = Tensor.zeros(small), acc = Tensor.of(out0.toArray(), big);
                withThreads(t, () -> {
                    be.gather(x, 1, index, out);
                    be.scatterAdd(src, 1, index, acc);
                });
                assertBitwise(g, out.toArray(), "gather, threads " + t);
                assertBitwise(s, acc.toArray(), "scatterAdd, threads " + t);
            }
        }
    }

    @Test
    void gatherAndScatterAddRejectBadInput() {
        Backend be = scalar();
        var e = assertThrows(IndexOutOfBoundsException.class,
                () -> be.gather(Tensor.zeros(2, 3), 1, new int[]{0, 3, 1, 1}, Tensor.zeros(2, 2)));
        assertTrue(e.getMessage().contains("gather") && e.getMessage().contains("axis 1")
                && e.getMessage().contains("index 3"), e.getMessage());
        e = assertThrows(IndexOutOfBoundsException.class,
                () -> be.scatterAdd(Tensor.zeros(1, 2), 0, new int[]{0, 5}, Tensor.zeros(2, 2)));
        assertTrue(e.getMessage().contains("scatterAdd") && e.getMessage().contains("axis 0")
                && e.getMessage().contains("index 5"), e.getMessage());
        var s = assertThrows(IllegalArgumentException.class,
                () -> be.gather(Tensor.zeros(2, 3), 0, new int[8], Tensor.zeros(2, 4)));
        assertTrue(s.getMessage().contains("gather") && s.getMessage().contains("[2, 4]"), s.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> be.gather(Tensor.zeros(2, 3), 0, new int[3], Tensor.zeros(2, 2)));
        assertThrows(IllegalArgumentException.class,
                () -> be.scatterAdd(Tensor.zeros(2, 3), 0, new int[6], Tensor.zeros(2, 3, 1)));
    }

    // ------------------------------------------------------------------------------------------ topk

    /** The reference order: a stable sort of the row's indices with NaN as the largest value and -0.0 == 0.0. */
    static Integer[] sortedRow(float[] row, boolean largest) {
        Integer[] idx = IntStream.range(0, row.length).boxed().toArray(Integer[]::new);
        Comparator<Integer> byValue = (i, j) -> {
            float a = row[i], b = row[j];
            if (Float.isNaN(a) || Float.isNaN(b)) return Boolean.compare(Float.isNaN(a), Float.isNaN(b));
            return a < b ? -1 : a > b ? 1 : 0;
        };
        Arrays.sort(idx, largest ? byValue.reversed() : byValue); // stable: ties keep the lower index first
        return idx;
    }

    @Property(tries = 80)
    void topkMatchesStableSort(@ForAll long seed) {
        Random rnd = new Random(seed);
        int rank = 1 + rnd.nextInt(3);
        int[] dims = randomDims(rnd, rank, 4);
        int n = dims[rank - 1] = rnd.nextInt(3) == 0 ? 40 + rnd.nextInt(60) : rnd.nextInt(12);
        Tensor x = random(rnd, dims);
        float[] xv = x.array();
        for (int i = 0; i < xv.length; i++) {   // ties, signed zeros, infinities and NaN
            int r = rnd.nextInt(10);
            if (r == 0) xv[i] = Math.round(xv[i] * 2) / 2f;
            else if (r == 1) xv[i] = rnd.nextBoolean() ? 0f : -0f;
            else if (r == 2) xv[i] = Float.NaN;
            else if (r == 3) xv[i] = rnd.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
        }
        int k = rnd.nextInt(4) == 0 ? n : rnd.nextInt(n + 1);
        boolean largest = rnd.nextBoolean();
        int rows = Shape.of(dims).outer(-1);
        float[] ev = new float[rows * k];
        int[] ei = new int[rows * k];
        for (int r = 0; r < rows; r++) {
            Integer[] order = sortedRow(Arrays.copyOfRange(xv, r * n, r * n + n), largest);
            for (int j = 0; j < k; j++) {
                ei[r * k + j] = order[j];
                ev[r * k + j] = xv[r * n + order[j]];
            }
        }
        for (Backend be : backends()) {
            Tensor values = Tensor.zeros(x.shape().with(-1, k));
            int[] indices = new int[rows * k];
            be.topk(x, k, largest, values, indices);
            assertArrayEquals(ei, indices, "topk indices k=" + k + " largest=" + largest + " of " + x.shape());
            assertBitwise(ev, values.toArray(), "topk values");
        }
    }

    @Test
    void topkTiesNanAndEdges() {
        Tensor x = Tensor.of(3f, Float.NaN, 1f, 3f, -0f, 0f, -2f);
        for (Backend be : backends()) {
            Tensor v = Tensor.zeros(3);
            int[] i = new int[3];
            be.topk(x, 3, true, v, i);
            assertArrayEquals(new int[]{1, 0, 3}, i);         // NaN first, then the tie in index order
            be.topk(x, 3, false, v, i);
            assertArrayEquals(new int[]{6, 4, 5}, i);         // -0.0 and 0.0 tie: lower index first
            assertArrayEquals(new float[]{-2f, -0f, 0f}, v.toArray());
            Tensor all = Tensor.zeros(7);
            int[] ai = new int[7];
            be.topk(x, 7, false, all, ai);
            assertEquals(1, ai[6], "NaN is last when smallest");
            be.topk(x, 0, true, Tensor.zeros(0), new int[0]);
            be.topk(Tensor.zeros(3, 0), 0, true, Tensor.zeros(3, 0), new int[0]);
        }
        Backend be = scalar();
        assertThrows(IllegalArgumentException.class, () -> be.topk(x, 8, true, Tensor.zeros(8), new int[8]));
        assertThrows(IllegalArgumentException.class, () -> be.topk(x, 2, true, Tensor.zeros(3), new int[2]));
        assertThrows(IllegalArgumentException.class, () -> be.topk(x, 2, true, Tensor.zeros(2), new int[3]));
    }

    @Test
    void topkIsDeterministicOverThreads() {
        Random rnd = new Random(11);
        Tensor x = random(rnd, 500, 130);
        for (boolean largest : new boolean[]{true, false}) {
            int[][] idx = new int[2][500 * 5];
            for (int t = 1; t <= 2; t++) {
                int[] out = idx[t - 1];
                withThreads(t, () -> scalar().topk(x, 5, largest, Tensor.zeros(500, 5), out));
            }
            assertArrayEquals(idx[0], idx[1]);
        }
    }
}
