package org.genex.autodiff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.genex.tensor.*;

/**
 * A tensor in a differentiable computation: its value, its gradient, and the operation that produced it.
 *
 * <p>Define-by-run, as in micrograd and PyTorch: each operation on {@code Var}s computes its value at once and, when
 * {@link Grad#enabled() recording} is on and an input {@link #requiresGrad() requires a gradient}, records a node
 * whose backward rule (written beside the forward, in the op classes) accumulates ({@code +=}) gradients into its
 * inputs. {@link #backward()} walks the recorded graph in reverse topological order, then frees it, so a training
 * loop's memory stays flat.
 *
 * <pre>{@code
 * Var w = Var.param(Rng.seeded(1).normal(Shape.of(3, 2), 0f, 1f));    // a leaf that wants a gradient
 * Var x = Var.of(Tensor.of(new float[]{1, 2, 3}, 1, 3));              // a constant
 * Var loss = x.matmul(w).tanh().square().mean();
 * loss.backward();                                                     // w.grad() now holds d loss / d w
 * }</pre>
 *
 * <p>Gradients of leaves accumulate across calls to {@code backward} until {@link #zeroGrad()}; gradients of
 * intermediate results are dropped once used (call {@link #retainGrad()} first to keep one).
 */
public final class Var {
    private final Tensor value;
    /** Leaves: accumulated over backward calls. Results: only with {@link #retainGrad()}, summed over passes. */
    private Tensor grad;
    /** A result's gradient within the current backward pass (never kept past it). */
    private Tensor flowing;
    /** A gradient given up by {@link #zeroGrad(boolean) zeroGrad(true)}: storage for the next one (leaves only). */
    private Tensor spare;
    private boolean requiresGrad;
    private boolean retainGrad;
    Node node;

    private Var(Tensor value, boolean requiresGrad, Node node) {
        if (value == null) throw new IllegalArgumentException("a Var needs a value");
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.node = node;
    }

    // ------------------------------------------------------------------------------------------------ creation

    /** A constant: no gradient flows into it. */
    public static Var of(Tensor value) { return new Var(value, false, null); }

    /** A rank-0 constant. */
    public static Var scalar(float value) { return of(Tensor.scalar(value)); }

    /** A leaf that requires a gradient: a parameter, or an input to differentiate with respect to. */
    public static Var param(Tensor value) { return new Var(value, true, null); }

    /**
     * The result of an op: records {@code backward} when recording is on and an input requires a gradient;
     * otherwise a constant. For the op classes.
     */
    static Var result(String op, Tensor value, Node.Backward backward, Var... inputs) {
        if (Grad.enabled()) {
            for (Var v : inputs) {
                if (v != null && v.requiresGrad) return new Var(value, true, new Node(op, inputs, backward));
            }
        }
        return new Var(value, false, null);
    }

    // ------------------------------------------------------------------------------------------------ state

    public Tensor value() { return value; }

    /** The accumulated gradient, or null if none has reached this Var. */
    public Tensor grad() { return grad; }

    public Shape shape() { return value.shape(); }
    public int rank() { return value.rank(); }
    public int dim(int axis) { return value.dim(axis); }
    public int size() { return value.size(); }
    public Device device() { return value.device(); }

    /** The value of a one-element Var. */
    public float item() { return value.item(); }

    public boolean requiresGrad() { return requiresGrad; }

    /** True if no recorded op produced this Var (a parameter, an input or a constant). */
    public boolean isLeaf() { return node == null; }

    /** The name of the op that produced this Var, or "leaf". */
    public String op() { return node == null ? "leaf" : node.op; }

    /** Turns gradient tracking of a leaf on or off (freezing a parameter); returns this. */
    public Var requiresGrad(boolean on) {
        if (!isLeaf())
            throw new IllegalStateException("requiresGrad(" + on + ") on the result of '" + node.op + "': only leaves"
                    + " can change it; use detach() to cut a result off the graph");
        requiresGrad = on;
        return this;
    }

    /** Keeps this intermediate result's gradient after backward (leaves always keep theirs); returns this. */
    public Var retainGrad() {
        retainGrad = true;
        return this;
    }

    /** Forgets the accumulated gradient (the next backward starts from zero). */
    public void zeroGrad() { zeroGrad(false); }

