package org.genex.nn.loss;

import static org.genex.nn.loss.Reductions.reduce;
import static org.genex.nn.loss.Reductions.sameShape;

import org.genex.autodiff.Functional;
import org.genex.autodiff.Functional.Reduction;
import org.genex.autodiff.Var;
import org.genex.tensor.CompareOp;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;

/**
 * The elementwise losses of regression and binary classification, cross-entropy, and the symmetric InfoNCE (CLIP)
 * loss, as {@code torch.nn.functional} defines them, with its defaults (reduction MEAN unless stated).
 *
 * <p>Every elementwise loss takes an optional {@code mask} (null: none), a constant tensor of 0s and 1s that
 * broadcasts to the per-element losses: masked-out elements are left out of SUM and MEAN, MEAN averages over the
 * kept elements only, and with none kept MEAN is NaN with a zero gradient (see {@link Reductions}).
 *
 * <p>Where genex differs from PyTorch: {@code input} and {@code target} must have the same shape (PyTorch's
 * {@code mse_loss} and {@code l1_loss} broadcast them with a warning, a frequent silent bug).
 */
public final class Losses {
    private Losses() {}

    // ------------------------------------------------------------------------------------------------ regression

    /** Mean squared error, {@code mean((input - target)^2)} ({@code F.mse_loss}). */
    public static Var mse(Var input, Var target) { return mse(input, target, null, Reduction.MEAN); }

    /** Squared error {@code (input - target)^2} per element, reduced ({@code F.mse_loss}). */
    public static Var mse(Var input, Var target, Tensor mask, Reduction reduction) {
        sameShape("mse", "input", input, "target", target);
        return reduce("mse", input.sub(target).square(), mask, reduction);
    }

    /** Mean absolute error, {@code mean|input - target|} ({@code F.l1_loss}). */
    public static Var l1(Var input, Var target) { return l1(input, target, null, Reduction.MEAN); }

    /** Absolute error {@code |input - target|} per element, reduced ({@code F.l1_loss}; the gradient at 0 is 0). */
    public static Var l1(Var input, Var target, Tensor mask, Reduction reduction) {
        sameShape("l1", "input", input, "target", target);
        return reduce("l1", input.sub(target).abs(), mask, reduction);
    }

    /** {@link #smoothL1(Var, Var, float, Tensor, Reduction)} with PyTorch's beta = 1 and MEAN. */
    public static Var smoothL1(Var input, Var target) { return smoothL1(input, target, 1f, null, Reduction.MEAN); }

    /**
     * Smooth L1 ({@code F.smooth_l1_loss}): with {@code d = |input - target|}, {@code 0.5 d^2 / beta} where
     * {@code d < beta}, else {@code d - 0.5 beta}; beta = 0 is the L1 loss.
     */
    public static Var smoothL1(Var input, Var target, float beta, Tensor mask, Reduction reduction) {
        sameShape("smoothL1", "input", input, "target", target);
        if (!(beta >= 0) || Float.isInfinite(beta))
            throw new IllegalArgumentException("smoothL1: beta must be finite and >= 0, got " + beta);
        if (beta == 0f) return reduce("smoothL1", input.sub(target).abs(), mask, reduction);
        Var d = input.sub(target).abs();
        Tensor quadratic = d.value().compare(CompareOp.LT, scalarLike(d, beta));
        Var loss = Var.where(quadratic, d.square().mul(0.5f / beta), d.sub(0.5f * beta));
        return reduce("smoothL1", loss, mask, reduction);
    }

    /** {@link #huber(Var, Var, float, Tensor, Reduction)} with PyTorch's delta = 1 and MEAN. */
    public static Var huber(Var input, Var target) { return huber(input, target, 1f, null, Reduction.MEAN); }

    /**
     * Huber ({@code F.huber_loss}): with {@code d = |input - target|}, {@code 0.5 d^2} where {@code d < delta}, else
     * {@code delta (d - 0.5 delta)}; it is {@code delta} times the smooth L1 loss with beta = delta.
     */
    public static Var huber(Var input, Var target, float delta, Tensor mask, Reduction reduction) {
        sameShape("huber", "input", input, "target", target);
        if (!(delta > 0) || Float.isInfinite(delta))
            throw new IllegalArgumentException("huber: delta must be finite and > 0, got " + delta);
        Var d = input.sub(target).abs();
        Tensor quadratic = d.value().compare(CompareOp.LT, scalarLike(d, delta));
        Var loss = Var.where(quadratic, d.square().mul(0.5f), d.sub(0.5f * delta).mul(delta));
        return reduce("huber", loss, mask, reduction);
    }

    // ------------------------------------------------------------------------------------------------ classification

