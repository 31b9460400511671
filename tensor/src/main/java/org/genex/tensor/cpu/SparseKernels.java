package org.genex.tensor.cpu;

import org.genex.tensor.*;

/**
 * Sparse-times-dense products on a {@link CsrMatrix}: SpMM ({@code c = op(a) b + beta c}) and SDDMM (the sampled
 * products {@code dot(a[i,:], b[j,:])} at the stored entries of a pattern).
 *
 * <p>Each output row is computed by one task from its entries in storage order, so the result does not depend on
 * the thread count. For {@code a^T b} the kernel first builds a transpose index of {@code a} (for every column,
 * the positions of its entries and their rows, in row order: two int arrays of nnz, no values copied) and then
 * runs the row kernel over it; the sum for each output element is taken in increasing row order of {@code a}.
 */
final class SparseKernels {
    /** About this many multiply-adds per parallel task. */
    private static final int GRAIN = 32_768;

    private final RowKernels k;

    SparseKernels(boolean simd) {
        this.k = RowKernels.create(simd);
    }

    /**
     * {@code c = op(a) * b + beta * c}: op(a) is M x K ({@code a} is M x K, or K x M when {@code transA}), b is
     * K x N and c is M x N, both row-major. With {@code beta == 0} the old c is not read.
     */
    void spmm(CsrMatrix a, boolean transA, Tensor b, float beta, Tensor c) {
        int m = transA ? a.cols() : a.rows(), kk = transA ? a.rows() : a.cols();
        String op = "spmm" + (transA ? " (a transposed)" : "");
        if (b.rank() != 2 || c.rank() != 2 || b.dim(0) != kk || c.dim(0) != m || c.dim(1) != b.dim(1))
            throw new IllegalArgumentException(op + ": a is " + a.rows() + " x " + a.cols() + ", so b must be ["
                    + kk + ", n] and c [" + m + ", n]; got b " + b.shape() + " and c " + c.shape());
        if (c.overlaps(b)) throw new IllegalArgumentException(op + ": c " + c.shape() + " overlaps b " + b.shape());
        int n = b.dim(1);
        if (m == 0 || n == 0) return;
        float[] bb = b.array(), cc = c.array(), vals = a.values();
        int bo = b.offset(), co = c.offset();
        int[] ptr, entries, rows;
        if (transA) {
            int[][] t = transposeIndex(a);
            ptr = t[0];
            entries = t[1];
            rows = t[2];
        } else {
            ptr = a.indptr();
            entries = null;
            rows = a.indices();
        }
        long work = (long) a.nnz() * n + (long) m * n;
        int grain = (int) Math.max(1, Math.min(m, (long) GRAIN * m / Math.max(1, work)));
        Parallel.forRange(m, grain, (r0, r1) -> {
            for (int i = r0; i < r1; i++)
                k.sparseRow(beta, vals, entries, rows, ptr[i], ptr[i + 1], bb, bo, cc, co + i * n, n);
        });
    }

    /**
     * For every stored entry e = (i, j) of {@code pattern}, in storage order, {@code out[e] = dot(a[i, :], b[j, :])}:
     * a is [rows, d], b is [cols, d], out has nnz elements (any shape).
     */
    void sddmm(CsrMatrix pattern, Tensor a, Tensor b, Tensor out) {
        int rows = pattern.rows(), cols = pattern.cols(), nnz = pattern.nnz();
        if (a.rank() != 2 || b.rank() != 2 || a.dim(0) != rows || b.dim(0) != cols || a.dim(1) != b.dim(1))
            throw new IllegalArgumentException("sddmm: the pattern is " + rows + " x " + cols + ", so a must be ["
                    + rows + ", d] and b [" + cols + ", d]; got a " + a.shape() + " and b " + b.shape());
        if (out.size() != nnz)
            throw new IllegalArgumentException("sddmm: out " + out.shape() + " must have nnz = " + nnz + " elements");
        if (out.overlaps(a) || out.overlaps(b))
            throw new IllegalArgumentException("sddmm: out " + out.shape() + " overlaps an input (a " + a.shape()
                    + ", b " + b.shape() + ")");
        if (nnz == 0) return;
        int d = a.dim(1);
        float[] aa = a.array(), bb = b.array(), oo = out.array();
        int ao = a.offset(), bo = b.offset(), oo0 = out.offset();
        int[] ptr = pattern.indptr(), idx = pattern.indices();
        long work = (long) nnz * Math.max(1, d) + rows;
        int grain = (int) Math.max(1, Math.min(rows, (long) GRAIN * rows / work));
        Parallel.forRange(rows, grain, (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                int arow = ao + i * d;
                for (int e = ptr[i]; e < ptr[i + 1]; e++) oo[oo0 + e] = k.dot(aa, arow, bb, bo + idx[e] * d, d);
            }
        });
    }

    /**
     * The transpose index of {@code a}: {@code {ptr, entries, rows}} where the entries of column j are
     * {@code entries[ptr[j] .. ptr[j+1])} (positions into a's arrays, in increasing row order) at rows
     * {@code rows[...]}. A counting sort: O(nnz + cols).
     */
    private static int[][] transposeIndex(CsrMatrix a) {
        int nr = a.rows(), nc = a.cols(), nnz = a.nnz();
        int[] indptr = a.indptr(), indices = a.indices();
        int[] ptr = new int[nc + 1];
        for (int e = 0; e < nnz; e++) ptr[indices[e] + 1]++;
        for (int j = 0; j < nc; j++) ptr[j + 1] += ptr[j];
        int[] next = java.util.Arrays.copyOf(ptr, nc);
        int[] entries = new int[nnz], rows = new int[nnz];
        for (int i = 0; i < nr; i++) {
            for (int e = indptr[i]; e < indptr[i + 1]; e++) {
                int p = next[indices[e]]++;
                entries[p] = e;
                rows[p] = i;
            }
        }
        return new int[][]{ptr, entries, rows};
    }
}
