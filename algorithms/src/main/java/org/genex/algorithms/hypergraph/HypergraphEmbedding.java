package org.genex.algorithms.hypergraph;

import org.genex.algorithms.cluster.KMeans;
import org.genex.algorithms.embed.Corpus;
import org.genex.algorithms.embed.SkipGram;
import org.genex.algorithms.embed.Word2VecConfig;
import org.genex.tensor.Tensor;

/**
 * Walks to embeddings (spec section 3, steps 1 and 2), in one call: prepare the walk's sampling tables on the
 * hypergraph, draw {@code walksPerNode x cells} walks, and train skip-gram on them with tokens = cell indices. The
 * embedding of cell v (row v, in the hypergraph's cell order; {@link CellGeneHypergraph#cellIds()} maps rows back to
 * the input) is its skip-gram input vector, as the scripts take {@code model.wv[cell]}. Step 3, k-means on the
 * embedding, is {@link #cluster}.
 *
 * <p>Memory: the hypergraph and the tables are O(nnz), the vectors {@code 2 x cells x dim} floats; stored walks add
 * {@code 4 x cells x walksPerNode x walkLength} bytes, streamed walks nothing (each epoch, and the vocabulary count,
 * regenerates them: one walk pass per epoch plus one).
 */
public final class HypergraphEmbedding {
    private HypergraphEmbedding() {}

    /** Whether the walks are kept in memory or regenerated on each pass. */
    public enum WalkStorage {
        /** Walk once, keep every token: faster when the walks are expensive, {@code 4 x tokens} bytes. */
        STORED,
        /** Regenerate the walks on every pass (same walks): no token storage. */
        STREAMED
    }

    /**
     * The embedding and what produced it.
     *
     * @param embedding     {@code [cells, vectorSize]} cell embeddings
     * @param model         the skip-gram result (input and output vectors, counts)
     * @param transitions   the walk's prepared tables
     * @param prepareNanos  time spent building the tables
     * @param walkNanos     time spent drawing the stored walks (0 when streamed: then inside trainNanos)
     * @param trainNanos    time spent in skip-gram (with the vocabulary pass)
     */
    public record Result(Tensor embedding, SkipGram.Result model, Transitions transitions, long prepareNanos,
                         long walkNanos, long trainNanos) {}

    /**
     * Spec section 3 step 3: k-means on the embedding with k-means++ seeding and 10 restarts (scikit-learn's
     * {@code KMeans(n_clusters=k, n_init=10, random_state=seed)}, the scripts' {@code seed = 42 + run}), applied
     * directly to the embedding as in the simulation and scMixology benchmarks. Returns a label in
     * {@code 0 .. k-1} per cell (row of the embedding).
     */
    public static int[] cluster(Tensor embedding, int k, long seed) {
        return KMeans.labels(embedding, KMeans.Config.of(k, seed));
    }

    /** The cell embeddings ({@code [cells, vectorSize]}) with stored walks. */
    public static Tensor embed(CellGeneHypergraph h, TransitionStrategy strategy, WalkConfig walks,
                               Word2VecConfig skipGram) {
        return run(h, strategy, walks, skipGram, WalkStorage.STORED).embedding();
    }

    /** Walks and skip-gram with the chosen walk storage, with timings. */
    public static Result run(CellGeneHypergraph h, TransitionStrategy strategy, WalkConfig walks,
                             Word2VecConfig skipGram, WalkStorage storage) {
        if (h == null || strategy == null || walks == null || skipGram == null || storage == null)
            throw new IllegalArgumentException("HypergraphEmbedding.run: null argument");
        long t0 = System.nanoTime();
        Transitions transitions = strategy.prepare(h);
        long t1 = System.nanoTime();
        Corpus corpus = storage == WalkStorage.STORED ? RandomWalks.sample(transitions, walks)
                : RandomWalks.stream(transitions, walks);
        long t2 = System.nanoTime();
        SkipGram.Result model = SkipGram.train(corpus, skipGram);
        long t3 = System.nanoTime();
        return new Result(model.vectors(), model, transitions, t1 - t0, t2 - t1, t3 - t2);
    }
}
