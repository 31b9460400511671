package org.genex.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.*;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.genex.autodiff.Var;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.genex.tensor.io.DType;
import org.genex.tensor.io.SafetensorsFile;

/**
 * One golden file written by {@code nn/scripts/golden_layers.py} (which documents the layout): the module's
 * parameters under PyTorch's state_dict keys, {@code in.*} inputs, {@code out.*} outputs, the upstream gradient
 * {@code dout.y}, and {@code grad.*} gradients; the metadata's {@code state_dict} lists PyTorch's keys and shapes.
 *
 * <p><b>Comparison</b>, element by element: {@code |actual - expected| <= rtol |expected| + atol scale}, where
 * {@code scale} is the largest magnitude in the expected tensor (see {@link LayerGoldenTest} for the values and
 * why). The golden values are float64 results rounded once to float32, so the tolerance only has to cover genex's
 * own float32 rounding.
 */
final class GoldenFile {
    static final String GENERATOR = "nn/scripts/golden_layers.py";

    final String name;
    final Map<String, Tensor> floats = new LinkedHashMap<>();
    final Map<String, long[]> longs = new LinkedHashMap<>();
    final Map<String, long[]> longShapes = new LinkedHashMap<>();
    final Map<String, String> metadata;
    /** PyTorch's state_dict keys and shapes, in PyTorch's order (from the metadata). */
    final LinkedHashMap<String, Shape> stateShapes;
    private final Map<Var, String> inputs = new IdentityHashMap<>();
    double rtol = 1e-5, atol = 1e-6;

    private GoldenFile(String name, Map<String, String> metadata) {
        this.name = name;
        this.metadata = metadata;
        this.stateShapes = parseShapes(metadata.getOrDefault("state_dict", "{}"));
    }

