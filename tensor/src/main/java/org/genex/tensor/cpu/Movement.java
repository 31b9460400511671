package org.genex.tensor.cpu;

import java.util.Arrays;
import org.genex.tensor.*;

/**
 * Copies that move elements: permute, slice, slice-write, concat, flip. Outputs never overlap inputs.
 *
 * <p>{@link #permute} first simplifies the permutation (drops axes of length 1, merges axes that stay adjacent
 * and in order), so e.g. swapping the last two axes of [b, h, l, d] becomes a batch of 2-D transposes. What is
 * left is either a copy of contiguous rows (the last axis stays last) or a batch of strided 2-D transposes done in
 * cache-sized tiles, in parallel over bands of output rows. Every output element is written by exactly one task,
 * so results never depend on the thread count.
 */
final class Movement {
    /** About this many elements moved per parallel task. */
    private static final int GRAIN = 32_768;
    /** The side of a transpose tile: 64 x 64 floats, 16 KB read and 16 KB written, within L1. */
    private static final int TILE = 64;

    private final RowKernels k;

    Movement(boolean simd) {
        this.k = RowKernels.create(simd);
    }

    /** {@code out = x} with its axes permuted: {@code out.dim(i) == x.dim(perm[i])}. */
    void permute(Tensor x, int[] perm, Tensor out) {
        Shape expected = x.shape().permute(perm);
        if (!out.shape().equals(expected))
            throw new IllegalArgumentException("permute " + x.shape() + " by " + Arrays.toString(perm)
                    + ": out must be " + expected + ", got " + out.shape());
        noOverlap("permute", out, x);
        if (x.size() == 0) return;
        Simplified s = Simplified.of(x.shape(), perm);
        float[] xa = x.array(), oa = out.array();
        int xo = x.offset(), oo = out.offset();
        int r = s.dims.length;
        if (r <= 1) {
            copyBlocks(xa, xo, 0, oa, oo, 0, 1, x.size(), false);
            return;
        }
        int[] xs = strides(s.dims), od = new int[r];
        for (int i = 0; i < r; i++) od[i] = s.dims[s.perm[i]];
        int[] os = strides(od);
        if (s.perm[r - 1] == r - 1) permuteRows(s.perm, xs, od, xa, xo, oa, oo, x.size());
        else permuteTiles(s.perm, s.dims, xs, od, os, xa, xo, oa, oo);
    }

    /** The last axis stays last: copy rows of {@code od[r-1]} elements, walking out's other axes in order. */
    private static void permuteRows(int[] q, int[] xs, int[] od, float[] xa, int xo, float[] oa, int oo, int size) {
        int r = q.length, run = od[r - 1], rows = size / run;
        Parallel.forRange(rows, Math.max(1, GRAIN / run), (r0, r1) -> {
            for (int row = r0; row < r1; row++) {
                int rem = row, off = 0;
                for (int i = r - 2; i >= 0; i--) {
                    off += (rem % od[i]) * xs[q[i]];
                    rem /= od[i];
                }
                System.arraycopy(xa, xo + off, oa, oo + row * run, run);
            }
        });
    }

    /**
     * The last axis moves: out's last axis is x's axis {@code s} (length A, stride {@code xs[s]}) and x's last
     * axis (length B) lands at out position {@code t} (stride {@code os[t]}). For every position of the other axes
     * this is a strided 2-D transpose, done in TILE x TILE tiles; a task is one band of TILE out rows.
     */
    private static void permuteTiles(int[] q, int[] xd, int[] xs, int[] od, int[] os,
                                     float[] xa, int xo, float[] oa, int oo) {
        int r = q.length, s = q[r - 1], t = 0;
        while (q[t] != r - 1) t++;
        int aLen = xd[s], aStride = xs[s], bLen = xd[r - 1], bStride = os[t];
        // the other axes, in out order
        int[] other = new int[r - 2];
        for (int i = 0, j = 0; i < r - 1; i++) if (i != t) other[j++] = i;
        int combos = 1;
        for (int i : other) combos *= od[i];
        int bands = (bLen + TILE - 1) / TILE;
        long bandWork = (long) Math.min(TILE, bLen) * aLen;
        int grain = (int) Math.max(1, GRAIN / bandWork);
        Parallel.forRange(combos * bands, grain, (t0, t1) -> {
            for (int task = t0; task < t1; task++) {
                int combo = task / bands, b0 = (task % bands) * TILE, b1 = Math.min(bLen, b0 + TILE);
                int xBase = xo, oBase = oo, rem = combo;
                for (int j = other.length - 1; j >= 0; j--) {
                    int i = other[j], c = rem % od[i];
                    rem /= od[i];
                    xBase += c * xs[q[i]];
                    oBase += c * os[i];
                }
                transposeBand(xa, xBase, aStride, oa, oBase, bStride, aLen, b0, b1);
            }
        });
    }

