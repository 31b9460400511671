package org.genex.nn;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.*;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.genex.autodiff.Grad;
import org.genex.autodiff.Var;
import org.genex.nn.optim.GradClip;
import org.genex.nn.optim.LrSchedule;
import org.genex.nn.optim.Optimizer;
import org.genex.tensor.Rng;

/**
 * The one training loop for every model: shuffled batches, gradient accumulation, clipping, a learning-rate
 * schedule, evaluation with early stopping, a JSON-lines metrics log, atomic checkpoints and exact resume.
 *
 * <pre>{@code
 * Trainer.Config cfg = Trainer.Config.defaults().withEpochs(20).withBatchSize(64).withClipNorm(1.0)
 *         .withSchedule(LrSchedule.cosineWithWarmup(100, 20 * Trainer.stepsPerEpoch(n, 64, 1, false), 0.0))
 *         .withSeed(42).withEarlyStopping(Trainer.EarlyStopping.min("val_loss", 3, 1e-4))
 *         .withCheckpoints(Path.of("run/ckpt"), 500).withMetricsLog(Path.of("run/metrics.jsonl"));
 * Trainer.Result r = new Trainer(model, new AdamW(model.parameters(), 1e-3f), task, cfg)
 *         .listener(progressBar).fit();
 * }</pre>
 *
 * <h2>Steps and batches</h2>
 * An epoch visits the {@link TrainingTask#size()} samples in the order of a permutation drawn from
 * {@code Rng.seeded(seed).fork("shuffle").fork(epoch)} (or in order, without shuffling). One optimizer step takes the
 * next {@code batchSize * accumulationSteps} samples of it (fewer at the end of an epoch, unless {@code dropLast}),
 * split into micro-batches of {@code batchSize}; each micro-batch's loss (a mean, see {@link TrainingTask#loss}) is
 * weighted by its share of the step's samples before its backward pass, so the accumulated gradient is that of the
 * mean loss over all of the step's samples, as one large batch would give. Then the gradients are clipped by their
 * global norm (if configured) and the optimizer steps with the learning rate {@code base * schedule.factor(s)} for
 * step {@code s} (from 0).
 *
 * <h2>Evaluation and early stopping</h2>
 * Every {@code evalEvery} steps (0: at the end of every epoch) the task's {@link TrainingTask#evaluate()} runs with the
 * model in eval mode and gradient recording off. With {@link EarlyStopping}, training stops once the metric has not
 * improved by more than {@code minDelta} over its best value for {@code patience} evaluations in a row.
 *
 * <h2>Checkpoints and exact resume</h2>
 * With a checkpoint directory, a pair {@code step-NNNNNNNNN.safetensors} + {@code .optim.safetensors}
 * ({@link Checkpoint}) is written every {@code checkpointEvery} steps (0: only at the end) and at the end of
 * training; only the newest {@code keepCheckpoints} are kept (older ones are deleted after a new one is complete).
 * Use one directory per run: the newest checkpoint of a directory is the one with the highest step.
 * The metadata holds the model config, the data fingerprint, the seed, the trainer's position ({@code trainer.step},
 * {@code trainer.epoch}, {@code trainer.batch}: steps done in the epoch), early-stopping state and the task's
 * {@link TrainingTask#state()} under {@code task.*}. {@link #resumeFrom} restores all of it; since every random
 * choice of the loop is a pure function of the seed and the position, running N steps straight and running N/2,
 * saving, loading into fresh objects and running the rest give the same parameters bit for bit (for the same
 * thread count, and provided the task's own randomness is restored through its state).
 *
 * <h2>Failures</h2>
 * A NaN or infinite loss (or, with clipping, gradient norm) stops training with a
 * {@link TrainingDivergedException} before the optimizer steps: the parameters are those of the last good step, no
 * checkpoint is written for the failing step, and earlier checkpoints stay as they were.
 *
 * <h2>Metrics log</h2>
 * One JSON object per line, appended (and flushed) as training goes: after each step
 * {@code {"step":12,"epoch":0,"loss":0.53,"lr":0.001,"samples_per_second":5120.3}} (plus {@code "grad_norm"} with
 * clipping), after each evaluation {@code {"step":12,"epoch":0,"eval":{"val_loss":0.61}}}; non-finite numbers are
 * written as {@code null}. A resumed run appends to the same file, so steps after the checkpoint that the
 * interrupted run had logged appear twice; the later line is the one of the resumed run.
 */
