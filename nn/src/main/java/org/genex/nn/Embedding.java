package org.genex.nn;

import org.genex.autodiff.Functional;
import org.genex.autodiff.Var;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;

/**
 * A lookup table, as PyTorch's {@code nn.Embedding(num_embeddings, embedding_dim, padding_idx)}: weight [num, dim]
 * initialised N(0, 1). With a padding index (>= 0) that row starts at zero and never receives a gradient (so an
 * optimizer without weight decay leaves it at zero), as in PyTorch; it is still looked up like any other row, so a
 * loaded non-zero padding row is returned as it is. {@code max_norm}, {@code scale_grad_by_freq} and
 * {@code sparse} are not supported.
 */
public final class Embedding extends Module {
    public final int num, dim, paddingIdx;
    private final Parameter weight;

    /** {@code paddingIdx}: the padding row in {@code [0, num)}, or -1 for none (PyTorch's {@code None}). */
    public Embedding(int num, int dim, int paddingIdx, Rng rng) {
        if (num <= 0 || dim <= 0)
            throw new IllegalArgumentException("Embedding(" + num + ", " + dim + "): sizes must be > 0");
        if (paddingIdx < -1 || paddingIdx >= num)
            throw new IllegalArgumentException("Embedding(" + num + ", " + dim + "): paddingIdx " + paddingIdx
                    + " must be in [0, " + num + ") or -1 for none");
        this.num = num;
        this.dim = dim;
        this.paddingIdx = paddingIdx;
        Tensor w = Init.normal(Tensor.zeros(num, dim), 0f, 1f, rng);
        if (paddingIdx >= 0) w.backend().fill(w.rows(paddingIdx, paddingIdx + 1), 0f);
        this.weight = parameter("weight", w);
    }

    /** No padding row. */
    public Embedding(int num, int dim, Rng rng) { this(num, dim, -1, rng); }

    public Parameter weight() { return weight; }

    /**
     * The rows at {@code ids}, laid out as {@code shape} (default: [ids.length]): returns [...shape, dim]. For a
     * batch of sequences, {@code forward(ids, batch, length)} gives [batch, length, dim].
     */
    public Var forward(int[] ids, int... shape) {
        int[] s = shape.length == 0 ? new int[]{ids.length} : shape;
        long n = 1;
        for (int d : s) {
            if (d < 0) throw new IllegalArgumentException("Embedding: negative dimension in shape "
                    + java.util.Arrays.toString(s));
            n *= d;
        }
        if (n != ids.length)
            throw new IllegalArgumentException("Embedding: " + ids.length + " ids cannot be laid out as "
                    + java.util.Arrays.toString(s));
        for (int i = 0; i < ids.length; i++)
            if (ids[i] < 0 || ids[i] >= num)
                throw new IndexOutOfBoundsException("Embedding(" + num + ", " + dim + "): ids[" + i + "] = " + ids[i]
                        + " is outside [0, " + num + ")");
        int[] out = java.util.Arrays.copyOf(s, s.length + 1);
        out[s.length] = dim;
        return Functional.embedding(weight.var(), ids, paddingIdx).reshape(out);
    }
}
