package org.genex.nn;

import org.genex.autodiff.Functional;
import org.genex.autodiff.Var;
import org.genex.tensor.Tensor;

/**
 * RMS normalisation over the last axis, as PyTorch's {@code nn.RMSNorm(dim, eps=None, elementwise_affine=True)}:
 * {@code y = x / sqrt(mean(x^2) + eps) * weight}, weight [dim] starting at ones. Fused ({@link Functional#rmsNorm}).
 *
 * <p>eps: PyTorch's default ({@code None}) is the machine epsilon of the input's dtype, 2^-23 ~ 1.19e-7 for float32:
 * that is {@link #TORCH_DEFAULT_EPS} and what {@link #RMSNorm(int)} uses. LLaMA, Mamba and most LLM code pass 1e-6 or
 * 1e-5 explicitly; use {@link #RMSNorm(int, float, boolean)} for those.
 */
public final class RMSNorm extends Module implements Layer {
    /** PyTorch's default eps for float32 inputs: {@code torch.finfo(torch.float32).eps} = 2^-23. */
    public static final float TORCH_DEFAULT_EPS = Math.ulp(1f);

    public final int dim;
    public final float eps;
    private final Parameter weight;

    /**
     * @param eps               added to the mean square (see the class comment for the defaults)
     * @param elementwiseAffine learn a weight (PyTorch's default true)
     */
    public RMSNorm(int dim, float eps, boolean elementwiseAffine) {
        if (dim <= 0) throw new IllegalArgumentException("RMSNorm(" + dim + "): dim must be > 0");
        if (!(eps >= 0)) throw new IllegalArgumentException("RMSNorm(" + dim + "): eps must be >= 0, got " + eps);
        this.dim = dim;
        this.eps = eps;
        this.weight = elementwiseAffine ? parameter("weight", Tensor.ones(dim)) : null;
    }

    /** PyTorch's defaults: eps = float32 machine epsilon ({@link #TORCH_DEFAULT_EPS}), affine. */
    public RMSNorm(int dim) { this(dim, TORCH_DEFAULT_EPS, true); }

    /** The weight, or null without affine. */
    public Parameter weight() { return weight; }

    @Override
    public Var forward(Var x) {
        checkLastDim("RMSNorm(" + dim + ")", x.shape(), dim);
        return Functional.rmsNorm(x, weight == null ? null : weight.var(), eps);
    }
}
