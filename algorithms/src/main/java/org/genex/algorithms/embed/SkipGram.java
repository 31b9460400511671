package org.genex.algorithms.embed;

import java.util.Arrays;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;
import org.genex.tensor.cpu.Simd;

/**
 * Skip-gram with negative sampling (Mikolov et al. 2013) trained on an integer {@link Corpus}, following gensim 4's
 * {@code Word2Vec(sg=1, hs=0)} step by step ({@code word2vec.py} and {@code word2vec_inner.pyx}):
 * <ul>
 *   <li><b>Vocabulary.</b> Every token {@code 0 .. V-1} is a word (gensim with {@code min_count=0}); counts come from
 *       one pass over the corpus. A token that never occurs keeps its initial vector and is never drawn as noise.</li>
 *   <li><b>Initial vectors.</b> Input vectors uniform in {@code [-1/dim, 1/dim)} (gensim 4's {@code prep_vectors};
 *       gensim 3 used {@code [-0.5/dim, 0.5/dim)}), output vectors ({@code syn1neg}) zero.</li>
 *   <li><b>Down-sampling</b> ({@link #sampleInt}): a token with count {@code c} is kept with probability
 *       {@code (sqrt(c/t) + 1) t/c} (capped at 1), {@code t = sample * total}, decided per occurrence by comparing
 *       gensim's 32-bit threshold with a 32-bit random number; dropped tokens are removed from the sentence before
 *       windows are formed.</li>
 *   <li><b>Windows.</b> For centre position i a reduced window {@code b} uniform in {@code 0 .. window-1}; context
 *       positions {@code i-window+b .. i+window-b} except i.</li>
 *   <li><b>Update</b> per (centre, context) pair: the context token's input vector is trained to predict the centre
 *       token's output vector against {@code negative} noise tokens drawn from count^0.75 (a noise token equal to
 *       the centre is skipped, not redrawn), see {@link SgnsKernels#trainPair}. This is gensim's
 *       {@code fast_sentence_sg_neg(word_index = centre, word2_index = context)}. It ascends
 *       {@code log sigmoid(u_o . v_c) + sum_k log sigmoid(-u_k . v_c)}.</li>
 *   <li><b>Learning rate</b> for a job starting after {@code w} of the corpus's {@code W} tokens in epoch {@code e}:
 *       {@code max(minAlpha, alpha - (alpha - minAlpha) (e + w/W) / epochs)}; jobs are runs of sentences of about
 *       {@code batchWords} tokens.</li>
 * </ul>
 * Differences from gensim, none of which changes the expected update: the logistic function is interpolated in a
 * fine table (error below 2.5e-7) instead of read from gensim's 1000-entry table without interpolation (the
 * |score| >= 6 skip is kept); noise tokens come from an alias table
 * rather than a binary search of a cumulative table (the same distribution); random numbers come from gensim's
 * 48-bit linear congruential generator seeded per job from an {@link Rng} stream, and the reduced windows from the
 * same generator (gensim draws them with numpy), so the numbers are not gensim's.
 *
 * <h2>Window-shared negatives (an option, off by default)</h2>
 * With {@link Word2VecConfig#sharedNegatives()} the update departs from gensim in the way of Ji et al. 2016
 * ("Parallelizing Word2Vec in Shared and Distributed Memory", Intel's pWord2Vec; BlazingText does the same):
 * <ul>
 *   <li><b>Negatives per window, not per pair.</b> For centre position i the {@code negative} noise tokens are drawn
 *       once (same distribution, a noise token equal to the centre still skipped) and shared by every
 *       (centre, context) pair of i's window; gensim draws them afresh for each pair. Each pair still sees
 *       {@code negative} draws from the noise distribution, so a pair's expected update is unchanged, but the pairs
 *       of one window have the same noise tokens (correlated, not independent, noise).</li>
 *   <li><b>The window as one block.</b> The window's {@code c} pairs are updated together by
 *       {@link SgnsKernels#trainWindow}: all {@code c x (1 + negative)} scores from the vectors as they were before
 *       the window, then every context's input vector and every target's output vector updated once by the sum of
 *       its gradients. gensim updates pair after pair, each pair seeing the previous pairs' updates of the centre's
 *       output vector (and, within a pair, each output vector updated before the next target's score).</li>
 *   <li>The windows, down-sampling and learning rate are gensim's; the random numbers consumed differ (fewer noise
 *       draws), so the result is another sample, not gensim's bits. {@code pairs} counts the same pairs.</li>
 * </ul>
 * The point is memory traffic: a noise token's output vector is a random row of a {@code vocabulary x dim} table,
 * a cache miss once the table outgrows the caches; sharing reads each noise row once per window (about six pairs
 * with window 5) instead of once per pair.
 *
 * <h2>A per-job noise pool (an option, off by default)</h2>
 * With {@link Word2VecConfig#noisePool()} {@code = P}, each job first draws P tokens from the noise distribution
 * (from its own random stream), and every noise token of the job is a uniform pick from them. A noise token is then
 * still distributed exactly as count^0.75 (a uniform pick from an i.i.d. sample of the distribution), and tokens
 * drawn in different jobs are independent; within a job, draws repeat pool members (about
 * {@code batchWords x negative / P} times each, against {@code batchWords x negative / V} for plain draws from a
 * vocabulary of V), so the noise is correlated over a job, which is how PyTorch-BigGraph (Lerer et al. 2019) batches
 * its negatives. The point is again memory: a job's noise rows are P rows (P x 128 bytes at vector size 30), which
 * stay in the level-2 cache, where draws from 100,000 tokens miss it on nearly every row. Either update
 * (gensim's or the window-shared one) can use it; with a pool, a noise draw takes one random number instead of two.
 *
 * <h2>Memory access</h2>
 * Both updates work in units (a sentence; with gensim's update, a run of at most 65,536 / (2 window (negative + 1))
 * centres of one, so that buffers stay bounded for any sentence length) and in two passes per unit: first every
 * random number of the unit (reduced windows and noise tokens, in the order the pair-by-pair loop would draw them),
 * then one load of each vector row the unit will read ("touching" it: the rows' cache misses then overlap, dozens
 * in flight, instead of stalling each pair on its own), then the updates. With the window-shared update the passes
 * are software-pipelined by one unit: unit {@code u + 1} is drawn and touched before unit {@code u} is trained, so
 * that a unit's rows have arrived a whole unit before its updates need them. At 100,000 cells (two tables of 26 MB)
 * the window-shared update without a pool went from 150 to 116 s between two benchmark sittings (docs/benchmarks.md),
 * and with a pool, 2 threads and 2 epochs, runs alternated with the unpipelined build were faster in 7 of 10 pairs
 * (tokens/s ratio 0.85-1.43, mean 1.12); a one-thread run of 6 M tokens (SkipGramCpuBench) showed no gain, so the
 * gain is less sure than these numbers suggest on this noisy host. gensim's update touches a unit's rows
 * right before its updates: its units read about 1,800 noise rows per sentence of 30 (5 per pair), too many to hold
 * in the caches a unit ahead; pipelined, it was slower (100,000 cells: 335 to 415 s; one thread 1.2-1.8x the CPU
 * time). Training draws no random numbers, so in either case the random numbers and the updates are exactly those
 * of drawing as one goes (one-thread results are bit-identical; {@code DrawAsYouGoTest}); only the order of memory
 * accesses changes. With a noise pool, the pool's rows are touched once when it is drawn (they are read again and
 * again over the job) and a unit touches only its own tokens'.
 *
 * <p>Each table's row 0 is placed by {@link RowAlignment} so that rows of 32 floats start on 64-byte lines where the
 * JVM's placement of the array is known (G1, the default collector, with a table of more than half a heap region,
 * as at 100,000 cells): two lines per row instead of three, and no vector load or store across a line. Results are
 * the same bits wherever row 0 is.
 *
 * <h2>Threads and determinism</h2>
 * Work is cut into jobs that depend only on the corpus (never on the thread count), and job {@code j} of epoch
 * {@code e} draws from its own stream {@code Rng.seeded(seed).fork("skipgram").fork(e).fork(j)}. With
 * {@code threads = 1} jobs run in order on the calling thread and the result is bit-identical for a seed (on the
 * same kernel path). With {@code threads = 0} jobs run on the shared {@link Parallel} pool and update the shared
 * vectors without locks, <b>Hogwild-style as gensim's worker threads do</b>: every job draws the same random
 * numbers as in a one-thread run, but concurrent jobs interleave their reads and writes of the vectors, so results
 * differ from run to run in their low bits (and, through SGD's sensitivity, beyond).
 */
