package org.genex.experiments.tron;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.genex.autodiff.Var;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.genes.OrthologMap;
import org.genex.data.io.Delimited;
import org.genex.data.io.H5adReader;
import org.genex.data.sim.TwoSpecies;
import org.genex.nn.Checkpoint;
import org.genex.nn.MLP;
import org.genex.nn.Trainer;
import org.genex.nn.TrainingListener;
import org.genex.nn.models.tron.Labels;
import org.genex.nn.models.tron.Tron;
import org.genex.nn.models.tron.TronConfig;
import org.genex.nn.models.tron.TronInterpretation;
import org.genex.nn.models.tron.TronTask;
import org.genex.nn.models.tron.TronTraining;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;
import org.genex.tensor.io.SafetensorsFile;

/**
 * TRON's task runner: one public entry point per CLI subcommand, each taking an options record and returning a result
 * record after writing its files. A picocli layer maps flags to the records' fields one to one:
 * <pre>
 *   genex tron train     --input pbmc.h5ad --phenotype bulk_labels --task MULTICLASS --out run/source
 *                        (or --simulate [--seed S]: the TwoSpecies source species, phenotype "phenotype")
 *   genex tron transfer  --source run/source --input mouse.h5ad --phenotype bulk_labels
 *                        --orthologs Ensembl105_Human2Mouse_Genes.csv [--invert-table] [--pairs ALL|ONE_TO_ONE]
 *                        [--fine-tune] --out run/transfer        (or --simulate [--seed S], same S as train)
 *   genex tron evaluate  --transfer run/transfer --input mouse_test.h5ad --phenotype bulk_labels --out run/eval
 *   genex tron benchmark --kind SYNTHETIC|SEMI_REAL [--seeds 5] [--reduced] --out docs/tron
 * </pre>
 * <ul>
 *   <li>{@link #train}: reads source data (h5ad: X as counts or any non-negative expression; CSV: a samples x genes
 *       matrix, with the phenotype from {@code labels}, a CSV table of obs columns; or the simulator), applies
 *       log-CPM + z-score, pre-trains f_theta (90/10 split, early stopping) and writes {@code source.safetensors}
 *       (f_theta's keys, metadata: config JSON, phenotype, classes), {@code source_genes.txt},
 *       {@code source_scaler.csv} and the trainer's checkpoints under {@code checkpoints/}.</li>
 *   <li>{@link #transfer}: reads target data and the ortholog table (two columns, source species first unless
 *       {@code invertTable}), builds the graph over the source network's genes and the target genes with an edge,
 *       z-scores the target with its own statistics, freezes f_theta, learns the conversion (and fine-tunes when
 *       asked), and writes {@code tron.safetensors} (every key of {@link Tron}, including
 *       {@code conversion.edge_index}), {@code target_genes.txt}, {@code target_scaler.csv} and {@code edges.csv}
 *       (weights per edge, gene names).</li>
 *   <li>{@link #evaluate}: loads a transfer directory, predicts on target data with labels, writes
 *       {@code metrics.csv}, {@code interpretation.csv} (per edge: genes, weight, initial weight,
 *       gradient x input attribution, rank among the source gene's orthologs) and {@code target_attributions.csv}
 *       (a_j, the edge attributions summed per target gene).</li>
 *   <li>{@link #benchmark}: the synthetic (&sect;6.1) or semi-real benchmark; tables (CSV, markdown) and PNG plots.</li>
 * </ul>
 * Progress: training reports to a {@link TrainingListener}, everything else logs lines to a {@code Consumer<String>}
 * (both may be null).
 */
public final class TronRunner {
    private TronRunner() {}

    public static final String SOURCE_CHECKPOINT = "source.safetensors", TRON_CHECKPOINT = "tron.safetensors",
            SOURCE_GENES = "source_genes.txt", TARGET_GENES = "target_genes.txt", SOURCE_SCALER = "source_scaler.csv",
            TARGET_SCALER = "target_scaler.csv";

