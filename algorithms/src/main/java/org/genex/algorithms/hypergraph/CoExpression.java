package org.genex.algorithms.hypergraph;

import java.util.Arrays;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Parallel;

/**
 * Co-expression networks of a hypergraph: absolute Pearson correlations between genes (rows of Γ, over all cells)
 * or between cells (columns of Γ, over all genes), zeros included, as {@code create_correlation_network(...,
 * 'pearson')} of the authors' code computes them on the dense matrix. Computed from the sparse data:
 * {@code r(i,j) = (Σ x_i x_j - n m_i m_j) / sqrt((Σ x_i^2 - n m_i^2)(Σ x_j^2 - n m_j^2))}, the dot products through
 * the transposed matrix (for gene i: over its cells, over their genes), in double. A row with zero variance has
 * correlation 0 with everything. The diagonal is left out (the networks inside CoMem have a zero diagonal).
 *
 * <p>Rows are computed in parallel, each independently and into its own part of the output, so the result does
 * not depend on the thread count.
 */
public final class CoExpression {
    private CoExpression() {}

    /** Rows per parallel chunk. */
    private static final int GRAIN = 16;

    /** The gene network G_E as a sparse genes x genes matrix without diagonal (float weights |r|). */
    public static CsrMatrix geneNetwork(CellGeneHypergraph h, CoExpressionNetwork spec) {
        return network(h.byGene(), h.byCell(), spec, "gene");
    }

    /** The cell network G_V as a sparse cells x cells matrix without diagonal (float weights |r|). */
    public static CsrMatrix cellNetwork(CellGeneHypergraph h, CoExpressionNetwork spec) {
        return network(h.byCell(), h.byGene(), spec, "cell");
    }

    /** Absolute correlations of the rows of {@code a} (rows x dims) with each other; {@code at} is its transpose. */
    private static CsrMatrix network(CsrMatrix a, CsrMatrix at, CoExpressionNetwork spec, String what) {
        int n = a.rows();
        return switch (spec) {
            case CoExpressionNetwork.Full f -> correlations(a, at, n - 1);
            case CoExpressionNetwork.TopK t -> correlations(a, at, Math.min(t.k(), n - 1));
            case CoExpressionNetwork.Given g -> withoutDiagonal(g.weights(), n, what);
        };
    }

    /** Row statistics for the correlations: sums and centred norms over {@code dims} entries. */
    record RowStats(double[] sums, double[] norms, int dims) {
        static RowStats of(CsrMatrix a) {
            int n = a.rows(), d = a.cols();
            int[] ip = a.indptr();
            float[] v = a.values();
            double[] sums = new double[n], norms = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0, q = 0;
                for (int p = ip[i]; p < ip[i + 1]; p++) {
                    s += v[p];
                    q += (double) v[p] * v[p];
                }
                sums[i] = s;
                norms[i] = Math.sqrt(Math.max(0, q - s * s / d));
            }
            return new RowStats(sums, norms, d);
        }

