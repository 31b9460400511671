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
 * Results and the commands that made them: {@code docs/tron/README.md}. Single-threaded apart from the tensor
 * kernels; every random choice comes from a seeded {@link org.genex.tensor.Rng}.
 */
package org.genex.experiments.tron;
