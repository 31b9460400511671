package org.genex.algorithms.hypergraph;

import org.genex.algorithms.embed.AliasTables;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;

/**
 * CoMem and CoMem-DIPHW, <b>reconstructed</b> (spec section 2.3; the authors' {@code CoMemDIPHW.py} is not public):
 * a walk cell -> gene -> co-expressed gene -> cell whose last step is reweighted by the co-expression of the
 * destination with the departure cell (the "memory"):
 * <pre>
 *   P1[v,e] = Γ[e,v] / S_v                          cell -> gene (the gene's share of the cell)
 *   P2[e,f] = G_E[e,f] / Σ_f' G_E[e,f']               gene -> co-expressed gene
 *   P3[f,w] = Γ[f,w]^α / Σ_w' Γ[f,w']^α               gene -> cell (α = 1: CoMem; α = 50: CoMem-DIPHW)
 *   Q[v,w]  = (P1 ((1-β) P2 + β I) P3)[v,w] · G_V[v,w]
 *   P[v,w]  = Q[v,w] / Σ_w' Q[v,w']
 * </pre>
 * {@code G_E}, {@code G_V}: |Pearson| co-expression networks with zero diagonal ({@link CoExpression}), each
 * {@link CoExpressionNetwork.Full full} (the authors' choice), {@link CoExpressionNetwork.TopK top-k} or
 * {@link CoExpressionNetwork.Given given}. {@code β} ({@link #withDirectGeneShare}, default 0) mixes in the direct
 * gene step, the other plausible reading of the spec.
 *
 * <p><b>Sampling without a cells x cells matrix.</b> The proposal {@code P1 P2' P3} is drawn as three alias-table
 * steps (P2 from a table over the gene network's rows).
 * <ul>
 *   <li>With the full cell network, {@code w} is drawn from the proposal and accepted with probability
 *       {@code G_V[v,w] = |r(v,w)| <= 1}, computed on demand from the sparse data (O(genes of w)); rejected draws
 *       are repeated. The accepted cell has exactly the law {@code P[v, .]}; memory stays O(nnz + genes^2). The
 *       expected number of proposals per step is {@code 1 / Σ_w proposal[v,w] G_V[v,w]}.</li>
 *   <li>With a sparse cell network (top-k or given), {@code Q[v,w]} is computed exactly for the k neighbours w of
 *       each cell (through the dense row {@code P1[v,.] P2'} and the sparse column {@code P3[.,w]}) and sampled from
 *       alias tables: O(cells k) memory, and the walk can only move along the network's edges.</li>
 * </ul>
 * <b>How the network choice changes the walk</b> (see also the package documentation): a full network gives every
 * cell of the proposal's support a chance, weighted by |r|; in sparse scRNA-seq data even unrelated cells have
 * |r| of about 0.1 (their shared zeros make r slightly negative), so the memory factor sharpens the proposal mildly.
 * A top-k network is a hard kNN filter: transitions outside the k most correlated cells become impossible, which
 * sharpens clusters when the kNN graph is clean and can trap walks in small groups when it is not. A top-k gene
 * network likewise removes weak gene-gene hops, and rows of the full gene network spread the walk over every
 * gene with weight |r|.
 *
 * <p><b>Degenerate rows</b> (defined here, not in the paper): a gene whose network row sums to 0 stays on itself
 * ({@code P2[e,e] = 1}); a cell whose row of Q sums to 0 (it has zero variance, no network edge its proposal
 * reaches, or, with the full network, {@value #MAX_TRIALS} rejected proposals in a row) takes the proposal's step
 * without the memory factor.
 */
public final class CoMemWalk implements TransitionStrategy {
    /** Proposals tried per step before a step falls back to the proposal (full cell network only). */
    public static final int MAX_TRIALS = 10_000;

    private final double alpha, direct;
    private final CoExpressionNetwork genes, cells;

    private CoMemWalk(double alpha, CoExpressionNetwork genes, CoExpressionNetwork cells, double direct) {
        if (genes == null || cells == null) throw new IllegalArgumentException("CoMemWalk: a network is null");
        TwoStepWalk.checkAlpha(alpha);
        if (!(direct >= 0 && direct <= 1))
            throw new IllegalArgumentException("CoMemWalk: the direct gene share must be in [0, 1], got " + direct);
        this.alpha = alpha;
        this.genes = genes;
        this.cells = cells;
        this.direct = direct;
    }

