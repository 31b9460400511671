package org.genex.data.io;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.BitField;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.EnumDataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.StringData;
import io.jhdf.object.datatype.VariableLength;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Conversions from what jHDF returns (flat primitive arrays, {@code String[]}, boxed scalars) to the arrays genex
 * keeps, in one pass and without boxing, plus attribute reading. Every failure is a {@link DataFormatException}
 * naming the file and the element.
 *
 * <p>jHDF's conventions handled here: an HDF5 enum comes back as the member names (h5py's booleans as
 * {@code "TRUE"}/{@code "FALSE"}); an HDF5 bitfield as {@code boolean[]}; unsigned integers widened (uint8 as
 * {@code int[]}, uint32 as {@code long[]}, uint64 as {@code BigInteger[]}); an empty dataset as {@code null}.
 */
final class HdfArrays {
    /** The longest Java array the readers allocate (the JVM's practical limit). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final Path file;

    HdfArrays(Path file) { this.file = file; }

    Path file() { return file; }

    DataFormatException fail(String element, String problem) {
        return new DataFormatException(file, element, problem);
    }

    // ------------------------------------------------------------------------------------------------ shapes

    /** The dataset's dimensions, after checking that it holds at most {@link #MAX_ARRAY} elements. */
    long[] dims(Dataset ds, String path) {
        long[] dims = ds.getDimensionsAsLong();
        long n = 1;
        for (long d : dims) {
            if (d < 0) throw fail(path, "negative dimension in " + Arrays.toString(dims));
            n = d == 0 ? 0 : (n > MAX_ARRAY / d ? MAX_ARRAY + 1 : n * d);
        }
        if (n > MAX_ARRAY)
            throw fail(path, "shape " + Arrays.toString(dims) + " holds more than " + MAX_ARRAY
                    + " elements, the most a Java array can");
        return dims;
    }

    /** Length of a 1-D dataset (checked). */
    int length1d(Dataset ds, String path) {
        long[] d = dims(ds, path);
        if (d.length != 1) throw fail(path, "expected a 1-d array, found shape " + Arrays.toString(d));
        return (int) d[0];
    }

    /** Checks a 1-D dataset has exactly n elements. */
    void requireLength(Dataset ds, String path, long n, String what) {
        int len = length1d(ds, path);
        if (len != n) throw fail(path, "has " + len + " elements, expected " + n + " (" + what + ")");
    }

    /** All elements, row-major; an empty array of the matching Java type where jHDF gives null (no elements). */
    Object flat(Dataset ds, String path) {
        long[] d = dims(ds, path);
        for (long x : d) if (x == 0) return emptyOf(ds.getDataType()); // jHDF gives null or Object[0] here
        Object data = d.length == 0 ? ds.getData() : ds.getDataFlat();
        return data != null ? data : emptyOf(ds.getDataType());
    }

    /** The empty array jHDF would have returned for a dataset of this type (uint8/16 widen to int, as jHDF does). */
    static Object emptyOf(DataType t) {
        if (t instanceof FloatingPoint) return t.getSize() == 8 ? new double[0] : new float[0];
        if (t instanceof FixedPoint f) {
            int size = t.getSize();
            if (!f.isSigned() && size < 8) size *= 2;
            return switch (size) {
                case 1 -> new byte[0];
                case 2 -> new short[0];
                case 4 -> new int[0];
                case 8 -> new long[0];
                default -> new BigInteger[0];
            };
        }
        if (t instanceof BitField) return new boolean[0];
        return new String[0];
    }

    // ------------------------------------------------------------------------------------------------ kinds

    /** True for h5py's boolean: an enum whose members are exactly FALSE and TRUE. */
    static boolean isBoolEnum(DataType t) {
        if (!(t instanceof EnumDataType e)) return false;
        Set<String> names = new HashSet<>(e.getEnumMapping().values());
        return names.equals(Set.of("FALSE", "TRUE"));
    }

    static boolean isBool(DataType t) { return isBoolEnum(t) || t instanceof BitField; }

    static boolean isString(DataType t) {
        return t instanceof StringData || t instanceof VariableLength v && v.isVariableLengthString();
    }

    static boolean isFloat(DataType t) { return t instanceof FloatingPoint; }

    static boolean isInteger(DataType t) { return t instanceof FixedPoint; }

