/**
 * TRON's task runner, baselines and benchmarks (specs/tron.md &sect;3, &sect;6): where the model of
 * {@code org.genex.nn.models.tron} meets files, ortholog tables and simulators.
 * <ul>
 *   <li>{@link org.genex.experiments.tron.TronRunner}: the CLI's entry points {@code train}, {@code transfer},
 *       {@code evaluate}, {@code benchmark} (options record in, result record out, files written).</li>
 *   <li>{@link org.genex.experiments.tron.TronData}: log-CPM and per-species z-scoring (&sect;3, A7).</li>
 *   <li>{@link org.genex.experiments.tron.TronMethods}: TRON, TRON-FT and the baselines B0&ndash;B3 (&sect;6.2).</li>
 *   <li>{@link org.genex.experiments.tron.SyntheticBenchmark}: &sect;6.1 on
 *       {@link org.genex.data.sim.TwoSpecies}; {@link org.genex.experiments.tron.SemiRealBenchmark}: human PBMCs moved
 *       into mouse gene space through the real Ensembl ortholog table.</li>
 *   <li>{@link org.genex.experiments.tron.TronMetrics}, {@link org.genex.experiments.tron.EdgeRecovery}: &sect;6.3 and
 *       the edge-recovery metrics; {@link org.genex.experiments.tron.BenchmarkTables},
 *       {@link org.genex.experiments.tron.InterpretationCsv}: CSV, markdown and PNG output.</li>
 * </ul>
 * <p><b>The "true scale" of an edge (&sect;6.1 c).</b> The simulator's alpha_j multiplies the target gene's share of
 * the latent signal, but the conversion layer works on preprocessed inputs, so the ground truth is the ideal weight
 * w*_e = Cov(x_s[i], x_t[j]) / Var(x_t[j]) in that space (derivation in {@link org.genex.experiments.tron.EdgeRecovery}).
 * Spec &sect;3 z-scoring gives w* = corr(l_s[i], l_t[j]) = &radic;(S/(S+N_s)) &middot; &alpha;&radic;S /
 * &radic;(&alpha;&sup2;S + &gamma;&sup2; + N_t): alpha cancels except through the target gene's signal-to-noise
 * ratio; centring only ({@link org.genex.experiments.tron.TronData.Scaling#CENTRE}, an option of the synthetic
 * benchmark) gives w* = &alpha;S / (&alpha;&sup2;S + &gamma;&sup2; + N_t) &asymp; 1/alpha. The benchmark reports
 * corr(w, alpha), corr(w, 1/alpha) and Pearson/Spearman corr(w, w*), with w* from the simulated population.
 *
 * <p>Results and the commands that made them: {@code docs/tron/README.md}. Single-threaded apart from the tensor
 * kernels; every random choice comes from a seeded {@link org.genex.tensor.Rng}.
 */
package org.genex.experiments.tron;
