package org.genex.algorithms.graph;

/**
 * A bounded max-heap of (distance, index) pairs that keeps the k closest offered points, ties broken by the
 * smaller index (so the kept set does not depend on the order of the offers), plus a small sort for the final
 * ordering. Not thread-safe: one per thread or per row.
 */
final class KnnHeap {
    private final int capacity;
    private final double[] dist;
    private final int[] idx;
    private int size;

    KnnHeap(int capacity) {
        this.capacity = capacity;
        this.dist = new double[capacity];
        this.idx = new int[capacity];
    }

    void clear() { size = 0; }

    int size() { return size; }

    boolean full() { return size == capacity; }

    /** The largest kept distance (+inf while not full). */
    double worst() { return size < capacity ? Double.POSITIVE_INFINITY : dist[0]; }

    /** True if (d, i) ranks before (d2, i2). */
    private static boolean less(double d, int i, double d2, int i2) { return d < d2 || (d == d2 && i < i2); }

    /** Offers a point; returns true if it was kept. Does not check for duplicates. */
    boolean offer(double d, int i) {
        if (capacity == 0) return false;
        if (size < capacity) {
            int c = size++;
            while (c > 0) {                               // sift up
                int p = (c - 1) >> 1;
                if (!less(dist[p], idx[p], d, i)) break;
                dist[c] = dist[p];
                idx[c] = idx[p];
                c = p;
            }
            dist[c] = d;
            idx[c] = i;
            return true;
        }
        if (!less(d, i, dist[0], idx[0])) return false;
        siftDown(d, i);
        return true;
    }

    /** True if the heap holds index i (linear scan). */
    boolean contains(int i) {
        for (int t = 0; t < size; t++) if (idx[t] == i) return true;
        return false;
    }

    private void siftDown(double d, int i) {
        int c = 0;
        while (true) {
            int l = 2 * c + 1;
            if (l >= size) break;
            int r = l + 1, m = l;
            if (r < size && less(dist[l], idx[l], dist[r], idx[r])) m = r;
            if (!less(d, i, dist[m], idx[m])) break;
            dist[c] = dist[m];
            idx[c] = idx[m];
            c = m;
        }
        dist[c] = d;
        idx[c] = i;
    }

    /** Copies the kept pairs in increasing (distance, index) order into the arrays from {@code off}. */
    void drainSorted(int[] outIdx, double[] outDist, int off) {
        for (int t = 0; t < size; t++) {
            outIdx[off + t] = idx[t];
            outDist[off + t] = dist[t];
        }
        sort(outIdx, outDist, off, off + size);
    }

    /** Sorts {@code [lo, hi)} of the parallel arrays by (distance, index): insertion sort for short runs. */
    static void sort(int[] index, double[] d, int lo, int hi) {
        if (hi - lo > 48) {
            int mid = (lo + hi) >>> 1;
            sort(index, d, lo, mid);
            sort(index, d, mid, hi);
            merge(index, d, lo, mid, hi);
            return;
        }
        for (int a = lo + 1; a < hi; a++) {
            double dv = d[a];
            int iv = index[a];
            int b = a - 1;
            while (b >= lo && less(dv, iv, d[b], index[b])) {
                d[b + 1] = d[b];
                index[b + 1] = index[b];
                b--;
            }
            d[b + 1] = dv;
            index[b + 1] = iv;
        }
    }

    private static void merge(int[] index, double[] d, int lo, int mid, int hi) {
        int[] ti = new int[hi - lo];
        double[] td = new double[hi - lo];
        int a = lo, b = mid, t = 0;
        while (a < mid && b < hi) {
            if (less(d[b], index[b], d[a], index[a])) {
                ti[t] = index[b];
                td[t++] = d[b++];
            } else {
                ti[t] = index[a];
                td[t++] = d[a++];
            }
        }
        while (a < mid) {
            ti[t] = index[a];
            td[t++] = d[a++];
        }
        while (b < hi) {
            ti[t] = index[b];
            td[t++] = d[b++];
        }
        System.arraycopy(ti, 0, index, lo, t);
        System.arraycopy(td, 0, d, lo, t);
    }
}
