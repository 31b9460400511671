/**
 * Loss functions: static methods on {@link org.genex.autodiff.Var}s with PyTorch's definitions, defaults and
 * {@link org.genex.autodiff.Functional.Reduction reduction} semantics (NONE, MEAN, SUM; MEAN unless stated).
 *
 * <table>
 *   <caption>Each loss, its formula (per element or per row, before the reduction) and its reference</caption>
 *   <tr><th>genex</th><th>formula</th><th>PyTorch / reference</th></tr>
 *   <tr><td>{@link org.genex.nn.loss.Losses#mse Losses.mse}</td><td>(x - y)^2</td>
 *       <td>{@code F.mse_loss}</td></tr>
 *   <tr><td>{@link org.genex.nn.loss.Losses#l1 Losses.l1}</td><td>|x - y|</td><td>{@code F.l1_loss}</td></tr>
 *   <tr><td>{@link org.genex.nn.loss.Losses#smoothL1 Losses.smoothL1}</td>
 *       <td>d = |x - y|: 0.5 d^2 / beta if d &lt; beta, else d - 0.5 beta (beta = 1)</td>
 *       <td>{@code F.smooth_l1_loss}</td></tr>
 *   <tr><td>{@link org.genex.nn.loss.Losses#huber Losses.huber}</td>
 *       <td>0.5 d^2 if d &lt; delta, else delta (d - 0.5 delta) (delta = 1)</td><td>{@code F.huber_loss}</td></tr>
 *   <tr><td>{@link org.genex.nn.loss.Losses#crossEntropy Losses.crossEntropy}</td>
 *       <td>-w[t] log softmax(z)[t], class weights, ignore_index -100, label smoothing</td>
 *       <td>{@code F.cross_entropy} (fused: {@link org.genex.autodiff.Functional#crossEntropy})</td></tr>
 *   <tr><td>{@link org.genex.nn.loss.Losses#bceWithLogits Losses.bceWithLogits}</td>
 *       <td>(1 - t) x + (1 + (pw - 1) t) softplus(-x), times weight; = max(x, 0) - x t + log(1 + exp(-|x|))</td>
 *       <td>{@code F.binary_cross_entropy_with_logits} (weight, pos_weight)</td></tr>
 *   <tr><td>{@link org.genex.nn.loss.Losses#sigmoidFocal Losses.sigmoidFocal}</td>
 *       <td>alpha_t (1 - p_t)^gamma bce(x, t) (alpha 0.25, gamma 2, reduction NONE)</td>
 *       <td>{@code torchvision.ops.sigmoid_focal_loss} (Lin et al. 2017)</td></tr>
 *   <tr><td>{@link org.genex.nn.loss.Losses#infoNce Losses.infoNce}, {@link org.genex.nn.loss.Losses#clip
 *       Losses.clip}</td>
 *       <td>logits = a b^T / T (optionally of L2-normalised rows); (CE(logits, i) + CE(logits^T, i)) / 2</td>
 *       <td>CLIP / OpenCLIP {@code ClipLoss} (logits scaled by exp(logit_scale)); InfoNCE (Oord et al. 2018)</td></tr>
 *   <tr><td>{@link org.genex.nn.loss.CoxLoss#breslow CoxLoss.breslow}</td>
 *       <td>-(1 / #events) sum_{i: event} (eta_i - log sum_{j: t_j &gt;= t_i} exp(eta_j)), Breslow ties</td>
 *       <td>pycox {@code CoxPHLoss} (normalised by the number of events), DeepSurv</td></tr>
 *   <tr><td>{@link org.genex.nn.loss.CountLikelihoods#logNbPositive CountLikelihoods.logNbPositive},
 *       {@link org.genex.nn.loss.CountLikelihoods#nbNll nbNll}</td>
 *       <td>NB log-likelihood with mean mu and inverse dispersion theta, through lgamma</td>
 *       <td>scvi-tools {@code log_nb_positive} (same operations, same eps = 1e-8)</td></tr>
 *   <tr><td>{@link org.genex.nn.loss.CountLikelihoods#logZinbPositive CountLikelihoods.logZinbPositive},
 *       {@link org.genex.nn.loss.CountLikelihoods#zinbNll zinbNll}</td>
 *       <td>zero-inflated NB with dropout logits pi</td><td>scvi-tools {@code log_zinb_positive}</td></tr>
 * </table>
 *
 * <p><b>Masks.</b> Every elementwise loss (all but cross-entropy, whose rows are left out with an ignore index, the
 * contrastive losses and the Cox loss, whose risk sets couple the subjects) takes an optional mask: a constant
 * tensor of 0s and 1s broadcast to the per-element losses. Masked-out elements are selected away (their losses,
 * even infinite ones, reach neither the value nor the gradient; padding should still hold finite inputs, since a NaN
 * input turns a zero gradient into NaN, as in PyTorch); MEAN divides by the number of elements kept; with none kept
 * MEAN is NaN (0/0) with a zero gradient, as PyTorch's mean of an empty tensor and its cross-entropy with every row
 * ignored; NONE returns 0 at masked-out elements.
 *
 * <p><b>Where genex differs from PyTorch.</b> Elementwise losses require input and target of the same shape
 * (PyTorch broadcasts {@code mse_loss} and {@code l1_loss} with a warning). The focal loss computes 1 - p_t as
 * p (1 - t) + (1 - p) t with 1 - p = sigmoid(-x) (the same value, without cancellation). The Cox loss handles ties
 * by Breslow's rule exactly (pycox's sorted cumulative sum depends on the order of tied subjects) and shifts each
 * risk set's log-sum-exp by its own maximum. The count likelihoods reject counts &lt; 0, mu &lt; 0 and theta &lt;= 0
 * (scvi-tools returns NaN or -inf there).
 *
 * <p>Threading and performance: the losses are compositions of autodiff primitives (cross-entropy is one fused
 * node), so they run on the backend of their inputs' device with its parallel kernels; the Cox loss builds its n x n
 * risk-set matrix on the host (O(n^2)). Tests compare each loss with a double-precision reference written in the
 * test, check every gradient with {@link org.genex.autodiff.GradCheck}, and compare values, reductions, masked
 * variants and gradients with golden files computed by PyTorch ({@code nn/scripts/golden_losses.py}).
 */
package org.genex.nn.loss;
