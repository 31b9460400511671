package org.genex.algorithms.hypergraph.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.genex.algorithms.hypergraph.experiments.ClusteringMethods.Method;
import org.genex.algorithms.hypergraph.experiments.SimulationSweep.Design;
import org.genex.algorithms.hypergraph.experiments.SimulationSweep.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationSweepTest {

    @Test
    void everyMethodOnTheSmallConfigurationWithStrongModules(@TempDir Path dir) throws Exception {
        // spec section 9: 600 genes x 300 cells, 10 modules; 80 genes per module is a strongly modular setting
        double[] genes = {80};
        List<Run> runs = SimulationSweep.sweep(Design.small(), genes, 1, EnumSet.allOf(Method.class), false);
        assertEquals(Method.values().length, runs.size());
        for (Run r : runs) {
            assertTrue(r.ari() >= -1 && r.ari() <= 1, r.toString());
            assertTrue(r.nmi() >= 0 && r.nmi() <= 1, r.toString());
            assertTrue(r.acc() >= 0 && r.acc() <= 1, r.toString());
        }
        for (Run r : runs)
            if (r.method() == Method.DIPHW || r.method() == Method.COMEM_DIPHW || r.method() == Method.PCA_KMEANS)
                assertTrue(r.ari() > 0.8, "strong modules must be recovered: " + r);
        SimulationSweep.write(dir, Design.small(), runs, genes, 1, 1.0);
        String md = Files.readString(dir.resolve("sim_ngenes_small.md"));
        assertTrue(md.contains("| DIPHW |"), md);
        assertTrue(Files.size(dir.resolve("sim_ngenes_small_ari.png")) > 1000);
        assertEquals(runs.size() + 1, Files.readAllLines(dir.resolve("sim_ngenes_small.csv")).size());
    }

    @Test
    void sharedNegativesDesignRecoversStrongModules() {
        Design d = SimulationSweep.sharedNegatives(Design.small());
        assertEquals("sim_ngenes_small_shared_negatives", d.name());
        assertTrue(d.settings().word2vec().sharedNegatives());
        assertTrue(!Design.small().settings().word2vec().sharedNegatives(), "gensim's update by default");
        List<Run> runs = SimulationSweep.sweep(d, new double[] {80}, 1, EnumSet.of(Method.DIPHW), false);
        assertTrue(runs.get(0).ari() > 0.8, "strong modules must be recovered: " + runs.get(0));
    }
}
