package org.genex.data.io;

import org.genex.data.AnnData;
import org.genex.data.AxisElement;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.CscMatrix;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;

import java.util.Map;

/**
 * Encodes an {@link AnnData} as the {@link HdfTree} of an h5ad file in the current on-disk format (anndata's
 * {@code fileformat-prose}, anndata &gt;= 0.8): every element carries {@code encoding-type} and
 * {@code encoding-version}; strings are variable-length UTF-8, booleans h5py's enum. Empty obsm, varm, obsp,
 * varp, layers and uns are left out (the specification makes them optional). Anything that cannot be stored
 * (a null, an unsupported object in uns, a bad name) is an {@link IllegalArgumentException} naming its path,
 * raised before the file is touched.
 */
final class H5adEncoder {
    private H5adEncoder() {}

    static HdfTree.Group encode(AnnData a) {
        HdfTree.Group root = new HdfTree.Group("/");
        root.encoding("anndata", "0.1.0");
        root.put("obs", dataframe(a.obs(), root.child("obs")));
        root.put("var", dataframe(a.var(), root.child("var")));
        if (a.hasX()) root.put("X", matrix(a.x(), "/X"));
        putDict(root, "obsm", a.obsm().asMap());
        putDict(root, "varm", a.varm().asMap());
        putDict(root, "obsp", a.obsp().asMap());
        putDict(root, "varp", a.varp().asMap());
        putDict(root, "layers", a.layers().asMap());
        if (!a.uns().isEmpty()) root.put("uns", dict(a.uns(), "/uns"));
        if (a.raw() != null) root.put("raw", raw(a.raw(), "/raw"));
        return root;
    }

    private static void putDict(HdfTree.Group parent, String name, Map<String, ? extends AxisElement> elements) {
        if (elements.isEmpty()) return;
        HdfTree.Group g = new HdfTree.Group(parent.child(name));
        g.encoding("dict", "0.1.0");
        elements.forEach((k, e) -> g.put(k, axisElement(e, g.child(k))));
        parent.put(name, g);
    }

    private static HdfTree.Group raw(AnnData.Raw raw, String path) {
        HdfTree.Group g = new HdfTree.Group(path);
        g.encoding("raw", "0.1.0");
        if (raw.x() != null) g.put("X", matrix(raw.x(), g.child("X")));
        g.put("var", dataframe(raw.var(), g.child("var")));
        putDict(g, "varm", raw.varm());
        return g;
    }

    static HdfTree.Node axisElement(AxisElement e, String path) {
        return switch (e) {
            case Matrix m -> matrix(m, path);
            case DataFrame df -> dataframe(df, path);
        };
    }

    // ------------------------------------------------------------------------------------------------ matrices

    /** Dense: a float32 dataset ({@code array}); CSR/CSC: a group with data, indices, indptr (int32) and shape. */
    static HdfTree.Node matrix(Matrix m, String path) {
        return switch (m) {
            case Matrix.Dense d -> {
                Tensor t = d.tensor();
                float[] values = isHost(t) ? t.array() : t.toArray();
                int offset = isHost(t) ? t.offset() : 0;
                yield new HdfTree.Data(HdfTypes.FLOAT32, values, offset, t.dim(0), t.dim(1)).encoding("array", "0.2.0");
            }
            case Matrix.Csr s -> {
                CsrMatrix c = s.matrix();
                yield sparse("csr_matrix", c.rows(), c.cols(), c.indptr(), c.indices(), c.values(), c.nnz(), path);
            }
            case Matrix.Csc s -> {
                CscMatrix c = s.matrix();
                yield sparse("csc_matrix", c.rows(), c.cols(), c.indptr(), c.indices(), c.values(), c.nnz(), path);
            }
        };
    }

