/**
 * Reverse-mode automatic differentiation over genex tensors, define-by-run as in micrograd and PyTorch.
 *
 * <p><b>Model.</b> A {@link org.genex.autodiff.Var} holds a tensor, its gradient and the node that made it. Each op
 * computes its value at once on the tensor's backend and records its backward rule beside its forward, in the op
 * classes: {@code ElementwiseOps} (binary ops with broadcasting, scalars, the unary primitives of
 * {@link org.genex.tensor.UnaryOp}, clamp, where), {@code ReduceOps} (sum, mean, max, min), {@code MovementOps}
 * (reshape, permute, slice, split, concat, flip, broadcast), {@code IndexOps} (index-select/embedding, gather,
 * scatter-add) and {@code LinalgOps} (matmul with transposes, batched). {@link org.genex.autodiff.Var#backward()}
 * walks the graph in reverse topological order, accumulating ({@code +=}) into each input, then frees it.
 *
 * <p><b>Fused and composite.</b> {@link org.genex.autodiff.Functional} has the hot paths as single nodes with their
 * own backward (softmax, log-softmax, cross-entropy with weights, ignore-index and label smoothing, layer and RMS
 * norm, scaled-dot-product attention); {@link org.genex.autodiff.Composite} has the same formulas built from
 * primitives, and the tests hold each fused op equal to its composite. It also has the layer ops the nn module
 * needs: an embedding lookup with a padding row, 2-D convolution (im2col and a GEMM, col2im backward) and Mamba's
 * causal depthwise 1-D convolution.
 *
 * <p><b>Checking.</b> {@link org.genex.autodiff.GradCheck} compares any function's gradients with central finite
 * differences; the tests also compare composite graphs with PyTorch's outputs and gradients (golden files made by
 * {@code autodiff/scripts/golden.py}).
 *
 * <p><b>Threads.</b> Recording ({@link org.genex.autodiff.Grad}) is per thread; a graph must be built and
 * backpropagated on one thread. The kernels underneath are parallel.
 */
package org.genex.autodiff;
