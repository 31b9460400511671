package org.genex.algorithms.embed;

import java.util.Arrays;

/** The plain-Java SGNS loops: the reference path, and the fallback where the Vector API is absent. */
final class ScalarSgnsKernels implements SgnsKernels {

    @Override
    public void trainPair(float[] syn0, int in, float[] syn1, int[] targets, int from, int n, float alpha,
                          float[] work, int dim) { // stride = dim
        Arrays.fill(work, 0, dim, 0f);
        for (int d = 0; d < n; d++) {
            int out = targets[from + d] * dim;
            float f = dot(syn0, in, syn1, out, dim);
            if (f <= -MAX_EXP || f >= MAX_EXP) continue;
            float g = ((d == 0 ? 1f : 0f) - Sigmoid.of(f)) * alpha;
            for (int i = 0; i < dim; i++) work[i] += g * syn1[out + i];
            for (int i = 0; i < dim; i++) syn1[out + i] += g * syn0[in + i];
        }
        for (int i = 0; i < dim; i++) syn0[in + i] += work[i];
    }

    @Override
    public int stride(int dim) { return dim; }

    @Override
    public float dot(float[] a, int ao, float[] b, int bo, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) s += a[ao + i] * b[bo + i];
        return s;
    }
}
