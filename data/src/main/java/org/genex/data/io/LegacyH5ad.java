package org.genex.data.io;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.CompoundDataType;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The anndata &lt;= 0.6 ("v0.5") layout, read the way anndata 0.8's compatibility code reads it: {@code obs},
 * {@code var}, {@code obsm} and {@code varm} are compound datasets; the first field of obs/var is the index; an
 * integer column {@code c} with a {@code uns/c_categories} array whose length exceeds every code becomes a
 * categorical (and the entry leaves uns); {@code obsm}/{@code varm} fields are 2-d array fields, one matrix each;
 * raw is stored as the root entries {@code raw.X} (an h5sparse group or a dense dataset) and {@code raw.var}.
 * There are no encoding attributes; uns values follow {@link H5adDecoder#unsValue}'s legacy rules.
 */
final class LegacyH5ad {
    private static final String CATEGORIES_SUFFIX = "_categories";
    private final H5adDecoder d;

    LegacyH5ad(H5adDecoder decoder) { this.d = decoder; }

    /** obs, var and uns, with the categories of obs/var columns moved out of uns. */
    record Tables(DataFrame obs, DataFrame var, Map<String, Object> uns) {}

    Tables tables() {
        DataFrame obs = frame(d.required(d.hdf, "obs", "/"), "/obs");
        DataFrame var = frame(d.required(d.hdf, "var", "/"), "/var");
        Map<String, Object> uns = H5adDecoder.child(d.hdf, "uns") instanceof Group g ? d.dict(g, "/uns")
                : new java.util.LinkedHashMap<>();
        moveCategories(uns, obs, var);
        return new Tables(obs, var, uns);
    }

    AnnData read() {
        Tables t = tables();
        DataFrame obs = t.obs(), var = t.var();
        Map<String, Object> uns = t.uns();
        Node xNode = H5adDecoder.child(d.hdf, "X");
        Matrix x = xNode == null ? null : d.matrix(xNode, "/X");
        if (x != null) d.requireShape(x, obs.rows(), var.rows(), "/X", "(n_obs, n_vars)");
        AnnData a = new AnnData(x, obs, var);
        matrices("obsm", obs.rows(), "n_obs").forEach(e -> a.obsm().put(e.getKey(), e.getValue()));
        matrices("varm", var.rows(), "n_vars").forEach(e -> a.varm().put(e.getKey(), e.getValue()));
        if (H5adDecoder.child(d.hdf, "layers") instanceof Group layers)
            for (Map.Entry<String, Node> e : layers.getChildren().entrySet()) {
                String p = "/layers/" + e.getKey();
                a.layers().put(e.getKey(), d.requireShape(d.matrix(e.getValue(), p), a.nObs(), a.nVars(), p,
                        "(n_obs, n_vars)"));
            }
        a.uns().putAll(uns);
        Node rawX = H5adDecoder.child(d.hdf, "raw.X"), rawVar = H5adDecoder.child(d.hdf, "raw.var");
        if (rawX != null || rawVar != null) {
            if (rawVar == null) throw d.fail("/raw.var", "missing while /raw.X is present");
            DataFrame rv = frame(rawVar, "/raw.var");
            Matrix rx = rawX == null ? null : d.requireShape(d.matrix(rawX, "/raw.X"), a.nObs(), rv.rows(), "/raw.X",
                    "(n_obs, rows of raw.var)");
            a.setRaw(new AnnData.Raw(rx, rv));
        }
        return a;
    }

    /** A compound dataset as a table: the first field is the index, the others columns. */
    private DataFrame frame(Node n, String path) {
        d.at = path;
        if (!(n instanceof Dataset ds) || !ds.isCompound())
            throw d.fail(path, "expected a compound dataset (anndata <= 0.6 layout)");
        d.arrays.length1d(ds, path);
        Map<String, Object> fields = d.compoundFields(ds, path);
        List<CompoundDataType.CompoundDataMember> members = ((CompoundDataType) ds.getDataType()).getMembers();
        if (members.isEmpty()) throw d.fail(path, "a compound dataset without fields has no index");
        String indexName = members.getFirst().getName();
        DataFrame df = new DataFrame(d.arrays.toStrings(fields.get(indexName), path + "/" + indexName), indexName);
        for (CompoundDataType.CompoundDataMember m : members.subList(1, members.size()))
            df.put(m.getName(), d.compoundColumn(m, fields.get(m.getName()), path + "/" + m.getName()));
        return df;
    }

    /** anndata's {@code _clean_uns}: integer columns whose categories were kept in uns/(column)_categories. */
    private void moveCategories(Map<String, Object> uns, DataFrame obs, DataFrame var) {
        List<String> consumed = new ArrayList<>();
        for (Map.Entry<String, Object> e : uns.entrySet()) {
            String key = e.getKey();
            if (!key.endsWith(CATEGORIES_SUFFIX)) continue;
            String column = key.substring(0, key.length() - CATEGORIES_SUFFIX.length());
            String[] categories = switch (e.getValue()) {
                case String s -> new String[]{s};
                case String[] s -> s;
                case Long l -> new String[]{l.toString()};
                default -> null;
            };
            if (categories == null) continue;
            for (DataFrame df : List.of(obs, var)) {
                if (!df.has(column) || !(df.get(column) instanceof Column.Ints codes)) continue;
                int[] c = new int[codes.size()];
                boolean fits = true;
                for (int i = 0; i < c.length && fits; i++) {
                    long v = codes.values()[i];
                    fits = v >= -1 && v < categories.length;
                    c[i] = (int) v;
                }
                if (!fits) continue;
                df.put(column, new Column.Categorical(c, categories, false));
                consumed.add(key);
            }
        }
        consumed.forEach(uns::remove);
    }

    /** obsm/varm: a compound dataset whose fields are (rows, k) arrays, one matrix per field. */
    private List<Map.Entry<String, Matrix>> matrices(String name, int rows, String axis) {
        Node n = H5adDecoder.child(d.hdf, name);
        List<Map.Entry<String, Matrix>> out = new ArrayList<>();
        if (n == null) return out;
        String path = "/" + name;
        d.at = path;
        if (!(n instanceof Dataset ds) || !ds.isCompound())
            throw d.fail(path, "expected a compound dataset (anndata <= 0.6 layout)");
        int len = d.arrays.length1d(ds, path);
        if (len != rows) throw d.fail(path, "has " + len + " rows, expected " + axis + " = " + rows);
        for (Map.Entry<String, Object> f : d.compoundFields(ds, path).entrySet())
            out.add(Map.entry(f.getKey(), matrix(f.getValue(), rows, path + "/" + f.getKey())));
        return out;
    }

    /** A field value: float[][]/double[][] (an array field) or a flat numeric array (one column). */
    private Matrix matrix(Object field, int rows, String path) {
        if (field instanceof Object[] nested && field.getClass().getComponentType().isArray()) {
            int cols = rows == 0 ? 0 : java.lang.reflect.Array.getLength(nested[0]);
            float[] out = new float[Math.multiplyExact(rows, cols)];
            for (int r = 0; r < rows; r++) {
                float[] row = d.arrays.toFloats(nested[r], path);
                if (row.length != cols) throw d.fail(path, "ragged rows");
                System.arraycopy(row, 0, out, r * cols, cols);
            }
            return Matrix.of(Tensor.wrap(out, rows, cols));
        }
        return Matrix.of(Tensor.wrap(d.arrays.toFloats(field, path), rows, 1));
    }
}
