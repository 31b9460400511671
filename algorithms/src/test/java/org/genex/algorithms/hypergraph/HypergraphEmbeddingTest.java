package org.genex.algorithms.hypergraph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.genex.algorithms.embed.Word2VecConfig;
import org.genex.algorithms.metrics.ClusteringMetrics;
import org.genex.algorithms.hypergraph.HypergraphEmbedding.WalkStorage;
import org.genex.algorithms.hypergraph.HypergraphPreprocessing.GeneSelector;
import org.genex.algorithms.hypergraph.HypergraphPreprocessing.LogBase;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.Matrix;
import org.genex.data.sim.PlantedHypergraph;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HypergraphEmbeddingTest {

    /**
     * The spec's small simulation (section 9: 600 genes x 300 cells, 10 modules) with 80 genes per module and no
     * inter-module blocks: clear modules, so that every walk's embedding must separate them.
     */
    static final AnnData SIM = PlantedHypergraph.simulate(
            PlantedHypergraph.Config.small(80).withInterModuleConnectionProbability(0), 3);

    /** The hypergraph of the simulation's counts (CPM, log2, all genes, as the simulation scripts). */
    static CellGeneHypergraph hypergraph(AnnData sim) {
        CsrMatrix counts = ((Matrix.Csr) sim.x()).matrix();
        return HypergraphPreprocessing.prepare(counts, LogBase.TWO, GeneSelector.all());
    }

    /** Module label of each hypergraph cell (-1: outside every module). */
    static int[] labels(AnnData sim, CellGeneHypergraph h) {
        Column.Categorical m = (Column.Categorical) sim.obs().get("module");
        int[] out = new int[h.cells()];
        for (int v = 0; v < out.length; v++) {
            int code = m.codes()[h.cellIds()[v]];
            out[v] = PlantedHypergraph.NA.equals(m.categories()[code]) ? -1 : code;
        }
        return out;
    }

    /** Mean cosine of pairs of module cells in the same module, and in different modules. */
    static double[] withinAndBetween(Tensor x, int[] label) {
        int n = x.dim(0), d = x.dim(1);
        float[] a = x.array();
        double within = 0, between = 0;
        int nw = 0, nb = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                if (label[i] < 0 || label[j] < 0) continue;
                double dot = 0, ni = 0, nj = 0;
                for (int k = 0; k < d; k++) {
                    dot += a[i * d + k] * a[j * d + k];
                    ni += a[i * d + k] * a[i * d + k];
                    nj += a[j * d + k] * a[j * d + k];
                }
                double c = dot / Math.sqrt(ni * nj);
                if (label[i] == label[j]) {
                    within += c;
                    nw++;
                } else {
                    between += c;
                    nb++;
                }
            }
        return new double[] {within / nw, between / nb};
    }

    static Stream<TransitionStrategy> strategies() {
        return Stream.of(TwoStepWalk.edhw(), TwoStepWalk.diphw(50),
                CoMemWalk.comemDiphw(50, CoExpressionNetwork.full(), CoExpressionNetwork.full()),
                CoMemWalk.comem(CoExpressionNetwork.topK(10), CoExpressionNetwork.topK(10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void embeddingsSeparatePlantedModules(TransitionStrategy strategy) {
        // the small CPU settings of spec section 9: walks 10 x 20, dim 16, 2 epochs
        CellGeneHypergraph h = hypergraph(SIM);
        Word2VecConfig w2v = Word2VecConfig.hypergraphDefaults().withVectorSize(16).withEpochs(2).withThreads(1);
        Tensor x = HypergraphEmbedding.embed(h, strategy, new WalkConfig(10, 20, 42, true), w2v);
        assertEquals(h.cells(), x.dim(0));
        assertEquals(16, x.dim(1));
        double[] wb = withinAndBetween(x, labels(SIM, h));
        assertTrue(wb[0] > 0.9 && wb[1] < 0.6, strategy.name() + ": within " + wb[0] + ", between " + wb[1]);
    }

    @Test
    void kMeansOnTheEmbeddingRecoversThePlantedModules() {
        CellGeneHypergraph h = hypergraph(SIM);
        Word2VecConfig w2v = Word2VecConfig.hypergraphDefaults().withVectorSize(16).withEpochs(2).withThreads(1);
        Tensor x = HypergraphEmbedding.embed(h, TwoStepWalk.diphw(50), new WalkConfig(10, 20, 42, true), w2v);
        int[] truth = labels(SIM, h); // -1 ("NA") counts as a class, k = the number of modules (spec 10.5)
        int[] pred = HypergraphEmbedding.cluster(x, 10, 42);
        assertEquals(h.cells(), pred.length);
        double ari = ClusteringMetrics.adjustedRandIndex(truth, pred);
        assertTrue(ari > 0.8, "ARI " + ari);
        assertArrayEquals(pred, HypergraphEmbedding.cluster(x, 10, 42), "k-means is seeded");
    }

    @Test
    void streamedWalksGiveTheSameEmbeddingAsStoredOnes() {
        CellGeneHypergraph h = hypergraph(SIM);
        Word2VecConfig w2v = Word2VecConfig.hypergraphDefaults().withVectorSize(8).withEpochs(2).withThreads(1);
        WalkConfig walks = new WalkConfig(5, 15, 1, true);
        var stored = HypergraphEmbedding.run(h, TwoStepWalk.diphw(50), walks, w2v, WalkStorage.STORED);
        var streamed = HypergraphEmbedding.run(h, TwoStepWalk.diphw(50), walks, w2v, WalkStorage.STREAMED);
        assertArrayEquals(stored.embedding().toArray(), streamed.embedding().toArray());
        assertEquals(streamed.model().pairs(), stored.model().pairs());
        assertEquals(0, streamed.walkNanos() > 1_000_000_000L ? 1 : 0);
    }
}