    /** CoMem: no preference exponent ({@code α = 1}). */
    public static CoMemWalk comem(CoExpressionNetwork genes, CoExpressionNetwork cells) {
        return new CoMemWalk(1, genes, cells, 0);
    }

    /** CoMem-DIPHW with preference exponent {@code α} (the scripts use 50). */
    public static CoMemWalk comemDiphw(double alpha, CoExpressionNetwork genes, CoExpressionNetwork cells) {
        return new CoMemWalk(alpha, genes, cells, 0);
    }

    /** The same walk where a step skips the gene-gene hop with probability {@code beta}. */
    public CoMemWalk withDirectGeneShare(double beta) { return new CoMemWalk(alpha, genes, cells, beta); }

    @Override
    public String name() {
        return (alpha == 1 ? "CoMem" : "CoMem-DIPHW(alpha=" + alpha + ")") + "[genes " + describe(genes) + ", cells "
                + describe(cells) + (direct > 0 ? ", direct " + direct : "") + "]";
    }

    private static String describe(CoExpressionNetwork n) {
        return switch (n) {
            case CoExpressionNetwork.Full f -> "full";
            case CoExpressionNetwork.TopK t -> "top-" + t.k();
            case CoExpressionNetwork.Given g -> "given";
        };
    }

    @Override
    public String toString() { return name(); }

    @Override
    public Transitions prepare(CellGeneHypergraph h) {
        String name = name();
        AliasTables t1 = TwoStepWalk.tables(h, h.byCell(), true, (g, v, e, x) -> Math.log(x), name + " P1");
        CsrMatrix geneNet = selfLoopsWhereEmpty(CoExpression.geneNetwork(h, genes));
        double[] p2 = toDouble(geneNet.values());
        SegmentWeights.normalize(geneNet.indptr(), p2);
        AliasTables t2 = AliasTables.build(geneNet.indptr(), p2, geneNet.indices());
        double a = alpha;
        double[] p3 = TwoStepWalk.weights(h, h.byGene(), false, (g, w, e, x) -> a * Math.log(x), name + " P3");
        SegmentWeights.normalize(h.byGene().indptr(), p3);
        AliasTables t3 = AliasTables.build(h.byGene().indptr(), p3, h.byGene().indices());
        Proposal proposal = new Proposal(t1, t2, t3, direct);
        long tableBytes = t1.bytes() + t2.bytes() + t3.bytes() + 8L * geneNet.nnz();
        if (cells instanceof CoExpressionNetwork.Full)
            return new Rejection(h, proposal, CoExpression.CellCorrelation.stats(h), tableBytes, name);
        CsrMatrix cellNet = CoExpression.cellNetwork(h, cells);
        return Sparse.of(h, proposal, geneNet, p2, p3, cellNet, direct, tableBytes, name);
    }

    /** The gene network with {@code (e, e) = 1} as the only entry of every row whose weights sum to 0. */
    private static CsrMatrix selfLoopsWhereEmpty(CsrMatrix net) {
        int n = net.rows();
        int[] ip = net.indptr(), ix = net.indices();
        float[] v = net.values();
        boolean[] empty = new boolean[n];
        int count = 0;
        for (int e = 0; e < n; e++) {
            double total = 0;
            for (int p = ip[e]; p < ip[e + 1]; p++) total += v[p];
            empty[e] = total == 0;
            count += empty[e] ? 1 : ip[e + 1] - ip[e];
        }
        int[] indptr = new int[n + 1], indices = new int[count];
        float[] values = new float[count];
        for (int e = 0, at = 0; e < n; e++) {
            if (empty[e]) {
                indices[at] = e;
                values[at++] = 1;
            } else {
                for (int p = ip[e]; p < ip[e + 1]; p++) {
                    indices[at] = ix[p];
                    values[at++] = v[p];
                }
            }
            indptr[e + 1] = at;
        }
        return new CsrMatrix(n, n, indptr, indices, values);
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }

    /** The proposal {@code P1 ((1-β) P2 + β I) P3}: three alias draws (two when the gene-gene hop is skipped). */
    private record Proposal(AliasTables t1, AliasTables t2, AliasTables t3, double direct) {
        int next(int v, Rng rng) {
            int e = t1.sample(v, rng.nextLong());
            int f = direct > 0 && (direct >= 1 || rng.nextDouble() < direct) ? e : t2.sample(e, rng.nextLong());
            return t3.sample(f, rng.nextLong());
        }
    }

