package org.genex.algorithms.graph;

import org.genex.tensor.Parallel;
import org.genex.tensor.Tensor;

/**
 * Exact k nearest neighbours by brute force (scanpy's path for fewer than 4096 cells, sklearn's
 * {@code NearestNeighbors(algorithm="brute")}), euclidean.
 *
 * <p>Blocks of query rows are multiplied against all points with float32 GEMM ({@link SquaredDistances}); per row,
 * the k-th smallest approximate squared distance plus twice the error bound screens the candidates, whose squared
 * distances are then recomputed in double on the original values and sorted by (distance, index). So the result is
 * the exact k nearest under double arithmetic, ties broken by the smaller index, whatever the rounding of the
 * product. Each point is its own first neighbour (distance 0) even when other points coincide with it, as scanpy
 * requires. Rows are processed in parallel in chunks fixed by n, so the output does not depend on the thread count.
 *
 * <p>Cost: n<sup>2</sup> d multiply-adds in GEMM plus n<sup>2</sup> heap offers; at d = 50 on 2 cores about 40,000
 * points a minute (beyond, use {@link NNDescent}). Memory: one block of at most 2<sup>22</sup> floats.
 */
public final class ExactKnn {
    private static final int BLOCK_FLOATS = 1 << 22;

    private ExactKnn() {}

    /**
     * The k nearest neighbours of every row of {@code points} ({@code [n, d]}), the row itself first.
     *
     * @throws IllegalArgumentException if k is not in [1, n] or the points are not a finite 2-D tensor
     */
    public static KnnGraph search(Tensor points, int k) {
        return search(new SquaredDistances(points), k);
    }

    /** As {@link #search(Tensor, int)}, on prepared distances. */
    public static KnnGraph search(SquaredDistances sd, int k) {
        int n = sd.size();
        if (k < 1 || k > n)
            throw new IllegalArgumentException("ExactKnn: k = " + k + " must be in [1, n = " + n + "]");
        int[] indices = new int[n * k];
        float[] distances = new float[n * k];
        int blockRows = Math.max(1, Math.min(n, BLOCK_FLOATS / Math.max(1, n)));
        float[] buf = new float[blockRows * n];
        int grain = Math.max(1, 32768 / Math.max(1, n));
        for (int r0 = 0; r0 < n; r0 += blockRows) {
            int r1 = Math.min(n, r0 + blockRows), start = r0;
            sd.block(r0, r1, buf);
            Parallel.forRange(r1 - r0, grain, (s, e) -> {
                RowSelector sel = new RowSelector(k - 1, n);
                for (int t = s; t < e; t++) sel.select(sd, start + t, buf, t * n, indices, distances);
            });
        }
        return new KnnGraph(n, k, indices, distances);
    }

    /** Per-thread scratch space for the selection of one row's neighbours. */
    private static final class RowSelector {
        final int kk;
        final KnnHeap heap;
        int[] cand;
        double[] candDist;

        RowSelector(int kk, int n) {
            this.kk = kk;
            this.heap = new KnnHeap(kk);
            this.cand = new int[Math.min(n, Math.max(16, 2 * kk))];
            this.candDist = new double[cand.length];
        }

        void select(SquaredDistances sd, int i, float[] approx, int off, int[] indices, float[] distances) {
            int n = sd.size(), k = kk + 1;
            indices[i * k] = i;
            distances[i * k] = 0f;
            if (kk == 0) return;
            heap.clear();
            for (int j = 0; j < n; j++) if (j != i) heap.offer(approx[off + j], j);
            double threshold = heap.worst() + 2 * sd.bound(i);
            int m = 0;
            for (int j = 0; j < n; j++) {
                if (j == i || approx[off + j] > threshold) continue;
                if (m == cand.length) {
                    cand = java.util.Arrays.copyOf(cand, 2 * m);
                    candDist = java.util.Arrays.copyOf(candDist, 2 * m);
                }
                cand[m] = j;
                candDist[m++] = sd.exact(i, j);
            }
            heap.clear();
            for (int t = 0; t < m; t++) heap.offer(candDist[t], cand[t]);
            heap.drainSorted(cand, candDist, 0);
            for (int t = 0; t < kk; t++) {
                indices[i * k + 1 + t] = cand[t];
                distances[i * k + 1 + t] = (float) Math.sqrt(candDist[t]);
            }
        }
    }
}