public final class SkipGram {
    private static final long LCG_MULTIPLIER = 25214903917L;
    private static final long LCG_MASK = (1L << 48) - 1;
    /** Sentences fetched from the corpus at a time. */
    private static final int BATCH = 16;

    private SkipGram() {}

    /**
     * The trained model.
     *
     * @param vectors        {@code [V, dim]} input vectors (gensim's {@code wv.vectors}): the embeddings
     * @param contextVectors {@code [V, dim]} output vectors (gensim's {@code syn1neg})
     * @param counts         occurrences of each token in the corpus
     * @param trainedTokens  tokens kept by down-sampling, summed over epochs
     * @param pairs          (centre, context) pairs trained, summed over epochs
     */
    public record Result(Tensor vectors, Tensor contextVectors, long[] counts, long trainedTokens, long pairs) {}

    /** Trains on {@code corpus} with the default kernel path (the Vector API where the JVM has it). */
    public static Result train(Corpus corpus, Word2VecConfig cfg) { return train(corpus, cfg, Simd.ENABLED); }

    /** Trains with the vector ({@code simd}) or the scalar kernels. */
    static Result train(Corpus corpus, Word2VecConfig cfg, boolean simd) { return train(corpus, cfg, simd, -1); }

    /** Trains with row 0 of the tables at index {@code base} ({@link RowAlignment}'s choice where negative). */
    static Result train(Corpus corpus, Word2VecConfig cfg, boolean simd, int base) {
        if (corpus == null || cfg == null) throw new IllegalArgumentException("SkipGram.train: null argument");
        int v = corpus.vocabularySize(), dim = cfg.vectorSize();
        Rng root = Rng.seeded(cfg.seed()).fork("skipgram");
        SgnsKernels kernels = SgnsKernels.create(simd);
        int stride = kernels.stride(dim);
        if ((long) v * stride > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException("SkipGram.train: vocabulary " + v + " x vector size " + dim
                    + " does not fit one array");
        float[] init = new float[v * dim];
        root.fork("init").fillUniform(init, -1f / dim, 1f / dim);
        // rows of `stride` floats, the extra ones zero, row 0 at `base` (see SgnsKernels)
        if (base < 0) base = RowAlignment.offset(v, stride);
        float[] syn0 = strided(init, v, dim, stride, base), syn1 = new float[base + v * stride];

        long[] counts = countTokens(corpus);
        long total = 0;
        for (long c : counts) total += c;
        if (total == 0 || cfg.epochs() == 0) return result(syn0, syn1, v, dim, stride, base, counts, 0, 0);

        double[] noiseWeights = new double[v];
        for (int w = 0; w < v; w++) noiseWeights[w] = counts[w] == 0 ? 0 : Math.pow(counts[w], cfg.nsExponent());
        Trainer t = new Trainer(corpus, cfg, kernels, stride, base, syn0, syn1, sampleInt(counts, cfg.sample()),
                AliasTables.single(noiseWeights));
        int[] jobs = jobBounds(corpus, cfg.batchWords());
        long[] trained = new long[jobs.length - 1], pairs = new long[jobs.length - 1];
        for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
            Rng epochRng = root.fork(epoch);
            int e = epoch;
            Parallel.TaskBody job = j -> {
                long[] done = t.trainJob(jobs[j], jobs[j + 1], epochRng.fork(j), t.alpha(e, jobs[j]));
                trained[j] += done[0];
                pairs[j] += done[1];
            };
            if (cfg.threads() == 1) for (int j = 0; j + 1 < jobs.length; j++) job.run(j);
            else Parallel.forEach(jobs.length - 1, job);
        }
        long sumTrained = 0, sumPairs = 0;
        for (int j = 0; j < trained.length; j++) {
            sumTrained += trained[j];
            sumPairs += pairs[j];
        }
        return result(syn0, syn1, v, dim, stride, base, counts, sumTrained, sumPairs);
    }

