package org.genex.algorithms.embed;

import java.util.Arrays;

/** The plain-Java SGNS loops: the reference path, and the fallback where the Vector API is absent. */
final class ScalarSgnsKernels implements SgnsKernels {

    @Override
    public void trainPair(float[] syn0, int in, float[] syn1, int[] targets, int from, int n, float alpha,
                          float[] work, int dim, int base) { // stride = dim
        Arrays.fill(work, 0, dim, 0f);
        for (int d = 0; d < n; d++) {
            int out = base + targets[from + d] * dim;
            float f = dot(syn0, in, syn1, out, dim);
            if (f <= -MAX_EXP || f >= MAX_EXP) continue;
            float g = ((d == 0 ? 1f : 0f) - Sigmoid.of(f)) * alpha;
            for (int i = 0; i < dim; i++) work[i] += g * syn1[out + i];
            for (int i = 0; i < dim; i++) syn1[out + i] += g * syn0[in + i];
        }
        for (int i = 0; i < dim; i++) syn0[in + i] += work[i];
    }

    @Override
    public void trainWindow(float[] syn0, int[] contexts, int c, float[] syn1, int[] targets, int from, int n,
                            float alpha, float[] work, int dim, int base) { // stride = dim
        int gAt = c * dim; // work: [c, dim] input updates, then [c, n] coefficients G
        for (int j = 0; j < c; j++) {
            int in = base + contexts[j] * dim, w = j * dim, g = gAt + j * n;
            for (int d = 0; d < n; d++) {
                float f = dot(syn0, in, syn1, base + targets[from + d] * dim, dim);
                work[g + d] = f <= -MAX_EXP || f >= MAX_EXP ? 0f : ((d == 0 ? 1f : 0f) - Sigmoid.of(f)) * alpha;
            }
            Arrays.fill(work, w, w + dim, 0f);
            for (int d = 0; d < n; d++) {
                float gd = work[g + d];
                if (gd == 0f) continue;
                int out = base + targets[from + d] * dim;
                for (int i = 0; i < dim; i++) work[w + i] += gd * syn1[out + i];
            }
        }
        for (int d = 0; d < n; d++) { // syn0 is unchanged so far: the input rows before the block
            int out = base + targets[from + d] * dim;
            for (int j = 0; j < c; j++) {
                float gd = work[gAt + j * n + d];
                if (gd == 0f) continue;
                int in = base + contexts[j] * dim;
                for (int i = 0; i < dim; i++) syn1[out + i] += gd * syn0[in + i];
            }
        }
        for (int j = 0; j < c; j++) {
            int in = base + contexts[j] * dim, w = j * dim;
            for (int i = 0; i < dim; i++) syn0[in + i] += work[w + i];
        }
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
