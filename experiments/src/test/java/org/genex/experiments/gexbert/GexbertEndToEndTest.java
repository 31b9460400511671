package org.genex.experiments.gexbert;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.genex.data.sim.BulkCohort;
import org.genex.nn.models.gexbert.GexbertConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reduced end-to-end run on a simulated cohort (900 patients, 64 genes, 3 types, 6 programs; ground truth
 * known): a small GexBERT (d 64, 2 + 1 blocks, all 64 genes sampled, half of them masked, batch 8, 30 epochs =
 * 2,370 steps) pre-trained on the training patients only, then imputation at 50% MCAR on the test patients and
 * survival from a 16-gene panel, through the runner's entry points (docs/gexbert/README.md, "Diagnosis").
 * <ul>
 *   <li>imputation (claim a): GexBERT's RMSE on the masked entries beats gene-mean AND KNN (k = 10). Reached with
 *       seed 3: 0.440 vs KNN 0.528 and gene-mean 1.194 (seed 4: 0.469 vs 0.539 and 1.332; seed 5: 0.447 vs 0.529
 *       and 1.359); asserted with a 5% margin over KNN. With the spec's batch 32 and mask ratio 0.3 at d = 32 (the
 *       previous configuration of this test, 400 steps) it reached only 0.88: the model was under-trained, not
 *       mis-wired. About 33 s on a quiet 2-core host;</li>
 *   <li>survival (claim b), every training patient labelled (118-369 per type with seed 3): NOT asserted, because it does
 *       not hold there and cannot: the anchors' hazard depends on their measured values, whose panel-predictable
 *       part a Cox model on the panel already spans linearly, while their own noise cannot be restored from the
 *       panel. Even the best linear restoration (ridge regression of the anchors on the panel, r 0.90-0.95 with the
 *       truth vs GexBERT's 0.76-0.90) does not raise the C-index (seed 3: panel 0.866, ridge 0.865, restored 0.876,
 *       true 0.885; seed 4: 0.808, 0.805, 0.797, 0.807; seed 5: 0.795, 0.803, 0.786, 0.814). What is asserted: true
 *       anchors beat the panel; restored anchors stay within 0.02 of it; the ridge reference does not beat the panel
 *       by more than 0.01;</li>
 *   <li>survival with {@value #LABELLED} labelled patients per type (the paper's setting: pre-training on all
 *       training patients, each type's anchors and Cox models on its few labelled ones; docs/gexbert/README.md,
 *       "Claim (b) with few labelled patients"), mean over {@value #LABELLED_DRAWS} random labelled subsets: claim
 *       (b) is NOT asserted. Restored anchors raised the mean C-index by +0.0056 (seed 3; seeds 4, 5, 6: +0.0093,
 *       +0.0065, +0.0130) but not on seeds tried afterwards (7, 8, 9: -0.0005, +0.0017, -0.0050). What holds on all
 *       seven and is asserted: restored anchors move the C-index by less than 0.015; true anchors add more than
 *       0.005 (seed 3: +0.034; the least, seed 9: +0.0097).</li>
 * </ul>
 * Claim (b) is asserted where the simulator gives it a ground truth - anchors that depend on the panel's programs
 * non-linearly - in {@link RestoredAnchorsTest}.
 */
class GexbertEndToEndTest {
    static final long SEED = 3;
    /** Labelled training patients per type (of 118-369), and labelled subsets averaged. */
    static final int LABELLED = 30, LABELLED_DRAWS = 10;

    static BulkCohort.Config cohort() {
        return GexbertTuning.cohort(900, 64, 3);
    }

    /** d 64, 2 heads, 2 + 1 blocks, no dropout, all 64 genes sampled, mask ratio 0.5, lr 3e-3, batch 8. */
    static GexbertConfig model() {
        return new GexbertConfig(64, 10, 64, 2, 2, 1, 4, 0f, 64, 0.5, 1f, 3e-3f, 0.01f, 0.05, 8);
    }

    @Test
    void imputationBeatsKnnAndRestoredAnchorsDoNotBeatTheirLinearBound(@TempDir Path dir) {
        Consumer<String> log = System.out::println;
        GexbertRunner.DataOptions data = GexbertRunner.DataOptions.simulated(cohort(), SEED);
        GexbertRunner.PretrainOptions pre = new GexbertRunner.PretrainOptions(data, model(), 30, dir.resolve("run"),
                false, SEED);
        GexbertRunner.PretrainResult p = GexbertRunner.pretrain(pre, null);
        log.accept("pretrain " + p);
        GexbertRunner.ImputeResult imp = GexbertRunner.impute(new GexbertRunner.ImputeOptions(pre, p.model(),
                new double[]{0.5}, 2, 10, 0, 0, 0, dir), log);
        double gex = imp.row(0.5, "GexBERT").rmse(), mean = imp.row(0.5, "gene-mean").rmse(),
                knn = imp.row(0.5, "KNN").rmse();
        assertTrue(gex < 0.95 * knn, "GexBERT RMSE " + gex + " vs KNN " + knn);
        assertTrue(gex < 0.6 * mean, "GexBERT RMSE " + gex + " vs gene-mean " + mean);
        assertTrue(imp.row(0.5, "GexBERT").geneR() > imp.row(0.5, "KNN").geneR(),
                "per-gene r GexBERT " + imp.row(0.5, "GexBERT").geneR() + " vs KNN " + imp.row(0.5, "KNN").geneR());

        GexbertRunner.SurvivalResult s = GexbertRunner.survival(new GexbertRunner.SurvivalOptions(pre, p.model(), 16, 4,
                0.05, 2, 0.1, 50, false, dir), log);
        double panel = s.mean().get(GexbertRunner.PANEL), restored = s.mean().get(GexbertRunner.RESTORED),
                truth = s.mean().get(GexbertRunner.TRUE), ridge = s.mean().get(GexbertRunner.REGRESSED);
        assertTrue(truth > panel + 0.01, "mean C-index with true anchors " + truth + " vs panel " + panel);
        assertTrue(Math.abs(restored - panel) < 0.02, "mean C-index with restored anchors " + restored + " vs panel "
                + panel);
        assertTrue(ridge < panel + 0.01, "mean C-index with ridge-regressed anchors " + ridge + " vs panel " + panel);
        assertFalse(s.mean().containsKey(GexbertRunner.REGRESSED_LABELLED), "no labelled-only control without a subset");

        // few labelled patients per type (GexBERT pre-trained on all training patients): claim (b) is tested, not
        // asserted - the gain seen on seeds 3-6 did not hold on seeds 7-9 - what is asserted holds on all seven
        double gain = 0, trueGain = 0;
        for (int draw = 0; draw < LABELLED_DRAWS; draw++) {
            GexbertRunner.SurvivalResult l = GexbertRunner.survival(new GexbertRunner.SurvivalOptions(pre, p.model(),
                    16, 4, 0.05, 2, 0.1, 1, false, dir.resolve("labelled"), LABELLED, draw), line -> {});
            double lp = l.mean().get(GexbertRunner.PANEL);
            gain += (l.mean().get(GexbertRunner.RESTORED) - lp) / LABELLED_DRAWS;
            trueGain += (l.mean().get(GexbertRunner.TRUE) - lp) / LABELLED_DRAWS;
            log.accept("labelled " + LABELLED + " per type, draw " + draw + ": " + l.mean());
        }
        log.accept("labelled " + LABELLED + " per type: restored - panel " + gain + ", true - panel " + trueGain);
        assertTrue(Math.abs(gain) < 0.015, "with " + LABELLED + " labelled patients per type, restored anchors move"
                + " the mean C-index by " + gain + " on average over " + LABELLED_DRAWS + " labelled subsets");
        assertTrue(trueGain > 0.005, "with " + LABELLED + " labelled patients per type, true anchors: " + trueGain);
        assertTrue(dir.resolve("imputation.csv").toFile().isFile());
        assertTrue(dir.resolve("survival.png").toFile().isFile());
    }
}
