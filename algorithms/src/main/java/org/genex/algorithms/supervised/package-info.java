/**
 * Supervised classical baselines in double precision, on {@code double[][]} rows = samples. Each estimator has a
 * static {@code fit(...)} that returns an immutable fitted model carrying its predict methods.
 *
 * <ul>
 *   <li>{@link org.genex.algorithms.supervised.Standardizer}: per-feature mean / population sd (scikit-learn's
 *       {@code StandardScaler}).</li>
 *   <li>{@link org.genex.algorithms.supervised.LogisticRegression}: multinomial L2 logistic regression in
 *       scikit-learn's C parametrisation (intercept unpenalised, binary case as scikit-learn's one-vector model),
 *       L-BFGS to the optimum. Checked against scikit-learn 1.2 run to convergence
 *       ({@code algorithms/scripts/baselines_golden.py}).</li>
 *   <li>{@link org.genex.algorithms.supervised.BayesianRidge}: scikit-learn's {@code BayesianRidge} (evidence
 *       maximisation of the noise and weight precisions), the regressor of
 *       {@link org.genex.algorithms.impute.IterativeImputer}; checked against scikit-learn 1.2.</li>
 *   <li>{@link org.genex.algorithms.supervised.RandomForest}: random forest classifier with scikit-learn's
 *       defaults (100 bootstrap trees, Gini, sqrt(p) features per node, fully grown), probabilities averaged over
 *       trees, trees grown in parallel from forked seeds. Not bit-comparable with scikit-learn (other random
 *       streams): tested on the exhaustive-search optimum of a stump, memorisation without bootstrap, accuracy
 *       on separable data and thread-count invariance.</li>
 * </ul>
 *
 * <p>Measured on the shared 2-core development machine under load (load average ~11, so several times slower
 * than an idle machine): 1,000 x 512 with 33 classes, random forest fit + predict 5.5 s, logistic regression
 * 3.9 s (23 L-BFGS iterations); one BayesianRidge fit of 360 x 50 about 1.8 ms.
 *
 * <p>Parallel parts split the work into chunks that depend only on the problem size and combine them in order:
 * results are identical for any thread count.
 */
package org.genex.algorithms.supervised;
