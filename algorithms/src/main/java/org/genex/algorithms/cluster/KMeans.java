package org.genex.algorithms.cluster;

import org.genex.algorithms.graph.SquaredDistances;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;

/**
 * k-means (Lloyd's algorithm) with greedy k-means++ seeding and several restarts, as scikit-learn's
 * {@code KMeans(n_clusters=k, init="k-means++", n_init, max_iter=300, tol=1e-4, algorithm="lloyd")}.
 *
 * <ul>
 *   <li>Seeding ({@code _kmeans_plusplus}): the first centre is a uniformly random point; each next one is the best
 *       of 2 + floor(ln k) candidates drawn with probability proportional to the squared distance to the nearest
 *       centre so far (inverse CDF on the cumulative sum), "best" meaning the smallest resulting potential.</li>
 *   <li>Lloyd iterations: assign each point to its nearest centre, move each centre to the mean of its points; an
 *       empty cluster takes the point farthest from its centre (scikit-learn's relocation). Stop when the labels do
 *       not change, or when the summed squared centre shift is at most tol times the mean per-feature variance of
 *       the data; then the labels are recomputed for the final centres (when the stop was not a strict one).</li>
 *   <li>The run with the smallest inertia (sum of squared distances to the assigned centres) of the
 *       {@code nInit} restarts wins (the first on ties). Restart r draws from {@code Rng(seed).fork(r)}.</li>
 * </ul>
 * Numerics: centres, inertia and potentials in double. The assignment multiplies blocks of points by the centres
 * with float32 GEMM ({@link SquaredDistances}); a point whose two nearest centres are closer than the GEMM error
 * bound is re-assigned with double distances, so labels are those of double arithmetic. Sums over points are taken
 * in chunks of fixed size combined in order: the result depends on the seed only, not on the thread count.
 * Differences from scikit-learn: its random stream (numpy), and n_init="auto" (scikit-learn &gt;= 1.4 runs 1 restart
 * with k-means++); the hypergraph paper's default is 10.
 *
 * <p>Cost per iteration about n k d multiply-adds (GEMM) plus the double-precision centre sums. Measured on 2 cores
 * shared with other jobs (load about 15): one restart on 200,000 x 30 points, k = 10, in 3.8 s; so some 200,000
 * points with 10 restarts, or a million with one or two, in a minute.
 */
public final class KMeans {
    /**
     * @param k       number of clusters, 1 .. n
     * @param nInit   restarts (the paper and old scikit-learn: 10)
     * @param maxIter Lloyd iterations per restart (300)
     * @param tol     relative tolerance on the centre shift (1e-4)
     * @param seed    random seed (the paper: 42 + run)
     */
    public record Config(int k, int nInit, int maxIter, double tol, long seed) {
        public Config {
            if (k < 1 || nInit < 1 || maxIter < 1 || !(tol >= 0))
                throw new IllegalArgumentException("KMeans.Config: k " + k + ", nInit " + nInit + ", maxIter "
                        + maxIter + ", tol " + tol + ": expected k, nInit, maxIter >= 1 and tol >= 0");
        }

        /** k clusters, 10 restarts, 300 iterations, tol 1e-4, the given seed. */
        public static Config of(int k, long seed) { return new Config(k, 10, 300, 1e-4, seed); }
    }

    /**
     * @param labels     cluster of each point, 0 .. k-1
     * @param centers    {@code [k, d]} row-major
     * @param inertia    sum of squared distances of the points to their centres
     * @param iterations Lloyd iterations of the winning restart
     */
    public record Result(int[] labels, double[] centers, int k, int d, double inertia, int iterations) {}

    private static final int CHUNK = 4096;
    private static final int BLOCK_FLOATS = 1 << 22;

    private final SquaredDistances sd;
    private final int n, d, k;

    KMeans(SquaredDistances sd, int k) {
        this.sd = sd;
        this.n = sd.size();
        this.d = sd.dim();
        this.k = k;
    }

    /**
     * Clusters the rows of {@code x} ({@code [n, d]}).
     *
     * @throws IllegalArgumentException if k &gt; n or the data are not a finite 2-D tensor
     */
    public static Result fit(Tensor x, Config cfg) {
        SquaredDistances sd = new SquaredDistances(x);
        if (cfg.k() > sd.size())
            throw new IllegalArgumentException("KMeans: k = " + cfg.k() + " exceeds the number of points "
                    + sd.size());
        KMeans km = new KMeans(sd, cfg.k());
        double tolAbs = km.meanVariance() * cfg.tol();
        Rng root = new Rng(cfg.seed());
        Result best = null;
        for (int r = 0; r < cfg.nInit(); r++) {
            double[] centers = km.plusPlus(root.fork(r));
            Result res = km.lloyd(centers, cfg.maxIter(), tolAbs);
            if (best == null || res.inertia() < best.inertia()) best = res;
        }
        return best;
    }

