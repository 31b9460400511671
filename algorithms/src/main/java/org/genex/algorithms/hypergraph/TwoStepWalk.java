package org.genex.algorithms.hypergraph;

import org.genex.algorithms.embed.AliasTables;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;

/**
 * A walk that steps cell -> gene -> cell: from cell v a gene {@code e ∋ v} with probability proportional to
 * {@code w1(v, e)}, then a cell {@code w ∈ e} with probability proportional to {@code w2(e, w)}, so
 * <pre>
 *   P[v, w] = Σ_e  w1(v,e) / Σ_e' w1(v,e')  ·  w2(e,w) / Σ_w' w2(e,w')
 * </pre>
 * Both steps are sampled in O(1) from alias tables over the rows of the hypergraph's sparse matrices (12 bytes per
 * incidence per step); the genes are not emitted. Weights are given in log space ({@link LogWeight}) and
 * exponentiated after subtracting each row's maximum, so a preference exponent of 50 cannot overflow.
 *
 * <p>The walks of the spec (section 2), with {@code Γ[e,v] = γ_e(v)}, {@code S_v} the cell total and {@code T_e}
 * the gene total:
 * <table>
 *   <caption>two-step walks</caption>
 *   <tr><th>factory</th><th>w1(v, e)</th><th>w2(e, w)</th><th>status</th></tr>
 *   <tr><td>{@link #edhw()}</td><td>{@code ω(e) = T_e}</td><td>{@code γ_e(w) / δ(e) ∝ Γ[e,w]}</td>
 *       <td>EDHW/EDVW of Chitra and Raphael (2019), as the authors wire it (section 2.1)</td></tr>
 *   <tr><td>{@link #diphw(double)}</td><td>{@code Γ[e,v] / S_v}</td><td>{@code Γ[e,w]^α}</td>
 *       <td>DIPHW, the spec's recommended reconstruction (section 2.2)</td></tr>
 *   <tr><td>{@link #diphwSwapped(double)}</td><td>{@code Γ[e,v] / T_e}</td><td>{@code (Γ[e,w] / S_w)^α}</td>
 *       <td>the spec's alternative reading: importances swapped between the steps</td></tr>
 *   <tr><td>{@link #of}</td><td colspan="2">any log weights</td><td>other readings of the paper</td></tr>
 * </table>
 * With {@code α = 1} and step-1 weights {@code T_e}, DIPHW is EDHW (a test checks it).
 */
public final class TwoStepWalk implements TransitionStrategy {

    /** The log of a step weight for the incidence (cell, gene) whose value is {@code gamma > 0}. */
    @FunctionalInterface
    public interface LogWeight {
        double log(CellGeneHypergraph h, int cell, int gene, double gamma);
    }

    private final String name;
    private final LogWeight cellToGene, geneToCell;

    private TwoStepWalk(String name, LogWeight cellToGene, LogWeight geneToCell) {
        this.name = name;
        this.cellToGene = cellToGene;
        this.geneToCell = geneToCell;
    }

    /**
     * A two-step walk with the given log weights: {@code cellToGene} gives {@code ln w1(v, e)}, {@code geneToCell}
     * gives {@code ln w2(e, w)} (its {@code cell} argument is the destination w).
     */
    public static TwoStepWalk of(String name, LogWeight cellToGene, LogWeight geneToCell) {
        if (name == null || cellToGene == null || geneToCell == null)
            throw new IllegalArgumentException("TwoStepWalk.of: null argument");
        return new TwoStepWalk(name, cellToGene, geneToCell);
    }

    /** EDHW/EDVW (Chitra and Raphael 2019) with {@code ω(e) = T_e}: {@code P = D_V^-1 W D_E^-1 R} of section 2.1. */
    public static TwoStepWalk edhw() {
        return of("EDHW", (h, v, e, g) -> Math.log(h.geneTotal(e)), (h, w, e, g) -> Math.log(g));
    }

    /**
     * DIPHW, reconstructed (section 2.2): cell -> gene by the gene's share of the cell's expression,
     * gene -> cell by {@code Γ[e,w]^α} (the preference exponent {@code α > 0}; the scripts use 50).
     */
    public static TwoStepWalk diphw(double alpha) {
        checkAlpha(alpha);
        return of("DIPHW(alpha=" + alpha + ")", (h, v, e, g) -> Math.log(g) - Math.log(h.cellTotal(v)),
                (h, w, e, g) -> alpha * Math.log(g));
    }

