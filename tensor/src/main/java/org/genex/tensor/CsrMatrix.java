package org.genex.tensor;

/**
 * A sparse float matrix in compressed sparse row form (as scipy's {@code csr_matrix} and the h5ad encoding):
 * the entries of row i are {@code values[indptr[i] .. indptr[i+1])} at columns {@code indices[...]}. Rows of cells
 * and columns of genes, for expression matrices.
 *
 * <p>Column indices within a row are expected sorted and unique ({@link #canonical()} says whether they are).
 */
public final class CsrMatrix {
    private final int rows, cols;
    private final int[] indptr, indices;
    private final float[] values;

    /**
     * Wraps the three arrays (not copied) after checking them: indptr has rows+1 non-decreasing entries from 0 to
     * nnz, and every column index is in range.
     */
    public CsrMatrix(int rows, int cols, int[] indptr, int[] indices, float[] values) {
        SparseChecks.check("CSR", rows, cols, indptr, indices, values);
        this.rows = rows;
        this.cols = cols;
        this.indptr = indptr;
        this.indices = indices;
        this.values = values;
    }

    public int rows() { return rows; }
    public int cols() { return cols; }
    public int nnz() { return indptr[rows]; }

    /** Row pointers, rows + 1 entries (the backing array, not a copy). */
    public int[] indptr() { return indptr; }

    /** Column index of each stored entry (the backing array). */
    public int[] indices() { return indices; }

    /** Value of each stored entry (the backing array). */
    public float[] values() { return values; }

    /** True if the column indices of every row are strictly increasing. */
    public boolean canonical() { return SparseChecks.canonical(rows, indptr, indices); }
}
