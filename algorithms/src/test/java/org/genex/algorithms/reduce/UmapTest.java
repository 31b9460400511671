package org.genex.algorithms.reduce;

import static org.genex.algorithms.Golden.doubles;
import static org.genex.algorithms.Golden.map;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.genex.algorithms.Golden;
import org.genex.algorithms.Pbmc68k;
import org.genex.algorithms.cluster.KMeans;
import org.genex.algorithms.graph.Neighbors;
import org.genex.algorithms.metrics.ClusteringMetrics;
import org.genex.algorithms.metrics.Trustworthiness;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Parallel;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class UmapTest {
    @Test
    void abParametersMatchScipysCurveFit() {
        Map<String, Object> ab = map(Golden.load("metrics_golden.json").get("ab_params"));
        double[] scanpy = doubles(ab.get("0.5_1.0")), umap = doubles(ab.get("0.1_1.0"));
        double[] a = UmapCurve.findAbParams(1.0, 0.5), b = UmapCurve.findAbParams(1.0, 0.1);
        assertEquals(scanpy[0], a[0], 1e-5 * scanpy[0]);
        assertEquals(scanpy[1], a[1], 1e-5 * scanpy[1]);
        assertEquals(umap[0], b[0], 1e-5 * umap[0]);
        assertEquals(umap[1], b[1], 1e-5 * umap[1]);
        assertThrows(IllegalArgumentException.class, () -> UmapCurve.findAbParams(0, 0.1));
    }

    @Test
    void numpyRandomStateStream() {
        Map<String, Object> rs = map(Golden.load("metrics_golden.json").get("random_state"));
        NumpyRandomState r = new NumpyRandomState(0);
        double[] sample = doubles(rs.get("seed0_random_sample"));
        for (double v : sample) assertEquals(v, r.randomSample(), 0.0);
        assertArrayEquals(doubles(rs.get("seed0_normal_3x4")), new NumpyRandomState(0).normal(3, 4), 1e-15);
        assertArrayEquals(doubles(rs.get("seed123456789_normal_2x3")), new NumpyRandomState(123456789).normal(2, 3), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(-1));
    }

    private static Tensor columns(Tensor x, int cols) {
        int n = x.dim(0), d = x.dim(1);
        float[] s = x.toArray(), o = new float[n * cols];
        for (int i = 0; i < n; i++) System.arraycopy(s, i * d, o, i * cols, cols);
        return Tensor.wrap(o, n, cols);
    }

    /** scanpy's X_umap of pbmc68k_reduced against ours, by trustworthiness in the 30-component PCA space. */
    @Test
    void pbmc68kLayoutIsAsTrustworthyAsScanpys() {
        try (Pbmc68k f = Pbmc68k.open()) {
            Tensor pca = columns(f.tensor("obsm/X_pca"), 30);
            CsrMatrix conn = f.csrMatrix("obsp/connectivities", 700, 700);
            Umap.Embedding e = Umap.embed(conn, pca, Umap.Config.scanpy(0));
            Tensor ours = e.tensor(), theirs = f.tensor("obsm/X_umap");
            double tOurs = Trustworthiness.of(pca, ours, 10), tScanpy = Trustworthiness.of(pca, theirs, 10);
            Tensor fromOurGraph = Umap.embed(Neighbors.compute(pca, 10).connectivities(), pca,
                    Umap.Config.scanpy(1)).tensor();
            double tOurGraph = Trustworthiness.of(pca, fromOurGraph, 10);
            int[] labels = f.ints("obs/bulk_labels/codes");
            System.out.printf("pbmc68k UMAP trustworthiness (k = 10): ours %.4f, from our own graph %.4f, scanpy's "
                    + "X_umap %.4f; silhouette of bulk_labels: ours %.3f, scanpy %.3f%n", tOurs, tOurGraph, tScanpy,
                    org.genex.algorithms.metrics.InternalMetrics.silhouette(ours, labels),
                    org.genex.algorithms.metrics.InternalMetrics.silhouette(theirs, labels));
            assertTrue(Math.abs(tOurs - tScanpy) < 0.02, "ours " + tOurs + " vs scanpy " + tScanpy);
            assertTrue(Math.abs(tOurGraph - tScanpy) < 0.02, "ours " + tOurGraph + " vs scanpy " + tScanpy);
        }
    }

    /** Three far-apart gaussian blobs: disconnected graph components that must stay apart in the layout. */
    @Test
    void separatedMixtureStaysSeparated() {
        Random rnd = new Random(1);
        int n = 450, d = 10;
        float[] x = new float[n * d];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = i % 3;
            for (int j = 0; j < d; j++) x[i * d + j] = (float) (rnd.nextGaussian() + (j == truth[i] ? 30 : 0));
        }
        Tensor data = Tensor.wrap(x, n, d);
        CsrMatrix conn = Neighbors.compute(data, 15).connectivities();
        for (Umap.Init init : Umap.Init.values()) {
            Umap.Config cfg = new Umap.Config(2, 0.5, 1.0, 0, 1.0, 1.0, 5, init, 3);
            Tensor emb = Umap.embed(conn, data, cfg).tensor();
            int[] km = KMeans.labels(emb, KMeans.Config.of(3, 0));
            assertEquals(1.0, ClusteringMetrics.adjustedRandIndex(truth, km), 1e-12, init + ": blobs are separable");
            double sil = org.genex.algorithms.metrics.InternalMetrics.silhouette(emb, truth);
            assertTrue(sil > 0.7, init + ": silhouette " + sil);
        }
    }

    @Test
    void deterministicAcrossThreadCountsWithSeveralGroups() {
        Random rnd = new Random(2);
        int n = 4500, d = 5;
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextGaussian() + (i / d % 4) * 3);
        Tensor data = Tensor.wrap(x, n, d);
        CsrMatrix conn = Neighbors.compute(data, 10, Neighbors.Method.NN_DESCENT, 0).connectivities();
        Umap.Config cfg = new Umap.Config(2, 0.5, 1.0, 30, 1.0, 1.0, 5, Umap.Init.SPECTRAL, 5);
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double[] a = Umap.embed(conn, data, cfg).coordinates();
            Parallel.setThreads(2);
            double[] b = Umap.embed(conn, data, cfg).coordinates();
            assertArrayEquals(a, b);
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void badInput() {
        CsrMatrix g = new CsrMatrix(2, 3, new int[3], new int[0], new float[0]);
        assertThrows(IllegalArgumentException.class, () -> Umap.embed(g, null, Umap.Config.scanpy(0)));
        CsrMatrix sq = CsrMatrix.fromCoo(2, 2, new int[] {0, 1}, new int[] {1, 0}, new float[] {-1, -1});
        assertThrows(IllegalArgumentException.class, () -> Umap.embed(sq, null, Umap.Config.scanpy(0)));
        assertThrows(IllegalArgumentException.class, () -> Umap.embed(
                CsrMatrix.fromCoo(2, 2, new int[] {0, 1}, new int[] {1, 0}, new float[] {1, 1}), Tensor.zeros(3, 2),
                Umap.Config.scanpy(0)));
    }
}
