/**
 * The single-cell causal application of the NPP paper (npp.md &sect;4): the data and the confounder transform
 * ({@link org.genex.algorithms.bayes.causal.CellData}), the estimand ({@link org.genex.algorithms.bayes.causal.CausalData}),
 * the parametric arm ({@link org.genex.algorithms.bayes.causal.CausalLinearModel}), the nonparametric arm written in
 * place of BART ({@link org.genex.algorithms.bayes.causal.OutcomeRegressionBootstrap}) and the gBF
 * ({@link org.genex.algorithms.bayes.causal.CausalGbf}).
 */
package org.genex.algorithms.bayes.causal;
