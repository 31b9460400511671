package org.genex.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.genex.algorithms.embed.ArrayCorpus;
import org.genex.algorithms.embed.SkipGram;
import org.genex.algorithms.embed.Word2VecConfig;
import org.genex.algorithms.hypergraph.CellGeneHypergraph;
import org.genex.algorithms.hypergraph.CoExpressionNetwork;
import org.genex.algorithms.hypergraph.CoMemWalk;
import org.genex.algorithms.hypergraph.HypergraphEmbedding;
import org.genex.algorithms.hypergraph.HypergraphEmbedding.WalkStorage;
import org.genex.algorithms.hypergraph.HypergraphPreprocessing;
import org.genex.algorithms.hypergraph.HypergraphPreprocessing.GeneSelector;
import org.genex.algorithms.hypergraph.HypergraphPreprocessing.LogBase;
import org.genex.algorithms.hypergraph.RandomWalks;
import org.genex.algorithms.hypergraph.TransitionStrategy;
import org.genex.algorithms.hypergraph.Transitions;
import org.genex.algorithms.hypergraph.TwoStepWalk;
import org.genex.algorithms.hypergraph.WalkConfig;
import org.genex.algorithms.metrics.ClusteringMetrics;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Parallel;
import org.openjdk.jmh.annotations.*;

