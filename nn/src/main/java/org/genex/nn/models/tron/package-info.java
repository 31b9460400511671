/**
 * TRON, Transfer Orthology Networks (arXiv 2510.15837; specs/tron.md): a pre-trained source-species network with a
 * learned, ortholog-masked species-conversion layer prepended, trained on a few target-species samples.
 *
 * <h2>Spec formula &rarr; code</h2>
 * <table>
 *   <caption>where each formula of the spec is computed</caption>
 *   <tr><th>spec</th><th>formula</th><th>code</th></tr>
 *   <tr><td>&sect;2</td><td>x~_s = X_t (W (.) B) + 1 b^T, sparse form x~_s[i] = b[i] + sum_e w_e x_t[j]</td>
 *       <td>{@link org.genex.nn.models.tron.SparseMaskedLinear#forward} &rarr;
 *       {@link org.genex.autodiff.SparseOps#sparseLinear} (SpMM over a CSR of source genes)</td></tr>
 *   <tr><td>&sect;2</td><td>dL/dw_e = x_t[j] g[i], dL/db = g, dL/dx_t[j] = sum_e w_e g[i]</td>
 *       <td>the backward of {@code SparseOps.sparseLinear} (SDDMM, column sum, transposed SpMM)</td></tr>
 *   <tr><td>&sect;2</td><td>dense W (.) B with the mask inside the forward (reference)</td>
 *       <td>{@link org.genex.nn.models.tron.MaskedDenseLinear}</td></tr>
 *   <tr><td>&sect;2</td><td>y^ = f_theta(x~_s)</td><td>{@link org.genex.nn.models.tron.Tron#forward}</td></tr>
 *   <tr><td>&sect;2, A5</td><td>w_e^0 = 1/deg(i); b[i] = source mean for deg(i) = 0</td>
 *       <td>{@link org.genex.nn.models.tron.SparseMaskedLinear} constructor,
 *       {@link org.genex.nn.models.tron.SparseMaskedLinear#setUnmappedBias}</td></tr>
 *   <tr><td>&sect;2, &sect;5</td><td>L = L_task + lambda_1 sum|w_e| + lambda_2 sum (w_e - w_e^0)^2</td>
 *       <td>{@link org.genex.nn.models.tron.Labels#loss}, {@link org.genex.nn.models.tron.Tron#regulariser}</td></tr>
 *   <tr><td>&sect;2 stages</td><td>pre-train f_theta; transfer with theta frozen; optional joint fine-tuning at
 *       lr/10</td><td>{@link org.genex.nn.models.tron.TronTraining}</td></tr>
 *   <tr><td>&sect;2 interpretation</td><td>w_e; w_e x_t[j] df/dx~_s[i] averaged over samples; a_j</td>
 *       <td>{@link org.genex.nn.models.tron.TronInterpretation}</td></tr>
 *   <tr><td>&sect;4</td><td>f_theta: n_s &rarr; 512 &rarr; 128 &rarr; k (small: 256, 64), ReLU, dropout</td>
 *       <td>{@link org.genex.nn.models.tron.Tron#sourceNetwork}, {@link org.genex.nn.models.tron.TronConfig}</td></tr>
 * </table>
 *
 * <h2>Choices (the spec's [choice] points and ambiguities)</h2>
 * <ul>
 *   <li>A1: the map goes target &rarr; source (the only direction that feeds the source network).</li>
 *   <li>A2: f_theta is frozen during transfer ({@code requiresGrad(false)} and eval mode, so its dropout is off
 *       too); joint fine-tuning is a separate optional stage.</li>
 *   <li>A3: any edge list works (1:1, 1:many, many:1); which pairs enter the graph is the caller's choice.</li>
 *   <li>A4: the conversion layer has a bias. A5: 1/deg initialisation (NORMAL as the ablation). A6: no
 *       regularisation by default. A8: no sign constraint.</li>
 *   <li>No BatchNorm/LayerNorm in f_theta (the spec's "optional"): plain MLP.</li>
 *   <li>Kernels: the sparse products run in a gene-major [genes, N] layout so the batch is the vectorised axis of
 *       the tensor backend's SpMM/SDDMM (Vector API kernels in org.genex.tensor.cpu); x and g are transposed once
 *       per call.</li>
 *   <li>Optimiser: Adam without weight decay in every stage (the spec names Adam).</li>
 * </ul>
 *
 * <p>Runners, baselines B0&ndash;B3, preprocessing (log-CPM, per-species z-score), the ortholog graph from tables and
 * the benchmarks live in {@code org.genex.experiments.tron} (module experiments), since nn does not read files.
 */
package org.genex.nn.models.tron;
