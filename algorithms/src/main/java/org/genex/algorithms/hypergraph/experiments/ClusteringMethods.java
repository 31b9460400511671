package org.genex.algorithms.hypergraph.experiments;

import org.genex.algorithms.cluster.KMeans;
import org.genex.algorithms.cluster.Leiden;
import org.genex.algorithms.embed.Word2VecConfig;
import org.genex.algorithms.graph.Neighbors;
import org.genex.algorithms.hypergraph.CellGeneHypergraph;
import org.genex.algorithms.hypergraph.CoExpressionNetwork;
import org.genex.algorithms.hypergraph.CoMemWalk;
import org.genex.algorithms.hypergraph.HypergraphEmbedding;
import org.genex.algorithms.hypergraph.TransitionStrategy;
import org.genex.algorithms.hypergraph.TwoStepWalk;
import org.genex.algorithms.hypergraph.WalkConfig;
import org.genex.algorithms.reduce.Pca;
import org.genex.tensor.Tensor;

/**
 * The five clustering methods compared in the hypergraph-walk experiments ({@code specs/hypergraph-walks.md}
 * sections 3-5), all on a preprocessed {@link CellGeneHypergraph} (cells x selected genes, log-CPM values):
 * <ul>
 *   <li>{@link Method#EDHW}, {@link Method#DIPHW}, {@link Method#COMEM_DIPHW}: walks on the hypergraph
 *       ({@link TwoStepWalk#edhw()}, {@link TwoStepWalk#diphw(double)} and {@link CoMemWalk#comemDiphw} with the full
 *       |Pearson| gene and cell networks, the authors' choice), skip-gram on the walks, then k-means with k = the
 *       true number of classes on the embedding (section 3). The walk formulas of DIPHW and CoMem-DIPHW are the
 *       spec's reconstructions (sections 2.2, 2.3), not the authors' unpublished code.</li>
 *   <li>{@link Method#PCA_KMEANS}: scanpy-default PCA ({@link Pca.Solver#AUTO}, centred) of the log-CPM matrix with
 *       {@link Settings#pcaComponents()} components (30 in the simulation scripts; 0 = scanpy's 50), then k-means.</li>
 *   <li>{@link Method#LEIDEN}: Leiden (RB-configuration) on scanpy's neighbourhood graph: 15 nearest neighbours in the
 *       same PCA space, UMAP fuzzy-simplicial-set connectivities ({@link Neighbors}), with resolution
 *       {@link Settings#leidenResolution()} (the spec's 1.1 for simulations, 1.0 for real data). <b>Difference from
 *       the paper:</b> the authors ran Leiden on the full |Pearson| cell co-expression network (self-loops kept),
 *       which puts nearly every cell in one community (their ARI is -0.00 throughout); scanpy's kNN-graph Leiden is
 *       the baseline a practitioner would use, so it is the one here. Leiden chooses its own number of
 *       clusters.</li>
 * </ul>
 * k-means is scikit-learn's (k-means++, {@code n_init} 10) via {@link KMeans}, seeded by the run's seed, as
 * {@code random_state = 42 + run} in the scripts. Skip-gram runs single-threaded, so each method is deterministic
 * for a seed.
 */
public final class ClusteringMethods {
    private ClusteringMethods() {}

    /** The methods compared. */
    public enum Method {
        EDHW("EDHW"), DIPHW("DIPHW"), COMEM_DIPHW("CoMem-DIPHW"), PCA_KMEANS("PCA+k-means"), LEIDEN("Leiden");

        private final String label;

        Method(String label) { this.label = label; }

        /** The name used in tables. */
        public String label() { return label; }
    }

