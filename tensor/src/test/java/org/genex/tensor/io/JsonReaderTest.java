package org.genex.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    private static Object parse(String json) { return JsonReader.parse(json.getBytes(StandardCharsets.UTF_8), 16); }

    private static JsonReader.SyntaxError error(String json) { return error(json.getBytes(StandardCharsets.UTF_8)); }

    private static JsonReader.SyntaxError error(byte[] json) {
        return assertThrows(JsonReader.SyntaxError.class, () -> JsonReader.parse(json, 16));
    }

    @Test
    void readsEveryKindOfValue() {
        Object v = parse(" {\"a\" : [1, -2, 3.5, 1e3, -0.25E-2, true, false, null],\n\"b\":{}, \"c\":[], \"d\":\"x\"}\t");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(m.keySet()));
        List<?> a = (List<?>) m.get("a");
        assertEquals(1L, a.get(0));
        assertEquals(-2L, a.get(1));
        assertEquals(3.5, a.get(2));
        assertEquals(1000.0, a.get(3));
        assertEquals(-0.0025, a.get(4));
        assertEquals(true, a.get(5));
        assertEquals(false, a.get(6));
        assertNull(a.get(7));
        assertEquals(Map.of(), m.get("b"));
        assertEquals(List.of(), m.get("c"));
        assertEquals("x", m.get("d"));
        assertEquals(42L, parse("  42  "));
        assertEquals(Long.MIN_VALUE, parse("-9223372036854775808"));
        assertEquals(1.2345678901234568E29, parse("123456789012345678901234567890"));
    }

    @Test
    void decodesEscapesAndUtf8() {
        assertEquals("q\"b\\s/\b\f\n\r\t", parse("\"q\\\"b\\\\s\\/\\b\\f\\n\\r\\t\""));
        assertEquals("\u00e9\u4e2d\uD83D\uDE00", parse("\"\\u00e9\\u4E2D\\ud83d\\ude00\""));
        assertEquals("\u00e9\u4e2d\uD83D\uDE00 raw", parse("\"\u00e9\u4e2d\uD83D\uDE00 raw\""));
    }

    @Test
    void rejectsUnpairedSurrogates() {
        assertTrue(error("\"\\ud800\"").detail().contains("unpaired surrogate"));
        assertTrue(error("\"\\ud800\\u0041\"").detail().contains("unpaired surrogate"));
        assertTrue(error("\"\\udc00\"").detail().contains("unpaired low surrogate"));
        assertTrue(error("\"\\u12\"").detail().contains("four hex digits"));
        assertTrue(error("\"\\x\"").detail().contains("invalid escape"));
    }

    @Test
    void rejectsInvalidUtf8WithItsPosition() {
        JsonReader.SyntaxError e = error(new byte[] {'"', 'a', (byte) 0xC3, '(', '"'});
        assertEquals("invalid UTF-8", e.detail());
        assertEquals(2, e.position());
        assertEquals(1, error(new byte[] {'"', (byte) 0xC0, (byte) 0x80, '"'}).position()); // overlong
        assertEquals(1, error(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}).position()); // surrogate
        assertTrue(error(new byte[] {'"', (byte) 0xE4, (byte) 0xB8}).detail().startsWith("invalid UTF-8"));
    }

    @Test
    void reportsSyntaxErrorsWithBytePositions() {
        check("{\"a\":1,}", 7, "expected a key (a string), found '}'");
        check("[1,]", 3, "expected a value, found ']'");
        check("[1 2]", 3, "expected ',' or ']', found '2'");
        check("{\"a\" 1}", 5, "expected ':' after a key, found '1'");
        check("{\"a\":1,\"a\":2}", 7, "duplicate key 'a'");
        check("{} x", 3, "expected the end of the input after the value, found 'x'");
        check("", 0, "expected a value, found the end of the input");
        check("{", 1, "expected '}', found the end of the input");
        check("[1", 2, "expected ',' or ']', found the end of the input");
        check("\"abc", 0, "unterminated string");
        check("\"a\nb\"", 2, "control character 0x0a in a string (it must be escaped)");
        check("01", 1, "expected the end of the input after the value, found '1'");
        check("-", 1, "invalid number: expected a digit, found the end of the input");
        check("1.", 2, "invalid number: expected a digit after '.'");
        check("1e+", 3, "invalid number: expected a digit in the exponent");
        check(".5", 0, "expected a value, found '.'");
        check("+1", 0, "expected a value, found '+'");
        check("tru", 0, "expected true or false, found 't'");
        check("nul", 0, "expected null, found 'n'");
        check("{\"a\":1}\u0000", 7, "expected the end of the input after the value, found byte 0x00");
        check("[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]", 16, "nesting deeper than 16 levels");
    }

    private static void check(String json, int position, String detail) {
        JsonReader.SyntaxError e = error(json);
        assertEquals(detail, e.detail(), "detail for " + json);
        assertEquals(position, e.position(), "position for " + json + ": " + e.getMessage());
        assertTrue(e.getMessage().endsWith(" at byte " + position));
    }

    @Test
    void pullApiReadsIntegersAndRejectsOthers() {
        byte[] b = "[0, 9223372036854775807, -5, 1.0, 1e2, 99999999999999999999]".getBytes(StandardCharsets.US_ASCII);
        JsonReader r = new JsonReader(b, 0, b.length, 2);
        r.beginArray();
        long[] got = new long[3];
        for (int i = 0; i < 3; i++) {
            assertTrue(r.hasNext());
            got[i] = r.nextLong();
        }
        assertEquals("[0, 9223372036854775807, -5]", Arrays.toString(got));
        assertTrue(r.hasNext());
        assertEquals("expected an integer, found 1.0", assertThrows(JsonReader.SyntaxError.class, r::nextLong).detail());
    }

    @Test
    void pullApiRejectsHugeIntegers() {
        byte[] b = "99999999999999999999".getBytes(StandardCharsets.US_ASCII);
        JsonReader r = new JsonReader(b, 0, b.length, 1);
        assertEquals("integer 99999999999999999999 does not fit in a signed 64-bit integer",
                assertThrows(JsonReader.SyntaxError.class, r::nextLong).detail());
    }

    @Test
    void readsASubRange() {
        byte[] b = "xx{\"k\":\"v\"}yy".getBytes(StandardCharsets.US_ASCII);
        JsonReader r = new JsonReader(b, 2, b.length - 2, 1);
        assertEquals(Map.of("k", "v"), r.readValue());
        r.endDocument();
    }
}