    // ------------------------------------------------------------------------------------------------ conversions

    float[] floats(Dataset ds, String path) { return toFloats(flat(ds, path), path); }

    double[] doubles(Dataset ds, String path) { return toDoubles(flat(ds, path), path); }

    int[] ints(Dataset ds, String path) { return toInts(flat(ds, path), path); }

    long[] longs(Dataset ds, String path) { return toLongs(flat(ds, path), path); }

    boolean[] bools(Dataset ds, String path) { return toBools(flat(ds, path), path); }

    String[] strings(Dataset ds, String path) { return toStrings(flat(ds, path), path); }

    /** Any numeric array as float32 (the array itself when it already is one). */
    float[] toFloats(Object a, String path) {
        switch (a) {
            case float[] f -> { return f; }
            case double[] d -> {
                float[] out = new float[d.length];
                for (int i = 0; i < d.length; i++) out[i] = (float) d[i];
                return out;
            }
            case long[] l -> {
                float[] out = new float[l.length];
                for (int i = 0; i < l.length; i++) out[i] = l[i];
                return out;
            }
            case int[] v -> {
                float[] out = new float[v.length];
                for (int i = 0; i < v.length; i++) out[i] = v[i];
                return out;
            }
            case short[] v -> {
                float[] out = new float[v.length];
                for (int i = 0; i < v.length; i++) out[i] = v[i];
                return out;
            }
            case byte[] v -> {
                float[] out = new float[v.length];
                for (int i = 0; i < v.length; i++) out[i] = v[i];
                return out;
            }
            case boolean[] v -> {
                float[] out = new float[v.length];
                for (int i = 0; i < v.length; i++) out[i] = v[i] ? 1 : 0;
                return out;
            }
            default -> throw fail(path, "expected numbers, found " + describe(a));
        }
    }

    double[] toDoubles(Object a, String path) {
        switch (a) {
            case double[] d -> { return d; }
            case float[] f -> {
                double[] out = new double[f.length];
                for (int i = 0; i < f.length; i++) out[i] = f[i];
                return out;
            }
            default -> {
                long[] l = toLongs(a, path);
                double[] out = new double[l.length];
                for (int i = 0; i < l.length; i++) out[i] = l[i];
                return out;
            }
        }
    }