public final class Trainer {

    /** Early stopping on an evaluation metric. */
    public record EarlyStopping(String metric, boolean higherIsBetter, int patience, double minDelta) {
        public EarlyStopping {
            if (metric == null || metric.isEmpty()) throw new IllegalArgumentException("early stopping needs a metric");
            if (patience < 1) throw new IllegalArgumentException("early stopping patience must be >= 1, got " + patience);
            if (!(minDelta >= 0)) throw new IllegalArgumentException("early stopping minDelta must be >= 0, got " + minDelta);
        }

        /** Stop when {@code metric} has not decreased by more than {@code minDelta} for {@code patience} evaluations. */
        public static EarlyStopping min(String metric, int patience, double minDelta) {
            return new EarlyStopping(metric, false, patience, minDelta);
        }

        /** Stop when {@code metric} has not increased by more than {@code minDelta} for {@code patience} evaluations. */
        public static EarlyStopping max(String metric, int patience, double minDelta) {
            return new EarlyStopping(metric, true, patience, minDelta);
        }

        boolean improves(double value, double best) {
            if (Double.isNaN(value)) return false;
            if (Double.isNaN(best)) return true;
            return higherIsBetter ? value > best + minDelta : value < best - minDelta;
        }
    }

    /**
     * How to train. Start from {@link #defaults()} and change fields with the {@code with...} methods.
     *
     * @param epochs            passes over the data (0: no limit, then {@code maxSteps} must be set); default 1
     * @param maxSteps          optimizer steps at most (0: no limit); training ends at whichever limit comes first
     * @param batchSize         samples per (micro-)batch; default 32
     * @param accumulationSteps micro-batches per optimizer step; default 1
     * @param clipNorm          global gradient-norm limit ({@link GradClip#clipGradNorm}); 0 for none (the default)
     * @param schedule          learning-rate factor per step; default constant
     * @param seed              the seed of the shuffling; default 0
     * @param shuffle           shuffle each epoch (default) or visit the samples in order
     * @param dropLast          skip an epoch's last step if it has fewer than {@code batchSize * accumulationSteps}
     *                          samples; default false (PyTorch's DataLoader default)
     * @param evalEvery         evaluate every this many steps; 0 (default): at the end of every epoch
     * @param earlyStopping     null (default) for none
     * @param checkpointDir     where checkpoints go; null (default) for none
     * @param checkpointEvery   a checkpoint every this many steps; 0 (default): only at the end
     * @param keepCheckpoints   how many checkpoints to keep, newest first; 0 keeps all; default 2
     * @param metricsLog        the JSON-lines log; null (default) for none
     * @param modelConfig       the model's config as JSON, stored in checkpoints; may be null
     * @param dataFingerprint   a description or hash of the training data, stored in checkpoints; may be null
     */
    public record Config(int epochs, long maxSteps, int batchSize, int accumulationSteps, double clipNorm,
                         LrSchedule schedule, long seed, boolean shuffle, boolean dropLast, long evalEvery,
                         EarlyStopping earlyStopping, Path checkpointDir, long checkpointEvery, int keepCheckpoints,
                         Path metricsLog, String modelConfig, String dataFingerprint) {
        public Config {
            if (epochs < 0 || maxSteps < 0 || epochs == 0 && maxSteps == 0)
                throw new IllegalArgumentException("Trainer.Config: need epochs >= 0 and maxSteps >= 0, one of them > 0;"
                        + " got epochs " + epochs + ", maxSteps " + maxSteps);
            if (batchSize < 1 || accumulationSteps < 1)
                throw new IllegalArgumentException("Trainer.Config: batch size and accumulation steps must be >= 1, got "
                        + batchSize + " and " + accumulationSteps);
            if ((long) batchSize * accumulationSteps > Integer.MAX_VALUE)
                throw new IllegalArgumentException("Trainer.Config: batch size x accumulation steps overflows an int");
            if (!(clipNorm >= 0)) throw new IllegalArgumentException("Trainer.Config: clipNorm must be >= 0, got " + clipNorm);
            if (schedule == null) throw new IllegalArgumentException("Trainer.Config: schedule is null");
            if (evalEvery < 0 || checkpointEvery < 0 || keepCheckpoints < 0)
                throw new IllegalArgumentException("Trainer.Config: evalEvery, checkpointEvery and keepCheckpoints must"
                        + " be >= 0, got " + evalEvery + ", " + checkpointEvery + ", " + keepCheckpoints);
        }

        /** One epoch of batches of 32, no accumulation, no clipping, constant learning rate, seed 0. */
        public static Config defaults() {
            return new Config(1, 0, 32, 1, 0, LrSchedule.constant(), 0, true, false, 0, null, null, 0, 2, null, null,
                    null);
        }

        public Config withEpochs(int v) { return new Config(v, maxSteps, batchSize, accumulationSteps, clipNorm, schedule, seed, shuffle, dropLast, evalEvery, earlyStopping, checkpointDir, checkpointEvery, keepCheckpoints, metricsLog, modelConfig, dataFingerprint); }
        public Config withMaxSteps(long v) { return new Config(epochs, v, batchSize, accumulationSteps, clipNorm, schedule, seed, shuffle, dropLast, evalEvery, earlyStopping, checkpointDir, checkpointEvery, keepCheckpoints, metricsLog, modelConfig, dataFingerprint); }
        public Config withBatchSize(int v) { return new Config(epochs, maxSteps, v, accumulationSteps, clipNorm, schedule, seed, shuffle, dropLast, evalEvery, earlyStopping, checkpointDir, checkpointEvery, keepCheckpoints, metricsLog, modelConfig, dataFingerprint); }
        public Config withAccumulationSteps(int v) { return new Config(epochs, maxSteps, batchSize, v, clipNorm, schedule, seed, shuffle, dropLast, evalEvery, earlyStopping, checkpointDir, checkpointEvery, keepCheckpoints, metricsLog, modelConfig, dataFingerprint); }
        public Config withClipNorm(double v) { return new Config(epochs, maxSteps, batchSize, accumulationSteps, v, schedule, seed, shuffle, dropLast, evalEvery, earlyStopping, checkpointDir, checkpointEvery, keepCheckpoints, metricsLog, modelConfig, dataFingerprint); }
        public Config withSchedule(LrSchedule v) { return new Config(epochs, maxSteps, batchSize, accumulationSteps, clipNorm, v, seed, shuffle, dropLast, evalEvery, earlyStopping, checkpointDir, checkpointEvery, keepCheckpoints, metricsLog, modelConfig, dataFingerprint); }
        public Config withSeed(long v) { return new Config(epochs, maxSteps, batchSize, accumulationSteps, clipNorm, schedule, v, shuffle, dropLast, evalEvery, earlyStopping, checkpointDir, checkpointEvery, keepCheckpoints, metricsLog, modelConfig, dataFingerprint); }
        public Config withShuffle(boolean v) { return new Config(epochs, maxSteps, batchSize, accumulationSteps, clipNorm, schedule, seed, v, dropLast, evalEvery, earlyStopping, checkpointDir, checkpointEvery, keepCheckpoints, metricsLog, modelConfig, dataFingerprint); }
        public Config withDropLast(boolean v) { return new Config(epochs, maxSteps, batchSize, accumulationSteps, clipNorm, schedule, seed, shuffle, v, evalEvery, earlyStopping, checkpointDir, checkpointEvery, keepCheckpoints, metricsLog, modelConfig, dataFingerprint); }
        public Config withEvalEvery(long v) { return new Config(epochs, maxSteps, batchSize, accumulationSteps, clipNorm, schedule, seed, shuffle, dropLast, v, earlyStopping, checkpointDir, checkpointEvery, keepCheckpoints, metricsLog, modelConfig, dataFingerprint); }
        public Config withEarlyStopping(EarlyStopping v) { return new Config(epochs, maxSteps, batchSize, accumulationSteps, clipNorm, schedule, seed, shuffle, dropLast, evalEvery, v, checkpointDir, checkpointEvery, keepCheckpoints, metricsLog, modelConfig, dataFingerprint); }
        /** Checkpoints in {@code dir} every {@code every} steps (0: only at the end). */
        public Config withCheckpoints(Path dir, long every) { return new Config(epochs, maxSteps, batchSize, accumulationSteps, clipNorm, schedule, seed, shuffle, dropLast, evalEvery, earlyStopping, dir, every, keepCheckpoints, metricsLog, modelConfig, dataFingerprint); }
        public Config withKeepCheckpoints(int v) { return new Config(epochs, maxSteps, batchSize, accumulationSteps, clipNorm, schedule, seed, shuffle, dropLast, evalEvery, earlyStopping, checkpointDir, checkpointEvery, v, metricsLog, modelConfig, dataFingerprint); }
        public Config withMetricsLog(Path v) { return new Config(epochs, maxSteps, batchSize, accumulationSteps, clipNorm, schedule, seed, shuffle, dropLast, evalEvery, earlyStopping, checkpointDir, checkpointEvery, keepCheckpoints, v, modelConfig, dataFingerprint); }
        /** Provenance stored in checkpoints: the model's config as JSON and a fingerprint of the data. */
        public Config withProvenance(String modelConfigJson, String dataFingerprint) { return new Config(epochs, maxSteps, batchSize, accumulationSteps, clipNorm, schedule, seed, shuffle, dropLast, evalEvery, earlyStopping, checkpointDir, checkpointEvery, keepCheckpoints, metricsLog, modelConfigJson, dataFingerprint); }
    }

