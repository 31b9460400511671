/**
 * Simulators of single-cell count data with ground truth, so that every model, demo and test can run without
 * downloads. Each takes a configuration record (every parameter with its default and meaning) and an
 * {@link org.genex.tensor.Rng}, and returns an {@link org.genex.data.AnnData} whose X holds the counts (CSR float32,
 * cells &times; genes) and whose obs, var, layers and uns hold the truth the counts were drawn from.
 *
 * <ul>
 *   <li>{@link org.genex.data.sim.Splatter}: the Splat model of splatter (Zappia et al. 2017) with its default
 *       parameters: gamma gene means with outliers, log-normal library sizes, batch effects, groups with DE factors
 *       or differentiation paths, the BCV mean&ndash;variance trend, gamma&ndash;Poisson counts and logistic
 *       dropout; plus doublets.</li>
 *   <li>{@link org.genex.data.sim.PlantedHypergraph}: the planted-module generator of the hypergraph-walk
 *       clustering paper ({@code specs/hypergraph-walks.md} &sect;7), with cell and gene module labels ("NA" outside
 *       every module) and its log2(CPM + 1) layer.</li>
 * </ul>
 *
 * <p>Each simulator splits one stream off the given Rng and derives a named stream per part of the model (and per
 * cell where cells are independent), so results depend only on the seed: not on the thread count, and not (for
 * Splatter's doublets and dropout) on options that add draws elsewhere.
 */
package org.genex.data.sim;
