package org.genex.gpu;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.genex.tensor.Shape;
import org.junit.jupiter.api.Test;

/**
 * The index arithmetic handed to the kernels, checked against direct computations on random shapes: broadcast and
 * permute strides, reduction plans, batched-GEMM runs, launch geometry.
 */
class PlansTest {
    private static int[] randomDims(Random r, int rank, int max) {
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) d[i] = 1 + r.nextInt(max);
        return d;
    }

    /** The multi-index of flat position i in dims. */
    private static int[] unflatten(int[] dims, int i) {
        int[] idx = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            idx[d] = i % dims[d];
            i /= dims[d];
        }
        return idx;
    }

    @Test
    void broadcastOffsetsMatchNumpyIndexing() {
        Random r = new Random(1);
        for (int trial = 0; trial < 300; trial++) {
            int rank = r.nextInt(5);
            int[] out = randomDims(r, rank, 4);
            Shape[] ops = new Shape[3];
            for (int k = 0; k < 3; k++) {
                int drop = r.nextInt(rank + 1); // leading axes missing
                int[] d = new int[rank - drop];
                for (int i = 0; i < d.length; i++) d[i] = r.nextBoolean() ? out[i + drop] : 1;
                ops[k] = Shape.of(d);
            }
            Strided s = Strided.broadcast("test", Shape.of(out), ops);
            assertTrue(s.dims().length <= rank || rank == 0);
            int size = Shape.of(out).size();
            for (int i = 0; i < size; i++) {
                int[] idx = unflatten(out, i);
                for (int k = 0; k < 3; k++) {
                    int[] od = ops[k].dims();
                    int pad = rank - od.length, off = 0;
                    for (int d = 0; d < od.length; d++) off = off * od[d] + (od[d] == 1 ? 0 : idx[d + pad]);
                    assertEquals(off, s.offset(k, i), "operand " + k + " " + ops[k] + " in " + Shape.of(out) + " at " + i);
                }
            }
        }
    }

    @Test
    void commonBroadcastsCollapseToOneOrTwoAxes() {
        Strided same = Strided.broadcast("t", Shape.of(4, 5, 6), Shape.of(4, 5, 6), Shape.of(4, 5, 6));
        assertArrayEquals(new int[]{120}, same.dims());
        Strided bias = Strided.broadcast("t", Shape.of(8, 3, 16), Shape.of(8, 3, 16), Shape.of(16));
        assertArrayEquals(new int[]{24, 16}, bias.dims());
        assertArrayEquals(new int[]{0, 1}, bias.strides(1));
        int[] st = bias.struct();
        assertEquals(Strided.INTS, st.length);
        assertEquals(2, st[0]);
        assertEquals(24, st[1]);
        assertEquals(16, st[2]);
    }

    @Test
    void tooManyAxesAfterMergingIsAnErrorNamingTheOp() {
        int[] out = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        int[] alt = {2, 1, 2, 1, 2, 1, 2, 1, 2};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Strided.broadcast("binary ADD", Shape.of(out), Shape.of(alt), Shape.of(out)));
        assertTrue(e.getMessage().startsWith("binary ADD"), e.getMessage());
    }

    @Test
    void permuteOffsetsMatchTheDefinition() {
        Random r = new Random(2);
        for (int trial = 0; trial < 200; trial++) {
            int rank = 1 + r.nextInt(5);
            int[] dims = randomDims(r, rank, 4);
            int[] perm = new int[rank];
            for (int i = 0; i < rank; i++) perm[i] = i;
            for (int i = rank - 1; i > 0; i--) {
                int j = r.nextInt(i + 1), t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            Shape x = Shape.of(dims), out = x.permute(perm);
            Strided s = Strided.permute("permute", x, perm);
            int[] xs = x.strides();
            for (int i = 0; i < out.size(); i++) {
                int[] idx = unflatten(out.dims(), i);
                int off = 0;
                for (int d = 0; d < rank; d++) off += idx[d] * xs[perm[d]];
                assertEquals(off, s.offset(0, i));
            }
        }
    }

    @Test
    void reducePlanVisitsEveryReducedElementOfEveryOutput() {
        Random r = new Random(3);
        for (int trial = 0; trial < 300; trial++) {
            int rank = 1 + r.nextInt(5);
            int[] dims = randomDims(r, rank, 4);
            boolean[] red = new boolean[rank];
            for (int i = 0; i < rank; i++) red[i] = r.nextBoolean();
            Shape x = Shape.of(dims);
            ReducePlan p = ReducePlan.of("test", x, red);
            int nRed = 1, nOut = 1;
            for (int i = 0; i < rank; i++) if (red[i]) nRed *= dims[i]; else nOut *= dims[i];
            assertEquals(nRed, p.reducedCount());
            // output element o (row-major over kept axes), reduced element r (row-major over reduced axes)
            int[] st = x.strides();
            int[] kept = java.util.stream.IntStream.range(0, rank).filter(i -> !red[i]).toArray();
            int[] redAx = java.util.stream.IntStream.range(0, rank).filter(i -> red[i]).toArray();
            for (int o = 0; o < nOut; o++) {
                for (int q = 0; q < nRed; q++) {
                    int off = 0, oo = o, qq = q;
                    for (int k = kept.length - 1; k >= 0; k--) {
                        off += (oo % dims[kept[k]]) * st[kept[k]];
                        oo /= dims[kept[k]];
                    }
                    for (int k = redAx.length - 1; k >= 0; k--) {
                        off += (qq % dims[redAx[k]]) * st[redAx[k]];
                        qq /= dims[redAx[k]];
                    }
                    assertEquals(off, p.offset(o, q), x + " reduced " + java.util.Arrays.toString(red));
                }
            }
            // the kernel choice: rows when the innermost axis longer than 1 is reduced
            int inner = -1;
            for (int i = rank - 1; i >= 0; i--) if (dims[i] > 1) { inner = i; break; }
            assertEquals(inner < 0 || red[inner], p.rows());
            assertEquals(ReducePlan.INTS, p.struct().length);
        }
    }

    @Test
    void batchRunsCoverEveryBatchWithItsOperandOffsets() {
        Random r = new Random(4);
        for (int trial = 0; trial < 300; trial++) {
            int rank = r.nextInt(4);
            int[] batch = randomDims(r, rank, 3);
            int[] ad = new int[rank], bd = new int[rank];
            for (int i = 0; i < rank; i++) {
                ad[i] = r.nextBoolean() ? batch[i] : 1;
                bd[i] = r.nextBoolean() ? batch[i] : 1;
            }
            int dropA = r.nextInt(rank + 1), dropB = r.nextInt(rank + 1);
            int[] aFull = new int[rank - dropA + 2], bFull = new int[rank - dropB + 2];
            System.arraycopy(ad, dropA, aFull, 0, rank - dropA);
            System.arraycopy(bd, dropB, bFull, 0, rank - dropB);
            aFull[aFull.length - 2] = 2; aFull[aFull.length - 1] = 3;
            bFull[bFull.length - 2] = 3; bFull[bFull.length - 1] = 5;
            int[] batchC = Shape.broadcast(Shape.of(java.util.Arrays.copyOf(aFull, aFull.length - 2)),
                    Shape.of(java.util.Arrays.copyOf(bFull, bFull.length - 2)), "t").dims();
            int nb = Shape.of(batchC).size();
            List<BatchPlan.Run> runs = BatchPlan.of(Shape.of(aFull), Shape.of(bFull), batchC, 6, 15, 10);
            int covered = 0;
            for (BatchPlan.Run run : runs) {
                for (int j = 0; j < run.count(); j++) {
                    int p = covered + j;
                    int[] idx = unflatten(batchC, p);
                    assertEquals(expectedOffset(aFull, batchC, idx, 6), run.offA() + j * run.strideA());
                    assertEquals(expectedOffset(bFull, batchC, idx, 15), run.offB() + j * run.strideB());
                    assertEquals(p * 10L, run.offC() + j * 10L);
                }
                covered += run.count();
            }
            assertEquals(nb, covered);
        }
        // the common cases are one strided call
        assertEquals(1, BatchPlan.of(Shape.of(4, 8, 2, 3), Shape.of(4, 8, 3, 5), new int[]{4, 8}, 6, 15, 10).size());
        assertEquals(1, BatchPlan.of(Shape.of(4, 8, 2, 3), Shape.of(3, 5), new int[]{4, 8}, 6, 15, 10).size());
        List<BatchPlan.Run> shared = BatchPlan.of(Shape.of(2, 3), Shape.of(7, 3, 5), new int[]{7}, 6, 15, 10);
        assertEquals(1, shared.size());
        assertEquals(0, shared.get(0).strideA());
    }

    private static long expectedOffset(int[] full, int[] batchC, int[] idx, long mat) {
        int r = full.length - 2, pad = batchC.length - r;
        long off = 0;
        for (int d = 0; d < r; d++) off = off * full[d] + (full[d] == 1 ? 0 : idx[d + pad]);
        return off * mat;
    }

    @Test
    void launchGeometry() {
        assertEquals(1, Launch.blocks(0, 256));
        assertEquals(1, Launch.blocks(256, 256));
        assertEquals(2, Launch.blocks(257, 256));
        assertEquals(Launch.MAX_BLOCKS, Launch.blocks(1L << 40, 256));
        assertEquals(32, Launch.rowThreads(1));
        assertEquals(64, Launch.rowThreads(33));
        assertEquals(256, Launch.rowThreads(100_000));
        for (long len = 1; len < 5000; len += 37) {
            int t = Launch.rowThreads(len);
            assertEquals(0, t & (t - 1), "a power of two");
            assertTrue(t >= 32 && t <= 256);
        }
        assertEquals(1, Launch.rowBlocks(0));
        assertEquals(Launch.MAX_BLOCKS, Launch.rowBlocks(1_000_000));
    }
}
