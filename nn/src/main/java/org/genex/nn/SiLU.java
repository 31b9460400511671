package org.genex.nn;

import org.genex.autodiff.Var;

/** SiLU (swish), {@code x sigmoid(x)}, as PyTorch's {@code nn.SiLU}; one fused node. */
public final class SiLU extends Module implements Layer {
    @Override
    public Var forward(Var x) { return x.silu(); }
}
