package org.genex.algorithms;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.genex.tensor.Tensor;
import org.genex.tensor.io.Json;

/** Reads the committed golden JSON files of the test resources (made by algorithms/scripts/*.py). */
public final class Golden {
    private Golden() {}

    /** The parsed JSON object of {@code /golden/<name>}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> load(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource /golden/" + name);
            return (Map<String, Object>) Json.parse(in.readAllBytes(), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) { return (Map<String, Object>) o; }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object o) { return (List<Object>) o; }

    public static double num(Object o) { return ((Number) o).doubleValue(); }

    public static double[] doubles(Object o) {
        List<Object> l = list(o);
        double[] d = new double[l.size()];
        for (int i = 0; i < d.length; i++) d[i] = num(l.get(i));
        return d;
    }

    public static int[] ints(Object o) {
        List<Object> l = list(o);
        int[] d = new int[l.size()];
        for (int i = 0; i < d.length; i++) d[i] = ((Number) l.get(i)).intValue();
        return d;
    }

    /** A float tensor {@code [rows, cols]} from a flat list of numbers. */
    public static Tensor tensor(Object o, int rows, int cols) {
        double[] d = doubles(o);
        float[] f = new float[d.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) d[i];
        return Tensor.wrap(f, rows, cols);
    }
}
