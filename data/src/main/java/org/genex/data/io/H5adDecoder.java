package org.genex.data.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.CompoundDataType;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import org.genex.data.AnnData;
import org.genex.data.AxisElement;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.CscMatrix;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes the elements of an h5ad file (anndata's on-disk specification, anndata >= 0.8, and the anndata 0.7
 * variants) into genex's model: dispatch on the {@code encoding-type} attribute first, then on the HDF5 object kind
 * where the attribute is absent (older files). One decoder reads one open file; {@link #at} names the element
 * being read, so that an unexpected jHDF failure can be reported against it.
 *
 * <p>Encodings read: {@code array}, {@code csr_matrix}, {@code csc_matrix}, {@code dataframe} (0.1.0 and 0.2.0),
 * {@code categorical}, {@code string-array}, {@code numeric-scalar}, {@code string}, {@code dict},
 * {@code nullable-integer}, {@code nullable-boolean}, {@code nullable-string-array}, {@code rec-array}, and
 * {@code raw}. Anything else ({@code awkward-array}, future types) is a {@link DataFormatException} naming the
 * element and the type.
 */
final class H5adDecoder {
    final Path file;
    final HdfFile hdf;
    final HdfArrays arrays;
    /** The element being decoded (an HDF5 path). */
    String at = "/";

    H5adDecoder(Path file, HdfFile hdf) {
        this.file = file;
        this.hdf = hdf;
        this.arrays = new HdfArrays(file);
    }

    DataFormatException fail(String element, String problem) { return arrays.fail(element, problem); }

    // ------------------------------------------------------------------------------------------------ AnnData

    /** The whole file (current or 0.7 layout; the <= 0.6 compound layout goes to {@link LegacyH5ad}). */
    AnnData readAnnData() {
        Node obsNode = child(hdf, "obs");
        if (obsNode == null) throw fail("/obs", "missing: an h5ad file must contain obs and var");
        if (obsNode instanceof Dataset) return new LegacyH5ad(this).read();
        String rootType = arrays.attrString(hdf, "encoding-type");
        if (rootType != null && !rootType.equals("anndata"))
            throw fail("/", "encoding-type is '" + rootType + "', expected 'anndata'");
        DataFrame obs = dataframe(obsNode, "/obs");
        DataFrame var = dataframe(required(hdf, "var", "/"), "/var");
        Node xNode = child(hdf, "X");
        Matrix x = xNode == null ? null : matrix(xNode, "/X");
        if (x != null) requireShape(x, obs.rows(), var.rows(), "/X", "(n_obs, n_vars)");
        AnnData a = new AnnData(x, obs, var);
        readAligned(a);
        if (child(hdf, "uns") instanceof Group uns) a.uns().putAll(dict(uns, "/uns"));
        if (child(hdf, "raw") instanceof Group raw) a.setRaw(raw(raw, "/raw", a.nObs()));
        return a;
    }

    /** obsm, varm, obsp, varp and layers, each checked against the axes. */
    void readAligned(AnnData a) {
        int nObs = a.nObs(), nVars = a.nVars();
        forEachChild("obsm", (key, node, path) -> a.obsm().put(key, axisElement(node, path, nObs, "n_obs")));
        forEachChild("varm", (key, node, path) -> a.varm().put(key, axisElement(node, path, nVars, "n_vars")));
        forEachChild("obsp", (key, node, path) -> a.obsp().put(key,
                requireShape(matrix(node, path), nObs, nObs, path, "(n_obs, n_obs)")));
        forEachChild("varp", (key, node, path) -> a.varp().put(key,
                requireShape(matrix(node, path), nVars, nVars, path, "(n_vars, n_vars)")));
        forEachChild("layers", (key, node, path) -> a.layers().put(key,
                requireShape(matrix(node, path), nObs, nVars, path, "(n_obs, n_vars)")));
    }

    interface ChildAction { void accept(String key, Node node, String path); }

    private void forEachChild(String groupName, ChildAction action) {
        Node g = child(hdf, groupName);
        if (g == null) return;
        if (!(g instanceof Group group)) throw fail("/" + groupName, "expected a group, found a dataset");
        String enc = arrays.attrString(group, "encoding-type");
        if (enc != null && !enc.equals("dict"))
            throw fail("/" + groupName, "encoding-type is '" + enc + "', expected 'dict'");
        for (Map.Entry<String, Node> e : group.getChildren().entrySet())
            action.accept(e.getKey(), e.getValue(), "/" + groupName + "/" + e.getKey());
    }

    AnnData.Raw raw(Group g, String path, int nObs) {
        DataFrame rawVar = dataframe(required(g, "var", path), join(path, "var"));
        Node xNode = child(g, "X");
        Matrix rawX = null;
        if (xNode != null) {
            rawX = matrix(xNode, join(path, "X"));
            requireShape(rawX, nObs, rawVar.rows(), join(path, "X"), "(n_obs, rows of raw/var)");
        }
        Map<String, AxisElement> varm = new LinkedHashMap<>();
        if (child(g, "varm") instanceof Group vg)
            for (Map.Entry<String, Node> e : vg.getChildren().entrySet()) {
                String p = join(path, "varm/" + e.getKey());
                varm.put(e.getKey(), axisElement(e.getValue(), p, rawVar.rows(), "rows of raw/var"));
            }
        return new AnnData.Raw(rawX, rawVar, varm);
    }

    // ------------------------------------------------------------------------------------------------ matrices

    /** An obsm/varm entry: a data frame or a matrix with {@code rows} rows. */
    AxisElement axisElement(Node n, String path, int rows, String axis) {
        at = path;
        AxisElement e = n instanceof Group g && "dataframe".equals(arrays.attrString(g, "encoding-type"))
                ? dataframe(g, path) : matrix(n, path);
        if (e.rows() != rows)
            throw fail(path, "has " + e.rows() + " rows, expected " + axis + " = " + rows);
        return e;
    }

    /**
     * A dense dataset, a csr_matrix/csc_matrix group, or a legacy h5sparse group; values become float32 and the
     * indices of each sparse row (column for CSC) are sorted ({@link SparseRows}).
     */
    Matrix matrix(Node n, String path) {
        at = path;
        String enc = arrays.attrString(n, "encoding-type");
        if (n instanceof Dataset ds) {
            if (enc != null && !enc.equals("array"))
                throw fail(path, "encoding-type is '" + enc + "', expected a matrix ('array')");
            return dense(ds, path);
        }
        Group g = (Group) n;
        if (enc == null) {
            String format = arrays.attrString(g, "h5sparse_format");
            if (format == null)
                throw fail(path, "a group without encoding-type or h5sparse_format is not a matrix");
            return sparse(g, path, format, arrays.attrLongs(g, "h5sparse_shape"));
        }
        return switch (enc) {
            case "csr_matrix" -> sparse(g, path, "csr", arrays.attrLongs(g, "shape"));
            case "csc_matrix" -> sparse(g, path, "csc", arrays.attrLongs(g, "shape"));
            default -> throw unknownOrWrong(path, enc, "a matrix (array, csr_matrix or csc_matrix)");
        };
    }

    /** A 2-d dataset (a 1-d one is one column) as a float32 dense matrix. */
    Matrix dense(Dataset ds, String path) {
        at = path;
        long[] d = arrays.dims(ds, path);
        if (d.length != 1 && d.length != 2)
            throw fail(path, "expected a 2-d array, found shape " + Arrays.toString(d));
        if (HdfArrays.isString(ds.getDataType()) || ds.isCompound())
            throw fail(path, "expected numbers for a matrix, found " + ds.getDataType().getClass().getSimpleName());
        int rows = (int) d[0], cols = d.length == 2 ? (int) d[1] : 1;
        return Matrix.of(Tensor.wrap(arrays.floats(ds, path), rows, cols));
    }

    /** Sparse dimensions after validation: {rows, cols}. */
    int[] sparseShape(long[] shape, String path) {
        if (shape == null || shape.length != 2)
            throw fail(path, "the shape attribute must hold 2 integers, found "
                    + (shape == null ? "none" : Arrays.toString(shape)));
        for (long s : shape)
            if (s < 0 || s > Integer.MAX_VALUE) throw fail(path, "shape " + Arrays.toString(shape) + " is out of range");
        return new int[]{(int) shape[0], (int) shape[1]};
    }

    Matrix sparse(Group g, String path, String format, long[] shapeAttr) {
        boolean csr = format.equals("csr");
        if (!csr && !format.equals("csc"))
            throw fail(path, "sparse format '" + format + "' is neither csr nor csc");
        int[] shape = sparseShape(shapeAttr, path);
        int major = csr ? shape[0] : shape[1];
        Dataset data = dataset(g, "data", path), indices = dataset(g, "indices", path), indptr = dataset(g, "indptr", path);
        String dataPath = join(path, "data"), indicesPath = join(path, "indices"), indptrPath = join(path, "indptr");
        long[] dataDims = data.getDimensionsAsLong();
        if (dataDims.length != 1) throw fail(dataPath, "expected a 1-d array, found shape " + Arrays.toString(dataDims));
        long nnz = checkNnz(dataDims[0], dataPath);
        arrays.requireLength(indices, indicesPath, nnz, "one per stored value");
        arrays.requireLength(indptr, indptrPath, major + 1L, (csr ? "rows" : "columns") + " + 1");
        at = indptrPath;
        int[] ptr = arrays.ints(indptr, indptrPath);
        at = indicesPath;
        int[] idx = arrays.ints(indices, indicesPath);
        at = dataPath;
        float[] values = arrays.floats(data, dataPath);
        at = path;
        try {
            if (ptr.length > 0 && ptr[0] == 0 && ptr[major] <= idx.length && ptr[major] <= values.length
                    && nonDecreasing(ptr))
                SortedRows.sortInPlace(ptr, idx, values);
            return csr ? Matrix.of(new CsrMatrix(shape[0], shape[1], ptr, idx, values))
                    : Matrix.of(new CscMatrix(shape[0], shape[1], ptr, idx, values));
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file, path, e.getMessage(), e);
        }
    }

    /** The number of stored values, if a genex sparse matrix (int indices, Java arrays) can hold it. */
    long checkNnz(long nnz, String dataPath) {
        if (nnz < 0 || nnz > HdfArrays.MAX_ARRAY)
            throw fail(dataPath, "the matrix stores " + nnz + " values; a genex sparse matrix holds at most "
                    + HdfArrays.MAX_ARRAY + " (int indices, Java arrays): read it in row ranges with H5adBacked");
        return nnz;
    }

    private static boolean nonDecreasing(int[] ptr) {
        for (int i = 1; i < ptr.length; i++) if (ptr[i] < ptr[i - 1]) return false;
        return true;
    }

    Matrix requireShape(Matrix m, int rows, int cols, String path, String expected) {
        if (m.rows() != rows || m.cols() != cols)
            throw fail(path, "has shape (" + m.rows() + ", " + m.cols() + "), expected " + expected + " = (" + rows
                    + ", " + cols + ")");
        return m;
    }

    // ------------------------------------------------------------------------------------------------ data frames

    /** A dataframe group: the {@code _index} attribute names the index dataset; columns in column-order. */
    DataFrame dataframe(Node n, String path) {
        at = path;
        if (!(n instanceof Group g)) throw fail(path, "expected a dataframe group, found a dataset");
        String enc = arrays.attrString(g, "encoding-type");
        if (enc != null && !enc.equals("dataframe"))
            throw unknownOrWrong(path, enc, "a dataframe");
        String indexName = arrays.attrString(g, "_index");
        if (indexName == null) throw fail(path, "no _index attribute naming the index dataset");
        String indexPath = join(path, indexName);
        Dataset indexDs = dataset(g, indexName, path);
        arrays.length1d(indexDs, indexPath);
        at = indexPath;
        DataFrame df = new DataFrame(arrays.strings(indexDs, indexPath), indexName);
        for (String col : arrays.attrStrings(g, "column-order")) {
            Node c = child(g, col);
            if (c == null) throw fail(join(path, col), "listed in column-order but missing");
            df.put(col, column(c, join(path, col), df.rows()));
        }
        return df;
    }

    /** One column of {@code rows} values ({@code rows < 0}: any length, for uns). */
    Column column(Node n, String path, int rows) {
        at = path;
        String enc = arrays.attrString(n, "encoding-type");
        if (n instanceof Group g) {
            if (enc == null) throw fail(path, "a group without encoding-type is not a column");
            return switch (enc) {
                case "categorical" -> categorical(g, path, rows);
                case "nullable-integer", "nullable-boolean", "nullable-string-array" -> nullable(g, path, enc, rows);
                default -> throw unknownOrWrong(path, enc, "a column");
            };
        }
        Dataset ds = (Dataset) n;
        if (enc != null && !enc.equals("array") && !enc.equals("string-array"))
            throw unknownOrWrong(path, enc, "a column");
        int len = arrays.length1d(ds, path);
        if (rows >= 0 && len != rows) throw fail(path, "has " + len + " values, the table " + rows + " rows");
        if (enc == null && HdfArrays.hasAttr(ds, "categories")) return referencedCategorical(ds, path);
        return plainColumn(ds, path);
    }

    /** A numeric, boolean or string dataset as the matching column kind. */
    Column plainColumn(Dataset ds, String path) {
        DataType t = ds.getDataType();
        if (HdfArrays.isBool(t)) return new Column.Bools(arrays.bools(ds, path));
        if (HdfArrays.isString(t) || t instanceof EnumDataType) return new Column.Strings(arrays.strings(ds, path));
        if (HdfArrays.isFloat(t)) {
            Object a = arrays.flat(ds, path);
            return new Column.Floats(arrays.toDoubles(a, path), a instanceof float[]);
        }
        if (HdfArrays.isInteger(t)) return new Column.Ints(arrays.longs(ds, path));
        throw fail(path, "cannot hold a column of HDF5 type " + t.getClass().getSimpleName());
    }

    Column.Categorical categorical(Group g, String path, int rows) {
        Dataset codes = dataset(g, "codes", path), cats = dataset(g, "categories", path);
        String codesPath = join(path, "codes"), catsPath = join(path, "categories");
        int n = arrays.length1d(codes, codesPath);
        if (rows >= 0 && n != rows) throw fail(codesPath, "has " + n + " codes, the table " + rows + " rows");
        arrays.length1d(cats, catsPath);
        at = catsPath;
        String[] categories = arrays.strings(cats, catsPath);
        at = codesPath;
        return categorical(arrays.ints(codes, codesPath), categories, arrays.attrBool(g, "ordered", false), codesPath);
    }

    /** anndata 0.7: int8 codes whose attribute {@code categories} is an object reference to the categories. */
    Column.Categorical referencedCategorical(Dataset codes, String path) {
        Object ref = HdfArrays.attr(codes, "categories");
        Node target;
        try {
            target = ref instanceof Long address ? hdf.getNodeByAddress(address)
                    : ref instanceof String name ? child(codes.getParent(), name) : null;
        } catch (HdfException e) {
            throw new DataFormatException(file, path + "@categories",
                    "object reference " + ref + " cannot be resolved: " + e.getMessage(), e);
        }
        if (!(target instanceof Dataset cats))
            throw fail(path + "@categories", "expected a reference to a dataset of categories, found " + ref);
        String catsPath = HdfArrays.pathOf(cats);
        arrays.length1d(cats, catsPath);
        at = catsPath;
        String[] categories = arrays.strings(cats, catsPath);
        at = path;
        return categorical(arrays.ints(codes, path), categories, arrays.attrBool(cats, "ordered", false), path);
    }

    Column.Categorical categorical(int[] codes, String[] categories, boolean ordered, String codesPath) {
        for (int i = 0; i < codes.length; i++)
            if (codes[i] < -1 || codes[i] >= categories.length)
                throw fail(codesPath, "code " + codes[i] + " at row " + i + " is outside -1.." + (categories.length - 1)
                        + " (" + categories.length + " categories)");
        return new Column.Categorical(codes, categories, ordered);
    }

    /** nullable-integer, nullable-boolean, nullable-string-array: values plus an optional mask (true = missing). */
    Column nullable(Group g, String path, String enc, int rows) {
        Dataset values = dataset(g, "values", path);
        String valuesPath = join(path, "values");
        int n = arrays.length1d(values, valuesPath);
        if (rows >= 0 && n != rows) throw fail(valuesPath, "has " + n + " values, the table " + rows + " rows");
        boolean[] mask = new boolean[n];
        Node maskNode = child(g, "mask");
        if (maskNode != null) {
            String maskPath = join(path, "mask");
            if (!(maskNode instanceof Dataset m)) throw fail(maskPath, "expected a dataset");
            arrays.requireLength(m, maskPath, n, "one per value");
            at = maskPath;
            mask = arrays.bools(m, maskPath);
        }
        at = valuesPath;
        return switch (enc) {
            case "nullable-integer" -> new Column.NullableInts(arrays.longs(values, valuesPath), mask);
            case "nullable-boolean" -> new Column.NullableBools(arrays.bools(values, valuesPath), mask);
            default -> new Column.NullableStrings(arrays.strings(values, valuesPath), mask);
        };
    }

    /** A compound dataset (rec-array, or uns/O_recarray of anndata 0.7) as a data frame indexed "0", "1", ... */
    DataFrame compoundFrame(Dataset ds, String path) {
        at = path;
        int n = arrays.length1d(ds, path);
        DataFrame df = DataFrame.ofRange(n);
        Map<String, Object> fields = compoundFields(ds, path);
        for (CompoundDataType.CompoundDataMember m : ((CompoundDataType) ds.getDataType()).getMembers())
            df.put(m.getName(), compoundColumn(m, fields.get(m.getName()), path + "/" + m.getName()));
        return df;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> compoundFields(Dataset ds, String path) {
        arrays.dims(ds, path);
        Object data = ds.getData();
        if (!(data instanceof Map<?, ?> m)) throw fail(path, "expected a compound dataset, found " + HdfArrays.describe(data));
        return (Map<String, Object>) m;
    }

    /** One scalar field of a compound dataset as a column. */
    Column compoundColumn(CompoundDataType.CompoundDataMember m, Object values, String path) {
        if (m.getDimensionSize() != null && m.getDimensionSize().length > 0
                && Arrays.stream(m.getDimensionSize()).reduce(1, (a, b) -> a * b) != 1)
            throw fail(path, "an array field of shape " + Arrays.toString(m.getDimensionSize())
                    + " cannot be a table column");
        DataType t = m.getDataType();
        if (HdfArrays.isBool(t)) return new Column.Bools(arrays.toBools(values, path));
        if (values instanceof String[] s) return new Column.Strings(arrays.toStrings(s, path));
        if (values instanceof float[] || values instanceof double[])
            return new Column.Floats(arrays.toDoubles(values, path), values instanceof float[]);
        return new Column.Ints(arrays.toLongs(values, path));
    }

    // ------------------------------------------------------------------------------------------------ uns

    /** A dict group (or an encoding-less group of older files) as an ordered map. */
    Map<String, Object> dict(Group g, String path) {
        String enc = arrays.attrString(g, "encoding-type");
        if (enc != null && !enc.equals("dict")) throw unknownOrWrong(path, enc, "a dict");
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : g.getChildren().entrySet())
            out.put(e.getKey(), unsValue(e.getValue(), join(path, e.getKey())));
        return out;
    }

    /**
     * One uns value: String, Double/Float/Long/Boolean scalars, 1-d arrays as float[], double[], int[] (integers up
     * to 32 bits), long[] (int64, uint32), boolean[] or String[], n-d numeric arrays as float32 {@link Tensor}s,
     * sparse matrices as {@link Matrix}, data frames and rec-arrays as {@link DataFrame}, categorical and nullable
     * arrays as {@link Column}s, dicts as nested maps.
     */
    Object unsValue(Node n, String path) {
        at = path;
        String enc = arrays.attrString(n, "encoding-type");
        if (n instanceof Group g) {
            if (enc == null) return HdfArrays.hasAttr(g, "h5sparse_format") ? matrix(g, path) : dict(g, path);
            return switch (enc) {
                case "dict" -> dict(g, path);
                case "csr_matrix", "csc_matrix" -> matrix(g, path);
                case "dataframe" -> dataframe(g, path);
                case "categorical", "nullable-integer", "nullable-boolean", "nullable-string-array" ->
                        column(g, path, -1);
                default -> throw unknownOrWrong(path, enc, "a uns value");
            };
        }
        Dataset ds = (Dataset) n;
        if (enc == null) return legacyUnsDataset(ds, path);
        return switch (enc) {
            case "string", "numeric-scalar" -> scalar(ds, path);
            case "array", "string-array" -> array(ds, path);
            case "rec-array" -> compoundFrame(ds, path);
            default -> throw unknownOrWrong(path, enc, "a uns value");
        };
    }

    /** Datasets without encoding attributes (anndata <= 0.7): old strings were one-element 1-d byte arrays. */
    private Object legacyUnsDataset(Dataset ds, String path) {
        if (ds.isCompound()) return compoundFrame(ds, path);
        long[] d = arrays.dims(ds, path);
        if (d.length == 0) return scalar(ds, path);
        if (d.length == 1 && d[0] == 1 && HdfArrays.isString(ds.getDataType()) && !ds.isVariableLength())
            return arrays.strings(ds, path)[0];
        return array(ds, path);
    }

    /** A 0-d dataset as String, Boolean, Double, Float or Long. */
    Object scalar(Dataset ds, String path) {
        long[] d = arrays.dims(ds, path);
        if (d.length != 0 && !(d.length == 1 && d[0] == 1))
            throw fail(path, "expected a scalar, found shape " + Arrays.toString(d));
        DataType t = ds.getDataType();
        Object v = d.length == 0 ? ds.getData() : java.lang.reflect.Array.get(arrays.flat(ds, path), 0);
        if (HdfArrays.isBool(t)) return arrays.toBools(new String[]{v instanceof Boolean b ? (b ? "TRUE" : "FALSE")
                : String.valueOf(v)}, path)[0];
        return switch (v) {
            case String s -> s;
            case Double x -> x;
            case Float x -> x;
            case BigInteger x -> arrays.toLongs(new BigInteger[]{x}, path)[0];
            case Number x -> x.longValue();
            case Boolean b -> b;
            default -> throw fail(path, "unsupported scalar " + HdfArrays.describe(v));
        };
    }

    /** An array-encoded dataset: 0-d as a scalar, 1-d as a Java array, n-d numeric as a float32 Tensor. */
    Object array(Dataset ds, String path) {
        if (ds.isCompound()) return compoundFrame(ds, path);
        long[] d = arrays.dims(ds, path);
        if (d.length == 0) return scalar(ds, path);
        DataType t = ds.getDataType();
        if (d.length == 1) {
            if (HdfArrays.isBool(t)) return arrays.bools(ds, path);
            if (HdfArrays.isString(t) || t instanceof EnumDataType) return arrays.strings(ds, path);
            Object a = arrays.flat(ds, path);
            if (a instanceof float[] || a instanceof double[]) return a;
            return a instanceof long[] || a instanceof BigInteger[] ? arrays.toLongs(a, path) : arrays.toInts(a, path);
        }
        if (!HdfArrays.isFloat(t) && !HdfArrays.isInteger(t))
            throw fail(path, "a " + d.length + "-d array of " + t.getClass().getSimpleName() + " is not supported");
        int[] dims = new int[d.length];
        for (int i = 0; i < d.length; i++) dims[i] = (int) d[i];
        return Tensor.wrap(arrays.floats(ds, path), dims);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private DataFormatException unknownOrWrong(String path, String enc, String expected) {
        return switch (enc) {
            case "array", "csr_matrix", "csc_matrix", "dataframe", "categorical", "string-array", "numeric-scalar",
                 "string", "dict", "nullable-integer", "nullable-boolean", "nullable-string-array", "rec-array",
                 "raw", "anndata" -> fail(path, "encoding-type '" + enc + "' where " + expected + " was expected");
            default -> fail(path, "unknown encoding-type '" + enc + "' (expected " + expected + ")");
        };
    }

    static Node child(Group g, String name) {
        return g.getChildren().get(name);
    }

    Node required(Group g, String name, String parentPath) {
        Node n = child(g, name);
        if (n == null) throw fail(join(parentPath, name), "missing");
        return n;
    }

    Dataset dataset(Group g, String name, String parentPath) {
        Node n = required(g, name, parentPath);
        if (!(n instanceof Dataset ds)) throw fail(join(parentPath, name), "expected a dataset, found a group");
        return ds;
    }

    static String join(String parent, String name) {
        return parent.equals("/") ? "/" + name : parent + "/" + name;
    }
}