    long[] toLongs(Object a, String path) {
        switch (a) {
            case long[] l -> { return l; }
            case int[] v -> {
                long[] out = new long[v.length];
                for (int i = 0; i < v.length; i++) out[i] = v[i];
                return out;
            }
            case short[] v -> {
                long[] out = new long[v.length];
                for (int i = 0; i < v.length; i++) out[i] = v[i];
                return out;
            }
            case byte[] v -> {
                long[] out = new long[v.length];
                for (int i = 0; i < v.length; i++) out[i] = v[i];
                return out;
            }
            case BigInteger[] v -> {
                long[] out = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    if (v[i].bitLength() > 63) throw fail(path, "value " + v[i] + " at " + i + " exceeds int64");
                    out[i] = v[i].longValue();
                }
                return out;
            }
            case boolean[] v -> {
                long[] out = new long[v.length];
                for (int i = 0; i < v.length; i++) out[i] = v[i] ? 1 : 0;
                return out;
            }
            default -> throw fail(path, "expected integers, found " + describe(a));
        }
    }

    /** Integers as int[], checking that each fits (int64 indices and pointers converted in one pass). */
    int[] toInts(Object a, String path) {
        switch (a) {
            case int[] v -> { return v; }
            case long[] l -> {
                int[] out = new int[l.length];
                for (int i = 0; i < l.length; i++) {
                    long x = l[i];
                    if (x != (int) x) throw fail(path, "value " + x + " at " + i + " does not fit a 32-bit int");
                    out[i] = (int) x;
                }
                return out;
            }
            case short[] v -> {
                int[] out = new int[v.length];
                for (int i = 0; i < v.length; i++) out[i] = v[i];
                return out;
            }
            case byte[] v -> {
                int[] out = new int[v.length];
                for (int i = 0; i < v.length; i++) out[i] = v[i];
                return out;
            }
            default -> { return toInts(toLongs(a, path), path); }
        }
    }

    /** Booleans from h5py's enum ("TRUE"/"FALSE"), a bitfield, or integers 0/1. */
    boolean[] toBools(Object a, String path) {
        switch (a) {
            case boolean[] b -> { return b; }
            case String[] s -> {
                boolean[] out = new boolean[s.length];
                for (int i = 0; i < s.length; i++) {
                    if ("TRUE".equals(s[i])) out[i] = true;
                    else if (!"FALSE".equals(s[i]))
                        throw fail(path, "expected TRUE or FALSE, found '" + s[i] + "' at " + i);
                }
                return out;
            }
            default -> {
                long[] l = toLongs(a, path);
                boolean[] out = new boolean[l.length];
                for (int i = 0; i < l.length; i++) out[i] = l[i] != 0;
                return out;
            }
        }
    }

    /** Strings as they are (null entries become ""), or numbers as their decimal text. */
    String[] toStrings(Object a, String path) {
        if (a instanceof String[] s) {
            for (int i = 0; i < s.length; i++) if (s[i] == null) s[i] = "";
            return s;
        }
        if (a instanceof float[] || a instanceof double[]) {
            double[] d = toDoubles(a, path);
            String[] out = new String[d.length];
            for (int i = 0; i < d.length; i++) out[i] = Double.toString(d[i]);
            return out;
        }
        long[] l = toLongs(a, path);
        String[] out = new String[l.length];
        for (int i = 0; i < l.length; i++) out[i] = Long.toString(l[i]);
        return out;
    }

    static String describe(Object a) {
        if (a == null) return "nothing";
        return a.getClass().isArray() ? a.getClass().getComponentType().getSimpleName() + " values"
                : a.getClass().getSimpleName();
    }

    // ------------------------------------------------------------------------------------------------ attributes

    /** Path of a node as h5py prints it ("/obs/louvain"). */
    static String pathOf(Node n) {
        String p = n.getPath();
        while (p.length() > 1 && p.endsWith("/")) p = p.substring(0, p.length() - 1);
        if (p.startsWith("//")) p = p.substring(1);
        return p.isEmpty() ? "/" : p;
    }

    private static Object attrData(Node n, String name) {
        Attribute a = n.getAttributes().get(name);
        return a == null ? null : a.getData();
    }

    static boolean hasAttr(Node n, String name) { return n.getAttributes().containsKey(name); }

    /** A string attribute (scalar, or a one-element array), or null when absent. */
    String attrString(Node n, String name) {
        Object v = attrData(n, name);
        if (v == null) return null;
        if (v instanceof String s) return s;
        if (v instanceof String[] s && s.length == 1) return s[0];
        throw fail(pathOf(n) + "@" + name, "expected a string attribute, found " + describe(v));
    }

    /** A string-array attribute; an empty one (anndata writes an empty float64 array) or an absent one is {}. */
    String[] attrStrings(Node n, String name) {
        Object v = attrData(n, name);
        if (v == null) return new String[0];
        if (v instanceof String s) return new String[]{s};
        if (v instanceof String[] s) return s;
        if (v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 0) return new String[0];
        throw fail(pathOf(n) + "@" + name, "expected strings, found " + describe(v));
    }

    /** A boolean attribute (h5py's enum, a bitfield, a number or the strings True/False); dflt when absent. */
    boolean attrBool(Node n, String name, boolean dflt) {
        Object v = attrData(n, name);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        if (v instanceof String s) {
            if (s.equalsIgnoreCase("true")) return true;
            if (s.equalsIgnoreCase("false")) return false;
        }
        if (v instanceof Number x) return x.longValue() != 0;
        if (v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 1)
            return toBools(v, pathOf(n) + "@" + name)[0];
        throw fail(pathOf(n) + "@" + name, "expected a boolean attribute, found " + v);
    }

    /** An integer-array attribute (such as a sparse matrix's shape), or null when absent. */
    long[] attrLongs(Node n, String name) {
        Object v = attrData(n, name);
        if (v == null) return null;
        if (v instanceof Number x) return new long[]{x.longValue()};
        if (v.getClass().isArray() && !(v instanceof String[])) return toLongs(v, pathOf(n) + "@" + name);
        throw fail(pathOf(n) + "@" + name, "expected integers, found " + describe(v));
    }

    /** The raw attribute value (for object references, which jHDF returns as a Long address). */
    static Object attr(Node n, String name) { return attrData(n, name); }
}
