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
 * </ul>
 *
 * <p>Parallel parts split the work into chunks that depend only on the problem size and combine them in order:
 * results are identical for any thread count.
 */
package org.genex.algorithms.supervised;