        /** |r(i, j)| from the dot product of rows i and j. */
        double abs(int i, int j, double dot) {
            double den = norms[i] * norms[j];
            return den > 0 ? Math.abs((dot - sums[i] * sums[j] / dims) / den) : 0;
        }
    }

    /**
     * For every row i, the {@code m} other rows with the largest |r(i, .)| (all of them when {@code m = n - 1}),
     * in increasing index order.
     */
    private static CsrMatrix correlations(CsrMatrix a, CsrMatrix at, int m) {
        int n = a.rows();
        if ((long) n * m > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException("CoExpression: " + n + " rows x " + m
                    + " partners do not fit one array; use a smaller TopK");
        RowStats stats = RowStats.of(a);
        int[] ip = a.indptr(), ix = a.indices(), tp = at.indptr(), tx = at.indices();
        float[] av = a.values(), tv = at.values();
        int[] indptr = new int[n + 1], indices = new int[n * m];
        float[] values = new float[n * m];
        for (int i = 0; i <= n; i++) indptr[i] = i * m;
        Parallel.forRange(n, GRAIN, (lo, hi) -> {
            double[] dot = new double[n];
            TopK top = new TopK(m);
            for (int i = lo; i < hi; i++) {
                for (int p = ip[i]; p < ip[i + 1]; p++) {
                    double x = av[p];
                    int c = ix[p];
                    for (int q = tp[c]; q < tp[c + 1]; q++) dot[tx[q]] += x * tv[q];
                }
                top.clear();
                for (int j = 0; j < n; j++) {
                    if (j != i) top.offer(j, stats.abs(i, j, dot[j]));
                    dot[j] = 0;
                }
                top.sortedInto(indices, values, i * m);
            }
        });
        return new CsrMatrix(n, n, indptr, indices, values);
    }

    /** A caller's network, checked (square, finite, >= 0) and without its diagonal. */
    private static CsrMatrix withoutDiagonal(CsrMatrix w, int n, String what) {
        if (w.rows() != n || w.cols() != n)
            throw new IllegalArgumentException("CoExpression: the given " + what + " network is " + w.rows() + " x "
                    + w.cols() + ", expected " + n + " x " + n + " (one row and column per " + what
                    + " of the hypergraph)");
        int[] ip = w.indptr(), ix = w.indices();
        float[] v = w.values();
        int[] indptr = new int[n + 1];
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int p = ip[i]; p < ip[i + 1]; p++) {
                if (!(v[p] >= 0 && v[p] < Float.POSITIVE_INFINITY))
                    throw new IllegalArgumentException("CoExpression: the given " + what + " network has weight "
                            + v[p] + " at (" + i + ", " + ix[p] + "); expected finite values >= 0");
                if (ix[p] != i) count++;
            }
            indptr[i + 1] = count;
        }
        int[] indices = new int[count];
        float[] values = new float[count];
        for (int i = 0, at = 0; i < n; i++)
            for (int p = ip[i]; p < ip[i + 1]; p++)
                if (ix[p] != i) {
                    indices[at] = ix[p];
                    values[at++] = v[p];
                }
        return new CsrMatrix(n, n, indptr, indices, values);
    }

    /**
     * Correlations of one cell with others computed on demand, for the rejection sampler of {@link CoMemWalk}: the
     * current cell is scattered into a dense scratch row once, then each |r(v, w)| costs O(genes of w). Not
     * thread-safe: one per stepper.
     */
    static final class CellCorrelation {
        private final CsrMatrix byCell;
        private final RowStats stats;
        private final double[] dense;
        private int loaded = -1;

        CellCorrelation(CellGeneHypergraph h, RowStats stats) {
            this.byCell = h.byCell();
            this.stats = stats;
            this.dense = new double[h.genes()];
        }

        static RowStats stats(CellGeneHypergraph h) { return RowStats.of(h.byCell()); }

        /** Whether cell v has non-zero variance over the genes (else its correlations are all 0). */
        boolean varies(int v) { return stats.norms[v] > 0; }

        /** |r(v, w)|. */
        double abs(int v, int w) {
            int[] ip = byCell.indptr(), ix = byCell.indices();
            float[] val = byCell.values();
            if (loaded != v) {
                if (loaded >= 0) for (int p = ip[loaded]; p < ip[loaded + 1]; p++) dense[ix[p]] = 0;
                for (int p = ip[v]; p < ip[v + 1]; p++) dense[ix[p]] = val[p];
                loaded = v;
            }
            double dot = 0;
            for (int p = ip[w]; p < ip[w + 1]; p++) dot += dense[ix[p]] * val[p];
            return stats.abs(v, w, dot);
        }
    }

    /** The m best (score descending, index ascending) of a stream of (index, score); a bounded heap. */
    static final class TopK {
        private final int m;
        private final int[] idx;
        private final double[] score;
        private int size;

        TopK(int m) {
            this.m = m;
            this.idx = new int[m];
            this.score = new double[m];
        }

        void clear() { size = 0; }

        /** Whether (i, s) ranks below (j, t): lower score, or equal score and higher index. */
        private static boolean worse(double s, int i, double t, int j) { return s < t || (s == t && i > j); }

        void offer(int i, double s) {
            if (m == 0) return;
            if (size < m) {
                idx[size] = i;
                score[size] = s;
                siftUp(size++);
            } else if (worse(score[0], idx[0], s, i)) {
                idx[0] = i;
                score[0] = s;
                siftDown(0);
            }
        }

        /** Writes the kept entries in increasing index order at {@code out[at ..]}. */
        void sortedInto(int[] outIdx, float[] outVal, int at) {
            long[] keys = new long[size];
            for (int a = 0; a < size; a++) keys[a] = ((long) idx[a] << 32) | a;
            Arrays.sort(keys);
            for (int a = 0; a < size; a++) {
                int k = (int) keys[a];
                outIdx[at + a] = idx[k];
                outVal[at + a] = (float) score[k];
            }
        }

        private void siftUp(int c) {
            while (c > 0) {
                int p = (c - 1) / 2;
                if (!worse(score[c], idx[c], score[p], idx[p])) break;
                swap(c, p);
                c = p;
            }
        }

        private void siftDown(int p) {
            while (true) {
                int l = 2 * p + 1, r = l + 1, w = p;
                if (l < size && worse(score[l], idx[l], score[w], idx[w])) w = l;
                if (r < size && worse(score[r], idx[r], score[w], idx[w])) w = r;
                if (w == p) return;
                swap(p, w);
                p = w;
            }
        }

        private void swap(int a, int b) {
            int ti = idx[a];
            idx[a] = idx[b];
            idx[b] = ti;
            double ts = score[a];
            score[a] = score[b];
            score[b] = ts;
        }
    }
}
