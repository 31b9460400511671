package org.genex.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One pool of worker threads shared by every kernel, sized by {@code -Dgenex.threads} (default: all cores).
 *
 * <p>Work is cut into tasks by the caller; the cut depends only on the problem (sizes and a grain), never on the
 * thread count or on timing, and every task writes its own part of the output. A kernel that combines partial
 * results (a sum over chunks) combines them in task order. So the same inputs give the same bits whatever thread
 * runs which task.
 *
 * <p>The calling thread works too. A call made from inside a task, or while another thread holds the pool, runs
 * its tasks on the calling thread, in order: nested parallelism never deadlocks, and concurrent callers stay
 * correct.
 */
public final class Parallel {
    /**
     * How long (ns) an idle worker, or a caller waiting for a job's end, spins before parking:
     * {@code -Dgenex.spinMicros} (default 1000). Waking a parked thread costs tens of microseconds, more in a VM
     * whose idle vCPU has halted, and a training step issues hundreds of small parallel kernels back to back:
     * with a 50 us spin a 2-thread MLP step ran at half the speed of a 2 ms spin. The price is up to this much
     * busy CPU after the last kernel of a burst.
     */
    private static final long SPIN_NANOS = 1000L * spinMicros();

    private static long spinMicros() {
        String p = System.getProperty("genex.spinMicros");
        if (p == null || p.isBlank()) return 1000;
        try {
            long v = Long.parseLong(p.trim());
            if (v >= 0) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("system property genex.spinMicros=" + p + ": expected an integer >= 0");
    }

    private static volatile Pool pool = new Pool(configuredThreads());

    private Parallel() {}

    /** A range body: handles the elements {@code [start, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    /** A task body: handles task {@code task} of a job. */
    @FunctionalInterface
    public interface TaskBody {
        void run(int task);
    }

    private static int configuredThreads() {
        String p = System.getProperty("genex.threads");
        int cores = Runtime.getRuntime().availableProcessors();
        if (p == null || p.isBlank()) return cores;
        try {
            int n = Integer.parseInt(p.trim());
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("system property genex.threads=" + p + ": expected a positive integer");
    }

    /** The number of threads that run tasks, the caller included. */
    public static int threads() { return pool.threads; }

    /** Replaces the pool with one of {@code n} threads (for benchmarks and tests; the old workers exit). */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        if (n == pool.threads) return;
        Pool old = pool;
        pool = new Pool(n);
        old.shutdown();
    }

    /** How many chunks {@link #forRange} cuts {@code n} elements into: a function of n and grain only. */
    public static int chunks(int n, int grain) {
        if (n <= 0) return 0;
        int g = Math.max(1, grain);
        return (int) Math.min(Integer.MAX_VALUE, ((long) n + g - 1) / g);
    }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of {@code grain} elements (the last may be shorter), in
     * parallel. Chunk {@code i} is {@code [i * grain, min(n, (i + 1) * grain))}.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int g = Math.max(1, grain);
        int chunks = chunks(n, g);
        forEach(chunks, i -> {
            int start = i * g;
            body.run(start, (int) Math.min(n, (long) start + g));
        });
    }

    /** Runs {@code body.run(task)} for every task in {@code [0, tasks)}, in parallel; returns when all are done. */
    public static void forEach(int tasks, TaskBody body) {
        if (tasks <= 0) return;
        Pool p = pool;
        if (tasks == 1 || p.threads == 1 || Worker.inTask() || !p.busy.compareAndSet(false, true)) {
            runInline(tasks, body);
            return;
        }
        try {
            p.run(tasks, body);
        } finally {
            p.busy.set(false);
        }
    }

    private static void runInline(int tasks, TaskBody body) {
        boolean outer = !Worker.inTask();
        if (outer) Worker.IN_TASK.set(Boolean.TRUE);
        try {
            for (int i = 0; i < tasks; i++) body.run(i);
        } finally {
            if (outer) Worker.IN_TASK.set(Boolean.FALSE);
        }
    }

    /** A published job: tasks are claimed with an atomic counter. */
    private static final class Job {
        final int tasks;
        final TaskBody body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        volatile Throwable error;
        volatile Thread owner;

        Job(int tasks, TaskBody body) {
            this.tasks = tasks;
            this.body = body;
        }

        /** Claims and runs tasks until none is left. */
        void work() {
            int t;
            while ((t = next.getAndIncrement()) < tasks) {
                try {
                    if (error == null) body.run(t);
                } catch (Throwable e) {
                    if (error == null) error = e;
                } finally {
                    if (finished.incrementAndGet() == tasks) LockSupport.unpark(owner);
                }
            }
        }
    }

    private static final class Pool {
        final int threads;
        final AtomicBoolean busy = new AtomicBoolean();
        final Worker[] workers;
        volatile Job job;
        volatile boolean stopped;

        Pool(int threads) {
            this.threads = threads;
            this.workers = new Worker[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(this, "genex-worker-" + (i + 1));
                workers[i].start();
            }
        }

        void run(int tasks, TaskBody body) {
            Job j = new Job(tasks, body);
            j.owner = Thread.currentThread();
            job = j;
            for (Worker w : workers) LockSupport.unpark(w);
            Worker.IN_TASK.set(Boolean.TRUE);
            try {
                j.work();
            } finally {
                Worker.IN_TASK.set(Boolean.FALSE);
            }
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (j.finished.get() < tasks) {
                if (System.nanoTime() < spinUntil) Thread.onSpinWait();
                else LockSupport.parkNanos(this, 100_000);
            }
            job = null;
            Throwable e = j.error;
            if (e instanceof RuntimeException r) throw r;
            if (e instanceof Error err) throw err;
            if (e != null) throw new IllegalStateException(e);
        }

        void shutdown() {
            stopped = true;
            for (Worker w : workers) LockSupport.unpark(w);
        }
    }

    private static final class Worker extends Thread {
        static final ThreadLocal<Boolean> IN_TASK = ThreadLocal.withInitial(() -> Boolean.FALSE);
        private final Pool pool;

        Worker(Pool pool, String name) {
            super(name);
            this.pool = pool;
            setDaemon(true);
        }

        static boolean inTask() { return IN_TASK.get(); }

        @Override
        public void run() {
            IN_TASK.set(Boolean.TRUE);
            Job last = null;
            while (!pool.stopped) {
                Job j = pool.job;
                if (j != null && j != last) {
                    last = j;
                    j.work();
                    continue;
                }
                // idle: spin a little (back-to-back kernels are common), then park until unparked
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (pool.job == j && !pool.stopped && System.nanoTime() < spinUntil) Thread.onSpinWait();
                if (pool.job == j && !pool.stopped) LockSupport.park(this);
            }
        }
    }
}
