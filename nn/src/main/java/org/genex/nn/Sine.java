package org.genex.nn;

import org.genex.autodiff.Var;

/**
 * SIREN's activation, {@code sin(omega0 x)} (Sitzmann et al. 2020; their {@code SineLayer} computes
 * {@code torch.sin(omega_0 * linear(x))}; PyTorch has no module for it). The paper uses omega0 = 30, with the weights
 * initialised by {@link Init#siren}.
 */
public final class Sine extends Module implements Layer {
    public final float omega0;

    public Sine(float omega0) {
        if (!Float.isFinite(omega0)) throw new IllegalArgumentException("Sine: omega0 must be finite, got " + omega0);
        this.omega0 = omega0;
    }

    /** SIREN's omega0 = 30. */
    public Sine() { this(30f); }

    @Override
    public Var forward(Var x) { return x.mul(omega0).sin(); }
}
