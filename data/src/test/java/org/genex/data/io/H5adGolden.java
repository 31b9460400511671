package org.genex.data.io;

import org.genex.data.AnnData;
import org.genex.data.AxisElement;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.CscMatrix;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;
import org.genex.tensor.io.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Compares an {@link AnnData} read by genex with the summaries that data/scripts/golden_h5ad.py computed from the
 * same file with anndata and h5py (src/test/resources/golden/h5ad_fixtures.json): shapes, layouts, checksums, spot
 * values, column kinds and values, categories, and the uns tree with its types.
 */
final class H5adGolden {
    private H5adGolden() {}

    /** The golden summaries, one per file, by file label. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> file(String label) throws IOException {
        try (InputStream in = H5adGolden.class.getResourceAsStream("/golden/h5ad_fixtures.json")) {
            assertNotNull(in, "golden/h5ad_fixtures.json is missing from the test resources");
            Map<String, Object> golden = (Map<String, Object>) Json.parse(in.readAllBytes(), 64);
            for (Object f : (List<Object>) golden.get("files"))
                if (label.equals(((Map<String, Object>) f).get("file"))) return (Map<String, Object>) f;
        }
        throw new AssertionError("no golden summary for " + label);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) { return (Map<String, Object>) o; }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) { return (List<Object>) o; }

    static void assertAnnData(Map<String, Object> g, AnnData a) {
        assertEquals(num(g.get("n_obs")), a.nObs(), "n_obs");
        assertEquals(num(g.get("n_vars")), a.nVars(), "n_vars");
        if (g.get("X") == null) assertFalse(a.hasX(), "X should be absent");
        else assertMatrix(map(g.get("X")), a.requireX(), "X");
        assertFrame(map(g.get("obs")), a.obs(), "obs");
        assertFrame(map(g.get("var")), a.var(), "var");
        assertAligned(map(g.get("obsm")), a.obsm().asMap(), "obsm");
        assertAligned(map(g.get("varm")), a.varm().asMap(), "varm");
        assertAligned(map(g.get("obsp")), a.obsp().asMap(), "obsp");
        assertAligned(map(g.get("varp")), a.varp().asMap(), "varp");
        assertAligned(map(g.get("layers")), a.layers().asMap(), "layers");
        assertUns(map(g.get("uns")), a.uns(), "uns");
        if (g.get("raw") == null) assertNull(a.raw(), "raw should be absent");
        else {
            Map<String, Object> raw = map(g.get("raw"));
            assertNotNull(a.raw(), "raw");
            assertMatrix(map(raw.get("X")), a.raw().x(), "raw/X");
            assertFrame(map(raw.get("var")), a.raw().var(), "raw/var");
            assertAligned(map(raw.get("varm")), a.raw().varm(), "raw/varm");
        }
    }

    static void assertAligned(Map<String, Object> g, Map<String, ? extends AxisElement> actual, String path) {
        assertEquals(g.keySet(), actual.keySet(), path + " keys");
        for (String k : g.keySet()) {
            Map<String, Object> s = map(g.get(k));
            if ("frame".equals(s.get("kind"))) assertFrame(s, assertInstanceOf(DataFrame.class, actual.get(k)), path + "/" + k);
            else assertMatrix(s, assertInstanceOf(Matrix.class, actual.get(k)), path + "/" + k);
        }
    }

    static void assertMatrix(Map<String, Object> g, Matrix m, String path) {
        String format = switch (m) { case Matrix.Dense d -> "dense"; case Matrix.Csr s -> "csr"; case Matrix.Csc s -> "csc"; };
        assertEquals(g.get("format"), format, path + " format");
        assertEquals(List.of(num(list(g.get("shape")).get(0)), num(list(g.get("shape")).get(1))),
                List.of((long) m.rows(), (long) m.cols()), path + " shape");
        assertEquals(num(g.get("nnz")), m.nnz(), path + " nnz");
        float[] values = switch (m) {
            case Matrix.Dense d -> d.tensor().toArray();
            case Matrix.Csr s -> Arrays.copyOf(s.matrix().values(), s.matrix().nnz());
            case Matrix.Csc s -> Arrays.copyOf(s.matrix().values(), s.matrix().nnz());
        };
        double[] d = new double[values.length];
        for (int i = 0; i < d.length; i++) d[i] = values[i];
        assertSums(g, d, 1e-9, path);
        for (Object spot : list(g.get("spots"))) {
            List<Object> s = list(spot);
            int r = (int) num(s.get(0)), c = (int) num(s.get(1));
            assertEquals((float) dbl(s.get(2)), m.get(r, c), path + "[" + r + ", " + c + "]");
        }
    }

    static void assertFrame(Map<String, Object> g, DataFrame df, String path) {
        assertEquals(num(g.get("rows")), df.rows(), path + " rows");
        assertEquals(g.get("index_name"), df.indexName(), path + " index name");
        List<Object> head = list(g.get("index_head"));
        for (int i = 0; i < head.size(); i++) assertEquals(head.get(i), df.index()[i], path + " index[" + i + "]");
        if (df.rows() > 0) assertEquals(g.get("index_last"), df.index()[df.rows() - 1], path + " last index entry");
        List<String> names = new ArrayList<>();
        for (Object c : list(g.get("columns"))) names.add((String) map(c).get("name"));
        assertEquals(names, df.columnNames(), path + " columns");
        for (Object c : list(g.get("columns"))) {
            Map<String, Object> col = map(c);
            assertColumn(col, df.get((String) col.get("name")), path + "/" + col.get("name"));
        }
    }

    static void assertColumn(Map<String, Object> g, Column c, String path) {
        List<Object> head = list(g.get("head"));
        switch ((String) g.get("kind")) {
            case "float" -> {
                Column.Floats f = assertInstanceOf(Column.Floats.class, c, path);
                assertEquals(g.get("float32"), f.float32(), path + " float32");
                assertSums(g, f.values(), 1e-9, path);
                for (int i = 0; i < head.size(); i++) assertEquals(dbl(head.get(i)), f.values()[i], path + "[" + i + "]");
            }
            case "int" -> {
                Column.Ints v = assertInstanceOf(Column.Ints.class, c, path);
                assertEquals(num(g.get("sum")), Arrays.stream(v.values()).sum(), path + " sum");
                for (int i = 0; i < head.size(); i++) assertEquals(num(head.get(i)), v.values()[i], path + "[" + i + "]");
            }
            case "bool" -> {
                Column.Bools b = assertInstanceOf(Column.Bools.class, c, path);
                long trues = 0;
                for (boolean x : b.values()) if (x) trues++;
                assertEquals(num(g.get("sum")), trues, path + " count of true");
                for (int i = 0; i < head.size(); i++) assertEquals(head.get(i), b.values()[i], path + "[" + i + "]");
            }
            case "string" -> {
                Column.Strings s = assertInstanceOf(Column.Strings.class, c, path);
                for (int i = 0; i < head.size(); i++) assertEquals(head.get(i), s.values()[i], path + "[" + i + "]");
                if (s.size() > 0) assertEquals(g.get("last"), s.values()[s.size() - 1], path + " last");
            }
            case "categorical" -> {
                Column.Categorical k = assertInstanceOf(Column.Categorical.class, c, path);
                assertEquals(g.get("categories"), List.of(k.categories()), path + " categories");
                assertEquals(g.get("ordered"), k.ordered(), path + " ordered");
                long[] counts = new long[k.categories().length];
                long missing = 0;
                for (int code : k.codes()) if (code < 0) missing++; else counts[code]++;
                List<Object> expected = list(g.get("counts"));
                for (int i = 0; i < counts.length; i++)
                    assertEquals(num(expected.get(i)), counts[i], path + " count of " + k.categories()[i]);
                assertEquals(num(g.get("missing")), missing, path + " missing");
                for (int i = 0; i < head.size(); i++) assertEquals(head.get(i), k.label(i), path + "[" + i + "]");
            }
            case "nullable-int" -> {
                Column.NullableInts v = assertInstanceOf(Column.NullableInts.class, c, path);
                long sum = 0, missing = 0;
                for (int i = 0; i < v.size(); i++) if (v.mask()[i]) missing++; else sum += v.values()[i];
                assertEquals(num(g.get("sum")), sum, path + " sum");
                assertEquals(num(g.get("missing")), missing, path + " missing");
                for (int i = 0; i < head.size(); i++)
                    assertEquals(head.get(i), v.mask()[i] ? null : v.values()[i], path + "[" + i + "]");
            }
            case "nullable-bool" -> {
                Column.NullableBools v = assertInstanceOf(Column.NullableBools.class, c, path);
                long trues = 0, missing = 0;
                for (int i = 0; i < v.size(); i++) if (v.mask()[i]) missing++; else if (v.values()[i]) trues++;
                assertEquals(num(g.get("sum")), trues, path + " count of true");
                assertEquals(num(g.get("missing")), missing, path + " missing");
                for (int i = 0; i < head.size(); i++)
                    assertEquals(head.get(i), v.mask()[i] ? null : v.values()[i], path + "[" + i + "]");
            }
            default -> fail(path + ": golden kind " + g.get("kind") + " is not checked");
        }
    }

    static void assertUns(Map<String, Object> g, Object v, String path) {
        String type = (String) g.getOrDefault("type", g.get("kind"));
        switch (type) {
            case "dict" -> {
                Map<?, ?> m = assertInstanceOf(Map.class, v, path);
                Map<String, Object> items = map(g.get("items"));
                assertEquals(items.keySet(), m.keySet(), path + " keys");
                for (String k : items.keySet()) assertUns(map(items.get(k)), m.get(k), path + "/" + k);
            }
            case "string" -> assertEquals(g.get("value"), v, path);
            case "int" -> assertEquals(num(g.get("value")), (long) assertInstanceOf(Long.class, v, path), path);
            case "float" -> assertEquals(dbl(g.get("value")), ((Number) v).doubleValue(), path);
            case "bool" -> assertEquals(g.get("value"), v, path);
            case "frame" -> assertFrame(g, assertInstanceOf(DataFrame.class, v, path), path);
            case "matrix" -> assertMatrix(g, assertInstanceOf(Matrix.class, v, path), path);
            case "array" -> assertArray(g, v, path);
            default -> fail(path + ": golden type " + type + " is not checked");
        }
    }

    static void assertArray(Map<String, Object> g, Object v, String path) {
        List<Object> shape = list(g.get("shape"));
        List<Object> head = list(g.get("head"));
        String dtype = (String) g.get("dtype");
        if (shape.size() > 1) {
            Tensor t = assertInstanceOf(Tensor.class, v, path);
            for (int i = 0; i < shape.size(); i++) assertEquals(num(shape.get(i)), t.dim(i), path + " dim " + i);
            v = t.toArray();
        } else {
            assertTrue(v != null && v.getClass().isArray(), path + ": expected a 1-d array, got " + v);
            assertEquals(num(shape.getFirst()), java.lang.reflect.Array.getLength(v), path + " length");
        }
        switch (dtype) {
            case "string" -> {
                String[] s = assertInstanceOf(String[].class, v, path);
                for (int i = 0; i < head.size(); i++) assertEquals(head.get(i), s[i], path + "[" + i + "]");
            }
            case "bool" -> {
                boolean[] b = assertInstanceOf(boolean[].class, v, path);
                for (int i = 0; i < head.size(); i++) assertEquals(head.get(i), b[i], path + "[" + i + "]");
            }
            case "int" -> {
                long[] l = v instanceof int[] ints ? Arrays.stream(ints).asLongStream().toArray()
                        : v instanceof float[] f ? toLongs(f) : assertInstanceOf(long[].class, v, path);
                assertEquals(num(g.get("sum")), Arrays.stream(l).sum(), path + " sum");
                for (int i = 0; i < head.size(); i++) assertEquals(num(head.get(i)), l[i], path + "[" + i + "]");
            }
            default -> {
                double[] d;
                if (v instanceof float[] f) {
                    if (shape.size() == 1) assertEquals("float32", dtype, path + " dtype");
                    d = new double[f.length];
                    for (int i = 0; i < f.length; i++) d[i] = f[i];
                } else {
                    assertEquals("float64", dtype, path + " dtype");
                    d = assertInstanceOf(double[].class, v, path);
                }
                assertSums(g, d, shape.size() > 1 && dtype.equals("float64") ? 1e-6 : 1e-9, path);
                for (int i = 0; i < head.size(); i++)
                    assertClose(dbl(head.get(i)), d[i], shape.size() > 1 ? 1e-6 * Math.abs(d[i]) : 0, path + "[" + i + "]");
            }
        }
    }

    private static long[] toLongs(float[] f) {
        long[] out = new long[f.length];
        for (int i = 0; i < f.length; i++) out[i] = (long) f[i];
        return out;
    }

    /** Sum and sum of |x| over the non-NaN values (relative tolerance), and the count of NaNs. */
    static void assertSums(Map<String, Object> g, double[] values, double relTol, String path) {
        double sum = 0, abs = 0;
        long nan = 0;
        for (double v : values) {
            if (Double.isNaN(v)) nan++;
            else {
                sum += v;
                abs += Math.abs(v);
            }
        }
        double tol = relTol * Math.max(1, abs);
        assertClose(dbl(g.get("sum")), sum, tol, path + " sum");
        if (g.containsKey("abs_sum")) assertClose(dbl(g.get("abs_sum")), abs, tol, path + " sum of |x|");
        assertEquals(num(g.get("nan")), nan, path + " NaN count");
    }