    /**
     * Where samples come from.
     *
     * @param input     an .h5ad or a CSV matrix (samples x genes); null to simulate
     * @param labels    for a CSV input, a CSV table with a row per sample and the phenotype column; else null
     * @param phenotype the obs column of the phenotype ("phenotype" for simulated data)
     * @param sim       the simulator's config when {@code input} is null (null: {@link TwoSpecies.Config#defaults()})
     * @param simSeed   the simulation's seed (train and transfer must use the same one)
     * @param rows      the samples to use (null: all)
     */
    public record Data(Path input, Path labels, String phenotype, TwoSpecies.Config sim, long simSeed, int[] rows) {
        public static Data file(Path input, String phenotype) { return new Data(input, null, phenotype, null, 0, null); }
        public static Data simulated(TwoSpecies.Config sim, long seed) { return new Data(null, null, "phenotype", sim, seed, null); }
        public Data withRows(int[] r) { return new Data(input, labels, phenotype, sim, simSeed, r); }
    }

    public record TrainOptions(Data data, TronTask task, TronConfig config, long seed, Path outDir,
                               TrainingListener listener, Consumer<String> log) {}

    public record TrainResult(Path checkpoint, int samples, int genes, double valLoss, List<String> classes,
                              long steps) {}

    public record TransferOptions(Path sourceDir, Data data, Path orthologTable, boolean invertTable,
                                  OrthologMap.Pairs pairs, TronConfig overrides, boolean fineTune, long seed,
                                  Path outDir, TrainingListener listener, Consumer<String> log) {}

    public record TransferResult(Path checkpoint, int samples, int targetGenes, int edges, String graphSummary,
                                 double lastLoss) {}

    public record EvaluateOptions(Path transferDir, Data data, int attributionOutput, Path outDir,
                                  Consumer<String> log) {}

    /** Regression metrics or classification metrics (the other kind's fields NaN). */
    public record EvaluateResult(int samples, double mse, double pearson, double spearman, double r2, double accuracy,
                                 double macroF1, double macroAuroc, Path interpretation) {}

    public enum BenchmarkKind { SYNTHETIC, SEMI_REAL }

    /**
     * @param reduced  the test-sized version (synthetic: {@link SyntheticBenchmark.Options#reduced()}; semi-real: one
     *                 seed, n = 25 and 50, B0/B1/TRON)
     * @param seeds    repetitions (0: the kind's default)
     * @param h5ad     semi-real only: pbmc68k_reduced.h5ad
     * @param table    semi-real only: the human &rarr; mouse ortholog table
     */
    public record BenchmarkOptions(BenchmarkKind kind, boolean reduced, int seeds, Path h5ad, Path table,
                                   Path outDir, Consumer<String> log) {}

    public record BenchmarkResult(List<SyntheticBenchmark.Row> rows, String markdown) {}

    // ------------------------------------------------------------------------------------------------ train

    public static TrainResult train(TrainOptions o) throws IOException {
        Consumer<String> log = log(o.log());
        Samples s = load(o.data(), o.task(), true, null);
        TronConfig c = o.config().withTask(o.task(), o.task() == TronTask.MULTICLASS ? s.classes.size() : 1);
        Files.createDirectories(o.outDir());
        int n = s.rows, g = s.genes.length, nTrain = Math.max(1, n - Math.max(1, n / 10));
        float[] x = TronData.logCpm(s.x, n, g);
        int[] tr = TronData.range(0, nTrain), va = TronData.range(nTrain, n);
        TronData.Standardizer z = TronData.Standardizer.fit(x, n, g, tr);
        MLP f = Tron.sourceNetwork(c, g, Rng.seeded(o.seed()).fork("tron").fork("source"));
        log.accept("train: " + n + " samples x " + g + " genes, task " + o.task() + ", f_theta " + f.parameterCount()
                + " parameters");
        Labels yVal = s.y.select(va);
        Tensor xVal = nTrain < n ? z.apply(x, g, va) : null;
        Trainer.Result r = TronTraining.pretrainSource(f, c, z.apply(x, g, tr), s.y.select(tr), xVal,
                xVal == null ? null : yVal, new TronTraining.Run(o.seed(), o.outDir().resolve("checkpoints"),
                        o.listener()));
        double val = xVal == null ? Double.NaN
                : yVal.loss(Var.of(TronTraining.predict(f, xVal, c.outputs())), TronData.range(0, va.length)).item();
        Path ckpt = o.outDir().resolve(SOURCE_CHECKPOINT);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(Checkpoint.CONFIG, c.toJson());
        meta.put(Checkpoint.SEED, Long.toString(o.seed()));
        meta.put("phenotype", o.data().phenotype());
        meta.put("classes", String.join("\t", s.classes));
        meta.put("val_loss", Double.toString(val));
        Checkpoint.save(f, null, meta, ckpt);
        Files.write(o.outDir().resolve(SOURCE_GENES), List.of(s.genes));
        writeScaler(o.outDir().resolve(SOURCE_SCALER), s.genes, z);
        log.accept(String.format(Locale.ROOT, "train: %d steps, validation loss %.4f -> %s", r.steps(), val, ckpt));
        return new TrainResult(ckpt, n, g, val, s.classes, r.steps());
    }