    /**
     * What a run will do: it starts after {@code startStep} steps (0, or the resumed position) and ends at
     * {@code totalSteps} at most; an epoch has {@code stepsPerEpoch} steps of up to {@code samplesPerStep} samples.
     */
    public record Plan(long startStep, long totalSteps, long stepsPerEpoch, int samples, int samplesPerStep) {}

    /**
     * How a run ended: after {@code steps} steps, at epoch {@code epoch} (the epoch the next step would be in);
     * {@code lastLoss} is the last step's loss, {@code lastEval} the last evaluation's metrics, {@code best} the
     * early-stopping metric's best value (NaN without early stopping), {@code lastCheckpoint} null if none.
     */
    public record Result(long steps, int epoch, double lastLoss, Map<String, Double> lastEval, double best,
                         boolean stoppedEarly, Path lastCheckpoint) {}

    private static final Pattern CHECKPOINT_NAME = Pattern.compile("step-(\\d+)\\.safetensors");
    private static final String TASK_PREFIX = "task.";

    private final Module model;
    private final Optimizer optimizer;
    private final TrainingTask task;
    private final Config config;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final List<Parameter> params = new ArrayList<>();
    private final int samples;
    private final int samplesPerStep;
    private final long stepsPerEpoch;

    // position and state (all saved in checkpoints)
    private int epoch;
    private long batchInEpoch;      // steps done in the current epoch
    private long step;              // steps done in all
    private double lastLoss = Double.NaN;
    private double best = Double.NaN;
    private int badEvals;

