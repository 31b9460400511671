package org.genex.nn;

import org.genex.autodiff.Var;
import org.genex.tensor.Device;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;

/**
 * A trainable tensor of a {@link Module}: a leaf {@link Var} that optimizers update in place. Model code reads it
 * with {@link #var()} in its forward pass. Freezing ({@link #requiresGrad(boolean)}) keeps it out of the graph.
 */
public final class Parameter {
    private Var var;

    Parameter(Tensor value) {
        this.var = Var.param(value);
    }

    /** The leaf Var to use in a forward pass. */
    public Var var() { return var; }

    /** The current value (updated in place by optimizers and {@link Module#loadStateDict}). */
    public Tensor value() { return var.value(); }

    /** The accumulated gradient, or null. */
    public Tensor grad() { return var.grad(); }

    public Shape shape() { return var.shape(); }

    public int size() { return var.size(); }

    public boolean requiresGrad() { return var.requiresGrad(); }

    /** Trains (true) or freezes (false) this parameter. */
    public Parameter requiresGrad(boolean on) {
        var.requiresGrad(on);
        return this;
    }

    /** Forgets the gradient. */
    public void zeroGrad() { var.zeroGrad(); }

    /**
     * Forgets the gradient, keeping its storage for the next backward to write into when {@code recycle} (see
     * {@link Var#zeroGrad(boolean)}): the old {@link #grad()} tensor must not be used after this call.
     */
    public void zeroGrad(boolean recycle) { var.zeroGrad(recycle); }

    /** Copies {@code t} (same shape, any device) into the value. */
    public void copyFrom(Tensor t) {
        if (!t.shape().equals(shape()))
            throw new IllegalArgumentException("parameter of shape " + shape() + " cannot take a tensor of shape "
                    + t.shape());
        Tensor src = t.device().equals(var.device()) ? t : t.to(var.device());
        var.value().backend().copy(src, var.value());
    }

    /** Moves the value to {@code device} (a new leaf; the gradient is dropped). */
    void to(Device device) {
        if (device.equals(var.device())) return;
        boolean on = var.requiresGrad();
        var = Var.param(var.value().to(device)).requiresGrad(on);
    }

    @Override
    public String toString() { return "Parameter" + shape() + (requiresGrad() ? "" : " (frozen)"); }
}
