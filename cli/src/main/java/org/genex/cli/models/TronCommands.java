package org.genex.cli.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.genex.cli.ExitCodes;
import org.genex.cli.InputException;
import org.genex.cli.Job;
import org.genex.cli.JobContext;
import org.genex.cli.TrainingProgress;
import org.genex.cli.UsageException;
import org.genex.data.genes.OrthologMap;
import org.genex.experiments.tron.TronRunner;
import org.genex.nn.models.tron.TronConfig;
import org.genex.nn.models.tron.TronTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code genex tron train|transfer|evaluate|benchmark}: Transfer Orthology Networks (specs/tron.md) over
 * {@link TronRunner}. Without INPUT every command uses the two-species simulator ({@code --sim-seed} picks the
 * simulated world: keep it the same across the three steps); the simulated target's first 100 samples train the
 * conversion and the rest evaluate it, unless {@code --rows} says otherwise.
 */
@Command(name = "tron", mixinStandardHelpOptions = true,
        description = "TRON: a frozen source-species network reused on a target species through an "
                + "ortholog-masked conversion layer.",
        subcommands = {TronCommands.Train.class, TronCommands.Transfer.class, TronCommands.Evaluate.class,
                TronCommands.Benchmark.class})
public final class TronCommands {
    private TronCommands() {}

    /** Options of the commands that read samples. */
    abstract static class DataJob extends Job {
        @Option(names = "--phenotype", paramLabel = "COLUMN", defaultValue = "phenotype",
                description = "The obs column to predict (default: ${DEFAULT-VALUE}, the simulator's).")
        String phenotype;

        @Option(names = "--labels", paramLabel = "CSV",
                description = "For a CSV matrix INPUT: a CSV table with one row per sample holding the phenotype.")
        Path labels;

        @Option(names = "--sim-seed", paramLabel = "N", defaultValue = "42",
                description = "Seed of the simulated two-species data when there is no INPUT (default: "
                        + "${DEFAULT-VALUE}).")
        long simSeed;

        @Option(names = "--rows", paramLabel = "FROM:TO",
                description = "Use samples FROM (inclusive) to TO (exclusive) only.")
        String rows;

        TronRunner.Data data(String simulatedRows) {
            Path in = options.input();
            TronRunner.Data d = in == null ? TronRunner.Data.simulated(null, simSeed)
                    : new TronRunner.Data(in, labels, phenotype, null, 0, null);
            String r = rows != null ? rows : in == null ? simulatedRows : null;
            return r == null ? d : d.withRows(range(r));
        }