    private Map<String, Double> lastEval = Map.of();
    private Path lastCheckpoint;
    private long savedAtStep = -1;
    private int permutationEpoch = -1;
    private int[] permutation;
    private float lastGradNorm = Float.NaN;

    public Trainer(Module model, Optimizer optimizer, TrainingTask task, Config config) {
        if (model == null || optimizer == null || task == null || config == null)
            throw new IllegalArgumentException("Trainer needs a model, an optimizer, a task and a config");
        this.model = model;
        this.optimizer = optimizer;
        this.task = task;
        this.config = config;
        for (Optimizer.Group g : optimizer.groups()) params.addAll(g.params());
        this.samples = task.size();
        this.samplesPerStep = config.batchSize() * config.accumulationSteps();
        this.stepsPerEpoch = stepsPerEpoch(samples, config.batchSize(), config.accumulationSteps(), config.dropLast());
        if (stepsPerEpoch == 0)
            throw new IllegalArgumentException("Trainer: the task has " + samples + " samples, not enough for one step"
                    + (config.dropLast() ? " of " + samplesPerStep + " samples with dropLast" : ""));
    }

    /** The optimizer steps in an epoch of {@code samples} samples. */
    public static long stepsPerEpoch(int samples, int batchSize, int accumulationSteps, boolean dropLast) {
        long per = (long) batchSize * accumulationSteps;
        return dropLast ? samples / per : (samples + per - 1) / per;
    }

