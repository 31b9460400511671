package org.genex.data.sim;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.genex.data.Column;
import org.genex.tensor.Rng;

/**
 * Small pieces shared by the model simulators ({@link TwoSpecies}, {@link BulkCohort}, {@link BrainField},
 * {@link HistologySpots}): names, argument checks, the provenance record written to {@code uns}, and a few draws.
 */
final class SimKit {
    private SimKit() {}

    /** {@code prefix} followed by 1..n, zero-padded to a common width: G001 .. G300. */
    static String[] names(String prefix, int n) {
        int width = Integer.toString(Math.max(n, 1)).length();
        String[] out = new String[n];
        for (int i = 0; i < n; i++) out[i] = prefix + pad(i + 1, width);
        return out;
    }

    static String pad(int v, int width) {
        StringBuilder s = new StringBuilder(Integer.toString(v));
        while (s.length() < width) s.insert(0, '0');
        return s.toString();
    }

    /** A categorical column over these category names. */
    static Column.Categorical categorical(int[] codes, String[] categories) {
        return new Column.Categorical(codes, categories, false);
    }

    /**
     * The simulator's name and every parameter of its config (numbers, booleans, strings; paths as text; null
     * parameters left out), for {@code uns["simulation"]}, so that a saved data set says how it was made.
     */
    static Map<String, Object> provenance(String simulator, Record config) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (RecordComponent c : config.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(config);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read config parameter " + c.getName(), e);
            }
            if (v == null) continue;
            params.put(c.getName(), v instanceof Path p ? p.toString() : v);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("simulator", simulator);
        out.put("config", params);
        return out;
    }

    // ---------------------------------------------------------------- argument checks (config records)

    static void positive(String sim, String name, int v) {
        if (v <= 0) throw new IllegalArgumentException(sim + ".Config: " + name + " must be > 0, got " + v);
    }

    static void nonNegative(String sim, String name, int v) {
        if (v < 0) throw new IllegalArgumentException(sim + ".Config: " + name + " must be >= 0, got " + v);
    }

    static void positive(String sim, String name, double v) {
        if (!(v > 0 && v < Double.POSITIVE_INFINITY))
            throw new IllegalArgumentException(sim + ".Config: " + name + " must be positive and finite, got " + v);
    }

    static void nonNegative(String sim, String name, double v) {
        if (!(v >= 0 && v < Double.POSITIVE_INFINITY))
            throw new IllegalArgumentException(sim + ".Config: " + name + " must be >= 0 and finite, got " + v);
    }

    static void finite(String sim, String name, double v) {
        if (!Double.isFinite(v))
            throw new IllegalArgumentException(sim + ".Config: " + name + " must be finite, got " + v);
    }

    static void fraction(String sim, String name, double v) {
        if (!(v >= 0 && v <= 1))
            throw new IllegalArgumentException(sim + ".Config: " + name + " must be in [0, 1], got " + v);
    }

    static void ordered(String sim, String lo, double a, String hi, double b) {
        if (!(a <= b))
            throw new IllegalArgumentException(sim + ".Config: need " + lo + " <= " + hi + ", got " + a + " > " + b);
    }

    // ---------------------------------------------------------------- numbers

    static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

    /** A log-normal multiplier with median-preserving mean 1: exp(sd z - sd^2 / 2). */
    static double logNormalUnitMean(Rng rng, double sd) {
        return sd == 0 ? 1 : Math.exp(sd * rng.gaussian() - sd * sd / 2);
    }

    /** {@code n} standard-normal draws. */
    static double[] gaussians(Rng rng, int n, double sd) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = sd * rng.gaussian();
        return out;
    }

    /** In-place softmax of a row (max-subtracted), returning it. */
    static double[] softmax(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) max = Math.max(max, x);
        double sum = 0;
        for (int i = 0; i < v.length; i++) sum += (v[i] = Math.exp(v[i] - max));
        for (int i = 0; i < v.length; i++) v[i] /= sum;
        return v;
    }
}
