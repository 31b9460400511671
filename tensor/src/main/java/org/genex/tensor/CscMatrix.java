package org.genex.tensor;

/**
 * A sparse float matrix in compressed sparse column form: the entries of column j are
 * {@code values[indptr[j] .. indptr[j+1])} at rows {@code indices[...]}. The same bytes as a {@link CsrMatrix} of
 * the transpose (10x HDF5 stores genes x cells as CSC, which is cells x genes as CSR).
 *
 * <p>Row indices within a column are expected sorted and unique ({@link #canonical()}); every method that builds a
 * matrix returns one with sorted indices, and canonical when its input is. Methods never modify this matrix.
 * There is no {@code equals}: compare the shape and the three arrays.
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

    private CscMatrix(int rows, int cols, SparseLayouts.Layout l) {
        this(rows, cols, l.indptr(), l.indices(), l.values());
    }

    /** The entries of a 2-D tensor (from any device) that are not zero, as CSC; NaN entries are kept. */
    public static CscMatrix fromDense(Tensor dense) {
        if (dense.rank() != 2)
            throw new IllegalArgumentException("CscMatrix.fromDense needs a 2-D tensor, got " + dense.shape());
        return CsrMatrix.fromDense(dense).toCsc();
    }

    /**
     * A {@code rows x cols} matrix from coordinate triplets: entry e is {@code v[e]} at {@code (r[e], c[e])}.
     * Entries are sorted by column and row, duplicates summed (in double, then rounded); stored zeros are kept.
     *
     * @throws IllegalArgumentException if the arrays differ in length or an entry lies outside the matrix
     */
    public static CscMatrix fromCoo(int rows, int cols, int[] r, int[] c, float[] v) {
        return new CscMatrix(rows, cols, SparseLayouts.fromCoo("CscMatrix", cols, rows, c, r, v));
    }

    public int rows() { return rows; }
    public int cols() { return cols; }
    public int nnz() { return indptr[cols]; }

    /** Column pointers, cols + 1 entries (the backing array, not a copy). */
    public int[] indptr() { return indptr; }

    /** Row index of each stored entry (the backing array). */
    public int[] indices() { return indices; }

    /** Value of each stored entry (the backing array). */
    public float[] values() { return values; }

    /** True if the row indices of every column are strictly increasing. */
    public boolean canonical() { return SparseChecks.canonical(cols, indptr, indices); }

    /** A new dense {@code [rows, cols]} CPU tensor of this matrix; duplicate entries are summed. */
    public Tensor toDense() {
        Shape.of(rows, cols); // fails clearly if too large for one array
        return Tensor.wrap(SparseLayouts.toDense(cols, rows, indptr, indices, values, false), rows, cols);
    }

    /** The same matrix in CSR form (column indices sorted within each row). */
    public CsrMatrix toCsr() {
        SparseLayouts.Layout l = SparseLayouts.swap(cols, rows, indptr, indices, values);
        return new CsrMatrix(rows, cols, l.indptr(), l.indices(), l.values());
    }

    /** The transpose, a {@code cols x rows} CSC matrix (the arrays of {@link #toCsr()}, read as columns). */
    public CscMatrix transpose() {
        return new CscMatrix(cols, rows, SparseLayouts.swap(cols, rows, indptr, indices, values));
    }

    /**
     * The rows listed in {@code rowIndex}, in that order (repeats allowed); indices stay sorted within each column.
     *
     * @throws IndexOutOfBoundsException naming the bad index and its position
     */
    public CscMatrix selectRows(int... rowIndex) {
        var l = SparseLayouts.selectMinor("CscMatrix.selectRows", cols, rows, indptr, indices, values, rowIndex);
        return new CscMatrix(rowIndex.length, cols, l);
    }

    /**
     * The columns listed in {@code colIndex}, in that order (repeats allowed).
     *
     * @throws IndexOutOfBoundsException naming the bad index and its position
     */
    public CscMatrix selectColumns(int... colIndex) {
        var l = SparseLayouts.selectMajor("CscMatrix.selectColumns", cols, indptr, indices, values, colIndex);
        return new CscMatrix(rows, colIndex.length, l);
    }

    /** The sum of each row, accumulated in double. */
    public double[] rowSums() { return SparseLayouts.minorSums(rows, nnz(), indices, values); }

    /** The sum of each column, accumulated in double. */
    public double[] columnSums() { return SparseLayouts.majorSums(cols, indptr, values); }

    /** The number of stored entries of each row. */
    public int[] rowNnz() { return SparseLayouts.minorCounts(rows, nnz(), indices); }

    /** The number of stored entries of each column. */
    public int[] columnNnz() { return SparseLayouts.majorCounts(cols, indptr); }

    @Override
    public String toString() { return "CscMatrix[" + rows + " x " + cols + ", nnz " + nnz() + "]"; }
}