    /**
     * Forgets the accumulated gradient; with {@code recycle}, its storage may become the next gradient of this leaf:
     * a backward rule that overwrites a whole gradient (the weight gradient of a matrix product) writes it there
     * instead of allocating and zeroing a new tensor, as PyTorch's {@code zero_grad(set_to_none=False)} reuses
     * {@code .grad}. So a reference to the old {@link #grad()} must not be kept past this call (copy it to keep it).
     */
    public void zeroGrad(boolean recycle) {
        Tensor g = grad;
        grad = null;
        // only a tensor that owns its whole (host) array: never a view that shares storage with other tensors
        spare = recycle && node == null && g != null && g.device().equals(Device.CPU) && g.offset() == 0
                && g.array().length == g.size() ? g : null;
    }

    /** The same value, cut off the graph: a constant. */
    public Var detach() { return new Var(value, false, null); }

    @Override
    public String toString() {
        return "Var(" + op() + ", " + value + (requiresGrad ? ", requiresGrad" : "") + ")";
    }

    // ------------------------------------------------------------------------------------------------ backward

    /** Backpropagates from this scalar (seeded with 1), then frees the graph. */
    public void backward() {
        if (size() != 1)
            throw new IllegalStateException("backward() needs a scalar, but this Var ('" + op() + "') has shape "
                    + shape() + ": reduce it to a loss first (sum(), mean()), or pass its gradient: backward(seed)");
        backward(Tensor.full(shape(), 1f).to(device()), false);
    }

    /** Backpropagates {@code seed}, the gradient of some scalar with respect to this Var, then frees the graph. */
    public void backward(Tensor seed) { backward(seed, false); }

    /**
     * Backpropagates {@code seed} through the recorded graph, accumulating into every Var that requires a gradient.
     * Unless {@code retainGraph}, the graph is freed afterwards and a second backward through it fails.
     */
    public void backward(Tensor seed, boolean retainGraph) {
        if (!requiresGrad)
            throw new IllegalStateException("backward() on a Var that does not require a gradient: it is a constant,"
                    + " or it was computed under Grad.off(), or none of its inputs is a Var.param");
        if (!seed.shape().equals(shape()))
            throw new IllegalArgumentException("backward: the seed has shape " + seed.shape() + ", this Var ('"
                    + op() + "') has shape " + shape());
        if (!seed.device().equals(device()))
            throw new IllegalArgumentException("backward: the seed lives on " + seed.device() + ", this Var ('"
                    + op() + "') on " + device() + "; move it with Tensor.to(device) first");
        List<Var> order = topologicalOrder();
        try {
            accumulate(seed);
            for (Var v : order) {
                Tensor g = v.flowing;                 // this pass's gradient only, even if v retains earlier ones
                v.flowing = null;
                if (g != null) {
                    v.node.backward.run(g);
                    if (v.retainGrad) v.grad = sum(v.grad, g);
                }
                if (!retainGraph) v.node.free();
            }
        } finally {
            for (Var v : order) v.flowing = null;     // a failed pass leaves nothing behind for the next one
        }
    }

    /** The non-leaf Vars this one depends on, this first, each before its inputs. */
    private List<Var> topologicalOrder() {
        List<Var> post = new ArrayList<>();
        Set<Var> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Var> vars = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        if (node == null) return post;
        seen.add(this);
        vars.push(this);
        next.push(0);
        while (!vars.isEmpty()) {
            Var v = vars.peek();
            if (v.node.freed())
                throw new IllegalStateException("backward through a graph that an earlier backward() freed (at '"
                        + v.node.op + "'): run the forward pass again, or keep the graph with backward(seed, true)");
            int i = next.pop();
            Var[] in = v.node.inputs;
            while (i < in.length && (in[i] == null || !in[i].requiresGrad || in[i].node == null || seen.contains(in[i])))
                i++;
            if (i < in.length) {
                next.push(i + 1);
                seen.add(in[i]);
                vars.push(in[i]);
                next.push(0);
            } else {
                vars.pop();
                post.add(v);
            }
        }
        Collections.reverse(post);
        return post;
    }

    /**
     * {@code grad += g} (for a result: the gradient flowing in this pass); {@code g} may be shared with others, so
     * it is copied when it is the first contribution.
     */
    void accumulate(Tensor g) {
        if (!requiresGrad) return;
        checkGradShape(g);
        if (node == null) grad = grad == null ? g.copy() : sum(grad, g);
        else flowing = flowing == null ? g.copy() : sum(flowing, g);
    }

