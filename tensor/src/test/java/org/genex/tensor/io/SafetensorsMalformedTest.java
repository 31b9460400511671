package org.genex.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed and hostile files: each must fail with a {@link SafetensorsException} that says what is wrong, before
 * anything sized by the header is allocated; and random corruptions of a valid file must either read or fail so.
 */
class SafetensorsMalformedTest {
    /** Two tensors: a F32 [2] at [0, 8] and b U8 [3] at [8, 11]. */
    private static final String TWO = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[8,11]}}";

    @TempDir
    Path tmp;

    // ------------------------------------------------------------------------------------------------ helpers

    private static byte[] file(long n, byte[] header, int dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(n).put(header);
        for (int i = 0; i < dataBytes; i++) b.put((byte) (i * 37 + 1));
        return b.array();
    }

    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return file(h.length, h, dataBytes);
    }

    private Path write(byte[] bytes) throws IOException {
        Path p = tmp.resolve("f" + System.nanoTime() + ".safetensors");
        Files.write(p, bytes);
        return p;
    }

    /** Opens the bytes as a file, expecting a SafetensorsException whose message contains {@code expected}. */
    private SafetensorsException fails(byte[] bytes, String expected) throws IOException {
        Path p = write(bytes);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> {
            try (SafetensorsFile f = SafetensorsFile.open(p)) {
                f.entries();
            }
        });
        assertTrue(e.getMessage().startsWith(p + ": "), "names the file: " + e.getMessage());
        assertEquals(p, e.file());
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
        return e;
    }

    private SafetensorsException fails(String header, int dataBytes, String expected) throws IOException {
        return fails(file(header, dataBytes), expected);
    }

    private SafetensorsFile opens(String header, int dataBytes) throws IOException {
        return SafetensorsFile.open(write(file(header, dataBytes)));
    }

    private static String one(String entry) { return "{\"a\":" + entry + "}"; }

    @Test
    void theBaseFileIsValid() throws IOException {
        try (SafetensorsFile f = opens(TWO, 11)) {
            assertEquals(List.of("a", "b"), f.names());
            assertEquals(3, f.entry("b").toLongs().length);
        }
    }

    // ------------------------------------------------------------------------------------------------ length

    @Test
    void truncatedBeforeTheHeaderLength() throws IOException {
        fails(new byte[0], "the file is 0 bytes long, shorter than the 8-byte header length");
        fails(new byte[7], "the file is 7 bytes long");
    }

    @Test
    void headerLengthLargerThanTheFile() throws IOException {
        byte[] full = file(TWO, 11);
        fails(Arrays.copyOf(full, 50), "the header length is " + TWO.length() + " bytes, but the file has only 42"
                + " bytes after the 8-byte length (is the file truncated?)");
        fails(file(1000, "{}".getBytes(StandardCharsets.US_ASCII), 0), "header length is 1000 bytes");
    }

    @Test
    void headerLengthAboveTheLimit() throws IOException {
        fails(file(Long.MIN_VALUE, new byte[] {'{', '}'}, 0),
                "the header length is 9223372036854775808 bytes, more than the 100000000 allowed");
        fails(file(-1L, new byte[] {'{', '}'}, 0), "the header length is 18446744073709551615 bytes");
        fails(file(100_000_001L, new byte[] {'{', '}'}, 0), "the header length is 100000001 bytes, more than");
    }

    @Test
    void emptyHeaderOrNotAnObject() throws IOException {
        fails(file(0, new byte[0], 0), "the header is empty (length 0)");
        fails(" {}", 0, "must be a JSON object starting with '{', but its first byte is 0x20");
        fails("[]", 0, "its first byte is 0x5b");
    }

    // ------------------------------------------------------------------------------------------------ JSON

    @Test
    void headerThatIsNotJson() throws IOException {
        fails("{garbage", 0, "the header is not valid JSON: expected a key (a string), found 'g' at byte 1 of the"
                + " header (file offset 9)");
        fails("{\"a\":{\"dtype\"", 0, "the header is not valid JSON: expected ':' after a key, found the end of the input");
        fails(TWO + "x", 11, "expected the end of the input after the value, found 'x'");
        fails(TWO + "\0\0\0", 11, "found byte 0x00");
        fails(TWO.replace("}}", "},}"), 11, "expected a key (a string), found '}'");
        byte[] badUtf8 = one("{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}")
                .replace("a", "\u00e9").getBytes(StandardCharsets.UTF_8);
        badUtf8[3] = (byte) 0xC0; // first byte of the two-byte e-acute, now an overlong lead byte
        fails(file(badUtf8.length, badUtf8, 4), "invalid UTF-8 at byte 2 of the header");
        fails("{\"\\ud800\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", 4, "unpaired surrogate");
    }

    @Test
    void duplicateKeys() throws IOException {
        fails(TWO.replace("\"b\"", "\"a\""), 11, "duplicate key 'a' at byte 54 of the header (file offset 62)");
        fails(one("{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}"), 4,
                "tensor 'a': duplicate field 'dtype'");
        fails("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0, "__metadata__: duplicate key 'k'");
        fails("{\"__metadata__\":{},\"__metadata__\":{}}", 0, "duplicate key '__metadata__'");
    }

    @Test
    void metadataMustMapStringsToStrings() throws IOException {
        fails("{\"__metadata__\":{\"a\":1}}", 0, "__metadata__: the value of 'a' must be a string, found a number");
        fails("{\"__metadata__\":{\"a\":{\"b\":\"c\"}}}", 0, "the value of 'a' must be a string, found an object");
        fails("{\"__metadata__\":{\"a\":null}}", 0, "found null");
        fails("{\"__metadata__\":[\"a\"]}", 0, "__metadata__ must be an object mapping strings to strings, found an"
                + " array");
        fails("{\"__metadata__\":null}", 0, "found null");
    }

    @Test
    void entriesHaveExactlyDtypeShapeAndOffsets() throws IOException {
        fails(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":0}"), 4,
                "tensor 'a': unexpected field 'extra'");
        fails(one("{\"dtype\":\"F32\",\"data_offsets\":[0,4]}"), 4, "tensor 'a': missing field shape");
        fails(one("{\"shape\":[1],\"data_offsets\":[0,4]}"), 4, "tensor 'a': missing field dtype");
        fails(one("{\"dtype\":\"F32\",\"shape\":[1]}"), 4, "tensor 'a': missing field data_offsets");
        fails(one("5"), 0, "tensor 'a': expected an object with dtype, shape and data_offsets, found a number");
        fails(one("{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}"), 4, "tensor 'a': dtype must be a string");
        fails(one("{\"dtype\":\"F32\",\"shape\":{},\"data_offsets\":[0,4]}"), 4,
                "tensor 'a': shape must be an array of non-negative integers, found an object");
        fails(one("{\"dtype\":\"F32\",\"shape\":[[1]],\"data_offsets\":[0,4]}"), 4,
                "tensor 'a': shape must hold non-negative integers, found an array");
        fails(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}"), 8,
                "tensor 'a': data_offsets must be [BEGIN, END], found 3 values");
    }

    @Test
    void unknownDtype() throws IOException {
        fails(one("{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}"), 16, "tensor 'a': unknown dtype"
                + " 'F128'");
        fails(one("{\"dtype\":\"f32\",\"shape\":[1],\"data_offsets\":[0,4]}"), 4, "unknown dtype 'f32'");
    }

    @Test
    void numbersMustBeNonNegativeIntegersThatFit() throws IOException {
        fails(one("{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}"), 4,
                "tensor 'a': shape holds a negative value -1");
        fails(one("{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}"), 4,
                "tensor 'a': data_offsets holds a negative value -4");
        fails(one("{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}"), 4,
                "tensor 'a': shape: expected an integer, found 1.5");
        fails(one("{\"dtype\":\"F32\",\"shape\":[1e3],\"data_offsets\":[0,4]}"), 4, "expected an integer, found 1e3");
        fails(one("{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,4]}"), 4,
                "integer 99999999999999999999 does not fit in a signed 64-bit integer");
    }

    // ------------------------------------------------------------------------------------------------ sizes

    @Test
    void shapeAndOffsetsMustAgree() throws IOException {
        fails("{\"layer0.weight\":{\"dtype\":\"F32\",\"shape\":[4,3],\"data_offsets\":[56,100]}}", 100,
                "tensor 'layer0.weight': data_offsets [56, 100] span 44 bytes, but shape [4, 3] of F32 needs 48");
        fails(one("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}"), 8,
                "tensor 'a': data_offsets [8, 0] end before they begin");
    }

    @Test
    void hugeShapesOverflowWithoutAllocating() throws IOException {
        fails(one("{\"dtype\":\"F32\",\"shape\":[1099511627776,1099511627776],\"data_offsets\":[0,4]}"), 4,
                "tensor 'a': the element count of shape [1099511627776, 1099511627776] overflows a 64-bit integer");
        // as in the reference (checked multiplication from the left), a later 0 does not rescue the overflow
        fails(one("{\"dtype\":\"F32\",\"shape\":[1099511627776,1099511627776,0],\"data_offsets\":[0,0]}"), 0,
                "overflows a 64-bit integer");
        fails(one("{\"dtype\":\"F64\",\"shape\":[2305843009213693952],\"data_offsets\":[0,8]}"), 8,
                "whose size in bits overflows a 64-bit integer");
        // consistent but enormous: rejected by the coverage check, nothing is allocated
        fails(one("{\"dtype\":\"U8\",\"shape\":[576460752303423488],\"data_offsets\":[0,576460752303423488]}"), 16,
                "ends past the data buffer, which has only 16 bytes after the header (is the file truncated?)");
    }

    @Test
    void subByteTensorsMustEndOnAByteBoundary() throws IOException {
        fails(one("{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,2]}"), 2,
                "tensor 'a': shape [3] of F4 is 3 elements of 4 bits = 12 bits, which does not end on a byte boundary");
        fails(one("{\"dtype\":\"F6_E3M2\",\"shape\":[2,1],\"data_offsets\":[0,2]}"), 2, "does not end on a byte");
        try (SafetensorsFile f = opens(one("{\"dtype\":\"F6_E2M3\",\"shape\":[4],\"data_offsets\":[0,3]}"), 3)) {
            assertEquals(3, f.entry("a").bytes().remaining());
        }
    }

    // ------------------------------------------------------------------------------------------------ coverage

    @Test
    void truncatedDataBuffer() throws IOException {
        fails(file(TWO, 10), "tensor 'b' (data_offsets [8, 11]) ends past the data buffer, which has only 10 bytes");
        fails(file(TWO, 0), "ends past the data buffer, which has only 0 bytes");
    }

    @Test
    void offsetsPastTheEnd() throws IOException {
        fails(TWO.replace("[8,11]", "[100,103]"), 11, "tensor 'b' (data_offsets [100, 103]) begins 92 bytes after"
                + " tensor 'a' (data_offsets [0, 8]) ends");
        fails(one("{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[0,3]}"), 2, "ends past the data buffer");
    }

    @Test
    void overlappingOffsets() throws IOException {
        fails(TWO.replace("[8,11]", "[6,9]"), 9, "tensor 'b' (data_offsets [6, 9]) overlaps tensor 'a'"
                + " (data_offsets [0, 8]) by 2 bytes");
        fails(TWO.replace("[8,11]", "[0,3]"), 8, "overlaps");
    }

    @Test
    void holeBetweenTensors() throws IOException {
        fails(TWO.replace("[8,11]", "[10,13]"), 13, "tensor 'b' (data_offsets [10, 13]) begins 2 bytes after"
                + " tensor 'a' (data_offsets [0, 8]) ends: the tensors must cover the data buffer exactly");
        fails(one("{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}"), 12,
                "tensor 'a' (data_offsets [4, 12]) is the first in offset order but begins at byte 4, not 0");
    }

    @Test
    void trailingBytesAfterTheLastTensor() throws IOException {
        fails(file(TWO, 16), "the tensors cover 11 bytes of the data buffer, but the file has 16 bytes after the"
                + " header: 5 trailing bytes that belong to no tensor");
        fails("{}", 3, "the tensors cover 0 bytes of the data buffer, but the file has 3");
    }

    // ------------------------------------------------------------------------------------------------ valid edges

    @Test
    void acceptsWhatTheReferenceAccepts() throws IOException {
        // entries in any order, white space in and after the JSON, empty tensors sharing offsets, also at the end
        String h = "{ \"z\" : {\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[8,11]},\n"
                + "\"e1\":{\"dtype\":\"F32\",\"shape\":[0,5],\"data_offsets\":[8,8]},"
                + "\"e2\":{\"dtype\":\"I64\",\"shape\":[2,0],\"data_offsets\":[11,11]},"
                + "\"__metadata__\":{},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}\t\r\n   ";
        try (SafetensorsFile f = opens(h, 11)) {
            assertEquals(List.of("z", "e1", "e2", "a"), f.names());
            assertTrue(f.hasMetadata());
            assertTrue(f.metadata().isEmpty());
            assertEquals(0, f.tensor("e1").size());
            assertEquals(0, f.entry("e2").toLongs().length);
            assertArrayEquals(new long[] {41, 78, 115}, f.entry("z").toLongs()); // bytes 8..10: 37 i + 1
        }
        try (SafetensorsFile f = opens("{}", 0)) {
            assertTrue(f.entries().isEmpty());
            assertTrue(!f.hasMetadata());
        }
    }

    // ------------------------------------------------------------------------------------------------ fuzzing

    /** A valid file with several dtypes, metadata and odd shapes, from the writer. */
    private static final byte[] VALID = validFile();

    private static byte[] validFile() {
        try {
            Path p = Files.createTempFile("valid", ".safetensors");
            try {
                new SafetensorsWriter()
                        .putMetadata("format", "pt").putMetadata("note", "fuzz \u00e9")
                        .put("w", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3))
                        .put("h", Tensor.of(new float[] {1, -2, 3}, 3), DType.F16)
                        .put("bf", Tensor.of(new float[] {0.5f, 8}, 2, 1), DType.BF16)
                        .put("s", Tensor.scalar(7.5f), DType.F64)
                        .put("empty", Tensor.zeros(0, 4))
                        .putLongs("ids", new long[] {1, 2, 3, -1})
                        .putBooleans("mask", new boolean[] {true, false, true})
                        .putRaw("c", DType.C64, new long[] {1}, new byte[8])
                        .putRaw("q", DType.F4, new long[] {2, 2}, new byte[] {0x12, 0x34})
                        .putRaw("u", DType.U32, new long[] {2}, new byte[] {1, 0, 0, 0, -1, -1, -1, -1})
                        .putRaw("e8", DType.F8_E4M3, new long[] {2}, new byte[] {0x38, 0x7f})
                        .write(p);
                return Files.readAllBytes(p);
            } finally {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int headerEnd() {
        return 8 + (int) ByteBuffer.wrap(VALID).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    /** Opens and reads everything; only a SafetensorsException may come out (anything else fails the property). */
    private static void readAll(byte[] bytes) throws IOException {
        Path p = Files.createTempFile("fuzz", ".safetensors");
        try {
            Files.write(p, bytes);
            String outcome = "read";
            try (SafetensorsFile f = SafetensorsFile.open(p)) {
                for (SafetensorsFile.Entry e : f.entries()) {
                    e.bytes().get(new byte[(int) e.byteSize()]);
                    if (e.dtype().convertsToFloat()) {
                        assertEquals(e.elementCount(), e.toFloats().length);
                        if (Arrays.stream(e.shape()).allMatch(d -> d <= Integer.MAX_VALUE)) e.toTensor();
                    }
                    if (e.dtype().isInteger() || e.dtype() == DType.BOOL) e.toLongs();
                    if (e.dtype() == DType.BOOL) e.toBooleans();
                }
            } catch (SafetensorsException expected) {
                assertTrue(expected.getMessage().startsWith(p.toString()));
                String m = expected.getMessage().substring(p.toString().length() + 2);
                outcome = m.substring(0, Math.min(m.length(), 24));
            }
            Statistics.collect(outcome.startsWith("tensor '") ? "tensor ..." : outcome.replaceAll("[0-9]+", "#"));
        } finally {
            Files.delete(p);
        }
    }

    @Test
    void theFuzzedFileIsValid() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(write(VALID))) {
            assertEquals(11, f.entries().size());
        }
    }

    /** Random bytes overwritten (in the header, the data or anywhere) and the file possibly truncated. */
    @Property(tries = 300)
    void corruptedFilesReadOrFailWithSafetensorsException(
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 1 << 20) Integer> positions,
            @ForAll @Size(min = 6, max = 6) List<Byte> values,
            @ForAll @IntRange(min = 0, max = 1 << 20) int cut,
            @ForAll boolean truncate) throws IOException {
        byte[] b = VALID.clone();
        for (int i = 0; i < positions.size(); i++) {
            int p = positions.get(i);
            int at = switch (p % 3) {
                case 0 -> p % headerEnd();
                case 1 -> headerEnd() + p % (b.length - headerEnd());
                default -> p % b.length;
            };
            b[at] = values.get(i);
        }
        if (truncate) b = Arrays.copyOf(b, cut % (b.length + 1));
        readAll(b);
    }

    private static final List<String> TOKENS = List.of("F4", "F6_E2M3", "C64", "BOOL", "U64", "-1", "0", "1",
            "7", "1e3", "1.5", "99999999999999999999", "18446744073709551615", "4611686018427387904", "\"__metadata__\"",
            "{}", "[]", "[0,0]", "null", "true", "\"\\ud800\"", ",", ":", "\"dtype\"", "\"shape\"", "\"data_offsets\"",
            "\"x\"", "\"", "{", "}", "[", "]", " ", "");

    /** Token-level edits of the header (the length is fixed up), to reach the semantic checks. */
    @Property(tries = 300)
    void editedHeadersReadOrFailWithSafetensorsException(
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 1 << 20) Integer> starts,
            @ForAll @Size(min = 4, max = 4) List<@IntRange(min = 0, max = 12) Integer> lengths,
            @ForAll @Size(min = 4, max = 4) List<@IntRange(min = 0, max = 1000) Integer> tokens) throws IOException {
        String header = new String(VALID, 8, headerEnd() - 8, StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder(header);
        for (int i = 0; i < starts.size(); i++) {
            int s = starts.get(i) % (h.length() + 1), e = Math.min(h.length(), s + lengths.get(i));
            h.replace(s, e, TOKENS.get(tokens.get(i) % TOKENS.size()));
        }
        byte[] json = h.toString().getBytes(StandardCharsets.UTF_8);
        byte[] data = Arrays.copyOfRange(VALID, headerEnd(), VALID.length);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json).put(data);
        readAll(b.array());
    }
}
