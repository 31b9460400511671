package org.genex.algorithms.bayes;

/**
 * The kernelized Stein discrepancy, one-sample U-statistic, with the IMQ kernel k = (c&sup2; + r&sup2;)<sup>&beta;</sup>,
 * &beta; = &minus;1/2 (npp.md &sect;2.1). With the model's score s(x) = &nabla; log f<sub>&theta;</sub>(x):
 * <pre>
 *   KSD = U-mean s<sub>i</sub>&middot;s<sub>j</sub> k<sub>ij</sub> + 2 U-mean (&nabla;<sub>x</sub>k<sub>ij</sub>)&middot;s<sub>j</sub> + U-mean tr &nabla;<sub>x</sub>&nabla;<sub>y</sub>k<sub>ij</sub>
 *   &nabla;<sub>x</sub>k = 2&beta;(c&sup2;+r&sup2;)<sup>&beta;&minus;1</sup>(x &minus; y),   tr &nabla;<sub>x</sub>&nabla;<sub>y</sub>k = &minus;2&beta;[(2&beta; + D &minus; 2) r&sup2; + c&sup2; D](c&sup2;+r&sup2;)<sup>&beta;&minus;2</sup>
 * </pre>
 * with c the median-heuristic distance of the data alone ({@link Kernels#medianBandwidth}, level 0.5 + 1/N).
 *
 * <p>Everything but the score depends on the data only, so {@link #prepare} computes the kernel terms of the
 * N(N&minus;1)/2 pairs once, and each model then costs one pass of multiply-adds over the pairs
 * ({@link Prepared#ksd}): the gBF evaluates 2M models against one data set.
 *
 * @param bandwidth a fixed c &gt; 0, or {@code NaN} for the median heuristic (the authors' setting)
 */
public record Ksd(double bandwidth) {
    /** The IMQ exponent &beta;. */
    public static final double BETA = -0.5;

    /** Checks the bandwidth. */
    public Ksd {
        if (!Double.isNaN(bandwidth) && !(bandwidth > 0 && Double.isFinite(bandwidth)))
            throw new IllegalArgumentException("Ksd: bandwidth must be positive or NaN (median heuristic), got " + bandwidth);
    }

    /** The median-heuristic KSD. */
    public static Ksd median() { return new Ksd(Double.NaN); }

    /** KSD of the model with scores {@code score} (n &times; d, row-major) at the data x. */
    public double ksd(Points x, double[] score) { return prepare(x).ksd(score); }

    /** The data-only kernel terms for x (at least 2 points). */
    public Prepared prepare(Points x) {
        int n = x.n(), d = x.d();
        if (n < 2) throw new IllegalArgumentException("Ksd: the U-statistic needs at least 2 points, got " + n);
        double[] z = x.values();
        int pairs = n * (n - 1) / 2;
        double c = !Double.isNaN(bandwidth) ? bandwidth
                : d == 1 ? Kernels.medianBandwidthColumns(z, n, 1) : Kernels.medianBandwidth(z, n, d, new double[pairs]);
        double c2 = c * c;
        double[] k = new double[pairs], g = new double[pairs];
        double trace = 0;
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++, p++) {
                double r2 = Kernels.dist2(z, i, z, j, d);
                double base = c2 + r2;
                double kij = 1 / Math.sqrt(base); // base^beta, beta = -1/2
                k[p] = kij;
                g[p] = 2 * BETA * kij / base; // 2 beta base^(beta - 1)
                trace += -2 * BETA * ((2 * BETA + d - 2) * r2 + c2 * d) * kij / (base * base);
            }
        }
        return new Prepared(x, c, k, g, 2 * trace);
    }

    /** The data-only terms of the KSD of one data set; thread-safe. */
    public static final class Prepared {
        private final Points x;
        private final double bandwidth;
        private final double[] k, g;
        private final double traceSum;

        Prepared(Points x, double bandwidth, double[] k, double[] g, double traceSum) {
            this.x = x;
            this.bandwidth = bandwidth;
            this.k = k;
            this.g = g;
            this.traceSum = traceSum;
        }

        /** The IMQ offset c used. */
        public double bandwidth() { return bandwidth; }

        /** The data set. */
        public Points data() { return x; }

        /** KSD for a model's scores at the data (n &times; d, row-major). */
        public double ksd(double[] score) {
            int n = x.n(), d = x.d();
            if (score.length != n * d)
                throw new IllegalArgumentException("Ksd: score has " + score.length + " values, the data " + n + " x " + d);
            double[] z = x.values();
            double t1 = 0, t2 = 0;
            int p = 0;
            for (int i = 0; i < n; i++) {
                int oi = i * d;
                for (int j = i + 1; j < n; j++, p++) {
                    int oj = j * d;
                    double ss = 0, gs = 0;
                    for (int m = 0; m < d; m++) {
                        double si = score[oi + m], sj = score[oj + m];
                        ss += si * sj;
                        gs += (z[oi + m] - z[oj + m]) * (sj - si);
                    }
                    t1 += ss * k[p];
                    t2 += gs * g[p];
                }
            }
            // sums over i != j: each unordered pair twice for the symmetric terms; the gradient term pairs up as
            // g_ij (x_i - x_j).(s_j - s_i)
            double nn = (double) n * (n - 1);
            return (2 * t1 + 2 * t2 + traceSum) / nn;
        }
    }
}
