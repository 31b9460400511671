/**
 * Nearest-neighbour graphs as scanpy's {@code pp.neighbors(method="umap", metric="euclidean")} builds them.
 *
 * <ul>
 *   <li>{@link org.genex.algorithms.graph.SquaredDistances}: euclidean squared distances by float32 GEMM
 *       ({@code org.genex.tensor}'s CPU kernels) on centred points, with a rigorous error bound so that callers
 *       can screen with the fast product and decide in double.</li>
 *   <li>{@link org.genex.algorithms.graph.ExactKnn}: brute-force kNN (scikit-learn's brute algorithm; scanpy's
 *       path below 4,096 cells), exact under double arithmetic, ties by index, each point its own first
 *       neighbour. n^2 d GEMM work plus n^2 selection: 20,000 points of 50 dimensions took 9 s on 2 cores
 *       shared with other jobs, so about 40,000-60,000 a minute.</li>
 *   <li>{@link org.genex.algorithms.graph.NNDescent}: approximate kNN, random projection forest plus
 *       nearest-neighbour descent as pynndescent (scanpy's path from 4,096 cells on); recall against exact search
 *       (k = 15) 0.99+ on a 3,000 x 20 gaussian mixture (the test asks for 0.95) and 0.97 on a harder 20,000 x 50
 *       one; deterministic for a seed whatever the thread count (hash priorities, chunked updates applied in
 *       order). A few hundred thousand points of 50 dimensions a minute on 2 cores. No query of new points
 *       (self-kNN only); twice pynndescent's candidate count.</li>
 *   <li>{@link org.genex.algorithms.graph.FuzzySimplicialSet}: umap-learn's {@code smooth_knn_dist} (local
 *       connectivity 1, bandwidth 1, 64 bisection steps) and fuzzy union (set_op_mix_ratio 1), in double from the
 *       float distances (umap-learn works in float32).</li>
 *   <li>{@link org.genex.algorithms.graph.Neighbors}: the three together, giving scanpy's
 *       {@code obsp["distances"]} (k - 1 entries per row) and {@code obsp["connectivities"]} as CSR.</li>
 * </ul>
 *
 * <p>Golden test: on pbmc68k_reduced ({@code obsm/X_pca}, first 30 components, n_neighbors 10, which is what
 * reproduces the stored graph) the distances and connectivities have exactly scanpy's sparsity; values differ by
 * at most 1.6e-5 (distances) and 2.9e-5 (connectivities), and by 5e-8 when the connectivities are computed from the
 * file's own distances: the differences come from scanpy's float32 distance computation, not from the formulas.
 */
package org.genex.algorithms.graph;