    /**
     * The alternative DIPHW reading of section 2.2: cell -> gene by the cell's share of the gene
     * ({@code Γ[e,v] / T_e}), gene -> cell by the gene's share of the destination cell to the power α
     * ({@code (Γ[e,w] / S_w)^α}); here both normalisations matter.
     */
    public static TwoStepWalk diphwSwapped(double alpha) {
        checkAlpha(alpha);
        return of("DIPHW-swapped(alpha=" + alpha + ")", (h, v, e, g) -> Math.log(g) - Math.log(h.geneTotal(e)),
                (h, w, e, g) -> alpha * (Math.log(g) - Math.log(h.cellTotal(w))));
    }

    static void checkAlpha(double alpha) {
        if (!(alpha > 0 && alpha < Double.POSITIVE_INFINITY))
            throw new IllegalArgumentException("preference exponent alpha must be > 0 and finite, got " + alpha);
    }

    @Override
    public String name() { return name; }

    /** The log weights of step 1, per incidence. */
    public LogWeight cellToGene() { return cellToGene; }

    /** The log weights of step 2, per incidence (the cell argument is the destination). */
    public LogWeight geneToCell() { return geneToCell; }

    @Override
    public Transitions prepare(CellGeneHypergraph h) {
        AliasTables step1 = tables(h, h.byCell(), true, cellToGene, name + " cell->gene");
        AliasTables step2 = tables(h, h.byGene(), false, geneToCell, name + " gene->cell");
        int cells = h.cells();
        return new Transitions() {
            @Override public int cells() { return cells; }
            @Override public long bytes() { return step1.bytes() + step2.bytes(); }
            @Override public Stepper stepper() {
                return new Stepper() {
                    private long[] u1 = new long[0], u2 = u1;
                    private int[] genes = new int[0], scratch = genes;

                    @Override public int next(int v, Rng rng) {
                        return step2.sample(step1.sample(v, rng.nextLong()), rng.nextLong());
                    }

                    /** Every walk's two random numbers, then every walk's gene, then every walk's cell. */
                    @Override public void next(int[] cells, Rng[] rngs, int n) {
                        if (u1.length < n) {
                            u1 = new long[n];
                            u2 = new long[n];
                            genes = new int[n];
                            scratch = new int[n];
                        }
                        for (int j = 0; j < n; j++) {
                            u1[j] = rngs[j].nextLong();
                            u2[j] = rngs[j].nextLong();
                        }
                        step1.sample(cells, u1, genes, n, scratch);
                        step2.sample(genes, u2, cells, n, scratch);
                    }
                };
            }
            @Override public String toString() { return name + " on " + h; }
        };
    }

    /**
     * Alias tables over the rows of {@code m} (by cell when {@code rowsAreCells}, else by gene) whose draws return
     * the column: a gene for a cell's table, a cell for a gene's.
     */
    static AliasTables tables(CellGeneHypergraph h, CsrMatrix m, boolean rowsAreCells, LogWeight f, String what) {
        return AliasTables.build(m.indptr(), weights(h, m, rowsAreCells, f, what), m.indices());
    }

    /**
     * The step weights of every position of {@code m}, {@code exp(log weight - row maximum)} (by cell when
     * {@code rowsAreCells}, else by gene), computed in parallel over rows.
     */
    static double[] weights(CellGeneHypergraph h, CsrMatrix m, boolean rowsAreCells, LogWeight f, String what) {
        int[] ptr = m.indptr(), idx = m.indices();
        float[] val = m.values();
        double[] w = new double[val.length];
        Parallel.forRange(m.rows(), SegmentWeights.GRAIN, (a, b) -> {
            for (int r = a; r < b; r++)
                for (int p = ptr[r]; p < ptr[r + 1]; p++)
                    w[p] = rowsAreCells ? f.log(h, r, idx[p], val[p]) : f.log(h, idx[p], r, val[p]);
        });
        SegmentWeights.expShifted(ptr, w, what);
        return w;
    }

    @Override
    public String toString() { return name; }
}
