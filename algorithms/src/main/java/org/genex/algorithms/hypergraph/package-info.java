/**
 * Random walks on the cell-gene hypergraph of an expression matrix, for cell clustering (He, Bolnick, Scarpino,
 * Eliassi-Rad, arXiv 2501.11760: DIPHW and CoMem-DIPHW; baseline EDHW/EDVW of Chitra and Raphael 2019), and the
 * pipeline from walks to cell embeddings. The spec is {@code specs/hypergraph-walks.md}.
 *
 * <h2>Formulas and classes</h2>
 * <table>
 *   <caption>spec sections and their classes</caption>
 *   <tr><th>spec</th><th>formula</th><th>where</th><th>status</th></tr>
 *   <tr><td>1</td><td>CPM, {@code ln(x+1)} (real) or {@code log2(x+1)} (simulation), drop empty, seurat HVG, drop
 *       empty</td><td>{@link org.genex.algorithms.hypergraph.HypergraphPreprocessing}</td><td>from the code</td></tr>
 *   <tr><td>2</td><td>nodes = cells, hyperedges = genes, {@code γ_e(v) = Γ[e,v]}, incidence {@code Γ > 0}</td>
 *       <td>{@link org.genex.algorithms.hypergraph.CellGeneHypergraph}</td><td>from the code</td></tr>
 *   <tr><td>2</td><td>{@code G_E}, {@code G_V} = |Pearson| with zero diagonal (full, top-k or given)</td>
 *       <td>{@link org.genex.algorithms.hypergraph.CoExpression},
 *       {@link org.genex.algorithms.hypergraph.CoExpressionNetwork}</td><td>full: from the code; top-k: added
 *       here for large data</td></tr>
 *   <tr><td>2.1</td><td>{@code P = D_V^-1 W D_E^-1 R}, {@code ω(e) = δ(e) = T_e}</td>
 *       <td>{@link org.genex.algorithms.hypergraph.TwoStepWalk#edhw()}</td><td>Chitra and Raphael, as wired
 *       in the authors' code</td></tr>
 *   <tr><td>2.2</td><td>{@code P = D_S^-1 Γ^T rownorm(Γ^α)}</td>
 *       <td>{@link org.genex.algorithms.hypergraph.TwoStepWalk#diphw(double)} (and
 *       {@link org.genex.algorithms.hypergraph.TwoStepWalk#diphwSwapped(double) the swapped reading})</td>
 *       <td><b>reconstructed</b>: the authors' {@code DIPHW.py} is not public</td></tr>
 *   <tr><td>2.3</td><td>{@code Q = (P1 P2 P3) ∘ G_V}, rows normalised</td>
 *       <td>{@link org.genex.algorithms.hypergraph.CoMemWalk}</td><td><b>reconstructed</b>: the authors'
 *       {@code CoMemDIPHW.py} is not public</td></tr>
 *   <tr><td>3.1</td><td>30 walks of 30 cells per cell, first-order chain on cells</td>
 *       <td>{@link org.genex.algorithms.hypergraph.RandomWalks}, {@link org.genex.algorithms.hypergraph.WalkCorpus},
 *       {@link org.genex.algorithms.hypergraph.WalkConfig}</td><td>from the code (start counted in the
 *       length, as the spec recommends)</td></tr>
 *   <tr><td>3.2</td><td>skip-gram on the walks, tokens = cells</td>
 *       <td>{@link org.genex.algorithms.hypergraph.HypergraphEmbedding} (with {@code org.genex.algorithms.embed})
 *       </td><td>from the code</td></tr>
 * </table>
 * Both reconstructions sit behind {@link org.genex.algorithms.hypergraph.TransitionStrategy}: another reading of
 * the paper is a new strategy ({@link org.genex.algorithms.hypergraph.TwoStepWalk#of} takes any step weights),
 * nothing else changes. Confirm them against the paper's Methods before relying on them. One check the spec asks
 * for holds by construction and is tested: with {@code α = 1} and step-1 weights {@code T_e}, DIPHW is EDHW.
 *
 * <h2>Sampling without a cells x cells matrix</h2>
 * Every walk is a first-order Markov chain on cells with transition matrix {@code P}, sampled directly from sparse
 * tables: O(1) alias draws per step over the rows of the hypergraph ({@code cell -> gene -> cell}, 12 bytes per
 * incidence per step) and, for CoMem, over the gene network. CoMem's memory factor {@code G_V[v, w]} is applied
 * either exactly by rejection (full network: a proposal is accepted with probability |r(v, w)|, computed on demand)
 * or on the edges of a sparse cell network (top-k or given). The tests compare the empirical transition
 * frequencies of sampled walks with {@code P} computed densely from the spec's formulas, for every strategy.
 *
 * <h2>Which co-expression networks</h2>
 * The methods against the paper's numbers are in {@code docs/hypergraph/README.md} (package {@code experiments}).
 * How the network choice changes CoMem-DIPHW, on the paper's simulation (3000 genes x 1000 cells, 30 modules,
 * walks 30 x 30, vector size 30, 5 epochs, k-means with k = 30; mean ARI of seeds 42 and 43, from a one-off sweep
 * program since replaced by {@code experiments.SimulationSweep}, which runs the authors' full networks only):
 * <table>
 *   <caption>ARI at g_avg = 20 / 40 / 80 genes per module</caption>
 *   <tr><td>CoMem-DIPHW α = 50, genes full, cells full (the authors' networks)</td><td>0.03 / 0.27 / 0.54</td></tr>
 *   <tr><td>CoMem-DIPHW α = 50, genes full, cells top-10</td><td>0.07 / 0.61 / 0.90</td></tr>
 *   <tr><td>CoMem-DIPHW α = 50, genes top-10, cells top-10</td><td>0.08 / 0.67 / 0.93</td></tr>
 *   <tr><td>CoMem (α = 1), full networks</td><td>0.04 / 0.47 / 0.92 (paper: 0.11 / 0.77 / 0.94)</td></tr>
 *   <tr><td>DIPHW α = 50, for comparison</td><td>0.13 / 0.67 / 0.70</td></tr>
 *   <tr><td>DIPHW-swapped α = 50</td><td>0.00 / 0.01 / 0.01</td></tr>
 * </table>
 * With full networks the sum of many small |r| (shared zeros make even unrelated cells and genes correlate at
 * about 0.1) outweighs the few strong partners, so the gene hop and the memory factor spread the walk over the
 * whole data: on the small simulation of section 9 (g_avg 20 and 40) only 15-24% of CoMem-DIPHW's steps stay
 * inside a module with full networks, against 55-85% with a top-10 cell network. A top-k network keeps the walk
 * local, like a kNN graph: each step moves to one of the current cell's k partners. A second effect concerns the
 * exponent: with α = 50 a gene sends the walk to the cell where it is highest, often the cell the walk came from
 * (DIPHW stays on its cell in 30-60% of the steps on the small simulation). The swapped DIPHW reading fails
 * completely.
 *
 * <h2>Threads and determinism</h2>
 * Tables are built in parallel over rows, each row independently; walk {@code (round r, start c)} draws from its own
 * stream {@code Rng.seeded(seed).fork("walks").fork(r * cells + c)}, and walks are generated in fixed blocks: the
 * walks are identical for any thread count, and streamed walks equal stored ones. Skip-gram's determinism is
 * described in {@code org.genex.algorithms.embed}.
 *
 * <h2>Performance</h2>
 * Measured with {@code org.genex.bench.WalkBench} (main program) on 2 vCPUs (AMD EPYC, AVX-512) shared with other
 * jobs, on {@code PlantedExpression} data (2,000 genes, 200 per cell), DIPHW α = 50, 30 walks of 30 cells per
 * cell, vector size 30, 5 epochs, 2 threads (the current figures are in docs/benchmarks.md and docs/hypergraph,
 * "Scale"; the items below are the history):
 * <ul>
 *   <li>2026-11-22 05:01 sitting and single runs after it, 100,000 cells, with the window-shared update software-
 *       pipelined (rows touched a sentence ahead): shared negatives and a pool of 4,096 109.8 s in the sitting,
 *       106.5-116.9 s in three single runs (4.1-4.4 M tokens/s); shared negatives alone 115.7 and 136.8 s; gensim's
 *       update 285.5 s (415 s in the sitting, with the pipelining it no longer uses). Walks 2.8-5.0 s.</li>
 *   <li>2026-11-22 02:49 sitting, 100,000 cells: tables 2-3 s, walks 3.7-5.7 s (batched steps, 530,000-810,000
 *       walks/s), skip-gram with window-shared negatives and a noise pool of 4,096 (the blocked window kernel)
 *       3.90 M tokens/s: 121.6 s in all (115.8 s in a single run earlier); shared negatives alone 150 s, gensim's
 *       update 335 s. ARI 1.000 against the planted modules for all three.</li>
 *   <li>100,000 cells (20 M non-zeros), stored walks: tables 2.1 s (480 MB), walks 12.6 s (239,000 walks/s,
 *       6.9 M steps/s), skip-gram 456 s (0.99 M tokens/s, 5.5 M pairs/s): 470 s in all, 933 s of CPU. The goal of
 *       2 minutes is not reached: skip-gram is bound by memory latency (every pair reads and writes five random
 *       rows of a 12.8 MB output matrix), 2.7 M pairs/s per thread against 7 to 10 M at 5,000 to 10,000 cells.
 *       With streamed walks the run fits a 1.4 GB heap (not 1 GB); one epoch took 362 s on a busier machine (the
 *       walk tables evict the vectors from the cache), so stored walks are the default.</li>
 *   <li>The same with skip-gram's {@code Word2VecConfig.sharedNegatives} (one noise draw per window, see
 *       {@code org.genex.algorithms.embed.SkipGram}) and the two-pass sentences, {@code WalkBench cells=100000
 *       sharedNegatives=true}, on a machine loaded by other jobs (load average 11 to 16 on 2 cores): 524.8 s of
 *       CPU in all (was 933 s), skip-gram about 5.1 M pairs per CPU-second per thread (was 2.7); 1,454 s of wall
 *       time under that load, so about 260 s on an idle machine: still above the 2-minute goal. One thread, same
 *       sitting, subsets of about 3 M tokens ({@code org.genex.bench.SkipGramCpuBench}): at 100,000 cells 1.5 to 1.8
 *       M pairs/CPU-s before, 2.7 to 3.1 with gensim's update in two passes, 5.0 to 5.5 with shared negatives; at
 *       10,000 cells 5.2 to 5.8, 6.1 and 7.6 (the table in {@code org.genex.algorithms.embed}). DIPHW ARI on the
 *       small planted simulation is unchanged within the seed-to-seed spread.</li>
 *   <li>Beside the authors' stack (scripts/peers/walks_python.py: numpy dense P with a vectorised inverse-CDF
 *       walker, gensim 4.2 with 2 workers), same sitting: walks/s 78,000 vs 80,000 at 1,000 cells, 172,000 vs
 *       17,600 at 4,000, 210,000 vs 13,000 at 10,000; skip-gram tokens/s 1.33 M vs 0.173 M, 1.54 M vs 0.185 M,
 *       1.37 M vs 0.164 M (7.7 to 8.4 times).</li>
 * </ul>
 *
 * <h2>Memory</h2>
 * The hypergraph holds the non-zeros twice (by cell and by gene, 16 bytes per non-zero), a two-step walk's tables
 * 24 bytes per non-zero; stored walks {@code 4 x cells x walks x length} bytes, streamed walks none; skip-gram
 * {@code 2 x cells x stride} floats. CoMem adds the gene network ({@code genes^2} entries when full) and, with a
 * sparse cell network, {@code cells x k} entries; computing an exact top-k cell network takes {@code O(cells^2)}
 * time.
 */
package org.genex.algorithms.hypergraph;