    private static Result result(float[] syn0, float[] syn1, int v, int dim, int stride, int base, long[] counts,
                                 long tokens, long pairs) {
        return new Result(Tensor.wrap(compact(syn0, v, dim, stride, base), v, dim),
                Tensor.wrap(compact(syn1, v, dim, stride, base), v, dim), counts, tokens, pairs);
    }

    /** Rows of {@code dim} floats spread to rows of {@code stride} floats (zero-filled) from index {@code base}. */
    private static float[] strided(float[] a, int rows, int dim, int stride, int base) {
        if (stride == dim && base == 0) return a;
        float[] out = new float[base + rows * stride];
        for (int r = 0; r < rows; r++) System.arraycopy(a, r * dim, out, base + r * stride, dim);
        return out;
    }

    /** Rows of {@code stride} floats from index {@code base} cut back to {@code dim}. */
    private static float[] compact(float[] a, int rows, int dim, int stride, int base) {
        if (stride == dim && base == 0) return a;
        float[] out = new float[rows * dim];
        for (int r = 0; r < rows; r++) System.arraycopy(a, base + r * stride, out, r * dim, dim);
        return out;
    }

    /** The threshold of a token down-sampling always keeps: 2^32 - 1, the largest 32-bit random number. */
    private static final long ALWAYS_KEPT = 4294967295L;

