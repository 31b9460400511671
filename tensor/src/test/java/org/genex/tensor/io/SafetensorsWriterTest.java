package org.genex.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.genex.tensor.Tensor;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writer conventions, write/read round trips of every dtype, atomic replacement, and argument errors. */
class SafetensorsWriterTest {

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------------------------------------ oracles

    /** Element i of raw little-endian data as float, decoded here independently of Codecs (FP8 excluded). */
    private static float oracleFloat(DType t, byte[] d, int i) {
        return switch (t) {
            case F32 -> Float.intBitsToFloat((int) le(d, 4 * i, 4));
            case F64 -> (float) Double.longBitsToDouble(le(d, 8 * i, 8));
            case F16 -> f16((int) le(d, 2 * i, 2));
            case BF16 -> Float.intBitsToFloat((int) le(d, 2 * i, 2) << 16);
            case BOOL -> d[i] != 0 ? 1f : 0f;
            case U64 -> new BigInteger(Long.toUnsignedString(le(d, 8 * i, 8))).floatValue();
            default -> (float) oracleLong(t, d, i);
        };
    }

    /** Element i of raw little-endian integer data. */
    private static long oracleLong(DType t, byte[] d, int i) {
        return switch (t) {
            case BOOL -> d[i] != 0 ? 1 : 0;
            case I8 -> d[i];
            case U8 -> d[i] & 0xff;
            case I16 -> (short) le(d, 2 * i, 2);
            case U16 -> le(d, 2 * i, 2);
            case I32 -> (int) le(d, 4 * i, 4);
            case U32 -> le(d, 4 * i, 4);
            case I64, U64 -> le(d, 8 * i, 8);
            default -> throw new AssertionError(t);
        };
    }

    private static long le(byte[] d, int at, int n) {
        long v = 0;
        for (int k = n - 1; k >= 0; k--) v = v << 8 | (d[at + k] & 0xff);
        return v;
    }