    /**
     * Storage for a gradient of this Var that the caller overwrites completely and then passes to
     * {@link #accumulateOwned}: the recycled gradient of a leaf when it is the first contribution of this pass
     * (see {@link #zeroGrad(boolean)}), else a new zero tensor on the device of {@code like}.
     */
    Tensor gradBuffer(Tensor like) {
        Tensor s = spare;
        spare = null;
        if (s != null && grad == null && node == null && s.shape().equals(shape()) && s.device().equals(like.device()))
            return s;
        return like.backend().allocate(shape());
    }

    /** As {@link #accumulate}, for a {@code g} made for this Var alone: the first contribution is kept, not copied. */
    void accumulateOwned(Tensor g) {
        if (!requiresGrad) return;
        checkGradShape(g);
        if (node == null) grad = sum(grad, g);
        else flowing = sum(flowing, g);
    }

    /** {@code acc += g} in place, or {@code g} itself if there is no {@code acc} yet. */
    private static Tensor sum(Tensor acc, Tensor g) {
        if (acc == null) return g;
        acc.backend().binary(BinaryOp.ADD, acc, g, acc);
        return acc;
    }

    private void checkGradShape(Tensor g) {
        if (!g.shape().equals(shape()))
            throw new IllegalStateException("a backward rule produced a gradient of shape " + g.shape() + " for a Var"
                    + " of shape " + shape() + " ('" + op() + "')");
    }

    // ------------------------------------------------------------------------------------------------ elementwise

    public Var add(Var o) { return ElementwiseOps.binary(BinaryOp.ADD, this, o); }
    public Var sub(Var o) { return ElementwiseOps.binary(BinaryOp.SUB, this, o); }
    public Var mul(Var o) { return ElementwiseOps.binary(BinaryOp.MUL, this, o); }
    public Var div(Var o) { return ElementwiseOps.binary(BinaryOp.DIV, this, o); }
    public Var pow(Var o) { return ElementwiseOps.binary(BinaryOp.POW, this, o); }
    public Var maximum(Var o) { return ElementwiseOps.binary(BinaryOp.MAX, this, o); }
    public Var minimum(Var o) { return ElementwiseOps.binary(BinaryOp.MIN, this, o); }
    public Var add(float s) { return ElementwiseOps.scalar(BinaryOp.ADD, this, s); }
    public Var sub(float s) { return ElementwiseOps.scalar(BinaryOp.SUB, this, s); }
    public Var mul(float s) { return ElementwiseOps.scalar(BinaryOp.MUL, this, s); }
    public Var div(float s) { return ElementwiseOps.scalar(BinaryOp.DIV, this, s); }
    public Var pow(float s) { return ElementwiseOps.scalar(BinaryOp.POW, this, s); }
    /** {@code s - this}. */
    public Var rsub(float s) { return neg().add(s); }
    /** {@code s / this}. */
    public Var rdiv(float s) { return map(UnaryOp.RECIPROCAL).mul(s); }

    /** Applies a unary primitive; its backward rule is {@link UnaryOp#derivative}. */
    public Var map(UnaryOp op) { return ElementwiseOps.map(op, this); }

    public Var neg() { return map(UnaryOp.NEG); }
    public Var abs() { return map(UnaryOp.ABS); }
    public Var square() { return map(UnaryOp.SQUARE); }
    public Var sqrt() { return map(UnaryOp.SQRT); }
    public Var exp() { return map(UnaryOp.EXP); }
    public Var log() { return map(UnaryOp.LOG); }
    public Var log1p() { return map(UnaryOp.LOG1P); }
    public Var sin() { return map(UnaryOp.SIN); }
    public Var cos() { return map(UnaryOp.COS); }
    public Var tanh() { return map(UnaryOp.TANH); }
    public Var sigmoid() { return map(UnaryOp.SIGMOID); }
    public Var relu() { return map(UnaryOp.RELU); }
    public Var softplus() { return map(UnaryOp.SOFTPLUS); }
    /** The exact GELU, x Phi(x), fused (one node); {@link Composite#gelu} builds it from primitives. */
    public Var gelu() { return map(UnaryOp.GELU); }
    /** SiLU, x sigmoid(x), fused; {@link Composite#silu} builds it from primitives. */
    public Var silu() { return map(UnaryOp.SILU); }

    /** {@code min(max(this, lo), hi)}; the gradient passes where lo < x < hi. */
    public Var clamp(float lo, float hi) { return ElementwiseOps.clamp(this, lo, hi); }

    /** {@code cond != 0 ? a : b} with broadcasting; {@code cond} is a constant mask. */
    public static Var where(Tensor cond, Var a, Var b) { return ElementwiseOps.where(cond, a, b); }

