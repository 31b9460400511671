package org.genex.experiments.gexbert;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import org.genex.data.sim.BulkCohort;
import org.genex.nn.Trainer;
import org.genex.nn.TrainingListener;
import org.genex.nn.models.gexbert.GexbertConfig;

/**
 * The reduced run of docs/gexbert/README.md: one simulated cohort, one pre-training, then the four downstream tasks
 * on the saved model. Usage: {@code ReducedRun <outDir> [samples genes types epochs lr dropout batch maskRatio [light]]} (defaults
 * 1,500 patients, 200 genes, 5 types, 25 epochs of the small configuration with its learning rate 1e-3, dropout 0.1,
 * batch 32 and mask ratio 0.3); {@code light} skips MICE, the DAE, attention and classification (imputation against
 * gene-mean and KNN, and survival only).
 */
public final class ReducedRun {
    private ReducedRun() {}

    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/gexbert");
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 1500;
        int genes = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int types = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int epochs = args.length > 4 ? Integer.parseInt(args[4]) : 25;
        float lr = args.length > 5 ? Float.parseFloat(args[5]) : GexbertConfig.small().learningRate();
        float dropout = args.length > 6 ? Float.parseFloat(args[6]) : GexbertConfig.small().dropout();
        int batch = args.length > 7 ? Integer.parseInt(args[7]) : GexbertConfig.small().batchSize();
        double maskRatio = args.length > 8 ? Double.parseDouble(args[8]) : GexbertConfig.small().maskRatio();
        boolean light = args.length > 9 && args[9].equals("light");
        long seed = 7;
        long t0 = System.nanoTime();
        Consumer<String> log = s -> System.out.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - t0) * 1e-9, s);
        BulkCohort.Config sim = BulkCohort.Config.defaults().withSizes(samples, genes, types);
        GexbertRunner.DataOptions data = GexbertRunner.DataOptions.simulated(sim, seed);
        GexbertConfig cfg = GexbertConfig.small().withLearningRate(lr).withDropout(dropout).withBatchSize(batch)
                .withMaskRatio(maskRatio);
        GexbertRunner.PretrainOptions pre = new GexbertRunner.PretrainOptions(data, cfg, epochs, out.resolve("run"),
                false, seed);
        GexbertRunner.PretrainResult p = GexbertRunner.pretrain(pre, new TrainingListener() {
            @Override public void onEval(int epoch, long step, java.util.Map<String, Double> m) {
                log.accept("epoch " + epoch + " step " + step + " " + m);
            }
            @Override public void onStart(Trainer.Plan plan) { log.accept("pre-training " + plan); }
            @Override public void onStep(int epoch, long step, double loss, double sps, Duration eta) {}
        });
        log.accept(String.format(Locale.ROOT, "pre-training: %d steps in %.0f s, %.0f tokens/s, val loss %.4f, level"
                + " accuracy %.3f", p.steps(), p.seconds(), p.tokensPerSecond(), p.valLoss(), p.valLevelAccuracy()));
        Path ckpt = p.model();
        GexbertRunner.impute(new GexbertRunner.ImputeOptions(pre, ckpt, new double[]{0.1, 0.3, 0.5, 0.7, 0.9}, 2, 10,
                light ? 0 : 10, light ? 0 : 60, 300, out), log);
        GexbertRunner.survival(new GexbertRunner.SurvivalOptions(pre, ckpt, 32, 10, 0.05, 4, 0.1, 200, false, out), log);
        if (light) {
            log.accept("done (light: no MICE, DAE, attention or classification)");
            return;
        }
        GexbertRunner.attention(new GexbertRunner.AttentionOptions(pre, ckpt, 4, 20, out), log);
        GexbertRunner.classify(new GexbertRunner.ClassifyOptions(pre, ckpt, new int[]{16, 32, 64, 128},
                new String[]{"random", "variance"}, 3, 60, 100, 50, out), log);
        log.accept("done");
    }
}
