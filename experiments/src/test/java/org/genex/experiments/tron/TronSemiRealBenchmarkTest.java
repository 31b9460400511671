package org.genex.experiments.tron;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.genex.experiments.tron.TronMethods.Method;
import org.genex.nn.models.tron.TronConfig;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Test;

/** The semi-real benchmark on pbmc68k_reduced and the Ensembl human-to-mouse table, reduced to one seed. */
class TronSemiRealBenchmarkTest {
    @Test
    void tronTransfersCellTypesThroughTheRealOrthologTable() throws Exception {
        Path h5ad = TestTensors.fixture("scanpy/pbmc68k_reduced.h5ad");
        Path table = TestTensors.fixture("celltypist/Ensembl105_Human2Mouse_Genes.csv");
        SemiRealBenchmark.Options o = SemiRealBenchmark.Options.of(h5ad, table).withSeeds(1).withSizes(25, 50)
                .withMethods(List.of(Method.B0, Method.TRON)).withLog(System.out::println)
                .withConfig(TronConfig.small().withHidden(64, 16).withSource(1e-3f, 32, 30, 4).withTransfer(1e-2f, 16, 30));
        SyntheticBenchmark.Result r = SemiRealBenchmark.run(o);
        assertTrue(r.sourceValLoss()[0] < 1.5, "the source network learned the cell types: val CE " + r.sourceValLoss()[0]);
        for (int n : o.targetSizes()) {
            double tron = r.meanSd(n, Method.TRON, "accuracy")[0], b0 = r.meanSd(n, Method.B0, "accuracy")[0];
            System.out.printf("n %d: TRON %.3f B0 %.3f%n", n, tron, b0);
            assertTrue(tron >= b0 - 0.02, "n " + n + ": TRON " + tron + " vs B0 " + b0);
            assertTrue(tron > 0.3, "n " + n + ": TRON accuracy " + tron + " (10 classes)");
            double edges = r.meanSd(n, Method.TRON, "edge_auroc")[0], naive = r.meanSd(n, Method.B0, "edge_auroc")[0];
            assertTrue(edges > naive, "n " + n + ": paralog ranking AUROC " + edges + " vs the 1/deg start " + naive);
        }
    }
}
