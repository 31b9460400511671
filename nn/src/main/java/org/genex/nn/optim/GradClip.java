package org.genex.nn.optim;

import java.util.List;
import org.genex.nn.Parameter;
import org.genex.tensor.BinaryOp;
import org.genex.tensor.ReduceOp;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.genex.tensor.UnaryOp;

/** Gradient clipping, as {@code torch.nn.utils}. */
public final class GradClip {
    private GradClip() {}

    /**
     * Clips the gradients of {@code params} by their global L2 norm, as {@code torch.nn.utils.clip_grad_norm_}
     * (norm type 2): the total norm is the norm of the per-parameter norms,
     * {@code total = sqrt(sum_p ||g_p||^2)}; if {@code max_norm / (total + 1e-6) < 1}, every gradient is multiplied
     * by that coefficient (computed in float32 as PyTorch does). Parameters without a gradient are ignored.
     *
     * <p>Per-parameter sums of squares are accumulated in double on the CPU (PyTorch's CPU accumulation type for
     * float); on other devices the backend's float reduction is used.
     *
     * <p>Differs from PyTorch: when the total norm is NaN or infinite the gradients are left unchanged (PyTorch,
     * with its default {@code error_if_nonfinite=False}, multiplies them by NaN); the caller sees the non-finite
     * norm in the return value and decides (the {@link org.genex.nn.Trainer} stops with an error).
     *
     * @return the total norm of the gradients before clipping (0 if no parameter has a gradient)
     * @throws IllegalArgumentException if {@code maxNorm} is not positive
     */
    public static float clipGradNorm(List<Parameter> params, double maxNorm) {
        if (!(maxNorm > 0))
            throw new IllegalArgumentException("clipGradNorm: max norm must be > 0, got " + maxNorm);
        float total = gradNorm(params);
        if (!Float.isFinite(total)) return total;
        float coef = (float) maxNorm / (total + 1e-6f);
        if (coef < 1f)
            for (Parameter p : params)
                if (p.grad() != null) p.grad().backend().binaryScalar(BinaryOp.MUL, p.grad(), coef, p.grad());
        return total;
    }

    /**
     * The global L2 norm of the gradients, as {@link #clipGradNorm} computes it, without clipping: the norm of the
     * per-parameter norms (each rounded to float32, as PyTorch stacks them).
     */
    public static float gradNorm(List<Parameter> params) {
        double s = 0;
        for (Parameter p : params) {
            if (p.grad() == null) continue;
            float norm = (float) Math.sqrt(sumOfSquares(p.grad()));
            s += (double) norm * norm;
        }
        return (float) Math.sqrt(s);
    }

    private static double sumOfSquares(Tensor g) {
        if (g.device().isCpu()) {
            float[] a = g.array();
            double s = 0;
            for (int i = g.offset(), end = g.offset() + g.size(); i < end; i++) s += (double) a[i] * a[i];
            return s;
        }
        Tensor sq = g.backend().allocate(g.shape()), out = g.backend().allocate(Shape.SCALAR);
        g.backend().unary(UnaryOp.SQUARE, g, sq);
        g.backend().reduce(ReduceOp.SUM, sq, new int[0], out);
        return out.item();
    }
}
