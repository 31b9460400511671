package org.genex.autodiff;

import org.genex.tensor.*;

/** Small helpers shared by the op classes. */
final class Ops {
    private Ops() {}

    /** The backend of a Var's device. */
    static Backend be(Var v) { return v.value().backend(); }

    /** A new zero tensor of {@code shape} on the device of {@code like}. */
    static Tensor zeros(Var like, Shape shape) { return be(like).allocate(shape); }

    /** A new zero tensor of {@code shape} on the device of {@code like}. */
    static Tensor zeros(Tensor like, Shape shape) { return like.backend().allocate(shape); }

    /** Checks that all Vars live on the device of the first. */
    static void sameDevice(String op, Var... vs) {
        Device d = vs[0].device();
        for (Var v : vs)
            if (v != null && !v.device().equals(d))
                throw new IllegalArgumentException(op + ": inputs on different devices (" + d + " and " + v.device()
                        + "); move them with Tensor.to(device) first");
    }

    /**
     * The gradient of a broadcast operand: {@code g} summed over the axes along which {@code target} was broadcast
     * to g's shape (leading axes it lacks, and axes where it has length 1). Returns {@code g} itself when the
     * shapes are equal.
     */
    static Tensor sumTo(Tensor g, Shape target) {
        if (g.shape().equals(target)) return g;
        int lead = g.rank() - target.rank();
        int[] axes = new int[g.rank()];
        int n = 0;
        for (int i = 0; i < g.rank(); i++)
            if (i < lead || (target.dim(i - lead) == 1 && g.dim(i) != 1)) axes[n++] = i;
        int[] reduce = java.util.Arrays.copyOf(axes, n);
        Tensor out = zeros(g, g.shape().reduce(reduce, true));
        g.backend().reduce(ReduceOp.SUM, g, reduce, out);
        return out.reshape(target);
    }

    /** {@code g} repeated along the axes where it has length 1 (or lacks) to fill {@code shape}: a new tensor. */
    static Tensor expand(Tensor g, Shape shape) {
        Tensor out = zeros(g, shape);
        g.backend().binary(BinaryOp.ADD, out, g, out);
        return out;
    }

    /**
     * Accumulates {@code g} into {@code v}, first summed down to v's shape if v was broadcast. {@code fresh} says g
     * was made for v alone (then it is kept without a copy).
     */
    static void addGrad(Var v, Tensor g, boolean fresh) {
        if (!v.requiresGrad()) return;
        if (g.shape().equals(v.shape())) {
            if (fresh) v.accumulateOwned(g);
            else v.accumulate(g);
        } else {
            v.accumulateOwned(sumTo(g, v.shape()));
        }
    }

    /** {@code a op b} into a new tensor of the broadcast shape. */
    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        Tensor out = zeros(a, Shape.broadcast(a.shape(), b.shape(), op.name().toLowerCase(java.util.Locale.ROOT)));
        a.backend().binary(op, a, b, out);
        return out;
    }

    /** {@code a op s} into a new tensor. */
    static Tensor scalar(BinaryOp op, Tensor a, float s) {
        Tensor out = zeros(a, a.shape());
        a.backend().binaryScalar(op, a, s, out);
        return out;
    }

    /** {@code (a op b) ? 1 : 0} into a new tensor of the broadcast shape. */
    static Tensor compare(CompareOp op, Tensor a, Tensor b) {
        Tensor out = zeros(a, Shape.broadcast(a.shape(), b.shape(), op.name().toLowerCase(java.util.Locale.ROOT)));
        a.backend().compare(op, a, b, out);
        return out;
    }
}
