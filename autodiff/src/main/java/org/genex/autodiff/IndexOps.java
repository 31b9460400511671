package org.genex.autodiff;

import static org.genex.autodiff.Ops.*;

import org.genex.tensor.*;

/** Indexing ops with their backward rules: a gather's gradient is a scatter-add, and the reverse. */
final class IndexOps {
    private IndexOps() {}

    /** Entries at {@code index} along {@code axis}; the gradient is index-added back (repeated indices sum). */
    static Var indexSelect(Var x, int axis, int... indices) {
        int a = x.shape().axis(axis);
        int[] index = indices.clone();                              // the caller may refill its buffer
        Tensor y = x.value().indexSelect(a, index);
        return Var.result("indexSelect", y, gy -> {
            Tensor gx = zeros(gy, x.shape());
            gy.backend().indexAdd(gy, a, index, gx);
            x.accumulateOwned(gx);
        }, x);
    }

    /** {@code torch.gather}; the gradient is scatter-added back. */
    static Var gather(Var x, int axis, int[] indices, Shape outShape) {
        int a = x.shape().axis(axis);
        int[] index = indices.clone();
        Tensor y = zeros(x, outShape);
        x.value().backend().gather(x.value(), a, index, y);
        return Var.result("gather", y, gy -> {
            Tensor gx = zeros(gy, x.shape());
            gy.backend().scatterAdd(gy, a, index, gx);
            x.accumulateOwned(gx);
        }, x);
    }

    /**
     * {@code base + scatter_add(src)} along {@code axis} at {@code index} (which has {@code src.size()} entries):
     * base's gradient passes through, src's is gathered back.
     */
    static Var scatterAdd(Var base, int axis, int[] indices, Var src) {
        sameDevice("scatterAdd", base, src);
        int a = base.shape().axis(axis);
        int[] index = indices.clone();
        Tensor y = base.value().copy();
        y.backend().scatterAdd(src.value(), a, index, y);
        return Var.result("scatterAdd", y, gy -> {
            base.accumulate(gy);
            if (src.requiresGrad()) {
                Tensor gs = zeros(gy, src.shape());
                gy.backend().gather(gy, a, index, gs);
                src.accumulateOwned(gs);
            }
        }, base, src);
    }
}