    /** Cross-entropy of logits [n, c] against class indices, averaged over the rows ({@code F.cross_entropy}). */
    public static Var crossEntropy(Var logits, int[] targets) { return Functional.crossEntropy(logits, targets); }

    /**
     * Cross-entropy of logits [n, c] against class indices ({@code F.cross_entropy}), fused: class {@code weights}
     * [c] (nullable), rows with target {@code ignoreIndex} ({@link Functional#IGNORE_INDEX}, -100, by default) left
     * out, label smoothing; MEAN divides by the total weight of the rows kept. See
     * {@link Functional#crossEntropy(Var, int[], Tensor, int, float, Reduction)}.
     */
    public static Var crossEntropy(Var logits, int[] targets, Tensor weights, int ignoreIndex, float labelSmoothing,
                                   Reduction reduction) {
        return Functional.crossEntropy(logits, targets, weights, ignoreIndex, labelSmoothing, reduction);
    }

    /** {@link #bceWithLogits(Var, Var, Tensor, Tensor, Tensor, Reduction)} without weights or mask, MEAN. */
    public static Var bceWithLogits(Var input, Var target) {
        return bceWithLogits(input, target, null, null, null, Reduction.MEAN);
    }

    /**
     * Binary cross-entropy on logits ({@code F.binary_cross_entropy_with_logits}), in its stable form:
     * <pre>
     *   loss = (1 - t) x + lw softplus(-x),   lw = 1 + (pos_weight - 1) t
     * </pre>
     * which without {@code posWeight} is {@code max(x, 0) - x t + log(1 + exp(-|x|))}: no overflow for any logit.
     * {@code target} t may hold soft labels in [0, 1]. {@code weight} (nullable) rescales each element's loss;
     * {@code posWeight} (nullable) weights the positive term, typically one value per class along the last axis
     * (n_negative / n_positive); both are constants broadcast to the input's shape.
     */
    public static Var bceWithLogits(Var input, Var target, Tensor weight, Tensor posWeight, Tensor mask,
                                    Reduction reduction) {
        sameShape("bceWithLogits", "input", input, "target", target);
        Var softplusNeg = input.neg().softplus();                                    // -log sigmoid(x)
        if (posWeight != null) {
            checkBroadcast("bceWithLogits", "posWeight", posWeight, input.shape());
            Var lw = target.mul(Var.of(posWeight.to(input.device()).sub(1f))).add(1f);
            softplusNeg = softplusNeg.mul(lw);
        }
        Var loss = target.rsub(1f).mul(input).add(softplusNeg);
        if (weight != null) {
            checkBroadcast("bceWithLogits", "weight", weight, input.shape());
            loss = loss.mul(Var.of(weight.to(input.device())));
        }
        return reduce("bceWithLogits", loss, mask, reduction);
    }

    /**
     * The sigmoid focal loss of Lin et al. with torchvision's defaults (alpha 0.25, gamma 2) and, as
     * {@code torchvision.ops.sigmoid_focal_loss}, reduction NONE.
     */
    public static Var sigmoidFocal(Var input, Var target) {
        return sigmoidFocal(input, target, 0.25f, 2f, null, Reduction.NONE);
    }

    /**
     * The sigmoid focal loss (Lin et al. 2017, {@code torchvision.ops.sigmoid_focal_loss}) on logits x with targets t:
     * <pre>
     *   loss = alpha_t (1 - p_t)^gamma bce(x, t),   p = sigmoid(x),   p_t = p t + (1 - p)(1 - t),
     *   alpha_t = alpha t + (1 - alpha)(1 - t)      (no alpha_t when alpha &lt; 0, as torchvision)
     * </pre>
     * {@code 1 - p_t} is computed as {@code p (1 - t) + sigmoid(-x) t}, equal to torchvision's {@code 1 - p_t} but
     * without its cancellation when p_t is near 1. torchvision's default reduction is NONE.
     */
    public static Var sigmoidFocal(Var input, Var target, float alpha, float gamma, Tensor mask, Reduction reduction) {
        sameShape("sigmoidFocal", "input", input, "target", target);
        if (!(gamma >= 0) || Float.isInfinite(gamma))
            throw new IllegalArgumentException("sigmoidFocal: gamma must be finite and >= 0, got " + gamma);
        if (alpha > 1 || Float.isNaN(alpha))
            throw new IllegalArgumentException("sigmoidFocal: alpha must be in [0, 1] (or negative: no weighting), got "
                    + alpha);
        Var ce = bceWithLogits(input, target, null, null, null, Reduction.NONE);
        Var oneMinusPt = input.sigmoid().mul(target.rsub(1f)).add(input.neg().sigmoid().mul(target));
        Var loss = gamma == 0f ? ce : ce.mul(oneMinusPt.pow(gamma));
        if (alpha >= 0) loss = loss.mul(target.mul(alpha).add(target.rsub(1f).mul(1f - alpha)));
        return reduce("sigmoidFocal", loss, mask, reduction);
    }