    // ------------------------------------------------------------------------------------------------ transfer

    public static TransferResult transfer(TransferOptions o) throws IOException {
        Consumer<String> log = log(o.log());
        Source src = readSource(o.sourceDir());
        TronConfig c = o.overrides() == null ? src.config : o.overrides().withTask(src.config.task(), src.config.outputs())
                .withHidden(src.config.hidden()).withDropout(src.config.dropout());
        if (o.fineTune() && c.fineTuneEpochs() == 0) c = c.withFineTune(30, c.fineTuneLrFactor());
        if (!o.fineTune()) c = c.withFineTune(0, c.fineTuneLrFactor());
        Samples s = load(o.data(), c.task(), false, src.classes);
        // the graph: source genes (rows) by the target genes that have an edge (columns)
        CsrMatrix full;
        String summary;
        if (o.orthologTable() == null) {
            TwoSpecies.Result sim = TwoSpecies.simulate(simConfig(o.data()), o.data().simSeed());
            full = sim.orthologs();
            summary = "simulated ortholog graph: " + full.nnz() + " edges";
        } else {
            OrthologMap map = OrthologMap.read(o.orthologTable());
            if (o.invertTable()) map = map.inverse();
            OrthologMap.Biadjacency b = map.biadjacency(src.genes, s.genes,
                    o.pairs() == null ? OrthologMap.Pairs.ALL : o.pairs(), true);
            full = b.matrix();
            summary = b.summary();
        }
        int[] keep = connected(full);
        CsrMatrix graph = full.selectColumns(keep);
        String[] genes = new String[keep.length];
        for (int k = 0; k < keep.length; k++) genes[k] = s.genes[keep[k]];
        float[] x = TronData.logCpm(s.x, s.rows, s.genes.length);
        float[] xs = new float[s.rows * keep.length];
        for (int r = 0; r < s.rows; r++)
            for (int k = 0; k < keep.length; k++) xs[r * keep.length + k] = x[r * s.genes.length + keep[k]];
        TronData.Standardizer z = TronData.Standardizer.fit(xs, s.rows, keep.length, null);
        Tron model = new Tron(c, graph, Rng.seeded(o.seed()).fork("tron"));
        model.source().loadStateDict(src.state);
        log.accept("transfer: " + s.rows + " target samples, " + summary + "; " + keep.length + " target genes with an"
                + " edge, " + graph.nnz() + " edges");
        Tensor xt = z.apply(xs, keep.length, null);
        Trainer.Result r = TronTraining.transfer(model, xt, s.y, new TronTraining.Run(o.seed(),
                o.outDir().resolve("checkpoints"), o.listener()));
        double last = r.lastLoss();
        if (c.fineTuneEpochs() > 0) {
            Trainer.Result ft = TronTraining.fineTune(model, xt, s.y, new TronTraining.Run(o.seed() + 1,
                    o.outDir().resolve("checkpoints-finetune"), o.listener()));
            last = ft.lastLoss();
        }
        Files.createDirectories(o.outDir());
        Path ckpt = o.outDir().resolve(TRON_CHECKPOINT);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(Checkpoint.CONFIG, c.toJson());
        meta.put(Checkpoint.SEED, Long.toString(o.seed()));
        meta.put("source_dir", o.sourceDir().toAbsolutePath().toString());
        meta.put("graph", summary);
        Checkpoint.save(model, null, meta, ckpt);
        Files.write(o.outDir().resolve(TARGET_GENES), List.of(genes));
        writeScaler(o.outDir().resolve(TARGET_SCALER), genes, z);
        InterpretationCsv.write(o.outDir().resolve("edges.csv"), TronInterpretation.edges(model), src.genes, genes);
        log.accept(String.format(Locale.ROOT, "transfer: last loss %.4f -> %s", last, ckpt));
        return new TransferResult(ckpt, s.rows, keep.length, graph.nnz(), summary, last);
    }

