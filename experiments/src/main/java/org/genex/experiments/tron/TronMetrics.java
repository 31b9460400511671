package org.genex.experiments.tron;

import java.util.Arrays;
import java.util.Comparator;
import org.genex.algorithms.metrics.Correlation;

/**
 * The metrics of specs/tron.md &sect;6.3, in double: MSE, Pearson r, Spearman rho and R^2 for a continuous
 * phenotype; accuracy, macro-F1 and macro one-vs-rest AUROC for a categorical one; AUROC and AUPRC (average
 * precision) for edge recovery.
 */
public final class TronMetrics {
    private TronMetrics() {}

    /** The continuous-phenotype metrics. */
    public record Regression(double mse, double pearson, double spearman, double r2) {}

    /** The categorical-phenotype metrics. */
    public record Classification(double accuracy, double macroF1, double macroAuroc) {}

    public static Regression regression(double[] pred, double[] y) {
        int n = y.length;
        double mse = 0, mean = 0, sst = 0;
        for (int i = 0; i < n; i++) {
            mse += (pred[i] - y[i]) * (pred[i] - y[i]);
            mean += y[i];
        }
        mean /= n;
        for (double v : y) sst += (v - mean) * (v - mean);
        return new Regression(mse / n, Correlation.pearson(pred, y), Correlation.spearman(pred, y), 1 - mse / sst);
    }

    /** logits [n, k] row-major. */
    public static Classification classification(float[] logits, int k, int[] y) {
        int n = y.length, correct = 0;
        int[] pred = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) if (logits[i * k + c] > logits[i * k + best]) best = c;
            pred[i] = best;
            if (best == y[i]) correct++;
        }
        double f1 = 0, auc = 0;
        int present = 0;
        for (int c = 0; c < k; c++) {
            int tp = 0, fp = 0, fn = 0;
            boolean[] label = new boolean[n];
            double[] score = new double[n];
            for (int i = 0; i < n; i++) {
                if (pred[i] == c && y[i] == c) tp++;
                else if (pred[i] == c) fp++;
                else if (y[i] == c) fn++;
                label[i] = y[i] == c;
                score[i] = logits[i * k + c];
            }
            if (tp + fn == 0) continue;                       // a class absent from the truth: no F1 or AUROC
            present++;
            f1 += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
            auc += auroc(score, label);
        }
        return new Classification((double) correct / n, f1 / present, auc / present);
    }

    /** AUROC (the Mann-Whitney probability, ties count half); NaN without both classes. */
    public static double auroc(double[] score, boolean[] label) {
        double[] r = Correlation.ranks(score);
        long pos = 0;
        double sum = 0;
        for (int i = 0; i < score.length; i++)
            if (label[i]) {
                pos++;
                sum += r[i];
            }
        long neg = score.length - pos;
        if (pos == 0 || neg == 0) return Double.NaN;
        return (sum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** AUPRC as average precision (scikit-learn's definition; tied scores taken as one threshold). */
    public static double auprc(double[] score, boolean[] label) {
        int n = score.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Arrays.sort(idx, Comparator.comparingDouble(i -> -score[i]));
        long pos = 0;
        for (boolean b : label) if (b) pos++;
        if (pos == 0) return Double.NaN;
        double ap = 0, prevRecall = 0;
        int tp = 0;
        for (int s = 0; s < n; ) {
            int e = s;
            while (e + 1 < n && score[idx[e + 1]] == score[idx[s]]) e++;
            for (int q = s; q <= e; q++) if (label[idx[q]]) tp++;
            double recall = (double) tp / pos, precision = (double) tp / (e + 1);
            ap += (recall - prevRecall) * precision;
            prevRecall = recall;
            s = e + 1;
        }
        return ap;
    }
}