    /**
     * gensim's down-sampling thresholds ({@code sample_int}): token {@code w} with count {@code c > 0} is kept when a
     * uniform 32-bit random number is at most {@code floor(min(1, (sqrt(c/t) + 1) t/c) * (2^32 - 1))}, with
     * {@code t = sample * total} for {@code 0 < sample < 1}, {@code t = int(sample (3 + sqrt 5) / 2)} for
     * {@code sample >= 1}, and {@code t = total} for {@code sample = 0} (nothing dropped). Tokens with count 0 get 0.
     */
    public static long[] sampleInt(long[] counts, double sample) {
        long total = 0;
        for (long c : counts) total += c;
        double threshold = sample == 0 ? total : sample < 1 ? sample * total
                : (double) (long) (sample * (3 + Math.sqrt(5)) / 2);
        long[] out = new long[counts.length];
        for (int w = 0; w < counts.length; w++) {
            if (counts[w] <= 0) continue;
            double c = counts[w];
            double p = (Math.sqrt(c / threshold) + 1) * (threshold / c);
            out[w] = (long) (Math.min(p, 1.0) * ALWAYS_KEPT);
        }
        return out;
    }

    /**
     * A job's noise pool ({@link Word2VecConfig#noisePool()}): {@code size} tokens drawn independently from
     * {@code noise} with gensim's generator seeded by {@code seed}.
     */
    static int[] noisePool(AliasTables noise, int size, long seed) {
        int[] pool = new int[size];
        long lcg = seed & LCG_MASK;
        for (int q = 0; q < size; q++) {
            long hi = lcg >>> 16;
            lcg = (lcg * LCG_MULTIPLIER + 11) & LCG_MASK;
            long lo = lcg >>> 16;
            lcg = (lcg * LCG_MULTIPLIER + 11) & LCG_MASK;
            pool[q] = noise.sample(0, (hi << 32) | lo);
        }
        return pool;
    }

    /** A uniform member of a non-empty {@code pool}, from the 32 random bits of the generator state {@code lcg}. */
    static int pick(int[] pool, long lcg) { return pool[(int) (((lcg >>> 16) * pool.length) >>> 32)]; }

