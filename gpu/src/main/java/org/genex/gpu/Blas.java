package org.genex.gpu;

/**
 * The row-major GEMMs {@link CudaBackend} needs: {@code C = alpha op(A) op(B) + beta C} on device addresses, one or
 * a strided batch. {@link Cublas} is the CUDA implementation.
 */
interface Blas {
    /** A is [m, k] (or [k, m] with transA), B [k, n] (or [n, k]), C [m, n]; addresses of the first elements. */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, long b, float beta, long c);

    /** {@link #sgemm} for {@code count} matrices with element strides between them (0: shared). */
    void sgemmStridedBatched(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, long strideA,
                             long b, long strideB, float beta, long c, long strideC, int count);

    /** TF32 tensor cores on (faster, 10-bit mantissa products) or strict FP32. */
    void setTf32(boolean on);

    boolean tf32();

    /** For logs. */
    String describe();
}
