/**
 * Optimizers, learning-rate schedules and gradient clipping, following PyTorch's definitions and defaults.
 *
 * <ul>
 *   <li>{@link org.genex.nn.optim.Optimizer}: parameter groups (each with its learning rate and weight decay),
 *       per-parameter state under PyTorch's names ({@code exp_avg}, {@code exp_avg_sq}, {@code step},
 *       {@code momentum_buffer}), saved and restored for exact resume.</li>
 *   <li>{@link org.genex.nn.optim.SGD} ({@code torch.optim.SGD}: momentum, dampening, Nesterov, L2 weight decay) and
 *       {@link org.genex.nn.optim.AdamW} (AdamW, and Adam through {@code AdamW.adam}) on a fused backend kernel.</li>
 *   <li>{@link org.genex.nn.optim.LrSchedule}: the factor of the base learning rate at each step (constant, linear
 *       warm-up, cosine with a floor, linear decay, step decay; warm-up composes with any of them), with Hugging
 *       Face's and PyTorch's formulas.</li>
 *   <li>{@link org.genex.nn.optim.GradClip}: {@code clip_grad_norm_} by the global L2 norm.</li>
 * </ul>
 *
 * Updates run on the parameters' device through its {@link org.genex.tensor.Backend}; they are deterministic for a
 * given thread count. Not thread-safe: one optimizer per training loop.
 */
package org.genex.nn.optim;
