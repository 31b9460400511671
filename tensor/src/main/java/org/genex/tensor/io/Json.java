package org.genex.tensor.io;

import java.nio.charset.StandardCharsets;

/**
 * Strict JSON (RFC 8259) for the small JSON files of the field (scale factors, vocabularies, metadata), through the
 * same bounded parser that reads safetensors headers. Values come back as plain Java objects:
 * {@link java.util.LinkedHashMap} (document order, duplicate keys rejected), {@link java.util.ArrayList},
 * {@link String}, {@link Long} for integers that fit in 64 bits, {@link Double} for other numbers, {@link Boolean}
 * and {@code null}.
 */
public final class Json {
    private Json() {}

    /**
     * Parses one JSON value (followed by nothing but whitespace) from UTF-8 bytes.
     *
     * @param maxDepth the deepest nesting of objects and arrays allowed
     * @throws IllegalArgumentException for malformed JSON or invalid UTF-8, with the byte position
     */
    public static Object parse(byte[] utf8, int maxDepth) {
        try {
            return JsonReader.parse(utf8, maxDepth);
        } catch (JsonReader.SyntaxError e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
    }

    /** {@link #parse(byte[], int)} of a string, nesting up to 64 levels. */
    public static Object parse(String json) { return parse(json.getBytes(StandardCharsets.UTF_8), 64); }
}
