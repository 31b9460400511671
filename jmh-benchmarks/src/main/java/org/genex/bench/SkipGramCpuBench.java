package org.genex.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.genex.algorithms.embed.ArrayCorpus;
import org.genex.algorithms.embed.SkipGram;
import org.genex.algorithms.embed.Word2VecConfig;
import org.genex.algorithms.hypergraph.CellGeneHypergraph;
import org.genex.algorithms.hypergraph.RandomWalks;
import org.genex.algorithms.hypergraph.TwoStepWalk;
import org.genex.algorithms.hypergraph.WalkConfig;

/**
 * Skip-gram's cost per token on one thread, in thread CPU time (steady on a shared machine, unlike wall time), for
 * gensim's update and the window-shared negatives ({@link Word2VecConfig#sharedNegatives()}), alternated in one JVM.
 * The walks are DIPHW walks of 30 cells over {@link WalkBench}'s simulated data; each size draws enough walks per
 * cell for about {@code tokens} tokens (at least one per cell), so that the vocabulary, hence the size of the vector
 * tables and the cache misses, is that of the full problem while the measurement stays short.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp jmh-benchmarks/target/benchmarks.jar
 * org.genex.bench.SkipGramCpuBench [cells=10000,30000,100000] [tokens=3000000] [repeats=2] [dim=30] [pools=0,4096]}:
 * one line per size, option, noise pool ({@link Word2VecConfig#noisePool()}) and repeat: tokens and pairs per
 * CPU-second.
 */
public final class SkipGramCpuBench {
    private SkipGramCpuBench() {}

    public static void main(String[] args) {
        int[] sizes = {10_000, 30_000, 100_000};
        long tokens = 3_000_000;
        int repeats = 2, dim = 30;
        int[] pools = {0};
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "cells" -> sizes = java.util.Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt)
                        .toArray();
                case "tokens" -> tokens = Long.parseLong(kv[1]);
                case "repeats" -> repeats = Integer.parseInt(kv[1]);
                case "dim" -> dim = Integer.parseInt(kv[1]);
                case "pools" -> pools = java.util.Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt)
                        .toArray();
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        // the allocation counter: the inner loops allocate nothing, so bytes per token is the check that no vector
        // got boxed (a Vector API value passed to a method C2 did not inline is)
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int cells : sizes) {
            CellGeneHypergraph h = WalkBench.hypergraph(cells, 2000, 200);
            int walks = (int) Math.max(1, tokens / (30L * cells));
            ArrayCorpus corpus = RandomWalks.sample(TwoStepWalk.diphw(50).prepare(h),
                    WalkConfig.defaults().withWalks(walks, 30));
            long n = corpus.totalTokens();
            for (int rep = 0; rep < repeats; rep++)
                for (boolean shared : new boolean[] {false, true})
                    for (int pool : pools) {
                        Word2VecConfig cfg = Word2VecConfig.hypergraphDefaults().withVectorSize(dim).withEpochs(1)
                                .withThreads(1).withSharedNegatives(shared).withNoisePool(pool);
                        long cpu0 = mx.getCurrentThreadCpuTime(), wall0 = System.nanoTime();
                        long bytes0 = mx.getCurrentThreadAllocatedBytes();
                        SkipGram.Result r = SkipGram.train(corpus, cfg);
                        double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
                        double wall = (System.nanoTime() - wall0) / 1e9;
                        double bytes = mx.getCurrentThreadAllocatedBytes() - bytes0;
                        System.out.printf(Locale.ROOT, "cells %d, %d walks/cell, %d tokens, sharedNegatives=%s, "
                                        + "noisePool=%d: %.2f s CPU (%.2f s wall): %.2f M tokens/CPU-s, %.2f M pairs/CPU-s, "
                                        + "%.1f bytes allocated/token%n", cells, walks, n, shared, pool, cpu, wall,
                                n / cpu / 1e6, r.pairs() / cpu / 1e6, bytes / n);
                    }
        }
    }
}
