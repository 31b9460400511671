package org.genex.nn;

import org.genex.autodiff.Var;

/** {@code max(x, 0)}, as PyTorch's {@code nn.ReLU}; the gradient at 0 is 0, as in PyTorch. */
public final class ReLU extends Module implements Layer {
    @Override
    public Var forward(Var x) { return x.relu(); }
}
