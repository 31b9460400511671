package org.genex.nn;

import org.genex.autodiff.Functional;
import org.genex.autodiff.Var;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;

/**
 * Mamba's short causal depthwise convolution: PyTorch's {@code nn.Conv1d(channels, channels, kernel,
 * groups=channels, padding=kernel-1, bias=True)} followed by keeping the first L outputs, so output t sees inputs
 * t - kernel + 1 .. t: {@code y[t, c] = bias[c] + sum_j weight[c, 0, j] x[t - (kernel - 1) + j, c]}. Parameters as
 * PyTorch's: weight [channels, 1, kernel] and bias [channels], with its default initialisation (fan-in = kernel).
 *
 * <p><b>Layout.</b> The input and output are channels-last, x [b, L, channels] -> [b, L, channels], the layout of
 * the surrounding Linear layers; Mamba's reference code transposes to [b, channels, L] for {@code nn.Conv1d} and
 * back, which is not needed here. Computed by {@link Functional#depthwiseConv1d}.
 */
public final class CausalConv1d extends Module implements Layer {
    public final int channels, kernel;
    private final Parameter weight, bias;

    /** @param bias whether to learn a bias (Mamba's {@code conv_bias}, default true) */
    public CausalConv1d(int channels, int kernel, boolean bias, Rng rng) {
        if (channels <= 0 || kernel <= 0)
            throw new IllegalArgumentException("CausalConv1d(" + channels + ", " + kernel + "): sizes must be > 0");
        this.channels = channels;
        this.kernel = kernel;
        Tensor w = Tensor.zeros(channels, 1, kernel), b = bias ? Tensor.zeros(channels) : null;
        Init.torchDefault(w, b, rng);
        this.weight = parameter("weight", w);
        this.bias = bias ? parameter("bias", b) : null;
    }

    public Parameter weight() { return weight; }

    /** The bias, or null. */
    public Parameter bias() { return bias; }

    @Override
    public Var forward(Var x) {
        if (x.rank() != 3 || x.dim(2) != channels)
            throw new IllegalArgumentException("CausalConv1d(" + channels + ", " + kernel + ") expects channels-last "
                    + "inputs [b, L, " + channels + "], got " + x.shape());
        Var w = weight.var().reshape(channels, kernel);
        return Functional.depthwiseConv1d(x, w, bias == null ? null : bias.var());
    }
}
