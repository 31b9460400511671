package org.genex.tensor.cpu;

import java.util.Arrays;
import org.genex.tensor.*;

/**
 * Copy, fill, unary and binary maps with NumPy broadcasting, comparisons, where, clamp.
 *
 * <p>Each op checks its arguments, plans the walk over the output ({@link Broadcast}: operands that match the
 * output, scalars and bias rows collapse to long contiguous runs), cuts the output into chunks of {@link #GRAIN}
 * elements for {@link Parallel}, and hands each run to the {@link ElementwiseKernels} of its path. Chunks depend on
 * the size only and every element is computed on its own, so the result does not depend on the thread count.
 *
 * <p>Aliasing: {@code out} may be the very same elements as an input (same array, offset and size: in place);
 * any other overlap between {@code out} and an input is rejected.
 */
final class Elementwise {
    /**
     * Elements per parallel chunk: large enough that the scheduling cost (about a microsecond with the workers
     * spinning) is small next to the work, small enough that the [128, 256] activations of an MLP step (32K elements)
     * take two threads rather than leaving the second idle.
     */
    static final int GRAIN = 1 << 14;

    private final ElementwiseKernels k;

    Elementwise(boolean simd) {
        this.k = ElementwiseKernels.create(simd);
    }

    // ------------------------------------------------------------------------------------------------- memory

    void copy(Tensor src, Tensor dst) {
        cpu("copy", "src", src);
        cpu("copy", "dst", dst);
        if (src.size() != dst.size())
            throw new IllegalArgumentException("copy: src " + src.shape() + " has " + src.size()
                    + " elements, dst " + dst.shape() + " has " + dst.size());
        float[] s = src.array(), d = dst.array();
        int so = src.offset(), dof = dst.offset(), n = src.size();
        if (s == d && so == dof) return;
        if (s == d && so < dof + n && dof < so + n) { // overlapping ranges: one memmove keeps the source intact
            System.arraycopy(s, so, d, dof, n);
            return;
        }
        Parallel.forRange(n, GRAIN, (lo, hi) -> System.arraycopy(s, so + lo, d, dof + lo, hi - lo));
    }

    void fill(Tensor dst, float value) {
        cpu("fill", "dst", dst);
        float[] d = dst.array();
        int o = dst.offset();
        Parallel.forRange(dst.size(), GRAIN, (lo, hi) -> Arrays.fill(d, o + lo, o + hi, value));
    }

    // ------------------------------------------------------------------------------------------------- unary

    void unary(UnaryOp op, Tensor x, Tensor out) {
        String name = "unary " + op;
        notNull(name, "op", op);
        cpu(name, "x", x);
        cpu(name, "out", out);
        sameShape(name, "x", x, "out", out);
        inPlaceOrDisjoint(name, "x", x, out);
        float[] xa = x.array(), oa = out.array();
        int xo = x.offset(), oo = out.offset();
        Parallel.forRange(out.size(), GRAIN, (lo, hi) -> k.unary(op, xa, xo + lo, oa, oo + lo, hi - lo));
    }

    void unaryBackward(UnaryOp op, Tensor x, Tensor y, Tensor gy, Tensor gx) {
        String name = "unaryBackward " + op;
        notNull(name, "op", op);
        cpu(name, "x", x);
        cpu(name, "y", y);
        cpu(name, "gy", gy);
        cpu(name, "gx", gx);
        sameShape(name, "x", x, "gx", gx);
        sameShape(name, "y", y, "gx", gx);
        sameShape(name, "gy", gy, "gx", gx);
        inPlaceOrDisjoint(name, "x", x, gx);
        inPlaceOrDisjoint(name, "y", y, gx);
        inPlaceOrDisjoint(name, "gy", gy, gx);
        float[] xa = x.array(), ya = y.array(), ga = gy.array(), oa = gx.array();
        int xo = x.offset(), yo = y.offset(), go = gy.offset(), oo = gx.offset();
        Parallel.forRange(gx.size(), GRAIN,
                (lo, hi) -> k.unaryBackward(op, xa, xo + lo, ya, yo + lo, ga, go + lo, oa, oo + lo, hi - lo));
    }