/**
 * Hypergraph random walks and skip-gram on simulated data ({@link PlantedExpression}: 2,000 genes, 200 expressed
 * genes per cell, 50 modules; CPM and log2 as the simulation scripts).
 *
 * <p>JMH: {@code walks} draws the walks of {@code walksPerNode = 30} walks of 30 cells per cell (score: time per
 * pass; walks/s = cells x 30 / time), {@code skipGramEpoch} trains one epoch of skip-gram (vector size 30, window 5,
 * 5 negatives) on stored walks (tokens/s = cells x 900 / time). Run:
 * {@code java --add-modules jdk.incubator.vector -jar jmh-benchmarks/target/benchmarks.jar WalkBench}.
 *
 * <p>Main program, the whole pipeline once with timings and live heap after each phase:
 * {@code java --add-modules jdk.incubator.vector -Dgenex.threads=2 -cp jmh-benchmarks/target/benchmarks.jar
 * org.genex.bench.WalkBench [cells=100000] [genes=2000] [nnzPerCell=200] [strategy=diphw|edhw|comem-topk]
 * [storage=stored|streamed] [epochs=5] [dim=30] [walks=30] [length=30] [sharedNegatives=false|true] [noisePool=0] [ari=false|true]}
 * ({@code sharedNegatives=true}: skip-gram with {@link Word2VecConfig#sharedNegatives()}; {@code noisePool=P}: with
 * {@link Word2VecConfig#noisePool()}; {@code ari=true}: afterwards, untimed, k-means on the embedding and its ARI
 * against the planted modules). Prints walks/s and tokens/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx6g"})
public class WalkBench {
    @Param({"10000"})
    public int cells;

    @Param({"diphw"})
    public String strategy;

    /** Worker threads for the shared pool; 0 keeps -Dgenex.threads (default: all cores). */
    @Param({"0"})
    public int threads;

    private Transitions transitions;
    private ArrayCorpus walks;
    private WalkConfig walkConfig;

    @Setup(Level.Trial)
    public void setup() {
        if (threads > 0) Parallel.setThreads(threads);
        CellGeneHypergraph h = hypergraph(cells, 2000, 200);
        transitions = strategy(strategy).prepare(h);
        walkConfig = WalkConfig.defaults();
        walks = RandomWalks.sample(transitions, walkConfig);
    }

    /** All walks of all cells (cells x 30 walks of 30 cells), stored. */
    @Benchmark
    public ArrayCorpus walks() { return RandomWalks.sample(transitions, walkConfig); }

    /** One skip-gram epoch over the stored walks (Hogwild on the pool's threads). */
    @Benchmark
    public SkipGram.Result skipGramEpoch() {
        return SkipGram.train(walks, Word2VecConfig.hypergraphDefaults().withEpochs(1));
    }

    static CellGeneHypergraph hypergraph(int cells, int genes, int nnzPerCell) {
        CsrMatrix counts = PlantedExpression.counts(cells, genes, PLANTED_MODULES, nnzPerCell, 42);
        return HypergraphPreprocessing.prepare(counts, LogBase.TWO, GeneSelector.all());
    }

    static TransitionStrategy strategy(String name) {
        return switch (name) {
            case "diphw" -> TwoStepWalk.diphw(50);
            case "edhw" -> TwoStepWalk.edhw();
            case "comem-topk" -> CoMemWalk.comemDiphw(50, CoExpressionNetwork.topK(30), CoExpressionNetwork.topK(30));
            case "comem-full" -> CoMemWalk.comemDiphw(50, CoExpressionNetwork.full(), CoExpressionNetwork.full());
            default -> throw new IllegalArgumentException("strategy: diphw, edhw, comem-topk or comem-full, got "
                    + name);
        };
    }

    private static final int PLANTED_MODULES = 50;

    /** The whole pipeline once, with timings; arguments are key=value (see the class documentation). */
    public static void main(String[] args) {
        int cells = 100_000, genes = 2000, nnzPerCell = 200, epochs = 5, dim = 30, walksPerNode = 30, length = 30;
        String strategy = "diphw";
        boolean sharedNegatives = false, ari = false;
        int noisePool = 0;
        WalkStorage storage = WalkStorage.STORED;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "cells" -> cells = Integer.parseInt(kv[1]);
                case "genes" -> genes = Integer.parseInt(kv[1]);
                case "nnzPerCell" -> nnzPerCell = Integer.parseInt(kv[1]);
                case "strategy" -> strategy = kv[1];
                case "storage" -> storage = WalkStorage.valueOf(kv[1].toUpperCase(Locale.ROOT));
                case "epochs" -> epochs = Integer.parseInt(kv[1]);
                case "dim" -> dim = Integer.parseInt(kv[1]);
                case "walks" -> walksPerNode = Integer.parseInt(kv[1]);
                case "length" -> length = Integer.parseInt(kv[1]);
                case "sharedNegatives" -> sharedNegatives = Boolean.parseBoolean(kv[1]);
                case "noisePool" -> noisePool = Integer.parseInt(kv[1]);
                case "ari" -> ari = Boolean.parseBoolean(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        System.out.printf("threads %d, storage %s, strategy %s, sharedNegatives %s, noisePool %d%n", Parallel.threads(),
                storage, strategy, sharedNegatives, noisePool);
        long t0 = System.nanoTime();
        CsrMatrix counts = PlantedExpression.counts(cells, genes, PLANTED_MODULES, nnzPerCell, 42);
        long t1 = System.nanoTime();
        CellGeneHypergraph h = HypergraphPreprocessing.prepare(counts, LogBase.TWO, GeneSelector.all());
        counts = null;
        long t2 = System.nanoTime();
        System.out.printf("data: %s: generated %.1f s, preprocessed %.1f s; live heap %s%n", h, sec(t1 - t0),
                sec(t2 - t1), liveHeap());
        WalkConfig wc = WalkConfig.defaults().withWalks(walksPerNode, length);
        Word2VecConfig w2v = Word2VecConfig.hypergraphDefaults().withVectorSize(dim).withEpochs(epochs)
                .withSharedNegatives(sharedNegatives).withNoisePool(noisePool);
        long cpu0 = cpuNanos(), wall0 = System.nanoTime();
        var r = HypergraphEmbedding.run(h, strategy(strategy), wc, w2v, storage);
        long cpu = cpuNanos() - cpu0, wall = System.nanoTime() - wall0;
        long walks = (long) h.cells() * walksPerNode, tokens = walks * length;
        System.out.printf("tables: %.1f s, %.0f MB%n", sec(r.prepareNanos()), r.transitions().bytes() / 1e6);
        if (storage == WalkStorage.STORED)
            System.out.printf("walks: %d walks, %d tokens in %.1f s: %.0f walks/s, %.2f M steps/s%n", walks, tokens,
                    sec(r.walkNanos()), walks / sec(r.walkNanos()), walks * (length - 1) / sec(r.walkNanos()) / 1e6);
        System.out.printf("skip-gram: %d epochs x %d tokens in %.1f s: %.2f M tokens/s (%d pairs, %.1f M pairs/s)%s%n",
                epochs, tokens, sec(r.trainNanos()), epochs * tokens / sec(r.trainNanos()) / 1e6, r.model().pairs(),
                r.model().pairs() / sec(r.trainNanos()) / 1e6,
                storage == WalkStorage.STREAMED ? " (walks regenerated inside: epochs + 1 passes)" : "");
        System.out.printf("walks + embedding: %.1f s wall (tables + walks + skip-gram), %.1f s of CPU (all threads; "
                        + "the machine is shared: CPU / threads is the wall time an idle machine would give); "
                        + "live heap "
                        + "%s (embedding and hypergraph held)%n", sec(wall), sec(cpu), liveHeap());
        // one machine-readable line (scripts/bench_report.py reads it)
        String quality = "";
        if (ari) { // k-means (k = modules, 10 restarts) on the embedding against the planted modules (cell v: v mod 50)
            long q0 = System.nanoTime();
            int[] truth = new int[h.cells()], ids = h.cellIds();
            for (int i = 0; i < truth.length; i++) truth[i] = ids[i] % PLANTED_MODULES;
            double a = ClusteringMetrics.adjustedRandIndex(truth,
                    HypergraphEmbedding.cluster(r.embedding(), PLANTED_MODULES, 42));
            System.out.printf(Locale.ROOT, "k-means (k = %d) on the embedding: ARI %.4f against the planted modules "
                    + "(%.1f s, not timed above)%n", PLANTED_MODULES, a, sec(System.nanoTime() - q0));
            quality = String.format(Locale.ROOT, " ari=%.4f", a);
        }
        System.out.printf(Locale.ROOT, "result cells=%d strategy=%s storage=%s sharedNegatives=%s noisePool=%d threads=%d "
                        + "tables_s=%.3f walks_s=%.3f walks_per_s=%.0f train_s=%.3f tokens_per_s=%.0f "
                        + "pairs_per_s=%.0f wall_s=%.3f cpu_s=%.3f load=%s%s%n", h.cells(), strategy,
                storage.name().toLowerCase(Locale.ROOT), sharedNegatives, noisePool, Parallel.threads(),
                sec(r.prepareNanos()),
                sec(r.walkNanos()), storage == WalkStorage.STORED ? walks / sec(r.walkNanos()) : Double.NaN,
                sec(r.trainNanos()), epochs * tokens / sec(r.trainNanos()), r.model().pairs() / sec(r.trainNanos()),
                sec(wall), sec(cpu), loadAverage(), quality);
        System.out.printf("heap pools, sum of their peaks: %.0f MB (an upper bound on the peak heap)%n",
                peakHeap() / 1e6);
    }

    /** The 1-minute load average (other processes on a shared machine), or "?" where it cannot be read. */
    private static String loadAverage() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? "?" : String.format(Locale.ROOT, "%.2f", l);
    }

    private static double sec(long nanos) { return nanos / 1e9; }

    /** CPU time of this process, all threads (GC included). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String liveHeap() {
        System.gc();
        var m = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return String.format("%.0f MB", m.getUsed() / 1e6);
    }

    private static long peakHeap() {
        long sum = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans())
            if (pool.getType() == java.lang.management.MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
        return sum;
    }
}
