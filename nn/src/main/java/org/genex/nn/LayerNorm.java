package org.genex.nn;

import org.genex.autodiff.Functional;
import org.genex.autodiff.Var;
import org.genex.tensor.Tensor;

/**
 * Layer normalisation over the last axis, as PyTorch's {@code nn.LayerNorm(dim, eps=1e-5,
 * elementwise_affine=True, bias=True)}: {@code y = (x - mean) / sqrt(var + eps) * weight + bias} with the biased
 * variance; weight [dim] starts at ones, bias [dim] at zeros. Only a single normalised axis (the last) is supported,
 * i.e. {@code normalized_shape} of length 1. Fused ({@link Functional#layerNorm}).
 */
public final class LayerNorm extends Module implements Layer {
    public final int dim;
    public final float eps;
    private final Parameter weight, bias;

    /**
     * @param eps               added to the variance (PyTorch's default 1e-5)
     * @param elementwiseAffine learn weight (and bias, if {@code bias}); PyTorch's default true
     * @param bias              learn a bias when affine (PyTorch's default true)
     */
    public LayerNorm(int dim, float eps, boolean elementwiseAffine, boolean bias) {
        if (dim <= 0) throw new IllegalArgumentException("LayerNorm(" + dim + "): dim must be > 0");
        if (!(eps >= 0)) throw new IllegalArgumentException("LayerNorm(" + dim + "): eps must be >= 0, got " + eps);
        this.dim = dim;
        this.eps = eps;
        this.weight = elementwiseAffine ? parameter("weight", Tensor.ones(dim)) : null;
        this.bias = elementwiseAffine && bias ? parameter("bias", Tensor.zeros(dim)) : null;
    }

    public LayerNorm(int dim, float eps, boolean elementwiseAffine) { this(dim, eps, elementwiseAffine, true); }

    /** PyTorch's defaults: eps 1e-5, affine with bias. */
    public LayerNorm(int dim) { this(dim, 1e-5f, true, true); }

    /** The weight, or null without affine. */
    public Parameter weight() { return weight; }

    /** The bias, or null. */
    public Parameter bias() { return bias; }

    @Override
    public Var forward(Var x) {
        checkLastDim("LayerNorm(" + dim + ")", x.shape(), dim);
        return Functional.layerNorm(x, weight == null ? null : weight.var(), bias == null ? null : bias.var(), eps);
    }
}
