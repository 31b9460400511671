package org.genex.nn;

import java.util.List;
import org.genex.autodiff.Var;

/** Layers applied in order; children are named "0", "1", ... as in PyTorch's {@code nn.Sequential}. */
public final class Sequential extends Module implements Layer {
    private final Layer[] layers;

    public Sequential(Layer... layers) {
        this.layers = layers.clone();
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] instanceof Module m) module(Integer.toString(i), m);
            else throw new IllegalArgumentException("layer " + i + " is not a Module");
        }
    }

    public List<Layer> layers() { return List.of(layers); }

    @Override
    public Var forward(Var x) {
        for (Layer l : layers) x = l.forward(x);
        return x;
    }
}
