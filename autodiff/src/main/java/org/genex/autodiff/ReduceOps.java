package org.genex.autodiff;

import static org.genex.autodiff.Ops.*;

import java.util.Locale;
import org.genex.tensor.*;

/** Reductions over axes with their backward rules: the gradient is broadcast back over the reduced axes. */
final class ReduceOps {
    private ReduceOps() {}

    /**
     * SUM, MEAN, MAX or MIN of {@code x} over {@code axes} (none: all). MAX and MIN send the gradient to the
     * elements equal to the result, shared equally among ties (as {@code torch.amax}).
     */
    static Var reduce(ReduceOp op, Var x, boolean keepDim, int... reduced) {
        int[] axes = reduced.clone();                               // the caller may reuse its array
        Tensor xv = x.value();
        Shape kept = xv.shape().reduce(axes, true);
        Tensor yk = zeros(xv, kept);
        xv.backend().reduce(op, xv, axes, yk);
        Tensor y = keepDim ? yk : yk.reshape(xv.shape().reduce(axes, false));
        int n = kept.size() == 0 ? 0 : xv.size() / Math.max(1, kept.size());
        return Var.result(op.name().toLowerCase(Locale.ROOT), y, gy -> {
            Tensor g = expand(gy.reshape(kept), xv.shape());               // gy over every reduced element
            switch (op) {
                case SUM -> { }
                case MEAN -> g.backend().binaryScalar(BinaryOp.MUL, g, 1f / n, g);
                case MAX, MIN -> {
                    Tensor hit = Ops.compare(CompareOp.EQ, xv, yk);        // 1 at the extrema
                    Tensor count = zeros(hit, kept);
                    hit.backend().reduce(ReduceOp.SUM, hit, axes, count);
                    hit.backend().binary(BinaryOp.DIV, hit, count, hit);
                    g.backend().binary(BinaryOp.MUL, g, hit, g);
                }
            }
            x.accumulateOwned(g);
        }, x);
    }
}