    void clamp(Tensor x, float lo, float hi, Tensor out) {
        String name = "clamp";
        cpu(name, "x", x);
        cpu(name, "out", out);
        sameShape(name, "x", x, "out", out);
        inPlaceOrDisjoint(name, "x", x, out);
        float[] xa = x.array(), oa = out.array();
        int xo = x.offset(), oo = out.offset();
        Parallel.forRange(out.size(), GRAIN, (s, e) -> k.clamp(xa, xo + s, lo, hi, oa, oo + s, e - s));
    }

    // ------------------------------------------------------------------------------------------------- binary

    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        String name = "binary " + op;
        notNull(name, "op", op);
        cpu(name, "a", a);
        cpu(name, "b", b);
        cpu(name, "out", out);
        float[] aa = a.array(), ba = b.array(), oa = out.array();
        int ao = a.offset(), bo = b.offset(), oo = out.offset();
        Shape os = out.shape();
        if (a.shape().equals(os) && b.shape().equals(os)) { // the common case, without a plan
            inPlaceOrDisjoint(name, "a", a, out);
            inPlaceOrDisjoint(name, "b", b, out);
            Parallel.forRange(out.size(), GRAIN, (s, e) -> k.binary(op, aa, ao + s, ba, bo + s, oa, oo + s, e - s));
            return;
        }
        Broadcast plan = plan(name, out, a, b);
        int as = plan.innerStride(0), bs = plan.innerStride(1);
        if (plan.contiguous()) {
            Parallel.forRange(out.size(), GRAIN, (s, e) -> k.binary(op, aa, ao + s, ba, bo + s, oa, oo + s, e - s));
            return;
        }
        Parallel.forRange(out.size(), GRAIN, (s, e) -> plan.forRuns(s, e, (o, ia, ib, unused, len) -> {
            if (as == 1 && bs == 1) k.binary(op, aa, ao + ia, ba, bo + ib, oa, oo + o, len);
            else if (as == 1) k.binaryScalarRight(op, aa, ao + ia, ba[bo + ib], oa, oo + o, len);
            else if (bs == 1) k.binaryScalarLeft(op, aa[ao + ia], ba, bo + ib, oa, oo + o, len);
            else Arrays.fill(oa, oo + o, oo + o + len, op.apply(aa[ao + ia], ba[bo + ib]));
        }));
    }

    void binaryScalar(BinaryOp op, Tensor a, float s, Tensor out) {
        String name = "binaryScalar " + op;
        notNull(name, "op", op);
        cpu(name, "a", a);
        cpu(name, "out", out);
        sameShape(name, "a", a, "out", out);
        inPlaceOrDisjoint(name, "a", a, out);
        float[] aa = a.array(), oa = out.array();
        int ao = a.offset(), oo = out.offset();
        Parallel.forRange(out.size(), GRAIN, (lo, hi) -> k.binaryScalarRight(op, aa, ao + lo, s, oa, oo + lo, hi - lo));
    }

    void compare(CompareOp op, Tensor a, Tensor b, Tensor out) {
        String name = "compare " + op;
        notNull(name, "op", op);
        Broadcast plan = plan(name, out, a, b);
        float[] aa = a.array(), ba = b.array(), oa = out.array();
        int ao = a.offset(), bo = b.offset(), oo = out.offset();
        int as = plan.innerStride(0), bs = plan.innerStride(1);
        CompareOp flipped = flip(op);
        Parallel.forRange(out.size(), GRAIN, (s, e) -> plan.forRuns(s, e, (o, ia, ib, unused, len) -> {
            if (as == 1 && bs == 1) k.compare(op, aa, ao + ia, ba, bo + ib, oa, oo + o, len);
            else if (as == 1) k.compareScalar(op, aa, ao + ia, ba[bo + ib], oa, oo + o, len);
            else if (bs == 1) k.compareScalar(flipped, ba, bo + ib, aa[ao + ia], oa, oo + o, len);
            else Arrays.fill(oa, oo + o, oo + o + len, op.test(aa[ao + ia], ba[bo + ib]) ? 1f : 0f);
        }));
    }

    /** The comparison with its operands swapped: {@code s op b == b flip(op) s}, NaN included. */
    private static CompareOp flip(CompareOp op) {
        return switch (op) {
            case EQ, NE -> op;
            case LT -> CompareOp.GT;
            case LE -> CompareOp.GE;
            case GT -> CompareOp.LT;
            case GE -> CompareOp.LE;
        };
    }

    void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        String name = "where";
        cpu(name, "cond", cond);
        cpu(name, "a", a);
        cpu(name, "b", b);
        cpu(name, "out", out);
        for (Tensor t : new Tensor[]{cond, a, b}) {
            if (!t.shape().broadcastsTo(out.shape()))
                throw new IllegalArgumentException("where: cond " + cond.shape() + ", a " + a.shape() + " and b "
                        + b.shape() + " do not all broadcast to out " + out.shape());
        }
        inPlaceOrDisjoint(name, "cond", cond, out);
        inPlaceOrDisjoint(name, "a", a, out);
        inPlaceOrDisjoint(name, "b", b, out);
        Broadcast plan = Broadcast.of(out.shape(), cond.shape(), a.shape(), b.shape());
        float[] ca = cond.array(), aa = a.array(), ba = b.array(), oa = out.array();
        int co = cond.offset(), ao = a.offset(), bo = b.offset(), oo = out.offset();
        int cs = plan.innerStride(0), as = plan.innerStride(1), bs = plan.innerStride(2);
        Parallel.forRange(out.size(), GRAIN, (s, e) -> plan.forRuns(s, e, (o, ic, ia, ib, len) -> {
            if (cs == 1) {
                k.where(ca, co + ic, aa, ao + ia, as, ba, bo + ib, bs, oa, oo + o, len);
            } else { // one condition for the whole run: a copy of a or of b
                boolean takeA = ca[co + ic] != 0;
                float[] src = takeA ? aa : ba;
                int so = takeA ? ao + ia : bo + ib, ss = takeA ? as : bs;
                if (ss == 1) System.arraycopy(src, so, oa, oo + o, len);
                else Arrays.fill(oa, oo + o, oo + o + len, src[so]);
            }
        }));
    }

    // ------------------------------------------------------------------------------------------------- checks

    /** Checks a broadcasting binary op's operands and output, and plans the walk. */
    private static Broadcast plan(String name, Tensor out, Tensor a, Tensor b) {
        cpu(name, "a", a);
        cpu(name, "b", b);
        cpu(name, "out", out);
        Shape s = Shape.broadcast(a.shape(), b.shape(), name);
        if (!s.equals(out.shape()))
            throw new IllegalArgumentException(name + ": a " + a.shape() + " and b " + b.shape()
                    + " broadcast to " + s + ", but out is " + out.shape());
        inPlaceOrDisjoint(name, "a", a, out);
        inPlaceOrDisjoint(name, "b", b, out);
        return Broadcast.of(out.shape(), a.shape(), b.shape());
    }

    static void notNull(String op, String what, Object o) {
        if (o == null) throw new IllegalArgumentException(op + ": " + what + " is null");
    }

    static void cpu(String op, String what, Tensor t) {
        if (t == null) throw new IllegalArgumentException(op + ": " + what + " is null");
        if (!t.device().isCpu())
            throw new IllegalArgumentException(op + ": " + what + " " + t.shape() + " lives on " + t.device()
                    + ", the CPU backend needs host tensors");
    }

    static void sameShape(String op, String an, Tensor a, String bn, Tensor b) {
        if (!a.shape().equals(b.shape()))
            throw new IllegalArgumentException(op + ": " + an + " " + a.shape() + " and " + bn + " " + b.shape()
                    + " must have the same shape");
    }

    /** Rejects an output that overlaps an input other than exactly (same array, offset and size). */
    static void inPlaceOrDisjoint(String op, String what, Tensor in, Tensor out) {
        if (!overlaps(in, out)) return;
        if (in.offset() == out.offset() && in.size() == out.size()) return;
        throw new IllegalArgumentException(op + ": out " + out.shape() + " at offset " + out.offset()
                + " partly overlaps " + what + " " + in.shape() + " at offset " + in.offset()
                + " (an output may only be the very same elements as an input)");
    }

    /** True if the two CPU tensors share array elements. */
    static boolean overlaps(Tensor a, Tensor b) {
        return a.array() == b.array() && a.size() > 0 && b.size() > 0
                && a.offset() < b.offset() + b.size() && b.offset() < a.offset() + a.size();
    }
}
