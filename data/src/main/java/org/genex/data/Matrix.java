package org.genex.data;

import org.genex.tensor.CscMatrix;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;

/**
 * A 2-D float matrix in one of the three layouts h5ad stores: dense, CSR or CSC. Cells are rows and genes columns
 * for {@code X} and layers; {@code obsm} entries are (n_obs, k), {@code obsp} entries (n_obs, n_obs).
 *
 * <p>The layout is kept as read, so a file round-trips; {@link #csr()} and {@link #dense()} convert when a
 * computation wants one. Subsetting keeps the layout. The wrapped objects are shared, not copied.
 */
public sealed interface Matrix extends AxisElement permits Matrix.Dense, Matrix.Csr, Matrix.Csc {

    /** A dense row-major matrix: a 2-D tensor on the CPU. */
    record Dense(Tensor tensor) implements Matrix {
        public Dense {
            if (tensor.rank() != 2)
                throw new IllegalArgumentException("Matrix.Dense needs a 2-D tensor, got " + tensor.shape());
        }
        @Override public int rows() { return tensor.dim(0); }
        @Override public int cols() { return tensor.dim(1); }
    }

    /** A compressed-sparse-row matrix ({@code encoding-type csr_matrix}). */
    record Csr(CsrMatrix matrix) implements Matrix {
        @Override public int rows() { return matrix.rows(); }
        @Override public int cols() { return matrix.cols(); }
    }

    /** A compressed-sparse-column matrix ({@code encoding-type csc_matrix}). */
    record Csc(CscMatrix matrix) implements Matrix {
        @Override public int rows() { return matrix.rows(); }
        @Override public int cols() { return matrix.cols(); }
    }

    static Matrix of(Tensor t) { return new Dense(t); }
    static Matrix of(CsrMatrix m) { return new Csr(m); }
    static Matrix of(CscMatrix m) { return new Csc(m); }

    /** A dense matrix of the given values, row-major. */
    static Matrix dense(int rows, int cols, float... values) {
        return new Dense(Tensor.of(values, rows, cols));
    }

    @Override int rows();

    int cols();

    default boolean isSparse() { return !(this instanceof Dense); }

    /** Stored entries: rows x cols for a dense matrix. */
    default long nnz() {
        return switch (this) {
            case Dense d -> (long) d.rows() * d.cols();
            case Csr s -> s.matrix().nnz();
            case Csc s -> s.matrix().nnz();
        };
    }

    /** This matrix as CSR (itself when it is one). */
    default CsrMatrix csr() {
        return switch (this) {
            case Dense d -> CsrMatrix.fromDense(d.tensor());
            case Csr s -> s.matrix();
            case Csc s -> s.matrix().toCsr();
        };
    }

    /** This matrix as CSC (itself when it is one). */
    default CscMatrix csc() {
        return switch (this) {
            case Dense d -> CscMatrix.fromDense(d.tensor());
            case Csr s -> s.matrix().toCsc();
            case Csc s -> s.matrix();
        };
    }

    /** This matrix as a dense CPU tensor (itself when it is one). */
    default Tensor dense() {
        return switch (this) {
            case Dense d -> d.tensor();
            case Csr s -> s.matrix().toDense();
            case Csc s -> s.matrix().toDense();
        };
    }

    /** Value (r, c), for tests and small lookups; O(log nnz-per-row) on sparse matrices. */
    default float get(int r, int c) {
        if (r < 0 || r >= rows() || c < 0 || c >= cols())
            throw new IndexOutOfBoundsException("Matrix.get(" + r + ", " + c + ") on " + rows() + " x " + cols());
        return switch (this) {
            case Dense d -> d.tensor().array()[d.tensor().offset() + r * cols() + c];
            case Csr s -> find(s.matrix().indptr(), s.matrix().indices(), s.matrix().values(), r, c);
            case Csc s -> find(s.matrix().indptr(), s.matrix().indices(), s.matrix().values(), c, r);
        };
    }

    private static float find(int[] indptr, int[] indices, float[] values, int major, int minor) {
        int lo = indptr[major], hi = indptr[major + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (indices[mid] < minor) lo = mid + 1;
            else if (indices[mid] > minor) hi = mid - 1;
            else return values[mid];
        }
        return 0f;
    }

    /** The given rows, in that order (repeats allowed), in the same layout. */
    @Override
    default Matrix selectRows(int[] index) {
        return switch (this) {
            case Dense d -> new Dense(d.tensor().indexSelect(0, index));
            case Csr s -> new Csr(s.matrix().selectRows(index));
            case Csc s -> new Csc(s.matrix().selectRows(index));
        };
    }

    /** The given columns, in that order (repeats allowed), in the same layout. */
    default Matrix selectCols(int[] index) {
        return switch (this) {
            case Dense d -> new Dense(d.tensor().indexSelect(1, index));
            case Csr s -> new Csr(s.matrix().selectColumns(index));
            case Csc s -> new Csc(s.matrix().selectColumns(index));
        };
    }

    /** A one-line description, such as {@code csr 700 x 765, nnz 174400}. */
    default String describe() {
        String kind = switch (this) { case Dense d -> "dense"; case Csr s -> "csr"; case Csc s -> "csc"; };
        return kind + " " + rows() + " x " + cols() + (isSparse() ? ", nnz " + nnz() : "");
    }
}
