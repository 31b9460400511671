package org.genex.algorithms.reduce;

import java.util.Arrays;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;

/**
 * The UMAP layout of a fuzzy simplicial set (scanpy's {@code tl.umap} on {@code obsp["connectivities"]}, which
 * calls umap-learn's {@code simplicial_set_embedding} and {@code optimize_layout_euclidean}).
 *
 * <ol>
 *   <li>Epochs: umap-learn's rule, 500 for at most 10,000 points, else 200; edges lighter than max weight / epochs
 *       are dropped.</li>
 *   <li>Initial layout: spectral ({@link SpectralLayout}) scaled to a largest |coordinate| of 10 plus N(0, 1e-4)
 *       noise, or uniform in [-10, 10]; then each axis rescaled to [0, 10] (umap-learn 0.5).</li>
 *   <li>a, b from {@link UmapCurve} (scanpy's min_dist 0.5, spread 1).</li>
 *   <li>Epoch e = 0 .. E-1, learning rate alpha = 1 - e / E: every edge (i, j) with weight w is sampled once every
 *       w_max / w epochs; a sample moves y_i by alpha clip(-2ab d^(2(b-1)) / (1 + a d^(2b)) (y_i - y_j)) and y_j by
 *       the opposite (clip to [-4, 4] per coordinate, d^2 the squared distance), then draws negative_sample_rate
 *       negatives per sample period, each a uniform random point k moving y_i alone by
 *       alpha clip(2 gamma b / ((0.001 + d^2)(1 + a d^(2b))) (y_i - y_k)).</li>
 * </ol>
 *
 * <p>Parallel and deterministic: edges (sorted by head point) are cut into groups of 4,096 consecutive head points;
 * the groups of an epoch run in parallel, each moving its own head points at once and reading other groups' points
 * as they were at the start of the epoch; moves of tail points in other groups are applied after the epoch in group
 * order. Negative samples come from per-point random streams keyed by (seed, point, epoch). With one group (n &lt;=
 * 4,096) this is umap-learn's sequential algorithm. Results depend on the seed only, not on the thread count; they
 * are not umap-learn's coordinates for the same seed (a different random stream). Cost: about
 * E (w-sum / w-max) (1 + 5) gradient steps: 20,000 cells (k = 15, 200 epochs) in 27 s on 2 cores shared with other
 * jobs (load 15), so some 50,000 cells a minute on free cores.
 */
public final class Umap {
    /** How the layout starts. */
    public enum Init { SPECTRAL, RANDOM }

    /**
     * @param nComponents        output dimensions (2)
     * @param minDist            scanpy's 0.5 (umap-learn's own default 0.1)
     * @param spread             1.0
     * @param nEpochs            epochs, &lt;= 0 for umap-learn's rule
     * @param learningRate       initial alpha (1.0)
     * @param repulsionStrength  gamma (1.0)
     * @param negativeSampleRate negatives per positive sample (5)
     * @param init               spectral (scanpy's default) or random
     * @param seed               random seed (scanpy: 0)
     */
    public record Config(int nComponents, double minDist, double spread, int nEpochs, double learningRate,
                         double repulsionStrength, int negativeSampleRate, Init init, long seed) {
        public Config {
            if (nComponents < 1 || !(spread > 0) || !(minDist >= 0) || !(learningRate > 0)
                    || !(repulsionStrength >= 0) || negativeSampleRate < 0 || init == null)
                throw new IllegalArgumentException("Umap.Config: nComponents " + nComponents + ", minDist " + minDist
                        + ", spread " + spread + ", learningRate " + learningRate + ", repulsion "
                        + repulsionStrength + ", negativeSampleRate " + negativeSampleRate + ", init " + init);
        }

        /** scanpy's defaults: 2-D, min_dist 0.5, spread 1, automatic epochs, alpha 1, gamma 1, 5 negatives, spectral. */
        public static Config scanpy(long seed) { return new Config(2, 0.5, 1.0, 0, 1.0, 1.0, 5, Init.SPECTRAL, seed); }
    }

    /** The layout, {@code [n, dim]} row-major. */
    public record Embedding(double[] coordinates, int n, int dim) {
        /** As a float tensor {@code [n, dim]}. */
        public Tensor tensor() {
            float[] f = new float[coordinates.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) coordinates[i];
            return Tensor.wrap(f, n, dim);
        }
    }

    private static final int GROUP = 4096;

    private Umap() {}

