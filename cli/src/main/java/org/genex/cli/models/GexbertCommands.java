package org.genex.cli.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.genex.cli.ExitCodes;
import org.genex.cli.InputException;
import org.genex.cli.Job;
import org.genex.cli.JobContext;
import org.genex.cli.TrainingProgress;
import org.genex.cli.UsageException;
import org.genex.data.sim.BulkCohort;
import org.genex.experiments.gexbert.Cohort;
import org.genex.experiments.gexbert.GexbertRunner;
import org.genex.nn.models.gexbert.GexbertConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code genex gexbert pretrain|classify|survival|impute|attention}: GexBERT (specs/gexbert.md) over
 * {@link GexbertRunner}. INPUT is a bulk cohort (.h5ad or CSV, samples x genes, with cancer type, survival time and
 * event columns); without it, the simulated bulk cohort. Every downstream task takes a pre-trained model
 * ({@code --checkpoint}) or pre-trains one first into {@code OUT/pretrain}.
 */
@Command(name = "gexbert", mixinStandardHelpOptions = true,
        description = "GexBERT: masked restoration pre-training of bulk expression, and its downstream tasks "
                + "(classification from few genes, survival with restored anchors, imputation, attention).",
        subcommands = {GexbertCommands.Pretrain.class, GexbertCommands.Classify.class, GexbertCommands.Survival.class,
                GexbertCommands.Impute.class, GexbertCommands.Attention.class})
public final class GexbertCommands {
    private GexbertCommands() {}

    /** The cohort, the model and pre-training: every GexBERT command's options. */
    abstract static class GexbertJob extends Job {
        @Option(names = "--type-column", defaultValue = "cancer_type", description = "Cancer type column "
                + "(default: ${DEFAULT-VALUE}).")
        String typeColumn;

        @Option(names = "--time-column", defaultValue = "survival_time",
                description = "Survival time column (default: ${DEFAULT-VALUE}).")
        String timeColumn;

        @Option(names = "--event-column", defaultValue = "event",
                description = "Event column, 1 = death (default: ${DEFAULT-VALUE}).")
        String eventColumn;

        @Option(names = "--split-column", defaultValue = "split",
                description = "Train/test split column, if the file has one (default: ${DEFAULT-VALUE}; "
                        + "otherwise a seeded split within types).")
        String splitColumn;

        @Option(names = "--patients", defaultValue = "1500",
                description = "Simulated cohort: patients (default: ${DEFAULT-VALUE}).")
        int patients;

        @Option(names = "--genes", defaultValue = "200", description = "Simulated cohort: genes (default: "
                + "${DEFAULT-VALUE}).")
        int genes;

        @Option(names = "--types", defaultValue = "5", description = "Simulated cohort: cancer types (default: "
                + "${DEFAULT-VALUE}).")
        int types;

        @Option(names = "--anchor-response", defaultValue = BulkCohort.LINEAR, paramLabel = "linear|threshold|interaction",
                description = "Simulated cohort: how anchor genes respond to their programs: linear (as every gene), "
                        + "threshold (induced above --anchor-threshold) or interaction (the product of two programs);"
                        + " docs/gexbert/README.md (default: ${DEFAULT-VALUE}).")
        String anchorResponse;

        @Option(names = "--anchor-threshold", defaultValue = "1.0", description = "Simulated cohort: the threshold of "
                + "--anchor-response threshold, in within-type sds of the anchor's program activity, in [-4, 4] "
                + "(default: ${DEFAULT-VALUE}).")
        double anchorThreshold;

        @Option(names = "--full-size", description = "The spec's default model instead of its small configuration.")
        boolean fullSize;

        @Option(names = "--epochs", defaultValue = "25", description = "Pre-training epochs (default: "
                + "${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--lr", description = "Pre-training learning rate (default: the configuration's).")
        Float lr;

        @Option(names = "--checkpoint", paramLabel = "FILE",
                description = "A gexbert.safetensors from 'genex gexbert pretrain' (same cohort genes); without it, "
                        + "the command pre-trains first.")
        Path checkpoint;

