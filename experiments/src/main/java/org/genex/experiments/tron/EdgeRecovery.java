package org.genex.experiments.tron;

import java.util.ArrayList;
import java.util.List;
import org.genex.tensor.CsrMatrix;

/**
 * Edge-recovery metrics of specs/tron.md &sect;6.1 (b, c): how well |w_e| singles out the functional edges E* within
 * paralog groups (source genes with two or more target orthologs), and how learned weights follow the true scales.
 */
public final class EdgeRecovery {
    private EdgeRecovery() {}

    /**
     * @param auroc    AUROC of |w_e| against membership in E*, over the edges of paralog groups (0.5 = chance)
     * @param auprc    average precision of the same
     * @param groups   paralog groups scored
     * @param topHit   fraction of paralog groups whose largest |w| is a functional edge
     */
    public record Result(double auroc, double auprc, int groups, double topHit) {}

    /**
     * @param graph      the ortholog graph (source genes by target genes, canonical CSR)
     * @param functional E* (a subset of the graph, same shape)
     * @param weights    one weight per edge of {@code graph}, in its storage order
     * @param rows       source genes to score (null: every source gene with degree &ge; 2)
     */
    public static Result paralogs(CsrMatrix graph, CsrMatrix functional, float[] weights, boolean[] rows) {
        List<Double> score = new ArrayList<>();
        List<Boolean> label = new ArrayList<>();
        int groups = 0, hits = 0;
        for (int i = 0; i < graph.rows(); i++) {
            int lo = graph.indptr()[i], hi = graph.indptr()[i + 1];
            if (hi - lo < 2 || (rows != null && !rows[i])) continue;
            groups++;
            int best = lo;
            for (int e = lo; e < hi; e++) {
                boolean f = contains(functional, i, graph.indices()[e]);
                score.add((double) Math.abs(weights[e]));
                label.add(f);
                if (Math.abs(weights[e]) > Math.abs(weights[best])) best = e;
            }
            if (contains(functional, i, graph.indices()[best]) && !allTied(weights, lo, hi)) hits++;
        }
        double[] s = new double[score.size()];
        boolean[] l = new boolean[score.size()];
        for (int k = 0; k < s.length; k++) {
            s[k] = score.get(k);
            l[k] = label.get(k);
        }
        return new Result(TronMetrics.auroc(s, l), TronMetrics.auprc(s, l), groups,
                groups == 0 ? Double.NaN : (double) hits / groups);
    }

    /** Pearson correlation of w_e with the true scale alpha[j] over functional edges whose alpha is finite. */
    public static double scaleCorrelation(CsrMatrix graph, CsrMatrix functional, float[] weights, double[] alpha) {
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < graph.rows(); i++)
            for (int e = graph.indptr()[i]; e < graph.indptr()[i + 1]; e++) {
                int j = graph.indices()[e];
                if (Double.isFinite(alpha[j]) && contains(functional, i, j)) pairs.add(new double[] {weights[e], alpha[j]});
            }
        double[] a = new double[pairs.size()], b = new double[pairs.size()];
        for (int k = 0; k < a.length; k++) {
            a[k] = pairs.get(k)[0];
            b[k] = pairs.get(k)[1];
        }
        return a.length < 3 ? Double.NaN : TronMetrics.pearson(a, b);
    }

    private static boolean allTied(float[] w, int lo, int hi) {
        for (int e = lo + 1; e < hi; e++) if (Math.abs(w[e]) != Math.abs(w[lo])) return false;
        return true;
    }

    static boolean contains(CsrMatrix m, int row, int col) {
        return java.util.Arrays.binarySearch(m.indices(), m.indptr()[row], m.indptr()[row + 1], col) >= 0;
    }
}
