package org.genex.nn;

import org.genex.autodiff.Functional;
import org.genex.autodiff.Var;
import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;

/**
 * {@code y = x W^T + b}, as PyTorch's {@code nn.Linear}: weight [out, in], bias [out] (optional), initialised by
 * PyTorch's default ({@link Init#torchDefault}). x is [..., in]; y is [..., out].
 */
public final class Linear extends Module implements Layer {
    public final int in, out;
    private final Parameter weight, bias;

    public Linear(int in, int out, boolean bias, Rng rng) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("Linear(" + in + ", " + out + "): sizes must be > 0");
        this.in = in;
        this.out = out;
        Tensor w = Tensor.zeros(out, in), b = bias ? Tensor.zeros(out) : null;
        Init.torchDefault(w, b, rng);
        this.weight = parameter("weight", w);
        this.bias = bias ? parameter("bias", b) : null;
    }

    public Parameter weight() { return weight; }

    /** The bias, or null. */
    public Parameter bias() { return bias; }

    @Override
    public Var forward(Var x) {
        checkLastDim("Linear(" + in + ", " + out + ")", x.shape(), in);
        return Functional.linear(x, weight.var(), bias == null ? null : bias.var());   // [..., in] @ [out, in]^T + b
    }

    /** The output shape for an input shape. */
    public Shape outputShape(Shape x) { return x.with(-1, out); }
}