    /** Occurrences of each token; sentences are counted in a fixed number of groups (exact integer sums). */
    static long[] countTokens(Corpus corpus) {
        int v = corpus.vocabularySize(), n = corpus.size();
        int groups = Math.min(16, Math.max(1, n / 1024));
        long[][] partial = new long[groups][];
        Parallel.forEach(groups, g -> {
            long[] c = new long[v];
            int max = corpus.maxLength();
            int[] buf = new int[BATCH * max], lengths = new int[BATCH];
            int from = (int) ((long) n * g / groups), to = (int) ((long) n * (g + 1) / groups);
            for (int s = from; s < to; s += BATCH) {
                int end = Math.min(to, s + BATCH);
                corpus.sentences(s, end, buf, lengths);
                for (int t = s; t < end; t++)
                    for (int i = 0; i < lengths[t - s]; i++) {
                        int w = buf[(t - s) * max + i];
                        if (w < 0 || w >= v)
                            throw new IllegalArgumentException("SkipGram: token " + w + " in sentence " + t
                                    + " is outside the vocabulary [0, " + v + ")");
                        c[w]++;
                    }
            }
            partial[g] = c;
        });
        long[] counts = new long[v];
        for (long[] c : partial) for (int w = 0; w < v; w++) counts[w] += c[w];
        return counts;
    }

    /** Job boundaries: runs of whole sentences, a new job starting once the current one has batchWords tokens. */
    static int[] jobBounds(Corpus corpus, int batchWords) {
        int n = corpus.size();
        int[] b = new int[n + 1];
        int count = 0;
        b[count++] = 0;
        long start = 0;
        for (int s = 1; s <= n; s++) {
            long at = corpus.tokensBefore(s);
            if (at - start >= batchWords || s == n) {
                b[count++] = s;
                start = at;
            }
        }
        return Arrays.copyOf(b, count);
    }

    /** The state shared by the jobs of one training run. */
    private static final class Trainer {
        final Corpus corpus;
        final Word2VecConfig cfg;
        final SgnsKernels k;
        final int stride, base;
        final float[] syn0, syn1;
        final long[] sampleInt;
        /** Whether down-sampling keeps every token of the corpus (then its random numbers are drawn, not used). */
        final boolean keepsAll;
        final AliasTables noise;
        final double totalTokens;
        /** The sum of the values touched to warm the caches (written so that the loads stay). */
        float touched;

        Trainer(Corpus corpus, Word2VecConfig cfg, SgnsKernels k, int stride, int base, float[] syn0, float[] syn1,
                long[] sampleInt, AliasTables noise) {
            this.corpus = corpus;
            this.cfg = cfg;
            this.k = k;
            this.stride = stride;
            this.base = base;
            this.syn0 = syn0;
            this.syn1 = syn1;
            this.sampleInt = sampleInt;
            boolean all = true;
            for (long t : sampleInt) all &= t == 0 || t == ALWAYS_KEPT; // count 0 (never in the corpus) or kept
            this.keepsAll = all;
            this.noise = noise;
            this.totalTokens = corpus.totalTokens();
        }

        /** gensim's {@code _get_next_alpha} for a job that starts at sentence {@code s} of epoch {@code epoch}. */
        float alpha(int epoch, int s) {
            double progress = (epoch + corpus.tokensBefore(s) / totalTokens) / cfg.epochs();
            return (float) Math.max(cfg.minAlpha(), cfg.alpha() - (cfg.alpha() - cfg.minAlpha()) * progress);
        }

        /**
         * Trains sentences {@code [from, to)}; returns {tokens kept, pairs trained}. Software-pipelined by one unit
         * of work: the next unit's random numbers are drawn (and, with the window-shared update, its rows touched)
         * before the current unit is trained (see "Memory access").
         */
        long[] trainJob(int from, int to, Rng rng, float alpha) {
            Job job = new Job(from, to, rng);
            Plan current = job.newPlan(), next = job.newPlan();
            boolean more = job.plan(current, null);
            while (more) {
                boolean after = job.plan(next, current);
                job.train(current, alpha);
                Plan t = current;
                current = next;
                next = t;
                more = after;
            }
            touched = job.sink; // keeps the touching loads
            return new long[] {job.tokens, job.pairs};
        }

        /** A job's cursor, random stream, counters and buffers. */
        private final class Job {
            final int from, to, window, negative, max, poolSize, chunk, perCentre, half, last;
            final boolean sample, dropping, shrink, shared;
            final int[] batch, lengths, pool, targets, contexts;
            final float[] work, windowWork;
            long lcg, tokens, pairs;
            /** The next sentence to read. */
            int s;
            float sink;

