/**
 * Clustering and embedding scores, in double precision, matching scikit-learn 1.x's definitions (checked against a
 * numpy/scipy re-implementation of them, {@code algorithms/scripts/metrics_golden.py}, whose output is committed
 * under {@code src/test/resources/golden/}).
 *
 * <ul>
 *   <li>{@link org.genex.algorithms.metrics.Hungarian}: linear sum assignment, O(n^3) shortest augmenting paths
 *       (as {@code scipy.optimize.linear_sum_assignment}; where several optima exist, the one chosen may differ).</li>
 *   <li>{@link org.genex.algorithms.metrics.Contingency}: the sparse contingency table of two labelings.</li>
 *   <li>{@link org.genex.algorithms.metrics.ClusteringMetrics}: against ground truth: ACC (Hungarian matching of
 *       clusters to classes, the hypergraph paper's {@code cluster_acc}), weighted F1 after that matching
 *       (unmatched clusters predict no class), MI, NMI and AMI (arithmetic mean normalisation, scikit-learn's
 *       default; AMI with the exact expected MI), ARI (pair confusion matrix). Special cases as scikit-learn.</li>
 *   <li>{@link org.genex.algorithms.metrics.InternalMetrics}: without ground truth: silhouette (euclidean; float32
 *       GEMM distances with near-zero pairs recomputed in double, about 1e-7 relative from scikit-learn's double
 *       computation) and Calinski-Harabasz.</li>
 *   <li>{@link org.genex.algorithms.metrics.Trustworthiness}: {@code sklearn.manifold.trustworthiness}, k = 5 by
 *       default, with O(n) memory (scikit-learn builds an n x n rank table); ties in the input space ranked by
 *       index.</li>
 *   <li>{@link org.genex.algorithms.metrics.ClassificationMetrics}: a classifier against ground truth (labels
 *       0..K-1, no matching): accuracy, confusion matrix, per-class precision/recall/F1, macro and weighted F1 with
 *       {@code zero_division=0} (checked against scikit-learn 1.2, {@code algorithms/scripts/baselines_golden.py}).</li>
 * </ul>
 *
 * <p>Sizes on 2 cores: the label scores are O(n + cells of the table) (AMI adds a sum over min(a_i, b_j) per cell:
 * millions of samples with tens of clusters in well under a second); silhouette costs n^2 d in GEMM (5,000 x 500
 * in 6.5 s on 2 cores shared with other jobs); trustworthiness n^2 d in GEMM plus n^2 k comparisons.
 * Parallel parts use fixed chunks combined in order: results do not depend on the thread count.
 */
package org.genex.algorithms.metrics;