    /**
     * {@code dst[dBase + b * dStride + a] = src[sBase + a * sStride + b]} for a < aLen, b in [b0, b1), by TILE x TILE
     * tiles. Inside a tile, eight source rows are read side by side for each b and written as eight consecutive
     * floats of one destination row: every cache line touched is used whole while it is in L1, even for the
     * power-of-two strides that make a naive element-by-element tile loop thrash one cache set.
     */
    private static void transposeBand(float[] src, int sBase, int sStride, float[] dst, int dBase, int dStride,
                                      int aLen, int b0, int b1) {
        for (int a0 = 0; a0 < aLen; a0 += TILE) {
            int a1 = Math.min(aLen, a0 + TILE), a = a0;
            for (; a + 8 <= a1; a += 8) {
                int s0 = sBase + a * sStride;
                for (int b = b0; b < b1; b++) {
                    int d = dBase + b * dStride + a, s = s0 + b;
                    dst[d] = src[s];
                    dst[d + 1] = src[s + sStride];
                    dst[d + 2] = src[s + 2 * sStride];
                    dst[d + 3] = src[s + 3 * sStride];
                    dst[d + 4] = src[s + 4 * sStride];
                    dst[d + 5] = src[s + 5 * sStride];
                    dst[d + 6] = src[s + 6 * sStride];
                    dst[d + 7] = src[s + 7 * sStride];
                }
            }
            for (; a < a1; a++)
                for (int b = b0; b < b1; b++) dst[dBase + b * dStride + a] = src[sBase + a * sStride + b];
        }
    }

    /**
     * Copies the range {@code [start, start + out.dim(axis))} of {@code axis} of x into out; the other axes are
     * equal.
     */
    void slice(Tensor x, int axis, int start, Tensor out) {
        int a = checkRange("slice", x, "out", out, axis, start);
        noOverlap("slice", out, x);
        Shape sh = x.shape();
        int n = sh.dim(a), m = out.dim(a), inner = sh.inner(a);
        copyBlocks(x.array(), x.offset() + start * inner, n * inner, out.array(), out.offset(), m * inner,
                sh.outer(a), m * inner, false);
    }

    /**
     * Writes src into the range {@code [start, start + src.dim(axis))} of {@code axis} of out, adding to what is
     * there if {@code accumulate}; the other axes are equal.
     */
    void sliceWrite(Tensor src, int axis, int start, boolean accumulate, Tensor out) {
        int a = checkRange("sliceWrite", out, "src", src, axis, start);
        noOverlap("sliceWrite", out, src);
        Shape sh = out.shape();
        int n = sh.dim(a), m = src.dim(a), inner = sh.inner(a);
        copyBlocks(src.array(), src.offset(), m * inner, out.array(), out.offset() + start * inner, n * inner,
                sh.outer(a), m * inner, accumulate);
    }

    /** Concatenates {@code xs} along {@code axis} into out: the other axes equal, the lengths on axis summing up. */
    void concat(Tensor[] xs, int axis, Tensor out) {
        if (xs.length == 0) throw new IllegalArgumentException("concat of no tensors into " + out.shape());
        int a = out.shape().axis(axis), total = 0;
        for (int i = 0; i < xs.length; i++) {
            Tensor x = xs[i];
            if (x.rank() != out.rank() || !x.shape().with(a, 1).equals(out.shape().with(a, 1)))
                throw new IllegalArgumentException("concat along axis " + axis + ": input " + i + " " + x.shape()
                        + " does not match out " + out.shape() + " off that axis");
            total += x.dim(a);
        }
        if (total != out.dim(a))
            throw new IllegalArgumentException("concat along axis " + axis + ": the inputs add up to " + total
                    + " but out " + out.shape() + " has " + out.dim(a));
        for (Tensor x : xs) noOverlap("concat", out, x);
        Shape sh = out.shape();
        int inner = sh.inner(a), outer = sh.outer(a), row = total * inner, at = 0;
        for (Tensor x : xs) {
            int len = x.dim(a) * inner;
            copyBlocks(x.array(), x.offset(), len, out.array(), out.offset() + at, row, outer, len, false);
            at += len;
        }
    }

