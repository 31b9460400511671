package org.genex.tensor;

import java.util.Arrays;

/**
 * The algorithms behind {@link CsrMatrix} and {@link CscMatrix}, written once for a compressed layout: {@code major}
 * pointers into entries whose indices are below {@code minor} (rows and columns for CSR, columns and rows for CSC).
 * Every result is a fresh {@link Layout}; inputs are never modified.
 */
final class SparseLayouts {
    private SparseLayouts() {}

    /** The three arrays of a compressed layout. */
    record Layout(int[] indptr, int[] indices, float[] values) {}

    /**
     * The same matrix compressed along the other axis (CSR to CSC, or CSC to CSR): a stable counting sort, so the
     * new indices come out increasing within each new major and duplicates keep their order. O(nnz + minor).
     */
    static Layout swap(int major, int minor, int[] ptr, int[] idx, float[] val) {
        int nnz = ptr[major];
        int[] tptr = new int[minor + 1];
        for (int e = 0; e < nnz; e++) tptr[idx[e] + 1]++;
        for (int j = 0; j < minor; j++) tptr[j + 1] += tptr[j];
        int[] next = Arrays.copyOf(tptr, minor), tidx = new int[nnz];
        float[] tval = new float[nnz];
        for (int i = 0; i < major; i++) {
            for (int e = ptr[i]; e < ptr[i + 1]; e++) {
                int p = next[idx[e]]++;
                tidx[p] = i;
                tval[p] = val[e];
            }
        }
        return new Layout(tptr, tidx, tval);
    }

    /** The entries of a dense row-major {@code rows x cols} array that are not zero (NaN is kept), as CSR. */
    static Layout fromDense(float[] a, int rows, int cols) {
        int[] ptr = new int[rows + 1];
        for (int i = 0; i < rows; i++) {
            int count = 0;
            for (int j = 0, o = i * cols; j < cols; j++) if (a[o + j] != 0f) count++;
            ptr[i + 1] = ptr[i] + count;
        }
        int[] idx = new int[ptr[rows]];
        float[] val = new float[ptr[rows]];
        for (int i = 0, e = 0; i < rows; i++) {
            for (int j = 0, o = i * cols; j < cols; j++) {
                float v = a[o + j];
                if (v != 0f) {
                    idx[e] = j;
                    val[e++] = v;
                }
            }
        }
        return new Layout(ptr, idx, val);
    }

    /**
     * A dense row-major array of the matrix; duplicates are summed. {@code rowMajor} says whether the majors are
     * the rows (CSR) or the columns (CSC).
     */
    static float[] toDense(int major, int minor, int[] ptr, int[] idx, float[] val, boolean rowMajor) {
        float[] d = new float[Math.multiplyExact(major, minor)];
        for (int i = 0; i < major; i++) {
            for (int e = ptr[i]; e < ptr[i + 1]; e++) {
                if (rowMajor) d[i * minor + idx[e]] += val[e];
                else d[idx[e] * major + i] += val[e];
            }
        }
        return d;
    }

    /**
     * Triplets to a canonical layout: entries sorted by (major, minor), duplicates summed (in double, in input
     * order) into one entry. Stored zeros are kept, as scipy does.
     */
    static Layout fromCoo(String kind, int major, int minor, int[] maj, int[] min, float[] v) {
        if (major < 0 || minor < 0)
            throw new IllegalArgumentException(kind + ".fromCoo: negative shape");
        if (maj == null || min == null || v == null)
            throw new IllegalArgumentException(kind + ".fromCoo: the index and value arrays must not be null");
        int n = v.length;
        if (maj.length != n || min.length != n)
            throw new IllegalArgumentException(kind + ".fromCoo: " + maj.length + " major indices, " + min.length
                    + " minor indices and " + n + " values; expected equal lengths");
        for (int e = 0; e < n; e++) {
            if (maj[e] < 0 || maj[e] >= major || min[e] < 0 || min[e] >= minor)
                throw new IllegalArgumentException(kind + ".fromCoo: entry " + e + " at (" + maj[e] + ", " + min[e]
                        + ") is outside the " + major + " x " + minor + " (major x minor) matrix");
        }
        // two stable counting sorts: by minor, then by major, give (major, minor) order with input order on ties
        int[] byMinor = countingOrder(min, minor, null);
        int[] order = countingOrder(maj, major, byMinor);
        int[] ptr = new int[major + 1], idx = new int[n];
        float[] val = new float[n];
        int out = 0;
        for (int p = 0; p < n; ) {
            int e = order[p], i = maj[e], j = min[e];
            double s = v[e];
            for (p++; p < n && maj[order[p]] == i && min[order[p]] == j; p++) s += v[order[p]];
            idx[out] = j;
            val[out++] = (float) s;
            ptr[i + 1]++;
        }
        for (int i = 0; i < major; i++) ptr[i + 1] += ptr[i];
        return new Layout(ptr, Arrays.copyOf(idx, out), Arrays.copyOf(val, out));
    }

