package org.genex.nn.optim;

import java.util.List;
import java.util.Map;
import org.genex.nn.Parameter;
import org.genex.tensor.Backend;
import org.genex.tensor.BinaryOp;
import org.genex.tensor.Tensor;

/**
 * Stochastic gradient descent with momentum, as {@code torch.optim.SGD} computes it (PyTorch's defaults: momentum 0,
 * dampening 0, no Nesterov, weight decay 0). For each parameter {@code p} with gradient {@code g}:
 *
 * <pre>
 * d = g + wd p                                   (if wd != 0: L2 weight decay, added to the gradient)
 * if momentum != 0:
 *     buf = d                                    (first step: the buffer is a copy of d, not dampened)
 *     buf = momentum buf + (1 - dampening) d     (later steps)
 *     d = nesterov ? d + momentum buf : buf
 * p = p - lr d
 * </pre>
 *
 * The buffer is kept as the state tensor {@code momentum_buffer} (PyTorch's name). SGD keeps no per-parameter step
 * count; a parameter whose gradient is null at a step is skipped and its buffer left as it is, as in PyTorch.
 * Each line is evaluated in float32 with one rounding per operation, in the order written (PyTorch's CPU kernels
 * may fuse {@code a + alpha b} into one rounding; the results agree to a few ulps).
 */
public final class SGD extends Optimizer {
    private final float momentum, dampening;
    private final boolean nesterov;

    /** Plain SGD (no momentum, no weight decay) over one group. */
    public SGD(List<Parameter> params, float lr) {
        this(List.of(new Group(params, lr, 0f)), 0f, 0f, false);
    }

    /** SGD with momentum and L2 weight decay over one group (dampening 0, no Nesterov). */
    public SGD(List<Parameter> params, float lr, float momentum, float weightDecay) {
        this(List.of(new Group(params, lr, weightDecay)), momentum, 0f, false);
    }

    /**
     * SGD over parameter groups.
     *
     * @throws IllegalArgumentException if momentum or dampening is negative, or if {@code nesterov} is asked with no
     *         momentum or a non-zero dampening (PyTorch refuses both)
     */
    public SGD(List<Group> groups, float momentum, float dampening, boolean nesterov) {
        super(groups);
        if (!(momentum >= 0) || !(dampening >= 0))
            throw new IllegalArgumentException("SGD needs momentum >= 0 and dampening >= 0, got " + momentum + ", "
                    + dampening);
        if (nesterov && (momentum == 0 || dampening != 0))
            throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum > 0 and zero dampening,"
                    + " got momentum " + momentum + ", dampening " + dampening);
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
    }

    public float momentum() { return momentum; }
    public float dampening() { return dampening; }
    public boolean nesterov() { return nesterov; }

    @Override
    protected void update(Group g, Parameter p, Map<String, Tensor> s) {
        Tensor w = p.value(), grad = p.grad();
        Backend be = w.backend();
        Tensor d = grad;                                             // never written: d is a copy once it changes
        if (g.weightDecay() != 0) {
            d = be.allocate(w.shape());
            be.binaryScalar(BinaryOp.MUL, w, g.weightDecay(), d);      // wd p
            be.binary(BinaryOp.ADD, grad, d, d);                       // g + wd p
        }
        if (momentum != 0) {
            Tensor buf = s.get("momentum_buffer");
            if (buf == null) {
                buf = be.allocate(w.shape());
                be.copy(d, buf);
                s.put("momentum_buffer", buf);
            } else {
                be.binaryScalar(BinaryOp.MUL, buf, momentum, buf);      // momentum buf
                if (dampening == 0) {
                    be.binary(BinaryOp.ADD, buf, d, buf);              // + d
                } else {
                    Tensor t = be.allocate(w.shape());
                    be.binaryScalar(BinaryOp.MUL, d, 1f - dampening, t);
                    be.binary(BinaryOp.ADD, buf, t, buf);              // + (1 - dampening) d
                }
            }
            if (nesterov) {
                Tensor t = be.allocate(w.shape());
                be.binaryScalar(BinaryOp.MUL, buf, momentum, t);
                be.binary(BinaryOp.ADD, d, t, t);                      // d + momentum buf
                d = t;
            } else {
                d = buf;
            }
        }
        Tensor t = be.allocate(w.shape());
        be.binaryScalar(BinaryOp.MUL, d, g.lr(), t);
        be.binary(BinaryOp.SUB, w, t, w);                              // p - lr d
    }
}
