package org.genex.data.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One NumPy {@code .npy} array (format versions 1.0, 2.0 and 3.0), as numpy's {@code format.py} defines it: the
 * magic {@code \x93NUMPY}, two version bytes, a little-endian header length (uint16 in 1.0, uint32 after), an ASCII
 * Python-dict header {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}, then the data.
 *
 * <p>Supported element types: little-endian or byte-order-free {@code b1 i1 u1 i2 u2 i4 u4 i8 u8 f4 f8} and the
 * fixed-length byte strings {@code S<n>}. The header is validated, and the data length checked against the shape,
 * before anything is allocated from it.
 *
 * @param kind  'b' bool, 'i' signed, 'u' unsigned, 'f' float, 'S' bytes
 * @param itemSize bytes per element
 * @param shape the dimensions (empty for a 0-d array)
 * @param fortranOrder whether the data are in column-major order
 * @param data the raw element bytes, little-endian
 */
public record Npy(char kind, int itemSize, long[] shape, boolean fortranOrder, ByteBuffer data) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-zA-Z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Number of elements (1 for a 0-d array). */
    public long size() {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    /**
     * Parses the bytes of one {@code .npy} file. {@code file} and {@code entry} name it in errors.
     *
     * @throws DataFormatException for a bad magic, an unsupported version or dtype, a malformed header, or a data
     *         length that does not match the shape
     */
    public static Npy parse(byte[] bytes, Path file, String entry) {
        if (bytes.length < 10 || !java.util.Arrays.equals(bytes, 0, 6, MAGIC, 0, 6))
            throw new DataFormatException(file, entry, "not a .npy array (expected the magic \\x93NUMPY)");
        int major = bytes[6] & 0xff;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int start;
        switch (major) {
            case 1 -> { headerLen = b.getShort(8) & 0xffff; start = 10; }
            case 2, 3 -> {
                if (bytes.length < 12) throw new DataFormatException(file, entry, "truncated .npy preamble");
                headerLen = b.getInt(8) & 0xffffffffL;
                start = 12;
            }
            default -> throw new DataFormatException(file, entry, "unsupported .npy format version " + major
                    + " (expected 1, 2 or 3)");
        }
        if (start + headerLen > bytes.length)
            throw new DataFormatException(file, entry, "header of " + headerLen + " bytes runs past the end ("
                    + bytes.length + " bytes)");
        String header = new String(bytes, start, (int) headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        Matcher d = DESCR.matcher(header);
        if (!d.find()) throw new DataFormatException(file, entry, "header has no simple 'descr': " + header.strip());
        char order = d.group(1).charAt(0), kind = d.group(2).charAt(0);
        int itemSize = Integer.parseInt(d.group(3));
        boolean ok = switch (kind) {
            case 'b' -> itemSize == 1;
            case 'i', 'u' -> itemSize == 1 || itemSize == 2 || itemSize == 4 || itemSize == 8;
            case 'f' -> itemSize == 4 || itemSize == 8;
            case 'S' -> itemSize >= 1 && itemSize <= 1 << 20;
            default -> false;
        };
        if (!ok || (order == '>' && itemSize > 1))
            throw new DataFormatException(file, entry, "unsupported dtype '" + d.group(1) + kind + itemSize + "' (expected little-endian b1, i1-i8, u1-u8, f4, f8 or S<n>)");
        Matcher f = FORTRAN.matcher(header);
        if (!f.find()) throw new DataFormatException(file, entry, "header has no 'fortran_order': " + header.strip());
        Matcher s = SHAPE.matcher(header);
        if (!s.find()) throw new DataFormatException(file, entry, "header has no 'shape': " + header.strip());
        List<Long> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            String t = part.strip();
            if (t.isEmpty()) continue;
            try {
                long v = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
                if (v < 0) throw new NumberFormatException();
                dims.add(v);
            } catch (NumberFormatException e) {
                throw new DataFormatException(file, entry, "bad dimension '" + t + "' in shape (" + s.group(1) + ")");
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long dim : shape) count = Math.multiplyExact(count, dim);
        long dataStart = start + headerLen, need = Math.multiplyExact(count, itemSize);
        if (bytes.length - dataStart != need)
            throw new DataFormatException(file, entry, "shape " + java.util.Arrays.toString(shape) + " of " + itemSize
                    + "-byte elements needs " + need + " data bytes, found " + (bytes.length - dataStart));
        ByteBuffer data = ByteBuffer.wrap(bytes, (int) dataStart, (int) need).slice().order(ByteOrder.LITTLE_ENDIAN);
        return new Npy(kind, itemSize, shape, f.group(1).equals("True"), data);
    }

    /** The elements as ints (integer or bool arrays whose values fit an int). */
    public int[] toInts(Path file, String entry) {
        int n = checkedSize(file, entry);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            long v = integer(i);
            if (v != (int) v)
                throw new DataFormatException(file, entry, "value " + v + " at " + i + " does not fit a 32-bit int");
            out[i] = (int) v;
        }
        return out;
    }

    /** The elements as longs (integer or bool arrays). */
    public long[] toLongs(Path file, String entry) {
        int n = checkedSize(file, entry);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = integer(i);
        return out;
    }

    /** The elements as floats (float arrays rounded; integers converted). */
    public float[] toFloats(Path file, String entry) {
        int n = checkedSize(file, entry);
        float[] out = new float[n];
        if (kind == 'f' && itemSize == 4) data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        else for (int i = 0; i < n; i++) out[i] = (float) real(i);
        return out;
    }

    /** The elements as doubles. */
    public double[] toDoubles(Path file, String entry) {
        int n = checkedSize(file, entry);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = real(i);
        return out;
    }

    /** Element i of a byte-string array, trailing NULs removed, decoded as UTF-8. */
    public String string(int i) {
        if (kind != 'S') throw new IllegalStateException("not a byte-string array: " + kind + itemSize);
        byte[] raw = new byte[itemSize];
        data.get(i * itemSize, raw);
        int len = itemSize;
        while (len > 0 && raw[len - 1] == 0) len--;
        return new String(raw, 0, len, StandardCharsets.UTF_8);
    }

    private int checkedSize(Path file, String entry) {
        if (kind == 'S') throw new DataFormatException(file, entry, "expected a numeric array, found byte strings S"
                + itemSize);
        long n = size();
        if (n > Integer.MAX_VALUE - 8)
            throw new DataFormatException(file, entry, n + " elements do not fit a Java array");
        if (fortranOrder && shape.length > 1)
            throw new DataFormatException(file, entry, "Fortran-ordered arrays of rank > 1 are not supported");
        return (int) n;
    }

    private long integer(int i) {
        int at = i * itemSize;
        return switch (kind) {
            case 'b' -> data.get(at) != 0 ? 1 : 0;
            case 'i' -> switch (itemSize) {
                case 1 -> data.get(at);
                case 2 -> data.getShort(at);
                case 4 -> data.getInt(at);
                default -> data.getLong(at);
            };
            case 'u' -> switch (itemSize) {
                case 1 -> data.get(at) & 0xffL;
                case 2 -> data.getShort(at) & 0xffffL;
                case 4 -> data.getInt(at) & 0xffffffffL;
                default -> {
                    long v = data.getLong(at);
                    if (v < 0) throw new ArithmeticException("uint64 value beyond 2^63");
                    yield v;
                }
            };
            default -> throw new IllegalStateException("not an integer array: " + kind + itemSize);
        };
    }

    private double real(int i) {
        if (kind == 'f') return itemSize == 4 ? data.getFloat(i * 4) : data.getDouble(i * 8);
        return integer(i);
    }
}
