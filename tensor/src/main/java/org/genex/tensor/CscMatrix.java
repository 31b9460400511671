package org.genex.tensor;

/**
 * A sparse float matrix in compressed sparse column form: the entries of column j are
 * {@code values[indptr[j] .. indptr[j+1])} at rows {@code indices[...]}. The same bytes as a {@link CsrMatrix} of
 * the transpose (10x HDF5 stores genes x cells as CSC, which is cells x genes as CSR).
 */
public final class CscMatrix {
    private final int rows, cols;
    private final int[] indptr, indices;
    private final float[] values;

    /** Wraps the three arrays (not copied) after checking them, as {@link CsrMatrix} does per column. */
    public CscMatrix(int rows, int cols, int[] indptr, int[] indices, float[] values) {
        SparseChecks.check("CSC", cols, rows, indptr, indices, values);
        this.rows = rows;
        this.cols = cols;
        this.indptr = indptr;
        this.indices = indices;
        this.values = values;
    }

    public int rows() { return rows; }
    public int cols() { return cols; }
    public int nnz() { return indptr[cols]; }
    public int[] indptr() { return indptr; }
    public int[] indices() { return indices; }
    public float[] values() { return values; }

    /** True if the row indices of every column are strictly increasing. */
    public boolean canonical() { return SparseChecks.canonical(cols, indptr, indices); }
}