    private static boolean isHost(Tensor t) {
        try {
            t.array();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static HdfTree.Group sparse(String type, int rows, int cols, int[] indptr, int[] indices, float[] values,
                                        int nnz, String path) {
        HdfTree.Group g = new HdfTree.Group(path);
        g.encoding(type, "0.1.0");
        g.attrs().put("shape", new long[]{rows, cols});
        // as anndata writes them: the three arrays carry no encoding attributes of their own
        g.put("data", new HdfTree.Data(HdfTypes.FLOAT32, values, 0, nnz));
        g.put("indices", new HdfTree.Data(HdfTypes.INT32, indices, 0, nnz));
        g.put("indptr", new HdfTree.Data(HdfTypes.INT32, indptr, 0, indptr.length));
        return g;
    }

    // ------------------------------------------------------------------------------------------------ data frames

    /**
     * A dataframe group: {@code _index} names the index dataset, {@code column-order} lists the columns (an empty
     * float64 array when there are none, as anndata writes it), one element per column.
     */
    static HdfTree.Group dataframe(DataFrame df, String path) {
        HdfTree.Group g = new HdfTree.Group(path);
        g.encoding("dataframe", "0.2.0");
        String indexName = df.indexName();
        if (df.has(indexName))
            throw new IllegalArgumentException(g.child(indexName) + ": a column has the name of the index ('"
                    + indexName + "')");
        g.attrs().put("_index", indexName);
        g.attrs().put("column-order", df.columnNames().toArray(String[]::new));
        g.put(indexName, strings(df.index(), g.child(indexName)));
        df.columns().forEach((name, c) -> g.put(name, column(c, g.child(name))));
        return g;
    }

    /** One column: array, string-array, categorical or one of the nullable encodings. */
    static HdfTree.Node column(Column c, String path) {
        int n = c.size();
        return switch (c) {
            case Column.Floats f -> f.float32()
                    ? new HdfTree.Data(HdfTypes.FLOAT32, toFloats(f.values()), 0, n).encoding("array", "0.2.0")
                    : new HdfTree.Data(HdfTypes.FLOAT64, f.values(), 0, n).encoding("array", "0.2.0");
            case Column.Ints v -> new HdfTree.Data(HdfTypes.INT64, v.values(), 0, n).encoding("array", "0.2.0");
            case Column.Bools b -> bools(b.values());
            case Column.Strings s -> strings(s.values(), path);
            case Column.Categorical k -> categorical(k, path);
            case Column.NullableInts v -> nullable("nullable-integer", path, v.mask(),
                    new HdfTree.Data(HdfTypes.INT64, v.values(), 0, n).encoding("array", "0.2.0"));
            case Column.NullableBools v -> nullable("nullable-boolean", path, v.mask(), bools(v.values()));
            case Column.NullableStrings v -> {
                String[] values = v.values().clone();
                for (int i = 0; i < values.length; i++) if (values[i] == null) values[i] = "";
                yield nullable("nullable-string-array", path, v.mask(), strings(values, path + "/values"));
            }
        };
    }

    private static HdfTree.Group categorical(Column.Categorical k, String path) {
        HdfTree.Group g = new HdfTree.Group(path);
        g.encoding("categorical", "0.2.0");
        g.attrs().put("ordered", k.ordered());
        int[] codes = k.codes();
        int nCat = k.categories().length;
        HdfTree.Data codesData;
        if (nCat <= Byte.MAX_VALUE) { // the smallest signed type that holds the codes, as pandas does
            byte[] b = new byte[codes.length];
            for (int i = 0; i < b.length; i++) b[i] = (byte) codes[i];
            codesData = new HdfTree.Data(HdfTypes.INT8, b, 0, b.length);
        } else if (nCat <= Short.MAX_VALUE) {
            short[] s = new short[codes.length];
            for (int i = 0; i < s.length; i++) s[i] = (short) codes[i];
            codesData = new HdfTree.Data(HdfTypes.INT16, s, 0, s.length);
        } else codesData = new HdfTree.Data(HdfTypes.INT32, codes, 0, codes.length);
        g.put("codes", codesData.encoding("array", "0.2.0"));
        g.put("categories", strings(k.categories(), g.child("categories")));
        return g;
    }

    private static HdfTree.Group nullable(String type, String path, boolean[] mask, HdfTree.Node values) {
        HdfTree.Group g = new HdfTree.Group(path);
        g.encoding(type, "0.1.0");
        g.put("values", values);
        g.put("mask", bools(mask));
        return g;
    }

    private static HdfTree.Node bools(boolean[] values) {
        return new HdfTree.Data(HdfTypes.BOOL, values, 0, values.length).encoding("array", "0.2.0");
    }

    /** A {@code string-array}: variable-length UTF-8 strings; no element may be null. */
    static HdfTree.Node strings(String[] values, String path) {
        for (int i = 0; i < values.length; i++)
            if (values[i] == null) throw new IllegalArgumentException(path + ": string " + i + " is null");
        return new HdfTree.Data(HdfTypes.VLEN_UTF8, values, 0, values.length).encoding("string-array", "0.2.0");
    }

    private static float[] toFloats(double[] d) {
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (float) d[i];
        return out;
    }

    // ------------------------------------------------------------------------------------------------ uns

    /** A {@code dict} group of uns values (an empty map is an empty group, which anndata reads as {}). */
    static HdfTree.Group dict(Map<?, ?> map, String path) {
        HdfTree.Group g = new HdfTree.Group(path);
        g.encoding("dict", "0.1.0");
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key))
                throw new IllegalArgumentException(path + ": key " + e.getKey() + " is not a String");
            g.put(key, unsValue(e.getValue(), g.child(key)));
        }
        return g;
    }

    /**
     * One uns value, as anndata writes the Python equivalent: String as {@code string}; Boolean, Double, Float and
     * Long/Integer/Short/Byte as {@code numeric-scalar} (bool, float64, float32, int64); {@code double[]},
     * {@code float[]}, {@code long[]}, {@code int[]}, {@code boolean[]} as {@code array}; {@code String[]} as
     * {@code string-array}; a {@link Tensor} as a float32 {@code array} of its shape; a DataFrame as a
     * {@code rec-array} when {@link #isRecArray} says so, else a {@code dataframe}; Matrix, Column and nested maps
     * with their own encodings.
     */
    static HdfTree.Node unsValue(Object v, String path) {
        return switch (v) {
            case null -> throw new IllegalArgumentException(path + ": null cannot be stored in h5ad");
            case String s -> new HdfTree.Data(HdfTypes.VLEN_UTF8, new String[]{s}, 0).encoding("string", "0.2.0");
            case Boolean b -> scalar(HdfTypes.BOOL, new boolean[]{b});
            case Double d -> scalar(HdfTypes.FLOAT64, new double[]{d});
            case Float f -> scalar(HdfTypes.FLOAT32, new float[]{f});
            case Long l -> scalar(HdfTypes.INT64, new long[]{l});
            case Integer i -> scalar(HdfTypes.INT64, new long[]{i});
            case Short s -> scalar(HdfTypes.INT64, new long[]{s});
            case Byte b -> scalar(HdfTypes.INT64, new long[]{b});
            case double[] a -> new HdfTree.Data(HdfTypes.FLOAT64, a, 0, a.length).encoding("array", "0.2.0");
            case float[] a -> new HdfTree.Data(HdfTypes.FLOAT32, a, 0, a.length).encoding("array", "0.2.0");
            case long[] a -> new HdfTree.Data(HdfTypes.INT64, a, 0, a.length).encoding("array", "0.2.0");
            case int[] a -> new HdfTree.Data(HdfTypes.INT32, a, 0, a.length).encoding("array", "0.2.0");
            case boolean[] a -> bools(a);
            case String[] a -> strings(a, path);
            case Tensor t -> tensor(t);
            case Matrix m -> matrix(m, path);
            case DataFrame df -> isRecArray(df) ? recArray(df) : dataframe(df, path);
            case Column c -> column(c, path);
            case Map<?, ?> m -> dict(m, path);
            default -> throw new IllegalArgumentException(path + ": a " + v.getClass().getName()
                    + " cannot be stored in h5ad (uns holds String, Number, Boolean, primitive and String arrays,"
                    + " Tensor, Matrix, DataFrame, Column and nested Map<String, ?>)");
        };
    }

    /**
     * Whether a data frame in uns is written as a {@code rec-array} (a compound dataset, as scanpy stores
     * {@code rank_genes_groups}): its index is the default "0", "1", ... named {@code _index} (what the reader makes
     * of a rec-array) and every column is a float, integer, boolean or string column. Column names of such tables
     * may contain '/', which a dataframe group could not hold.
     */
    static boolean isRecArray(DataFrame df) {
        if (!df.indexName().equals("_index") || df.columnNames().isEmpty()) return false;
        String[] index = df.index();
        for (int i = 0; i < index.length; i++) if (!index[i].equals(Integer.toString(i))) return false;
        for (Column c : df.columns().values())
            if (!(c instanceof Column.Floats || c instanceof Column.Ints || c instanceof Column.Bools
                    || c instanceof Column.Strings)) return false;
        return true;
    }

    private static HdfTree.Node recArray(DataFrame df) {
        int n = df.columns().size();
        String[] names = df.columnNames().toArray(String[]::new);
        HdfTypes.Encoded[] types = new HdfTypes.Encoded[n];
        Object[] columns = new Object[n];
        for (int m = 0; m < n; m++) {
            switch (df.get(names[m])) {
                case Column.Floats f when f.float32() -> { types[m] = HdfTypes.FLOAT32; columns[m] = toFloats(f.values()); }
                case Column.Floats f -> { types[m] = HdfTypes.FLOAT64; columns[m] = f.values(); }
                case Column.Ints v -> { types[m] = HdfTypes.INT64; columns[m] = v.values(); }
                case Column.Bools b -> { types[m] = HdfTypes.BOOL; columns[m] = b.values(); }
                case Column.Strings s -> { types[m] = HdfTypes.VLEN_UTF8; columns[m] = s.values(); }
                default -> throw new IllegalStateException("isRecArray admits only plain columns");
            }
        }
        return new HdfTree.Data(HdfTypes.compound(names, types), new EncodedDataset.Records(columns), 0, df.rows())
                .encoding("rec-array", "0.2.0");
    }

    private static HdfTree.Node scalar(HdfTypes.Encoded type, Object oneElement) {
        return new HdfTree.Data(type, oneElement, 0).encoding("numeric-scalar", "0.2.0");
    }

    private static HdfTree.Node tensor(Tensor t) {
        long[] dims = new long[t.rank()];
        for (int i = 0; i < dims.length; i++) dims[i] = t.dim(i);
        boolean host = isHost(t);
        HdfTree.Data d = new HdfTree.Data(HdfTypes.FLOAT32, host ? t.array() : t.toArray(), host ? t.offset() : 0, dims);
        return d.encoding(dims.length == 0 ? "numeric-scalar" : "array", "0.2.0");
    }
}