            Job(int from, int to, Rng rng) {
                this.from = from;
                this.to = to;
                window = cfg.window();
                negative = cfg.negative();
                sample = cfg.sample() > 0;
                dropping = sample && !keepsAll;
                shrink = cfg.shrinkWindows();
                shared = cfg.sharedNegatives();
                max = corpus.maxLength();
                batch = new int[BATCH * max];
                lengths = new int[BATCH];
                targets = new int[negative + 1];
                work = new float[Math.max(stride, negative + 1)];
                contexts = new int[shared ? 2 * window : 0];
                windowWork = new float[shared ? SgnsKernels.windowWork(2 * window, negative + 1, stride) : 0];
                // gensim's update: a unit is a run of at most `chunk` centres (bounded buffers for any length)
                perCentre = (int) Math.min(Math.max(0, max - 1), 2L * window);
                chunk = (int) Math.max(1, Math.min(max, (1 << 16) / Math.max(1L, (long) perCentre * (negative + 1))));
                half = stride / 2;
                last = stride - 1;
                lcg = rng.nextLong() & LCG_MASK;
                poolSize = cfg.noisePool();
                pool = noisePool(noise, poolSize, rng.nextLong());
                for (int t : pool) touch1(t); // the pool's rows, once: the units then touch only their own
                s = from;
            }

            Plan newPlan() {
                int n = shared ? 0 : chunk * perCentre;
                return new Plan(max, shared ? max * negative : 0, shared ? max : 0, n * (negative + 1), n);
            }

            /**
             * Draws the job's next unit of work into {@code p} (the rest of {@code prev}'s sentence, else the next
             * sentence with something to train) and, with the window-shared update, touches its rows; false when the
             * job has none left.
             */
            boolean plan(Plan p, Plan prev) {
                if (prev != null && prev.i1 < prev.m) {
                    System.arraycopy(prev.kept, 0, p.kept, 0, prev.m);
                    p.m = prev.m;
                    p.i0 = prev.i1;
                } else {
                    do {
                        if (s == to) return false;
                        read(p);
                    } while (!trainable(p));
                    p.i0 = 0;
                }
                p.i1 = shared ? p.m : Math.min(p.m, p.i0 + chunk);
                if (shared) {
                    drawWindows(p);
                    touch(p); // a unit ahead
                } else {
                    drawPairs(p);
                }
                return true;
            }

            /** Sentence {@code s}'s tokens kept by down-sampling, into {@code p}. */
            private void read(Plan p) {
                int slot = (s - from) % BATCH;
                if (slot == 0) corpus.sentences(s, Math.min(to, s + BATCH), batch, lengths);
                int len = lengths[slot], at = slot * max, m = 0;
                for (int i = 0; i < len; i++) {
                    int w = batch[at + i];
                    if (sample) {
                        long r = lcg >>> 16;
                        advance();
                        if (dropping && sampleInt[w] < r) continue;
                    }
                    p.kept[m++] = w;
                }
                p.m = m;
                tokens += m;
                s++;
            }

            private boolean trainable(Plan p) {
                if (shared && p.m < 2) { // no window has a context (with m >= 2 every window has one): no noise
                    if (p.m == 1 && shrink) advance();
                    return false;
                }
                return p.m > 0; // (gensim's update draws the reduced window of a lone token)
            }

            /** The window-shared update's random numbers: each window's reduced window and noise tokens. */
            private void drawWindows(Plan p) {
                for (int i = 0; i < p.m; i++) {
                    p.reduced[i] = reducedWindow();
                    int n = 0, centre = p.kept[i];
                    for (int d = 0; d < negative; d++) {
                        int t = noiseToken();
                        if (t != centre) p.noiseTokens[i * negative + n++] = t;
                    }
                    p.noiseCounts[i] = n;
                }
            }

            /** gensim's update's random numbers: per pair its centre and noise tokens, in the pair-by-pair order. */
            private void drawPairs(Plan p) {
                int q = 0, pc = 0;
                for (int i = p.i0; i < p.i1; i++) {
                    int b = reducedWindow();
                    p.reduced[i] = b;
                    int j0 = Math.max(0, i - window + b), j1 = Math.min(p.m, i + window + 1 - b);
                    int centre = p.kept[i];
                    for (int j = j0; j < j1; j++) {
                        if (j == i) continue;
                        int first = q;
                        p.pairTargets[q++] = centre;
                        for (int d = 0; d < negative; d++) {
                            int t = noiseToken();
                            if (t != centre) p.pairTargets[q++] = t;
                        }
                        p.pairCounts[pc++] = q - first;
                    }
                }
                p.q = q;
            }

