package org.genex.nn;

import java.util.Arrays;
import org.genex.autodiff.Var;
import org.genex.tensor.Rng;

/**
 * A multilayer perceptron: Linear layers {@code dims[0] -> dims[1] -> ... -> dims[n]} with the activation and then
 * dropout after every layer but the last: {@code x -> dropout(act(L0 x)) -> ... -> L_{n-1} x}. x is [..., dims[0]];
 * the output [..., dims[n]].
 *
 * <p><b>Names.</b> The Linear layers are {@code layers.0}, {@code layers.1}, ... ({@code layers.i.weight} [dims[i+1],
 * dims[i]], {@code layers.i.bias}), as a {@code nn.ModuleList} named {@code layers} would give. torchvision's
 * {@code torchvision.ops.MLP} is instead one {@code nn.Sequential} of Linear, activation, Dropout triples, so its
 * Linear i is key {@code 3i} ({@code "0.weight", "3.weight", ...}) and it also applies dropout after the last layer;
 * rename the keys to load such a state dict. The activation (registered as {@code activation}, e.g. {@link ReLU})
 * and the dropout ({@code dropout}) have no parameters, so they add no keys; one activation instance serves every
 * position, so it must be stateless.
 */
public final class MLP extends Module implements Layer {
    private final int[] dims;
    private final ModuleList<Linear> layers;
    private final Layer activation;
    private final Dropout dropout;

    /**
     * @param dims       the widths, input first: at least two
     * @param activation applied after every hidden layer (e.g. {@code new ReLU()})
     * @param dropout    the dropout probability after every hidden activation (0 for none)
     * @param bias       whether the Linear layers have biases
     */
    public MLP(int[] dims, Layer activation, float dropout, boolean bias, Rng rng) {
        if (dims.length < 2) throw new IllegalArgumentException("MLP needs at least two widths, got "
                + Arrays.toString(dims));
        if (activation == null) throw new IllegalArgumentException("MLP: the activation is null");
        this.dims = dims.clone();
        Linear[] ls = new Linear[dims.length - 1];
        for (int i = 0; i < ls.length; i++) ls[i] = new Linear(dims[i], dims[i + 1], bias, rng);
        this.layers = module("layers", new ModuleList<>(ls));
        this.activation = activation;
        if (activation instanceof Module m) module("activation", m);
        this.dropout = module("dropout", new Dropout(dropout, rng));
    }

    /** With biases. */
    public MLP(int[] dims, Layer activation, float dropout, Rng rng) { this(dims, activation, dropout, true, rng); }

    /** ReLU between the layers, biases, no dropout. */
    public MLP(Rng rng, int... dims) { this(dims, new ReLU(), 0f, true, rng); }

    public ModuleList<Linear> layers() { return layers; }

    public Dropout dropout() { return dropout; }

    /** The widths, input first. */
    public int[] dims() { return dims.clone(); }

    @Override
    public Var forward(Var x) {
        int last = layers.count() - 1;
        for (int i = 0; i <= last; i++) {
            x = layers.get(i).forward(x);
            if (i < last) x = dropout.forward(activation.forward(x));
        }
        return x;
    }
}