    /**
     * The layout of the graph {@code connectivities} (symmetric, non-negative); {@code data} ({@code [n, p]}, may be
     * null) only places disconnected components of a spectral start.
     *
     * @throws IllegalArgumentException for a non-square graph, negative weights or mismatched data
     */
    public static Embedding embed(CsrMatrix connectivities, Tensor data, Config cfg) {
        int n = connectivities.rows();
        if (connectivities.cols() != n)
            throw new IllegalArgumentException("Umap: the graph must be square, got " + connectivities.rows() + " x "
                    + connectivities.cols());
        if (data != null && (data.rank() != 2 || data.dim(0) != n))
            throw new IllegalArgumentException("Umap: data " + data.shape() + " does not have the graph's " + n
                    + " rows");
        int dim = cfg.nComponents();
        if (n == 0) return new Embedding(new double[0], 0, dim);
        int epochs = cfg.nEpochs() > 0 ? cfg.nEpochs() : (n <= 10000 ? 500 : 200);
        CsrMatrix g = connectivities.canonical() ? connectivities : sumDuplicates(connectivities);
        int[] ip = g.indptr(), ix = g.indices();
        float[] gv = g.values();
        double wMax = 0;
        for (float v : gv) {
            if (!(v >= 0) || Float.isInfinite(v))
                throw new IllegalArgumentException("Umap: graph weights must be finite and >= 0, found " + v);
            wMax = Math.max(wMax, v);
        }
        double cut = wMax / (epochs > 10 ? epochs : (n <= 10000 ? 500 : 200));
        int[] indptr = new int[n + 1];
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int e = ip[i]; e < ip[i + 1]; e++) if (gv[e] >= cut && gv[e] > 0) m++;
            indptr[i + 1] = m;
        }
        int[] tail = new int[m];
        double[] weight = new double[m];
        m = 0;
        for (int i = 0; i < n; i++)
            for (int e = ip[i]; e < ip[i + 1]; e++)
                if (gv[e] >= cut && gv[e] > 0) {
                    tail[m] = ix[e];
                    weight[m++] = gv[e];
                }
        Rng rng = new Rng(cfg.seed());
        double[] y = initialise(n, dim, indptr, tail, weight, data, cfg, rng.fork("init"));
        double[] ab = UmapCurve.findAbParams(cfg.spread(), cfg.minDist());
        optimise(y, n, dim, indptr, tail, weight, epochs, ab[0], ab[1], cfg, cfg.seed());
        return new Embedding(y, n, dim);
    }

    private static CsrMatrix sumDuplicates(CsrMatrix a) {
        int[] rows = new int[a.nnz()];
        for (int i = 0; i < a.rows(); i++) Arrays.fill(rows, a.indptr()[i], a.indptr()[i + 1], i);
        return CsrMatrix.fromCoo(a.rows(), a.cols(), rows, a.indices(), a.values());
    }

    private static double[] initialise(int n, int dim, int[] indptr, int[] tail, double[] weight, Tensor data,
                                       Config cfg, Rng rng) {
        double[] y;
        if (cfg.init() == Init.RANDOM) {
            y = new double[n * dim];
            for (int i = 0; i < y.length; i++) y[i] = rng.uniform(-10, 10);
        } else {
            float[] x = data == null ? null : data.toArray();
            int p = data == null ? 0 : data.dim(1);
            y = SpectralLayout.layout(n, indptr, tail, weight, dim, x, p, rng.fork("spectral"));
            double mx = 0;
            for (double v : y) mx = Math.max(mx, Math.abs(v));
            double expansion = mx == 0 ? 1 : 10.0 / mx;
            Rng noise = rng.fork("noise");
            for (int i = 0; i < y.length; i++) y[i] = (float) (y[i] * expansion) + (float) noise.gaussian(0, 1e-4);
        }
        for (int t = 0; t < dim; t++) {                       // each axis to [0, 10]
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                lo = Math.min(lo, y[i * dim + t]);
                hi = Math.max(hi, y[i * dim + t]);
            }
            double span = hi - lo;
            for (int i = 0; i < n; i++) y[i * dim + t] = span == 0 ? 0 : (float) (10.0 * (y[i * dim + t] - lo) / span);
        }
        return y;
    }

    private static double clip(double v) { return v > 4 ? 4 : (v < -4 ? -4 : v); }

    /** umap-learn's {@code optimize_layout_euclidean}, in groups of head points (see the class comment). */
    private static void optimise(double[] y, int n, int dim, int[] indptr, int[] tail, double[] weight, int epochs,
                                 double a, double b, Config cfg, long seed) {
        int m = tail.length;
        if (m == 0) return;
        double wMax = 0;
        for (double w : weight) wMax = Math.max(wMax, w);
        double[] perSample = new double[m], nextSample = new double[m], perNeg = new double[m], nextNeg = new double[m];
        double rate = cfg.negativeSampleRate();
        for (int e = 0; e < m; e++) {
            double samples = epochs * (weight[e] / wMax);
            perSample[e] = samples > 0 ? epochs / samples : -1;
            nextSample[e] = perSample[e];
            perNeg[e] = perSample[e] / rate;
            nextNeg[e] = perNeg[e];
        }
        int groups = Parallel.chunks(n, GROUP);
        double[] snapshot = y.clone();
        Deferred[] deferred = new Deferred[groups];
        for (int g = 0; g < groups; g++) deferred[g] = new Deferred(dim);
        Epoch ctx = new Epoch(y, snapshot, n, dim, indptr, tail, perSample, nextSample, perNeg, nextNeg, a, b,
                cfg.repulsionStrength(), seed);
        for (int epoch = 0; epoch < epochs; epoch++) {
            double alpha = cfg.learningRate() * (1.0 - (double) epoch / epochs);
            int ep = epoch;
            Parallel.forEach(groups, g -> ctx.group(g * GROUP, Math.min(n, g * GROUP + GROUP), ep, alpha,
                    deferred[g]));
            if (groups > 1) {
                for (Deferred def : deferred) for (int q = 0; q < def.size; q++) y[def.index[q]] += def.delta[q];
                System.arraycopy(y, 0, snapshot, 0, y.length);
            }
        }
    }

    /** The state of the optimisation shared by the groups of an epoch. */
    private record Epoch(double[] y, double[] snapshot, int n, int dim, int[] indptr, int[] tail, double[] perSample,
                         double[] nextSample, double[] perNeg, double[] nextNeg, double a, double b, double gamma,
                         long seed) {

        /** One epoch for the head points [lo, hi). */
        void group(int lo, int hi, int ep, double alpha, Deferred def) {
            def.size = 0;
            double[] cur = new double[dim];
            for (int i = lo; i < hi; i++) {
                long state = 0;
                boolean seeded = false;
                for (int e = indptr[i]; e < indptr[i + 1]; e++) {
                    if (nextSample[e] > ep) continue;
                    int j = tail[e];
                    boolean own = j >= lo && j < hi;
                    double[] src = own ? y : snapshot;
                    double d2 = 0;
                    for (int t = 0; t < dim; t++) {
                        cur[t] = y[i * dim + t];
                        double q = cur[t] - src[j * dim + t];
                        d2 += q * q;
                    }
                    double coeff = 0;
                    if (d2 > 0) {
                        double pb = Math.pow(d2, b);                 // d^(2b); d^(2(b-1)) = d^(2b) / d^2
                        coeff = -2.0 * a * b * (pb / d2) / (a * pb + 1.0);
                    }
                    for (int t = 0; t < dim; t++) {
                        double grad = clip(coeff * (cur[t] - src[j * dim + t]));
                        cur[t] += grad * alpha;
                        y[i * dim + t] = cur[t];
                        if (own) y[j * dim + t] -= grad * alpha;
                        else def.add(j, t, -grad * alpha);
                    }
                    nextSample[e] += perSample[e];
                    int negatives = (int) ((ep - nextNeg[e]) / perNeg[e]);
                    if (negatives > 0 && !seeded) {
                        state = mix(seed, i, ep);
                        seeded = true;
                    }
                    for (int p = 0; p < negatives; p++) {
                        state += 0x9E3779B97F4A7C15L;
                        int k = (int) Long.remainderUnsigned(mix64(state), n);
                        double[] ks = k >= lo && k < hi ? y : snapshot;
                        double dk = 0;
                        for (int t = 0; t < dim; t++) {
                            double q = cur[t] - ks[k * dim + t];
                            dk += q * q;
                        }
                        double c;
                        if (dk > 0) c = 2.0 * gamma * b / ((0.001 + dk) * (a * Math.pow(dk, b) + 1.0));
                        else if (i == k) continue;
                        else c = 0;
                        if (c > 0)
                            for (int t = 0; t < dim; t++) {
                                cur[t] += clip(c * (cur[t] - ks[k * dim + t])) * alpha;
                                y[i * dim + t] = cur[t];
                            }
                    }
                    nextNeg[e] += negatives * perNeg[e];
                }
            }
        }
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long mix(long seed, int point, int epoch) {
        return mix64(mix64(seed ^ 0x5DEECE66DL) ^ mix64(point * 0x9E3779B97F4A7C15L + epoch));
    }

    /** Moves of points owned by other groups, applied after the epoch: (flat coordinate index, delta). */
    private static final class Deferred {
        private final int dim;
        int[] index;
        double[] delta;
        int size;

        Deferred(int dim) {
            this.dim = dim;
            index = new int[64 * dim];
            delta = new double[64 * dim];
        }

        void add(int point, int axis, double v) {
            if (size == index.length) {
                index = Arrays.copyOf(index, 2 * size);
                delta = Arrays.copyOf(delta, 2 * size);
            }
            index[size] = point * dim + axis;
            delta[size++] = v;
        }
    }
}
