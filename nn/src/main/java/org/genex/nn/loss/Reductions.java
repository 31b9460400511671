package org.genex.nn.loss;

import org.genex.autodiff.Functional.Reduction;
import org.genex.autodiff.Var;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;

/**
 * The reduction of per-element losses, with an optional mask: PyTorch's {@code reduction} argument, plus masking.
 *
 * <p>A mask is a constant tensor of 0s and 1s that broadcasts to the shape of the per-element losses; an element
 * counts where the mask is 1. Masked-out elements are selected away ({@code where}), not multiplied by 0, so their
 * losses, even infinite ones, never reach the value, and the gradient that reaches them is exactly 0. (As with
 * PyTorch's {@code where}, an input that is itself NaN or infinite still turns that 0 into NaN through the backward
 * of the ops before the mask: padding should hold finite values.)
 * <ul>
 *   <li>NONE: the per-element losses, 0 where masked out;
 *   <li>SUM: the sum over the elements kept;
 *   <li>MEAN: that sum divided by the number of elements kept (the mask broadcast to the losses' shape). With every
 *       element masked out it is 0/0: the value is NaN and the gradient 0, as PyTorch's mean of an empty tensor
 *       and its cross-entropy with every target ignored.
 * </ul>
 */
final class Reductions {
    private Reductions() {}

    /** Reduces the per-element {@code losses} of the loss {@code name} as {@code reduction} says, under {@code mask}. */
    static Var reduce(String name, Var losses, Tensor mask, Reduction reduction) {
        if (reduction == null) throw new IllegalArgumentException(name + ": the reduction is null (NONE, MEAN or SUM)");
        if (mask == null) {
            return switch (reduction) {
                case NONE -> losses;
                case SUM -> losses.sum();
                case MEAN -> losses.mean();
            };
        }
        long kept = checkMask(name, mask, losses.shape());
        Var zero = Var.of(Tensor.scalar(0f).to(losses.device()));
        Var masked = Var.where(mask.to(losses.device()), losses, zero);
        return switch (reduction) {
            case NONE -> masked;
            case SUM -> masked.sum();
            case MEAN -> masked.sum().div((float) kept);     // 0/0 = NaN when nothing is kept
        };
    }

    /**
     * Checks that {@code mask} holds only 0 and 1 and broadcasts to {@code shape}; returns how many elements of
     * {@code shape} it keeps.
     */
    static long checkMask(String name, Tensor mask, Shape shape) {
        if (!mask.shape().broadcastsTo(shape))
            throw new IllegalArgumentException(name + ": the mask " + mask.shape() + " does not broadcast to the "
                    + "losses' shape " + shape);
        float[] m = mask.toArray();
        long ones = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i] == 1f) ones++;
            else if (m[i] != 0f)
                throw new IllegalArgumentException(name + ": the mask must hold 0 or 1, but element " + i + " is "
                        + m[i] + " (to weight elements, multiply the unreduced losses instead)");
        }
        return mask.size() == 0 ? 0 : ones * (shape.size() / mask.size());
    }

    /** Throws unless {@code a} and {@code b} have the same shape (PyTorch would broadcast some losses with a warning). */
    static void sameShape(String name, String aName, Var a, String bName, Var b) {
        if (!a.shape().equals(b.shape()))
            throw new IllegalArgumentException(name + ": " + aName + " " + a.shape() + " and " + bName + " " + b.shape()
                    + " must have the same shape");
    }
}
