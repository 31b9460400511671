package org.genex.nn;

import org.genex.autodiff.Var;
import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;

/**
 * Inverted dropout, as PyTorch's {@code nn.Dropout(p=0.5)}: in training each element is zeroed with probability
 * {@code p} and the others are scaled by {@code 1 / (1 - p)}, so the expectation is unchanged; in eval mode (and for
 * {@code p = 0}) the input is returned as it is. {@code p = 1} zeroes everything.
 *
 * <p><b>Reproducible, resumable masks.</b> The module keeps its own stream, split from the {@code Rng} given to the
 * constructor (one draw of it, so two dropouts built from one {@code Rng} differ). Mask number i is drawn from
 * {@code stream.fork(i)} ({@link Rng#fillBernoulli}), where i counts the masks drawn so far ({@link #calls()}): the
 * masks depend on nothing but the construction seed and that counter, which a trainer saves and restores with
 * {@link #setCalls(long)} for an exact resume. (PyTorch draws from the global generator instead, so the masks are
 * not bit-identical to PyTorch's.) The counter is not part of the state dict, which stays PyTorch's (a dropout has
 * no state there).
 */
public final class Dropout extends Module implements Layer {
    public final float p;
    private final Rng stream;
    private long calls;

    /** @param p the probability of zeroing an element, in [0, 1] (PyTorch's default 0.5) */
    public Dropout(float p, Rng rng) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        this.p = p;
        this.stream = rng.split();
    }

    /** The number of masks drawn so far: mask i came from {@code fork(i)}. */
    public long calls() { return calls; }

    /** Sets the mask counter (to restore a checkpoint): the next mask is drawn from {@code fork(calls)}. */
    public void setCalls(long calls) {
        if (calls < 0) throw new IllegalArgumentException("Dropout: the call counter must be >= 0, got " + calls);
        this.calls = calls;
    }

    /** True if a forward call now would draw a mask (training mode and p > 0). */
    public boolean active() { return isTraining() && p > 0; }

    @Override
    public Var forward(Var x) {
        if (!active()) return x;
        return x.mul(Var.of(nextMask(x.shape()).to(x.device())));
    }

    /**
     * The next mask (0, or 1 / (1 - p) with probability 1 - p), a CPU tensor of the shape, advancing the counter:
     * for ops that apply the mask themselves, like the fused attention
     * ({@link org.genex.autodiff.Functional#scaledDotProductAttention(Var, Var, Var, Tensor, boolean, float, Tensor,
     * Tensor[])}).
     */
    public Tensor nextMask(Shape shape) {
        Rng r = stream.fork(calls++);
        float[] m = new float[shape.size()];
        if (p < 1) r.fillBernoulli(m, 0, m.length, 1 - (double) p, 1f / (1f - p));
        return Tensor.wrap(m, shape.dims());
    }
}
