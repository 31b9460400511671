package org.genex.algorithms.impute;

import java.util.Arrays;
import org.genex.tensor.Parallel;

/**
 * k-nearest-neighbour imputation, scikit-learn's {@code KNNImputer} (k = 10, {@code metric="nan_euclidean"},
 * {@code weights="uniform"}): a missing entry (row r, feature c) becomes the mean of feature c over the k training
 * rows nearest to r among those that observe c. Distances use only the coordinates observed in both rows:
 * <pre>
 *   d(a, b) = sqrt( p / |present(a) & present(b)| * sum_{j present in both} (a_j - b_j)^2 )
 * </pre>
 * and are undefined (NaN) when the rows share no observed coordinate. As scikit-learn:
 * <ul>
 *   <li>distances are computed on the original rows (not on imputed values);</li>
 *   <li>a row whose distances to every donor of c are undefined gets c's training mean;</li>
 *   <li>k is capped by the number of donors; donors at undefined distance rank after all others (scikit-learn's
 *       argpartition then picks among them in an unspecified order, here in row order);</li>
 *   <li>a feature with no observed training value is filled with 0 ({@code keep_empty_features=True}).</li>
 * </ul>
 * Distances are summed directly (scikit-learn uses the expanded |a|^2 + |b|^2 - 2 a.b form): the same up to
 * rounding, which could only matter for exactly tied distances. Rows are imputed in parallel, independently.
 * Immutable: keeps (a copy of) the training rows.
 */
public final class KnnImputer {
    private final double[][] train;
    private final double[] means;
    private final int k;

    private KnnImputer(double[][] train, double[] means, int k) {
        this.train = train;
        this.means = means;
        this.k = k;
    }

    /** {@link #fit(double[][], int)} with k = 10. */
    public static KnnImputer fit(double[][] train) {
        return fit(train, 10);
    }

    /** Keeps the training rows [n][p] (NaN = missing) as donors for k-neighbour imputation. */
    public static KnnImputer fit(double[][] train, int k) {
        int p = Imputers.checkMatrix("KnnImputer.fit", train);
        if (k < 1) throw new IllegalArgumentException("KnnImputer.fit: k must be >= 1, got " + k);
        double[][] copy = new double[train.length][];
        for (int i = 0; i < train.length; i++) copy[i] = train[i].clone();
        return new KnnImputer(copy, Imputers.columnMeans(train, p), k);
    }

    /** A copy of {@code x} [m][p] with every NaN imputed from its nearest training rows. */
    public double[][] transform(double[][] x) {
        int p = means.length;
        Imputers.checkColumns("KnnImputer.transform", x, p);
        int n = train.length;
        double[][] out = new double[x.length][];
        boolean[] observedAnywhere = new boolean[p];
        for (double[] row : train) for (int j = 0; j < p; j++) if (!Double.isNaN(row[j])) observedAnywhere[j] = true;
        Parallel.forRange(x.length, 8, (start, end) -> {
            double[] dist = new double[n];
            Integer[] order = new Integer[n];
            int[] sorted = new int[n];
            for (int r = start; r < end; r++) {
                double[] row = x[r];
                double[] o = row.clone();
                out[r] = o;
                boolean any = false;
                for (double v : row) if (Double.isNaN(v)) any = true;
                if (!any) continue;
                for (int i = 0; i < n; i++) dist[i] = distance(row, train[i], p);
                for (int i = 0; i < n; i++) order[i] = i;
                Arrays.sort(order, (a, b) -> {
                    double da = dist[a], db = dist[b];
                    boolean na = Double.isNaN(da), nb = Double.isNaN(db);
                    if (na || nb) return na == nb ? Integer.compare(a, b) : (na ? 1 : -1);
                    int c = Double.compare(da, db);
                    return c != 0 ? c : Integer.compare(a, b);
                });
                for (int i = 0; i < n; i++) sorted[i] = order[i];
                for (int c = 0; c < p; c++) {
                    if (!Double.isNaN(row[c])) continue;
                    if (!observedAnywhere[c]) {
                        o[c] = 0;
                        continue;
                    }
                    double sum = 0;
                    int taken = 0;
                    boolean anyFinite = false;
                    for (int q = 0; q < n && taken < k; q++) {
                        int i = sorted[q];
                        double v = train[i][c];
                        if (Double.isNaN(v)) continue;
                        if (!Double.isNaN(dist[i])) anyFinite = true;
                        sum += v;
                        taken++;
                    }
                    o[c] = anyFinite ? sum / taken : means[c];
                }
            }
        });
        return out;
    }

    /** scikit-learn's nan_euclidean distance; NaN when no coordinate is observed in both rows. */
    static double distance(double[] a, double[] b, int p) {
        double s = 0;
        int present = 0;
        for (int j = 0; j < p; j++) {
            double d = a[j] - b[j];
            if (!Double.isNaN(d)) {
                s += d * d;
                present++;
            }
        }
        return present == 0 ? Double.NaN : Math.sqrt(s * p / present);
    }

    /** The number of neighbours k. */
    public int k() { return k; }
}
