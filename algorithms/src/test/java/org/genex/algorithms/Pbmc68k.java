package org.genex.algorithms;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.lang.reflect.Array;
import java.nio.file.Path;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;
import org.genex.tensor.TestTensors;

/**
 * The arrays of ../shared/fixtures/scanpy/pbmc68k_reduced.h5ad that the algorithm tests compare with, read
 * directly with jHDF (the data module's h5ad reader is not needed for these few plain datasets). Skips the test
 * where the fixtures are absent.
 */
public final class Pbmc68k implements AutoCloseable {
    private final HdfFile file;

    private Pbmc68k(Path path) { this.file = new HdfFile(path); }

    /** Opens the fixture (the test is skipped if the fixture folder is missing). */
    public static Pbmc68k open() { return new Pbmc68k(TestTensors.fixture("scanpy/pbmc68k_reduced.h5ad")); }

    private Dataset ds(String path) { return file.getDatasetByPath(path); }

    /** A numeric dataset, flattened in C order, as doubles. */
    public double[] doubles(String path) {
        Object flat = ds(path).getDataFlat();
        int n = Array.getLength(flat);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = ((Number) Array.get(flat, i)).doubleValue();
        return out;
    }

    /** An integer dataset, flattened, as ints. */
    public int[] ints(String path) {
        double[] d = doubles(path);
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (int) d[i];
        return out;
    }

    /** The shape of a dataset. */
    public int[] shape(String path) { return ds(path).getDimensions(); }

    /** A 2-D dataset as a float tensor. */
    public Tensor tensor(String path) {
        int[] s = shape(path);
        double[] d = doubles(path);
        float[] f = new float[d.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) d[i];
        return Tensor.wrap(f, s[0], s[1]);
    }

    /** A boolean dataset (anndata's bool, an HDF5 enum or bool type). */
    public boolean[] bools(String path) {
        Object flat = ds(path).getDataFlat();
        int n = Array.getLength(flat);
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            Object v = Array.get(flat, i);
            out[i] = v instanceof Boolean b ? b : v instanceof Number num ? num.intValue() != 0
                    : "TRUE".equalsIgnoreCase(v.toString());
        }
        return out;
    }

    /** A CSR group ({@code data}, {@code indices}, {@code indptr}) of an n x n matrix, values as doubles. */
    public double[][] csr(String group) {
        return new double[][] {doubles(group + "/data"), doubles(group + "/indices"), doubles(group + "/indptr")};
    }

    /** A CSR group as a CsrMatrix (float values). */
    public CsrMatrix csrMatrix(String group, int rows, int cols) {
        double[][] c = csr(group);
        float[] v = new float[c[0].length];
        int[] ix = new int[c[1].length], ip = new int[c[2].length];
        for (int i = 0; i < v.length; i++) v[i] = (float) c[0][i];
        for (int i = 0; i < ix.length; i++) ix[i] = (int) c[1][i];
        for (int i = 0; i < ip.length; i++) ip[i] = (int) c[2][i];
        return new CsrMatrix(rows, cols, ip, ix, v);
    }

    @Override
    public void close() { file.close(); }
}