    // ------------------------------------------------------------------------------------------------ contrastive

    /**
     * The symmetric InfoNCE loss of paired embeddings (CLIP's loss; Oord et al., Radford et al.): row i of
     * {@code a} [n, d] and row i of {@code b} [n, d] are a positive pair, every other row of the batch a negative.
     * <pre>
     *   logits = a b^T / temperature                       [n, n]
     *   loss   = (CE(logits, arange(n)) + CE(logits^T, arange(n))) / 2
     * </pre>
     * with CE the mean cross-entropy. If {@code normalize}, the rows are first scaled to unit L2 norm
     * ({@code F.normalize}: {@code x / max(|x|, 1e-12)}), so that the logits are cosine similarities.
     */
    public static Var infoNce(Var a, Var b, float temperature, boolean normalize) {
        if (!(temperature > 0) || Float.isInfinite(temperature))
            throw new IllegalArgumentException("infoNce: the temperature must be finite and > 0, got " + temperature);
        return symmetricCe(similarities("infoNce", a, b, normalize).div(temperature));
    }

    /**
     * {@link #infoNce(Var, Var, float, boolean)} with a learnable temperature: a one-element Var (a scalar, or shape
     * [1]) that must be positive, e.g. {@code logTemperature.exp()}.
     */
    public static Var infoNce(Var a, Var b, Var temperature, boolean normalize) {
        checkScalarParameter("infoNce", "temperature", temperature);
        if (!(temperature.item() > 0))
            throw new IllegalArgumentException("infoNce: the temperature must be > 0, got " + temperature.item());
        return symmetricCe(similarities("infoNce", a, b, normalize).div(temperature.reshape()));
    }

    /**
     * CLIP's loss as OpenCLIP computes it: unit-normalised embeddings, logits multiplied by {@code exp(logitScale)}
     * (CLIP learns {@code logit_scale}, initialised to log(1 / 0.07)), symmetric cross-entropy. {@code logitScale} is a
     * one-element Var. (CLIP clamps the scale at 100 in its training step, outside the loss.)
     */
    public static Var clip(Var imageEmbeddings, Var textEmbeddings, Var logitScale) {
        checkScalarParameter("clip", "logitScale", logitScale);
        return symmetricCe(similarities("clip", imageEmbeddings, textEmbeddings, true).mul(logitScale.reshape().exp()));
    }

    /** {@code a b^T} [n, n], of unit-norm rows if {@code normalize}. */
    private static Var similarities(String name, Var a, Var b, boolean normalize) {
        if (a.rank() != 2 || !a.shape().equals(b.shape()))
            throw new IllegalArgumentException(name + ": the embeddings must be two [n, d] matrices of the same shape,"
                    + " got " + a.shape() + " and " + b.shape());
        if (a.dim(0) == 0) throw new IllegalArgumentException(name + ": no pairs (the embeddings are " + a.shape() + ")");
        if (normalize) {
            a = l2Normalize(a);
            b = l2Normalize(b);
        }
        return a.matmul(b, false, true);
    }

    /** {@code (CE(logits, arange) + CE(logits^T, arange)) / 2}. */
    private static Var symmetricCe(Var logits) {
        int n = logits.dim(0);
        int[] diagonal = new int[n];
        for (int i = 0; i < n; i++) diagonal[i] = i;
        return Functional.crossEntropy(logits, diagonal).add(Functional.crossEntropy(logits.t(), diagonal)).mul(0.5f);
    }

    /**
     * Rows scaled to unit L2 norm as {@code F.normalize(x, dim=1)}: {@code x / max(|x|, 1e-12)}, written as
     * {@code x / sqrt(max(|x|^2, 1e-24))} so that a zero row gets a zero gradient, not 0 * inf.
     */
    static Var l2Normalize(Var x) {
        return x.div(x.square().sum(true, 1).clamp(1e-24f, Float.MAX_VALUE).sqrt());
    }

    // ------------------------------------------------------------------------------------------------ checks

    private static void checkScalarParameter(String name, String what, Var v) {
        if (v.size() != 1)
            throw new IllegalArgumentException(name + ": " + what + " must have one element, got shape " + v.shape());
    }

    private static void checkBroadcast(String name, String what, Tensor t, Shape shape) {
        if (!t.shape().broadcastsTo(shape))
            throw new IllegalArgumentException(name + ": " + what + " " + t.shape() + " does not broadcast to the input's"
                    + " shape " + shape);
    }

    /** A scalar tensor on the device of {@code like}, for comparisons. */
    private static Tensor scalarLike(Var like, float v) { return Tensor.scalar(v).to(like.device()); }
}