    /** This Var with {@code value} where {@code mask != 0} (broadcast): attention masks. */
    public Var maskedFill(Tensor mask, float value) {
        return where(mask, Var.of(Tensor.scalar(value).to(device())), this);
    }

    // ------------------------------------------------------------------------------------------------ reductions

    /** The sum of all elements, a scalar. */
    public Var sum() { return ReduceOps.reduce(ReduceOp.SUM, this, false); }
    /** The sum over {@code axes} (none: all), keeping them as 1 if {@code keepDim}. */
    public Var sum(boolean keepDim, int... axes) { return ReduceOps.reduce(ReduceOp.SUM, this, keepDim, axes); }
    public Var mean() { return ReduceOps.reduce(ReduceOp.MEAN, this, false); }
    public Var mean(boolean keepDim, int... axes) { return ReduceOps.reduce(ReduceOp.MEAN, this, keepDim, axes); }
    /** The maximum over {@code axes}; the gradient is shared equally among tied maxima (as torch.amax). */
    public Var max(boolean keepDim, int... axes) { return ReduceOps.reduce(ReduceOp.MAX, this, keepDim, axes); }
    public Var min(boolean keepDim, int... axes) { return ReduceOps.reduce(ReduceOp.MIN, this, keepDim, axes); }

    // ------------------------------------------------------------------------------------------------ movement

    public Var reshape(int... dims) { return MovementOps.reshape(this, dims); }
    public Var flatten() { return reshape(size()); }
    public Var unsqueeze(int axis) { return MovementOps.reshape(this, shape().unsqueeze(axis).dims()); }
    public Var squeeze(int axis) {
        if (dim(axis) != 1) throw new IllegalArgumentException("squeeze: axis " + axis + " of " + shape() + " is not 1");
        return MovementOps.reshape(this, shape().without(axis).dims());
    }
    public Var permute(int... perm) { return MovementOps.permute(this, perm); }
    public Var transpose(int a, int b) {
        int[] perm = new int[rank()];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        int x = shape().axis(a), y = shape().axis(b);
        perm[x] = y;
        perm[y] = x;
        return permute(perm);
    }
    /** The transpose of a 2-D Var. */
    public Var t() {
        if (rank() != 2) throw new IllegalStateException("t() needs a 2-D Var, got " + shape());
        return transpose(0, 1);
    }
    /** {@code [start, end)} along {@code axis}. */
    public Var slice(int axis, int start, int end) { return MovementOps.slice(this, axis, start, end); }
    /** Pieces of the given sizes along {@code axis} (they must add up to its length). */
    public Var[] split(int axis, int... sizes) { return MovementOps.split(this, axis, sizes); }
    public static Var concat(int axis, Var... xs) { return MovementOps.concat(axis, xs); }
    /** Reversed along {@code axis}. */
    public Var flip(int axis) { return MovementOps.flip(this, axis); }
    /** Broadcast to {@code shape} (NumPy rules); the gradient is summed back. */
    public Var broadcastTo(Shape shape) { return MovementOps.broadcastTo(this, shape); }

    // ------------------------------------------------------------------------------------------------ indexing

    /** The entries at {@code index} along {@code axis}; with axis 0 of a [vocab, d] table, an embedding lookup. */
    public Var indexSelect(int axis, int... index) { return IndexOps.indexSelect(this, axis, index); }

    /** {@code torch.gather}: {@code index} has {@code outShape.size()} entries in row-major order. */
    public Var gather(int axis, int[] index, Shape outShape) { return IndexOps.gather(this, axis, index, outShape); }

    /** {@code this} plus {@code src} scattered along {@code axis} at {@code index} ({@code torch.scatter_add}). */
    public Var scatterAdd(int axis, int[] index, Var src) { return IndexOps.scatterAdd(this, axis, index, src); }

    // ------------------------------------------------------------------------------------------------ products

    /** The matrix product ({@code torch.matmul} for rank >= 2: batch axes broadcast). */
    public Var matmul(Var o) { return LinalgOps.matmul(this, o, false, false); }

    /** {@code op(this) @ op(o)}, op transposing the last two axes when its flag is set (without copying). */
    public Var matmul(Var o, boolean transA, boolean transB) { return LinalgOps.matmul(this, o, transA, transB); }

    // ------------------------------------------------------------------------------------------------ nn

    /** Softmax along {@code axis}, fused (one node). */
    public Var softmax(int axis) { return Functional.softmax(this, axis); }

    /** Log-softmax along {@code axis}, fused (one node). */
    public Var logSoftmax(int axis) { return Functional.logSoftmax(this, axis); }
}
