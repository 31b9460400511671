package org.genex.tensor.cpu;

import static org.genex.tensor.TestTensors.*;
import static org.genex.tensor.cpu.IndexingTest.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.genex.tensor.Backend;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** permute, slice, sliceWrite, concat and flip against index-arithmetic references, and their round trips. */
class MovementTest {

    static float[] refPermute(Tensor x, int[] perm) {
        int[] xd = x.shape().dims(), od = x.shape().permute(perm).dims();
        float[] xv = x.toArray(), out = new float[xv.length];
        for (int p = 0; p < out.length; p++) {
            int[] c = unravel(p, od), src = new int[xd.length];
            for (int i = 0; i < perm.length; i++) src[Math.floorMod(perm[i], xd.length)] = c[i];
            out[p] = xv[ravel(src, xd)];
        }
        return out;
    }

    static int[] randomPerm(Random rnd, int rank) {
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) p[i] = i;
        for (int i = rank - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        for (int i = 0; i < rank; i++) if (rnd.nextInt(4) == 0) p[i] -= rank; // negative axes too
        return p;
    }

    static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) inv[Math.floorMod(perm[i], perm.length)] = i;
        return inv;
    }

    static Tensor permute(Backend be, Tensor x, int[] perm) {
        Tensor out = Tensor.zeros(x.shape().permute(perm));
        be.permute(x, perm, out);
        return out;
    }

    // ------------------------------------------------------------------------------------------ permute

    @Property(tries = 100)
    void permuteMatchesReferenceAndInverts(@ForAll long seed) {
        Random rnd = new Random(seed);
        int rank = rnd.nextInt(6);
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) dims[i] = rnd.nextInt(5) == 0 ? 1 : 1 + rnd.nextInt(rnd.nextBoolean() ? 5 : 40);
        if (Shape.of(dims).size() > 20_000) dims[0] = 1;
        Tensor x = random(rnd, dims);
        int[] perm = randomPerm(rnd, rank);
        float[] expected = refPermute(x, perm);
        for (Backend be : backends()) {
            Tensor y = permute(be, x, perm);
            assertBitwise(expected, y.toArray(), "permute " + x.shape() + " by " + Arrays.toString(perm));
            assertBitwise(x.toArray(), permute(be, y, inverse(perm)).toArray(), "inverse permute");
        }
    }

    @Test
    void transposesOfAwkwardAndLargeShapes() {
        Random rnd = new Random(5);
        int[][] shapes = {{67, 45}, {1, 33}, {33, 1}, {300, 260}, {3, 37, 41}, {2, 3, 70, 50}, {0, 4}, {5, 0, 3}};
        for (int[] dims : shapes) {
            Tensor x = random(rnd, dims);
            int r = dims.length;
            int[] perm = new int[r];
            for (int i = 0; i < r; i++) perm[i] = i;
            perm[r - 1] = r - 2;
            perm[r - 2] = r - 1;
            float[] expected = refPermute(x, perm);
            for (Backend be : backends()) {
                for (int t = 1; t <= 2; t++) {
                    Tensor[] y = new Tensor[1];
                    withThreads(t, () -> y[0] = permute(be, x, perm));
                    assertBitwise(expected, y[0].toArray(), "transpose of " + x.shape() + ", threads " + t);
                }
            }
        }
        // a permutation that moves the last axis into the middle, on a tensor big enough to run in parallel
        Tensor x = random(rnd, 6, 40, 7, 50);
        int[] perm = {3, 1, 0, 2};
        for (Backend be : backends()) assertBitwise(refPermute(x, perm), permute(be, x, perm).toArray(), "4-D");
        // the Tensor facade and a view with an offset
        Tensor m = random(rnd, 4, 5, 6), view = m.rows(1, 3);
        assertBitwise(refPermute(view, new int[]{2, 0, 1}), view.permute(2, 0, 1).toArray(), "view");
        assertBitwise(refPermute(m.rows(2, 4), new int[]{0, 2, 1}), m.rows(2, 4).transpose(1, 2).toArray(), "t");
    }

    @Test
    void permuteRejectsBadInput() {
        Backend be = scalar();
        Tensor x = Tensor.zeros(2, 3);
        assertThrows(IllegalArgumentException.class, () -> be.permute(x, new int[]{0, 0}, Tensor.zeros(2, 3)));
        var e = assertThrows(IllegalArgumentException.class,
                () -> be.permute(x, new int[]{1, 0}, Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("permute") && e.getMessage().contains("[3, 2]"), e.getMessage());
        Tensor big = Tensor.zeros(12);
        assertThrows(IllegalArgumentException.class,
                () -> be.permute(big.reshape(2, 6).rows(0, 1).reshape(2, 3), new int[]{1, 0},
                        big.reshape(4, 3).rows(0, 2).reshape(3, 2)));
    }

    // ------------------------------------------------------------------------------------------ slice, sliceWrite

    static float[] refSlice(Tensor x, int a, int start, int len) {
        int[] xd = x.shape().dims(), od = x.shape().with(a, len).dims();
        float[] xv = x.toArray(), out = new float[Shape.of(od).size()];
        for (int p = 0; p < out.length; p++) {
            int[] c = unravel(p, od);
            c[a] += start;
            out[p] = xv[ravel(c, xd)];
        }
        return out;
    }

    @Property(tries = 80)
    void sliceAndSliceWriteMatchReference(@ForAll long seed) {
        Random rnd = new Random(seed);
        int rank = 1 + rnd.nextInt(4);
        int[] dims = randomDims(rnd, rank, 6);
        int a = rnd.nextInt(rank), axis = rnd.nextBoolean() ? a - rank : a;
        int n = dims[a], start = rnd.nextInt(n + 1), len = rnd.nextInt(n - start + 1);
        Tensor x = random(rnd, dims), part = random(rnd, x.shape().with(a, len).dims());
        float[] expected = refSlice(x, a, start, len);
        for (Backend be : backends()) {
            Tensor out = Tensor.zeros(x.shape().with(a, len));
            be.slice(x, axis, start, out);
            assertBitwise(expected, out.toArray(), "slice " + x.shape() + " axis " + axis + " at " + start);
            for (boolean accumulate : new boolean[]{false, true}) {
                Tensor target = Tensor.of(x.toArray(), dims);
                be.sliceWrite(part, axis, start, accumulate, target);
                float[] exp = x.toArray();
                int[] pd = part.shape().dims();
                float[] pv = part.toArray();
                for (int p = 0; p < pv.length; p++) {
                    int[] c = unravel(p, pd);
                    c[a] += start;
                    int q = ravel(c, dims);
                    exp[q] = accumulate ? exp[q] + pv[p] : pv[p];
                }
                assertBitwise(exp, target.toArray(), "sliceWrite accumulate=" + accumulate);
            }
        }
    }

    @Test
    void longSliceWriteAccumulatesOnBothPaths() {
        // rows longer than one parallel piece, so blocks are cut; the add is exact on both paths
        Random rnd = new Random(9);
        Tensor src = random(rnd, 3, 50_000), base = random(rnd, 5, 50_000);
        float[] expected = base.toArray();
        float[] sv = src.toArray();
        for (int i = 0; i < sv.length; i++) expected[50_000 + i] += sv[i];
        for (Backend be : backends()) {
            Tensor out = Tensor.of(base.toArray(), 5, 50_000);
            be.sliceWrite(src, 0, 1, true, out);
            assertBitwise(expected, out.toArray(), "sliceWrite accumulate");
            Tensor back = Tensor.zeros(3, 50_000);
            be.slice(out, 0, 1, back);
            assertBitwise(Arrays.copyOfRange(expected, 50_000, 200_000), back.toArray(), "slice");
        }
    }

    @Test
    void sliceRejectsBadRanges() {
        Backend be = scalar();
        var e = assertThrows(IndexOutOfBoundsException.class,
                () -> be.slice(Tensor.zeros(4, 3), 0, 3, Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("slice") && e.getMessage().contains("[3, 5)"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class,
                () -> be.sliceWrite(Tensor.zeros(1, 3), 0, -1, false, Tensor.zeros(4, 3)));
        assertThrows(IllegalArgumentException.class, () -> be.slice(Tensor.zeros(4, 3), 0, 0, Tensor.zeros(2, 2)));
        assertThrows(IllegalArgumentException.class, () -> be.slice(Tensor.zeros(4, 3), 2, 0, Tensor.zeros(4, 3)));
    }

    // ------------------------------------------------------------------------------------------ concat, flip

    @Property(tries = 80)
    void concatThenSliceGivesThePiecesBack(@ForAll long seed) {
        Random rnd = new Random(seed);
        int rank = 1 + rnd.nextInt(4);
        int[] dims = randomDims(rnd, rank, 5);
        int a = rnd.nextInt(rank), axis = rnd.nextBoolean() ? a - rank : a;
        Tensor[] xs = new Tensor[1 + rnd.nextInt(4)];
        int total = 0;
        for (int i = 0; i < xs.length; i++) {
            int[] d = dims.clone();
            d[a] = rnd.nextInt(4);
            xs[i] = random(rnd, d);
            total += d[a];
        }
        for (Backend be : backends()) {
            Tensor out = Tensor.zeros(Shape.of(dims).with(a, total));
            be.concat(xs, axis, out);
            int at = 0;
            for (Tensor x : xs) {
                // every element of the piece sits at its offset along the axis
                assertBitwise(x.toArray(), refSlice(out, a, at, x.dim(a)), "concat piece");
                Tensor back = Tensor.zeros(x.shape());
                be.slice(out, axis, at, back);
                assertBitwise(x.toArray(), back.toArray(), "slice of concat");
                at += x.dim(a);
            }
        }
    }

    @Test
    void concatRejectsMismatches() {
        Backend be = scalar();
        var e = assertThrows(IllegalArgumentException.class,
                () -> be.concat(new Tensor[]{Tensor.zeros(2, 3), Tensor.zeros(2, 4)}, 0, Tensor.zeros(4, 3)));
        assertTrue(e.getMessage().contains("concat") && e.getMessage().contains("[2, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> be.concat(new Tensor[]{Tensor.zeros(2, 3), Tensor.zeros(1, 3)}, 0, Tensor.zeros(4, 3)));
        assertThrows(IllegalArgumentException.class, () -> be.concat(new Tensor[0], 0, Tensor.zeros(4, 3)));
        Tensor out = Tensor.zeros(4, 3);
        assertThrows(IllegalArgumentException.class,
                () -> be.concat(new Tensor[]{out.rows(0, 2), Tensor.zeros(2, 3)}, 0, out));
    }

    @Property(tries = 60)
    void flipMatchesReferenceAndTwiceIsIdentity(@ForAll long seed) {
        Random rnd = new Random(seed);
        int rank = 1 + rnd.nextInt(4);
        int[] dims = randomDims(rnd, rank, 7);
        int a = rnd.nextInt(rank), axis = rnd.nextBoolean() ? a - rank : a;
        Tensor x = random(rnd, dims);
        float[] xv = x.toArray(), expected = new float[xv.length];
        for (int p = 0; p < xv.length; p++) {
            int[] c = unravel(p, dims);
            c[a] = dims[a] - 1 - c[a];
            expected[ravel(c, dims)] = xv[p];
        }
        for (Backend be : backends()) {
            Tensor y = Tensor.zeros(dims), z = Tensor.zeros(dims);
            be.flip(x, axis, y);
            assertBitwise(expected, y.toArray(), "flip " + x.shape() + " axis " + axis);
            be.flip(y, axis, z);
            assertBitwise(xv, z.toArray(), "flip twice");
        }
    }

    @Test
    void flipRejectsBadInput() {
        Backend be = scalar();
        assertThrows(IllegalArgumentException.class, () -> be.flip(Tensor.zeros(2, 3), 0, Tensor.zeros(3, 2)));
        assertThrows(IllegalArgumentException.class, () -> be.flip(Tensor.zeros(2, 3), 2, Tensor.zeros(2, 3)));
        Tensor x = Tensor.zeros(2, 3);
        assertThrows(IllegalArgumentException.class, () -> be.flip(x, 0, x));
    }
}
