package org.genex.experiments.tron;

import java.util.ArrayList;
import java.util.List;
import org.genex.algorithms.metrics.Correlation;
import org.genex.tensor.CsrMatrix;

/**
 * Edge-recovery metrics of specs/tron.md &sect;6.1 (b, c): how well |w_e| singles out the functional edges E* within
 * paralog groups (source genes with two or more target orthologs), and how learned weights follow the true scales.
 *
 * <h2>The ideal weight of a functional edge (&sect;6.1 c)</h2>
 * In {@link org.genex.data.sim.TwoSpecies} a functional edge e = (j &rarr; i) has, on log-abundance, source gene
 * &ell;<sup>s</sup><sub>i</sub> = b<sub>i</sub> + p u<sub>i</sub> + noise and target gene &ell;<sup>t</sup><sub>j</sub>
 * = b<sub>i</sub> + &beta;<sub>j</sub> + p &alpha;<sub>j</sub> u<sub>i</sub> + &gamma;<sub>j</sub> s + noise (p =
 * programSd, u<sub>i</sub> the shared latent signal, s the target-only factor); log-CPM keeps this up to a per-sample
 * shift (the softmax normaliser) and adds count noise. The conversion layer's job is x&#771;<sub>s</sub>[i] &asymp; the
 * source input f_theta would have seen for the same latent state, so the ideal weight is the population least-squares
 * slope of the source gene's <em>preprocessed</em> input on the target gene's (per edge; exact when source gene i has
 * one in-edge, as for 1:1 and many:1 edges; for a paralog group it ignores the small covariance that the functional
 * copy and its decoy share through s):
 * <pre>
 *   w*_e = Cov(x_s[i], x_t[j]) / Var(x_t[j]) = Cov(l_s[i], l_t[j]) d_t[j] / (d_s[i] Var(l_t[j]))
 * </pre>
 * with x = (l &minus; mean) / d and d the preprocessing's divisor. With S<sub>i</sub> = p&sup2; Var(u<sub>i</sub>),
 * N<sub>s</sub>, N<sub>t</sub> the noise variances (log-normal + count noise):
 * <ul>
 *   <li><b>z-scored (spec &sect;3, the default)</b>, d = sd: w* = corr(l_s[i], l_t[j]) = &radic;(S/(S+N<sub>s</sub>))
 *       &middot; &alpha;&radic;S / &radic;(&alpha;&sup2;S + &gamma;&sup2; + N<sub>t</sub>). The scale &alpha;
 *       cancels except through the target gene's signal-to-noise ratio: w* &rarr; the source reliability
 *       &radic;(S/(S+N<sub>s</sub>)) for every &alpha; once &alpha;&sup2;S &gt;&gt; &gamma;&sup2; + N<sub>t</sub>, so
 *       corr(w, &alpha;) &asymp; 0 is the right answer there, and the meaningful check is corr(w, w*).</li>
 *   <li><b>centred only</b> ({@link TronData.Scaling#CENTRE} in both species), d = 1: w* = Cov/Var(l_t) =
 *       &alpha;S / (&alpha;&sup2;S + &gamma;&sup2; + N<sub>t</sub>) &asymp; 1/&alpha; (shrunk by the target
 *       reliability): the conversion has to undo the scale, so corr(w, 1/&alpha;) is meaningful.</li>
 * </ul>
 * {@link #idealWeights} computes w* from the simulated population rather than from the formula (it then includes the
 * log1p, the softmax normaliser and the count noise): Cov(l_s[i], l_t[j]) over every simulated target sample, with
 * l_s the noise-free source-equivalent log-CPM of the sample's latent state ({@code obsm["X_source_equivalent"]}; the
 * source's own noise is independent of the target sample and adds nothing to the covariance), Var(l_t[j]) and
 * d_t[j] over the same samples, and d_s the source's training sd (z-score) or 1 (centring).
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
        return a.length < 3 ? Double.NaN : Correlation.pearson(a, b);
    }

    /**
     * The ideal weight w*_e of every edge (graph storage order), from population statistics (see the class doc).
     *
     * @param sourceEquivalent [N, n_s] noise-free source log-CPM of each target sample's latent state
     * @param target           [N, n_t] target log-CPM of the same samples
     * @param sourceDivisor    d_s per source gene: the source preprocessing's sd (1 when it only centres)
     * @param targetScaling    the target's preprocessing: d_t = its population sd, or 1 when it only centres
     */
    public static double[] idealWeights(CsrMatrix graph, float[] sourceEquivalent, float[] target, int samples,
                                        float[] sourceDivisor, TronData.Scaling targetScaling) {
        int ns = graph.rows(), nt = graph.cols();
        if (sourceEquivalent.length != samples * ns || target.length != samples * nt || sourceDivisor.length != ns)
            throw new IllegalArgumentException("EdgeRecovery.idealWeights: expected [" + samples + ", " + ns + "], ["
                    + samples + ", " + nt + "] and " + ns + " divisors, got " + sourceEquivalent.length + ", "
                    + target.length + ", " + sourceDivisor.length + " values");
        double[] ms = columnMeans(sourceEquivalent, samples, ns), mt = columnMeans(target, samples, nt);
        double[] out = new double[graph.nnz()];
        for (int i = 0; i < ns; i++)
            for (int e = graph.indptr()[i]; e < graph.indptr()[i + 1]; e++) {
                int j = graph.indices()[e];
                double cov = 0, var = 0;
                for (int n = 0; n < samples; n++) {
                    double dt = target[n * nt + j] - mt[j];
                    cov += (sourceEquivalent[n * ns + i] - ms[i]) * dt;
                    var += dt * dt;
                }
                cov /= samples;
                var /= samples;
                double dT = targetScaling == TronData.Scaling.CENTRE ? 1 : Math.sqrt(var);
                out[e] = var == 0 ? 0 : cov * dT / (sourceDivisor[i] * var);
            }
        return out;
    }

    /**
     * {Pearson, Spearman} correlation of w_e with {@code reference[e]} (one value per edge of the graph, storage
     * order) over the functional edges whose reference is finite; NaN with fewer than 3 such edges.
     */
    public static double[] correlation(CsrMatrix graph, CsrMatrix functional, float[] weights, double[] reference) {
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < graph.rows(); i++)
            for (int e = graph.indptr()[i]; e < graph.indptr()[i + 1]; e++)
                if (Double.isFinite(reference[e]) && contains(functional, i, graph.indices()[e]))
                    pairs.add(new double[] {weights[e], reference[e]});
        if (pairs.size() < 3) return new double[] {Double.NaN, Double.NaN};
        double[] a = new double[pairs.size()], b = new double[pairs.size()];
        for (int k = 0; k < a.length; k++) {
            a[k] = pairs.get(k)[0];
            b[k] = pairs.get(k)[1];
        }
        return new double[] {Correlation.pearson(a, b), Correlation.pearson(Correlation.ranks(a), Correlation.ranks(b))};
    }

    /** A per-target-gene value (e.g. alpha, 1/alpha) spread onto the edges: out[e] = perTarget[j(e)]. */
    public static double[] perEdge(CsrMatrix graph, double[] perTarget) {
        double[] out = new double[graph.nnz()];
        for (int e = 0; e < out.length; e++) out[e] = perTarget[graph.indices()[e]];
        return out;
    }

    private static double[] columnMeans(float[] x, int n, int g) {
        double[] m = new double[g];
        for (int r = 0; r < n; r++) for (int j = 0; j < g; j++) m[j] += x[r * g + j];
        for (int j = 0; j < g; j++) m[j] /= n;
        return m;
    }

    private static boolean allTied(float[] w, int lo, int hi) {
        for (int e = lo + 1; e < hi; e++) if (Math.abs(w[e]) != Math.abs(w[lo])) return false;
        return true;
    }

    static boolean contains(CsrMatrix m, int row, int col) {
        return java.util.Arrays.binarySearch(m.indices(), m.indptr()[row], m.indptr()[row + 1], col) >= 0;
    }
}
