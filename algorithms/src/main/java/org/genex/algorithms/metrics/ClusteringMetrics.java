package org.genex.algorithms.metrics;

import org.genex.tensor.SpecialMath;

/**
 * Scores that compare a clustering with ground-truth labels, as defined in scikit-learn (1.x) and in the hypergraph
 * walk paper's evaluation (specs/hypergraph-walks.md §6). Labels are arbitrary ints (-1 is an ordinary class, e.g.
 * "NA"); {@code truth} and {@code pred} must have the same length. All are invariant to renaming the classes of
 * either labeling. Logarithms are natural.
 *
 * <ul>
 *   <li>{@link #accuracy}: ACC, the fraction of samples matched by the best one-to-one map from clusters to classes
 *       (Hungarian assignment on the contingency table).</li>
 *   <li>{@link #f1Weighted}: clusters mapped to classes by that same assignment (clusters left unmatched count as
 *       predicting no class), then scikit-learn's {@code f1_score(average="weighted")}.</li>
 *   <li>{@link #mutualInformation}, {@link #normalizedMutualInformation} ({@code normalized_mutual_info_score}),
 *       {@link #adjustedMutualInformation} ({@code adjusted_mutual_info_score}, with the expected mutual
 *       information of Vinh, Epps and Bailey 2010 under the hypergeometric model), both with the arithmetic mean of
 *       the two entropies by default.</li>
 *   <li>{@link #adjustedRandIndex} ({@code adjusted_rand_score}, through the pair confusion matrix).</li>
 * </ul>
 * Special cases follow scikit-learn: two labelings that both have a single class (or no samples) score NMI = AMI =
 * ARI = 1; MI is 0 when either labeling has a single class.
 */
public final class ClusteringMetrics {
    private ClusteringMetrics() {}

    /** How NMI and AMI normalise the mutual information (scikit-learn's {@code average_method}). */
    public enum Average { MIN, GEOMETRIC, ARITHMETIC, MAX }

    private static final double EPS = Math.ulp(1.0);   // np.finfo(float64).eps

    // ------------------------------------------------------------------------------------------ matching-based

    /**
     * For each cluster of {@code pred} (in increasing order of its label value), the class of {@code truth} it is
     * matched to by the assignment that maximises the number of matched samples, or {@code Integer.MIN_VALUE} for a
     * cluster left unmatched (more clusters than classes).
     */
    public static int[] matchClusters(int[] truth, int[] pred) {
        Contingency t = Contingency.of(pred, truth);          // rows: clusters, columns: classes
        int[] assign = Hungarian.maximize(t.dense());
        int[] map = new int[t.rows()];
        for (int i = 0; i < map.length; i++) map[i] = assign[i] < 0 ? Integer.MIN_VALUE : t.colValues()[assign[i]];
        return map;
    }

    /**
     * Clustering accuracy: max over one-to-one maps m from clusters to classes of #{i : m(pred_i) = truth_i} / n.
     *
     * @throws IllegalArgumentException for different lengths or no samples
     */
    public static double accuracy(int[] truth, int[] pred) {
        requireSamples(truth, pred, "accuracy");
        Contingency t = Contingency.of(pred, truth);
        double[][] w = t.dense();
        return Hungarian.total(w, Hungarian.maximize(w)) / t.n();
    }

    /**
     * Weighted F1 after the Hungarian map: per class l, F1_l = 2 TP_l / (2 TP_l + FP_l + FN_l) (0 when the
     * denominator is 0), averaged with weights equal to the class sizes.
     */
    public static double f1Weighted(int[] truth, int[] pred) {
        requireSamples(truth, pred, "f1Weighted");
        Contingency t = Contingency.of(pred, truth);          // rows: clusters, columns: classes
        double[][] w = t.dense();
        int[] assign = Hungarian.maximize(w);
        double sum = 0;
        for (int i = 0; i < t.rows(); i++) {
            int cls = assign[i];
            if (cls < 0) continue;                            // predicts no class: only false negatives elsewhere
            double tp = w[i][cls], predicted = t.rowSums()[i], support = t.colSums()[cls];
            double denom = predicted + support;               // 2 TP + FP + FN
            if (denom > 0) sum += support * (2 * tp / denom);
        }
        return sum / t.n();
    }

