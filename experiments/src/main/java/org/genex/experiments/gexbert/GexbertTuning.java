package org.genex.experiments.gexbert;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.genex.data.sim.BulkCohort;
import org.genex.nn.models.gexbert.GexbertConfig;

/**
 * The light variant of {@link ReducedRun} used to diagnose and tune GexBERT (docs/gexbert/README.md, "Diagnosis"):
 * the cohort of the end-to-end test ({@link #cohort}), one pre-training, imputation at 50% MCAR against gene-mean and
 * KNN, and survival (panel vs restored vs true anchors, Cox fitted on restored or on measured anchors). Usage:
 * {@code GexbertTuning <outDir> key=value ...} with keys samples genes types epochs batch lr dropout d layers sampled mask seed
 * rounds all panel (comma list) penalizer anchors measured (true/false); the defaults are those of the end-to-end test.
 */
public final class GexbertTuning {
    private GexbertTuning() {}

    /** The end-to-end test's cohort: 3 types, 6 programs, strong anchors (|log HR| 0.8-1.2), low noise. */
    public static BulkCohort.Config cohort(int samples, int genes, int types) {
        BulkCohort.Config d = BulkCohort.Config.defaults();
        return new BulkCohort.Config(samples, genes, types, 20.0, 6, 1.0, d.typeProgramShiftSd(), d.typeGeneFraction(),
                d.typeEffectSd(), 1.5, 0.3, d.transcriptomeGenes(), d.detectionLimit(), 4, 0.8, 1.2,
                d.weibullShape(), d.medianSurvivalMin(), d.medianSurvivalMax(), d.censoringRate(), d.followUp(), 0.7, 0.1);
    }

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "/tmp/gexbert-tuning");
        Map<String, String> kv = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] p = args[i].split("=", 2);
            kv.put(p[0], p[1]);
        }
        int samples = Integer.parseInt(kv.getOrDefault("samples", "900"));
        int genes = Integer.parseInt(kv.getOrDefault("genes", "64"));
        int types = Integer.parseInt(kv.getOrDefault("types", "3"));
        int epochs = Integer.parseInt(kv.getOrDefault("epochs", "20"));
        int batch = Integer.parseInt(kv.getOrDefault("batch", "32"));
        float lr = Float.parseFloat(kv.getOrDefault("lr", "3e-3"));
        float dropout = Float.parseFloat(kv.getOrDefault("dropout", "0"));
        int d = Integer.parseInt(kv.getOrDefault("d", "32"));
        int sampled = Integer.parseInt(kv.getOrDefault("sampled", "64"));
        double mask = Double.parseDouble(kv.getOrDefault("mask", "0.3"));
        int layers = Integer.parseInt(kv.getOrDefault("layers", "2"));
        long seed = Long.parseLong(kv.getOrDefault("seed", "3"));
        int rounds = Integer.parseInt(kv.getOrDefault("rounds", "2"));
        String[] panels = kv.getOrDefault("panel", "16").split(",");
        double penalizer = Double.parseDouble(kv.getOrDefault("penalizer", "0.1"));
        int anchors = Integer.parseInt(kv.getOrDefault("anchors", "4"));
        String measured = kv.getOrDefault("measured", "both");
        long t0 = System.nanoTime();
        Consumer<String> log = s -> System.out.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - t0) * 1e-9, s);
        GexbertRunner.DataOptions data = GexbertRunner.DataOptions.simulated(cohort(samples, genes, types), seed);
        GexbertConfig cfg = new GexbertConfig(genes, 10, d, layers, 2, 1, 4, dropout, sampled, mask, 1f, lr, 0.01f, 0.05,
                batch);
        GexbertRunner.PretrainOptions pre = new GexbertRunner.PretrainOptions(data, cfg, epochs, out.resolve("run"),
                false, seed);
        GexbertRunner.PretrainResult p = GexbertRunner.pretrain(pre, null);
        log.accept(String.format(Locale.ROOT, "pre-training %s: %d steps, %.0f s, val loss %.4f, level accuracy %.3f",
                kv, p.steps(), p.seconds(), p.valLoss(), p.valLevelAccuracy()));
        GexbertRunner.ImputeResult imp = GexbertRunner.impute(new GexbertRunner.ImputeOptions(pre, p.model(),
                new double[]{0.5}, rounds, 10, 0, 0, 0, out, Boolean.parseBoolean(kv.getOrDefault("all", "false"))), log);
        log.accept(String.format(Locale.ROOT, "RESULT impute50 GexBERT %.4f gene-mean %.4f KNN %.4f",
                imp.row(0.5, "GexBERT").rmse(), imp.row(0.5, "gene-mean").rmse(), imp.row(0.5, "KNN").rmse()));
        for (String panelText : panels)
            for (boolean m : new boolean[]{false, true}) {
                if (!measured.equals("both") && Boolean.parseBoolean(measured) != m) continue;
                int panel = Integer.parseInt(panelText);
                GexbertRunner.SurvivalResult s = GexbertRunner.survival(new GexbertRunner.SurvivalOptions(pre,
                        p.model(), panel, anchors, 0.05, rounds, penalizer, 20, m, out), log);
                log.accept(String.format(Locale.ROOT, "RESULT survival panel=%d measured=%b panel %.4f restored %.4f"
                                + " true %.4f ridge %.4f", panel, m, s.mean().get(GexbertRunner.PANEL),
                        s.mean().get(GexbertRunner.RESTORED), s.mean().get(GexbertRunner.TRUE),
                        s.mean().get(GexbertRunner.REGRESSED)));
            }
    }
}
