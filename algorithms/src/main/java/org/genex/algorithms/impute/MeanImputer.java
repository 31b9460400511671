package org.genex.algorithms.impute;

/**
 * Replaces each missing entry (NaN) by its feature's mean over the observed training values, as scikit-learn's
 * {@code SimpleImputer(strategy="mean", keep_empty_features=True)}: a feature with no observed training value is
 * filled with 0 (scikit-learn's default would drop it). Immutable.
 */
public final class MeanImputer {
    private final double[] means;

    private MeanImputer(double[] means) {
        this.means = means;
    }

    /** Fits the feature means of {@code train} [n][p], NaN = missing. */
    public static MeanImputer fit(double[][] train) {
        int p = Imputers.checkMatrix("MeanImputer.fit", train);
        return new MeanImputer(Imputers.columnMeans(train, p));
    }

    /** A copy of {@code x} [m][p] with every NaN replaced by its feature's training mean. */
    public double[][] transform(double[][] x) {
        Imputers.checkColumns("MeanImputer.transform", x, means.length);
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
            for (int j = 0; j < means.length; j++) if (Double.isNaN(out[i][j])) out[i][j] = means[j];
        }
        return out;
    }

    /** The training means (0 for a feature never observed), a copy. */
    public double[] means() { return means.clone(); }
}
