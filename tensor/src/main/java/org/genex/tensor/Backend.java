package org.genex.tensor;

/**
 * The primitives every device implements: the whole numeric surface that autodiff, the layers and the models use.
 * A tensor's {@link Device} picks its backend ({@link Backends#of(Device)}), so model code is device-agnostic.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Results go to an {@code out} tensor the caller allocated (with {@link #allocate(Shape)}), so hot loops can
 *       reuse memory. Elementwise ops may write in place ({@code out} the same tensor as an input); every other op
 *       requires {@code out} not to overlap its inputs and says so in an exception.</li>
 *   <li>All tensors of one call live on this backend's device. Index arrays ({@code int[]}) and sparse matrices
 *       live on the host.</li>
 *   <li>Axes may be negative (counted from the end). Shapes are checked, and a mismatch names the op and the
 *       shapes.</li>
 *   <li>Results are deterministic: the same inputs give the same bits for the same thread count.</li>
 * </ul>
 */
public interface Backend {

    /** The device whose tensors this backend computes on. */
    Device device();

    /** A one-line description (device, instruction set, threads), for logs and {@code genex info}. */
    String describe();

    // ---------------------------------------------------------------------------------------------- memory

    /** A new zero-filled tensor on this device. */
    Tensor allocate(Shape shape);

    /** A new tensor on this device holding a copy of {@code shape.size()} floats of {@code host} from {@code offset}. */
    Tensor upload(float[] host, int offset, Shape shape);

    /** Copies {@code src} (any shape) into {@code dst[dstOffset ..]} on the host. */
    void download(Tensor src, float[] dst, int dstOffset);

    /** {@code dst = src}; equal sizes (the shapes may differ, as for a reshape). */
    void copy(Tensor src, Tensor dst);

    /** Sets every element of {@code dst} to {@code value}. */
    void fill(Tensor dst, float value);

    // ---------------------------------------------------------------------------------------------- elementwise

    /** {@code out = op(x)}; same shapes. */
    void unary(UnaryOp op, Tensor x, Tensor out);

    /**
     * {@code gx = gy * op'(x)}, the backward rule of {@link #unary}; {@code y = op(x)} is passed too because some
     * derivatives are cheaper in terms of the output (exp, tanh, sigmoid, sqrt). All four have the same shape.
     */
    void unaryBackward(UnaryOp op, Tensor x, Tensor y, Tensor gy, Tensor gx);

    /** {@code out = a op b} with NumPy broadcasting; {@code out} has the broadcast shape. */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** {@code out = a op s} for a scalar {@code s}; same shapes. */
    void binaryScalar(BinaryOp op, Tensor a, float s, Tensor out);

    /** {@code out = (a op b) ? 1 : 0} with broadcasting. */
    void compare(CompareOp op, Tensor a, Tensor b, Tensor out);

    /** {@code out = cond != 0 ? a : b} with broadcasting of all three to {@code out}'s shape. */
    void where(Tensor cond, Tensor a, Tensor b, Tensor out);

    /** {@code out = min(max(x, lo), hi)}; same shapes. */
    void clamp(Tensor x, float lo, float hi, Tensor out);

    // ---------------------------------------------------------------------------------------------- reductions

    /**
     * Reduces {@code x} over {@code axes} (none: all). {@code out} has the reduced shape, with or without the
     * reduced axes kept as 1 (both have the same elements in the same order).
     */
    void reduce(ReduceOp op, Tensor x, int[] axes, Tensor out);

    /** The variance over {@code axes}: sum of squared deviations / (n - correction); correction 1 is unbiased. */
    void variance(Tensor x, int[] axes, int correction, Tensor out);

    /**
     * The index of the largest element along {@code axis} (the first one on ties; NaN counts as largest), into
     * {@code out} in the order of the reduced shape.
     */
    void argmax(Tensor x, int axis, int[] out);

    /** As {@link #argmax}, for the smallest element. */
    void argmin(Tensor x, int axis, int[] out);

    /** {@code out = exp(x - max) / sum(exp(x - max))} along {@code axis}. */
    void softmax(Tensor x, int axis, Tensor out);

    /** {@code out = x - max - log(sum(exp(x - max)))} along {@code axis}. */
    void logSoftmax(Tensor x, int axis, Tensor out);

    /** Given {@code y = softmax(x)}: {@code gx = y * (gy - sum(gy * y))} along {@code axis}. */
    void softmaxBackward(Tensor y, Tensor gy, int axis, Tensor gx);

    /** Given {@code y = logSoftmax(x)}: {@code gx = gy - exp(y) * sum(gy)} along {@code axis}. */
    void logSoftmaxBackward(Tensor y, Tensor gy, int axis, Tensor gx);

    // ---------------------------------------------------------------------------------------------- linear algebra