    /** Adds a listener; returns this. */
    public Trainer listener(TrainingListener l) {
        listeners.add(Objects.requireNonNull(l, "listener"));
        return this;
    }

    public Config config() { return config; }

    /** The optimizer steps done so far. */
    public long step() { return step; }

    /** The current epoch (from 0). */
    public int epoch() { return epoch; }

    /** The steps the run ends at: the smaller of {@code epochs * stepsPerEpoch} and {@code maxSteps}. */
    public long totalSteps() {
        long byEpochs = config.epochs() > 0 ? config.epochs() * stepsPerEpoch : Long.MAX_VALUE;
        long bySteps = config.maxSteps() > 0 ? config.maxSteps() : Long.MAX_VALUE;
        return Math.min(byEpochs, bySteps);
    }

    // ------------------------------------------------------------------------------------------------ the loop

    /** Trains until the step limit or early stopping; see the class comment. */
    public Result fit() throws IOException {
        long total = totalSteps();
        Plan plan = new Plan(step, total, stepsPerEpoch, samples, samplesPerStep);
        for (TrainingListener l : listeners) l.onStart(plan);
        boolean stop = config.earlyStopping() != null && badEvals >= config.earlyStopping().patience();
        double emaSeconds = Double.NaN;
        try (MetricsLog log = MetricsLog.open(config.metricsLog())) {
            while (!stop && step < total) {
                long t0 = System.nanoTime();
                int n = trainStep();
                double seconds = Math.max(1e-9, (System.nanoTime() - t0) * 1e-9);
                step++;
                batchInEpoch++;
                emaSeconds = Double.isNaN(emaSeconds) ? seconds : 0.9 * emaSeconds + 0.1 * seconds;
                Duration eta = Duration.ofNanos((long) Math.min(Long.MAX_VALUE, emaSeconds * (total - step) * 1e9));
                double lr = optimizer.groups().get(0).lr();
                log.step(step, epoch, lastLoss, lr, n / seconds, config.clipNorm() > 0 ? lastGradNorm : null);
                for (TrainingListener l : listeners) l.onStep(epoch, step, lastLoss, n / seconds, eta);

                int stepEpoch = epoch;
                boolean epochEnd = batchInEpoch == stepsPerEpoch;
                if (epochEnd) {
                    epoch++;
                    batchInEpoch = 0;
                }
                if (config.evalEvery() > 0 ? step % config.evalEvery() == 0 : epochEnd) stop = evaluate(stepEpoch, log);
                if (config.checkpointDir() != null && config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0)
                    saveCheckpoint();
            }
        }
        if (config.checkpointDir() != null && savedAtStep != step) saveCheckpoint();
        Result r = new Result(step, epoch, lastLoss, lastEval, best, stop, lastCheckpoint);
        for (TrainingListener l : listeners) l.onEnd(r);
        return r;
    }

