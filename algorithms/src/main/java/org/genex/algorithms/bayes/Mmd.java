package org.genex.algorithms.bayes;

/**
 * The squared maximum mean discrepancy, unbiased U-statistic (npp.md &sect;2.1):
 * MMD&sup2; = mean<sub>i&ne;j</sub> k(x<sub>i</sub>,x<sub>j</sub>) + mean<sub>i&ne;j</sub> k(y<sub>i</sub>,y<sub>j</sub>)
 * &minus; 2 mean<sub>i,j</sub> k(x<sub>i</sub>,y<sub>j</sub>), with the RBF kernel exp(&minus;d&sup2;/(2&ell;&sup2;)) or the
 * IMQ kernel (&ell;&sup2;/4 + d&sup2;)<sup>&minus;1/2</sup>, and &ell; the median heuristic of the pooled points
 * ({@link Kernels#medianBandwidth}) unless a fixed bandwidth is given. It can be negative.
 *
 * <p>Cost: one pass over the N(N&minus;1)/2 distinct pairs of the pooled N = n<sub>x</sub> + n<sub>y</sub> points to
 * select the bandwidth, one more to sum the kernel (distances recomputed, which is cheaper than storing them for low
 * dimensions). Sequential within one evaluation; the gBF evaluates many data sets in parallel
 * ({@link GbfDivergence}).
 *
 * @param kernel    the kernel
 * @param bandwidth a fixed bandwidth &ell; &gt; 0, or {@code NaN} for the median heuristic (the authors' setting)
 */
public record Mmd(Kernel kernel, double bandwidth) implements Divergence {
    /** The two kernels of the paper's code. */
    public enum Kernel {
        /** exp(&minus;d&sup2;/(2&ell;&sup2;)): the one the synthetic gNPP runs used (the kernel flag was ignored). */
        RBF,
        /** (&ell;&sup2;/4 + d&sup2;)<sup>&minus;1/2</sup>: the single-cell application's. */
        IMQ
    }

    /** Checks the arguments. */
    public Mmd {
        if (kernel == null) throw new IllegalArgumentException("Mmd: kernel is null");
        if (!Double.isNaN(bandwidth) && !(bandwidth > 0 && Double.isFinite(bandwidth)))
            throw new IllegalArgumentException("Mmd: bandwidth must be positive or NaN (median heuristic), got " + bandwidth);
    }

    /** The median-heuristic MMD&sup2; with this kernel. */
    public static Mmd median(Kernel kernel) { return new Mmd(kernel, Double.NaN); }

    @Override
    public double between(Points x, Points y) { return mmd2(x, y); }

    /** MMD&sup2;(x, y); each sample needs at least 2 points. */
    public double mmd2(Points x, Points y) { return mmd2(x, y, KernelSums.DEFAULT); }

    /** MMD&sup2; on the given kernel path (tests compare the two paths). */
    double mmd2(Points x, Points y, KernelSums sums) {
        int nx = x.n(), ny = y.n(), d = x.d();
        if (y.d() != d) throw new IllegalArgumentException("Mmd: dimensions differ: " + d + " and " + y.d());
        if (nx < 2 || ny < 2)
            throw new IllegalArgumentException("Mmd: the U-statistic needs at least 2 points per sample, got " + nx + " and " + ny);
        int n = nx + ny;
        double[] zc = new double[n * d]; // pooled, column-major: zc[k * n + j]
        for (int i = 0; i < nx; i++) for (int k = 0; k < d; k++) zc[k * n + i] = x.values()[i * d + k];
        for (int i = 0; i < ny; i++) for (int k = 0; k < d; k++) zc[k * n + nx + i] = y.values()[i * d + k];
        boolean rbf = kernel == Kernel.RBF;
        double sxx = 0, syy = 0, sxy = 0;
        if (d == 1) { // distances recomputed in the kernel pass: cheaper than storing them
            double ell = Double.isNaN(bandwidth) ? Kernels.medianBandwidthColumns(zc, n, 1) : bandwidth;
            double c = rbf ? -0.5 / (ell * ell) : 0.25 * ell * ell;
            for (int i = 0; i < nx; i++) {
                sxx += sums.rowSum(zc, n, d, i, i + 1, nx, c, rbf);
                sxy += sums.rowSum(zc, n, d, i, nx, n, c, rbf);
            }
            for (int i = nx; i < n; i++) syy += sums.rowSum(zc, n, d, i, i + 1, n, c, rbf);
        } else { // the pair distances once (row i holds j in (i, n)), then the bandwidth and the kernel over them
            double[] r2 = new double[n * (n - 1) / 2];
            int[] rowStart = new int[n];
            for (int i = 0, o = 0; i < n; o += n - 1 - i, i++) {
                rowStart[i] = o;
                sums.rowDistances(zc, n, d, i, r2, o);
            }
            double ell = Double.isNaN(bandwidth) ? Kernels.medianOfPairs(r2, n) : bandwidth;
            double c = rbf ? -0.5 / (ell * ell) : 0.25 * ell * ell;
            for (int i = 0; i < nx; i++) {
                int o = rowStart[i] - i - 1; // r2[o + j] is pair (i, j)
                sxx += sums.sumKernel(r2, o + i + 1, o + nx, c, rbf);
                sxy += sums.sumKernel(r2, o + nx, o + n, c, rbf);
            }
            for (int i = nx; i < n; i++) {
                int o = rowStart[i] - i - 1;
                syy += sums.sumKernel(r2, o + i + 1, o + n, c, rbf);
            }
        }
        return 2 * sxx / ((double) nx * (nx - 1)) + 2 * syy / ((double) ny * (ny - 1)) - 2 * sxy / ((double) nx * ny);
    }
}