    /**
     * Settings shared by the methods.
     *
     * @param walksPerNode     walks started from each cell (30)
     * @param walkLength       cells per walk, the start included (30)
     * @param word2vec         skip-gram settings (vector size 30, window 5, 5 epochs; the seed is replaced per run)
     * @param alpha            DIPHW preference exponent (50)
     * @param pcaComponents    PCA components for PCA+k-means and the Leiden graph (30; 0 = scanpy's default)
     * @param nNeighbors       neighbours of the Leiden graph (scanpy: 15)
     * @param leidenResolution Leiden resolution (1.1 simulation, 1.0 real data)
     */
    public record Settings(int walksPerNode, int walkLength, Word2VecConfig word2vec, double alpha, int pcaComponents,
                           int nNeighbors, double leidenResolution) {

        /** The simulation scripts' settings (spec section 4). */
        public static Settings paperSimulation() {
            return new Settings(30, 30, Word2VecConfig.hypergraphDefaults().withThreads(1), 50, 30, 15, 1.1);
        }

        /** The real-data settings: as the simulation, with scanpy's default 50 components and resolution 1.0. */
        public static Settings realData() {
            return new Settings(30, 30, Word2VecConfig.hypergraphDefaults().withThreads(1), 50, 0, 15, 1.0);
        }

        /**
         * The small CPU walk settings of spec section 9: walks 10 x 20, dimension 16, 2 epochs. Too few tokens for
         * skip-gram to converge on a few hundred cells (CEL-seq2: DIPHW ARI 0.02 instead of 0.87 with the paper's
         * settings), so the experiments use {@link #paperSimulation()} or {@link #realData()} at every size.
         */
        public static Settings small() {
            return new Settings(10, 20, Word2VecConfig.hypergraphDefaults().withVectorSize(16).withEpochs(2)
                    .withThreads(1), 50, 30, 15, 1.1);
        }
    }

    /**
     * Clusters the cells of {@code h} (labels in the hypergraph's cell order).
     *
     * @param k    the number of clusters for k-means (ignored by Leiden)
     * @param seed the run's seed (walks, skip-gram, k-means, Leiden)
     */
    public static int[] cluster(Method method, CellGeneHypergraph h, int k, long seed, Settings s) {
        if (method == null || h == null || s == null)
            throw new IllegalArgumentException("ClusteringMethods.cluster: null argument");
        if (k < 1 || k > h.cells())
            throw new IllegalArgumentException("ClusteringMethods.cluster: k = " + k + " must be in [1, cells = "
                    + h.cells() + "]");
        return switch (method) {
            case EDHW -> walkAndKMeans(TwoStepWalk.edhw(), h, k, seed, s);
            case DIPHW -> walkAndKMeans(TwoStepWalk.diphw(s.alpha()), h, k, seed, s);
            case COMEM_DIPHW -> walkAndKMeans(CoMemWalk.comemDiphw(s.alpha(), CoExpressionNetwork.full(),
                    CoExpressionNetwork.full()), h, k, seed, s);
            case PCA_KMEANS -> KMeans.labels(pca(h, s), KMeans.Config.of(k, seed));
            case LEIDEN -> leiden(h, seed, s);
        };
    }

    /** The cell embedding of a walk (walks, then skip-gram), {@code [cells, vectorSize]}. */
    public static Tensor walkEmbedding(TransitionStrategy strategy, CellGeneHypergraph h, long seed, Settings s) {
        WalkConfig walks = new WalkConfig(s.walksPerNode(), s.walkLength(), seed, true);
        return HypergraphEmbedding.embed(h, strategy, walks, s.word2vec().withSeed(seed));
    }

    private static int[] walkAndKMeans(TransitionStrategy strategy, CellGeneHypergraph h, int k, long seed,
                                       Settings s) {
        return KMeans.labels(walkEmbedding(strategy, h, seed, s), KMeans.Config.of(k, seed));
    }

    /** PCA scores of the cells x genes log-CPM matrix, {@code [cells, comps]}. */
    public static Tensor pca(CellGeneHypergraph h, Settings s) {
        Tensor x = h.byCell().toDense();
        int comps = s.pcaComponents() > 0 ? Math.min(s.pcaComponents(), Math.min(x.dim(0), x.dim(1)) - 1)
                : Pca.defaultComponents(x.dim(0), x.dim(1));
        return Pca.fit(x, Pca.Config.of(comps, Pca.Solver.AUTO)).scoresTensor();
    }

    private static int[] leiden(CellGeneHypergraph h, long seed, Settings s) {
        Tensor scores = pca(h, s);
        Neighbors nb = Neighbors.compute(scores, Math.min(s.nNeighbors(), h.cells()), Neighbors.Method.AUTO, seed);
        return Leiden.run(nb.connectivities(), new Leiden.Config(s.leidenResolution(), -1, seed)).membership();
    }
}
