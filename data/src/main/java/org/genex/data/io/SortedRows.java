package org.genex.data.io;

import org.genex.tensor.CsrMatrix;

import java.util.Arrays;

/**
 * Puts a CSR matrix read from a file into canonical form (column indices strictly increasing within each row), as
 * scipy's {@code sum_duplicates} does: Cell Ranger writes each cell's genes in decreasing order, which
 * {@link org.genex.data.Matrix#get} and the kernels downstream do not expect. Rows already sorted are left alone,
 * rows in strictly decreasing order are reversed in place, others are sorted; duplicate entries are summed (in
 * double, then rounded), which is what they mean.
 */
final class SortedRows {
    private SortedRows() {}

    /** The canonical CSR matrix of these arrays (which are reordered in place and may be returned). */
    static CsrMatrix canonical(int rows, int cols, int[] indptr, int[] indices, float[] values) {
        boolean duplicates = false;
        long[] scratch = new long[0];
        for (int r = 0; r < rows; r++) {
            int s = indptr[r], e = indptr[r + 1];
            if (increasing(indices, s, e)) continue;
            if (decreasing(indices, s, e)) {
                reverse(indices, values, s, e);
                continue;
            }
            int n = e - s;
            if (scratch.length < n) scratch = new long[Math.max(n, scratch.length * 2)];
            for (int k = 0; k < n; k++)
                scratch[k] = (long) indices[s + k] << 32 | (Float.floatToRawIntBits(values[s + k]) & 0xffffffffL);
            Arrays.sort(scratch, 0, n);
            for (int k = 0; k < n; k++) {
                indices[s + k] = (int) (scratch[k] >>> 32);
                values[s + k] = Float.intBitsToFloat((int) scratch[k]);
                duplicates |= k > 0 && indices[s + k] == indices[s + k - 1];
            }
        }
        return duplicates ? summed(rows, cols, indptr, indices, values)
                : new CsrMatrix(rows, cols, indptr, indices, values);
    }

    /**
     * Sorts the minor indices of every unsorted row (CSR) or column (CSC) in place, moving the values along and
     * keeping duplicates (h5ad files may hold unsorted rows: pbmc68k's {@code raw/X} does); returns how many rows
     * were reordered.
     */
    static int sortInPlace(int[] indptr, int[] indices, float[] values) {
        int reordered = 0;
        long[] keys = new long[0];
        float[] tmp = new float[0];
        for (int r = 0; r + 1 < indptr.length; r++) {
            int start = indptr[r], end = indptr[r + 1];
            if (increasing(indices, start, end)) continue;
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

    private static CsrMatrix summed(int rows, int cols, int[] indptr, int[] indices, float[] values) {
        int[] ptr = new int[rows + 1];
        int[] idx = new int[indptr[rows]];
        float[] val = new float[idx.length];
        int out = 0;
        for (int r = 0; r < rows; r++) {
            for (int k = indptr[r]; k < indptr[r + 1]; ) {
                int j = indices[k];
                double sum = 0;
                for (; k < indptr[r + 1] && indices[k] == j; k++) sum += values[k];
                idx[out] = j;
                val[out++] = (float) sum;
            }
            ptr[r + 1] = out;
        }
        return new CsrMatrix(rows, cols, ptr, Arrays.copyOf(idx, out), Arrays.copyOf(val, out));
    }

    private static boolean increasing(int[] a, int s, int e) {
        for (int k = s + 1; k < e; k++) if (a[k] <= a[k - 1]) return false;
        return true;
    }

    private static boolean decreasing(int[] a, int s, int e) {
        for (int k = s + 1; k < e; k++) if (a[k] >= a[k - 1]) return false;
        return true;
    }

    private static void reverse(int[] idx, float[] val, int s, int e) {
        for (int i = s, j = e - 1; i < j; i++, j--) {
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            float v = val[i];
            val[i] = val[j];
            val[j] = v;
        }
    }
}
