package org.genex.nn.models.tron;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.genex.autodiff.Var;
import org.genex.nn.Checkpoint;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TronTest {
    private static final CsrMatrix G = TronGraphs.random(12, 14, 11);
    private static final TronConfig C = TronConfig.small().withHidden(8, 4).withDropout(0f)
            .withSource(1e-2f, 16, 5, 0).withTransfer(1e-2f, 8, 5);

    private static Labels regression(Tensor x, long seed) {
        float[] y = new float[x.dim(0)], xx = x.toArray();
        for (int n = 0; n < y.length; n++) y[n] = xx[n * x.dim(1)] - 0.5f * xx[n * x.dim(1) + 1];
        return Labels.regression(y);
    }

    @Test
    void saveLoadRoundTripGivesTheSameOutputs(@TempDir Path dir) throws Exception {
        Tron m = new Tron(C, G, Rng.seeded(1));
        Tensor xt = TestTensors.random(new Random(1), 20, G.cols());
        TronTraining.transfer(m, xt, regression(xt, 1), TronTraining.Run.seeded(1));
        Path p = dir.resolve("tron.safetensors");
        Checkpoint.save(m, null, Map.of(Checkpoint.CONFIG, C.toJson()), p);
        Tron fresh = new Tron(C, G, Rng.seeded(99));
        assertNotEquals(m.predict(xt, true).toArray()[0], fresh.predict(xt, true).toArray()[0]);
        Checkpoint.load(fresh, null, p);
        fresh.conversion().checkEdgeIndex();
        assertArrayEquals(m.predict(xt, true).toArray(), fresh.predict(xt, true).toArray(), 0f);
        assertTrue(m.stateDict().containsKey("conversion.weight"));
        assertTrue(m.stateDict().containsKey("source.layers.0.weight"));
    }

    @Test
    void transferTrainsOnlyTheConversionAndFineTuningMovesBoth(@TempDir Path dir) throws Exception {
        Tron m = new Tron(C, G, Rng.seeded(2));
        Tensor xs = TestTensors.random(new Random(2), 64, G.rows()), xt = TestTensors.random(new Random(3), 24, G.cols());
        var r = TronTraining.pretrainSource(m, xs, regression(xs, 2), null, null,
                new TronTraining.Run(2, dir.resolve("source"), null));
        assertTrue(Files.exists(r.lastCheckpoint()));
        float[] w0 = m.conversion().weight().value().toArray();
        assertArrayEquals(m.conversion().initialWeights(), w0, 0f, "pre-training leaves the conversion alone");
        Map<String, float[]> before = snapshot(m);
        TronTraining.transfer(m, xt, regression(xt, 3), new TronTraining.Run(3, dir.resolve("transfer"), null));
        Map<String, float[]> after = snapshot(m);
        for (String k : before.keySet()) {
            if (k.startsWith("source.")) assertArrayEquals(before.get(k), after.get(k), 0f, k + " is frozen");
        }
        assertFalse(java.util.Arrays.equals(before.get("conversion.weight"), after.get("conversion.weight")));
        assertTrue(m.source().parameters().stream().allMatch(p -> p.requiresGrad()), "unfrozen again afterwards");

        Tron ft = new Tron(C.withFineTune(3, 0.1f), G, Rng.seeded(2));
        ft.loadStateDict(m.stateDict());
        TronTraining.fineTune(ft, xt, regression(xt, 3), TronTraining.Run.seeded(4));
        Map<String, float[]> tuned = snapshot(ft);
        assertFalse(java.util.Arrays.equals(after.get("source.layers.0.weight"), tuned.get("source.layers.0.weight")));
        assertNull(TronTraining.fineTune(m, xt, regression(xt, 3), TronTraining.Run.seeded(4)), "0 epochs: no stage");
    }

    @Test
    void regulariserIsL1PlusL2TowardsTheInitialisation() {
        Tron m = new Tron(C, G, Rng.seeded(3));
        float[] w = TestTensors.random(new Random(5), G.nnz()).toArray(), w0 = m.conversion().initialWeights();
        m.conversion().weight().copyFrom(Tensor.wrap(w, w.length));
        double l1 = 0, l2 = 0;
        for (int e = 0; e < w.length; e++) {
            l1 += Math.abs(w[e]);
            l2 += (w[e] - w0[e]) * (w[e] - w0[e]);
        }
        assertEquals(0.3 * l1 + 0.7 * l2, m.regulariser(0.3f, 0.7f).item(), 1e-4);
        assertNull(m.regulariser(0, 0));
        // a strong L1 drives the weights towards 0
        Tensor xt = TestTensors.random(new Random(6), 16, G.cols());
        Tron sparse = new Tron(C.withRegularisation(1f, 0f).withTransfer(5e-2f, 8, 20), G, Rng.seeded(3));
        double before = absSum(sparse.conversion().weight().value().toArray());
        try {
            TronTraining.transfer(sparse, xt, regression(xt, 6), TronTraining.Run.seeded(6));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertTrue(absSum(sparse.conversion().weight().value().toArray()) < 0.5 * before);
    }

    /** attribution_e = w_e d(mean_n f_n)/dw_e: checked against central differences on w_e. */
    @Test
    void edgeAttributionIsWeightTimesGradientOfTheMeanOutput() {
        Tron m = new Tron(C, G, Rng.seeded(4));
        m.conversion().weight().copyFrom(TestTensors.random(new Random(7), G.nnz()));
        Tensor xt = TestTensors.random(new Random(8), 10, G.cols());
        double[] a = TronInterpretation.edgeAttributions(m, xt, 0);
        float[] w = m.conversion().weight().value().toArray();
        for (int e = 0; e < w.length; e++) {
            float h = 1e-2f;
            float[] p = w.clone(), q = w.clone();
            p[e] += h;
            q[e] -= h;
            m.conversion().weight().copyFrom(Tensor.wrap(p, p.length));
            double fp = mean(m.predict(xt, true).toArray());
            m.conversion().weight().copyFrom(Tensor.wrap(q, q.length));
            double fq = mean(m.predict(xt, true).toArray());
            m.conversion().weight().copyFrom(Tensor.wrap(w, w.length));
            assertEquals(w[e] * (fp - fq) / (2 * h), a[e], 2e-3 + 2e-2 * Math.abs(a[e]), "edge " + e);
        }
        var table = TronInterpretation.table(m, xt, 0);
        assertEquals(G.nnz(), table.size());
        for (var row : table) {
            assertEquals(w[row.edge()], row.weight());
            for (var other : table)
                if (other.sourceGene() == row.sourceGene() && Math.abs(other.weight()) > Math.abs(row.weight()))
                    assertTrue(other.rank() < row.rank());
        }
        double[] aj = TronInterpretation.targetAttributions(m, a);
        double sum = 0, sumJ = 0;
        for (double v : a) sum += v;
        for (double v : aj) sumJ += v;
        assertEquals(sum, sumJ, 1e-9);
    }

    @Test
    void forwardIsTheSourceNetworkOfTheConvertedInput() {
        Tron m = new Tron(C, G, Rng.seeded(5));
        Tensor xt = TestTensors.random(new Random(9), 3, G.cols());
        Tensor viaParts = m.predict(m.predictConverted(xt), false);
        assertArrayEquals(viaParts.toArray(), m.predict(xt, true).toArray(), 1e-6f);
        assertEquals(3, m.forward(Var.of(xt)).dim(0));
    }

    private static Map<String, float[]> snapshot(Tron m) {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> out.put(k, v.toArray()));
        return out;
    }

    private static double absSum(float[] v) {
        double s = 0;
        for (float x : v) s += Math.abs(x);
        return s;
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return s / v.length;
    }
}
