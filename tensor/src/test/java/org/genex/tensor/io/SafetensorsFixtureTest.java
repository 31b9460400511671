package org.genex.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.genex.tensor.Tensor;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference fixture written by safetensors 0.8.0 (specs/formats.md 4.5) against its expected values. */
class SafetensorsFixtureTest {
    private static final String FIXTURE = "derived/tiny_reference.safetensors";
    private static final String EXPECTED = "derived/tiny_reference.expected.json";

    private static final Map<String, DType> NUMPY_NAMES = Map.of("float32", DType.F32, "float16", DType.F16,
            "bfloat16", DType.BF16, "int64", DType.I64, "bool", DType.BOOL, "float64", DType.F64);

    @TempDir
    Path tmp;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> expected() throws IOException {
        byte[] json = Files.readAllBytes(TestTensors.fixture(EXPECTED));
        return (Map<String, Object>) JsonReader.parse(json, 8);
    }

    @Test
    void readsTheExpectedValues() throws IOException {
        Map<String, Object> expected = expected();
        try (SafetensorsFile f = SafetensorsFile.open(TestTensors.fixture(FIXTURE))) {
            assertEquals(759, f.fileSize());
            assertEquals(616, f.headerLength());
            assertEquals(List.of("token_ids", "scalar", "empty", "layer0.bias", "layer0.weight", "embed.bf16",
                    "embed.f16", "mask"), f.names());
            assertTrue(f.hasMetadata());
            assertEquals(List.of("note", "format"), List.copyOf(f.metadata().keySet()));
            assertEquals("fixture written by safetensors 0.8.0 (python, numpy backend)", f.metadata().get("note"));
            assertEquals("np", f.metadata().get("format"));
            assertEquals(expected.keySet(), new HashSet<>(f.names()));
            for (Map.Entry<String, Object> x : expected.entrySet()) check(f.entry(x.getKey()), x.getValue());
        }
    }

    @SuppressWarnings("unchecked")
    private static void check(SafetensorsFile.Entry e, Object expectedObject) {
        Map<String, Object> x = (Map<String, Object>) expectedObject;
        String what = e.name();
        assertEquals(NUMPY_NAMES.get((String) x.get("dtype")), e.dtype(), what);
        List<Object> shape = (List<Object>) x.get("shape");
        long[] expectedShape = shape.stream().mapToLong(o -> (Long) o).toArray();
        assertArrayEquals(expectedShape, e.shape(), what);
        List<Object> values = (List<Object>) x.get("values");
        assertEquals(values.size(), e.elementCount(), what);
        switch (e.dtype()) {
            case BOOL -> {
                boolean[] got = e.toBooleans();
                for (int i = 0; i < got.length; i++) assertEquals(values.get(i), got[i], what + "[" + i + "]");
                assertArrayEquals(new long[] {1, 0, 1}, e.toLongs());
            }
            case I64 -> {
                long[] got = e.toLongs();
                for (int i = 0; i < got.length; i++)
                    assertEquals(((Number) values.get(i)).doubleValue(), (double) got[i], what + "[" + i + "]");
                assertArrayEquals(new int[] {1, 2, 3, 65535}, e.toInts());
            }
            default -> {
                // float16/bfloat16/float32 values are exact in float; the float64 scalar 7.5 too
                float[] got = e.toFloats();
                for (int i = 0; i < got.length; i++)
                    assertEquals((float) ((Number) values.get(i)).doubleValue(), got[i], 0f, what + "[" + i + "]");
            }
        }
        Tensor t = e.toTensor();
        assertEquals(e.rank(), t.rank(), what);
        for (int i = 0; i < e.rank(); i++) assertEquals(e.shape()[i], t.dim(i), what);
        assertEquals(e.byteSize(), e.bytes().remaining(), what);
        assertTrue(e.bytes().isReadOnly(), what);
    }