    /** The labels of {@link #fit}. */
    public static int[] labels(Tensor x, Config cfg) { return fit(x, cfg).labels(); }

    /** Mean over features of the population variance (scikit-learn's {@code _tolerance} scale). */
    private double meanVariance() {
        double total = 0;
        for (int j = 0; j < d; j++) {
            double mean = 0, m2 = 0;
            for (int i = 0; i < n; i++) mean += sd.coordinate(i, j);
            mean /= n;
            for (int i = 0; i < n; i++) {
                double t = sd.coordinate(i, j) - mean;
                m2 += t * t;
            }
            total += m2 / n;
        }
        return d == 0 ? 0 : total / d;
    }

    // ------------------------------------------------------------------------------------------ k-means++

    /** Greedy k-means++ centres, {@code [k, d]}. */
    double[] plusPlus(Rng rng) {
        int trials = 2 + (int) Math.log(k);
        double[] centers = new double[k * d];
        int first = rng.nextInt(n);
        copyPoint(first, centers, 0);
        double[] closest = new double[n];
        int chunks = Parallel.chunks(n, CHUNK);
        Parallel.forRange(n, CHUNK, (s, e) -> {
            for (int i = s; i < e; i++) closest[i] = sd.exact(i, first);
        });
        double pot = sumInOrder(closest);
        double[] cum = new double[n];
        double[][] candDist = new double[trials][n];
        for (int c = 1; c < k; c++) {
            double run = 0;
            for (int i = 0; i < n; i++) cum[i] = run += closest[i];
            int[] cand = new int[trials];
            for (int t = 0; t < trials; t++) {
                double target = rng.nextDouble() * pot;
                int lo = 0, hi = n;                                  // searchsorted(cum, target, side="left")
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (cum[mid] < target) lo = mid + 1;
                    else hi = mid;
                }
                cand[t] = Math.min(lo, n - 1);
            }
            double[][] partial = new double[chunks][trials];
            Parallel.forEach(chunks, ch -> {
                int s = ch * CHUNK, e = Math.min(n, s + CHUNK);
                for (int t = 0; t < trials; t++) {
                    double acc = 0;
                    for (int i = s; i < e; i++) {
                        double v = Math.min(closest[i], sd.exact(i, cand[t]));
                        candDist[t][i] = v;
                        acc += v;
                    }
                    partial[ch][t] = acc;
                }
            });
            int bestT = 0;
            double bestPot = Double.POSITIVE_INFINITY;
            for (int t = 0; t < trials; t++) {
                double p = 0;
                for (int ch = 0; ch < chunks; ch++) p += partial[ch][t];
                if (p < bestPot) {
                    bestPot = p;
                    bestT = t;
                }
            }
            pot = bestPot;
            System.arraycopy(candDist[bestT], 0, closest, 0, n);
            copyPoint(cand[bestT], centers, c * d);
        }
        return centers;
    }

    private void copyPoint(int i, double[] dst, int off) {
        for (int j = 0; j < d; j++) dst[off + j] = sd.coordinate(i, j);
    }

    private static double sumInOrder(double[] v) {
        int chunks = Parallel.chunks(v.length, CHUNK);
        double[] partial = new double[chunks];
        Parallel.forEach(chunks, ch -> {
            double s = 0;
            for (int i = ch * CHUNK, e = Math.min(v.length, i + CHUNK); i < e; i++) s += v[i];
            partial[ch] = s;
        });
        double s = 0;
        for (double p : partial) s += p;
        return s;
    }

    // ------------------------------------------------------------------------------------------ Lloyd

    private Result lloyd(double[] centers, int maxIter, double tolAbs) {
        int[] labels = new int[n], old = new int[n];
        java.util.Arrays.fill(old, -1);
        double[] next = new double[k * d];
        int it = 0;
        boolean strict = false;
        while (it < maxIter) {
            it++;
            assign(centers, labels);
            update(labels, centers, next);
            double shift = 0;
            for (int q = 0; q < k * d; q++) {
                double t = next[q] - centers[q];
                shift += t * t;
            }
            double[] tmp = centers;
            centers = next;
            next = tmp;
            if (java.util.Arrays.equals(labels, old)) {
                strict = true;
                break;
            }
            if (shift <= tolAbs) break;
            System.arraycopy(labels, 0, old, 0, n);
        }
        if (!strict) assign(centers, labels);
        return new Result(labels, centers, k, d, inertia(centers, labels), it);
    }

    /** Nearest centre of every point (ties: the lower index), with double arithmetic where GEMM is ambiguous. */
    void assign(double[] centers, int[] labels) {
        double[] cn = new double[k];
        Tensor c = sd.centre(centers, k, cn);
        double maxC = 0;
        for (double v : cn) maxC = Math.max(maxC, Math.sqrt(v));
        double cMax = maxC;
        int blockRows = Math.max(1, Math.min(n, BLOCK_FLOATS / k));
        float[] buf = new float[blockRows * k];
        for (int r0 = 0; r0 < n; r0 += blockRows) {
            int r1 = Math.min(n, r0 + blockRows), start = r0;
            sd.block(r0, r1, c, cn, buf);
            Parallel.forRange(r1 - r0, Math.max(1, 32768 / k), (s, e) -> {
                for (int t = s; t < e; t++) {
                    int i = start + t, o = t * k, b = 0;
                    float b1 = buf[o], b2 = Float.POSITIVE_INFINITY;
                    for (int j = 1; j < k; j++) {
                        float v = buf[o + j];
                        if (v < b1) {
                            b2 = b1;
                            b1 = v;
                            b = j;
                        } else if (v < b2) {
                            b2 = v;
                        }
                    }
                    if (k > 1 && b2 - b1 <= 2 * sd.bound(i, cMax)) {
                        double best = Double.POSITIVE_INFINITY;
                        for (int j = 0; j < k; j++) {
                            double v = sd.exact(i, centers, j * d);
                            if (v < best) {
                                best = v;
                                b = j;
                            }
                        }
                    }
                    labels[i] = b;
                }
            });
        }
    }

    /** New centres (means of the assigned points); empty clusters take the points farthest from their centres. */
    private void update(int[] labels, double[] centers, double[] next) {
        int chunks = Parallel.chunks(n, CHUNK);
        double[][] sums = new double[chunks][];
        long[][] counts = new long[chunks][];
        Parallel.forEach(chunks, ch -> {
            double[] s = new double[k * d];
            long[] cnt = new long[k];
            for (int i = ch * CHUNK, e = Math.min(n, i + CHUNK); i < e; i++) {
                int c = labels[i];
                cnt[c]++;
                for (int j = 0; j < d; j++) s[c * d + j] += sd.coordinate(i, j);
            }
            sums[ch] = s;
            counts[ch] = cnt;
        });
        java.util.Arrays.fill(next, 0);
        long[] count = new long[k];
        for (int ch = 0; ch < chunks; ch++) {
            for (int q = 0; q < k * d; q++) next[q] += sums[ch][q];
            for (int c = 0; c < k; c++) count[c] += counts[ch][c];
        }
        int empty = 0;
        for (int c = 0; c < k; c++) if (count[c] == 0) empty++;
        if (empty > 0) relocate(labels, centers, next, count, empty);
        for (int c = 0; c < k; c++)
            if (count[c] > 0) for (int j = 0; j < d; j++) next[c * d + j] /= count[c];
    }

    /** scikit-learn's {@code _relocate_empty_clusters}: the farthest points (from their centres) seed them. */
    private void relocate(int[] labels, double[] centers, double[] sums, long[] count, int empty) {
        double[] dist = new double[n];
        Parallel.forRange(n, CHUNK, (s, e) -> {
            for (int i = s; i < e; i++) dist[i] = sd.exact(i, centers, labels[i] * d);
        });
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> dist[a] != dist[b] ? Double.compare(dist[b], dist[a])
                : Integer.compare(a, b));
        int q = 0;
        for (int c = 0; c < k; c++) {
            if (count[c] != 0) continue;
            int far = order[q++], from = labels[far];
            for (int j = 0; j < d; j++) {
                sums[from * d + j] -= sd.coordinate(far, j);
                sums[c * d + j] = sd.coordinate(far, j);
            }
            count[c] = 1;
            count[from]--;
        }
    }

    private double inertia(double[] centers, int[] labels) {
        int chunks = Parallel.chunks(n, CHUNK);
        double[] partial = new double[chunks];
        Parallel.forEach(chunks, ch -> {
            double s = 0;
            for (int i = ch * CHUNK, e = Math.min(n, i + CHUNK); i < e; i++) s += sd.exact(i, centers, labels[i] * d);
            partial[ch] = s;
        });
        double s = 0;
        for (double p : partial) s += p;
        return s;
    }
}
