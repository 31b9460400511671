/**
 * Survival analysis for the anchor-gene survival task (specs/gexbert.md §5.2), in double precision.
 *
 * <ul>
 *   <li>{@link org.genex.algorithms.survival.CoxPH}: Cox proportional hazards, Breslow ties, L2 penalty in
 *       lifelines' scaling (0.5 * penalizer * n * ||beta||^2), Newton-Raphson with step halving; coefficients,
 *       standard errors, Wald z and p, risk scores x.beta; {@code univariate} screening of genes.</li>
 *   <li>{@link org.genex.algorithms.survival.ConcordanceIndex}: Harrell's C with lifelines' conventions (risk
 *       ties 0.5; an event tied in time with a censored row is comparable), O(n log n), and a seeded percentile
 *       bootstrap interval.</li>
 * </ul>
 * Neither lifelines nor R is available here. The tests check CoxPH against statsmodels' {@code PHReg(ties="breslow")}
 * (coefficients, standard errors, log-likelihood, univariate p-value, on data with many tied times) and the
 * penalised optimum of its log-likelihood ({@code algorithms/scripts/cox_golden.py}); the partial likelihood
 * against its O(n^2) definition, its gradient and Hessian against finite differences, the score at beta = 0
 * against the log-rank statistic; and the C-index against its O(n^2) definition and hand-worked cases.
 */
package org.genex.algorithms.survival;
