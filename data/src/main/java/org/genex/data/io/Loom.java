package org.genex.data.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.CsrMatrix;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loom files (loom 3.0.0, linnarsson-lab/loompy {@code doc/format}), read and written as anndata's
 * {@code read_loom} / {@code write_loom} map them. A loom file stores genes as rows:
 *
 * <pre>
 *   /matrix                      (n_genes, n_cells) dense      X, transposed (read into CSR cells x genes)
 *   /layers/&lt;name&gt;              (n_genes, n_cells) dense      layers
 *   /row_attrs/&lt;name&gt;           (n_genes) or (n_genes, k)      var columns, varm (2-D); Gene = var_names
 *   /col_attrs/&lt;name&gt;           (n_cells) or (n_cells, k)      obs columns, obsm (2-D); CellID = obs_names
 *   /row_graphs/&lt;g&gt;/{a,b,w}     COO edges, 0-based             varp
 *   /col_graphs/&lt;g&gt;/{a,b,w}     COO edges, 0-based             obsp
 *   /attrs/&lt;name&gt;               global attributes              uns (scalars and 1-D arrays);
 *                                                               /attrs/LOOM_SPEC_VERSION = "3.0.0"
 * </pre>
 *
 * <p><b>Reading.</b> var_names come from the first row attribute of {@code Gene}, {@code var_names} (what anndata
 * writes), {@code Accession}; obs_names from {@code CellID} or {@code obs_names}; otherwise "0", "1", ... X and
 * layers are CSR float32 (anndata's {@code sparse=True} default), read in blocks of genes so no second dense copy
 * is made. String attributes of any HDF5 string kind are kept as read (older files' XML entities are not decoded).
 * The {@code layers}, graph and {@code attrs} groups are optional.
 *
 * <p><b>Writing.</b> var_names go to {@code Gene}, obs_names to {@code CellID}; columns by kind: floats as
 * float64 (float32 when so marked), integers int64, booleans int8 0/1 (loom has no boolean), strings and
 * categorical labels as strings (missing: ""), nullable numbers as float64 with NaN. Dense obsm/varm matrices become
 * 2-D attributes; data-frame entries, raw and non-scalar uns entries are not written. The matrix and layers are
 * float32, chunked 64 x 64 and deflated (level 2), as loompy writes them.
 *
 * <p>Where the writer differs from loompy, because of jHDF 0.13 (../specs/formats.md §5.3): strings are
 * fixed-length UTF-8, not variable-length (loompy and h5py read them as bytes and decode them); empty groups are
 * never written, because jHDF can write files with an empty group that no HDF5 library can open. So
 * {@code /layers}, {@code /row_graphs} and {@code /col_graphs} are absent when there is nothing to put in them:
 * loompy's {@code connect} then logs "Missing ... group not added" in read-only mode and creates the groups itself
 * in {@code r+} mode, and its spec-2.0.1 validator reports the missing graph groups. Graphs without edges and
 * empty matrices cannot be written either (jHDF cannot write zero-length datasets): a graph of no edges is
 * skipped, an AnnData without cells or genes is refused.
 */
public final class Loom {
    private Loom() {}

    public static final String SPEC_VERSION = "3.0.0";
    private static final int BLOCK_ELEMENTS = 1 << 22;

    // ---------------------------------------------------------------- reading

    public static AnnData read(Path file) { return read(file, BLOCK_ELEMENTS); }

    /** Reads with blocks of about {@code blockElements} matrix values (tests use small blocks). */
    static AnnData read(Path file, int blockElements) {
        try (HdfFile h = TenxHdf.open(file)) {
            Dataset matrix = TenxHdf.dataset(file, h, "matrix");
            int[] dims = TenxHdf.guard(file, "/matrix", matrix::getDimensions);
            if (dims.length != 2)
                throw new DataFormatException(file, "/matrix", "expected a 2-D (genes, cells) dataset, found "
                        + dims.length + "-D");
            int nGenes = dims[0], nCells = dims[1];
            Map<String, Matrix> varm = new LinkedHashMap<>(), obsm = new LinkedHashMap<>();
            DataFrame var = attributes(file, h, "row_attrs", nGenes, varm, "Gene", "var_names", "Accession");
            DataFrame obs = attributes(file, h, "col_attrs", nCells, obsm, "CellID", "obs_names");
            AnnData adata = new AnnData(Matrix.of(cellsByGenes(file, matrix, nGenes, nCells, blockElements)), obs, var);
            varm.forEach(adata.varm()::put);
            obsm.forEach(adata.obsm()::put);
            for (Dataset layer : datasets(file, h, "layers")) {
                int[] d = TenxHdf.guard(file, layer.getPath(), layer::getDimensions);
                if (!Arrays.equals(d, dims))
                    throw new DataFormatException(file, layer.getPath(), "layer of shape " + Arrays.toString(d)
                            + ", expected the matrix's " + Arrays.toString(dims));
                adata.layers().put(layer.getName(), Matrix.of(cellsByGenes(file, layer, nGenes, nCells, blockElements)));
            }
            graphs(file, h, "col_graphs", nCells).forEach(adata.obsp()::put);
            graphs(file, h, "row_graphs", nGenes).forEach(adata.varp()::put);
            for (Dataset d : datasets(file, h, "attrs"))
                if (!d.getName().equals("LOOM_SPEC_VERSION")) adata.uns().put(d.getName(), globalValue(file, d));
            return adata;
        }
    }

    /** A (genes, cells) dense dataset as CSR cells x genes, read a block of genes at a time. */
    private static CsrMatrix cellsByGenes(Path file, Dataset d, int nGenes, int nCells, int blockElements) {
        int block = Math.max(1, Math.min(nGenes, blockElements / Math.max(1, nCells)));
        int[] indptr = new int[nGenes + 1];
        int[] cells = new int[1024];
        float[] values = new float[1024];
        int nnz = 0;
        for (int g0 = 0; g0 < nGenes && nCells > 0; g0 += block) {
            int rows = Math.min(block, nGenes - g0);
            long start = g0;
            Object slab = TenxHdf.guard(file, d.getPath(), () -> d.getData(new long[]{start, 0}, new int[]{rows, nCells}));
            for (int r = 0; r < rows; r++) {
                float[] row = TenxHdf.toFloats(file, d.getPath(), Array.get(slab, r));
                for (int c = 0; c < nCells; c++) {
                    if (row[c] == 0f) continue;
                    if (nnz == cells.length) {
                        int grown = (int) Math.min(Integer.MAX_VALUE - 8, cells.length * 2L);
                        if (grown == nnz)
                            throw new DataFormatException(file, d.getPath(), "more than 2^31 - 9 non-zero values");
                        cells = Arrays.copyOf(cells, grown);
                        values = Arrays.copyOf(values, grown);
                    }
                    cells[nnz] = c;
                    values[nnz++] = row[c];
                }
                indptr[g0 + r + 1] = nnz;
            }
        }
        return new CsrMatrix(nGenes, nCells, indptr, cells, values).transpose();
    }

    /** The attributes of one axis: 1-D ones as columns (one of them the index), 2-D ones into {@code multi}. */
    private static DataFrame attributes(Path file, HdfFile h, String group, int n, Map<String, Matrix> multi,
                                        String... nameKeys) {
        Map<String, Column> columns = new LinkedHashMap<>();
        for (Dataset d : datasets(file, h, group)) {
            int[] dims = TenxHdf.guard(file, d.getPath(), d::getDimensions);
            if (dims.length == 0 || dims[0] != n || dims.length > 2)
                throw new DataFormatException(file, d.getPath(), "attribute of shape " + Arrays.toString(dims)
                        + ", expected (" + n + ") or (" + n + ", k)");
            if (dims.length == 2) {
                float[] flat = TenxHdf.toFloats(file, d.getPath(), TenxHdf.guard(file, d.getPath(), d::getDataFlat));
                multi.put(d.getName(), Matrix.dense(n, dims[1], flat));
            } else {
                columns.put(d.getName(), column(file, d));
            }
        }
        String[] index = null;
        for (String key : nameKeys)
            if (columns.get(key) instanceof Column.Strings s) {
                index = s.values();
                columns.remove(key);
                break;
            }
        DataFrame df = index == null ? DataFrame.ofRange(n) : new DataFrame(index);
        columns.forEach(df::put);
        return df;
    }

    private static Column column(Path file, Dataset d) {
        Object data = TenxHdf.guard(file, d.getPath(), d::getDataFlat);
        return switch (data) {
            case String[] s -> new Column.Strings(Arrays.stream(s).map(v -> v == null ? "" : v).toArray(String[]::new));
            case double[] a -> new Column.Floats(a);
            case float[] a -> {
                double[] o = new double[a.length];
                for (int i = 0; i < a.length; i++) o[i] = a[i];
                yield new Column.Floats(o, true);
            }
            case boolean[] a -> new Column.Bools(a);
            case long[] a -> new Column.Ints(a);
            case int[] a -> new Column.Ints(TenxHdf.toLongs(file, d.getPath(), a));
            case short[] a -> new Column.Ints(TenxHdf.toLongs(file, d.getPath(), a));
            case byte[] a -> new Column.Ints(TenxHdf.toLongs(file, d.getPath(), a));
            default -> throw new DataFormatException(file, d.getPath(), "unsupported attribute type "
                    + data.getClass().getSimpleName() + "; expected numbers or strings");
        };
    }

    /** The graphs of one axis as (n, n) CSR matrices; duplicate edges are summed, as scipy's COO to CSR does. */
    private static Map<String, Matrix> graphs(Path file, HdfFile h, String group, int n) {
        Map<String, Matrix> out = new LinkedHashMap<>();
        if (!(TenxHdf.guard(file, "/" + group, () -> h.getChildren().get(group)) instanceof Group g)) return out;
        for (Node node : TenxHdf.guard(file, "/" + group, () -> g.getChildren().values())) {
            if (!(node instanceof Group edges))
                throw new DataFormatException(file, node.getPath(), "expected a graph group with a, b and w");
            Dataset da = TenxHdf.dataset(file, edges, "a");
            long m = TenxHdf.length(file, da);
            long[] a = TenxHdf.longs(file, da, m);
            long[] b = TenxHdf.longs(file, TenxHdf.dataset(file, edges, "b"), m);
            float[] w = TenxHdf.floats(file, TenxHdf.dataset(file, edges, "w"), m);
            int[] ai = new int[(int) m], bi = new int[(int) m];
            for (int e = 0; e < m; e++) {
                if (a[e] < 0 || a[e] >= n || b[e] < 0 || b[e] >= n)
                    throw new DataFormatException(file, edges.getPath(), "edge " + e + " (" + a[e] + ", " + b[e]
                            + ") outside 0.." + (n - 1));
                ai[e] = (int) a[e];
                bi[e] = (int) b[e];
            }
            out.put(edges.getName(), Matrix.of(CsrMatrix.fromCoo(n, n, ai, bi, w)));
        }
        return out;
    }

    /** The datasets of an optional group (none when the group is absent). */
    private static Iterable<Dataset> datasets(Path file, HdfFile h, String group) {
        Node n = TenxHdf.guard(file, "/" + group, () -> h.getChildren().get(group));
        if (n == null) return java.util.List.of();
        if (!(n instanceof Group g)) throw new DataFormatException(file, "/" + group, "expected a group, found a dataset");
        java.util.List<Dataset> out = new java.util.ArrayList<>();
        for (Node c : TenxHdf.guard(file, "/" + group, () -> g.getChildren().values())) {
            if (!(c instanceof Dataset d))
                throw new DataFormatException(file, c.getPath(), "expected a dataset, found a group");
            out.add(d);
        }
        return out;
    }

    /** A global attribute: a scalar as String, Double or Long; a 1-D array as String[], double[] or long[]. */
    private static Object globalValue(Path file, Dataset d) {
        Object v = TenxHdf.guard(file, d.getPath(), d::getData);
        return switch (v) {
            case String s -> s;
            case Double x -> x;
            case Float x -> x.doubleValue();
            case Number x -> x.longValue();
            case String[] s -> s;
            case double[] a -> a;
            case float[] a -> { double[] o = new double[a.length]; for (int i = 0; i < a.length; i++) o[i] = a[i]; yield o; }
            case long[] a -> a;
            case int[] a -> TenxHdf.toLongs(file, d.getPath(), a);
            default -> throw new DataFormatException(file, d.getPath(), "unsupported global attribute of type "
                    + v.getClass().getSimpleName());
        };
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes X, layers, obs/var, dense obsm/varm, obsp/varp and scalar uns entries as loom 3.0.0, atomically (see the
     * class comment for the mapping and what jHDF cannot write).
     */
    public static void write(AnnData adata, Path file) { LoomWriter.write(adata, file); }
}
