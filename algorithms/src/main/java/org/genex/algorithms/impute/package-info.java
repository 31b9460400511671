/**
 * Missing-value imputation baselines for the imputation task (specs/gexbert.md §5.3), on {@code double[][]} rows =
 * samples with NaN = missing. Each imputer is fitted on training rows ({@code fit}) and imputes any rows
 * ({@code transform}, which returns a copy and never changes observed values).
 *
 * <ul>
 *   <li>{@link org.genex.algorithms.impute.MeanImputer}: the feature's training mean.</li>
 *   <li>{@link org.genex.algorithms.impute.KnnImputer}: scikit-learn's {@code KNNImputer} (k = 10, nan_euclidean,
 *       uniform weights).</li>
 *   <li>{@link org.genex.algorithms.impute.IterativeImputer}: scikit-learn's {@code IterativeImputer} (MICE with
 *       {@link org.genex.algorithms.supervised.BayesianRidge}, 10 rounds, ascending order), with
 *       {@code nNearestFeatures} for thousands of genes.</li>
 * </ul>
 * Features never observed in training are filled with 0 (scikit-learn's {@code keep_empty_features=True}; its
 * default drops them, which would change the shape). KNN and iterative imputation are checked against
 * scikit-learn 1.2 ({@code algorithms/scripts/baselines_golden.py}).
 */
package org.genex.algorithms.impute;
