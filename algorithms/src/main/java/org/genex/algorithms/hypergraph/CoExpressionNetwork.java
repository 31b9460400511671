package org.genex.algorithms.hypergraph;

import org.genex.tensor.CsrMatrix;

/**
 * Which co-expression network a {@link CoMemWalk} uses, for genes (G_E) or for cells (G_V). The networks are
 * absolute Pearson correlations with a zero diagonal (spec section 2); the authors' code uses the full matrices.
 * <ul>
 *   <li>{@link Full}: every pair, as the authors do. For genes an {@code E x E} table (20 bytes per pair: fine for a
 *       few thousand highly variable genes). For cells it is never formed: {@link CoMemWalk} samples it exactly by
 *       rejection, computing each needed correlation from the sparse data.</li>
 *   <li>{@link TopK}: each row keeps its {@code k} largest |correlations| (ties to the lower index), a sparse
 *       directed kNN graph; the walk can then only move along those edges. For cells this costs
 *       {@code O(cells^2)} time to compute exactly (fine to about 20,000 cells); pass a precomputed graph as
 *       {@link Given} beyond that.</li>
 *   <li>{@link Given}: a caller's sparse non-negative weight matrix (e.g. an approximate kNN graph); its diagonal
 *       is ignored.</li>
 * </ul>
 */
public sealed interface CoExpressionNetwork {

    /** All pairs (the authors' choice). */
    record Full() implements CoExpressionNetwork {}

    /** The k strongest partners of each gene or cell. */
    record TopK(int k) implements CoExpressionNetwork {
        public TopK {
            if (k <= 0) throw new IllegalArgumentException("CoExpressionNetwork.TopK: k must be > 0, got " + k);
        }
    }

    /** A given square matrix of non-negative weights (genes x genes or cells x cells). */
    record Given(CsrMatrix weights) implements CoExpressionNetwork {
        public Given {
            if (weights == null) throw new IllegalArgumentException("CoExpressionNetwork.Given: weights is null");
        }
    }

    static CoExpressionNetwork full() { return new Full(); }

    static CoExpressionNetwork topK(int k) { return new TopK(k); }

    static CoExpressionNetwork given(CsrMatrix weights) { return new Given(weights); }
}
