package org.genex.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.genex.autodiff.Var;
import org.genex.tensor.Tensor;

/**
 * A stack of encoder layers and an optional final norm, as PyTorch's {@code nn.TransformerEncoder(encoder_layer,
 * num_layers, norm=None)}: children {@code layers.0} ... {@code layers.N-1} and {@code norm} (only when given), so the
 * state dict has PyTorch's keys. The mask arguments go to every layer unchanged.
 *
 * <p>Difference: PyTorch deep-copies one layer, so all its layers start with identical weights; here each layer is
 * built by the factory (called with its index) and initialised independently. Load a state dict for PyTorch's
 * weights.
 */
public final class TransformerEncoder extends Module implements Layer {
    private final ModuleList<TransformerEncoderLayer> layers;
    private final Layer norm;

    /**
     * @param layerFactory builds layer i (e.g. {@code i -> new TransformerEncoderLayer(64, 4, rng)})
     * @param norm         the final norm (e.g. a {@link LayerNorm}; pre-norm stacks want one), or null for none
     */
    public <N extends Module & Layer> TransformerEncoder(IntFunction<TransformerEncoderLayer> layerFactory,
                                                         int numLayers, N norm) {
        if (numLayers < 1)
            throw new IllegalArgumentException("TransformerEncoder: numLayers must be >= 1, got " + numLayers);
        List<TransformerEncoderLayer> ls = new ArrayList<>();
        for (int i = 0; i < numLayers; i++) ls.add(layerFactory.apply(i));
        this.layers = module("layers", new ModuleList<>(ls));
        this.norm = norm == null ? null : module("norm", norm);
    }

    public ModuleList<TransformerEncoderLayer> layers() { return layers; }

    /** The final norm, or null. */
    public Layer norm() { return norm; }

    @Override
    public Var forward(Var src) { return forward(src, null, null, false); }

    /** PyTorch's {@code forward(src, mask, src_key_padding_mask, is_causal)}; masks may be null. */
    public Var forward(Var src, Tensor mask, boolean[][] srcKeyPaddingMask, boolean causal) {
        Var x = src;
        for (TransformerEncoderLayer l : layers) x = l.forward(x, mask, srcKeyPaddingMask, causal);
        return norm == null ? x : norm.forward(x);
    }
}
