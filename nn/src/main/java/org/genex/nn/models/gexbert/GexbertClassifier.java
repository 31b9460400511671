package org.genex.nn.models.gexbert;

import org.genex.autodiff.Var;
import org.genex.nn.Linear;
import org.genex.nn.Module;
import org.genex.tensor.Rng;

/**
 * Fine-tuning head for pan-cancer classification from a gene panel (specs/gexbert.md &sect;5.1): the pre-trained
 * {@link Gexbert} encoder over the panel's tokens, the patient representation [h_CLS, mean h_i] (2d) and a linear
 * layer to the classes. Children {@code gexbert} (the whole pre-trained model; only its encoder is used) and
 * {@code head}.
 */
public final class GexbertClassifier extends Module {
    private final Gexbert gexbert;
    private final Linear head;

    public GexbertClassifier(Gexbert pretrained, int classes, Rng rng) {
        this.gexbert = module("gexbert", pretrained);
        this.head = module("head", new Linear(pretrained.embeddingDim(), classes, true, rng));
    }

    public Gexbert gexbert() { return gexbert; }

    /** Logits [b, classes] of b patients with n panel genes each: genes and levels [b * n]. */
    public Var logits(int[] genes, int[] levels, int b, int n) {
        return head.forward(gexbert.patientEmbedding(gexbert.encode(genes, levels, b, n, null), null));
    }
}
