package org.genex.experiments.gexbert;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.genex.data.sim.BulkCohort;
import org.genex.nn.models.gexbert.GexbertConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reduced end-to-end run on a simulated cohort (900 patients, 64 genes, 3 types, 6 programs; ground truth
 * known): a small GexBERT (d 32, 2 + 1 blocks, all 64 genes sampled, 20 epochs) pre-trained on the training
 * patients only, then imputation at 50% MCAR on the test patients and survival from a 16-gene panel, through the
 * runner's entry points. What is asserted, and what is not:
 * <ul>
 *   <li>imputation: GexBERT's RMSE on the masked entries beats gene-mean imputation by a wide margin, and its
 *       per-gene Pearson r is high. GexBERT beating KNN (k = 10), the paper's claim, is NOT asserted: at this test
 *       budget it does not hold (reached: RMSE 0.88 vs KNN 0.53); with 40 epochs at d = 64 the two tie (0.526 vs
 *       0.528, docs/gexbert/README.md);</li>
 *   <li>survival: the anchors found by univariate Cox on the training split are prognostic (Cox on panel + true
 *       anchors beats the panel alone on the mean test C-index), and restored anchors do not hurt (within 0.02 of the
 *       panel alone). Restored anchors raising the C-index over the panel, the paper's claim, is NOT asserted: here
 *       the gain is within noise (reached: 0.871 vs 0.866, true anchors 0.885; with a d = 32 model trained 40 epochs
 *       0.838 vs 0.838). Reached on imputation: GexBERT 0.88, gene-mean 1.19, KNN 0.53; per-gene r 0.63.</li>
 * </ul>
 */
class GexbertEndToEndTest {
    static final long SEED = 3;

    static BulkCohort.Config cohort() {
        BulkCohort.Config d = BulkCohort.Config.defaults();
        return new BulkCohort.Config(900, 64, 3, 20.0, 6, 1.0, d.typeProgramShiftSd(), d.typeGeneFraction(),
                d.typeEffectSd(), 1.5, 0.3, d.transcriptomeGenes(), d.detectionLimit(), 4, 0.8, 1.2,
                d.weibullShape(), d.medianSurvivalMin(), d.medianSurvivalMax(), d.censoringRate(), d.followUp(), 0.7, 0.1);
    }

    static GexbertConfig model() {
        return new GexbertConfig(64, 10, 32, 2, 2, 1, 4, 0f, 64, 0.3, 1f, 3e-3f, 0.01f, 0.05, 32);
    }

    @Test
    void imputationBeatsGeneMeanAndRestoredAnchorsDoNotHurt(@TempDir Path dir) {
        List<String> lines = new ArrayList<>();
        Consumer<String> log = s -> {
            lines.add(s);
            System.out.println(s);
        };
        GexbertRunner.DataOptions data = GexbertRunner.DataOptions.simulated(cohort(), SEED);
        GexbertRunner.PretrainOptions pre = new GexbertRunner.PretrainOptions(data, model(), 20, dir.resolve("run"),
                false, SEED);
        GexbertRunner.PretrainResult p = GexbertRunner.pretrain(pre, null);
        log.accept("pretrain " + p);
        GexbertRunner.ImputeResult imp = GexbertRunner.impute(new GexbertRunner.ImputeOptions(pre, p.model(),
                new double[]{0.5}, 2, 10, 0, 0, 0, dir), log);
        double gex = imp.row(0.5, "GexBERT").rmse(), mean = imp.row(0.5, "gene-mean").rmse(),
                knn = imp.row(0.5, "KNN").rmse();
        assertTrue(gex < 0.85 * mean, "GexBERT RMSE " + gex + " vs gene-mean " + mean + " (KNN " + knn + ")");
        assertTrue(imp.row(0.5, "GexBERT").geneR() > 0.5, "GexBERT per-gene r " + imp.row(0.5, "GexBERT").geneR());

        GexbertRunner.SurvivalResult s = GexbertRunner.survival(new GexbertRunner.SurvivalOptions(pre, p.model(), 16, 4,
                0.05, 2, 0.1, 50, false, dir), log);
        double panel = s.mean().get(GexbertRunner.PANEL), restored = s.mean().get(GexbertRunner.RESTORED),
                truth = s.mean().get(GexbertRunner.TRUE);
        assertTrue(truth > panel + 0.01, "mean C-index with true anchors " + truth + " vs panel " + panel);
        assertTrue(restored > panel - 0.02, "mean C-index with restored anchors " + restored + " vs panel " + panel);
        assertTrue(dir.resolve("imputation.csv").toFile().isFile());
        assertTrue(dir.resolve("survival.png").toFile().isFile());
    }
}
