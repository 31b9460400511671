package org.genex.nn.optim;

import java.util.List;
import java.util.Map;
import org.genex.nn.Parameter;
import org.genex.tensor.Tensor;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), or classic Adam with L2 weight decay
 * ({@link #adam}); PyTorch's defaults: betas 0.9 / 0.999, eps 1e-8, and for AdamW weight decay 0.01. One fused
 * kernel per parameter ({@link org.genex.tensor.Backend#adamUpdate}).
 */
public final class AdamW extends Optimizer {
    public static final float BETA1 = 0.9f, BETA2 = 0.999f, EPS = 1e-8f, WEIGHT_DECAY = 0.01f;

    private final float beta1, beta2, eps;
    private final boolean decoupled;

    /** AdamW with PyTorch's defaults over one group. */
    public AdamW(List<Parameter> params, float lr) {
        this(List.of(new Group(params, lr, WEIGHT_DECAY)), BETA1, BETA2, EPS, true);
    }

    /** Classic Adam (L2 weight decay added to the gradient; PyTorch's default weight decay 0). */
    public static AdamW adam(List<Parameter> params, float lr, float weightDecay) {
        return new AdamW(List.of(new Group(params, lr, weightDecay)), BETA1, BETA2, EPS, false);
    }

    public AdamW(List<Group> groups, float beta1, float beta2, float eps, boolean decoupled) {
        super(groups);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0))
            throw new IllegalArgumentException("Adam needs 0 <= betas < 1 and eps >= 0, got " + beta1 + ", " + beta2
                    + ", " + eps);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.decoupled = decoupled;
    }

    @Override
    protected void update(Group g, Parameter p, Map<String, Tensor> s) {
        Tensor m = slot(s, "exp_avg", p), v = slot(s, "exp_avg_sq", p);
        long t = countStep(s);                          // per parameter, as PyTorch: a skipped step does not count
        p.value().backend().adamUpdate(p.value(), p.grad(), m, v, g.lr(), beta1, beta2, eps, g.weightDecay(),
                decoupled, t);
    }
}