    /**
     * {@code c = alpha * op(a) * op(b) + beta * c} for 2-D tensors, where op transposes when the flag is set:
     * op(a) is m x k, op(b) is k x n, c is m x n. With {@code beta == 0}, {@code c} is not read (NaN in it does not
     * propagate).
     */
    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c);

    /**
     * Batched {@link #gemm}: the last two axes of {@code a}, {@code b}, {@code c} are matrices and the leading axes
     * are batch axes, broadcast between {@code a} and {@code b} as in {@code torch.matmul} (a rank-2 operand is
     * shared by every batch); {@code c} has the broadcast batch axes.
     */
    void batchedGemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c);

    // ---------------------------------------------------------------------------------------------- indexing

    /** {@code out = x} indexed by {@code index} along {@code axis} ({@code torch.index_select}); embedding lookup. */
    void indexSelect(Tensor x, int axis, int[] index, Tensor out);

    /**
     * {@code out[.., index[i], ..] += src[.., i, ..]} along {@code axis} ({@code torch.index_add_}); repeated
     * indices accumulate. The backward of {@link #indexSelect} (an embedding's gradient).
     */
    void indexAdd(Tensor src, int axis, int[] index, Tensor out);

    /**
     * {@code torch.gather}: {@code out[i][j][k] = x[index[i][j][k]][j][k]} for axis 0, and so on; {@code index}
     * holds {@code out.size()} entries in {@code out}'s row-major order, and {@code out}'s other axes may be
     * shorter than {@code x}'s.
     */
    void gather(Tensor x, int axis, int[] index, Tensor out);

    /**
     * {@code torch.scatter_add_}: {@code out[index[i][j][k]][j][k] += src[i][j][k]} for axis 0, and so on;
     * {@code index} has {@code src.size()} entries. The backward of {@link #gather}.
     */
    void scatterAdd(Tensor src, int axis, int[] index, Tensor out);

    /**
     * The {@code k} largest (or smallest) entries along the last axis, sorted (ties: the lower index first; NaN
     * counts as largest), into {@code values} (shape of {@code x} with the last axis {@code k}) and their positions
     * into {@code indices}.
     */
    void topk(Tensor x, int k, boolean largest, Tensor values, int[] indices);

    // ---------------------------------------------------------------------------------------------- movement

    /** {@code out = x} with its axes permuted: {@code out.dim(i) == x.dim(perm[i])}. */
    void permute(Tensor x, int[] perm, Tensor out);

    /**
     * Copies the range {@code [start, start + out.dim(axis))} of {@code axis} of {@code x} into {@code out}; the
     * other axes are equal.
     */
    void slice(Tensor x, int axis, int start, Tensor out);

    /**
     * The reverse of {@link #slice}: writes {@code src} into the range {@code [start, start + src.dim(axis))} of
     * {@code axis} of {@code out}, adding to what is there if {@code accumulate}.
     */
    void sliceWrite(Tensor src, int axis, int start, boolean accumulate, Tensor out);

    /** Concatenates {@code xs} along {@code axis} into {@code out}. */
    void concat(Tensor[] xs, int axis, Tensor out);

    /** {@code out = x} reversed along {@code axis} (sequence flip for bidirectional models). */
    void flip(Tensor x, int axis, Tensor out);

    // ---------------------------------------------------------------------------------------------- optimizers

    /**
     * One Adam step on a parameter, in place, as {@code torch.optim.Adam} / {@code AdamW} compute it (step counts
     * from 1): with weight decay {@code wd}, AdamW ({@code decoupled}) first scales {@code param *= 1 - lr wd}, Adam
     * adds {@code wd param} to the gradient; then {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
     * and {@code param -= (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps)}. All four tensors have the same
     * shape; {@code grad} is not modified.
     */
    void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                    float weightDecay, boolean decoupled, long step);

    // ---------------------------------------------------------------------------------------------- sparse

    /**
     * Sparse times dense: {@code c = op(a) * b + beta * c}, where op transposes {@code a} if {@code transA}, b is
     * k x n and c is m x n (row-major).
     */
    void spmm(CsrMatrix a, boolean transA, Tensor b, float beta, Tensor c);

    /**
     * Sampled dense-dense product: for every stored entry (i, j) of {@code pattern}, in storage order,
     * {@code out[e] = dot(a[i, :], b[j, :])}; a is rows x d, b is cols x d, out has nnz elements. The gradient of
     * {@link #spmm} with respect to the stored values.
     */
    void sddmm(CsrMatrix pattern, Tensor a, Tensor b, Tensor out);

    // ---------------------------------------------------------------------------------------------- fused layers

    /**
     * Layer normalisation over the last axis (length d): {@code y = (x - mean) * rstd * gamma + beta}, with
     * {@code rstd = 1 / sqrt(var + eps)} (biased variance). {@code gamma} and {@code beta} are [d] or null
     * (no affine). {@code mean} and {@code rstd} receive one value per row, for the backward; either may be null
     * when no backward follows.
     */
    void layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor rstd);

    /**
     * The backward of {@link #layerNorm}: {@code gx} from {@code gy}; {@code gGamma} and {@code gBeta} (each may
     * be null when not wanted) are accumulated into ({@code +=}); a null {@code gamma} counts as all ones.
     */
    void layerNormBackward(Tensor gy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd,
                           Tensor gx, Tensor gGamma, Tensor gBeta);

    /**
     * RMS normalisation over the last axis: {@code y = x * rstd * gamma}, {@code rstd = 1/sqrt(mean(x^2) + eps)};
     * {@code gamma} may be null (no gain), {@code rstd} may be null when no backward follows.
     */
    void rmsNorm(Tensor x, Tensor gamma, float eps, Tensor y, Tensor rstd);

    /** The backward of {@link #rmsNorm}; {@code gGamma} (nullable) is accumulated into; a null gamma counts as ones. */
    void rmsNormBackward(Tensor gy, Tensor x, Tensor gamma, Tensor rstd, Tensor gx, Tensor gGamma);

    /**
     * Cross-entropy of {@code logits} [n, c] against class {@code targets} (n entries), per row, as PyTorch's
     * {@code cross_entropy(reduction='none')}: {@code loss_i = (1 - s) * w[t_i] * -logp[i, t_i]
     * + (s / c) * sum_j w[j] * -logp[i, j]}, with {@code logp = logSoftmax(logits)}, label smoothing {@code s} and
     * optional class {@code weights} [c] (null: all 1). Rows whose target is {@code ignoreIndex} get loss 0.
     * {@code logProbs} [n, c] receives logp, for the backward.
     */
    void crossEntropy(Tensor logits, int[] targets, Tensor weights, int ignoreIndex, float labelSmoothing,
                      Tensor losses, Tensor logProbs);

    /** The backward of {@link #crossEntropy}: {@code gLogits} [n, c] from the per-row loss gradients {@code gLoss} [n]. */
    void crossEntropyBackward(Tensor logProbs, int[] targets, Tensor weights, int ignoreIndex, float labelSmoothing,
                              Tensor gLoss, Tensor gLogits);

    /**
     * The Mamba selective scan (one direction), with h(-1) = 0, for t = 0..L-1:
     * {@code h[t,c,n] = exp(delta[t,c] A[c,n]) h[t-1,c,n] + delta[t,c] Bm[t,n] u[t,c]} and
     * {@code y[t,c] = sum_n Cm[t,n] h[t,c,n] + D[c] u[t,c]}. Shapes: u, delta, y [b, L, e]; A [e, n];
     * Bm, Cm [b, L, n]; D [e] or null. The hidden state is never stored whole: {@code checkpoints}
     * [b, ceil(L / chunk), e, n] (or null when no backward follows) receives h at the start of every chunk of
     * {@code chunk} steps.
     */
    void selectiveScan(Tensor u, Tensor delta, Tensor A, Tensor Bm, Tensor Cm, Tensor D, int chunk,
                       Tensor y, Tensor checkpoints);

    /**
     * The backward of {@link #selectiveScan}, recomputing h chunk by chunk from the checkpoints: gradients of u,
     * delta, A, Bm, Cm and D from {@code gy}. {@code gA} and {@code gD} are accumulated into; the others are
     * overwritten. {@code gD} may be null (not wanted) and must be null when D is. Scratch: about
     * 2 x chunk x n x 64 floats per running task.
     */
    void selectiveScanBackward(Tensor u, Tensor delta, Tensor A, Tensor Bm, Tensor Cm, Tensor D, int chunk,
                               Tensor checkpoints, Tensor gy,
                               Tensor gu, Tensor gDelta, Tensor gA, Tensor gBm, Tensor gCm, Tensor gD);

    /**
     * Causal depthwise 1-D convolution over time, channels last: x, y [b, L, c], weight [c, k], bias [c] or null;
     * {@code y[t,ch] = bias[ch] + sum_j weight[ch,j] x[t - (k-1) + j, ch]} with zeros before t = 0.
     */
    void depthwiseConv1d(Tensor x, Tensor weight, Tensor bias, Tensor y);

    /** The backward of {@link #depthwiseConv1d}: gx overwritten; gWeight and gBias (nullable) accumulated into. */
    void depthwiseConv1dBackward(Tensor x, Tensor weight, Tensor gy, Tensor gx, Tensor gWeight, Tensor gBias);

    /**
     * Unfolds image patches for a 2-D convolution as a GEMM: x [b, c, h, w] to cols [b, oh * ow, c * kh * kw]
     * (row = output position, column = (channel, ky, kx)), with the given stride and zero padding;
     * {@code oh = (h + 2 padH - kh) / strideH + 1}, likewise ow.
     */
    void im2col(Tensor x, int kh, int kw, int strideH, int strideW, int padH, int padW, Tensor cols);

    /** The adjoint of {@link #im2col}: adds every column entry back into its pixel of {@code x} ({@code +=}). */
    void col2im(Tensor cols, int kh, int kw, int strideH, int strideW, int padH, int padW, Tensor x);
}
