package org.genex.data.io;

import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.CscMatrix;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Small AnnData objects that use every feature the h5ad writer supports, an exact comparison of two AnnData
 * objects, and their description as the expectation JSON that data/scripts/check_h5ad.py reads.
 */
final class H5adSamples {
    private H5adSamples() {}

    static final String[] OBS = {"c0", "c1", "cé", "c😀", "c4"};
    static final String[] VARS = {"g0", "g1", "g2", "g3"};

    /** 5 x 4, CSR X, every column kind, every aligned collection, nested uns with every value type, raw. */
    static AnnData everything() {
        DataFrame obs = new DataFrame(OBS, "cell_id");
        obs.put("f64", new Column.Floats(new double[]{1.5, Double.NaN, -2, 0, 1e300}));
        obs.put("f32", new Column.Floats(new double[]{0.25, 1, 2, 3, -4.5}, true));
        obs.put("ints", new Column.Ints(new long[]{0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 7}));
        obs.put("flags", new Column.Bools(new boolean[]{true, false, false, true, true}));
        obs.put("names", new Column.Strings(new String[]{"", "a", "ü", "two words", "x/y"}));
        obs.put("cat", new Column.Categorical(new int[]{0, 1, -1, 2, 0}, new String[]{"B", "NK", "T"}, false));
        obs.put("grade", new Column.Categorical(new int[]{2, 1, 0, 1, 2}, new String[]{"low", "mid", "high"}, true));
        obs.put("nint", new Column.NullableInts(new long[]{1, 0, 3, -4, 5}, new boolean[]{false, true, false, false, true}));
        obs.put("nbool", new Column.NullableBools(new boolean[]{true, false, true, false, false},
                new boolean[]{false, false, true, false, false}));
        obs.put("nstr", new Column.NullableStrings(new String[]{"p", null, "q", "", "r"},
                new boolean[]{false, true, false, false, false}));
        DataFrame var = new DataFrame(VARS);
        var.put("highly_variable", new boolean[]{true, false, true, false});
        var.put("means", new double[]{0.5, 1.5, 2.5, 3.5});
        var.put("gene_ids", new String[]{"ENSG1", "ENSG2", "ENSG3", "ENSG4"});

        AnnData a = new AnnData(Matrix.of(CsrMatrix.fromDense(Tensor.of(new float[]{
                1, 0, 0, 2,
                0, 0, 0, 0,
                0, 3.5f, 0, 0,
                0, 0, -4, 0,
                5, 0, 0, 6.25f}, 5, 4))), obs, var);
        a.layers().put("dense", Matrix.dense(5, 4, range(20, 0.5f)));
        a.layers().put("counts", Matrix.of(CscMatrix.fromDense(Tensor.of(new float[]{
                1, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4, 0, 5, 0, 0, 6}, 5, 4))));
        a.obsm().put("X_pca", Matrix.dense(5, 3, range(15, -0.25f)));
        a.obsm().put("sparse", Matrix.of(CsrMatrix.fromDense(Tensor.of(new float[]{
                0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0}, 5, 6))));
        DataFrame df = new DataFrame(OBS);
        df.put("score", new double[]{0.1, 0.2, 0.3, 0.4, 0.5});
        df.put("label", Column.Categorical.of("x", "y", null, "x", "z"));
        a.obsm().put("df", df);
        a.varm().put("PCs", Matrix.dense(4, 3, range(12, 1)));
        a.obsp().put("connectivities", Matrix.of(CsrMatrix.fromDense(Tensor.of(new float[]{
                0, 1, 0, 0, 0, 1, 0, 0.5f, 0, 0, 0, 0.5f, 0, 0, 0, 0, 0, 0, 0, 0.25f, 0, 0, 0, 0.25f, 0}, 5, 5))));
        a.varp().put("corr", Matrix.dense(4, 4, range(16, 0.125f)));

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("n_neighbors", 15L);
        params.put("method", "umap");
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("params", params);
        nested.put("empty", new LinkedHashMap<>());
        Map<String, Object> uns = a.uns();
        uns.put("title", "experiment é");
        uns.put("n", 42L);
        uns.put("pi", 3.14159);
        uns.put("half", 0.5f);
        uns.put("flag", true);
        uns.put("doubles", new double[]{1, 2.5, Double.NaN});
        uns.put("floats", new float[]{1, -2});
        uns.put("longs", new long[]{1L << 40, -3});
        uns.put("ints", new int[]{1, 2, 3});
        uns.put("bools", new boolean[]{true, false});
        uns.put("colors", new String[]{"#1f77b4", "#ff7f0e"});
        uns.put("empty_strings", new String[0]);
        uns.put("matrix2d", Tensor.of(range(6, 1), 2, 3));
        uns.put("tensor3d", Tensor.of(range(8, -1), 2, 2, 2));
        uns.put("sparse", Matrix.of(CsrMatrix.fromDense(Tensor.of(new float[]{0, 1, 2, 0}, 2, 2))));
        DataFrame table = new DataFrame(new String[]{"a", "b"});
        table.put("value", new double[]{1, 2});
        uns.put("table", table);
        DataFrame names = DataFrame.ofRange(3);
        names.put("CD4+/CD25 T Reg", new String[]{"RGS19", "IL32", "GSTK1"});
        names.put("score", new Column.Floats(new double[]{0.5, 0.25, 0.125}, true));
        names.put("rank", new Column.Ints(new long[]{1, 2, 3}));
        names.put("up", new boolean[]{true, false, true});
        uns.put("rank_genes_groups", Map.of("names", names));
        uns.put("labels", Column.Categorical.of("u", null, "v"));
        uns.put("neighbors", nested);

        DataFrame rawVar = new DataFrame(new String[]{"r0", "r1", "r2", "r3", "r4", "r5"});
        rawVar.put("gene_symbols", new String[]{"A", "B", "C", "D", "E", "F"});
        Matrix rawX = Matrix.of(CsrMatrix.fromDense(Tensor.of(range(30, -10), 5, 6)));
        a.setRaw(new AnnData.Raw(rawX, rawVar, Map.of("PCs", Matrix.dense(6, 2, range(12, 0)))));
        return a;
    }