            private int reducedWindow() {
                if (!shrink) return 0;
                int b = (int) (((lcg >>> 16) * window) >>> 32);
                advance();
                return b;
            }

            private int noiseToken() {
                if (poolSize > 0) {
                    int t = pick(pool, lcg);
                    advance();
                    return t;
                }
                long hi = lcg >>> 16;
                advance();
                long lo = lcg >>> 16;
                advance();
                return noise.sample(0, (hi << 32) | lo);
            }

            /** One load of each row the unit will read: its centres' two rows and, without a pool, its noise rows. */
            private void touch(Plan p) {
                for (int i = p.i0; i < p.i1; i++) {
                    int r = base + p.kept[i] * stride;
                    sink += syn0[r] + syn0[r + half] + syn0[r + last];
                    touch1(p.kept[i]);
                }
                if (poolSize > 0) return;
                if (shared) {
                    for (int i = 0; i < p.m; i++)
                        for (int q = i * negative, end = q + p.noiseCounts[i]; q < end; q++) touch1(p.noiseTokens[q]);
                } else {
                    for (int x = 0; x < p.q; x++) touch1(p.pairTargets[x]); // (centres among them)
                }
            }

            /** One step of gensim's generator. */
            private void advance() { lcg = (lcg * LCG_MULTIPLIER + 11) & LCG_MASK; }

            /** Token {@code t}'s output row. */
            private void touch1(int t) {
                int r = base + t * stride;
                sink += syn1[r] + syn1[r + half] + syn1[r + last];
            }

            /** The unit's updates, in the order of drawing as one goes. */
            void train(Plan p, float alpha) {
                int[] kept = p.kept;
                if (shared) {
                    for (int i = 0; i < p.m; i++) {
                        int b = p.reduced[i];
                        int j0 = Math.max(0, i - window + b), j1 = Math.min(p.m, i + window + 1 - b), c = 0;
                        for (int j = j0; j < j1; j++) if (j != i) contexts[c++] = kept[j];
                        targets[0] = kept[i];
                        System.arraycopy(p.noiseTokens, i * negative, targets, 1, p.noiseCounts[i]);
                        k.trainWindow(syn0, contexts, c, syn1, targets, 0, 1 + p.noiseCounts[i], alpha, windowWork,
                                stride, base);
                        pairs += c;
                    }
                    return;
                }
                touch(p); // gensim's update: right before (see "Memory access")
                int q = 0, pc = 0;
                for (int i = p.i0; i < p.i1; i++) {
                    int b = p.reduced[i];
                    int j0 = Math.max(0, i - window + b), j1 = Math.min(p.m, i + window + 1 - b);
                    for (int j = j0; j < j1; j++) {
                        if (j == i) continue;
                        int n = p.pairCounts[pc++];
                        k.trainPair(syn0, base + kept[j] * stride, syn1, p.pairTargets, q, n, alpha, work, stride,
                                base);
                        q += n;
                        pairs++;
                    }
                }
            }
        }
    }

    /**
     * One unit of work with its random numbers drawn: centre positions {@code [i0, i1)} of a sentence's {@code m}
     * kept tokens, their reduced windows, and either each window's noise tokens (the window-shared update) or each
     * pair's centre and noise tokens ({@code q} in all; gensim's update).
     */
    private static final class Plan {
        final int[] kept, reduced, noiseTokens, noiseCounts, pairTargets, pairCounts;
        int m, i0, i1, q;

        Plan(int max, int noiseTokens, int noiseCounts, int pairTargets, int pairCounts) {
            kept = new int[max];
            reduced = new int[max];
            this.noiseTokens = new int[noiseTokens];
            this.noiseCounts = new int[noiseCounts];
            this.pairTargets = new int[pairTargets];
            this.pairCounts = new int[pairCounts];
        }
    }
}
