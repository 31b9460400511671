/**
 * Skip-gram embeddings of integer token sequences (random walks over cells), as gensim's {@code Word2Vec} computes
 * them, and the alias tables that both the walks and the noise distribution sample from.
 *
 * <h2>Formulas and classes</h2>
 * <table>
 *   <caption>spec section 3 step 2 (gensim Word2Vec, sg=1, negative sampling)</caption>
 *   <tr><th>formula / gensim behaviour</th><th>where</th></tr>
 *   <tr><td>maximise {@code log σ(u_o·v_c) + Σ_{k=1..5} log σ(−u_{n_k}·v_c)} per (centre, context) pair;
 *       gensim's update order ({@code fast_sentence_sg_neg}: output rows at once, input row at the end)</td>
 *       <td>{@link org.genex.algorithms.embed.SgnsKernels#trainPair} (scalar and Vector API paths)</td></tr>
 *   <tr><td>option {@code sharedNegatives} (off by default; not gensim): one draw of the noise tokens per centre
 *       token, shared by its window's pairs, the window updated as one {@code [contexts, 1 + negative]} block from
 *       the values before it (Ji et al. 2016 / pWord2Vec, BlazingText)</td>
 *       <td>{@link org.genex.algorithms.embed.SgnsKernels#trainWindow}, {@link
 *       org.genex.algorithms.embed.Word2VecConfig#sharedNegatives()}; the departures in {@link
 *       org.genex.algorithms.embed.SkipGram}</td></tr>
 *   <tr><td>noise ∝ count^0.75 ({@code make_cum_table}); dynamic window {@code b ~ U{0..window-1}}; job-wise
 *       linear decay {@code alpha → min_alpha}; input vectors U[−1/dim, 1/dim) (gensim 4), output vectors 0</td>
 *       <td>{@link org.genex.algorithms.embed.SkipGram}</td></tr>
 *   <tr><td>down-sampling {@code p = (sqrt(c/t) + 1) t/c}, {@code t = sample · total}, as a 32-bit threshold
 *       ({@code sample_int})</td><td>{@link org.genex.algorithms.embed.SkipGram#sampleInt} (checked against
 *       gensim 4.2's values)</td></tr>
 *   <tr><td>gensim's defaults (vector_size 100, window 5, negative 5, sample 1e-3, alpha 0.025, min_alpha 1e-4,
 *       epochs 5, batch_words 10000)</td><td>{@link org.genex.algorithms.embed.Word2VecConfig}</td></tr>
 *   <tr><td>Walker's alias method (Vose), one table per CSR row, O(1) draws</td>
 *       <td>{@link org.genex.algorithms.embed.AliasTables}</td></tr>
 * </table>
 * Nothing here is reconstructed: with the default {@code sharedNegatives = false} the departures from gensim are
 * numeric only (an interpolated σ instead of
 * gensim's 1000-step table, an alias table instead of a binary search, gensim's LCG seeded from genex's
 * {@link org.genex.tensor.Rng} streams, so not gensim's random numbers) and listed in {@link
 * org.genex.algorithms.embed.SkipGram}.
 *
 * <h2>Threads and determinism</h2>
 * Training is cut into jobs of about 10,000 tokens (a function of the corpus only), each with its own random
 * stream. With {@code Word2VecConfig.threads() == 1} the result is bit-identical for a seed (the vector path adds
 * dot-product lanes in a fixed order); with 0 the jobs run on the shared pool with Hogwild updates, like gensim's
 * workers, and results vary from run to run.
 *
 * <h2>Performance</h2>
 * Rows are stored with a stride of whole vectors (32 floats for vector size 30 with AVX-512), so a pair's six
 * targets are two full-vector loads, a dot product and two stores each, with the input row and its update held in
 * registers; the vector path folds the lanes of two dot products together. Memory: {@code 2 x vocabulary x stride}
 * floats plus the corpus (or nothing, for a streamed one). Each sentence's noise tokens are drawn and its rows
 * touched once before its updates, so that their cache misses overlap; with the window-shared update one sentence
 * ahead, so that they have arrived when the updates need them (see {@link org.genex.algorithms.embed.SkipGram}).
 * Once the two tables outgrow the caches (2 x 100,000 x 32 floats = 26 MB) a noise row is a cache miss, drawn 5
 * times per pair with gensim's update: that is what the {@code sharedNegatives} option cuts, to 5 per window. Row 0
 * of a large table is placed so that rows start on 64-byte lines where the JVM's placement of the array is known
 * ({@code RowAlignment}: two lines per row instead of three; about 1.3x at 100,000 cells).
 *
 * <p>Measured with {@code org.genex.bench.SkipGramCpuBench} (one thread, thread CPU time, one epoch of DIPHW walks
 * over {@code WalkBench}'s simulated data, about 3 M tokens; the machine shared, load average 12 to 16 on 2 cores,
 * so absolute figures are low), million pairs per CPU-second:
 * <table>
 *   <caption>skip-gram, vector size 30, window 5, 5 negatives</caption>
 *   <tr><th>cells</th><th>gensim's update, before the two-pass sentences</th><th>gensim's update</th>
 *       <th>shared negatives, one pass</th><th>shared negatives</th></tr>
 *   <tr><td>10,000</td><td>5.2 to 5.8</td><td>6.1</td><td>5.3 to 6.5</td><td>7.6</td></tr>
 *   <tr><td>30,000</td><td>3.1 to 3.4</td><td>4.8</td><td>3.9 to 4.9</td><td>6.0</td></tr>
 *   <tr><td>100,000</td><td>1.5 to 1.8</td><td>2.7 to 3.1</td><td>3.3 to 3.8</td><td>5.0 to 5.5</td></tr>
 * </table>
 * (about 5.5 pairs per token.) On the planted simulator (hypergraph {@code SimulationSweep --small [--shared-negatives]
 * --methods DIPHW --seeds 5}) the ARI with shared negatives is within the seed-to-seed spread of gensim's update:
 * mean (sd) at 10 / 20 / 40 / 80 genes per module 0.162 (0.026), 0.650 (0.077), 0.786 (0.151), 0.986 (0.028) with
 * gensim's update; 0.148 (0.037), 0.633 (0.086), 0.820 (0.119), 0.994 (0.006) with shared negatives.
 * Two Hogwild threads gave little on 2 vCPUs when the vectors fit the caches (rows written by one core are fetched
 * from the other's cache); at 100,000 cells with shared negatives the full run (the hypergraph package) spent about
 * the one-thread CPU per pair. gensim 4.2 on the same corpora: about 0.17 M tokens/s with 2 workers (see the
 * hypergraph package).
 *
 * <p><b>The blocked window kernel</b> (2026-11-22). With AVX-512 (16 lanes), rows of 32 floats and at most 8 targets,
 * the window update takes a blocked form: the 16 scores of two contexts against 8 targets come out of one tree of
 * lane folds (four levels of blend, permute and add) in natural order, the logistic function is computed on those
 * 16 lanes at once (a polynomial e^x and one division), and the updates run with four accumulators in registers
 * (two contexts or two targets at a time). The general loop spent its time not on arithmetic but on the bookkeeping
 * of short loops (an index, a bounds check and a broadcast per fused multiply-add; a chain of rotations per dot
 * product): about 500 ns per window of 6 contexts and 6 targets against about 250 ns blocked (the same process,
 * rows in cache). {@code SkipGramCpuBench} with shared negatives, the two kernels minutes apart on a quiet host,
 * M tokens per CPU-second, two repeats: 1,000 cells 1.41 / 1.64 before, 3.13 after (the first repeat warms up);
 * 10,000 cells 1.63 / 1.60 before, 2.39 / 2.47 after; with a noise pool of 4,096, 1,000 cells 1.77 / 2.16 before,
 * 2.68 / 3.40 after; 100,000 cells 1.53 / 1.39 before, 1.55 / 1.88 after (there memory dominates: the noise rows and
 * the sentence rows cost about 40% of the time). Two things the kernel must not do, found on the way: take or
 * return a vector through a method C2 does not inline, or choose a mask with a branch (both box a vector per call).
 */
package org.genex.algorithms.embed;