    /** One optimizer step over the next samples of the epoch's permutation; returns the number of samples. */
    private int trainStep() {
        int[] perm = permutation(epoch);
        int start = (int) (batchInEpoch * samplesPerStep), end = Math.min(samples, start + samplesPerStep);
        int n = end - start;
        optimizer.scaleLr(config.schedule().factor(step));
        model.zeroGrad();
        optimizer.zeroGrad();
        double loss = 0;
        long firstBatch = batchInEpoch * config.accumulationSteps();
        int k = 0;
        for (int b = start; b < end; b += config.batchSize(), k++) {
            int[] batch = Arrays.copyOfRange(perm, b, Math.min(end, b + config.batchSize()));
            Var l = task.loss(batch);
            if (l == null || l.size() != 1)
                throw new IllegalStateException("TrainingTask.loss must return a scalar Var, got "
                        + (l == null ? "null" : "shape " + l.shape()));
            double v = l.item();
            if (!Double.isFinite(v)) throw diverged("loss " + v, firstBatch + k);
            if (!l.requiresGrad())
                throw new IllegalStateException("TrainingTask.loss returned a Var that does not require a gradient:"
                        + " it is not connected to any trainable parameter (or was computed under Grad.off())");
            double w = (double) batch.length / n;
            if (batch.length == n) l.backward();
            else l.mul((float) w).backward();
            loss += w * v;
        }
        if (config.clipNorm() > 0) {
            lastGradNorm = GradClip.clipGradNorm(params, config.clipNorm());
            if (!Float.isFinite(lastGradNorm)) throw diverged("gradient norm " + lastGradNorm, firstBatch);
        }
        optimizer.step();
        lastLoss = loss;
        return n;
    }

    private TrainingDivergedException diverged(String what, long batch) {
        String msg = what + " at step " + (step + 1) + " (epoch " + epoch + ", batch " + batch + "); "
                + (step == 0 ? "no step had completed" : "the last finite loss was " + lastLoss + " at step " + step
                + "; the parameters are those after step " + step)
                + (lastCheckpoint == null ? "" : "; the last checkpoint, " + lastCheckpoint + ", is intact");
        return new TrainingDivergedException(msg, step + 1, epoch, batch, lastLoss);
    }

    private int[] permutation(int e) {
        if (permutationEpoch != e) {
            if (config.shuffle()) {
                permutation = Rng.seeded(config.seed()).fork("shuffle").fork(e).permutation(samples);
            } else {
                permutation = new int[samples];
                for (int i = 0; i < samples; i++) permutation[i] = i;
            }
            permutationEpoch = e;
        }
        return permutation;
    }

    /** Evaluates with the model in eval mode; returns true if early stopping says stop. */
    private boolean evaluate(int atEpoch, MetricsLog log) throws IOException {
        Map<Module, Boolean> modes = new LinkedHashMap<>();
        for (Module m : model.namedModules().values()) modes.put(m, m.isTraining());
        Map<String, Double> metrics;
        model.eval();
        try (Grad.Scope off = Grad.off()) {
            metrics = task.evaluate();
        } finally {
            modes.forEach((m, on) -> m.train(on));        // parents first, so each module gets its own mode back
        }
        lastEval = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        if (!lastEval.isEmpty()) {
            log.eval(step, atEpoch, lastEval);
            for (TrainingListener l : listeners) l.onEval(atEpoch, step, lastEval);
        }
        EarlyStopping es = config.earlyStopping();
        if (es == null) return false;
        Double v = lastEval.get(es.metric());
        if (v == null)
            throw new IllegalStateException("early stopping watches '" + es.metric() + "', but the evaluation gave "
                    + lastEval.keySet());
        if (es.improves(v, best)) {
            best = v;
            badEvals = 0;
        } else {
            badEvals++;
        }
        return badEvals >= es.patience();
    }

    // ------------------------------------------------------------------------------------------------ checkpoints

