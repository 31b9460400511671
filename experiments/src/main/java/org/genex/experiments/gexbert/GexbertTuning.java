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
 * rounds all panel (comma list) penalizer anchors measured (true/false/both) labelled (comma list of labelled patients
 * per type, 0 = all) draws (labelled subsets per size) bootstrap impute (true/false) response (the cohort's anchor
 * response: linear, threshold or interaction) threshold (its threshold &theta;); oracle (true, false or both: the true
 * anchors instead of the univariate screen, a diagnostic); the defaults are the end-to-end test's former
 * configuration.
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

    /**
     * The end-to-end test's cohort with anchors of the given response ({@link BulkCohort#LINEAR} or
     * {@link BulkCohort#THRESHOLD}, induced above &theta; within-type sds of their program activity).
     */
    public static BulkCohort.Config cohort(int samples, int genes, int types, String response, double threshold) {
        return cohort(samples, genes, types).withAnchorResponse(response, threshold);
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
        String[] penalizers = kv.getOrDefault("penalizer", "0.1").split(",");
        int anchors = Integer.parseInt(kv.getOrDefault("anchors", "4"));
        String measured = kv.getOrDefault("measured", "both");
        String oracleText = kv.getOrDefault("oracle", "false");
        boolean[] oracles = oracleText.equals("both") ? new boolean[]{false, true}
                : new boolean[]{Boolean.parseBoolean(oracleText)};
        long t0 = System.nanoTime();
        Consumer<String> log = s -> System.out.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - t0) * 1e-9, s);
        GexbertRunner.DataOptions data = GexbertRunner.DataOptions.simulated(cohort(samples, genes, types,
                kv.getOrDefault("response", BulkCohort.LINEAR), Double.parseDouble(kv.getOrDefault("threshold", "1"))),
                seed);
        GexbertConfig cfg = new GexbertConfig(genes, 10, d, layers, 2, 1, 4, dropout, sampled, mask, 1f, lr, 0.01f, 0.05,
                batch);
        GexbertRunner.PretrainOptions pre = new GexbertRunner.PretrainOptions(data, cfg, epochs, out.resolve("run"),
                false, seed);
        GexbertRunner.PretrainResult p = GexbertRunner.pretrain(pre, null);
        log.accept(String.format(Locale.ROOT, "pre-training %s: %d steps, %.0f s, val loss %.4f, level accuracy %.3f",
                kv, p.steps(), p.seconds(), p.valLoss(), p.valLevelAccuracy()));
        if (Boolean.parseBoolean(kv.getOrDefault("impute", "true"))) {
            GexbertRunner.ImputeResult imp = GexbertRunner.impute(new GexbertRunner.ImputeOptions(pre, p.model(),
                    new double[]{0.5}, rounds, 10, 0, 0, 0, out, Boolean.parseBoolean(kv.getOrDefault("all", "false"))), log);
            log.accept(String.format(Locale.ROOT, "RESULT impute50 GexBERT %.4f gene-mean %.4f KNN %.4f",
                    imp.row(0.5, "GexBERT").rmse(), imp.row(0.5, "gene-mean").rmse(), imp.row(0.5, "KNN").rmse()));
        }
        String[] labelled = kv.getOrDefault("labelled", "0").split(",");
        int draws = Integer.parseInt(kv.getOrDefault("draws", "1"));
        int bootstrap = Integer.parseInt(kv.getOrDefault("bootstrap", "20"));
        String[] scenarios = {GexbertRunner.PANEL, GexbertRunner.RESTORED, GexbertRunner.REGRESSED, GexbertRunner.TRUE,
                GexbertRunner.REGRESSED_LABELLED};
        for (boolean oracle : oracles)
        for (String panelText : panels)
            for (boolean m : new boolean[]{false, true}) {
                if (!measured.equals("both") && Boolean.parseBoolean(measured) != m) continue;
                int panel = Integer.parseInt(panelText);
                for (String penText : penalizers)
                for (String lab : labelled) {
                    double penalizer = Double.parseDouble(penText);
                    int nLab = Integer.parseInt(lab);
                    double[] sum = new double[scenarios.length];
                    int wins = 0, winsRidge = 0;
                    double diff2 = 0;
                    for (int draw = 0; draw < draws; draw++) {
                        GexbertRunner.SurvivalResult s = GexbertRunner.survival(new GexbertRunner.SurvivalOptions(pre,
                                p.model(), panel, anchors, 0.05, rounds, penalizer, bootstrap, m, out, nLab, draw, oracle),
                                log);
                        double[] v = new double[scenarios.length];
                        for (int q = 0; q < v.length; q++) sum[q] += v[q] = s.mean().getOrDefault(scenarios[q], Double.NaN);
                        if (v[1] > v[0]) wins++;
                        diff2 += (v[1] - v[0]) * (v[1] - v[0]);
                        if (v[2] > v[0]) winsRidge++;
                        log.accept(String.format(Locale.ROOT, "RESULT survival panel=%d measured=%b labelled=%d draw=%d"
                                + " panel %.4f restored %.4f ridge(pool) %.4f true %.4f ridge(labelled) %.4f", panel, m,
                                nLab, draw, v[0], v[1], v[2], v[3], v[4]));
                        if (nLab == 0) break;                   // every training patient: one draw
                    }
                    int done = nLab == 0 ? 1 : draws;
                    double meanDiff = (sum[1] - sum[0]) / done;
                    double sdDiff = done < 2 ? Double.NaN
                            : Math.sqrt(Math.max(0, (diff2 - done * meanDiff * meanDiff) / (done - 1)));
                    log.accept(String.format(Locale.ROOT, "SUMMARY seed=%d anchors=%s panel=%d penalizer=%s measured=%b"
                                    + " labelled=%d draws=%d panel %.4f restored %.4f ridge(pool) %.4f true %.4f"
                                    + " ridge(labelled) %.4f;"
                                    + " restored - panel %+.4f (sd over draws %.4f); restored > panel in %d,"
                                    + " ridge > panel in %d", seed, oracle ? "true" : "screen", panel, penText, m,
                            nLab, done, sum[0] / done, sum[1] / done, sum[2] / done, sum[3] / done, sum[4] / done,
                            meanDiff, sdDiff, wins, winsRidge));
                }
            }
    }
}
