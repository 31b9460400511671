package org.genex.algorithms.metrics;

/**
 * Scores of a classifier against ground truth, as scikit-learn 1.x defines them ({@code accuracy_score},
 * {@code confusion_matrix}, {@code precision_recall_fscore_support} with {@code zero_division=0}). Labels are class
 * indices {@code 0..K-1} (non-negative ints); unlike {@link ClusteringMetrics}, no matching of labels is done.
 *
 * <ul>
 *   <li>{@link #accuracy}: #correct / N.</li>
 *   <li>{@link #confusionMatrix}: {@code C[t][p]} = number of samples of true class t predicted as p.</li>
 *   <li>{@link #f1PerClass}: F1_c = 2 P_c R_c / (P_c + R_c) = 2 TP / (2 TP + FP + FN); 0 where that is 0/0
 *       (a class neither present nor predicted, {@code zero_division=0}).</li>
 *   <li>{@link #macroF1(int[], int[])}: the mean of F1_c over the labels present in truth or prediction
 *       ({@code f1_score(average="macro")}); {@link #macroF1(int[], int[], int)} averages over all K classes
 *       ({@code labels=range(K)}), absent ones scoring 0.</li>
 *   <li>{@link #weightedF1}: F1_c averaged with weights = support of c in the truth
 *       ({@code average="weighted"}).</li>
 * </ul>
 */
public final class ClassificationMetrics {
    private ClassificationMetrics() {}

    /** The fraction of samples with {@code pred[i] == truth[i]}; 0 for no samples. */
    public static double accuracy(int[] truth, int[] pred) {
        check(truth, pred);
        if (truth.length == 0) return 0;
        long correct = 0;
        for (int i = 0; i < truth.length; i++) if (truth[i] == pred[i]) correct++;
        return (double) correct / truth.length;
    }

    /**
     * The confusion matrix {@code [numClasses][numClasses]}: rows are true classes, columns predicted classes.
     *
     * @throws IllegalArgumentException if a label is outside {@code [0, numClasses)}
     */
    public static long[][] confusionMatrix(int[] truth, int[] pred, int numClasses) {
        check(truth, pred);
        if (numClasses < 1) throw new IllegalArgumentException("confusionMatrix: numClasses must be >= 1, got " + numClasses);
        long[][] c = new long[numClasses][numClasses];
        for (int i = 0; i < truth.length; i++) {
            int t = truth[i], p = pred[i];
            if (t < 0 || t >= numClasses || p < 0 || p >= numClasses) {
                throw new IllegalArgumentException("confusionMatrix: sample " + i + " has truth " + t + ", pred " + p
                        + ", outside [0, " + numClasses + ")");
            }
            c[t][p]++;
        }
        return c;
    }

    /** {@link #confusionMatrix(int[], int[], int)} with K = 1 + the largest label seen. */
    public static long[][] confusionMatrix(int[] truth, int[] pred) {
        return confusionMatrix(truth, pred, numClasses(truth, pred));
    }

    /** Precision TP / (TP + FP) of each class {@code 0..numClasses-1}; 0 for a class never predicted. */
    public static double[] precisionPerClass(int[] truth, int[] pred, int numClasses) {
        long[][] c = confusionMatrix(truth, pred, numClasses);
        double[] out = new double[numClasses];
        for (int k = 0; k < numClasses; k++) {
            long predicted = 0;
            for (int t = 0; t < numClasses; t++) predicted += c[t][k];
            out[k] = predicted == 0 ? 0 : (double) c[k][k] / predicted;
        }
        return out;
    }

    /** Recall TP / (TP + FN) of each class {@code 0..numClasses-1}; 0 for a class absent from the truth. */
    public static double[] recallPerClass(int[] truth, int[] pred, int numClasses) {
        long[][] c = confusionMatrix(truth, pred, numClasses);
        double[] out = new double[numClasses];
        for (int k = 0; k < numClasses; k++) {
            long support = 0;
            for (int p = 0; p < numClasses; p++) support += c[k][p];
            out[k] = support == 0 ? 0 : (double) c[k][k] / support;
        }
        return out;
    }

    /** F1 of each class {@code 0..numClasses-1}: 2 TP / (2 TP + FP + FN), 0 where that is 0/0. */
    public static double[] f1PerClass(int[] truth, int[] pred, int numClasses) {
        long[][] c = confusionMatrix(truth, pred, numClasses);
        double[] out = new double[numClasses];
        for (int k = 0; k < numClasses; k++) {
            long fp = 0, fn = 0;
            for (int j = 0; j < numClasses; j++) {
                if (j == k) continue;
                fp += c[j][k];
                fn += c[k][j];
            }
            long den = 2 * c[k][k] + fp + fn;
            out[k] = den == 0 ? 0 : 2.0 * c[k][k] / den;
        }
        return out;
    }

    /** Macro F1 over the labels that occur in {@code truth} or {@code pred} (scikit-learn's default labels). */
    public static double macroF1(int[] truth, int[] pred) {
        int k = numClasses(truth, pred);
        double[] f1 = f1PerClass(truth, pred, k);
        boolean[] present = new boolean[k];
        for (int t : truth) present[t] = true;
        for (int p : pred) present[p] = true;
        double sum = 0;
        int count = 0;
        for (int c = 0; c < k; c++) {
            if (present[c]) {
                sum += f1[c];
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    /** Macro F1 over all classes {@code 0..numClasses-1} (a class absent from both labelings scores 0). */
    public static double macroF1(int[] truth, int[] pred, int numClasses) {
        double[] f1 = f1PerClass(truth, pred, numClasses);
        double sum = 0;
        for (double v : f1) sum += v;
        return sum / numClasses;
    }

    /** F1 averaged over classes weighted by their support in {@code truth}; 0 for no samples. */
    public static double weightedF1(int[] truth, int[] pred) {
        int k = numClasses(truth, pred);
        double[] f1 = f1PerClass(truth, pred, k);
        long[] support = new long[k];
        for (int t : truth) support[t]++;
        double sum = 0;
        for (int c = 0; c < k; c++) sum += support[c] * f1[c];
        return truth.length == 0 ? 0 : sum / truth.length;
    }

    private static int numClasses(int[] truth, int[] pred) {
        check(truth, pred);
        int max = -1;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || pred[i] < 0) {
                throw new IllegalArgumentException("classification metrics: labels must be >= 0, sample " + i
                        + " has truth " + truth[i] + ", pred " + pred[i]);
            }
            max = Math.max(max, Math.max(truth[i], pred[i]));
        }
        return Math.max(1, max + 1);
    }

    private static void check(int[] truth, int[] pred) {
        if (truth.length != pred.length) {
            throw new IllegalArgumentException("classification metrics: truth has " + truth.length
                    + " samples, pred has " + pred.length);
        }
    }
}