        @Override protected void validate() {
            if (patients < 10 || genes < 2 || types < 1)
                throw new UsageException("--patients >= 10, --genes >= 2 and --types >= 1");
            if (epochs < 1) throw new UsageException("--epochs " + epochs + ": must be >= 1");
            if (!anchorResponse.equals(BulkCohort.LINEAR) && !anchorResponse.equals(BulkCohort.THRESHOLD)
                    && !anchorResponse.equals(BulkCohort.INTERACTION))
                throw new UsageException("--anchor-response " + anchorResponse + ": must be " + BulkCohort.LINEAR
                        + ", " + BulkCohort.THRESHOLD + " or " + BulkCohort.INTERACTION);
            if (!(anchorThreshold >= -4 && anchorThreshold <= 4))
                throw new UsageException("--anchor-threshold " + anchorThreshold + ": must be in [-4, 4]");
            if (lr != null && !(lr > 0)) throw new UsageException("--lr " + lr + ": must be > 0");
            if (checkpoint != null && !Files.isRegularFile(checkpoint))
                throw new InputException("--checkpoint " + checkpoint + ": no such file");
            validateTask();
        }

        /** The subcommand's own checks. */
        void validateTask() {}

        GexbertRunner.PretrainOptions pretrain(JobContext ctx, Path dir) {
            GexbertRunner.DataOptions data = options.input() == null
                    ? GexbertRunner.DataOptions.simulated(BulkCohort.Config.defaults().withSizes(patients, genes,
                            types).withAnchorResponse(anchorResponse, anchorThreshold), ctx.seed())
                    : GexbertRunner.DataOptions.file(options.input(), new Cohort.Columns(typeColumn, timeColumn,
                            eventColumn, splitColumn), ctx.seed());
            GexbertConfig c = fullSize ? GexbertConfig.defaults() : GexbertConfig.small();
            if (lr != null) c = c.withLearningRate(lr);
            return new GexbertRunner.PretrainOptions(data, c, epochs, dir, false, ctx.seed());
        }

        /** The pre-trained model: {@code --checkpoint}, or one pre-trained now into {@code OUT/pretrain}. */
        Path model(JobContext ctx, GexbertRunner.PretrainOptions pre) throws Exception {
            if (checkpoint != null) return checkpoint;
            try (TrainingProgress p = new TrainingProgress(ctx, "gexbert pretrain")) {
                return inputErrors(() -> GexbertRunner.pretrain(pre, p)).model();
            }
        }
    }

