package org.genex.experiments.gexbert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.genex.algorithms.metrics.ClassificationMetrics;
import org.genex.algorithms.metrics.Correlation;
import org.genex.algorithms.reduce.Pca;
import org.genex.algorithms.supervised.LogisticRegression;
import org.genex.algorithms.supervised.Standardizer;
import org.genex.algorithms.survival.ConcordanceIndex;
import org.genex.algorithms.survival.CoxPH;
import org.genex.autodiff.Grad;
import org.genex.autodiff.Var;
import org.genex.data.sim.BulkCohort;
import org.genex.nn.Checkpoint;
import org.genex.nn.Trainer;
import org.genex.nn.TrainingListener;
import org.genex.nn.loss.Losses;
import org.genex.nn.models.gexbert.Gexbert;
import org.genex.nn.models.gexbert.GexbertClassifier;
import org.genex.nn.models.gexbert.GexbertConfig;
import org.genex.nn.models.gexbert.LevelTokenizer;
import org.genex.nn.models.gexbert.PretrainTask;
import org.genex.nn.models.gexbert.Restorer;
import org.genex.nn.optim.AdamW;
import org.genex.nn.optim.LrSchedule;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

/**
 * The GexBERT task runner (specs/gexbert.md &sect;4-&sect;5): one public entry point per CLI subcommand, each taking an
 * options record and returning a result record after writing its tables (CSV) and plots (PNG) to the options'
 * output directory.
 *
 * <ul>
 *   <li>{@link #pretrain} - masking-and-restoration pre-training on the training patients through the common
 *       {@link Trainer} (progress to a {@link TrainingListener}, checkpoints every epoch, exact resume, metrics log);
 *       writes {@code gexbert.safetensors} (weights, tokenizer buffers, config JSON in the metadata).</li>
 *   <li>{@link #classify} - pan-cancer classification from k genes (random and top-variance panels): GexBERT
 *       fine-tuned and as a frozen linear probe, against multinomial logistic regression, an MLP and (when given
 *       trees) a random forest on the same genes, and PCA + LR on all genes as the ceiling; accuracy and
 *       macro-F1 on the test split.</li>
 *   <li>{@link #survival} - per cancer type, anchor genes from a training-split univariate Cox; Cox PH (L2) on the
 *       panel only, panel + anchors restored by GexBERT, panel + ridge-regressed anchors (the linear reference),
 *       panel + true anchors; Harrell's C with bootstrap intervals on the test split. Anchors and Cox models can be
 *       restricted to a few labelled training patients per type while pre-training uses all of them.</li>
 *   <li>{@link #impute} - MCAR masking of test patients at the given rates; GexBERT against gene-mean, KNN, MICE
 *       and a denoising autoencoder; RMSE, MAE, per-gene and per-patient Pearson r and level accuracy, on the masked
 *       entries only.</li>
 *   <li>{@link #attention} - CLS-to-gene attention per cancer type (last layer and rollout), top genes per type,
 *       a heat map; on simulated data the top genes are scored against the true type-specific genes.</li>
 * </ul>
 *
 * Every downstream task uses a pre-trained model: {@code checkpoint} when given (a {@code gexbert.safetensors}
 * written by {@link #pretrain} with the same config), otherwise it pre-trains first with {@code pretrain}'s options.
 * Pre-training, anchors, tokenizer bins, standardisation and every baseline see the training split only; the test
 * split is used for scoring only.
 */
public final class GexbertRunner {
    private GexbertRunner() {}

    // ================================================================================================ data

    /**
     * Where the cohort comes from: {@code input} (an .h5ad or .csv/.tsv, see {@link Cohort}) or, when null, the
     * simulator with {@code simulation}; {@code seed} drives the simulation and the split of a file without one.
     */
    public record DataOptions(Path input, Cohort.Columns columns, BulkCohort.Config simulation, long seed) {
        public static DataOptions simulated(BulkCohort.Config c, long seed) {
            return new DataOptions(null, Cohort.Columns.defaults(), c, seed);
        }

        public static DataOptions file(Path input, Cohort.Columns columns, long seed) {
            return new DataOptions(input, columns, null, seed);
        }

        public Cohort load() {
            return input != null ? Cohort.read(input, columns, seed) : Cohort.simulated(simulation, seed);
        }
    }

    // ================================================================================================ pretrain

    /**
     * @param data     the cohort
     * @param config   the model (its {@code genes} is replaced by the cohort's gene count)
     * @param epochs   passes over the training patients
     * @param outDir   where {@code gexbert.safetensors}, {@code checkpoints/} and {@code metrics.jsonl} go
     * @param resume   continue from the newest checkpoint in {@code outDir/checkpoints} when there is one
     * @param seed     model initialisation, masks and shuffling
     */
    public record PretrainOptions(DataOptions data, GexbertConfig config, int epochs, Path outDir, boolean resume,
                                  long seed) {}

    /** @param tokensPerSecond sampled gene tokens processed per second of training (forward + backward + step) */
    public record PretrainResult(Path model, long steps, double lastLoss, double valLoss, double valLevelAccuracy,
                                 double seconds, double tokensPerSecond) {}

    public static PretrainResult pretrain(PretrainOptions o, TrainingListener listener) {
        return pretrain(o, o.data().load(), listener).result();
    }

    private record Pretrained(Gexbert model, PretrainResult result) {}