    // ------------------------------------------------------------------------------------------ information

    /** Shannon entropy (nats) of a labeling, as scikit-learn's {@code entropy} (1.0 for no samples). */
    public static double entropy(int[] labels) {
        if (labels.length == 0) return 1.0;
        Contingency t = Contingency.of(labels, labels);
        return entropy(t.rowSums(), t.n());
    }

    private static double entropy(long[] counts, long n) {
        if (counts.length == 1) return 0.0;
        double logN = Math.log(n), s = 0;
        for (long c : counts) s += (c / (double) n) * (Math.log(c) - logN);
        return -s;
    }

    /** Mutual information (nats) between the two labelings, as scikit-learn's {@code mutual_info_score}. */
    public static double mutualInformation(int[] truth, int[] pred) {
        return mutualInformation(Contingency.of(truth, pred));
    }

    static double mutualInformation(Contingency t) {
        if (t.rows() == 1 || t.cols() == 1) return 0.0;
        double n = t.n(), logN = Math.log(n), sum = 0;
        for (int e = 0; e < t.cellCount().length; e++) {
            double nij = t.cellCount()[e];
            double outer = (double) t.rowSums()[t.cellRow()[e]] * (double) t.colSums()[t.cellCol()[e]];
            double p = nij / n;
            double mi = p * (Math.log(nij) - logN) + p * (-Math.log(outer) + logN + logN);
            if (Math.abs(mi) >= EPS) sum += mi;               // scikit-learn zeroes terms below eps
        }
        return Math.max(sum, 0.0);
    }

    /** NMI with the arithmetic mean of the entropies (scikit-learn's default). */
    public static double normalizedMutualInformation(int[] truth, int[] pred) {
        return normalizedMutualInformation(truth, pred, Average.ARITHMETIC);
    }

    /** NMI = MI / mean(H(truth), H(pred)) with the given mean. */
    public static double normalizedMutualInformation(int[] truth, int[] pred, Average average) {
        Contingency t = Contingency.of(truth, pred);
        if (t.rows() == t.cols() && t.rows() <= 1) return 1.0;
        double mi = mutualInformation(t);
        if (mi == 0) return 0.0;
        double norm = mean(entropy(t.rowSums(), t.n()), entropy(t.colSums(), t.n()), average);
        return mi / norm;
    }

    /** AMI with the arithmetic mean of the entropies (scikit-learn's default). */
    public static double adjustedMutualInformation(int[] truth, int[] pred) {
        return adjustedMutualInformation(truth, pred, Average.ARITHMETIC);
    }

    /** AMI = (MI - E[MI]) / (mean(H(truth), H(pred)) - E[MI]). */
    public static double adjustedMutualInformation(int[] truth, int[] pred, Average average) {
        Contingency t = Contingency.of(truth, pred);
        if (t.rows() == t.cols() && t.rows() <= 1) return 1.0;
        double mi = mutualInformation(t);
        double emi = expectedMutualInformation(t);
        double norm = mean(entropy(t.rowSums(), t.n()), entropy(t.colSums(), t.n()), average);
        double denom = norm - emi;
        denom = denom < 0 ? Math.min(denom, -EPS) : Math.max(denom, EPS);
        return (mi - emi) / denom;
    }