    /**
     * Writes a checkpoint of the current state to {@code checkpointDir/step-NNNNNNNNN.safetensors} (and its
     * optimizer file), then deletes all but the newest {@code keepCheckpoints}; returns its path.
     */
    public Path saveCheckpoint() throws IOException {
        Path dir = config.checkpointDir();
        if (dir == null) throw new IllegalStateException("no checkpoint directory configured (Config.withCheckpoints)");
        Files.createDirectories(dir);
        Path p = dir.resolve(String.format("step-%09d.safetensors", step));
        Checkpoint.save(model, optimizer, checkpointMetadata(), p);
        lastCheckpoint = p;
        savedAtStep = step;
        if (config.keepCheckpoints() > 0) {
            List<Path> all = checkpoints(dir);
            for (int i = 0; i < all.size() - config.keepCheckpoints(); i++) {
                if (all.get(i).equals(p)) continue;
                Files.deleteIfExists(Checkpoint.optimizerPath(all.get(i)));
                Files.deleteIfExists(all.get(i));
            }
        }
        for (TrainingListener l : listeners) l.onCheckpoint(step, p);
        return p;
    }

    /** What checkpoints hold besides the tensors (see the class comment). */
    private Map<String, String> checkpointMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        if (config.modelConfig() != null) m.put(Checkpoint.CONFIG, config.modelConfig());
        if (config.dataFingerprint() != null) m.put(Checkpoint.DATA, config.dataFingerprint());
        m.put(Checkpoint.SEED, Long.toString(config.seed()));
        m.put("trainer.step", Long.toString(step));
        m.put("trainer.epoch", Integer.toString(epoch));
        m.put("trainer.batch", Long.toString(batchInEpoch));
        m.put("trainer.samples", Integer.toString(samples));
        m.put("trainer.batch_size", Integer.toString(config.batchSize()));
        m.put("trainer.accumulation_steps", Integer.toString(config.accumulationSteps()));
        m.put("trainer.shuffle", Boolean.toString(config.shuffle()));
        m.put("trainer.drop_last", Boolean.toString(config.dropLast()));
        m.put("trainer.last_loss", Double.toString(lastLoss));
        m.put("trainer.best", Double.toString(best));
        m.put("trainer.bad_evals", Integer.toString(badEvals));
        for (var e : task.state().entrySet()) m.put(TASK_PREFIX + e.getKey(), e.getValue());
        return m;
    }

    /** The checkpoints a trainer wrote in {@code dir}, oldest first (by step). */
    public static List<Path> checkpoints(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        TreeMap<Long, Path> byStep = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = CHECKPOINT_NAME.matcher(f.getFileName().toString());
                if (m.matches()) byStep.put(Long.parseLong(m.group(1)), f);
            }
        }
        return new ArrayList<>(byStep.values());
    }

    /** The newest checkpoint in {@code dir} whose model and optimizer files belong together, or null if none. */
    public static Path latestCheckpoint(Path dir) throws IOException {
        List<Path> all = checkpoints(dir);
        for (int i = all.size() - 1; i >= 0; i--) if (Checkpoint.isCompletePair(all.get(i))) return all.get(i);
        return null;
    }

    /**
     * Restores the model, the optimizer, the trainer's position and the task's state from a checkpoint file, or from
     * the newest complete checkpoint of a directory; {@link #fit()} then continues from there. The checkpoint must
     * come from a run with the same seed, sample count, batch size, accumulation steps, shuffling and dropLast.
     *
     * @return the checkpoint's metadata
     */
    public Map<String, String> resumeFrom(Path checkpoint) throws IOException {
        Path file = checkpoint;
        if (Files.isDirectory(checkpoint)) {
            file = latestCheckpoint(checkpoint);
            if (file == null) throw new IllegalArgumentException("no complete checkpoint in " + checkpoint);
        }
        Map<String, String> meta = Checkpoint.metadata(file);
        if (!meta.containsKey("trainer.step"))
            throw new IllegalArgumentException(file + " was not written by a Trainer (no trainer.step in its metadata)");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(Checkpoint.SEED, Long.toString(config.seed()));
        expected.put("trainer.samples", Integer.toString(samples));
        expected.put("trainer.batch_size", Integer.toString(config.batchSize()));
        expected.put("trainer.accumulation_steps", Integer.toString(config.accumulationSteps()));
        expected.put("trainer.shuffle", Boolean.toString(config.shuffle()));
        expected.put("trainer.drop_last", Boolean.toString(config.dropLast()));
        List<String> differ = new ArrayList<>();
        expected.forEach((k, v) -> {
            if (!v.equals(meta.get(k))) differ.add(k + ": checkpoint " + meta.get(k) + ", this trainer " + v);
        });
        if (!differ.isEmpty())
            throw new IllegalArgumentException("cannot resume exactly from " + file + ": " + String.join("; ", differ));
        long s = parseLong(file, meta, "trainer.step"), b = parseLong(file, meta, "trainer.batch");
        long e = parseLong(file, meta, "trainer.epoch"), bad = parseLong(file, meta, "trainer.bad_evals");
        if (b >= stepsPerEpoch || e > Integer.MAX_VALUE || bad > Integer.MAX_VALUE)
            throw new IllegalArgumentException(file + ": trainer position epoch " + e + ", batch " + b
                    + " does not fit " + stepsPerEpoch + " steps per epoch");
        Checkpoint.load(model, optimizer, file);
        step = s;
        epoch = (int) e;
        batchInEpoch = b;
        badEvals = (int) bad;
        lastLoss = Double.parseDouble(meta.getOrDefault("trainer.last_loss", "NaN"));
        best = Double.parseDouble(meta.getOrDefault("trainer.best", "NaN"));
        Map<String, String> taskState = new LinkedHashMap<>();
        for (var en : meta.entrySet())
            if (en.getKey().startsWith(TASK_PREFIX)) taskState.put(en.getKey().substring(TASK_PREFIX.length()), en.getValue());
        task.restoreState(taskState);
        lastCheckpoint = file;
        savedAtStep = step;
        return meta;
    }

    private static long parseLong(Path file, Map<String, String> meta, String key) {
        String v = meta.get(key);
        try {
            long x = Long.parseLong(v);
            if (x < 0) throw new NumberFormatException();
            return x;
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(file + ": metadata " + key + " = '" + v + "', expected a count >= 0");
        }
    }

    // ------------------------------------------------------------------------------------------------ metrics log

    /** The JSON-lines metrics log (or nothing). */
    private static final class MetricsLog implements AutoCloseable {
        private final BufferedWriter out;

        private MetricsLog(BufferedWriter out) { this.out = out; }

        static MetricsLog open(Path path) throws IOException {
            if (path == null) return new MetricsLog(null);
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            return new MetricsLog(Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND));
        }

        void step(long step, int epoch, double loss, double lr, double samplesPerSecond, Float gradNorm)
                throws IOException {
            if (out == null) return;
            StringBuilder sb = new StringBuilder();
            sb.append("{\"step\":").append(step).append(",\"epoch\":").append(epoch)
                    .append(",\"loss\":").append(number(loss)).append(",\"lr\":").append(number(lr))
                    .append(",\"samples_per_second\":").append(number(samplesPerSecond));
            if (gradNorm != null) sb.append(",\"grad_norm\":").append(number(gradNorm));
            line(sb.append('}'));
        }

        void eval(long step, int epoch, Map<String, Double> metrics) throws IOException {
            if (out == null) return;
            StringBuilder sb = new StringBuilder();
            sb.append("{\"step\":").append(step).append(",\"epoch\":").append(epoch).append(",\"eval\":{");
            boolean first = true;
            for (var e : metrics.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                sb.append(string(e.getKey())).append(':').append(number(e.getValue() == null ? Double.NaN : e.getValue()));
            }
            line(sb.append("}}"));
        }

        private void line(CharSequence s) throws IOException {
            out.append(s).append('\n');
            out.flush();
        }

        static String number(double v) { return Double.isFinite(v) ? Double.toString(v) : "null"; }

        static String string(String s) {
            StringBuilder sb = new StringBuilder("\"");
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                        else sb.append(c);
                    }
                }
            }
            return sb.append('"').toString();
        }

        @Override
        public void close() throws IOException {
            if (out != null) out.close();
        }
    }
}