    /** The positions {@code 0..n-1} (or the positions in {@code within}) stably sorted by {@code key[pos]}. */
    private static int[] countingOrder(int[] key, int buckets, int[] within) {
        int n = key.length;
        int[] start = new int[buckets + 1];
        for (int k : key) start[k + 1]++;
        for (int b = 0; b < buckets; b++) start[b + 1] += start[b];
        int[] order = new int[n];
        for (int p = 0; p < n; p++) {
            int e = within == null ? p : within[p];
            order[start[key[e]]++] = e;
        }
        return order;
    }

    /** The majors listed in {@code sel} (repeats allowed), in that order. */
    static Layout selectMajor(String op, int major, int[] ptr, int[] idx, float[] val, int[] sel) {
        checkSelection(op, sel, major);
        int[] nptr = new int[sel.length + 1];
        for (int s = 0; s < sel.length; s++) nptr[s + 1] = nptr[s] + (ptr[sel[s] + 1] - ptr[sel[s]]);
        int[] nidx = new int[nptr[sel.length]];
        float[] nval = new float[nptr[sel.length]];
        for (int s = 0; s < sel.length; s++) {
            int from = ptr[sel[s]], len = ptr[sel[s] + 1] - from;
            System.arraycopy(idx, from, nidx, nptr[s], len);
            System.arraycopy(val, from, nval, nptr[s], len);
        }
        return new Layout(nptr, nidx, nval);
    }

    /**
     * The minors listed in {@code sel} (repeats allowed), renumbered to their positions in {@code sel}; within each
     * major the entries come out sorted by their new index (ties in storage order).
     */
    static Layout selectMinor(String op, int major, int minor, int[] ptr, int[] idx, float[] val, int[] sel) {
        checkSelection(op, sel, minor);
        // the new positions of each old minor index: pos[start[m] .. start[m+1])
        int[] start = new int[minor + 1];
        for (int m : sel) start[m + 1]++;
        for (int m = 0; m < minor; m++) start[m + 1] += start[m];
        int[] next = Arrays.copyOf(start, minor), pos = new int[sel.length];
        for (int s = 0; s < sel.length; s++) pos[next[sel[s]]++] = s;
        int[] nptr = new int[major + 1];
        long total = 0;
        for (int i = 0; i < major; i++) {
            for (int e = ptr[i]; e < ptr[i + 1]; e++) total += start[idx[e] + 1] - start[idx[e]];
            if (total > Integer.MAX_VALUE - 8)
                throw new IllegalArgumentException(op + ": the selection has more than 2^31 entries");
            nptr[i + 1] = (int) total;
        }
        int[] nidx = new int[(int) total];
        float[] nval = new float[(int) total];
        long[] keys = null;
        for (int i = 0; i < major; i++) {
            int o = nptr[i];
            boolean sorted = true;
            for (int e = ptr[i]; e < ptr[i + 1]; e++) {
                for (int p = start[idx[e]]; p < start[idx[e] + 1]; p++) {
                    if (o > nptr[i] && pos[p] < nidx[o - 1]) sorted = false;
                    nidx[o] = pos[p];
                    nval[o++] = val[e];
                }
            }
            if (!sorted) {
                int from = nptr[i], len = nptr[i + 1] - from;
                if (keys == null || keys.length < len) keys = new long[Math.max(len, 16)];
                for (int q = 0; q < len; q++) keys[q] = ((long) nidx[from + q] << 32) | q;
                Arrays.sort(keys, 0, len);
                float[] tmp = Arrays.copyOfRange(nval, from, from + len);
                for (int q = 0; q < len; q++) {
                    nidx[from + q] = (int) (keys[q] >>> 32);
                    nval[from + q] = tmp[(int) keys[q]];
                }
            }
        }
        return new Layout(nptr, nidx, nval);
    }

    private static void checkSelection(String op, int[] sel, int n) {
        if (sel == null) throw new IllegalArgumentException(op + ": the index array must not be null");
        for (int s = 0; s < sel.length; s++)
            if (sel[s] < 0 || sel[s] >= n)
                throw new IndexOutOfBoundsException(op + ": index " + sel[s] + " at position " + s
                        + " is out of range [0, " + n + ")");
    }

    /** The sum of the values stored in each major, accumulated in double in storage order. */
    static double[] majorSums(int major, int[] ptr, float[] val) {
        double[] s = new double[major];
        for (int i = 0; i < major; i++) {
            double acc = 0;
            for (int e = ptr[i]; e < ptr[i + 1]; e++) acc += val[e];
            s[i] = acc;
        }
        return s;
    }

    /** The sum of the values stored at each minor index, accumulated in double in storage order. */
    static double[] minorSums(int minor, int nnz, int[] idx, float[] val) {
        double[] s = new double[minor];
        for (int e = 0; e < nnz; e++) s[idx[e]] += val[e];
        return s;
    }

    /** The number of stored entries of each major. */
    static int[] majorCounts(int major, int[] ptr) {
        int[] c = new int[major];
        for (int i = 0; i < major; i++) c[i] = ptr[i + 1] - ptr[i];
        return c;
    }

    /** The number of stored entries at each minor index. */
    static int[] minorCounts(int minor, int nnz, int[] idx) {
        int[] c = new int[minor];
        for (int e = 0; e < nnz; e++) c[idx[e]]++;
        return c;
    }
}
