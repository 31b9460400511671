package org.genex.algorithms.bayes;

/** The scalar path of {@link KernelSums}: plain loops with {@link Math#exp} (the reference for the vector path). */
final class ScalarKernelSums implements KernelSums {
    @Override
    public double rowSum(double[] zc, int n, int d, int i, int from, int to, double c, boolean rbf) {
        double s0 = 0, s1 = 0;
        int j = from;
        if (d == 1) {
            double zi = zc[i];
            if (rbf) {
                for (; j + 1 < to; j += 2) {
                    double t0 = zi - zc[j], t1 = zi - zc[j + 1];
                    s0 += Math.exp(c * t0 * t0);
                    s1 += Math.exp(c * t1 * t1);
                }
                for (; j < to; j++) {
                    double t = zi - zc[j];
                    s0 += Math.exp(c * t * t);
                }
            } else {
                for (; j + 1 < to; j += 2) {
                    double t0 = zi - zc[j], t1 = zi - zc[j + 1];
                    s0 += 1 / Math.sqrt(c + t0 * t0);
                    s1 += 1 / Math.sqrt(c + t1 * t1);
                }
                for (; j < to; j++) {
                    double t = zi - zc[j];
                    s0 += 1 / Math.sqrt(c + t * t);
                }
            }
            return s0 + s1;
        }
        for (; j < to; j++) {
            double r2 = 0;
            for (int k = 0; k < d; k++) {
                double t = zc[k * n + i] - zc[k * n + j];
                r2 += t * t;
            }
            s0 += rbf ? Math.exp(c * r2) : 1 / Math.sqrt(c + r2);
        }
        return s0;
    }

    @Override
    public void rowDistances(double[] zc, int n, int d, int i, double[] out, int o) {
        for (int j = i + 1; j < n; j++) {
            double r2 = 0;
            for (int k = 0; k < d; k++) {
                double t = zc[k * n + j] - zc[k * n + i];
                r2 += t * t;
            }
            out[o + j - i - 1] = r2;
        }
    }

    @Override
    public double sumKernel(double[] r2, int from, int to, double c, boolean rbf) {
        double s = 0;
        if (rbf) for (int p = from; p < to; p++) s += Math.exp(c * r2[p]);
        else for (int p = from; p < to; p++) s += 1 / Math.sqrt(c + r2[p]);
        return s;
    }
}