    @Command(name = "pretrain", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Pre-train by masking and restoration on the training patients (fresh gene subsets and "
                    + "masks every epoch). Writes gexbert.safetensors, checkpoints/ and metrics.jsonl.")
    public static final class Pretrain extends GexbertJob {
        @Override protected void run(JobContext ctx) throws Exception {
            GexbertRunner.PretrainOptions pre = pretrain(ctx, ctx.outDir());
            GexbertRunner.PretrainResult r;
            try (TrainingProgress p = new TrainingProgress(ctx, "gexbert pretrain")) {
                r = inputErrors(() -> GexbertRunner.pretrain(pre, p));
            }
            ctx.log(String.format(Locale.ROOT, "%d steps, validation loss %.4f, masked-level accuracy %.3f, %.0f "
                    + "tokens/s", r.steps(), r.valLoss(), r.valLevelAccuracy(), r.tokensPerSecond()));
        }
    }

    @Command(name = "classify", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Cancer type from k genes: GexBERT fine-tuned and as a frozen probe against logistic "
                    + "regression, an MLP, a random forest, and PCA + LR on all genes; accuracy and macro-F1.")
    public static final class Classify extends GexbertJob {
        @Option(names = "--k", split = ",", defaultValue = "16,32,64,128",
                description = "Panel sizes (default: ${DEFAULT-VALUE}).")
        int[] ks;

        @Option(names = "--selection", split = ",", defaultValue = "random,variance",
                description = "Panels: random and/or variance (default: ${DEFAULT-VALUE}).")
        String[] selections;

        @Option(names = "--trees", defaultValue = "100", description = "Random forest trees, 0 = none (default: "
                + "${DEFAULT-VALUE}).")
        int trees;

        @Override void validateTask() {
            for (int k : ks) if (k < 1) throw new UsageException("--k " + k + ": must be >= 1");
            for (String s : selections)
                if (!s.equals("random") && !s.equals("variance"))
                    throw new UsageException("--selection " + s + ": expected random or variance");
            if (trees < 0) throw new UsageException("--trees " + trees + ": must be >= 0");
        }

        @Override protected void run(JobContext ctx) throws Exception {
            GexbertRunner.PretrainOptions pre = pretrain(ctx, ctx.outDir().resolve("pretrain"));
            Path model = model(ctx, pre);
            GexbertRunner.ClassifyResult r = inputErrors(() -> GexbertRunner.classify(new GexbertRunner.ClassifyOptions(
                    pre, model, ks, selections, 3, 60, trees, 50, ctx.outDir()), ctx::log));
            ctx.log(r.rows().size() + " rows -> " + ctx.finalOut().resolve(r.table().getFileName()));
        }
    }

    @Command(name = "survival", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Per cancer type: Cox PH on a gene panel alone, with anchor genes restored by GexBERT, with "
                    + "anchors ridge-regressed on the panel (the type's training pool) and with the true anchors; "
                    + "Harrell's C with bootstrap intervals.")
    public static final class Survival extends GexbertJob {
        @Option(names = "--panel", defaultValue = "32", description = "Panel genes (default: ${DEFAULT-VALUE}).")
        int panel;

        @Option(names = "--anchors", defaultValue = "10", description = "Anchor genes per type (default: "
                + "${DEFAULT-VALUE}).")
        int anchors;

        @Option(names = "--labelled", defaultValue = "0", description = "Training patients per type with survival "
                + "labels, a seeded random subset: anchors and Cox models use only these, pre-training all training "
                + "patients; 0 = all (default: ${DEFAULT-VALUE}).")
        int labelled;

        @Option(names = "--labelled-seed", defaultValue = "0", description = "Seed of the labelled subsets (default: "
                + "${DEFAULT-VALUE}).")
        long labelledSeed;

        @Override void validateTask() {
            if (panel < 1 || anchors < 1) throw new UsageException("--panel and --anchors must be >= 1");
            if (labelled < 0) throw new UsageException("--labelled " + labelled + ": must be >= 0 (0 = all)");
        }

        @Override protected void run(JobContext ctx) throws Exception {
            GexbertRunner.PretrainOptions pre = pretrain(ctx, ctx.outDir().resolve("pretrain"));
            Path model = model(ctx, pre);
            GexbertRunner.SurvivalResult r = inputErrors(() -> GexbertRunner.survival(new GexbertRunner.SurvivalOptions(
                    pre, model, panel, anchors, 0.05, 4, 0.1, 200, false, ctx.outDir(), labelled, labelledSeed),
                    ctx::log));
            ctx.log("mean C-index over types: " + r.mean());
        }
    }

    @Command(name = "impute", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Missing values under MCAR: GexBERT against gene-mean, KNN, MICE and a denoising "
                    + "autoencoder; RMSE, MAE, per-gene and per-patient Pearson r on the masked entries.")
    public static final class Impute extends GexbertJob {
        @Option(names = "--rates", split = ",", defaultValue = "0.1,0.3,0.5,0.7,0.9",
                description = "Missingness rates (default: ${DEFAULT-VALUE}).")
        double[] rates;

        @Option(names = "--max-test", defaultValue = "300",
                description = "At most this many test patients are masked, 0 = all (default: ${DEFAULT-VALUE}).")
        int maxTest;

        @Override void validateTask() {
            for (double r : rates)
                if (!(r > 0 && r < 1)) throw new UsageException("--rates " + Arrays.toString(rates) + ": each in (0, 1)");
            if (maxTest < 0) throw new UsageException("--max-test " + maxTest + ": must be >= 0");
        }

        @Override protected void run(JobContext ctx) throws Exception {
            GexbertRunner.PretrainOptions pre = pretrain(ctx, ctx.outDir().resolve("pretrain"));
            Path model = model(ctx, pre);
            GexbertRunner.ImputeResult r = inputErrors(() -> GexbertRunner.impute(new GexbertRunner.ImputeOptions(
                    pre, model, rates, 2, 10, 10, 60, maxTest, ctx.outDir()), ctx::log));
            ctx.log(r.rows().size() + " rows -> " + ctx.finalOut().resolve(r.table().getFileName()));
        }
    }

    @Command(name = "attention", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "CLS-to-gene attention per cancer type (last layer and rollout), the top genes per type "
                    + "and a heat map.")
    public static final class Attention extends GexbertJob {
        @Option(names = "--top", defaultValue = "20", description = "Genes listed per type (default: "
                + "${DEFAULT-VALUE}).")
        int top;

        @Override void validateTask() {
            if (top < 1) throw new UsageException("--top " + top + ": must be >= 1");
        }

        @Override protected void run(JobContext ctx) throws Exception {
            GexbertRunner.PretrainOptions pre = pretrain(ctx, ctx.outDir().resolve("pretrain"));
            Path model = model(ctx, pre);
            GexbertRunner.AttentionResult r = inputErrors(() -> GexbertRunner.attention(
                    new GexbertRunner.AttentionOptions(pre, model, 4, top, ctx.outDir()), ctx::log));
            ctx.log("top genes per type -> " + ctx.finalOut().resolve(r.table().getFileName()));
        }
    }
}
