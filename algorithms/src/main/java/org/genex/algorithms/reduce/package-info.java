/**
 * Dimensionality reduction as scanpy does it: PCA ({@code pp.pca}) and the UMAP layout ({@code tl.umap}).
 *
 * <ul>
 *   <li>{@link org.genex.algorithms.reduce.Pca}: centred PCA of float32 data in double; n_comps 50 or
 *       min(n, d) - 1; variance S^2 / (n - 1) and variance ratio over the total ddof-1 variance as scikit-learn;
 *       signs by svd_flip on U (scikit-learn before 1.5). Exact solver: EJML eigen-decomposition of the smaller
 *       Gram matrix (as LAPACK/ARPACK up to rounding; min(n, d) up to about 1,500). Randomized solver:
 *       scikit-learn's {@code randomized_svd} ({@link org.genex.algorithms.reduce.RandomizedSvd}, LU-normalised
 *       power iterations, 10 oversamples) with numpy's legacy random stream
 *       ({@link org.genex.algorithms.reduce.NumpyRandomState}), so the same seed gives scikit-learn's result: it
 *       reproduces pbmc68k_reduced's stored PCA (X_pca within 1.7e-3, PCs within 5.1e-5, variances within 2.2e-6
 *       relative), which old scanpy computed this way; 10,000 x 2,000 x 50 components in 39 s on 2 cores
 *       shared with other jobs.</li>
 *   <li>{@link org.genex.algorithms.reduce.Umap}: umap-learn's {@code simplicial_set_embedding} /
 *       {@code optimize_layout_euclidean} (epochs 500 up to 10,000 points else 200, weak edges dropped, spectral
 *       start ({@link org.genex.algorithms.reduce.SpectralLayout}, Lanczos instead of ARPACK, a different meta
 *       layout for more than 2 dim components) or random, a/b from
 *       {@link org.genex.algorithms.reduce.UmapCurve} with scanpy's min_dist 0.5, 5 negative samples, linearly
 *       decaying learning rate, gradient clipping at 4). Deterministic parallel epochs: groups of 4,096 head points
 *       run in parallel reading other groups' points as at the epoch's start (one group: umap-learn's sequential
 *       algorithm). Not umap-learn's coordinates for a seed (different random stream), so it is tested by
 *       trustworthiness: on pbmc68k_reduced 0.953 against 0.951 for scanpy's X_umap (k = 10, 30-PC space).</li>
 * </ul>
 */
package org.genex.algorithms.reduce;
