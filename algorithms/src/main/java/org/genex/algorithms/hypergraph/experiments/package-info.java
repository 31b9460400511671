/**
 * The experiments of the hypergraph-walk clustering paper (He et al., DIPHW / CoMem-DIPHW;
 * {@code specs/hypergraph-walks.md}), reproduced on the genex implementations:
 * <ul>
 *   <li>{@link org.genex.algorithms.hypergraph.experiments.ClusteringMethods}: the five methods compared (EDHW,
 *       DIPHW and CoMem-DIPHW walks + skip-gram + k-means; PCA + k-means; Leiden on scanpy's kNN graph);</li>
 *   <li>{@link org.genex.algorithms.hypergraph.experiments.SimulationSweep}: the "ngenes" planted-module sweep
 *       (section 7.4 i) beside the published mean ARI (section 8.1);</li>
 *   <li>{@link org.genex.algorithms.hypergraph.experiments.RealData}: CellBench CEL-seq2 and pbmc68k_reduced with
 *       their labels.</li>
 * </ul>
 * Results, run times and how they compare with the paper are in {@code docs/hypergraph/README.md}. The walk
 * formulas of DIPHW and CoMem-DIPHW are the spec's reconstructions (sections 2.2, 2.3): the authors' walk code is not
 * public, so differences from the published numbers may come from the formulas as much as from randomness.
 * Differences from the authors' protocol: Leiden runs on scanpy's kNN (UMAP connectivity) graph of the PCA, not on
 * the full correlation network; skip-gram is single-threaded (deterministic per seed) where gensim uses several
 * workers; the real data sets are CEL-seq2 and pbmc68k_reduced, not the paper's sc_10x / sc_10x_5cl.
 *
 * <p>Sizes and times (2 cores shared with other jobs): one full-size simulated data set (3,000 genes x 1,000 cells,
 * walks 30 x 30, dimension 30, 5 epochs) takes about 8 s for EDHW or DIPHW, about 50 s for CoMem-DIPHW (full
 * networks, rejection sampling of the cell network) and 3-4 s for PCA + k-means or Leiden, about 80 s for all five.
 */
package org.genex.algorithms.hypergraph.experiments;
