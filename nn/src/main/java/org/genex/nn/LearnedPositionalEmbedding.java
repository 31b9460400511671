package org.genex.nn;

import org.genex.autodiff.Var;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;

/**
 * Learned absolute positions (BERT, GPT-2): an embedding table of positions, weight [maxLen, dim] initialised N(0, 1)
 * as {@code nn.Embedding(max_len, dim)} (BERT and GPT-2 re-initialise theirs, e.g. N(0, 0.02^2): do that with
 * {@link Init#normal} on {@link #weight()}), added to the input. Registered in a parent as, say,
 * {@code position_embeddings}, its key is {@code position_embeddings.weight}, as in Hugging Face's BERT.
 */
public final class LearnedPositionalEmbedding extends Module implements Layer {
    public final int maxLen, dim;
    private final Parameter weight;

    public LearnedPositionalEmbedding(int maxLen, int dim, Rng rng) {
        if (maxLen <= 0 || dim <= 0)
            throw new IllegalArgumentException("LearnedPositionalEmbedding(" + maxLen + ", " + dim
                    + "): sizes must be > 0");
        this.maxLen = maxLen;
        this.dim = dim;
        this.weight = parameter("weight", Init.normal(Tensor.zeros(maxLen, dim), 0f, 1f, rng));
    }

    public Parameter weight() { return weight; }

    /** The embeddings [length, dim] of positions {@code offset .. offset + length - 1} (differentiable). */
    public Var embedding(int offset, int length) {
        if (offset < 0 || length < 0 || offset + (long) length > maxLen)
            throw new IllegalArgumentException("LearnedPositionalEmbedding: positions [" + offset + ", "
                    + ((long) offset + length) + ") are outside [0, " + maxLen + ")");
        return weight.var().slice(0, offset, offset + length);
    }

    /** x [..., l, dim] plus the embeddings of positions 0 .. l-1. */
    @Override
    public Var forward(Var x) { return forward(x, 0); }

    /** x [..., l, dim] plus the embeddings of positions {@code offset .. offset + l - 1}. */
    public Var forward(Var x, int offset) {
        if (x.rank() < 2) throw new IllegalArgumentException("LearnedPositionalEmbedding expects inputs [..., l, "
                + dim + "], got " + x.shape());
        checkLastDim("LearnedPositionalEmbedding(" + dim + ")", x.shape(), dim);
        return x.add(embedding(offset, x.dim(-2)));
    }
}