    /** Full cell network: proposals accepted with probability |r(v, w)|. */
    private record Rejection(CellGeneHypergraph h, Proposal proposal, CoExpression.RowStats stats, long bytes,
                             String name) implements Transitions {
        @Override public int cells() { return h.cells(); }

        @Override
        public Stepper stepper() {
            CoExpression.CellCorrelation corr = new CoExpression.CellCorrelation(h, stats);
            return (v, rng) -> {
                if (!corr.varies(v)) return proposal.next(v, rng);
                for (int t = 0; t < MAX_TRIALS; t++) {
                    int w = proposal.next(v, rng);
                    if (w == v) continue;
                    double acc = corr.abs(v, w);
                    if (acc >= 1 || rng.nextDouble() < acc) return w;
                }
                return proposal.next(v, rng);
            };
        }

        @Override public String toString() { return name + " on " + h; }
    }

    /** Sparse cell network: Q computed exactly on the network's edges and sampled from alias tables. */
    private record Sparse(CellGeneHypergraph h, Proposal proposal, AliasTables tq, boolean[] fallback, long bytes,
                          String name) implements Transitions {

        static Sparse of(CellGeneHypergraph h, Proposal proposal, CsrMatrix geneNet, double[] p2, double[] p3ByGene,
                         CsrMatrix cellNet, double direct, long tableBytes, String name) {
            int n = h.cells(), genes = h.genes();
            CsrMatrix byCell = h.byCell();
            int[] cp = byCell.indptr(), cg = byCell.indices();
            float[] cv = byCell.values();
            int[] gp = geneNet.indptr(), gx = geneNet.indices();
            double[] p3 = p3ByCell(h, p3ByGene);
            int[] np = cellNet.indptr(), nx = cellNet.indices();
            float[] nv = cellNet.values();
            double[] q = new double[cellNet.nnz()];
            boolean[] fallback = new boolean[n];
            Parallel.forRange(n, SegmentWeights.GRAIN, (lo, hi) -> {
                double[] r = new double[genes];
                for (int v = lo; v < hi; v++) {
                    // r = P1[v,.] ((1-β) P2 + β I), dense over genes
                    double s = h.cellTotal(v);
                    for (int p = cp[v]; p < cp[v + 1]; p++) {
                        int e = cg[p];
                        double a = cv[p] / s;
                        if (direct > 0) r[e] += direct * a;
                        if (direct < 1) for (int k = gp[e]; k < gp[e + 1]; k++) r[gx[k]] += (1 - direct) * a * p2[k];
                    }
                    double total = 0;
                    for (int c = np[v]; c < np[v + 1]; c++) {
                        int w = nx[c];
                        double dot = 0;
                        for (int p = cp[w]; p < cp[w + 1]; p++) dot += r[cg[p]] * p3[p];
                        q[c] = dot * nv[c];
                        total += q[c];
                    }
                    if (!(total > 0)) {
                        fallback[v] = true;
                        for (int c = np[v]; c < np[v + 1]; c++) q[c] = 1;
                    }
                    for (int p = cp[v]; p < cp[v + 1]; p++) {
                        int e = cg[p];
                        r[e] = 0;
                        for (int k = gp[e]; k < gp[e + 1]; k++) r[gx[k]] = 0;
                    }
                }
            });
            for (int v = 0; v < n; v++) if (np[v + 1] == np[v]) fallback[v] = true;
            AliasTables tq = AliasTables.build(np, q, nx);
            return new Sparse(h, proposal, tq, fallback, tableBytes + tq.bytes() + 8L * cellNet.nnz(), name);
        }

        /** {@code P3[f, w]} (normalised step-3 probabilities) laid out like {@code byCell}: position of (w, f). */
        private static double[] p3ByCell(CellGeneHypergraph h, double[] p3ByGene) {
            CsrMatrix byGene = h.byGene();
            int[] gp = byGene.indptr(), gc = byGene.indices();
            int[] cursor = h.byCell().indptr().clone();
            double[] out = new double[byGene.nnz()];
            // genes in increasing order fill each cell's row in increasing gene order: byCell's order
            for (int f = 0; f < byGene.rows(); f++)
                for (int p = gp[f]; p < gp[f + 1]; p++) out[cursor[gc[p]]++] = p3ByGene[p];
            return out;
        }

        @Override public int cells() { return h.cells(); }

        @Override
        public Stepper stepper() {
            return (v, rng) -> fallback[v] ? proposal.next(v, rng) : tq.sample(v, rng.nextLong());
        }

        @Override public String toString() { return name + " on " + h; }
    }
}