    private static Pretrained pretrain(PretrainOptions o, Cohort cohort, TrainingListener listener) {
        GexbertConfig cfg = o.config().withGenes(cohort.genes());
        Rng rng = Rng.seeded(o.seed());
        Gexbert model = new Gexbert(cfg, rng.fork("model"));
        int[] train = cohort.rows(0), val = cohort.rows(1);
        model.tokenizer().fit(cohort.values(train), train.length);
        int[] levels = model.tokenizer().levels(cohort.x(), cohort.n());
        PretrainTask task = new PretrainTask(model, levels, cohort.x(), train, val, rng.fork("masks"));
        long perEpoch = Trainer.stepsPerEpoch(train.length, cfg.batchSize(), 1, false);
        long total = Math.max(2, perEpoch * o.epochs());
        Path dir = o.outDir();
        Trainer.Config tc = Trainer.Config.defaults().withEpochs(o.epochs()).withBatchSize(cfg.batchSize())
                .withSeed(o.seed()).withClipNorm(1.0)
                .withSchedule(LrSchedule.cosineWithWarmup((long) Math.floor(cfg.warmupFraction() * total), total, 0.0))
                .withCheckpoints(dir.resolve("checkpoints"), perEpoch).withMetricsLog(dir.resolve("metrics.jsonl"))
                .withProvenance(cfg.toJson(), fingerprint(cohort));
        try {
            Files.createDirectories(dir);
            AdamW opt = new AdamW(List.of(new org.genex.nn.optim.Optimizer.Group(model.trainableParameters(),
                    cfg.learningRate(), cfg.weightDecay())), AdamW.BETA1, AdamW.BETA2, AdamW.EPS, true);
            Trainer trainer = new Trainer(model, opt, task, tc);
            if (listener != null) trainer.listener(listener);
            Path latest = o.resume() ? Trainer.latestCheckpoint(dir.resolve("checkpoints")) : null;
            if (latest != null) trainer.resumeFrom(latest);
            long startStep = trainer.step();
            long t0 = System.nanoTime();
            Trainer.Result r = trainer.fit();
            double seconds = (System.nanoTime() - t0) * 1e-9;
            Path out = dir.resolve("gexbert.safetensors");
            Checkpoint.save(model, null, Map.of(Checkpoint.CONFIG, cfg.toJson(), Checkpoint.DATA, fingerprint(cohort),
                    Checkpoint.SEED, Long.toString(o.seed())), out);
            double tokens = (double) (r.steps() - startStep) * cfg.batchSize() * Math.min(cfg.sampledGenes(), cfg.genes());
            Map<String, Double> ev = r.lastEval();
            return new Pretrained(model, new PretrainResult(out, r.steps(), r.lastLoss(),
                    ev.getOrDefault("val_loss", Double.NaN), ev.getOrDefault("val_level_accuracy", Double.NaN),
                    seconds, tokens / Math.max(seconds, 1e-9)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fingerprint(Cohort c) {
        return "cohort n=" + c.n() + " genes=" + c.genes() + " types=" + c.types() + " hash="
                + Integer.toHexString(Arrays.hashCode(c.x()));
    }

    /** The model of {@code checkpoint}, or a fresh pre-training with {@code pretrain}'s options. */
    private static Gexbert model(PretrainOptions pretrain, Path checkpoint, Cohort cohort, Consumer<String> log) {
        if (checkpoint != null) {
            Gexbert m = new Gexbert(pretrain.config().withGenes(cohort.genes()), Rng.seeded(pretrain.seed()));
            try {
                Checkpoint.loadStateDict(m, checkpoint);
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + checkpoint, e);
            }
            log.accept("loaded " + checkpoint);
            return m;
        }
        log.accept("pre-training GexBERT (" + pretrain.epochs() + " epochs) on " + cohort.rows(0).length
                + " training patients");
        Pretrained p = pretrain(pretrain, cohort, null);
        log.accept(String.format(java.util.Locale.ROOT, "pre-trained: %d steps, val loss %.4f, level accuracy %.3f,"
                        + " %.0f s, %.0f tokens/s", p.result().steps(), p.result().valLoss(),
                p.result().valLevelAccuracy(), p.result().seconds(), p.result().tokensPerSecond()));
        return p.model();
    }

    // ================================================================================================ classify

    /**
     * @param ks             panel sizes (the spec's 16 ... 512)
     * @param selections     "random" and/or "variance" (top training variance)
     * @param fineTuneEpochs epochs of fine-tuning (0 skips the fine-tuned model)
     * @param mlpEpochs      epochs of the MLP baseline
     * @param forestTrees    trees of the random forest baseline (0 skips it)
     * @param pcaComponents  components of the PCA + LR ceiling on all genes (0 skips it)
     */
    public record ClassifyOptions(PretrainOptions pretrain, Path checkpoint, int[] ks, String[] selections,
                                  int fineTuneEpochs, int mlpEpochs, int forestTrees, int pcaComponents, Path outDir) {}

    public record ClassifyRow(String selection, int k, String method, double accuracy, double macroF1) {}

    public record ClassifyResult(List<ClassifyRow> rows, Path table, Path plot) {
        /** The row of a method at (selection, k), or null. */
        public ClassifyRow row(String selection, int k, String method) {
            for (ClassifyRow r : rows) if (r.selection().equals(selection) && r.k() == k && r.method().equals(method)) return r;
            return null;
        }
    }

    public static ClassifyResult classify(ClassifyOptions o, Consumer<String> log) {
        Cohort c = o.pretrain().data().load();
        Gexbert model = model(o.pretrain(), o.checkpoint(), c, log);
        int[] train = trainRows(c), test = c.rows(2);
        int[] yTrain = labels(c, train), yTest = labels(c, test);
        int classes = c.types();
        List<ClassifyRow> rows = new ArrayList<>();
        Rng rng = Rng.seeded(o.pretrain().seed()).fork("classify");
        Restorer restorer = new Restorer(model, 64);
        for (String sel : o.selections()) {
            for (int k : o.ks()) {
                int kk = Math.min(k, c.genes());
                int[] genes = panel(c, train, kk, sel, rng.fork(sel).fork(k));
                double[][] xtr = Tables.matrix(c.x(), c.genes(), train, genes);
                double[][] xte = Tables.matrix(c.x(), c.genes(), test, genes);
                rows.add(score(sel, kk, "LR", yTest, logistic(xtr, yTrain, xte, classes)));
                if (o.forestTrees() > 0) rows.add(score(sel, kk, "RF", yTest, Forest.predict(xtr, yTrain, xte, classes,
                        o.forestTrees(), o.pretrain().seed())));
                rows.add(score(sel, kk, "MLP", yTest, NeuralBaselines.mlpClassify(xtr, yTrain, xte, classes, 128,
                        o.mlpEpochs(), o.pretrain().seed())));
                Tensor emb = restorer.embed(c.x(), c.n(), genes);
                double[][] etr = rows(emb, train), ete = rows(emb, test);
                rows.add(score(sel, kk, "GexBERT probe", yTest, logistic(etr, yTrain, ete, classes)));
                if (o.fineTuneEpochs() > 0)
                    rows.add(score(sel, kk, "GexBERT fine-tuned", yTest, fineTune(model, c, train, yTrain, test, genes,
                            classes, o.fineTuneEpochs(), o.pretrain().seed())));
                log.accept("classify " + sel + " k=" + kk + ": " + rowsText(rows, sel, kk));
            }
        }
        if (o.pcaComponents() > 0) {
            int[] all = java.util.stream.IntStream.range(0, c.genes()).toArray();
            double[][] xtr = Tables.matrix(c.x(), c.genes(), train, all), xte = Tables.matrix(c.x(), c.genes(), test, all);
            int comps = Math.min(o.pcaComponents(), Math.min(train.length, c.genes()) - 1);
            Pca.Result p = Pca.fit(tensor(xtr), Pca.Config.of(comps, Pca.Solver.AUTO));
            rows.add(score("all", c.genes(), "PCA+LR (all genes)", yTest,
                    logistic(project(xtr, p), yTrain, project(xte, p), classes)));
            log.accept("classify PCA+LR on all " + c.genes() + " genes: " + rowsText(rows, "all", c.genes()));
        }
        Path table = o.outDir().resolve("classification.csv");
        List<String> lines = new ArrayList<>();
        for (ClassifyRow r : rows)
            lines.add(r.selection() + "," + r.k() + "," + r.method() + "," + Tables.f(r.accuracy()) + ","
                    + Tables.f(r.macroF1()));
        Tables.csv(table, "selection,k,method,accuracy,macro_f1", lines);
        Path plot = o.outDir().resolve("classification.png");
        XYChart chart = Charts.lines("Pan-cancer classification from k genes (test accuracy)", "k genes", "accuracy");
        for (String sel : o.selections()) {
            for (String method : methods(rows, sel)) {
                List<ClassifyRow> rs = rows.stream().filter(r -> r.selection().equals(sel) && r.method().equals(method)).toList();
                Charts.series(chart, method + " (" + sel + ")", rs.stream().mapToDouble(ClassifyRow::k).toArray(),
                        rs.stream().mapToDouble(ClassifyRow::accuracy).toArray());
            }
        }
        for (ClassifyRow r : rows)
            if (r.selection().equals("all")) {
                double[] ks = Arrays.stream(o.ks()).asDoubleStream().toArray();
                double[] acc = new double[ks.length];
                Arrays.fill(acc, r.accuracy());
                Charts.series(chart, r.method(), ks, acc);
            }
        Charts.save(chart, plot);
        return new ClassifyResult(rows, table, plot);
    }

    private static List<String> methods(List<ClassifyRow> rows, String sel) {
        return rows.stream().filter(r -> r.selection().equals(sel)).map(ClassifyRow::method).distinct().toList();
    }

    private static String rowsText(List<ClassifyRow> rows, String sel, int k) {
        StringBuilder sb = new StringBuilder();
        for (ClassifyRow r : rows)
            if (r.selection().equals(sel) && r.k() == k)
                sb.append(r.method()).append(' ').append(Tables.f(r.accuracy())).append("; ");
        return sb.toString();
    }

    /** The patients every downstream model is fitted on: the training split (validation stays for pre-training). */
    private static int[] trainRows(Cohort c) { return c.rows(0); }

    private static int[] labels(Cohort c, int[] rows) {
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) y[i] = c.type()[rows[i]];
        return y;
    }

    /** k genes: random, or the k of highest variance on the training rows. */
    static int[] panel(Cohort c, int[] train, int k, String selection, Rng rng) {
        int g = c.genes();
        if (selection.equals("random")) {
            int[] p = rng.sampleWithoutReplacement(g, k);
            Arrays.sort(p);
            return p;
        }
        if (!selection.equals("variance"))
            throw new IllegalArgumentException("classify: selection must be random or variance, got " + selection);
        double[] var = new double[g];
        for (int j = 0; j < g; j++) {
            double s = 0, ss = 0;
            int n = 0;
            for (int i : train) {
                float v = c.x()[i * g + j];
                if (Float.isNaN(v)) continue;
                s += v;
                ss += v * v;
                n++;
            }
            var[j] = n < 2 ? 0 : ss / n - (s / n) * (s / n);
        }
        Integer[] order = new Integer[g];
        for (int j = 0; j < g; j++) order[j] = j;
        Arrays.sort(order, (a, b) -> Double.compare(var[b], var[a]));
        int[] p = new int[k];
        for (int j = 0; j < k; j++) p[j] = order[j];
        Arrays.sort(p);
        return p;
    }

    private static ClassifyRow score(String sel, int k, String method, int[] truth, int[] pred) {
        return new ClassifyRow(sel, k, method, ClassificationMetrics.accuracy(truth, pred),
                ClassificationMetrics.macroF1(truth, pred));
    }

    /** Multinomial LR (C = 1) on training-standardised features. */
    static int[] logistic(double[][] train, int[] y, double[][] test, int classes) {
        Standardizer s = Standardizer.fit(train);
        LogisticRegression lr = LogisticRegression.fit(s.transform(train), y, classes,
                LogisticRegression.Options.defaults());
        return lr.predict(s.transform(test));
    }

    private static double[][] rows(Tensor t, int[] rows) {
        int d = t.dim(1);
        float[] a = t.toArray();
        double[][] out = new double[rows.length][d];
        for (int i = 0; i < rows.length; i++) for (int j = 0; j < d; j++) out[i][j] = a[rows[i] * d + j];
        return out;
    }

    private static Tensor tensor(double[][] x) {
        int n = x.length, d = x[0].length;
        float[] f = new float[n * d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) f[i * d + j] = (float) x[i][j];
        return Tensor.wrap(f, n, d);
    }

    private static double[][] project(double[][] x, Pca.Result p) {
        double[][] out = new double[x.length][p.k()];
        for (int i = 0; i < x.length; i++)
            for (int c = 0; c < p.k(); c++) {
                double s = 0;
                for (int j = 0; j < p.d(); j++) s += (x[i][j] - p.mean()[j]) * p.components()[c * p.d() + j];
                out[i][c] = s;
            }
        return out;
    }

    /** Fine-tunes a copy of the pre-trained model with a linear head on the panel; returns the test predictions. */
    private static int[] fineTune(Gexbert pretrained, Cohort c, int[] train, int[] yTrain, int[] test, int[] genes,
                                  int classes, int epochs, long seed) {
        Rng rng = Rng.seeded(seed).fork("finetune").fork(genes.length);
        Gexbert copy = new Gexbert(pretrained.config, rng.fork("copy"));
        copy.loadStateDict(pretrained.stateDict());
        GexbertClassifier clf = new GexbertClassifier(copy, classes, rng.fork("head"));
        LevelTokenizer tok = copy.tokenizer();
        int k = genes.length, g = c.genes();
        int[] lvAll = tok.levels(c.x(), c.n());
        NeuralBaselines.fit(clf, train.length, (b, call) -> {
            int[] ids = new int[b.length * k], lv = new int[b.length * k];
            for (int i = 0; i < b.length; i++)
                for (int j = 0; j < k; j++) {
                    ids[i * k + j] = genes[j];
                    lv[i * k + j] = lvAll[train[b[i]] * g + genes[j]];
                }
            return Losses.crossEntropy(clf.logits(ids, lv, b.length, k), NeuralBaselines.pick(yTrain, b));
        }, epochs, 32, 5e-4f, seed);
        clf.eval();
        int[] pred = new int[test.length];
        try (Grad.Scope off = Grad.off()) {
            for (int s = 0; s < test.length; s += 64) {
                int b = Math.min(64, test.length - s);
                int[] ids = new int[b * k], lv = new int[b * k];
                for (int i = 0; i < b; i++)
                    for (int j = 0; j < k; j++) {
                        ids[i * k + j] = genes[j];
                        lv[i * k + j] = lvAll[test[s + i] * g + genes[j]];
                    }
                int[] p = clf.logits(ids, lv, b, k).value().argmax(1);
                System.arraycopy(p, 0, pred, s, b);
            }
        }
        return pred;
    }

    // ================================================================================================ survival

    /**
     * @param panelGenes     k, the genes a test patient has (random, never an anchor of any type)
     * @param anchors        m, anchors per type: training-split univariate Cox p below {@code pThreshold}, top m by
     *                       |log HR|
     * @param rounds         GexBERT restoration rounds (random contexts averaged)
     * @param penalizer      the Cox L2 penalizer (lifelines' scaling, on standardised covariates)
     * @param bootstrap      bootstrap replicates of the C-index interval
     * @param fitOnMeasured  how the Cox model of "panel + restored anchors" is fitted: true (the deployment reading
     *                       of &sect;5.2: training patients are fully profiled - their anchors were found on them - so
     *                       the model is fitted on panel + measured anchors and applied to test patients with
     *                       restored anchors); false (fitted on panel + restored anchors of the training patients too)
     * @param labelledPerType the patients with survival labels per type: 0 = every training patient of the type;
     *                       else a random subset of that many training patients of the type (all of them when the
     *                       type has fewer), drawn once per type from {@code labelledSeed} and logged. Anchor
     *                       selection (a univariate Cox, which needs labels) and every Cox model use this subset
     *                       only; pre-training, the tokenizer's bins and the ridge reference use the expression of
     *                       all training patients (no labels needed); the test patients are the same in every case.
     *                       This is the TCGA setting of the paper: GexBERT pre-trained on thousands of patients, each
     *                       type's Cox model fitted on its few labelled ones
     * @param labelledSeed   seed of the labelled subsets (with the pre-training seed): another value draws others
     * @param trueAnchors    a diagnostic for simulated cohorts: use each type's true anchor genes (the simulator's)
     *                       instead of the univariate Cox screen ({@code anchors} and {@code pThreshold} unused), to
     *                       separate what restoration carries from what the screen finds
     */
    public record SurvivalOptions(PretrainOptions pretrain, Path checkpoint, int panelGenes, int anchors,
                                  double pThreshold, int rounds, double penalizer, int bootstrap, boolean fitOnMeasured,
                                  Path outDir, int labelledPerType, long labelledSeed, boolean trueAnchors) {
        public SurvivalOptions {
            if (labelledPerType < 0)
                throw new IllegalArgumentException("SurvivalOptions: labelledPerType must be >= 0 (0 = all), got "
                        + labelledPerType);
        }

        /** Anchors from the univariate Cox screen. */
        public SurvivalOptions(PretrainOptions pretrain, Path checkpoint, int panelGenes, int anchors,
                               double pThreshold, int rounds, double penalizer, int bootstrap, boolean fitOnMeasured,
                               Path outDir, int labelledPerType, long labelledSeed) {
            this(pretrain, checkpoint, panelGenes, anchors, pThreshold, rounds, penalizer, bootstrap, fitOnMeasured,
                    outDir, labelledPerType, labelledSeed, false);
        }

        /** Every training patient labelled. */
        public SurvivalOptions(PretrainOptions pretrain, Path checkpoint, int panelGenes, int anchors,
                               double pThreshold, int rounds, double penalizer, int bootstrap, boolean fitOnMeasured,
                               Path outDir) {
            this(pretrain, checkpoint, panelGenes, anchors, pThreshold, rounds, penalizer, bootstrap, fitOnMeasured,
                    outDir, 0, 0);
        }
    }

    public record SurvivalRow(String type, String scenario, double cIndex, double lower, double upper, int testPatients,
                              int anchors) {}

    /** @param mean per scenario, the mean C-index over types */
    public record SurvivalResult(List<SurvivalRow> rows, Map<String, Double> mean, Path table, Path plot) {}

    public static final String PANEL = "panel", RESTORED = "panel + restored anchors", TRUE = "panel + true anchors";

    /**
     * The linear reference for {@link #RESTORED}: anchors predicted from the panel by a ridge regression (&lambda; =
     * 1) fitted on the measured expression of ALL the type's training patients (its share of GexBERT's pre-training
     * pool, labelled or not, with a survival time or not: expression only), the best linear restoration; used in the Cox models like the restored
     * anchors. With every training patient labelled it is fitted on the Cox model's own patients and adds nothing a
     * Cox model of the panel could not express; with few labelled patients it carries the unlabelled pool's
     * panel-to-anchor map, the linear analogue of pre-training. The pool is the type's, not all types': the panel's
     * and anchors' means differ by type (type effects, program shifts), which a regression across types would mix
     * into its slopes.
     */
    public static final String REGRESSED = "panel + ridge anchors (type's training pool)";

    /**
     * A control of {@link #REGRESSED}, scored only with a labelled subset ({@code labelledPerType > 0}): the same
     * ridge regression fitted on the labelled patients only. What {@link #REGRESSED} gains over it comes from the
     * unlabelled patients; what both gain over {@link #PANEL} from a few extra panel-derived features under the Cox
     * model's L2 penalty alone.
     */
    public static final String REGRESSED_LABELLED = "panel + ridge anchors (labelled patients)";

    public static SurvivalResult survival(SurvivalOptions o, Consumer<String> log) {
        Cohort c = o.pretrain().data().load();
        Gexbert model = model(o.pretrain(), o.checkpoint(), c, log);
        int g = c.genes();
        int[] train = trainRows(c), test = c.rows(2);
        // 0. the labelled training patients of each type (all, or a seeded subset)
        int[][] labelled = new int[c.types()][];
        Rng labelRng = Rng.seeded(o.pretrain().seed()).fork("labelled").fork(o.labelledSeed());
        for (int t = 0; t < c.types(); t++) {
            int[] pool = ofType(c, train, t);                                           // with a survival time
            labelled[t] = labelledSubset(pool, o.labelledPerType(), labelRng.fork(t));
            int events = 0;
            for (int r : labelled[t]) if (c.event()[r]) events++;
            if (o.labelledPerType() > 0)
                log.accept("type " + c.typeNames()[t] + ": Cox models and anchors on " + labelled[t].length + " of "
                        + pool.length + " training patients (" + events + " events): rows "
                        + Arrays.toString(labelled[t]));
        }
        // 1. anchors per type from the labelled training patients
        int[][] anchors = new int[c.types()][];
        boolean[] anyAnchor = new boolean[g];
        for (int t = 0; t < c.types(); t++) {
            int[] rows = labelled[t];
            if (o.trueAnchors()) {
                if (c.anchorGenes() == null)
                    throw new IllegalArgumentException("survival: trueAnchors needs a simulated cohort");
                anchors[t] = c.anchorGenes()[t].clone();
            } else anchors[t] = anchorGenes(c, rows, o.anchors(), o.pThreshold());
            for (int a : anchors[t]) anyAnchor[a] = true;
            log.accept("type " + c.typeNames()[t] + ": anchors " + names(c, anchors[t])
                    + (c.anchorGenes() != null ? " (true: " + names(c, c.anchorGenes()[t]) + ")" : ""));
        }
        // 2. the panel: random genes that are no type's anchor
        int[] candidates = java.util.stream.IntStream.range(0, g).filter(j -> !anyAnchor[j]).toArray();
        Rng rng = Rng.seeded(o.pretrain().seed()).fork("survival");
        int k = Math.min(o.panelGenes(), candidates.length);
        int[] pick = rng.fork("panel").sampleWithoutReplacement(candidates.length, k);
        int[] panel = new int[k];
        for (int j = 0; j < k; j++) panel[j] = candidates[pick[j]];
        Arrays.sort(panel);
        // 3. restore every type's anchors from the panel alone, for every patient
        float[] panelOnly = new float[c.n() * g];
        boolean[] query = new boolean[c.n() * g];
        Arrays.fill(panelOnly, Float.NaN);
        for (int i = 0; i < c.n(); i++) {
            for (int j : panel) panelOnly[i * g + j] = c.x()[i * g + j];
            for (int t = 0; t < c.types(); t++) if (c.type()[i] == t) for (int a : anchors[t]) query[i * g + a] = true;
        }
        float[] restored = new Restorer(model, 64).restore(panelOnly, c.n(), query, o.rounds(), rng.fork("restore")).values();
        // 4. Cox models per type
        List<SurvivalRow> rows = new ArrayList<>();
        String[] scenarios = o.labelledPerType() > 0 ? new String[]{PANEL, RESTORED, TRUE, REGRESSED, REGRESSED_LABELLED}
                : new String[]{PANEL, RESTORED, TRUE, REGRESSED};
        for (int t = 0; t < c.types(); t++) {
            final int tt = t;
            int[] tr = labelled[t], te = ofType(c, test, t);
            int[] pool = Arrays.stream(train).filter(i -> c.type()[i] == tt).toArray();   // expression only
            if (anchors[t].length == 0 || te.length < 5) {
                log.accept("type " + c.typeNames()[t] + ": skipped (" + anchors[t].length + " anchors, " + te.length
                        + " test patients)");
                continue;
            }
            float[] regressed = ridgeAnchors(c, pool, ofType(c, java.util.stream.IntStream.range(0, c.n()).toArray(), t),
                    panel, anchors[t], 1.0);
            float[] regressedLabelled = o.labelledPerType() > 0 ? ridgeAnchors(c, tr, ofType(c,
                    java.util.stream.IntStream.range(0, c.n()).toArray(), t), panel, anchors[t], 1.0) : null;
            double rr = 0, rg = 0;
            for (int a : anchors[t]) {
                double[] u = new double[te.length], v = new double[te.length], w = new double[te.length];
                for (int i = 0; i < te.length; i++) {
                    u[i] = c.x()[te[i] * g + a];
                    v[i] = restored[te[i] * g + a];
                    w[i] = regressed[te[i] * g + a];
                }
                rr += Correlation.pearson(u, v, te.length) / anchors[t].length;
                rg += Correlation.pearson(u, w, te.length) / anchors[t].length;
            }
            log.accept(String.format(java.util.Locale.ROOT, "type %s: mean Pearson r with the true anchors on %d test"
                    + " patients: restored %.3f, ridge-regressed %.3f", c.typeNames()[t], te.length, rr, rg));
            for (String scenario : scenarios) {
                boolean predicted = !scenario.equals(PANEL) && !scenario.equals(TRUE);
                String fitScenario = predicted && o.fitOnMeasured() ? TRUE : scenario;
                float[] source = scenario.equals(REGRESSED) ? regressed
                        : scenario.equals(REGRESSED_LABELLED) ? regressedLabelled : restored;
                double[][] xtr = survivalFeatures(c, tr, panel, anchors[t], fitScenario, source);
                double[][] xte = survivalFeatures(c, te, panel, anchors[t], scenario, source);
                Standardizer s = Standardizer.fit(xtr);
                CoxPH cox = CoxPH.fit(s.transform(xtr), pickD(c.time(), tr), pickB(c.event(), tr),
                        CoxPH.Options.penalized(o.penalizer()));
                double[] risk = cox.riskScores(s.transform(xte));
                ConcordanceIndex.Interval ci = ConcordanceIndex.bootstrap(pickD(c.time(), te), pickB(c.event(), te), risk,
                        o.bootstrap(), o.pretrain().seed());
                rows.add(new SurvivalRow(c.typeNames()[t], scenario, ci.estimate(), ci.lower(), ci.upper(), te.length,
                        anchors[t].length));
            }
            log.accept("type " + c.typeNames()[t] + ": " + rows.subList(rows.size() - scenarios.length, rows.size()).stream()
                    .map(r -> r.scenario() + " " + Tables.f(r.cIndex())).toList());
        }
        Map<String, Double> mean = new LinkedHashMap<>();
        for (String s : scenarios)
            mean.put(s, rows.stream().filter(r -> r.scenario().equals(s)).mapToDouble(SurvivalRow::cIndex).average()
                    .orElse(Double.NaN));
        log.accept("mean C-index: " + mean);
        Path table = o.outDir().resolve("survival.csv");
        List<String> lines = new ArrayList<>();
        for (SurvivalRow r : rows)
            lines.add(r.type() + "," + r.scenario() + "," + Tables.f(r.cIndex()) + "," + Tables.f(r.lower()) + ","
                    + Tables.f(r.upper()) + "," + r.testPatients() + "," + r.anchors());
        for (var e : mean.entrySet()) lines.add("mean," + e.getKey() + "," + Tables.f(e.getValue()) + ",,,,");
        Tables.csv(table, "type,scenario,c_index,ci_lower,ci_upper,test_patients,anchors", lines);
        Path plot = o.outDir().resolve("survival.png");
        CategoryChart chart = Charts.bars("Test C-index per cancer type (panel of " + k + " genes)", "cancer type",
                "Harrell's C");
        for (String s : scenarios) {
            List<SurvivalRow> rs = rows.stream().filter(r -> r.scenario().equals(s)).toList();
            List<String> types = new ArrayList<>(rs.stream().map(SurvivalRow::type).toList());
            List<Double> v = new ArrayList<>(rs.stream().map(SurvivalRow::cIndex).toList());
            types.add("mean");
            v.add(mean.get(s));
            chart.addSeries(s, types, v);
        }
        Charts.save(chart, plot);
        return new SurvivalResult(rows, mean, table, plot);
    }

    /** {@code m} rows of {@code pool} drawn without replacement, sorted; the whole pool when m is 0 or &ge; its size. */
    static int[] labelledSubset(int[] pool, int m, Rng rng) {
        if (m == 0 || m >= pool.length) return pool.clone();
        int[] pick = rng.sampleWithoutReplacement(pool.length, m);
        int[] out = new int[m];
        for (int q = 0; q < m; q++) out[q] = pool[pick[q]];
        Arrays.sort(out);
        return out;
    }

    private static int[] ofType(Cohort c, int[] rows, int t) {
        return Arrays.stream(rows).filter(i -> c.type()[i] == t && Double.isFinite(c.time()[i])).toArray();
    }

    /** Univariate Cox per gene on the rows: p below the threshold, the top m by |log HR| (per sd of the gene). */
    static int[] anchorGenes(Cohort c, int[] rows, int m, double pThreshold) {
        int g = c.genes();
        double[] time = pickD(c.time(), rows);
        boolean[] event = pickB(c.event(), rows);
        List<double[]> hits = new ArrayList<>();
        for (int j = 0; j < g; j++) {
            double[] col = new double[rows.length];
            double s = 0, ss = 0;
            boolean ok = true;
            for (int i = 0; i < rows.length; i++) {
                col[i] = c.x()[rows[i] * g + j];
                if (Double.isNaN(col[i])) ok = false;
                s += col[i];
                ss += col[i] * col[i];
            }
            double mean = s / rows.length, sd = Math.sqrt(Math.max(0, ss / rows.length - mean * mean));
            if (!ok || sd < 1e-9) continue;
            for (int i = 0; i < col.length; i++) col[i] = (col[i] - mean) / sd;
            CoxPH.Univariate u = CoxPH.univariate(col, time, event);
            if (u.converged() && u.p() < pThreshold) hits.add(new double[]{j, Math.abs(u.coefficient())});
        }
        hits.sort((a, b) -> Double.compare(b[1], a[1]));
        int[] out = new int[Math.min(m, hits.size())];
        for (int q = 0; q < out.length; q++) out[q] = (int) hits.get(q)[0];
        Arrays.sort(out);
        return out;
    }

    /**
     * Anchors [n * G] (NaN elsewhere) of the rows {@code apply} predicted from the panel by ridge regressions fitted
     * on the rows {@code fit} (centred panel and anchors, penalty {@code lambda} on the coefficients).
     */
    static float[] ridgeAnchors(Cohort c, int[] fit, int[] apply, int[] panel, int[] anchors, double lambda) {
        int g = c.genes(), k = panel.length;
        float[] out = new float[c.n() * g];
        Arrays.fill(out, Float.NaN);
        double[] mx = new double[k];
        for (int r : fit) for (int j = 0; j < k; j++) mx[j] += c.x()[r * g + panel[j]] / (double) fit.length;
        double[][] a = new double[k][k];
        for (int r : fit)
            for (int p = 0; p < k; p++)
                for (int q = 0; q < k; q++)
                    a[p][q] += (c.x()[r * g + panel[p]] - mx[p]) * (c.x()[r * g + panel[q]] - mx[q]);
        for (int p = 0; p < k; p++) a[p][p] += lambda;
        for (int anchor : anchors) {
            double my = 0;
            for (int r : fit) my += c.x()[r * g + anchor] / (double) fit.length;
            double[] rhs = new double[k];
            for (int r : fit)
                for (int p = 0; p < k; p++) rhs[p] += (c.x()[r * g + panel[p]] - mx[p]) * (c.x()[r * g + anchor] - my);
            double[] beta = solve(a, rhs);
            for (int r : apply) {
                double v = my;
                for (int p = 0; p < k; p++) v += beta[p] * (c.x()[r * g + panel[p]] - mx[p]);
                out[r * g + anchor] = (float) v;
            }
        }
        return out;
    }

    /** Solves the symmetric positive definite system a x = b by Gaussian elimination with partial pivoting. */
    private static double[] solve(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) a[i] = a0[i].clone();
        double[] b = b0.clone();
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) piv = r;
            double[] tr = a[col]; a[col] = a[piv]; a[piv] = tr;
            double tb = b[col]; b[col] = b[piv]; b[piv] = tb;
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / a[col][col];
                for (int q = col; q < n; q++) a[r][q] -= f * a[col][q];
                b[r] -= f * b[col];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double v = b[i];
            for (int q = i + 1; q < n; q++) v -= a[i][q] * x[q];
            x[i] = v / a[i][i];
        }
        return x;
    }

    private static double[][] survivalFeatures(Cohort c, int[] rows, int[] panel, int[] anchors, String scenario,
                                               float[] restored) {
        int g = c.genes(), extra = scenario.equals(PANEL) ? 0 : anchors.length;
        double[][] x = new double[rows.length][panel.length + extra];
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            for (int j = 0; j < panel.length; j++) x[i][j] = c.x()[r * g + panel[j]];
            for (int j = 0; j < extra; j++)
                x[i][panel.length + j] = scenario.equals(TRUE) ? c.x()[r * g + anchors[j]] : restored[r * g + anchors[j]];
        }
        return x;
    }

    private static double[] pickD(double[] a, int[] rows) {
        double[] o = new double[rows.length];
        for (int i = 0; i < rows.length; i++) o[i] = a[rows[i]];
        return o;
    }

    private static boolean[] pickB(boolean[] a, int[] rows) {
        boolean[] o = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) o[i] = a[rows[i]];
        return o;
    }

    private static String names(Cohort c, int[] genes) {
        StringBuilder sb = new StringBuilder("[");
        for (int j = 0; j < genes.length; j++) sb.append(j == 0 ? "" : " ").append(c.geneNames()[genes[j]]);
        return sb.append(']').toString();
    }

    // ================================================================================================ impute

    /**
     * @param rates          MCAR missingness rates (0.1 ... 0.9)
     * @param rounds         GexBERT restoration rounds
     * @param knnK           neighbours of the KNN imputer (10)
     * @param miceIterations iterations of the MICE imputer (10; 0 skips it, it is the slowest)
     * @param daeEpochs      epochs of the denoising autoencoder (0 skips it)
     * @param maxTestPatients at most this many test patients are masked (0: all)
     * @param allObservedContext GexBERT's encoder sees every observed gene of a test patient (true) or random
     *                       contexts of the pre-trained size (false, the spec-faithful default; see {@link Restorer})
     */
    public record ImputeOptions(PretrainOptions pretrain, Path checkpoint, double[] rates, int rounds, int knnK,
                                int miceIterations, int daeEpochs, int maxTestPatients, Path outDir,
                                boolean allObservedContext) {
        /** Contexts of the pre-trained size. */
        public ImputeOptions(PretrainOptions pretrain, Path checkpoint, double[] rates, int rounds, int knnK,
                             int miceIterations, int daeEpochs, int maxTestPatients, Path outDir) {
            this(pretrain, checkpoint, rates, rounds, knnK, miceIterations, daeEpochs, maxTestPatients, outDir, false);
        }
    }

    public record ImputeRow(double rate, String method, double rmse, double mae, double geneR, double patientR,
                            double levelAccuracy, double seconds) {}

    public record ImputeResult(List<ImputeRow> rows, Path table, Path plot) {
        public ImputeRow row(double rate, String method) {
            for (ImputeRow r : rows) if (r.rate() == rate && r.method().equals(method)) return r;
            return null;
        }
    }

    public static ImputeResult impute(ImputeOptions o, Consumer<String> log) {
        Cohort c = o.pretrain().data().load();
        Gexbert model = model(o.pretrain(), o.checkpoint(), c, log);
        int g = c.genes();
        int[] train = trainRows(c), test = c.rows(2);
        if (o.maxTestPatients() > 0 && test.length > o.maxTestPatients()) test = Arrays.copyOf(test, o.maxTestPatients());
        float[] xTrain = c.values(train), xTest = c.values(test);
        int nt = test.length;
        Rng rng = Rng.seeded(o.pretrain().seed()).fork("impute");
        NeuralBaselines.DenoisingAutoencoder dae = o.daeEpochs() > 0
                ? NeuralBaselines.DenoisingAutoencoder.fit(xTrain, train.length, g, 256, o.daeEpochs(), o.pretrain().seed())
                : null;
        LevelTokenizer tok = model.tokenizer();
        List<ImputeRow> rows = new ArrayList<>();
        for (double rate : o.rates()) {
            BulkCohort.Masked masked = BulkCohort.maskMcar(Tensor.wrap(xTest, nt, g), rate, rng.fork(Double.toString(rate)));
            float[] xm = masked.values().toArray();
            boolean[] mask = masked.mask();
            Map<String, float[]> results = new LinkedHashMap<>();
            Map<String, Double> seconds = new LinkedHashMap<>();
            double floor = 0;                                   // the quantisation floor: centre of the true level
            long nm = 0;
            for (int i = 0; i < mask.length; i++)
                if (mask[i]) {
                    int gene = i % g;
                    double d = tok.centre(gene, tok.level(gene, xTest[i])) - xTest[i];
                    floor += d * d;
                    nm++;
                }
            log.accept(String.format(java.util.Locale.ROOT, "impute %.0f%% level oracle (true level's centre) RMSE %.4f",
                    100 * rate, Math.sqrt(floor / Math.max(1, nm))));
            long t0 = System.nanoTime();
            Restorer.Restored r = new Restorer(model, 64, o.allObservedContext()).restore(xm, nt, mask, o.rounds(), rng.fork("gexbert"));
            seconds.put("GexBERT", (System.nanoTime() - t0) * 1e-9);
            results.put("GexBERT", fill(xm, r.values()));
            for (var e : ClassicalImputers.run(xTrain, train.length, xm, nt, g, o.knnK(), o.miceIterations(),
                    o.pretrain().seed(), log).entrySet()) {
                results.put(e.getKey(), e.getValue().imputed());
                seconds.put(e.getKey(), e.getValue().seconds());
            }
            if (dae != null) {
                t0 = System.nanoTime();
                results.put("DAE", dae.impute(xm, nt));
                seconds.put("DAE", (System.nanoTime() - t0) * 1e-9);
            }
            for (var e : results.entrySet()) {
                ImputeRow row = imputeMetrics(rate, e.getKey(), xTest, e.getValue(), mask, nt, g, tok,
                        seconds.get(e.getKey()));
                rows.add(row);
                log.accept(String.format(java.util.Locale.ROOT, "impute %.0f%% %-8s RMSE %.4f MAE %.4f gene r %.3f"
                                + " patient r %.3f level acc %.3f", 100 * rate, e.getKey(), row.rmse(), row.mae(),
                        row.geneR(), row.patientR(), row.levelAccuracy()));
            }
        }
        Path table = o.outDir().resolve("imputation.csv");
        List<String> lines = new ArrayList<>();
        for (ImputeRow r : rows)
            lines.add(Tables.f(r.rate()) + "," + r.method() + "," + Tables.f(r.rmse()) + "," + Tables.f(r.mae()) + ","
                    + Tables.f(r.geneR()) + "," + Tables.f(r.patientR()) + "," + Tables.f(r.levelAccuracy()) + ","
                    + Tables.f(r.seconds()));
        Tables.csv(table, "rate,method,rmse,mae,gene_pearson_r,patient_pearson_r,level_accuracy,seconds", lines);
        Path plot = o.outDir().resolve("imputation.png");
        XYChart chart = Charts.lines("Imputation of MCAR-masked entries (test patients)", "missing fraction",
                "RMSE (log2 TPM + 1)");
        for (String method : rows.stream().map(ImputeRow::method).distinct().toList()) {
            List<ImputeRow> rs = rows.stream().filter(r -> r.method().equals(method)).toList();
            Charts.series(chart, method, rs.stream().mapToDouble(ImputeRow::rate).toArray(),
                    rs.stream().mapToDouble(ImputeRow::rmse).toArray());
        }
        Charts.save(chart, plot);
        return new ImputeResult(rows, table, plot);
    }

    private static float[] fill(float[] xm, float[] restored) {
        float[] out = xm.clone();
        for (int i = 0; i < out.length; i++) if (Float.isNaN(out[i])) out[i] = restored[i];
        return out;
    }

    /** The metrics on the masked entries only. */
    static ImputeRow imputeMetrics(double rate, String method, float[] truth, float[] imputed, boolean[] mask, int n,
                                   int g, LevelTokenizer tok, double seconds) {
        double se = 0, ae = 0, levelHits = 0;
        long count = 0;
        double[] a = new double[Math.max(n, g)], b = new double[Math.max(n, g)];
        for (int i = 0; i < truth.length; i++)
            if (mask[i]) {
                double d = imputed[i] - truth[i];
                se += d * d;
                ae += Math.abs(d);
                count++;
                int gene = i % g;
                if (tok.level(gene, imputed[i]) == tok.level(gene, truth[i])) levelHits++;
            }
        double geneR = 0;
        int genesScored = 0;
        for (int j = 0; j < g; j++) {
            int m = 0;
            for (int i = 0; i < n; i++)
                if (mask[i * g + j]) {
                    a[m] = truth[i * g + j];
                    b[m++] = imputed[i * g + j];
                }
            double r = Correlation.pearson(a, b, m);
            if (m >= 3 && Double.isFinite(r)) {
                geneR += r;
                genesScored++;
            }
        }
        double patientR = 0;
        int patientsScored = 0;
        for (int i = 0; i < n; i++) {
            int m = 0;
            for (int j = 0; j < g; j++)
                if (mask[i * g + j]) {
                    a[m] = truth[i * g + j];
                    b[m++] = imputed[i * g + j];
                }
            double r = Correlation.pearson(a, b, m);
            if (m >= 3 && Double.isFinite(r)) {
                patientR += r;
                patientsScored++;
            }
        }
        return new ImputeRow(rate, method, Math.sqrt(se / count), ae / count,
                genesScored == 0 ? Double.NaN : geneR / genesScored,
                patientsScored == 0 ? Double.NaN : patientR / patientsScored, levelHits / count, seconds);
    }

    // ================================================================================================ attention

    /**
     * @param rounds    random gene subsets (of the trained size) per test patient
     * @param topGenes  genes listed per type
     */
    public record AttentionOptions(PretrainOptions pretrain, Path checkpoint, int rounds, int topGenes, Path outDir) {}

    /**
     * @param lastLayer      [type][gene] mean CLS attention of the last layer, relative to uniform (1 = uniform)
     * @param rollout        [type][gene] the same for attention rollout
     * @param top            [type] the top genes by last-layer attention
     * @param precision      [type] fraction of the top genes that are type-specific (simulation; NaN otherwise)
     * @param baseRate       [type] fraction of all genes that are type-specific (the chance level of precision)
     */
    public record AttentionResult(double[][] lastLayer, double[][] rollout, String[][] top, double[] precision,
                                  double[] baseRate, Path table, Path plot) {}

    public static AttentionResult attention(AttentionOptions o, Consumer<String> log) {
        Cohort c = o.pretrain().data().load();
        Gexbert model = model(o.pretrain(), o.checkpoint(), c, log);
        int g = c.genes(), types = c.types();
        int[] test = c.rows(2);
        int s = Math.min(model.config.sampledGenes(), g);
        double[][] last = new double[types][g], roll = new double[types][g];
        double[][] count = new double[types][g];
        Rng rng = Rng.seeded(o.pretrain().seed()).fork("attention");
        LevelTokenizer tok = model.tokenizer();
        int batch = 32;
        for (int r = 0; r < o.rounds(); r++)
            for (int start = 0; start < test.length; start += batch) {
                int b = Math.min(batch, test.length - start);
                Rng rr = rng.fork(r).fork(start);
                int[] genes = new int[b * s], lv = new int[b * s];
                for (int i = 0; i < b; i++) {
                    int[] pick = rr.sampleWithoutReplacement(g, s);
                    for (int j = 0; j < s; j++) {
                        genes[i * s + j] = pick[j];
                        lv[i * s + j] = tok.level(pick[j], c.x()[test[start + i] * g + pick[j]]);
                    }
                }
                List<Tensor> layers = model.encoderAttention(genes, lv, b, s, null);
                float[] a = layers.get(layers.size() - 1).toArray(), ro = Gexbert.rollout(layers).toArray();
                int l = s + 1;
                for (int i = 0; i < b; i++) {
                    int t = c.type()[test[start + i]];
                    for (int j = 0; j < s; j++) {
                        int gene = genes[i * s + j];
                        last[t][gene] += a[i * l * l + 1 + j] * s;        // CLS row, relative to uniform 1/s
                        roll[t][gene] += ro[i * l * l + 1 + j] * s;
                        count[t][gene]++;
                    }
                }
            }
        for (int t = 0; t < types; t++)
            for (int j = 0; j < g; j++) {
                last[t][j] = count[t][j] == 0 ? Double.NaN : last[t][j] / count[t][j];
                roll[t][j] = count[t][j] == 0 ? Double.NaN : roll[t][j] / count[t][j];
            }
        String[][] top = new String[types][];
        int[][] topIdx = new int[types][];
        double[] precision = new double[types], base = new double[types];
        for (int t = 0; t < types; t++) {
            final double[] row = last[t];
            Integer[] order = new Integer[g];
            for (int j = 0; j < g; j++) order[j] = j;
            Arrays.sort(order, (x, y) -> Double.compare(nz(row[y]), nz(row[x])));
            int k = Math.min(o.topGenes(), g);
            topIdx[t] = new int[k];
            top[t] = new String[k];
            for (int q = 0; q < k; q++) {
                topIdx[t][q] = order[q];
                top[t][q] = c.geneNames()[order[q]];
            }
            if (c.typeGenes() != null) {
                int hits = 0, all = 0;
                for (int q = 0; q < k; q++) if (c.typeGenes()[t][topIdx[t][q]]) hits++;
                for (int j = 0; j < g; j++) if (c.typeGenes()[t][j]) all++;
                precision[t] = (double) hits / k;
                base[t] = (double) all / g;
            } else {
                precision[t] = Double.NaN;
                base[t] = Double.NaN;
            }
            log.accept("attention " + c.typeNames()[t] + ": top " + Arrays.toString(top[t])
                    + (Double.isNaN(precision[t]) ? "" : String.format(java.util.Locale.ROOT,
                    " - %.2f type-specific (base rate %.2f)", precision[t], base[t])));
        }
        Path table = o.outDir().resolve("attention.csv");
        List<String> lines = new ArrayList<>();
        for (int t = 0; t < types; t++)
            for (int j = 0; j < g; j++)
                lines.add(c.typeNames()[t] + "," + c.geneNames()[j] + "," + Tables.f(last[t][j]) + ","
                        + Tables.f(roll[t][j]) + "," + (c.typeGenes() == null ? "" : c.typeGenes()[t][j]));
        Tables.csv(table, "type,gene,cls_attention_last,cls_attention_rollout,type_specific", lines);
        // heat map: the union of each type's top 5 genes, attention relative to the gene's mean over types
        List<Integer> cols = new ArrayList<>();
        for (int t = 0; t < types; t++)
            for (int q = 0; q < Math.min(5, topIdx[t].length); q++) if (!cols.contains(topIdx[t][q])) cols.add(topIdx[t][q]);
        double[][] z = new double[types][cols.size()];
        for (int j = 0; j < cols.size(); j++) {
            double m = 0;
            for (int t = 0; t < types; t++) m += nz(last[t][cols.get(j)]) / types;
            for (int t = 0; t < types; t++) z[t][j] = nz(last[t][cols.get(j)]) / Math.max(m, 1e-9);
        }
        Path plot = o.outDir().resolve("attention.png");
        Charts.save(Charts.heatmap("CLS attention (last layer), relative to the gene's mean over types",
                cols.stream().map(j -> c.geneNames()[j]).toList(), Arrays.asList(c.typeNames()), z), plot);
        return new AttentionResult(last, roll, top, precision, base, table, plot);
    }

    private static double nz(double v) { return Double.isNaN(v) ? 0 : v; }
}
