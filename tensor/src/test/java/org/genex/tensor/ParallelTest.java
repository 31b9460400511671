package org.genex.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.*;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private final int before = Parallel.threads();

    @AfterEach
    void restore() { Parallel.setThreads(before); }

    @Test
    void forRangeCoversEveryElementOnceInFixedChunks() {
        for (int threads : new int[]{1, 2, 4}) {
            Parallel.setThreads(threads);
            int n = 10_007, grain = 1000;
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            int[] chunkStarts = new int[Parallel.chunks(n, grain)];
            Parallel.forRange(n, grain, (s, e) -> {
                chunkStarts[s / grain] = s;
                assertEquals(Math.min(n, s + grain), e, "chunk end depends only on n and grain");
                for (int i = s; i < e; i++) hits.incrementAndGet(i);
            });
            for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "element " + i);
            assertEquals(11, chunkStarts.length);
            for (int c = 0; c < chunkStarts.length; c++) assertEquals(c * grain, chunkStarts[c]);
        }
    }

    @Test
    void emptyAndSingleTaskJobs() {
        Parallel.forRange(0, 10, (s, e) -> fail("no chunk for n = 0"));
        int[] ran = new int[1];
        Parallel.forEach(1, t -> ran[0]++);
        assertEquals(1, ran[0]);
    }

    @Test
    void nestedCallsRunInlineWithoutDeadlock() {
        Parallel.setThreads(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(64);
        Parallel.forEach(8, outer -> Parallel.forEach(8, inner -> hits.incrementAndGet(outer * 8 + inner)));
        for (int i = 0; i < 64; i++) assertEquals(1, hits.get(i));
    }

    @Test
    void anExceptionInATaskReachesTheCaller() {
        Parallel.setThreads(2);
        var e = assertThrows(IllegalStateException.class, () -> Parallel.forEach(100, t -> {
            if (t == 37) throw new IllegalStateException("task 37 failed");
        }));
        assertEquals("task 37 failed", e.getMessage());
        // the pool still works afterwards
        AtomicIntegerArray hits = new AtomicIntegerArray(100);
        Parallel.forEach(100, hits::incrementAndGet);
        for (int i = 0; i < 100; i++) assertEquals(1, hits.get(i));
    }

    @Test
    void concurrentCallersAllGetCorrectResults() throws Exception {
        Parallel.setThreads(2);
        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            var futures = new java.util.ArrayList<Future<long[]>>();
            for (int c = 0; c < 4; c++) {
                futures.add(ex.submit(() -> {
                    long[] sums = new long[100];
                    for (int rep = 0; rep < 200; rep++)
                        Parallel.forEach(100, t -> sums[t] += t);
                    return sums;
                }));
            }
            for (var f : futures) {
                long[] sums = f.get(30, TimeUnit.SECONDS);
                for (int t = 0; t < 100; t++) assertEquals(200L * t, sums[t]);
            }
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void threadCountIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
        Parallel.setThreads(3);
        assertEquals(3, Parallel.threads());
    }
}
