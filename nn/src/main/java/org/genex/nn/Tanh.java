package org.genex.nn;

import org.genex.autodiff.Var;

/** {@code tanh(x)}, as PyTorch's {@code nn.Tanh}. */
public final class Tanh extends Module implements Layer {
    @Override
    public Var forward(Var x) { return x.tanh(); }
}
