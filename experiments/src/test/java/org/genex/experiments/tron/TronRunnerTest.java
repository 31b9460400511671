package org.genex.experiments.tron;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.genex.data.genes.OrthologMap;
import org.genex.data.sim.TwoSpecies;
import org.genex.nn.models.tron.SparseMaskedLinear;
import org.genex.nn.models.tron.TronConfig;
import org.genex.nn.models.tron.TronTask;
import org.genex.autodiff.Var;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TronRunnerTest {
    private static final TronConfig SMALL = TronConfig.small().withHidden(16, 8).withSource(3e-3f, 32, 8, 0)
            .withTransfer(1e-2f, 16, 8);

    /** One-to-one, one-to-many, many-to-one and an unmapped gene, from a two-column table without header. */
    @Test
    void orthologGraphFromASmallTable(@TempDir Path dir) throws Exception {
        Path table = dir.resolve("h2m.csv");
        Files.writeString(table, "h1,m1\nh2,m2a\nh2,m2b\nh3,m3\nh4,m3\nh5,\n,m9\n");
        OrthologMap map = OrthologMap.read(table);
        String[] human = {"h1", "h2", "h3", "h4", "h5"}, mouse = {"m1", "m2a", "m2b", "m3", "m9"};
        CsrMatrix g = map.biadjacency(human, mouse, OrthologMap.Pairs.ALL, true).matrix();
        assertArrayEquals(new int[] {0, 1, 3, 4, 5, 5}, g.indptr());
        assertArrayEquals(new int[] {0, 1, 2, 3, 3}, g.indices());
        assertArrayEquals(new float[] {1, 0.5f, 0.5f, 1, 1}, g.values());
        assertEquals(1, map.biadjacency(human, mouse, OrthologMap.Pairs.ONE_TO_ONE, true).matrix().nnz());

        SparseMaskedLinear layer = new SparseMaskedLinear(g, SparseMaskedLinear.WeightInit.ONE_OVER_DEGREE, Rng.seeded(0));
        assertArrayEquals(g.values(), layer.weight().value().toArray(), "1/deg initialisation");
        float[] y = layer.forward(Var.of(Tensor.of(new float[] {1, 2, 4, 8, 16}, 1, 5))).value().toArray();
        assertArrayEquals(new float[] {1, 3, 8, 8, 0}, y, 1e-6f, "h1 = m1, h2 = mean(m2a, m2b), h3 = h4 = m3, h5 = bias");
    }

    @Test
    void simulatedTrainTransferEvaluateWritesCheckpointsAndTables(@TempDir Path dir) throws Exception {
        TwoSpecies.Config sim = TwoSpecies.Config.defaults().withSizes(120, 300, 120);
        var train = TronRunner.train(new TronRunner.TrainOptions(TronRunner.Data.simulated(sim, 3), TronTask.REGRESSION,
                SMALL, 5, dir.resolve("source"), null, null));
        assertTrue(Files.exists(train.checkpoint()));
        assertTrue(train.valLoss() < 1.0, "source validation MSE " + train.valLoss());
        var tr = TronRunner.transfer(new TronRunner.TransferOptions(dir.resolve("source"),
                TronRunner.Data.simulated(sim, 3).withRows(TronData.range(0, 80)), null, false, null, null, true, 6,
                dir.resolve("transfer"), null, null));
        assertTrue(Files.exists(tr.checkpoint()));
        assertEquals(sim.edges(), tr.edges());
        var ev = TronRunner.evaluate(new TronRunner.EvaluateOptions(dir.resolve("transfer"),
                TronRunner.Data.simulated(sim, 3).withRows(TronData.range(80, 120)), 0, dir.resolve("eval"), null));
        assertEquals(40, ev.samples());
        assertTrue(Double.isFinite(ev.r2()) && ev.pearson() > 0.3, "held-out Pearson " + ev.pearson());
        List<String> lines = Files.readAllLines(ev.interpretation());
        assertEquals("source_gene,target_gene,rank,weight,initial_weight,attribution,edge", lines.get(0));
        assertEquals(sim.edges() + 1, lines.size());
        assertTrue(Files.exists(dir.resolve("transfer/edges.csv")));
        assertEquals(tr.targetGenes() + 1, Files.readAllLines(dir.resolve("eval/target_attributions.csv")).size());
    }

    /** The CSV path: a samples x genes matrix with labels in a table, and the ortholog table. */
    @Test
    void csvInputsAndAnOrthologTable(@TempDir Path dir) throws Exception {
        Random rnd = new Random(1);
        String[] human = {"h1", "h2", "h3", "h4", "h5", "h6"}, mouse = {"m1", "m2a", "m2b", "m3", "m6", "m7"};
        Path table = dir.resolve("h2m.csv");
        Files.writeString(table, "h1,m1\nh2,m2a\nh2,m2b\nh3,m3\nh4,m3\nh5,\nh6,m6\n");
        StringBuilder xs = new StringBuilder("cell," + String.join(",", human) + "\n"), ys = new StringBuilder("cell,type\n");
        StringBuilder xt = new StringBuilder("cell," + String.join(",", mouse) + "\n"), yt = new StringBuilder("cell,type\n");
        for (int n = 0; n < 60; n++) {
            boolean a = n % 2 == 0;
            xs.append("s").append(n);
            for (int g = 0; g < human.length; g++) xs.append(',').append(rnd.nextInt(20) + (a && g == 0 ? 200 : 10));
            xs.append('\n');
            ys.append("s").append(n).append(',').append(a ? "A" : "B").append('\n');
            xt.append("t").append(n);
            for (int g = 0; g < mouse.length; g++) xt.append(',').append(rnd.nextInt(20) + (a && g == 0 ? 200 : 10));
            xt.append('\n');
            yt.append("t").append(n).append(',').append(a ? "A" : "B").append('\n');
        }
        Files.writeString(dir.resolve("xs.csv"), xs);
        Files.writeString(dir.resolve("ys.csv"), ys);
        Files.writeString(dir.resolve("xt.csv"), xt);
        Files.writeString(dir.resolve("yt.csv"), yt);
        var train = TronRunner.train(new TronRunner.TrainOptions(new TronRunner.Data(dir.resolve("xs.csv"),
                dir.resolve("ys.csv"), "type", null, 0, null), TronTask.MULTICLASS, SMALL, 1, dir.resolve("src"), null,
                null));
        assertEquals(List.of("A", "B"), train.classes());
        var tr = TronRunner.transfer(new TronRunner.TransferOptions(dir.resolve("src"), new TronRunner.Data(
                dir.resolve("xt.csv"), dir.resolve("yt.csv"), "type", null, 0, null), table, false,
                OrthologMap.Pairs.ALL, null, false, 2, dir.resolve("tr"), null, null));
        assertEquals(6, tr.edges(), "h1-m1, h2-m2a, h2-m2b, h3-m3, h4-m3, h6-m6");
        assertEquals(5, tr.targetGenes(), "m7 has no ortholog");
        var ev = TronRunner.evaluate(new TronRunner.EvaluateOptions(dir.resolve("tr"), new TronRunner.Data(
                dir.resolve("xt.csv"), dir.resolve("yt.csv"), "type", null, 0, null), 0, dir.resolve("ev"), null));
        assertTrue(ev.accuracy() > 0.9, "the marker gene h1 = m1 separates A and B: accuracy " + ev.accuracy());
    }
}