    /** A small AnnData with X in the given layout and nothing else but a column of each table. */
    static AnnData withX(Matrix x) {
        AnnData a = new AnnData(x);
        a.obs().put("n", new double[x.rows()]);
        return a;
    }

    static float[] range(int n, float start) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = start + i * 0.5f;
        return v;
    }

    // ------------------------------------------------------------------------------------------------ equality

    /** Exact equality of everything the writer stores (integer uns scalars read back as Long). */
    static void assertSame(AnnData expected, AnnData actual) {
        assertEquals(expected.nObs(), actual.nObs(), "n_obs");
        assertEquals(expected.nVars(), actual.nVars(), "n_vars");
        assertEquals(expected.hasX(), actual.hasX(), "has X");
        if (expected.hasX()) H5adGolden.assertSameMatrix(expected.x(), actual.x(), "X");
        assertSameFrame(expected.obs(), actual.obs(), "obs");
        assertSameFrame(expected.var(), actual.var(), "var");
        assertSameMap(expected.obsm().asMap(), actual.obsm().asMap(), "obsm");
        assertSameMap(expected.varm().asMap(), actual.varm().asMap(), "varm");
        assertSameMap(expected.obsp().asMap(), actual.obsp().asMap(), "obsp");
        assertSameMap(expected.varp().asMap(), actual.varp().asMap(), "varp");
        assertSameMap(expected.layers().asMap(), actual.layers().asMap(), "layers");
        assertSameValue(expected.uns(), actual.uns(), "uns");
        if (expected.raw() == null) assertNull(actual.raw(), "raw");
        else {
            assertNotNull(actual.raw(), "raw");
            if (expected.raw().x() != null) H5adGolden.assertSameMatrix(expected.raw().x(), actual.raw().x(), "raw/X");
            assertSameFrame(expected.raw().var(), actual.raw().var(), "raw/var");
            assertSameMap(expected.raw().varm(), actual.raw().varm(), "raw/varm");
        }
    }

    static void assertSameMap(Map<String, ?> expected, Map<String, ?> actual, String path) {
        assertEquals(expected.keySet(), actual.keySet(), path + " keys");
        for (String k : expected.keySet()) assertSameValue(expected.get(k), actual.get(k), path + "/" + k);
    }

    static void assertSameFrame(DataFrame e, DataFrame a, String path) {
        assertArrayEquals(e.index(), a.index(), path + " index");
        assertEquals(e.indexName(), a.indexName(), path + " index name");
        assertEquals(e.columnNames(), a.columnNames(), path + " columns");
        for (String c : e.columnNames()) assertSameColumn(e.get(c), a.get(c), path + "/" + c);
    }

    static void assertSameColumn(Column e, Column a, String path) {
        assertEquals(e.getClass(), a.getClass(), path + " kind");
        switch (e) {
            case Column.Floats f -> {
                Column.Floats g = (Column.Floats) a;
                assertEquals(f.float32(), g.float32(), path + " float32");
                assertArrayEquals(f.values(), g.values(), path);
            }
            case Column.Ints v -> assertArrayEquals(v.values(), ((Column.Ints) a).values(), path);
            case Column.Bools v -> assertArrayEquals(v.values(), ((Column.Bools) a).values(), path);
            case Column.Strings v -> assertArrayEquals(v.values(), ((Column.Strings) a).values(), path);
            case Column.Categorical k -> {
                Column.Categorical g = (Column.Categorical) a;
                assertArrayEquals(k.codes(), g.codes(), path + " codes");
                assertArrayEquals(k.categories(), g.categories(), path + " categories");
                assertEquals(k.ordered(), g.ordered(), path + " ordered");
            }
            case Column.NullableInts v -> {
                Column.NullableInts g = (Column.NullableInts) a;
                assertArrayEquals(v.mask(), g.mask(), path + " mask");
                for (int i = 0; i < v.size(); i++) if (!v.mask()[i]) assertEquals(v.values()[i], g.values()[i], path);
            }
            case Column.NullableBools v -> {
                Column.NullableBools g = (Column.NullableBools) a;
                assertArrayEquals(v.mask(), g.mask(), path + " mask");
                for (int i = 0; i < v.size(); i++) if (!v.mask()[i]) assertEquals(v.values()[i], g.values()[i], path);
            }
            case Column.NullableStrings v -> {
                Column.NullableStrings g = (Column.NullableStrings) a;
                assertArrayEquals(v.mask(), g.mask(), path + " mask");
                for (int i = 0; i < v.size(); i++) if (!v.mask()[i]) assertEquals(v.values()[i], g.values()[i], path);
            }
        }
    }

    static void assertSameValue(Object e, Object a, String path) {
        switch (e) {
            case Integer i -> assertEquals((long) i, assertInstanceOf(Long.class, a, path), path);
            case Short s -> assertEquals((long) s, assertInstanceOf(Long.class, a, path), path);
            case Byte b -> assertEquals((long) b, assertInstanceOf(Long.class, a, path), path);
            case Tensor t -> {
                Tensor g = assertInstanceOf(Tensor.class, a, path);
                assertEquals(t.shape(), g.shape(), path + " shape");
                assertArrayEquals(t.toArray(), g.toArray(), path);
            }
            case Matrix m -> H5adGolden.assertSameMatrix(m, assertInstanceOf(Matrix.class, a, path), path);
            case DataFrame df -> assertSameFrame(df, assertInstanceOf(DataFrame.class, a, path), path);
            case Column c -> assertSameColumn(c, assertInstanceOf(Column.class, a, path), path);
            case Map<?, ?> m -> {
                Map<?, ?> g = assertInstanceOf(Map.class, a, path);
                assertEquals(m.keySet(), g.keySet(), path + " keys");
                for (Object k : m.keySet()) assertSameValue(m.get(k), g.get(k), path + "/" + k);
            }
            default -> {
                if (e.getClass().isArray()) {
                    assertEquals(e.getClass(), a.getClass(), path + " array type");
                    assertTrue(Arrays.deepEquals(new Object[]{e}, new Object[]{a}), path + " values");
                } else {
                    assertEquals(e.getClass(), a.getClass(), path + " type");
                    assertEquals(e, a, path);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ expectations

    /** The AnnData as check_h5ad.py's EXPECTED.json (see the script's docstring for the schema). */
    static String expectationJson(AnnData a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n_obs", a.nObs());
        m.put("n_vars", a.nVars());
        m.put("X", a.hasX() ? matrix(a.x()) : null);
        m.put("obs", frame(a.obs()));
        m.put("var", frame(a.var()));
        m.put("obsm", aligned(a.obsm().asMap()));
        m.put("varm", aligned(a.varm().asMap()));
        m.put("obsp", aligned(a.obsp().asMap()));
        m.put("varp", aligned(a.varp().asMap()));
        m.put("layers", aligned(a.layers().asMap()));
        m.put("uns", uns(a.uns()));
        if (a.raw() == null) m.put("raw", null);
        else {
            Map<String, Object> raw = new LinkedHashMap<>();
            raw.put("X", a.raw().x() == null ? null : matrix(a.raw().x()));
            raw.put("var", frame(a.raw().var()));
            raw.put("varm", aligned(a.raw().varm()));
            m.put("raw", raw);
        }
        StringBuilder sb = new StringBuilder();
        json(m, sb);
        return sb.toString();
    }

    private static Map<String, Object> aligned(Map<String, ?> elements) {
        Map<String, Object> out = new LinkedHashMap<>();
        elements.forEach((k, v) -> out.put(k, v instanceof DataFrame df ? frame(df) : matrix((Matrix) v)));
        return out;
    }

    private static Map<String, Object> matrix(Matrix m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "matrix");
        out.put("format", switch (m) { case Matrix.Dense d -> "dense"; case Matrix.Csr s -> "csr"; case Matrix.Csc s -> "csc"; });
        out.put("shape", List.of(m.rows(), m.cols()));
        float[] d = m.dense().toArray();
        List<Object> rows = new ArrayList<>();
        for (int r = 0; r < m.rows(); r++) {
            List<Object> row = new ArrayList<>();
            for (int c = 0; c < m.cols(); c++) row.add((double) d[r * m.cols() + c]);
            rows.add(row);
        }
        out.put("values", rows);
        return out;
    }

    private static Map<String, Object> frame(DataFrame df) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "frame");
        out.put("index", List.of(df.index()));
        out.put("index_name", df.indexName());
        List<Object> cols = new ArrayList<>();
        df.columns().forEach((name, c) -> {
            Map<String, Object> col = column(c);
            col.put("name", name);
            cols.add(col);
        });
        out.put("columns", cols);
        return out;
    }

    private static Map<String, Object> column(Column c) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Object> values = new ArrayList<>();
        switch (c) {
            case Column.Floats f -> {
                out.put("kind", "float");
                out.put("float32", f.float32());
                for (double v : f.values()) values.add(f.float32() ? (double) (float) v : v);
            }
            case Column.Ints v -> { out.put("kind", "int"); for (long x : v.values()) values.add(x); }
            case Column.Bools v -> { out.put("kind", "bool"); for (boolean x : v.values()) values.add(x); }
            case Column.Strings v -> { out.put("kind", "string"); values.addAll(List.of(v.values())); }
            case Column.Categorical k -> {
                out.put("kind", "categorical");
                out.put("categories", List.of(k.categories()));
                out.put("ordered", k.ordered());
                for (int i = 0; i < k.size(); i++) values.add(k.label(i));
            }
            case Column.NullableInts v -> {
                out.put("kind", "nullable-int");
                for (int i = 0; i < v.size(); i++) values.add(v.mask()[i] ? null : v.values()[i]);
            }
            case Column.NullableBools v -> {
                out.put("kind", "nullable-bool");
                for (int i = 0; i < v.size(); i++) values.add(v.mask()[i] ? null : v.values()[i]);
            }
            case Column.NullableStrings v -> {
                out.put("kind", "nullable-string");
                for (int i = 0; i < v.size(); i++) values.add(v.mask()[i] ? null : v.values()[i]);
            }
        }
        out.put("values", values);
        return out;
    }

    private static Map<String, Object> uns(Object v) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (v) {
            case Map<?, ?> m -> {
                out.put("type", "dict");
                Map<String, Object> items = new LinkedHashMap<>();
                m.forEach((k, x) -> items.put((String) k, uns(x)));
                out.put("items", items);
            }
            case String s -> { out.put("type", "string"); out.put("value", s); }
            case Boolean b -> { out.put("type", "bool"); out.put("value", b); }
            case Double d -> { out.put("type", "float64"); out.put("value", d); }
            case Float f -> { out.put("type", "float32"); out.put("value", (double) f); }
            case Number n -> { out.put("type", "int64"); out.put("value", n.longValue()); }
            case double[] a -> array(out, "float64", List.of(a.length), Arrays.stream(a).boxed().toList());
            case float[] a -> array(out, "float32", List.of(a.length), floats(a));
            case long[] a -> array(out, "int64", List.of(a.length), Arrays.stream(a).boxed().toList());
            case int[] a -> array(out, "int32", List.of(a.length), Arrays.stream(a).boxed().toList());
            case boolean[] a -> {
                List<Object> l = new ArrayList<>();
                for (boolean b : a) l.add(b);
                array(out, "bool", List.of(a.length), l);
            }
            case String[] a -> array(out, "string", List.of(a.length), List.of(a));
            case Tensor t -> array(out, "float32", Arrays.stream(t.shape().dims()).boxed().toList(), floats(t.toArray()));
            case Matrix m -> { out.putAll(matrix(m)); out.put("type", "matrix"); }
            case DataFrame df when H5adEncoder.isRecArray(df) -> {
                out.put("type", "recarray");
                out.put("names", df.columnNames());
                Map<String, Object> values = new LinkedHashMap<>();
                df.columns().forEach((name, c) -> values.put(name, column(c).get("values")));
                out.put("values", values);
            }
            case DataFrame df -> { out.putAll(frame(df)); out.put("type", "frame"); }
            case Column c -> { out.putAll(column(c)); out.put("type", "column"); }
            default -> fail("no expectation for " + v.getClass());
        }
        return out;
    }

    private static void array(Map<String, Object> out, String dtype, List<Integer> shape, List<?> values) {
        out.put("type", "array");
        out.put("dtype", dtype);
        out.put("shape", shape);
        out.put("values", values);
    }

    private static List<Object> floats(float[] a) {
        List<Object> l = new ArrayList<>();
        for (float f : a) l.add((double) f);
        return l;
    }

    /** JSON as Python's json module reads it (NaN and Infinity as its literals). */
    static void json(Object v, StringBuilder sb) {
        switch (v) {
            case null -> sb.append("null");
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) sb.append(',');
                    first = false;
                    json(e.getKey().toString(), sb);
                    sb.append(':');
                    json(e.getValue(), sb);
                }
                sb.append('}');
            }
            case List<?> l -> {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) sb.append(',');
                    json(l.get(i), sb);
                }
                sb.append(']');
            }
            case String s -> {
                sb.append('"');
                for (char c : s.toCharArray()) {
                    if (c == '"' || c == '\\') sb.append('\\').append(c);
                    else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
                sb.append('"');
            }
            case Double d when d.isNaN() -> sb.append("NaN");
            case Double d when d.isInfinite() -> sb.append(d > 0 ? "Infinity" : "-Infinity");
            case Double d -> sb.append(d);
            case Number n -> sb.append(n);
            case Boolean b -> sb.append(b);
            default -> throw new IllegalArgumentException("cannot write " + v.getClass() + " as JSON");
        }
    }
}