    /**
     * The expected mutual information of two random labelings with the same class sizes (hypergeometric model),
     * computed as scikit-learn's {@code expected_mutual_information}: a sum over cells and over the possible cell
     * counts nij, with the factorials in log space.
     */
    static double expectedMutualInformation(Contingency t) {
        long[] a = t.rowSums(), b = t.colSums();
        if (a.length == 1 || b.length == 1) return 0.0;
        long n = t.n();
        long maxAB = 0;
        for (long x : a) maxAB = Math.max(maxAB, x);
        for (long x : b) maxAB = Math.max(maxAB, x);
        double logN = Math.log(n), glnN1 = SpecialMath.lgamma(n + 1.0);
        double[] logNij = new double[(int) maxAB + 1], glnNij = new double[(int) maxAB + 1];
        for (int k = 1; k <= maxAB; k++) {
            logNij[k] = Math.log(k);
            glnNij[k] = SpecialMath.lgamma(k + 1.0) + glnN1;
        }
        double emi = 0;
        for (long ai : a) {
            double logA = Math.log(ai), glnA = SpecialMath.lgamma(ai + 1.0), glnNA = SpecialMath.lgamma(n - ai + 1.0);
            for (long bj : b) {
                double logB = Math.log(bj), glnB = SpecialMath.lgamma(bj + 1.0);
                double glnNB = SpecialMath.lgamma(n - bj + 1.0);
                long start = Math.max(1, ai - n + bj), end = Math.min(ai, bj);
                for (long nij = start; nij <= end; nij++) {
                    int k = (int) nij;
                    double term1 = nij / (double) n;
                    double term2 = logN + logNij[k] - logA - logB;
                    double gln = glnA + glnB + glnNA + glnNB - glnNij[k] - SpecialMath.lgamma(ai - nij + 1.0)
                            - SpecialMath.lgamma(bj - nij + 1.0) - SpecialMath.lgamma(n - ai - bj + nij + 1.0);
                    emi += term1 * term2 * Math.exp(gln);
                }
            }
        }
        return emi;
    }

    private static double mean(double x, double y, Average average) {
        double m = switch (average) {
            case MIN -> Math.min(x, y);
            case GEOMETRIC -> Math.sqrt(x * y);
            case ARITHMETIC -> (x + y) / 2;
            case MAX -> Math.max(x, y);
        };
        return Math.max(m, EPS);
    }

    // ------------------------------------------------------------------------------------------ pair counting

    /**
     * The pair confusion matrix {@code {{tn, fp}, {fn, tp}}} (scikit-learn's {@code pair_confusion_matrix}): over
     * ordered pairs of distinct samples, whether each labeling puts them together. Entries are exact counts.
     */
    public static long[][] pairConfusion(int[] truth, int[] pred) {
        Contingency t = Contingency.of(truth, pred);
        long n = t.n(), sumSquares = 0;
        for (long c : t.cellCount()) sumSquares += c * c;
        long togetherPred = 0, togetherTrue = 0;           // sum_ij n_ij * b_j and sum_ij n_ij * a_i
        for (int e = 0; e < t.cellCount().length; e++) {
            togetherPred += t.cellCount()[e] * t.colSums()[t.cellCol()[e]];
            togetherTrue += t.cellCount()[e] * t.rowSums()[t.cellRow()[e]];
        }
        long tp = sumSquares - n, fp = togetherPred - sumSquares, fn = togetherTrue - sumSquares;
        long tn = n * n - fp - fn - sumSquares;
        return new long[][] {{tn, fp}, {fn, tp}};
    }

    /** ARI = 2 (tp tn - fn fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn)); 1 when fn = fp = 0. */
    public static double adjustedRandIndex(int[] truth, int[] pred) {
        long[][] c = pairConfusion(truth, pred);
        double tn = c[0][0], fp = c[0][1], fn = c[1][0], tp = c[1][1];
        if (c[1][0] == 0 && c[0][1] == 0) return 1.0;
        return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
    }

    private static void requireSamples(int[] truth, int[] pred, String what) {
        if (truth.length != pred.length)
            throw new IllegalArgumentException(what + ": truth has " + truth.length + " labels, pred has "
                    + pred.length);
        if (truth.length == 0) throw new IllegalArgumentException(what + ": no samples");
    }
}
