package org.genex.data.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * An h5ad file opened for reading rows on demand, like anndata's {@code backed="r"} mode: the obs and var tables are
 * read when the file is opened, while a matrix ({@code X}, {@code raw/X}, {@code layers/<name>}, ...) is read one
 * range of rows at a time, so that a file larger than memory can be streamed in batches.
 *
 * <ul>
 *   <li>CSR: {@code indptr} is read (and checked) once per matrix; a range of rows then reads only its slice of
 *       {@code data} and {@code indices} (jHDF's {@code getData(offset, dims)}, which decompresses only the chunks
 *       that overlap). The whole matrix may hold more than 2^31 values; one range may not.</li>
 *   <li>Dense: a hyperslab of whole rows.</li>
 *   <li>CSC: rows are scattered over the whole file, so the matrix is read whole on first use and kept.</li>
 * </ul>
 * Rows come back in the stored layout (a {@link Matrix.Csr} for CSR, {@link Matrix.Dense} for dense,
 * {@link Matrix.Csc} for CSC) as float32, equal to the same rows of {@link H5adReader#read}. All three h5ad layouts
 * are accepted (current, 0.7, &lt;= 0.6 with {@code raw.X}). Not thread-safe; close it when done.
 */
public final class H5adBacked implements Closeable {
    private final Path file;
    private final HdfFile hdf;
    private final H5adDecoder decoder;
    private final DataFrame obs, var;
    private final Map<String, Rows> matrices = new HashMap<>();
    private boolean closed;

    private H5adBacked(Path file, HdfFile hdf, H5adDecoder decoder, DataFrame obs, DataFrame var) {
        this.file = file;
        this.hdf = hdf;
        this.decoder = decoder;
        this.obs = obs;
        this.var = var;
    }

    /**
     * Opens the file and reads its obs and var tables.
     *
     * @throws DataFormatException if the file is not a valid h5ad file (naming the element)
     * @throws java.io.UncheckedIOException if it cannot be read at all (missing: a NoSuchFileException cause)
     */
    public static H5adBacked open(Path file) {
        HdfFile hdf;
        try {
            hdf = H5adReader.open(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        H5adDecoder d = new H5adDecoder(file, hdf);
        try {
            Node obsNode = d.required(hdf, "obs", "/");
            DataFrame obs, var;
            if (obsNode instanceof Dataset) {
                LegacyH5ad.Tables t = new LegacyH5ad(d).tables();
                obs = t.obs();
                var = t.var();
            } else {
                obs = d.dataframe(obsNode, "/obs");
                var = d.dataframe(d.required(hdf, "var", "/"), "/var");
            }
            return new H5adBacked(file, hdf, d, obs, var);
        } catch (RuntimeException e) {
            hdf.close();
            throw H5adReader.wrap(file, d.at, e);
        }
    }

    public Path file() { return file; }
    public int nObs() { return obs.rows(); }
    public int nVars() { return var.rows(); }
    public DataFrame obs() { return obs; }
    public DataFrame var() { return var; }

    /** Whether the file has X. */
    public boolean hasX() { return has("X"); }

    /** Whether the file has a node at this path ("X", "raw/X", "layers/counts", "raw.X" in &lt;= 0.6 files). */
    public boolean has(String element) {
        checkOpen();
        return find(element) != null;
    }

    /** Rows {@code [start, end)} of X. */
    public Matrix readX(int start, int end) { return readRows("X", start, end); }

    /** The shape (rows, cols) of a matrix element. */
    public int[] shape(String element) {
        Rows r = rows(element);
        return new int[]{r.rows, r.cols};
    }

    /**
     * Rows {@code [start, end)} of a matrix element, as a matrix of {@code end - start} rows in the stored layout.
     *
     * @throws IllegalArgumentException  if there is no such element
     * @throws IndexOutOfBoundsException if the range is not within the element's rows
     * @throws DataFormatException       if the file is corrupt
     */
    public Matrix readRows(String element, int start, int end) {
        Rows r = rows(element);
        if (start < 0 || end > r.rows || start > end)
            throw new IndexOutOfBoundsException(element + ": rows [" + start + ", " + end + ") outside 0.." + r.rows);
        try {
            return r.read(start, end);
        } catch (RuntimeException e) {
            throw H5adReader.wrap(file, r.path, e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            matrices.clear();
            hdf.close();
        }
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException(file + " is closed");
    }

    private Node find(String element) {
        Node n = hdf;
        for (String part : element.split("/")) {
            if (part.isEmpty()) continue;
            if (!(n instanceof Group g)) return null;
            n = H5adDecoder.child(g, part);
            if (n == null) return null;
        }
        return n == hdf ? null : n;
    }

    private Rows rows(String element) {
        checkOpen();
        Rows r = matrices.get(element);
        if (r != null) return r;
        Node n = find(element);
        if (n == null) throw new IllegalArgumentException(file + ": no element '" + element + "'");
        String path = HdfArrays.pathOf(n);
        try {
            r = element(n, path);
        } catch (RuntimeException e) {
            throw H5adReader.wrap(file, path, e);
        }
        matrices.put(element, r);
        return r;
    }

    private Rows element(Node n, String path) {
        decoder.at = path;
        if (n instanceof Dataset ds) {
            String enc = decoder.arrays.attrString(ds, "encoding-type");
            if (enc != null && !enc.equals("array")) throw decoder.fail(path, "encoding-type '" + enc + "' is not a matrix");
            long[] d = decoder.arrays.dims(ds, path);
            if (d.length != 1 && d.length != 2)
                throw decoder.fail(path, "expected a 2-d array, found shape " + Arrays.toString(d));
            return new DenseRows(path, ds, (int) d[0], d.length == 2 ? (int) d[1] : 1);
        }
        Group g = (Group) n;
        String enc = decoder.arrays.attrString(g, "encoding-type");
        String format = enc != null ? enc : decoder.arrays.attrString(g, "h5sparse_format");
        long[] shapeAttr = decoder.arrays.attrLongs(g, enc != null ? "shape" : "h5sparse_shape");
        if ("csr_matrix".equals(format) || "csr".equals(format)) {
            int[] shape = decoder.sparseShape(shapeAttr, path);
            return new CsrRows(path, g, shape[0], shape[1]);
        }
        if ("csc_matrix".equals(format) || "csc".equals(format)) {
            Matrix whole = decoder.matrix(g, path);
            return new WholeRows(path, whole);
        }
        throw decoder.fail(path, format == null ? "a group without encoding-type is not a matrix"
                : "encoding-type '" + format + "' is not a matrix");
    }

    /** A matrix element that can hand out ranges of rows. */
    private abstract static class Rows {
        final String path;
        final int rows, cols;

        Rows(String path, int rows, int cols) {
            this.path = path;
            this.rows = rows;
            this.cols = cols;
        }

        abstract Matrix read(int start, int end);
    }

    private final class DenseRows extends Rows {
        private final Dataset ds;

        DenseRows(String path, Dataset ds, int rows, int cols) {
            super(path, rows, cols);
            this.ds = ds;
        }

        @Override
        Matrix read(int start, int end) {
            int n = end - start;
            float[] out = new float[Math.multiplyExact(n, cols)];
            if (n > 0 && cols > 0) {
                boolean twoD = ds.getDimensions().length == 2;
                Object data = twoD ? ds.getData(new long[]{start, 0}, new int[]{n, cols})
                        : ds.getData(new long[]{start}, new int[]{n});
                if (data instanceof Object[] nested) {
                    for (int r = 0; r < n; r++)
                        System.arraycopy(decoder.arrays.toFloats(nested[r], path), 0, out, r * cols, cols);
                } else {
                    float[] flat = decoder.arrays.toFloats(data, path);
                    System.arraycopy(flat, 0, out, 0, out.length);
                }
            }
            return Matrix.of(Tensor.wrap(out, n, cols));
        }
    }

    /** CSR rows; indptr is kept as long[], so a matrix of more than 2^31 values can still be read in ranges. */
    private final class CsrRows extends Rows {
        private final Dataset data, indices;
        private final long[] indptr;

        CsrRows(String path, Group g, int rows, int cols) {
            super(path, rows, cols);
            data = decoder.dataset(g, "data", path);
            indices = decoder.dataset(g, "indices", path);
            Dataset ptr = decoder.dataset(g, "indptr", path);
            String dataPath = H5adDecoder.join(path, "data"), ptrPath = H5adDecoder.join(path, "indptr");
            long[] dataDims = data.getDimensionsAsLong(), indicesDims = indices.getDimensionsAsLong();
            if (dataDims.length != 1) throw decoder.fail(dataPath, "expected a 1-d array");
            long nnz = dataDims[0];
            if (!Arrays.equals(indicesDims, dataDims))
                throw decoder.fail(H5adDecoder.join(path, "indices"), "has shape " + Arrays.toString(indicesDims)
                        + ", data " + Arrays.toString(dataDims));
            decoder.arrays.requireLength(ptr, ptrPath, rows + 1L, "rows + 1");
            indptr = decoder.arrays.longs(ptr, ptrPath);
            if (indptr[0] != 0) throw decoder.fail(ptrPath, "starts at " + indptr[0] + ", expected 0");
            for (int i = 0; i < rows; i++)
                if (indptr[i + 1] < indptr[i])
                    throw decoder.fail(ptrPath, "decreases at " + i + " (" + indptr[i] + " > " + indptr[i + 1] + ")");
            if (indptr[rows] != nnz)
                throw decoder.fail(ptrPath, "ends at " + indptr[rows] + " but the matrix stores " + nnz + " values");
        }

        @Override
        Matrix read(int start, int end) {
            long lo = indptr[start], hi = indptr[end];
            int n = (int) decoder.checkNnz(hi - lo, path + "/data");
            int[] idx = new int[0];
            float[] values = new float[0];
            if (n > 0) {
                idx = decoder.arrays.toInts(indices.getData(new long[]{lo}, new int[]{n}), path + "/indices");
                values = decoder.arrays.toFloats(data.getData(new long[]{lo}, new int[]{n}), path + "/data");
            }
            int[] ptr = new int[end - start + 1];
            for (int i = 0; i < ptr.length; i++) ptr[i] = (int) (indptr[start + i] - lo);
            SortedRows.sortInPlace(ptr, idx, values);
            try {
                return Matrix.of(new CsrMatrix(end - start, cols, ptr, idx, values));
            } catch (IllegalArgumentException e) {
                throw new DataFormatException(file, path, "rows [" + start + ", " + end + "): " + e.getMessage(), e);
            }
        }
    }

    private static final class WholeRows extends Rows {
        private final Matrix m;

        WholeRows(String path, Matrix m) {
            super(path, m.rows(), m.cols());
            this.m = m;
        }

        @Override
        Matrix read(int start, int end) {
            int[] index = new int[end - start];
            for (int i = 0; i < index.length; i++) index[i] = start + i;
            return m.selectRows(index);
        }
    }
}
