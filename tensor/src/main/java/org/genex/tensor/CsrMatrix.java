package org.genex.tensor;

/**
 * A sparse float matrix in compressed sparse row form (as scipy's {@code csr_matrix} and the h5ad encoding):
 * the entries of row i are {@code values[indptr[i] .. indptr[i+1])} at columns {@code indices[...]}. Rows of cells
 * and columns of genes, for expression matrices.
 *
 * <p>Column indices within a row are expected sorted and unique ({@link #canonical()} says whether they are); every
 * method that builds a matrix ({@link #fromDense}, {@link #fromCoo}, {@link #toCsc}, {@link #transpose},
 * {@link #selectRows}, {@link #selectColumns}) returns one with sorted indices, and canonical when its input is.
 * Methods never modify this matrix; a matrix wraps its arrays, so do not change them while it is in use.
 *
 * <p>There is no {@code equals}: compare {@link #rows()}, {@link #cols()} and the three arrays.
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

    private CsrMatrix(int rows, int cols, SparseLayouts.Layout l) {
        this(rows, cols, l.indptr(), l.indices(), l.values());
    }

    /** The entries of a 2-D tensor (from any device) that are not zero, as CSR; NaN entries are kept. */
    public static CsrMatrix fromDense(Tensor dense) {
        if (dense.rank() != 2)
            throw new IllegalArgumentException("CsrMatrix.fromDense needs a 2-D tensor, got " + dense.shape());
        int r = dense.dim(0), c = dense.dim(1);
        return new CsrMatrix(r, c, SparseLayouts.fromDense(dense.toArray(), r, c));
    }

    /**
     * A {@code rows x cols} matrix from coordinate triplets: entry e is {@code v[e]} at {@code (r[e], c[e])}.
     * Entries are sorted by row and column, and duplicates are summed (in double, then rounded) into one entry;
     * stored zeros are kept. The arrays are not modified.
     *
     * @throws IllegalArgumentException if the arrays differ in length or an entry lies outside the matrix
     */
    public static CsrMatrix fromCoo(int rows, int cols, int[] r, int[] c, float[] v) {
        return new CsrMatrix(rows, cols, SparseLayouts.fromCoo("CsrMatrix", rows, cols, r, c, v));
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

    /** A new dense {@code [rows, cols]} CPU tensor of this matrix; duplicate entries are summed. */
    public Tensor toDense() {
        Shape.of(rows, cols); // fails clearly if too large for one array
        return Tensor.wrap(SparseLayouts.toDense(rows, cols, indptr, indices, values, true), rows, cols);
    }

    /** The same matrix in CSC form (row indices sorted within each column). */
    public CscMatrix toCsc() {
        SparseLayouts.Layout l = SparseLayouts.swap(rows, cols, indptr, indices, values);
        return new CscMatrix(rows, cols, l.indptr(), l.indices(), l.values());
    }

    /** The transpose, a {@code cols x rows} CSR matrix (the arrays of {@link #toCsc()}, read as rows). */
    public CsrMatrix transpose() {
        return new CsrMatrix(cols, rows, SparseLayouts.swap(rows, cols, indptr, indices, values));
    }

    /**
     * The rows listed in {@code rowIndex}, in that order (repeats allowed): row i of the result is row
     * {@code rowIndex[i]} of this matrix.
     *
     * @throws IndexOutOfBoundsException naming the bad index and its position
     */
    public CsrMatrix selectRows(int... rowIndex) {
        var l = SparseLayouts.selectMajor("CsrMatrix.selectRows", rows, indptr, indices, values, rowIndex);
        return new CsrMatrix(rowIndex.length, cols, l);
    }

    /**
     * The columns listed in {@code colIndex}, in that order (repeats allowed): column j of the result is column
     * {@code colIndex[j]} of this matrix. Indices stay sorted within each row.
     *
     * @throws IndexOutOfBoundsException naming the bad index and its position
     */
    public CsrMatrix selectColumns(int... colIndex) {
        var l = SparseLayouts.selectMinor("CsrMatrix.selectColumns", rows, cols, indptr, indices, values, colIndex);
        return new CsrMatrix(rows, colIndex.length, l);
    }

    /** The sum of each row (e.g. library sizes of cells), accumulated in double. */
    public double[] rowSums() { return SparseLayouts.majorSums(rows, indptr, values); }

    /** The sum of each column, accumulated in double. */
    public double[] columnSums() { return SparseLayouts.minorSums(cols, nnz(), indices, values); }

    /** The number of stored entries of each row (e.g. genes detected per cell). */
    public int[] rowNnz() { return SparseLayouts.majorCounts(rows, indptr); }

    /** The number of stored entries of each column (e.g. cells in which a gene is detected). */
    public int[] columnNnz() { return SparseLayouts.minorCounts(cols, nnz(), indices); }

    @Override
    public String toString() { return "CsrMatrix[" + rows + " x " + cols + ", nnz " + nnz() + "]"; }
}
