package org.genex.data.io;

import java.util.Arrays;

/**
 * Puts the minor indices of each row (CSR) or column (CSC) in increasing order, moving the values along, as
 * genex's sparse matrices expect (scipy allows unsorted indices, and h5ad files do contain them: pbmc68k's
 * {@code raw/X} stores some rows out of order). Rows already sorted are left alone; duplicates are kept.
 */
final class SparseRows {
    private SparseRows() {}

    /** Sorts every unsorted row in place; returns how many rows were reordered. */
    static int sort(int[] indptr, int[] indices, float[] values) {
        int reordered = 0;
        long[] keys = new long[0];
        float[] tmp = new float[0];
        for (int r = 0; r + 1 < indptr.length; r++) {
            int start = indptr[r], end = indptr[r + 1];
            if (sorted(indices, start, end)) continue;
            int n = end - start;
            if (keys.length < n) {
                keys = new long[n];
                tmp = new float[n];
            }
            for (int e = 0; e < n; e++) keys[e] = ((long) indices[start + e] << 32) | e;
            Arrays.sort(keys, 0, n);
            for (int e = 0; e < n; e++) {
                int from = (int) keys[e]; // low 32 bits: the entry's position in the row
                indices[start + e] = (int) (keys[e] >>> 32);
                tmp[e] = values[start + from];
            }
            System.arraycopy(tmp, 0, values, start, n);
            reordered++;
        }
        return reordered;
    }

    private static boolean sorted(int[] indices, int start, int end) {
        for (int e = start + 1; e < end; e++) if (indices[e] < indices[e - 1]) return false;
        return true;
    }
}
