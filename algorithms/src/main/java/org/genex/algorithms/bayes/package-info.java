/**
 * NPP and gNPP: adaptive nonparametric perturbations of parametric Bayesian models (Wu, Weinstein, Salehi, Wang &amp;
 * Blei, arXiv 2412.10683, v1 code {@code bohanwu424/npp}); the formulas of {@code shared/specs/npp.md} map to classes
 * as follows.
 *
 * <table>
 *   <caption>npp.md &rarr; classes</caption>
 *   <tr><th>npp.md</th><th>formula</th><th>class</th></tr>
 *   <tr><td>&sect;2 (model API)</td><td>&theta; ~ &pi;, x | &theta; ~ f<sub>&theta;</sub>, &phi;(f<sub>&theta;</sub>)</td>
 *       <td>{@link org.genex.algorithms.bayes.ParametricModel}: {@link org.genex.algorithms.bayes.GaussianLocationModel},
 *       {@link org.genex.algorithms.bayes.BayesianLinearRegression} (conjugate NIG; reference prior with &sigma;&sup2;,
 *       the default; the paper's variant), {@link org.genex.algorithms.bayes.NegativeBinomialGlm} (HMC,
 *       {@link org.genex.algorithms.bayes.Hmc}, {@link org.genex.algorithms.bayes.Ess})</td></tr>
 *   <tr><td>&sect;2 steps 1&ndash;7</td><td>the gNPP algorithm</td><td>{@link org.genex.algorithms.bayes.Gnpp}</td></tr>
 *   <tr><td>&sect;2 step 4</td><td>K = 1/(1 + ((1&minus;s)/s) T((D&#773;<sub>po</sub>/D&#773;<sub>pr</sub>)(n+1)<sup>&gamma;</sup>)), clipped</td>
 *       <td>{@link org.genex.algorithms.bayes.GeneralizedBayesFactor}</td></tr>
 *   <tr><td>&sect;2 step 6</td><td>Bayesian bootstrap, weighted quantile (knots cumsum(w) &minus; w/2)</td>
 *       <td>{@link org.genex.algorithms.bayes.BayesianBootstrap}, {@link org.genex.algorithms.bayes.Quantiles}</td></tr>
 *   <tr><td>&sect;2 step 7, &sect;7.6</td><td>the mixture posterior, intervals, P(&phi; &lt; 0)</td>
 *       <td>{@link org.genex.algorithms.bayes.MixturePosterior}</td></tr>
 *   <tr><td>&sect;2.1</td><td>W<sub>p</sub><sup>p</sup> by merged quantile functions</td><td>{@link org.genex.algorithms.bayes.Wasserstein1D}</td></tr>
 *   <tr><td>&sect;2.1</td><td>MMD&sup2; U-statistic, RBF/IMQ, median heuristic</td>
 *       <td>{@link org.genex.algorithms.bayes.Mmd}, {@link org.genex.algorithms.bayes.Kernels}</td></tr>
 *   <tr><td>&sect;2.1</td><td>KSD with the IMQ kernel</td><td>{@link org.genex.algorithms.bayes.Ksd}</td></tr>
 *   <tr><td>&sect;2 step 3</td><td>D(f<sub>&theta;</sub>, x) by simulation or by the score</td><td>{@link org.genex.algorithms.bayes.GbfDivergence}</td></tr>
 *   <tr><td>&sect;1.1</td><td>exact NPP with the embedded P&oacute;lya tree, log BF, predictive</td>
 *       <td>{@link org.genex.algorithms.bayes.PolyaTreeNpp}</td></tr>
 *   <tr><td>&sect;3</td><td>the skew-normal truth, the synthetic experiment</td>
 *       <td>{@link org.genex.algorithms.bayes.SkewNormal}, {@code experiments.SyntheticExperiment}</td></tr>
 *   <tr><td>&sect;4</td><td>the single-cell application</td><td>{@code causal.*}, {@code experiments.SingleCellApplication}</td></tr>
 * </table>
 *
 * <p>Deviations from the authors' code, each documented where it lives: node masses of the P&oacute;lya tree computed
 * on the accurate side of the mean; a {@link org.genex.algorithms.bayes.GeneralizedBayesFactor.NegativePolicy#FLOOR}
 * option for the code's sign flip of K at negative divergences (the default, PAPER, reproduces it); the application's
 * nonparametric arm is a Bayesian-bootstrap g-formula with a flexible ridge regression instead of BART; P(ATE &lt; 0)
 * of the parametric arm in closed form instead of from 1000 draws.
 *
 * <p>Threading: the divergences of the M parameter draws run in parallel on genex's shared pool
 * ({@link org.genex.tensor.Parallel}), one random stream per draw, so results do not depend on the thread count;
 * the MMD's kernel sums use the Vector API when {@code jdk.incubator.vector} is present
 * ({@code -Dgenex.simd=false} forces the scalar path). Everything is in double precision.
 */
package org.genex.algorithms.bayes;
