package org.genex.nn;

import org.genex.autodiff.Var;
import org.genex.tensor.UnaryOp;

/**
 * GELU, as PyTorch's {@code nn.GELU(approximate='none')}: the exact {@code x Phi(x) = x (1 + erf(x / sqrt 2)) / 2};
 * or, with {@code tanhApproximation} ({@code approximate='tanh'}, GPT-2 and BERT's original code),
 * {@code x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) / 2}. One fused node either way.
 */
public final class GELU extends Module implements Layer {
    public final boolean tanhApproximation;

    public GELU(boolean tanhApproximation) { this.tanhApproximation = tanhApproximation; }

    /** The exact GELU (PyTorch's default). */
    public GELU() { this(false); }

    @Override
    public Var forward(Var x) { return tanhApproximation ? x.map(UnaryOp.GELU_TANH) : x.gelu(); }
}
