package org.genex.nn.models.tron;

import org.genex.autodiff.Var;
import org.genex.nn.Layer;
import org.genex.nn.Module;
import org.genex.nn.Parameter;
import org.genex.tensor.Tensor;

/**
 * The dense form of TRON's conversion layer, {@code x_s = x_t (W (.) B)^T + b} with W [n_s, n_t] dense and the
 * binary mask B applied inside the forward (specs/tron.md &sect;2), so the autodiff gradient on masked entries is
 * exactly 0. The reference implementation that {@link SparseMaskedLinear} is tested against, and the "dense masked"
 * side of the layer benchmark; its memory and work grow with n_s n_t instead of |E|, so use it for small sizes only.
 * Without a mask (all ones) it is the unmasked conversion layer of baseline B3.
 */
public final class MaskedDenseLinear extends Module implements Layer {
    private final Parameter weight, bias;
    private final Tensor mask;

    /**
     * @param weight the initial W [n_s, n_t] (kept)
     * @param mask   B [n_s, n_t], 1 on edges and 0 elsewhere, or null for an unmasked layer
     */
    public MaskedDenseLinear(Tensor weight, Tensor mask) {
        if (weight.rank() != 2) throw new IllegalArgumentException("MaskedDenseLinear: W must be 2-D, got " + weight.shape());
        if (mask != null && !mask.shape().equals(weight.shape()))
            throw new IllegalArgumentException("MaskedDenseLinear: mask " + mask.shape() + " vs W " + weight.shape());
        this.weight = parameter("weight", weight);
        this.bias = parameter("bias", Tensor.zeros(weight.dim(0)));
        this.mask = mask;
        if (mask != null) buffer("mask", mask);
    }

    /** The dense equivalent of a sparse layer: the same weights, mask and bias. */
    public static MaskedDenseLinear of(SparseMaskedLinear sparse) {
        MaskedDenseLinear d = new MaskedDenseLinear(sparse.denseWeight(), sparse.denseMask());
        d.bias.copyFrom(sparse.bias().value());
        return d;
    }

    public Parameter weight() { return weight; }
    public Parameter bias() { return bias; }

    /** x_t [N, n_t] -> [N, n_s]. */
    @Override
    public Var forward(Var x) {
        checkLastDim("MaskedDenseLinear", x.shape(), weight.shape().dim(1));
        Var w = mask == null ? weight.var() : weight.var().mul(Var.of(buffer("mask")));    // W (.) B, inside
        return x.matmul(w, false, true).add(bias.var());                                   // [N, n_t] @ [n_t, n_s]
    }
}