    /** {@code out = x} reversed along {@code axis}. */
    void flip(Tensor x, int axis, Tensor out) {
        if (!out.shape().equals(x.shape()))
            throw new IllegalArgumentException("flip: out " + out.shape() + " must have x's shape " + x.shape());
        int a = x.shape().axis(axis);
        noOverlap("flip", out, x);
        if (x.size() == 0) return;
        int n = x.dim(a), inner = x.shape().inner(a), rows = x.shape().outer(a) * n;
        float[] xa = x.array(), oa = out.array();
        int xo = x.offset(), oo = out.offset();
        if (inner == 1) {
            int outer = x.shape().outer(a);
            Parallel.forRange(outer, Math.max(1, GRAIN / n), (o0, o1) -> {
                for (int o = o0; o < o1; o++) {
                    int src = xo + o * n, dst = oo + o * n + n - 1;
                    for (int i = 0; i < n; i++) oa[dst - i] = xa[src + i];
                }
            });
            return;
        }
        Parallel.forRange(rows, Math.max(1, GRAIN / inner), (r0, r1) -> {
            for (int row = r0; row < r1; row++) {
                int o = row / n, i = row % n;
                System.arraycopy(xa, xo + row * inner, oa, oo + (o * n + n - 1 - i) * inner, inner);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /**
     * {@code count} blocks of {@code len} floats: block c goes from {@code src[so + c * sStride ..]} to
     * {@code dst[dOff + c * dStride ..]}, copied or added. Parallel over blocks, long blocks cut in pieces.
     */
    private void copyBlocks(float[] src, int so, int sStride, float[] dst, int dOff, int dStride, int count, int len,
                            boolean accumulate) {
        if (count == 0 || len == 0) return;
        int pieces = (len + GRAIN - 1) / GRAIN, piece = pieces == 1 ? len : GRAIN;
        Parallel.forRange(count * pieces, Math.max(1, GRAIN / piece), (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int c = t / pieces, from = (t % pieces) * piece, n = Math.min(piece, len - from);
                int s = so + c * sStride + from, d = dOff + c * dStride + from;
                if (accumulate) k.add(src, s, dst, d, n);
                else System.arraycopy(src, s, dst, d, n);
            }
        });
    }

    /**
     * The shapes of slice (whole = x, part = out) and sliceWrite (whole = out, part = src): equal ranks, equal
     * off the axis, and {@code [start, start + part.dim(axis))} inside whole's axis. Returns the normalised axis.
     */
    private static int checkRange(String op, Tensor whole, String partName, Tensor part, int axis, int start) {
        int a = whole.shape().axis(axis);
        if (part.rank() != whole.rank() || !part.shape().with(a, 1).equals(whole.shape().with(a, 1)))
            throw new IllegalArgumentException(op + " along axis " + axis + ": " + partName + " " + part.shape()
                    + " must match " + whole.shape() + " off that axis");
        int m = part.dim(a), n = whole.dim(a);
        if (start < 0 || (long) start + m > n)
            throw new IndexOutOfBoundsException(op + ": range [" + start + ", " + ((long) start + m) + ") of axis "
                    + axis + " is outside [0, " + n + ") of " + whole.shape());
        return a;
    }

    private static void noOverlap(String op, Tensor out, Tensor in) {
        if (out.overlaps(in))
            throw new IllegalArgumentException(op + ": out " + out.shape() + " overlaps its input " + in.shape());
    }

    private static int[] strides(int[] dims) {
        int[] s = new int[dims.length];
        for (int i = dims.length - 1, acc = 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /**
     * A permutation reduced to its essentials: {@code dims} are x's dimensions after dropping axes of length 1
     * and merging runs of axes that stay adjacent and in order in the output; {@code perm} permutes them.
     */
    record Simplified(int[] dims, int[] perm) {
        static Simplified of(Shape shape, int[] perm) {
            int r = shape.rank();
            int[] xd = shape.dims(), renum = new int[r];
            int kept = 0;
            for (int a = 0; a < r; a++) renum[a] = xd[a] == 1 ? -1 : kept++;
            int[] q = new int[kept], d = new int[kept];
            for (int a = 0; a < r; a++) if (renum[a] >= 0) d[renum[a]] = xd[a];
            for (int i = 0, j = 0; i < r; i++) {
                int a = renum[shape.axis(perm[i])];
                if (a >= 0) q[j++] = a;
            }
            // groups of out positions whose x axes are consecutive: each becomes one axis
            int[] head = new int[kept], len = new int[kept];
            int groups = 0;
            for (int i = 0; i < kept; i++) {
                if (i > 0 && q[i] == q[i - 1] + 1) {
                    len[groups - 1]++;
                } else {
                    head[groups] = q[i];
                    len[groups++] = 1;
                }
            }
            // number the groups in x order: rank of each head among the heads
            int[] dims = new int[groups], gperm = new int[groups];
            for (int g = 0; g < groups; g++) {
                int rank = 0;
                for (int h = 0; h < groups; h++) if (head[h] < head[g]) rank++;
                gperm[g] = rank;
                int size = 1;
                for (int a = head[g]; a < head[g] + len[g]; a++) size *= d[a];
                dims[rank] = size;
            }
            return new Simplified(dims, gperm);
        }
    }
}