    @Test
    void scalarAndEmptyTensors() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(TestTensors.fixture(FIXTURE))) {
            SafetensorsFile.Entry scalar = f.entry("scalar");
            assertEquals(0, scalar.rank());
            assertEquals(1, scalar.elementCount());
            assertArrayEquals(new long[] {32, 40}, scalar.dataOffsets());
            Tensor s = f.tensor("scalar");
            assertEquals(0, s.rank());
            assertEquals(7.5f, s.item());
            assertEquals(7.5, scalar.bytes().getDouble(0));

            SafetensorsFile.Entry empty = f.entry("empty");
            assertEquals(0, empty.elementCount());
            assertEquals(0, empty.byteSize());
            assertArrayEquals(new long[] {40, 40}, empty.dataOffsets());
            Tensor t = empty.toTensor();
            assertEquals(0, t.size());
            assertEquals(0, t.dim(0));
            assertEquals(3, t.dim(1));
            assertEquals(0, empty.bytes().remaining());
        }
    }

    @Test
    void rawBytesAreAZeroCopyLittleEndianView() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(TestTensors.fixture(FIXTURE))) {
            ByteBuffer b = f.entry("token_ids").bytes();
            assertTrue(b.isDirect(), "a view of the memory map");
            assertEquals(32, b.remaining());
            assertEquals(65535L, b.getLong(24));
            assertEquals(0xffff, b.getShort(24) & 0xffff);
            ByteBuffer bias = f.entry("layer0.bias").bytes(4, 8);
            assertEquals(1f, bias.getFloat(0));
            assertEquals(2f, bias.getFloat(4));
        }
    }

    @Test
    void piecewiseMappingReadsTheSame() throws IOException {
        Path p = TestTensors.fixture(FIXTURE);
        try (SafetensorsFile whole = SafetensorsFile.open(p); SafetensorsFile pieces = SafetensorsFile.open(p, 0, 8)) {
            for (SafetensorsFile.Entry a : whole.entries()) {
                SafetensorsFile.Entry b = pieces.entry(a.name());
                assertEquals(a.bytes(), b.bytes(), a.name());
                assertArrayEquals(a.toFloats(), b.toFloats(), a.name());
                if (a.dtype() == DType.I64 || a.dtype() == DType.BOOL) {
                    assertArrayEquals(a.toLongs(), b.toLongs(), a.name());
                    assertArrayEquals(a.toInts(), b.toInts(), a.name());
                }
                if (a.dtype() == DType.BOOL) assertArrayEquals(a.toBooleans(), b.toBooleans(), a.name());
            }
        }
    }

    @Test
    void copyingEveryEntryReproducesTheFileByteForByte() throws IOException {
        Path fixture = TestTensors.fixture(FIXTURE);
        Path out = tmp.resolve("copy.safetensors");
        try (SafetensorsFile f = SafetensorsFile.open(fixture)) {
            SafetensorsWriter w = new SafetensorsWriter().putMetadata(f.metadata());
            for (SafetensorsFile.Entry e : f.entries()) w.put(e);
            w.write(out);
        }
        assertArrayEquals(Files.readAllBytes(fixture), Files.readAllBytes(out));

        Path viaFrom = tmp.resolve("from.safetensors");
        try (SafetensorsFile f = SafetensorsFile.open(fixture)) {
            SafetensorsWriter.from(f).write(viaFrom);
        }
        assertArrayEquals(Files.readAllBytes(fixture), Files.readAllBytes(viaFrom));
    }

    @Test
    void reEncodingTheDecodedValuesReproducesTheFile() throws IOException {
        // Every value goes through our decoders and back through our encoders (F16/BF16 rounding included).
        Path fixture = TestTensors.fixture(FIXTURE);
        Path out = tmp.resolve("reencoded.safetensors");
        try (SafetensorsFile f = SafetensorsFile.open(fixture)) {
            Map<String, String> meta = new LinkedHashMap<>(f.metadata());
            SafetensorsWriter w = new SafetensorsWriter().putMetadata(meta);
            List<String> names = new ArrayList<>(f.names());
            Collections.reverse(names); // insertion order must not matter
            for (String name : names) {
                SafetensorsFile.Entry e = f.entry(name);
                switch (e.dtype()) {
                    case I64 -> w.putLongs(name, e.toLongs(), e.shape());
                    case BOOL -> w.putBooleans(name, e.toBooleans(), e.shape());
                    case F64 -> {
                        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                        b.putDouble(0, e.toFloats()[0]);
                        w.putRaw(name, DType.F64, e.shape(), b);
                    }
                    default -> w.put(name, e.toTensor(), e.dtype());
                }
            }
            w.write(out);
            assertEquals(Files.size(fixture), w.fileSize());
        }
        assertArrayEquals(Files.readAllBytes(fixture), Files.readAllBytes(out));
        try (SafetensorsFile f = SafetensorsFile.open(out)) {
            assertFalse(f.entries().isEmpty());
        }
    }
}
