package org.genex.autodiff;

import static org.genex.autodiff.Ops.*;

import org.genex.tensor.*;

/** Ops that move elements without arithmetic, with their backward rules (the inverse movement of the gradient). */
final class MovementOps {
    private MovementOps() {}

    /** A view with another shape (shares storage); the gradient is reshaped back. */
    static Var reshape(Var x, int... dims) {
        Tensor y = x.value().reshape(dims);
        return Var.result("reshape", y, gy -> x.accumulate(gy.reshape(x.shape())), x);
    }

    /** Axes permuted (a copy); the gradient goes through the inverse permutation. */
    static Var permute(Var x, int... permutation) {
        int[] perm = permutation.clone();                           // the caller may reuse its array
        Tensor y = x.value().permute(perm);
        return Var.result("permute", y, gy -> {
            int[] inverse = new int[perm.length];
            for (int i = 0; i < perm.length; i++) inverse[x.shape().axis(perm[i])] = i;
            x.accumulateOwned(gy.permute(inverse));
        }, x);
    }

    /** {@code [start, end)} along {@code axis} (a copy); the gradient is written into that range of zeros. */
    static Var slice(Var x, int axis, int start, int end) {
        int a = x.shape().axis(axis);
        Tensor y = x.value().slice(a, start, end);
        return Var.result("slice", y, gy -> {
            Tensor gx = zeros(gy, x.shape());
            gy.backend().sliceWrite(gy, a, start, false, gx);
            x.accumulateOwned(gx);
        }, x);
    }

    /** Consecutive pieces along {@code axis}; each is a {@link #slice}. */
    static Var[] split(Var x, int axis, int... sizes) {
        int a = x.shape().axis(axis), total = 0;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException("split: negative size " + s);
            total += s;
        }
        if (total != x.dim(a))
            throw new IllegalArgumentException("split of axis " + axis + " of " + x.shape() + " into sizes "
                    + java.util.Arrays.toString(sizes) + ": they add up to " + total + ", not " + x.dim(a));
        Var[] out = new Var[sizes.length];
        for (int i = 0, start = 0; i < sizes.length; start += sizes[i++]) out[i] = slice(x, a, start, start + sizes[i]);
        return out;
    }

    /** Concatenation along {@code axis}; each input gets its range of the gradient. */
    static Var concat(int axis, Var... inputs) {
        if (inputs.length == 0) throw new IllegalArgumentException("concat of no Vars");
        Var[] xs = inputs.clone();                                  // the caller may refill its array
        sameDevice("concat", xs);
        Tensor[] vs = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) vs[i] = xs[i].value();
        Tensor y = Tensor.concat(axis, vs);
        int a = y.shape().axis(axis);
        return Var.result("concat", y, gy -> {
            for (int i = 0, start = 0; i < xs.length; start += xs[i++].dim(a))
                if (xs[i].requiresGrad()) xs[i].accumulateOwned(gy.slice(a, start, start + xs[i].dim(a)));
        }, xs);
    }

    /** Reversed along {@code axis}; the gradient is reversed back. */
    static Var flip(Var x, int axis) {
        Tensor xv = x.value();
        Tensor y = zeros(xv, xv.shape());
        xv.backend().flip(xv, axis, y);
        return Var.result("flip", y, gy -> {
            Tensor gx = zeros(gy, gy.shape());
            gy.backend().flip(gy, axis, gx);
            x.accumulateOwned(gx);
        }, x);
    }

    /** Broadcast to {@code shape} (a copy); the gradient is summed back over the broadcast axes. */
    static Var broadcastTo(Var x, Shape shape) {
        if (!x.shape().broadcastsTo(shape))
            throw new IllegalArgumentException("broadcastTo: " + x.shape() + " does not broadcast to " + shape);
        Tensor y = expand(x.value(), shape);
        return Var.result("broadcastTo", y, gy -> addGrad(x, gy, false), x);
    }
}