    static Path path(String name) {
        String resource = "/golden/" + name + ".safetensors";
        URL url = GoldenFile.class.getResource(resource);
        assertNotNull(url, "missing test resource " + resource + " (generate it: " + GENERATOR + ")");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static GoldenFile load(String name) {
        try (SafetensorsFile f = SafetensorsFile.open(path(name))) {
            assertEquals(GENERATOR, f.metadata().get("generator"), name + ": metadata");
            GoldenFile g = new GoldenFile(name, f.metadata());
            for (SafetensorsFile.Entry e : f.entries()) {
                if (e.dtype() == DType.I64) {
                    g.longs.put(e.name(), e.toLongs());
                    g.longShapes.put(e.name(), e.shape());
                } else if (e.dtype() == DType.F32) g.floats.put(e.name(), e.toTensor());
                else fail(name + ": tensor " + e.name() + " has dtype " + e.dtype() + ", expected F32 or I64");
            }
            return g;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** {"key":[d0,d1],...} (the script's compact JSON) as keys and shapes, in order. */
    static LinkedHashMap<String, Shape> parseShapes(String json) {
        LinkedHashMap<String, Shape> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"([^\"]+)\":\\[([0-9,]*)]").matcher(json);
        while (m.find()) {
            String[] parts = m.group(2).isEmpty() ? new String[0] : m.group(2).split(",");
            int[] dims = new int[parts.length];
            for (int i = 0; i < parts.length; i++) dims[i] = Integer.parseInt(parts[i]);
            out.put(m.group(1), Shape.of(dims));
        }
        return out;
    }

    /** The keys and shapes of a state dict, for comparing with {@link #stateShapes} regardless of order. */
    static Map<String, Shape> shapes(Map<String, Tensor> state) {
        Map<String, Shape> out = new TreeMap<>();
        for (var e : state.entrySet()) out.put(e.getKey(), e.getValue().shape());
        return out;
    }

    Tensor tensor(String key) {
        Tensor t = floats.get(key);
        assertNotNull(t, name + ": no F32 tensor '" + key + "' (has " + floats.keySet() + ")");
        return t;
    }

    /**
     * Asserts that {@code m}'s state dict has exactly PyTorch's keys and shapes, then loads the file's parameters
     * with the strict {@link Module#loadStateDict}. Returns m.
     */
    <M extends Module> M loadInto(M m) {
        assertEquals(new TreeMap<>(stateShapes), shapes(m.stateDict()),
                name + ": genex's state_dict keys and shapes are not PyTorch's");
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (var e : stateShapes.entrySet()) {
            Tensor t = tensor(e.getKey());
            assertEquals(e.getValue(), t.shape(), name + ": " + e.getKey() + " shape in the metadata");
            state.put(e.getKey(), t);
        }
        m.loadStateDict(state);
        return m;
    }

    /** Input {@code in.<n>} as a leaf that requires a gradient (a copy). */
    Var input(String n) {
        Var v = Var.param(tensor("in." + n).copy());
        inputs.put(v, n);
        return v;
    }

    /** Integer input {@code in.<n>} (ids) as ints. */
    int[] ints(String n) {
        long[] v = longs.get("in." + n);
        assertNotNull(v, name + ": no I64 input '" + n + "'");
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.toIntExact(v[i]);
        return out;
    }

    /** A boolean mask input {@code in.<n>} [b, l] (stored as I64 0/1). */
    boolean[][] mask(String n) {
        long[] v = longs.get("in." + n);
        assertNotNull(v, name + ": no mask '" + n + "'");
        long[] s = longShapes.get("in." + n);
        boolean[][] out = new boolean[(int) s[0]][(int) s[1]];
        for (int i = 0; i < out.length; i++)
            for (int j = 0; j < out[i].length; j++) out[i][j] = v[i * out[i].length + j] != 0;
        return out;
    }

    /** Compares y with {@code out.y} and back-propagates {@code dout.y} from it. */
    void checkOutputAndBackward(Var y) {
        check("out.y", y.value());
        y.backward(tensor("dout.y").copy());
    }

    /**
     * Compares the gradient of every parameter of {@code m} (by its state_dict key) and of every input made with
     * {@link #input} with the stored {@code grad.*}; every stored gradient must be checked.
     */
    void checkGrads(Module m, Var... ins) {
        int checked = 0;
        if (m != null)
            for (var e : m.namedParameters().entrySet()) {
                Tensor g = e.getValue().grad();
                assertNotNull(g, name + ": no gradient reached parameter " + e.getKey());
                check("grad." + e.getKey(), g);
                checked++;
            }
        for (Var v : ins) {
            String n = inputs.get(v);
            assertNotNull(v.grad(), name + ": no gradient reached input " + n);
            check("grad.in." + n, v.grad());
            checked++;
        }
        long stored = floats.keySet().stream().filter(k -> k.startsWith("grad.")).count();
        assertEquals(stored, checked, name + ": the file has " + stored + " gradients, the test checked " + checked);
    }

    void check(String key, Tensor actual) {
        Tensor expected = tensor(key);
        assertCloseScaled(name + " " + key, actual.reshape(expected.shape()), expected, maxAbs(expected), rtol, atol);
    }

    static double maxAbs(Tensor t) {
        double max = 0;
        for (float v : t.toArray()) max = Math.max(max, Math.abs(v));
        return max;
    }

    /** {@code |a - e| <= rtol |e| + atol scale} everywhere, with the shapes equal and no NaN. */
    static void assertCloseScaled(String what, Tensor actual, Tensor expected, double scale, double rtol, double atol) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.toArray(), a = actual.toArray();
        double floor = atol * scale, worst = 0;
        for (int i = 0; i < e.length; i++) {
            double diff = Math.abs((double) a[i] - e[i]), tol = rtol * Math.abs(e[i]) + floor;
            worst = Math.max(worst, diff / tol);
            if (!(diff <= tol))
                fail(what + ": element " + i + " is " + a[i] + ", PyTorch has " + e[i] + " (diff " + diff
                        + ", tolerance " + tol + ")");
        }
        if (REPORT) System.out.printf("golden %-50s uses %.3f of its tolerance%n", what, worst);
    }

    /** -Dgenex.golden.report=true prints how much of its tolerance each comparison used (to calibrate them). */
    private static final boolean REPORT = Boolean.getBoolean("genex.golden.report");
}