    /** IEEE half precision, decoded by hand. */
    private static float f16(int h) {
        int sign = h >>> 15, exp = (h >>> 10) & 31, man = h & 1023;
        double v = exp == 0 ? man * 0x1p-24 : exp == 31 ? (man == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                : (1024 + man) * Math.pow(2, exp - 25);
        return (float) (sign == 1 ? -v : v);
    }

    private static void assertSameFloat(float expected, float actual, String what) {
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual), what + ": " + actual
                + ", expected " + expected);
    }

    // ------------------------------------------------------------------------------------------------ round trips

    /** A random shape of rank 0..4 with dimensions 0..5, whose bits fill whole bytes for the sub-byte types. */
    private static long[] randomShape(Random rnd, DType t) {
        long[] s = new long[rnd.nextInt(5)];
        for (int i = 0; i < s.length; i++) s[i] = rnd.nextInt(rnd.nextInt(8) == 0 ? 1 : 6);
        long n = Arrays.stream(s).reduce(1, (a, b) -> a * b);
        if (n * t.bits() % 8 != 0) s = new long[] {4, 2 * rnd.nextInt(4)}; // 4 * 4 or 6 bits: whole bytes
        return s;
    }

    @Property(tries = 40)
    void randomTensorsOfEveryDtypeRoundTrip(@ForAll long seed) throws IOException {
        Random rnd = new Random(seed);
        SafetensorsWriter w = new SafetensorsWriter().putMetadata("seed", Long.toString(seed));
        Map<String, byte[]> data = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, DType> dtypes = new LinkedHashMap<>();
        for (DType t : DType.values()) {
            for (int k = 0; k < 2; k++) {
                String name = "t" + rnd.nextInt(1000) + "." + t.name().toLowerCase() + k;
                long[] shape = randomShape(rnd, t);
                byte[] bytes = new byte[(int) t.byteSize(Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
                rnd.nextBytes(bytes);
                w.putRaw(name, t, shape, bytes);
                data.put(name, bytes);
                shapes.put(name, shape);
                dtypes.put(name, t);
            }
        }
        Path file = Files.createTempFile("roundtrip", ".safetensors");
        try {
            w.write(file);
            assertEquals(Files.size(file), w.fileSize());
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                assertEquals(Map.of("seed", Long.toString(seed)), f.metadata());
                assertEquals(data.keySet(), new java.util.HashSet<>(f.names()));
                for (String name : data.keySet()) {
                    SafetensorsFile.Entry e = f.entry(name);
                    DType t = dtypes.get(name);
                    byte[] d = data.get(name);
                    assertEquals(t, e.dtype(), name);
                    assertArrayEquals(shapes.get(name), e.shape(), name);
                    byte[] got = new byte[(int) e.byteSize()];
                    e.bytes().get(got);
                    assertArrayEquals(d, got, name);
                    if (t.convertsToFloat()) {
                        float[] floats = e.toFloats();
                        assertEquals(e.elementCount(), floats.length, name);
                        if (!t.name().startsWith("F8"))
                            for (int i = 0; i < floats.length; i++)
                                assertSameFloat(oracleFloat(t, d, i), floats[i], name + "[" + i + "]");
                    } else {
                        assertThrows(UnsupportedOperationException.class, e::toFloats);
                    }
                    if (t.isInteger() || t == DType.BOOL) {
                        long[] longs = e.toLongs();
                        for (int i = 0; i < longs.length; i++)
                            assertEquals(oracleLong(t, d, i), longs[i], name + "[" + i + "]");
                    }
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void floatTensorsRoundTripAsF32F64F16AndBf16() throws IOException {
        Random rnd = new Random(7);
        Tensor a = TestTensors.uniform(rnd, -70000f, 70000f, 3, 5, 7);
        Tensor rows = TestTensors.random(rnd, 6, 5).rows(2, 5); // a view at a non-zero offset
        Tensor scalar = Tensor.scalar(-1.5f);
        Tensor empty = Tensor.zeros(2, 0, 3);
        Path file = tmp.resolve("floats.safetensors");
        new SafetensorsWriter()
                .put("f32", a).put("f64", a, DType.F64).put("f16", a, DType.F16).put("bf16", a, DType.BF16)
                .put("rows", rows).put("scalar", scalar).put("empty", empty).put("empty16", empty, DType.F16)
                .write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            float[] x = a.toArray();
            TestTensors.assertBitwise(x, f.entry("f32").toFloats(), "f32");
            TestTensors.assertBitwise(x, f.entry("f64").toFloats(), "f64");
            assertEquals(8 * 105, f.entry("f64").byteSize());
            float[] h = f.entry("f16").toFloats(), b = f.entry("bf16").toFloats();
            for (int i = 0; i < x.length; i++) {
                assertSameFloat(HalfFloats.f16ToFloat(HalfFloats.floatToF16(x[i])), h[i], "f16[" + i + "]");
                assertSameFloat(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(x[i])), b[i], "bf16[" + i + "]");
                assertTrue(Math.abs(b[i] - x[i]) <= Math.abs(x[i]) * 0x1p-8, "bf16 relative error");
            }
            assertTrue(Arrays.stream(toDoubles(h)).anyMatch(Double::isInfinite), "values above 65504 overflow F16");
            Tensor r = f.tensor("rows");
            assertEquals(rows.shape(), r.shape());
            TestTensors.assertBitwise(rows.toArray(), r.toArray(), "rows");
            assertEquals(-1.5f, f.tensor("scalar").item());
            assertEquals(0, f.tensor("scalar").rank());
            assertEquals(empty.shape(), f.tensor("empty").shape());
            assertEquals(empty.shape(), f.tensor("empty16").shape());
            assertEquals(DType.F16, f.entry("empty16").dtype());
        }
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    @Test
    void integerAndBooleanArraysRoundTrip() throws IOException {
        Path file = tmp.resolve("ints.safetensors");
        long[] longs = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE, 1L << 40};
        int[] ints = {Integer.MIN_VALUE, -7, 0, 9, Integer.MAX_VALUE, 3};
        boolean[] bools = {true, false, false, true, true, false};
        new SafetensorsWriter()
                .putLongs("l", longs, new long[] {2, 3}).putInts("i", ints).putBooleans("b", bools, new long[] {3, 2})
                .putLongs("scalar", new long[] {42}, new long[0]).putInts("none", new int[0])
                .write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertArrayEquals(longs, f.entry("l").toLongs());
            assertArrayEquals(new long[] {2, 3}, f.entry("l").shape());
            assertArrayEquals(ints, f.entry("i").toInts());
            assertArrayEquals(bools, f.entry("b").toBooleans());
            assertArrayEquals(new long[] {42}, f.entry("scalar").toLongs());
            assertEquals(0, f.entry("scalar").rank());
            assertEquals(0, f.entry("none").toInts().length);
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> f.entry("l").toInts());
            assertTrue(e.getMessage().contains("tensor 'l': element 0 = -9223372036854775808 does not fit in an int"),
                    e.getMessage());
            assertEquals(List.of("l", "i", "b", "scalar", "none").size(), f.entries().size());
        }
    }

    // ------------------------------------------------------------------------------------------------ layout

    private static String headerJson(byte[] file) {
        long n = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        return new String(file, 8, (int) n, StandardCharsets.UTF_8);
    }

    @Test
    void matchesTheReferenceWriterByteForByte() throws IOException {
        // Test vectors of the reference implementation: an F32 [1,2,3] tensor, and files without tensors.
        float[] v = {0, 1, 2, 3, 4, 5};
        byte[] one = bytes(new SafetensorsWriter().put("attn.0", Tensor.of(v, 1, 2, 3)));
        String json = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        assertEquals(json, headerJson(one));
        assertEquals(64, json.length());
        assertEquals(8 + 64 + 24, one.length);
        assertEquals(1f, ByteBuffer.wrap(one).order(ByteOrder.LITTLE_ENDIAN).getFloat(8 + 64 + 4));

        byte[] aligned = bytes(new SafetensorsWriter().put("attn0", Tensor.of(v, 1, 1, 2, 3)));
        assertEquals("{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ",
                headerJson(aligned));

        assertArrayEquals(concat(le8(8), "{}      ".getBytes(StandardCharsets.US_ASCII)),
                bytes(new SafetensorsWriter()));
        assertArrayEquals(concat(le8(40), "{\"__metadata__\":{\"framework\":\"pt\"}}     "
                .getBytes(StandardCharsets.US_ASCII)), bytes(new SafetensorsWriter().putMetadata("framework", "pt")));
        assertEquals("{\"__metadata__\":{}}     ", headerJson(bytes(new SafetensorsWriter().putMetadata(Map.of()))));
    }

    private byte[] bytes(SafetensorsWriter w) throws IOException {
        Path p = tmp.resolve("w" + System.nanoTime() + ".safetensors");
        w.write(p);
        byte[] b = Files.readAllBytes(p);
        assertArrayEquals(Arrays.copyOf(b, (int) Math.min(b.length, w.header().length)), w.header());
        return b;
    }

    private static byte[] le8(long n) { return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array(); }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    @SuppressWarnings("unchecked")
    void headerLayoutFollowsTheReferenceConventions() throws IOException {
        Random rnd = new Random(3);
        SafetensorsWriter w = new SafetensorsWriter().putMetadata("b", "2").putMetadata("a", "1");
        List<DType> types = List.of(DType.BOOL, DType.F16, DType.I64, DType.F32, DType.BF16, DType.U8, DType.F64,
                DType.I32, DType.C64, DType.F4, DType.F8_E4M3, DType.U16);
        for (DType t : types) {
            for (String name : List.of("z", "a", "m")) {
                long[] shape = {rnd.nextInt(3) + 1, 2 * (rnd.nextInt(3) + 1)};
                byte[] d = new byte[(int) t.byteSize(shape[0] * shape[1])];
                w.putRaw(name + "_" + t.name(), t, shape, d);
            }
        }
        byte[] file = bytes(w);
        long n = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, n % 8, "header padded to a multiple of 8");
        String padded = headerJson(file), json = padded.stripTrailing();
        assertTrue(padded.substring(json.length()).chars().allMatch(c -> c == ' '), "padded with spaces");
        assertTrue(padded.length() - json.length() < 8);
        assertFalse(json.contains(" ") || json.contains("\n"), "compact JSON");

        Map<String, Object> h = (Map<String, Object>) JsonReader.parse(json.getBytes(StandardCharsets.UTF_8), 3);
        List<String> keys = new ArrayList<>(h.keySet());
        assertEquals("__metadata__", keys.get(0));
        assertEquals(List.of("b", "a"), List.copyOf(((Map<String, Object>) h.get("__metadata__")).keySet()));
        List<String> expected = types.stream()
                .sorted((x, y) -> Integer.compare(y.ordinal(), x.ordinal()))
                .flatMap(t -> Stream.of("a_", "m_", "z_").map(p -> p + t.name())).toList();
        assertEquals(expected, keys.subList(1, keys.size()));
        long end = 0;
        for (String k : expected) {
            Map<String, Object> e = (Map<String, Object>) h.get(k);
            assertEquals(List.of("dtype", "shape", "data_offsets"), List.copyOf(e.keySet()), k);
            List<Object> off = (List<Object>) e.get("data_offsets");
            assertEquals(end, off.get(0), k + " begins where the previous tensor ended");
            end = (Long) off.get(1);
            DType t = DType.fromHeaderName((String) e.get("dtype"));
            long fileOffset = 8 + n + (Long) off.get(0);
            if (!t.isSubByte()) assertEquals(0, fileOffset % (t.bits() / 8), k + " is aligned to its element size");
        }
        assertEquals(file.length, 8 + n + end);
    }

    @Test
    void namesAreSortedInUtf8OrderAndEscapedAsSerdeJson() throws IOException {
        String emoji = "\uD83D\uDE00", replacement = "\uFFFD";
        List<String> names = List.of("b", "a", "B", "\u00e9", emoji, replacement, "q\"uote", "back\\slash",
                "new\nline", "ctl\u0001\u001f", "tab\t", "del\u007f", "slash/");
        SafetensorsWriter w = new SafetensorsWriter().putMetadata("k\"ey", "v\nalue \u00e9");
        for (String s : names) w.put(s, Tensor.of(1f));
        Path file = tmp.resolve("names.safetensors");
        w.write(file);
        String json = headerJson(Files.readAllBytes(file));
        assertTrue(json.contains("\"q\\\"uote\""), json);
        assertTrue(json.contains("\"back\\\\slash\""), json);
        assertTrue(json.contains("\"new\\nline\""), json);
        assertTrue(json.contains("\"ctl\\u0001\\u001f\""), json);
        assertTrue(json.contains("\"tab\\t\""), json);
        assertTrue(json.contains("\"del\u007f\""), json);
        assertTrue(json.contains("\"slash/\""), json);
        assertTrue(json.contains("\"" + emoji + "\""), json);
        assertTrue(json.startsWith("{\"__metadata__\":{\"k\\\"ey\":\"v\\nalue \u00e9\"}"), json);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            List<String> sorted = new ArrayList<>(names);
            sorted.sort((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8),
                    y.getBytes(StandardCharsets.UTF_8)));
            assertEquals(sorted, f.names());
            assertTrue(f.names().indexOf(replacement) < f.names().indexOf(emoji), "UTF-8 order, not UTF-16");
            assertEquals("v\nalue \u00e9", f.metadata().get("k\"ey"));
        }
    }

    // ------------------------------------------------------------------------------------------------ atomicity

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
        Path file = tmp.resolve("model.safetensors");
        Files.writeString(file, "old contents");
        new SafetensorsWriter().put("x", Tensor.of(1f, 2f)).write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertArrayEquals(new float[] {1f, 2f}, f.entry("x").toFloats());
        }
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndRemovesTheTemporaryFile() throws IOException {
        Path source = tmp.resolve("source.safetensors"), file = tmp.resolve("target.safetensors");
        new SafetensorsWriter().put("x", Tensor.of(1f, 2f)).write(source);
        new SafetensorsWriter().put("old", Tensor.of(3f)).write(file);
        byte[] before = Files.readAllBytes(file);
        SafetensorsWriter w = new SafetensorsWriter();
        try (SafetensorsFile f = SafetensorsFile.open(source)) {
            w.put(f.entry("x"));
        }
        // the entry's file is closed: reading its bytes fails in the middle of the write
        assertThrows(IllegalStateException.class, () -> w.write(file));
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(2, files.count(), "no temporary file left");
        }
        assertThrows(NoSuchFileException.class, () -> w.write(tmp.resolve("missing").resolve("x.safetensors")));
    }

    @Test
    void rewritesTheFileItReadsFrom() throws IOException {
        Path file = tmp.resolve("self.safetensors");
        new SafetensorsWriter().put("x", Tensor.of(1f, 2f)).write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            new SafetensorsWriter().put(f.entry("x")).put("y", Tensor.of(5f)).write(file);
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(List.of("x", "y"), f.names());
            assertArrayEquals(new float[] {1f, 2f}, f.entry("x").toFloats());
            assertTrue(!f.hasMetadata());
            Path copy = tmp.resolve("copy.safetensors");
            SafetensorsWriter.from(f).write(copy); // no metadata block is added
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(copy));
        }
    }

    // ------------------------------------------------------------------------------------------------ errors

    @Test
    void rejectsBadWriterArguments() {
        SafetensorsWriter w = new SafetensorsWriter().put("x", Tensor.of(1f)).putMetadata("k", "v");
        assertEquals("tensor 'x' added twice",
                assertThrows(IllegalArgumentException.class, () -> w.put("x", Tensor.of(2f))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> w.put("__metadata__", Tensor.of(2f)));
        assertThrows(IllegalArgumentException.class, () -> w.putMetadata("k", "w"));
        assertThrows(IllegalArgumentException.class, () -> w.put("i", Tensor.of(2f), DType.I32));
        assertThrows(IllegalArgumentException.class, () -> w.putLongs("l", new long[] {1, 2}, new long[] {3}));
        assertThrows(IllegalArgumentException.class, () -> w.putInts("l", new int[] {1, 2}, new long[] {-1, -2}));
        assertEquals("tensor 'r': shape [2, 3] of F32 needs 24 bytes, the buffer has 20", assertThrows(
                IllegalArgumentException.class, () -> w.putRaw("r", DType.F32, new long[] {2, 3}, new byte[20]))
                .getMessage());
        assertThrows(IllegalArgumentException.class, () -> w.putRaw("r", DType.F4, new long[] {3}, new byte[1]));
        assertThrows(IllegalArgumentException.class,
                () -> w.putRaw("r", DType.F32, new long[] {1L << 40, 1L << 40}, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> w.put("bad\uD800", Tensor.of(2f)));
        assertThrows(IllegalArgumentException.class, () -> w.putMetadata("m", "\uDC00"));
        assertEquals(List.of("x"), w.names());
    }

    @Test
    void entryConversionsExplainWhatIsNotSupported() throws IOException {
        Path file = tmp.resolve("kinds.safetensors");
        ByteBuffer u = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L).putLong(8, 5);
        new SafetensorsWriter()
                .putRaw("c", DType.C64, new long[] {1}, new byte[8])
                .putRaw("f4", DType.F4, new long[] {2}, new byte[1])
                .putRaw("u64", DType.U64, new long[] {2}, u)
                .putRaw("u32", DType.U32, new long[] {1}, new byte[] {-1, -1, -1, -1})
                .put("f", Tensor.of(1f))
                .write(file);
        SafetensorsFile f = SafetensorsFile.open(file);
        try (f) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> f.entry("c").toTensor());
            assertTrue(e.getMessage().contains("tensor 'c': conversion of dtype C64 to float32 is not supported"),
                    e.getMessage());
            assertTrue(assertThrows(UnsupportedOperationException.class, () -> f.entry("f4").toFloats())
                    .getMessage().contains("conversion of dtype F4 to float32 is not supported"));
            assertEquals(1, f.entry("f4").bytes().remaining());
            assertThrows(UnsupportedOperationException.class, () -> f.entry("f").toLongs());
            assertThrows(UnsupportedOperationException.class, () -> f.entry("f").toInts());
            assertThrows(UnsupportedOperationException.class, () -> f.entry("u32").toBooleans());
            assertArrayEquals(new long[] {-1L, 5}, f.entry("u64").toLongs());
            assertArrayEquals(new float[] {0x1p64f, 5f}, f.entry("u64").toFloats());
            assertTrue(assertThrows(ArithmeticException.class, () -> f.entry("u64").toInts()).getMessage()
                    .contains("element 0 = 18446744073709551615 does not fit in an int"));
            assertArrayEquals(new long[] {0xffffffffL}, f.entry("u32").toLongs());
            assertThrows(ArithmeticException.class, () -> f.entry("u32").toInts());
            assertThrows(IndexOutOfBoundsException.class, () -> f.entry("u64").bytes(10, 8));
            NoSuchElementException missing = assertThrows(NoSuchElementException.class, () -> f.entry("nope"));
            assertTrue(missing.getMessage().contains("no tensor 'nope'"), missing.getMessage());
        }
        assertThrows(IllegalStateException.class, () -> f.entry("f"));
        assertThrows(IllegalStateException.class, f::entries);
    }
}
