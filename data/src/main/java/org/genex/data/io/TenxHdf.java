package org.genex.data.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import org.genex.tensor.CsrMatrix;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * jHDF access for the 10x, Visium and loom readers, turning every missing element, wrong type or length and jHDF
 * failure into a {@link DataFormatException} with the file and the HDF5 path. Numeric datasets of any integer or
 * float type are widened or narrowed here, after their sizes have been checked.
 */
final class TenxHdf {
    private TenxHdf() {}

    /** Opens an HDF5 file, or explains why it is not one. */
    static HdfFile open(Path file) {
        if (!Files.isRegularFile(file)) throw new DataFormatException(file, null, "file not found");
        try {
            return new HdfFile(file);
        } catch (HdfException | IllegalArgumentException | IllegalStateException e) {
            throw new DataFormatException(file, null, "not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
    }

    /** Runs a jHDF read, reporting its failures against this file and element. */
    static <T> T guard(Path file, String element, Supplier<T> read) {
        try {
            return read.get();
        } catch (DataFormatException e) {
            throw e;
        } catch (HdfException | IllegalArgumentException | IllegalStateException | ClassCastException
                 | IndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new DataFormatException(file, element, "cannot read (" + e + ")", e);
        }
    }

    /** The child group {@code name} of {@code parent}, or an exception naming the path. */
    static Group group(Path file, Group parent, String name) {
        Node n = guard(file, path(parent, name), () -> parent.getChildren().get(name));
        if (n instanceof Group g) return g;
        throw new DataFormatException(file, path(parent, name),
                n == null ? "missing group" : "expected a group, found a dataset");
    }

    /** The child dataset {@code name} of {@code parent}, or an exception naming the path. */
    static Dataset dataset(Path file, Group parent, String name) {
        Node n = guard(file, path(parent, name), () -> parent.getChildren().get(name));
        if (n instanceof Dataset d) return d;
        throw new DataFormatException(file, path(parent, name),
                n == null ? "missing dataset" : "expected a dataset, found a group");
    }

    /** Whether the group has a child of this name. */
    static boolean has(Path file, Group parent, String name) {
        return guard(file, parent.getPath(), () -> parent.getChildren().containsKey(name));
    }

    /** Length of a 1-D dataset, or an exception when it has another rank. */
    static long length(Path file, Dataset d) {
        int[] dims = guard(file, d.getPath(), d::getDimensions);
        if (dims.length != 1)
            throw new DataFormatException(file, d.getPath(), "expected a 1-D dataset, found " + dims.length + "-D");
        return dims[0];
    }

    /** A 1-D string dataset (fixed-length bytes or variable-length) of the expected length (-1: any). */
    static String[] strings(Path file, Dataset d, long expected) {
        checkLength(file, d, expected);
        Object data = guard(file, d.getPath(), d::getDataFlat);
        if (data instanceof String[] s) {
            for (int i = 0; i < s.length; i++) if (s[i] == null) s[i] = "";
            return s;
        }
        throw new DataFormatException(file, d.getPath(), "expected strings, found " + kind(data));
    }

    /** A 1-D integer dataset (any width) of the expected length (-1: any), as longs. */
    static long[] longs(Path file, Dataset d, long expected) {
        checkLength(file, d, expected);
        return toLongs(file, d.getPath(), guard(file, d.getPath(), d::getDataFlat));
    }

    /** A flat integer Java array (any width) as longs, or an exception naming the element. */
    static long[] toLongs(Path file, String element, Object data) {
        return switch (data) {
            case long[] a -> a;
            case int[] a -> { long[] o = new long[a.length]; for (int i = 0; i < a.length; i++) o[i] = a[i]; yield o; }
            case short[] a -> { long[] o = new long[a.length]; for (int i = 0; i < a.length; i++) o[i] = a[i]; yield o; }
            case byte[] a -> { long[] o = new long[a.length]; for (int i = 0; i < a.length; i++) o[i] = a[i]; yield o; }
            default -> throw new DataFormatException(file, element, "expected integers, found " + kind(data));
        };
    }

    /** A 1-D numeric dataset (any integer or float type) of the expected length (-1: any), as float32. */
    static float[] floats(Path file, Dataset d, long expected) {
        checkLength(file, d, expected);
        return toFloats(file, d.getPath(), guard(file, d.getPath(), d::getDataFlat));
    }

    /** A flat numeric Java array as float32 (doubles rounded), or an exception naming the element. */
    static float[] toFloats(Path file, String element, Object data) {
        return switch (data) {
            case float[] a -> a;
            case double[] a -> {
                float[] o = new float[a.length];
                for (int i = 0; i < a.length; i++) o[i] = (float) a[i];
                yield o;
            }
            case int[] a -> { float[] o = new float[a.length]; for (int i = 0; i < a.length; i++) o[i] = a[i]; yield o; }
            case long[] a -> { float[] o = new float[a.length]; for (int i = 0; i < a.length; i++) o[i] = a[i]; yield o; }
            case short[] a -> { float[] o = new float[a.length]; for (int i = 0; i < a.length; i++) o[i] = a[i]; yield o; }
            case byte[] a -> { float[] o = new float[a.length]; for (int i = 0; i < a.length; i++) o[i] = a[i]; yield o; }
            default -> throw new DataFormatException(file, element, "expected numbers, found " + kind(data));
        };
    }

    /**
     * A compressed sparse matrix stored as {@code data}, {@code indices}, {@code indptr} in a group: {@code major}
     * pointers into entries whose indices lie below {@code minor}. The 10x layout is CSC over genes x cells, which is
     * read here as CSR over cells x genes ({@code major} = cells). Lengths are checked before anything is read, then
     * the pointers (start 0, never decrease, end at nnz) and every index. The result is canonical ({@link SortedRows}:
     * Cell Ranger stores each cell's genes in decreasing order).
     */
    static CsrMatrix compressed(Path file, Group g, int major, int minor) {
        Dataset data = dataset(file, g, "data"), indices = dataset(file, g, "indices"), indptr = dataset(file, g, "indptr");
        long nnz = length(file, data);
        if (nnz > Integer.MAX_VALUE - 8)
            throw new DataFormatException(file, data.getPath(), nnz + " entries; at most 2^31 - 9 are supported");
        long[] ptr = longs(file, indptr, major + 1L);
        if (ptr[0] != 0 || ptr[major] != nnz)
            throw new DataFormatException(file, indptr.getPath(), "expected pointers from 0 to " + nnz + " (the length of "
                    + data.getPath() + "), found " + ptr[0] + " to " + ptr[major]);
        int[] p = new int[major + 1];
        for (int i = 0; i < major; i++) {
            if (ptr[i + 1] < ptr[i])
                throw new DataFormatException(file, indptr.getPath(), "pointers decrease at " + i + " (" + ptr[i] + " > "
                        + ptr[i + 1] + ")");
            p[i + 1] = (int) ptr[i + 1];
        }
        long[] idx = longs(file, indices, nnz);
        int[] ix = new int[(int) nnz];
        for (int e = 0; e < ix.length; e++) {
            if (idx[e] < 0 || idx[e] >= minor)
                throw new DataFormatException(file, indices.getPath(), "index " + idx[e] + " of entry " + e
                        + " outside 0.." + (minor - 1));
            ix[e] = (int) idx[e];
        }
        return SortedRows.canonical(major, minor, p, ix, floats(file, data, nnz));
    }

    /** An attribute's value as a string (first element of an array), or null when absent. */
    static String attributeString(Path file, Node node, String name) {
        Attribute a = guard(file, node.getPath(), () -> node.getAttributes().get(name));
        if (a == null) return null;
        Object v = guard(file, node.getPath() + "@" + name, a::getData);
        if (v instanceof String[] s) return s.length == 0 ? null : s[0];
        if (v != null && v.getClass().isArray())
            return java.lang.reflect.Array.getLength(v) == 0 ? null : String.valueOf(java.lang.reflect.Array.get(v, 0));
        return v == null ? null : v.toString();
    }

    static String path(Group parent, String name) {
        String p = parent.getPath();
        return (p.endsWith("/") ? p : p + "/") + name;
    }

    private static void checkLength(Path file, Dataset d, long expected) {
        long n = length(file, d);
        if (expected >= 0 && n != expected)
            throw new DataFormatException(file, d.getPath(), "expected " + expected + " values, found " + n);
    }

    private static String kind(Object data) {
        return data == null ? "nothing" : data.getClass().getSimpleName();
    }
}
