/**
 * The tensor core of genex: dense float32 {@link org.genex.tensor.Tensor}s with a {@link org.genex.tensor.Shape},
 * sparse {@link org.genex.tensor.CsrMatrix} / {@link org.genex.tensor.CscMatrix} matrices, the
 * {@link org.genex.tensor.Backend} SPI that every device implements, the shared {@link org.genex.tensor.Parallel}
 * pool, seeded random streams, and safetensors I/O ({@code org.genex.tensor.io}).
 *
 * <p><b>Model.</b> A tensor is row-major and contiguous; reshapes and leading-row ranges are views that share
 * storage, transposes and permutes copy, and GEMM takes transpose flags so the common products copy nothing.
 * Index arrays are plain {@code int[]}. Results of the primitives go into caller-allocated outputs at the
 * {@link org.genex.tensor.Backend} level; {@link org.genex.tensor.Tensor}'s methods allocate them for you.
 *
 * <p><b>Threads.</b> Kernels spread work over one pool ({@code -Dgenex.threads}, default all cores) with a
 * partition that depends only on the problem, so the same inputs give the same bits for the same thread count
 * (and, for most kernels, for any thread count). Tensors themselves are not synchronised.
 *
 * <p><b>Dependencies.</b> The JDK and commons-rng only; the Vector API ({@code jdk.incubator.vector}) when the JVM
 * has it, the scalar path otherwise.
 */
package org.genex.tensor;