    // ------------------------------------------------------------------------------------------------ evaluate

    public static EvaluateResult evaluate(EvaluateOptions o) throws IOException {
        Consumer<String> log = log(o.log());
        Path ckpt = o.transferDir().resolve(TRON_CHECKPOINT);
        Map<String, String> meta = Checkpoint.metadata(ckpt);
        TronConfig c = TronConfig.fromJson(meta.get(Checkpoint.CONFIG));
        Source src = readSource(Path.of(meta.get("source_dir")));
        String[] targetGenes = Files.readAllLines(o.transferDir().resolve(TARGET_GENES)).toArray(new String[0]);
        CsrMatrix graph = graphOf(ckpt, src.genes.length, targetGenes.length);
        Tron model = new Tron(c, graph, Rng.seeded(0));
        Checkpoint.load(model, null, ckpt);
        model.conversion().checkEdgeIndex();
        TronData.Standardizer z = readScaler(o.transferDir().resolve(TARGET_SCALER), targetGenes);
        Samples s = load(o.data(), c.task(), false, src.classes);
        int[] cols = positions(s.genes, targetGenes);
        float[] x = TronData.logCpm(s.x, s.rows, s.genes.length);
        float[] xs = new float[s.rows * targetGenes.length];
        for (int r = 0; r < s.rows; r++)
            for (int k = 0; k < cols.length; k++)
                xs[r * cols.length + k] = cols[k] < 0 ? z.mean()[k] : x[r * s.genes.length + cols[k]];
        Tensor xt = z.apply(xs, targetGenes.length, null);
        Tensor pred = model.predict(xt, true);
        double mse = Double.NaN, pr = Double.NaN, sp = Double.NaN, r2 = Double.NaN, acc = Double.NaN,
                f1 = Double.NaN, auc = Double.NaN;
        if (c.task() == TronTask.MULTICLASS) {
            TronMetrics.Classification m = TronMetrics.classification(pred.toArray(), c.outputs(), s.y.classes());
            acc = m.accuracy();
            f1 = m.macroF1();
            auc = m.macroAuroc();
        } else {
            float[] p = pred.toArray();
            double[] pd = new double[p.length], y = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                pd[i] = p[i];
                y[i] = s.y.values()[i];
            }
            if (c.task() == TronTask.REGRESSION) {
                TronMetrics.Regression m = TronMetrics.regression(pd, y);
                mse = m.mse();
                pr = m.pearson();
                sp = m.spearman();
                r2 = m.r2();
            } else {
                boolean[] lab = new boolean[y.length];
                int correct = 0;
                for (int i = 0; i < y.length; i++) {
                    lab[i] = y[i] > 0.5;
                    if ((pd[i] > 0) == lab[i]) correct++;
                }
                acc = (double) correct / y.length;
                auc = TronMetrics.auroc(pd, lab);
            }
        }
        Files.createDirectories(o.outDir());
        Path interp = o.outDir().resolve("interpretation.csv");
        InterpretationCsv.write(interp, TronInterpretation.table(model, xt, o.attributionOutput()), src.genes,
                targetGenes);
        double[] perTarget = TronInterpretation.targetAttributions(model,
                TronInterpretation.edgeAttributions(model, xt, o.attributionOutput()));
        StringBuilder ta = new StringBuilder("target_gene,attribution\n");
        for (int j = 0; j < targetGenes.length; j++)
            ta.append(InterpretationCsv.quote(targetGenes[j])).append(',')
                    .append(String.format(Locale.ROOT, "%.6g", perTarget[j])).append('\n');
        Files.writeString(o.outDir().resolve("target_attributions.csv"), ta);
        EvaluateResult res = new EvaluateResult(s.rows, mse, pr, sp, r2, acc, f1, auc, interp);
        Files.writeString(o.outDir().resolve("metrics.csv"), "samples,mse,pearson,spearman,r2,accuracy,macro_f1,"
                + "macro_auroc\n" + s.rows + "," + mse + "," + pr + "," + sp + "," + r2 + "," + acc + "," + f1 + ","
                + auc + "\n");
        log.accept("evaluate: " + res);
        return res;
    }

    // ------------------------------------------------------------------------------------------------ benchmark

    public static BenchmarkResult benchmark(BenchmarkOptions o) throws IOException {
        if (o.kind() == BenchmarkKind.SYNTHETIC) {
            SyntheticBenchmark.Options so = (o.reduced() ? SyntheticBenchmark.Options.reduced()
                    : SyntheticBenchmark.Options.full()).withLog(o.log());
            if (o.seeds() > 0) so = so.withSeeds(o.seeds());
            SyntheticBenchmark.Result r = SyntheticBenchmark.run(so);
            return new BenchmarkResult(r.rows(), BenchmarkTables.write(r.rows(), so.targetSizes(), so.methods(),
                    o.outDir(), "synthetic_"));
        }
        SemiRealBenchmark.Options so = SemiRealBenchmark.Options.of(o.h5ad(), o.table()).withLog(o.log());
        if (o.reduced()) so = so.withSeeds(1).withSizes(25, 50)
                .withMethods(List.of(TronMethods.Method.B0, TronMethods.Method.B1, TronMethods.Method.TRON));
        if (o.seeds() > 0) so = so.withSeeds(o.seeds());
        SyntheticBenchmark.Result r = SemiRealBenchmark.run(so);
        return new BenchmarkResult(r.rows(), BenchmarkTables.write(r.rows(), so.targetSizes(), so.methods(),
                o.outDir(), "semireal_"));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Samples as dense expression [rows, genes], their labels and (categorical) class names. */
    private record Samples(float[] x, int rows, String[] genes, Labels y, List<String> classes) {}

    /** A trained source directory. */
    private record Source(TronConfig config, Map<String, Tensor> state, String[] genes, List<String> classes) {}

    private static Source readSource(Path dir) throws IOException {
        Path ckpt = dir.resolve(SOURCE_CHECKPOINT);
        Map<String, String> meta = Checkpoint.metadata(ckpt);
        TronConfig c = TronConfig.fromJson(meta.get(Checkpoint.CONFIG));
        String[] genes = Files.readAllLines(dir.resolve(SOURCE_GENES)).toArray(new String[0]);
        MLP f = Tron.sourceNetwork(c, genes.length, Rng.seeded(0));
        Checkpoint.load(f, null, ckpt);
        String cls = meta.getOrDefault("classes", "");
        return new Source(c, f.stateDict(), genes, cls.isEmpty() ? List.of() : List.of(cls.split("\t")));
    }

    /** The graph stored in a Tron checkpoint's {@code conversion.edge_index}. */
    private static CsrMatrix graphOf(Path ckpt, int ns, int nt) throws IOException {
        float[] ei;
        try (SafetensorsFile f = SafetensorsFile.open(ckpt)) {
            ei = f.tensor("conversion.edge_index").toArray();
        }
        int nnz = ei.length / 2;
        int[] r = new int[nnz], col = new int[nnz];
        float[] v = new float[nnz];
        for (int e = 0; e < nnz; e++) {
            col[e] = (int) ei[e];
            r[e] = (int) ei[nnz + e];
            v[e] = 1f;
        }
        return CsrMatrix.fromCoo(ns, nt, r, col, v);
    }

    private static Samples load(Data d, TronTask task, boolean source, List<String> classes) {
        AnnData a;
        if (d.input() == null) {
            TwoSpecies.Result sim = TwoSpecies.simulate(simConfig(d), d.simSeed());
            a = source ? sim.source() : sim.target();
        } else if (d.input().toString().endsWith(".h5ad")) {
            a = H5adReader.read(d.input());
        } else {
            a = Delimited.readMatrix(d.input());
            if (d.labels() != null) Delimited.joinObs(a, Delimited.readTable(d.labels()));
        }
        if (d.rows() != null) a = a.selectObs(d.rows());
        float[] x = TronData.dense(a.requireX());
        for (float v : x)
            if (v < 0) throw new IllegalArgumentException(d.input() + ": X has negative values; TRON's log-CPM needs"
                    + " counts (or non-negative expression)");
        Column col = a.obs().get(d.phenotype());
        List<String> cls = classes == null ? new ArrayList<>() : new ArrayList<>(classes);
        Labels y = switch (task) {
            case REGRESSION, BINARY -> Labels.regression(values(col, d.phenotype()));
            case MULTICLASS -> Labels.multiclass(codes(col, cls, classes == null, d.phenotype()));
        };
        if (task == TronTask.BINARY) y = Labels.binary(y.values());
        return new Samples(x, a.nObs(), a.varNames(), y, cls);
    }

    private static float[] values(Column c, String name) {
        float[] out = new float[c.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (c) {
                case Column.Floats f -> (float) f.values()[i];
                case Column.Ints f -> f.values()[i];
                case Column.Bools f -> f.values()[i] ? 1f : 0f;
                default -> throw new IllegalArgumentException("phenotype column '" + name + "' is not numeric or"
                        + " boolean");
            };
        }
        return out;
    }

    /** Class codes by name; new names are added when {@code grow}, else unknown names fail. */
    private static int[] codes(Column c, List<String> classes, boolean grow, String name) {
        int[] out = new int[c.size()];
        for (int i = 0; i < out.length; i++) {
            String label = c.format(i);
            int k = classes.indexOf(label);
            if (k < 0 && grow) {
                classes.add(label);
                k = classes.size() - 1;
            }
            if (k < 0) throw new IllegalArgumentException("phenotype '" + name + "': class '" + label + "' was not in"
                    + " the source data " + classes);
            out[i] = k;
        }
        return out;
    }

    private static TwoSpecies.Config simConfig(Data d) {
        return d.sim() != null ? d.sim() : TwoSpecies.Config.defaults();
    }

    /** The columns with at least one edge. */
    private static int[] connected(CsrMatrix g) {
        int[] deg = g.columnNnz();
        int n = 0;
        for (int d : deg) if (d > 0) n++;
        int[] keep = new int[n];
        n = 0;
        for (int j = 0; j < deg.length; j++) if (deg[j] > 0) keep[n++] = j;
        return keep;
    }

    /** For each wanted name, its position in {@code names} (-1 if absent). */
    private static int[] positions(String[] names, String[] wanted) {
        Map<String, Integer> at = new java.util.HashMap<>();
        for (int i = 0; i < names.length; i++) at.putIfAbsent(names[i], i);
        int[] out = new int[wanted.length];
        for (int k = 0; k < wanted.length; k++) out[k] = at.getOrDefault(wanted[k], -1);
        return out;
    }

    private static void writeScaler(Path file, String[] genes, TronData.Standardizer z) throws IOException {
        StringBuilder sb = new StringBuilder("gene,mean,sd\n");
        for (int j = 0; j < genes.length; j++)
            sb.append(InterpretationCsv.quote(genes[j])).append(',').append(z.mean()[j]).append(',').append(z.sd()[j])
                    .append('\n');
        Files.writeString(file, sb);
    }

    private static TronData.Standardizer readScaler(Path file, String[] genes) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.size() != genes.length + 1)
            throw new IllegalArgumentException(file + ": " + (lines.size() - 1) + " genes, expected " + genes.length);
        float[] mean = new float[genes.length], sd = new float[genes.length];
        for (int j = 0; j < genes.length; j++) {
            String line = lines.get(j + 1);
            int b = line.lastIndexOf(','), a = line.lastIndexOf(',', b - 1);
            mean[j] = Float.parseFloat(line.substring(a + 1, b));
            sd[j] = Float.parseFloat(line.substring(b + 1));
        }
        return new TronData.Standardizer(mean, sd);
    }

    private static Consumer<String> log(Consumer<String> l) { return l == null ? s -> { } : l; }
}