        static int[] range(String spec) {
            String[] p = spec.split(":", -1);
            try {
                int from = Integer.parseInt(p[0].trim()), to = Integer.parseInt(p[1].trim());
                if (p.length != 2 || from < 0 || to <= from) throw new NumberFormatException();
                int[] out = new int[to - from];
                for (int i = 0; i < out.length; i++) out[i] = from + i;
                return out;
            } catch (RuntimeException e) {
                throw new UsageException("--rows " + spec + ": expected FROM:TO with 0 <= FROM < TO");
            }
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Pre-train the source network f_theta on source-species samples (INPUT: .h5ad or CSV; "
                    + "default: the simulated source species). Writes source.safetensors, the gene list and scaler.")
    public static final class Train extends DataJob {
        @Option(names = "--task", defaultValue = "REGRESSION",
                description = "REGRESSION, BINARY or MULTICLASS (default: ${DEFAULT-VALUE}).")
        TronTask task;

        @Option(names = "--epochs", defaultValue = "30", description = "Epochs (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--small", description = "The small CPU configuration (n_s -> 256 -> 64 -> k).")
        boolean small;

        @Override protected void validate() {
            if (epochs < 1) throw new UsageException("--epochs " + epochs + ": must be >= 1");
        }

        @Override protected void run(JobContext ctx) throws Exception {
            TronConfig base = small ? TronConfig.small() : TronConfig.defaults();
            TronConfig c = base.withSource(base.sourceLr(), base.sourceBatch(), epochs, base.sourcePatience());
            try (TrainingProgress p = new TrainingProgress(ctx, "tron train")) {
                TronRunner.TrainResult r = inputErrors(() -> TronRunner.train(new TronRunner.TrainOptions(data(null),
                        task, c, ctx.seed(), ctx.outDir(), p, ctx::log)));
                ctx.log(String.format(Locale.ROOT, "source network: %d samples x %d genes, validation loss %.4f",
                        r.samples(), r.genes(), r.valLoss()));
            }
        }
    }

    @Command(name = "transfer", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Learn the ortholog conversion layer on target-species samples with the source network "
                    + "frozen (optionally fine-tune both). Writes tron.safetensors and edges.csv.")
    public static final class Transfer extends DataJob {
        @Option(names = "--source", paramLabel = "DIR", required = true,
                description = "The output folder of 'genex tron train'.")
        Path source;

        @Option(names = "--orthologs", paramLabel = "TABLE",
                description = "Ortholog table (source species' gene first); required with an INPUT.")
        Path orthologs;

        @Option(names = "--invert-table", description = "The table lists the target species first.")
        boolean invert;

        @Option(names = "--pairs", defaultValue = "ALL",
                description = "Which ortholog pairs become edges: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        OrthologMap.Pairs pairs;

        @Option(names = "--fine-tune", description = "Then fine-tune the source network jointly (TRON-FT).")
        boolean fineTune;

        @Option(names = "--epochs", defaultValue = "100",
                description = "Epochs of the transfer stage (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--l1", defaultValue = "0", description = "L1 penalty on the edge weights (default: 0).")
        float l1;

        @Option(names = "--l2", defaultValue = "0",
                description = "L2 penalty towards the initial edge weights (default: 0).")
        float l2;

        @Override protected void validate() {
            if (!Files.isRegularFile(source.resolve(TronRunner.SOURCE_CHECKPOINT)))
                throw new InputException("--source " + source + ": no " + TronRunner.SOURCE_CHECKPOINT
                        + " (run 'genex tron train' first)");
            if (options.input() != null && orthologs == null)
                throw new UsageException("--orthologs is required with an INPUT");
            if (!(l1 >= 0) || !(l2 >= 0)) throw new UsageException("--l1 and --l2 must be >= 0");
            if (epochs < 1) throw new UsageException("--epochs " + epochs + ": must be >= 1");
        }

        @Override protected void run(JobContext ctx) throws Exception {
            TronConfig d = TronConfig.defaults();
            TronConfig overrides = d.withTransfer(d.transferLr(), d.transferBatch(), epochs).withRegularisation(l1, l2);
            try (TrainingProgress p = new TrainingProgress(ctx, "tron transfer")) {
                TronRunner.TransferResult r = inputErrors(() -> TronRunner.transfer(new TronRunner.TransferOptions(
                        source, data("0:100"), orthologs, invert, pairs, overrides, fineTune, ctx.seed(),
                        ctx.outDir(), p, ctx::log)));
                ctx.log(String.format(Locale.ROOT, "conversion layer: %d target samples, %d target genes, %d edges",
                        r.samples(), r.targetGenes(), r.edges()));
            }
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "Predict target-species samples with a transferred model and score them; exports the "
                    + "per-edge interpretation (weights, gradient x input attributions, ortholog ranks).")
    public static final class Evaluate extends DataJob {
        @Option(names = "--transfer", paramLabel = "DIR", required = true,
                description = "The output folder of 'genex tron transfer'.")
        Path transfer;

        @Option(names = "--output-index", defaultValue = "0",
                description = "Which output the attributions explain (default: ${DEFAULT-VALUE}).")
        int output;

        @Override protected void validate() {
            if (!Files.isRegularFile(transfer.resolve(TronRunner.TRON_CHECKPOINT)))
                throw new InputException("--transfer " + transfer + ": no " + TronRunner.TRON_CHECKPOINT
                        + " (run 'genex tron transfer' first)");
            if (output < 0) throw new UsageException("--output-index " + output + ": must be >= 0");
        }

        @Override protected void run(JobContext ctx) throws Exception {
            TronRunner.EvaluateResult r = inputErrors(() -> TronRunner.evaluate(new TronRunner.EvaluateOptions(
                    transfer, data("100:500"), output, ctx.outDir(), ctx::log)));
            ctx.log(String.format(Locale.ROOT, "%d samples: r2 %.4f, pearson %.4f, accuracy %.4f, macro-F1 %.4f",
                    r.samples(), r.r2(), r.pearson(), r.accuracy(), r.macroF1()));
        }
    }

    @Command(name = "benchmark", mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER,
            description = "The spec's benchmark: SYNTHETIC (two simulated species, baselines B0-B3, TRON, TRON-FT) "
                    + "or SEMI_REAL (pbmc68k_reduced moved into mouse gene space). Tables and plots.")
    public static final class Benchmark extends Job {
        @Option(names = "--kind", defaultValue = "SYNTHETIC",
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        TronRunner.BenchmarkKind kind;

        @Option(names = "--seeds", defaultValue = "0", description = "Repetitions (default: the kind's, 5).")
        int seeds;

        @Option(names = "--reduced", description = "The test-sized version (minutes become seconds).")
        boolean reduced;

        @Option(names = "--h5ad", description = "SEMI_REAL: pbmc68k_reduced.h5ad.")
        Path h5ad;

        @Option(names = "--orthologs", paramLabel = "TABLE", description = "SEMI_REAL: the human -> mouse table.")
        Path table;

        @Override protected void validate() {
            if (seeds < 0) throw new UsageException("--seeds " + seeds + ": must be >= 0");
            if (kind == TronRunner.BenchmarkKind.SEMI_REAL && (h5ad == null || table == null))
                throw new UsageException("--kind SEMI_REAL needs --h5ad and --orthologs");
        }

        @Override protected void run(JobContext ctx) throws Exception {
            TronRunner.BenchmarkResult r = inputErrors(() -> TronRunner.benchmark(new TronRunner.BenchmarkOptions(
                    kind, reduced, seeds, h5ad, table, ctx.outDir(), ctx::log)));
            ctx.log(r.rows().size() + " result rows");
        }
    }
}
