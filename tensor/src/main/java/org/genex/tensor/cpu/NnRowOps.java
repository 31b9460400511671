package org.genex.tensor.cpu;

/**
 * The row loops under the fused layer kernels ({@link NnKernels}), one implementation per path:
 * {@link ScalarNnRowOps} (plain Java) and {@link VectorNnRowOps} (the Vector API, loaded only on that path).
 *
 * <p>Every method works on runs of {@code n} consecutive floats of Java arrays from the given offsets; the callers
 * have checked the ranges. Optional operands ({@code g} for a gain, {@code b} for a bias, {@code w} for weights)
 * may be null, meaning all ones (gains, weights) or all zeros (biases). The scalar path accumulates sums in
 * double; the vector path in float lanes.
 */
interface NnRowOps {

    /** The implementation for the vector path ({@code simd}) or the scalar path. */
    static NnRowOps create(boolean simd) {
        return simd ? new VectorNnRowOps() : new ScalarNnRowOps();
    }

    /** {@code sum_j a[j]}. */
    float sum(float[] a, int ao, int n);

    /** {@code sum_j (a[j] - shift)^2}. */
    float sumSquaredDeviations(float[] a, int ao, int n, float shift);

    /** {@code y[j] = (x[j] - shift) * scale * g[j] + b[j]}. */
    void normalize(float[] x, int xo, int n, float shift, float scale, float[] g, int go, float[] b, int bo,
                   float[] y, int yo);

    /** {@code sum_j gy[j] * g[j] * (x[j] - shift)}. */
    float gainCenteredDot(float[] gy, int gyo, float[] g, int go, float[] x, int xo, float shift, int n);

    /**
     * The input gradient of a normalisation: {@code gx[j] = scale * (gy[j] * g[j] - a - (x[j] - shift) * scale * c)},
     * with {@code a} the mean of {@code gy * g} (0 for RMS norm) and {@code c} the mean of {@code gy * g * xhat}.
     */
    void normBackward(float[] gy, int gyo, float[] g, int go, float[] x, int xo, int n, float shift, float scale,
                      float a, float c, float[] gx, int gxo);

    /**
     * Accumulates the gain and bias gradients of one row: {@code gg[j] += gy[j] * (x[j] - shift) * scale} and
     * {@code gb[j] += gy[j]}; either target may be null (skipped).
     */
    void normParamGrads(float[] gy, int gyo, float[] x, int xo, int n, float shift, float scale,
                        float[] gg, int ggo, float[] gb, int gbo);

    /** {@code dst[j] += src[j]}. */
    void add(float[] src, int so, float[] dst, int dso, int n);

    /** {@code max_j a[j]} ({@code -Infinity} for n = 0; NaN if any element is NaN). */
    float max(float[] a, int ao, int n);

    /**
     * {@code sum_j exp(a[j] - shift)}. {@code t[to .. to + n)} is scratch (the vector path keeps the exponentials
     * there between its passes); its contents afterwards are unspecified.
     */
    float sumExp(float[] a, int ao, int n, float shift, float[] t, int to);

    /** {@code out[j] = (a[j] - shift) - logSum}: a log-softmax row given its max and log-sum-exp. */
    void logSoftmax(float[] a, int ao, int n, float shift, float logSum, float[] out, int oo);

    /** {@code sum_j a[j] * w[j]} (the sum of {@code a} when {@code w} is null). */
    float weightedSum(float[] a, int ao, float[] w, int wo, int n);

    /** {@code out[j] = p * exp(logp[j]) - q * w[j]}: a smoothed cross-entropy gradient row. */
    void crossEntropyGrad(float[] logp, int lo, int n, float p, float q, float[] w, int wo, float[] out, int oo);
}
