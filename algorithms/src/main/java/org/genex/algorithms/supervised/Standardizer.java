package org.genex.algorithms.supervised;

/**
 * Per-feature centring and scaling fitted on training rows, as scikit-learn's {@code StandardScaler}: mean and
 * population standard deviation (ddof = 0) of each column, NaN entries ignored in the fit and passed through by
 * {@link #transform}; a constant column (sd = 0) is only centred. A column with no observed value gets mean 0,
 * sd 1. Immutable.
 */
public final class Standardizer {
    private final double[] mean;
    private final double[] sd;

    private Standardizer(double[] mean, double[] sd) {
        this.mean = mean;
        this.sd = sd;
    }

    /** Fits the column means and standard deviations of {@code x} [n][p] (n >= 1). */
    public static Standardizer fit(double[][] x) {
        int p = Checks.matrix("Standardizer.fit", x);
        double[] mean = new double[p], sd = new double[p];
        for (int j = 0; j < p; j++) {
            double sum = 0;
            int count = 0;
            for (double[] row : x) {
                if (!Double.isNaN(row[j])) {
                    sum += row[j];
                    count++;
                }
            }
            if (count == 0) {
                sd[j] = 1;
                continue;
            }
            double m = sum / count, ss = 0;
            for (double[] row : x) if (!Double.isNaN(row[j])) ss += (row[j] - m) * (row[j] - m);
            double s = Math.sqrt(ss / count);
            mean[j] = m;
            sd[j] = s > 0 ? s : 1;
        }
        return new Standardizer(mean, sd);
    }

    /** (x - mean) / sd, column by column, as a new array [m][p]. */
    public double[][] transform(double[][] x) {
        Checks.columns("Standardizer.transform", x, mean.length);
        double[][] out = new double[x.length][mean.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < mean.length; j++) out[i][j] = (x[i][j] - mean[j]) / sd[j];
        }
        return out;
    }

    /** x * sd + mean, the inverse of {@link #transform}. */
    public double[][] inverseTransform(double[][] z) {
        Checks.columns("Standardizer.inverseTransform", z, mean.length);
        double[][] out = new double[z.length][mean.length];
        for (int i = 0; i < z.length; i++) {
            for (int j = 0; j < mean.length; j++) out[i][j] = z[i][j] * sd[j] + mean[j];
        }
        return out;
    }

    /** The fitted column means (a copy). */
    public double[] mean() { return mean.clone(); }

    /** The fitted column standard deviations, 1 for constant columns (a copy). */
    public double[] sd() { return sd.clone(); }
}