    static void assertClose(double expected, double actual, double tol, String what) {
        if (!(Math.abs(expected - actual) <= tol))
            fail(what + ": expected " + expected + " but was " + actual + " (tolerance " + tol + ")");
    }

    static long num(Object o) { return ((Number) o).longValue(); }

    static double dbl(Object o) {
        if (o instanceof String s) return Double.parseDouble(s);
        return ((Number) o).doubleValue();
    }

    /** Whether CSR/CSC structure equals another's (for tests comparing matrices exactly). */
    static void assertSameMatrix(Matrix expected, Matrix actual, String path) {
        assertEquals(expected.getClass(), actual.getClass(), path + " layout");
        assertEquals(expected.rows(), actual.rows(), path + " rows");
        assertEquals(expected.cols(), actual.cols(), path + " cols");
        switch (expected) {
            case Matrix.Dense d -> assertTrue(Arrays.equals(d.tensor().toArray(), actual.dense().toArray()), path + " values");
            case Matrix.Csr s -> {
                CsrMatrix e = s.matrix(), a = actual.csr();
                assertTrue(Arrays.equals(e.indptr(), a.indptr()), path + " indptr");
                assertTrue(Arrays.equals(e.indices(), 0, e.nnz(), a.indices(), 0, a.nnz()), path + " indices");
                assertTrue(Arrays.equals(e.values(), 0, e.nnz(), a.values(), 0, a.nnz()), path + " values");
            }
            case Matrix.Csc s -> {
                CscMatrix e = s.matrix(), a = actual.csc();
                assertTrue(Arrays.equals(e.indptr(), a.indptr()), path + " indptr");
                assertTrue(Arrays.equals(e.indices(), 0, e.nnz(), a.indices(), 0, a.nnz()), path + " indices");
                assertTrue(Arrays.equals(e.values(), 0, e.nnz(), a.values(), 0, a.nnz()), path + " values");
            }
        }
    }
}
