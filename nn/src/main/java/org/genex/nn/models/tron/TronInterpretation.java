package org.genex.nn.models.tron;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.genex.autodiff.Var;
import org.genex.tensor.Tensor;

/**
 * The interpretation readout of specs/tron.md &sect;2: per-edge weights, edge-level attributions through the
 * source network, and a ranked table of functional orthologs per source gene.
 * <pre>
 *   attribution_e = (1/N) sum_n w_e x_t[n, j] df/dx~_s[n, i]       e = (j -> i), gradient x input through f_theta
 *   a_j           = sum_{e = (j, i)} attribution_e                  per target gene
 * </pre>
 * f is the chosen output (the single output of a continuous or binary phenotype, a class logit otherwise).
 */
public final class TronInterpretation {
    private TronInterpretation() {}

    /**
     * One edge's readout.
     *
     * @param edge        its index (CSR storage order over source genes)
     * @param sourceGene  i
     * @param targetGene  j
     * @param weight      w_e
     * @param initial     w_e^0
     * @param attribution the mean gradient x input of the edge
     * @param rank        1 for the edge of largest |w| among the edges into its source gene, 2 for the next...
     */
    public record Edge(int edge, int sourceGene, int targetGene, float weight, float initial, double attribution,
                       int rank) {}

    /** Edge weights only (attribution 0): no data needed. */
    public static List<Edge> edges(Tron model) { return table(model, null, 0); }

    /**
     * Every edge with its weight, attribution over the samples {@code xt} [N, n_t] for output {@code output}, and
     * its rank within its source gene, in edge order.
     */
    public static List<Edge> table(Tron model, Tensor xt, int output) {
        SparseMaskedLinear conv = model.conversion();
        int nnz = conv.edges();
        float[] w = conv.weight().value().toArray(), w0 = conv.initialWeights();
        double[] attr = xt == null ? new double[nnz] : edgeAttributions(model, xt, output);
        int[] rank = ranks(conv, w);
        List<Edge> out = new ArrayList<>(nnz);
        for (int e = 0; e < nnz; e++)
            out.add(new Edge(e, conv.sourceOf(e), conv.targetOf(e), w[e], w0[e], attr[e], rank[e]));
        return out;
    }

    /** attribution_e for every edge (see the class comment). */
    public static double[] edgeAttributions(Tron model, Tensor xt, int output) {
        SparseMaskedLinear conv = model.conversion();
        int n = xt.dim(0), nt = conv.inFeatures(), ns = conv.outFeatures(), k = model.config().outputs();
        if (output < 0 || output >= k)
            throw new IllegalArgumentException("edgeAttributions: output " + output + " of " + k);
        boolean was = model.isTraining();
        model.eval();
        float[] g;
        try {
            Tensor xs = model.predictConverted(xt);                            // [N, n_s]
            Var in = Var.param(xs);
            Var y = model.forwardSource(in);                                    // [N, k]
            Tensor pick = Tensor.zeros(n, k);
            for (int r = 0; r < n; r++) pick.set(1f, r, output);
            y.mul(Var.of(pick)).sum().backward();
            g = in.grad().toArray();                                            // df/dx~_s [N, n_s]
        } finally {
            model.train(was);
        }
        float[] x = xt.toArray(), w = conv.weight().value().toArray();
        double[] a = new double[conv.edges()];
        for (int e = 0; e < a.length; e++) {
            int i = conv.sourceOf(e), j = conv.targetOf(e);
            double s = 0;
            for (int r = 0; r < n; r++) s += (double) x[r * nt + j] * g[r * ns + i];
            a[e] = w[e] * s / n;
        }
        return a;
    }

    /** a_j: the attributions of each target gene's edges summed ([n_t]). */
    public static double[] targetAttributions(Tron model, double[] edgeAttributions) {
        SparseMaskedLinear conv = model.conversion();
        double[] a = new double[conv.inFeatures()];
        for (int e = 0; e < edgeAttributions.length; e++) a[conv.targetOf(e)] += edgeAttributions[e];
        return a;
    }

    /** Per edge: its rank by |w| (descending, ties by edge order) among the edges into its source gene. */
    static int[] ranks(SparseMaskedLinear conv, float[] w) {
        int[] ptr = conv.pattern().indptr(), rank = new int[conv.edges()];
        for (int i = 0; i < conv.outFeatures(); i++) {
            Integer[] es = new Integer[ptr[i + 1] - ptr[i]];
            for (int q = 0; q < es.length; q++) es[q] = ptr[i] + q;
            Arrays.sort(es, Comparator.comparingDouble((Integer e) -> -Math.abs(w[e])).thenComparingInt(e -> e));
            for (int q = 0; q < es.length; q++) rank[es[q]] = q + 1;
        }
        return rank;
    }
}
