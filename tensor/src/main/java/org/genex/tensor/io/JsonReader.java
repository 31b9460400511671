package org.genex.tensor.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) pull parser over UTF-8 bytes, for headers of untrusted files.
 *
 * <p>Strict: the input must be valid UTF-8 (checked up front), strings may not hold raw control characters, escapes
 * are the standard ones with {@code \}{@code uXXXX} surrogates paired, numbers follow the JSON grammar, there are no
 * comments and no trailing commas, and nothing but whitespace may follow the value ({@link #endDocument()}). Nesting
 * is limited to a depth given at construction, so recursion is bounded. Every error is a {@link SyntaxError} with
 * the byte position (relative to the start of the parsed range).
 *
 * <p>Pull use: {@link #beginObject()}, then {@code while (hasNext()) { nextName(); <read the value> }}, then
 * {@link #endObject()}; arrays alike with {@link #beginArray()} / {@link #endArray()}. {@link #peek()} tells the
 * kind of the next value. {@link #readValue()} reads any value into plain Java objects ({@link LinkedHashMap} in
 * document order with duplicate keys rejected, {@link ArrayList}, {@link String}, {@link Long} for integers that fit
 * in 64 bits and {@link Double} for other numbers, {@link Boolean}, {@code null}).
 *
 * <p>Duplicate keys are detected by {@link #readValue()}; callers of the pull methods track the keys they read.
 */
final class JsonReader {

    /** The kind of the next value. */
    enum Kind { OBJECT, ARRAY, STRING, NUMBER, TRUE, FALSE, NULL }

    /** Malformed JSON, or a value of the wrong kind where the caller asked for one. */
    static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String detail;
        private final int position;

        SyntaxError(String detail, int position) {
            super(detail + " at byte " + position);
            this.detail = detail;
            this.position = position;
        }

        /** What went wrong, without the position. */
        String detail() { return detail; }

        /** The byte position of the error, relative to the start of the parsed range. */
        int position() { return position; }
    }

    private final byte[] buf;
    private final int start;
    private final int end;
    private final int maxDepth;
    private int pos;

    // One slot per open container; slot 0 is the top level.
    private int depth;
    private final boolean[] isObject;
    private final int[] count;        // members or elements read so far
    private final boolean[] ready;    // hasNext() said yes (and consumed the ',') but nothing was read yet
    private final boolean[] afterName; // an object's key was read, its value not yet
    private boolean topDone;

    /**
     * A reader of {@code buf[start, end)}.
     *
     * @param maxDepth the deepest nesting of objects and arrays allowed (1: one object or array of scalars)
     * @throws SyntaxError if the range is not valid UTF-8
     */
    JsonReader(byte[] buf, int start, int end, int maxDepth) {
        if (start < 0 || end > buf.length || start > end)
            throw new IllegalArgumentException("range [" + start + ", " + end + ") of " + buf.length + " bytes");
        if (maxDepth < 1) throw new IllegalArgumentException("maxDepth must be >= 1, got " + maxDepth);
        this.buf = buf;
        this.start = start;
        this.end = end;
        this.maxDepth = maxDepth;
        this.pos = start;
        this.isObject = new boolean[maxDepth + 1];
        this.count = new int[maxDepth + 1];
        this.ready = new boolean[maxDepth + 1];
        this.afterName = new boolean[maxDepth + 1];
        checkUtf8();
    }

    /** Parses {@code bytes} as one JSON value (followed by nothing but whitespace), see {@link #readValue()}. */
    static Object parse(byte[] bytes, int maxDepth) {
        JsonReader r = new JsonReader(bytes, 0, bytes.length, maxDepth);
        Object v = r.readValue();
        r.endDocument();
        return v;
    }

    /** The current position, relative to the start of the range. */
    int position() { return pos - start; }

    // ------------------------------------------------------------------------------------------------ structure

    /** The kind of the next value, after skipping whitespace; consumes nothing. */
    Kind peek() {
        skipWhitespace();
        if (pos >= end) throw error("expected a value, found the end of the input");
        return switch (buf[pos]) {
            case '{' -> Kind.OBJECT;
            case '[' -> Kind.ARRAY;
            case '"' -> Kind.STRING;
            case 't' -> Kind.TRUE;
            case 'f' -> Kind.FALSE;
            case 'n' -> Kind.NULL;
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> Kind.NUMBER;
            default -> throw error("expected a value, found " + describe(pos));
        };
    }

    void beginObject() { beginContainer(true); }

    void beginArray() { beginContainer(false); }

    void endObject() { endContainer(true); }

    void endArray() { endContainer(false); }

    /** True if the current object or array has another member; consumes the separating comma. */
    boolean hasNext() {
        if (depth == 0) throw new IllegalStateException("hasNext() outside an object or array");
        if (afterName[depth]) throw new IllegalStateException("hasNext() after a key: read its value first");
        if (ready[depth]) return true;
        skipWhitespace();
        byte closer = isObject[depth] ? (byte) '}' : (byte) ']';
        if (pos >= end) throw error("expected " + (count[depth] == 0 ? "" : "',' or ") + "'" + (char) closer
                + "', found the end of the input");
        if (buf[pos] == closer) return false;
        if (count[depth] > 0) {
            if (buf[pos] != ',') throw error("expected ',' or '" + (char) closer + "', found " + describe(pos));
            pos++;
            skipWhitespace();
        }
        ready[depth] = true;
        return true;
    }

    /** The next key of the current object; its value must be read next. */
    String nextName() {
        if (depth == 0 || !isObject[depth]) throw new IllegalStateException("nextName() outside an object");
        if (afterName[depth]) throw new IllegalStateException("nextName() after a key: read its value first");
        if (!ready[depth] && !hasNext()) throw error("expected a key, found '}'");
        skipWhitespace();
        if (pos >= end || buf[pos] != '"')
            throw error("expected a key (a string), found " + describe(pos));
        String name = parseString();
        skipWhitespace();
        if (pos >= end || buf[pos] != ':') throw error("expected ':' after a key, found " + describe(pos));
        pos++;
        count[depth]++;
        ready[depth] = false;
        afterName[depth] = true;
        return name;
    }

    /** Checks that nothing but whitespace follows the value. */
    void endDocument() {
        if (depth != 0 || !topDone) throw new IllegalStateException("endDocument() before the value was read");
        skipWhitespace();
        if (pos < end) throw error("expected the end of the input after the value, found " + describe(pos));
    }

    // ------------------------------------------------------------------------------------------------ scalars

    String nextString() {
        beforeValue();
        skipWhitespace();
        if (pos >= end || buf[pos] != '"') throw error("expected a string, found " + describe(pos));
        return parseString();
    }

    /** The next value, which must be an integer (no fraction, no exponent) that fits in a {@code long}. */
    long nextLong() {
        beforeValue();
        skipWhitespace();
        int s = pos;
        if (pos >= end || !(buf[pos] == '-' || isDigit(buf[pos])))
            throw error("expected an integer, found " + describe(pos));
        boolean integer = lexNumber();
        String text = new String(buf, s, pos - s, StandardCharsets.US_ASCII);
        if (!integer) throw new SyntaxError("expected an integer, found " + text, s - start);
        return parseLong(text, s);
    }

    /** The next value, which must be a number: a {@link Long} if it is an integer that fits, else a {@link Double}. */
    Number nextNumber() {
        beforeValue();
        skipWhitespace();
        int s = pos;
        if (pos >= end || !(buf[pos] == '-' || isDigit(buf[pos])))
            throw error("expected a number, found " + describe(pos));
        boolean integer = lexNumber();
        String text = new String(buf, s, pos - s, StandardCharsets.US_ASCII);
        if (integer && text.length() <= 20) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                // too large for a long: a double below
            }
        }
        return Double.parseDouble(text);
    }

    boolean nextBoolean() {
        beforeValue();
        skipWhitespace();
        if (literal("true")) return true;
        if (literal("false")) return false;
        throw error("expected true or false, found " + describe(pos));
    }

    void nextNull() {
        beforeValue();
        skipWhitespace();
        if (!literal("null")) throw error("expected null, found " + describe(pos));
    }

    /** Reads the next value of any kind into plain Java objects (see the class comment). */
    Object readValue() {
        return switch (peek()) {
            case OBJECT -> {
                beginObject();
                Map<String, Object> m = new LinkedHashMap<>();
                while (hasNext()) {
                    int at = position();
                    String key = nextName();
                    if (m.containsKey(key)) throw new SyntaxError("duplicate key " + quote(key), at);
                    m.put(key, readValue());
                }
                endObject();
                yield m;
            }
            case ARRAY -> {
                beginArray();
                List<Object> list = new ArrayList<>();
                while (hasNext()) list.add(readValue());
                endArray();
                yield list;
            }
            case STRING -> nextString();
            case NUMBER -> nextNumber();
            case TRUE, FALSE -> nextBoolean();
            case NULL -> {
                nextNull();
                yield null;
            }
        };
    }

    /** A syntax error at the current position. */
    SyntaxError error(String detail) { return new SyntaxError(detail, position()); }

    /** {@code s} in double quotes, with control characters and quotes escaped, shortened if long: for messages. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("'");
        int n = Math.min(s.length(), 200);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        if (s.length() > n) sb.append("...(").append(s.length()).append(" chars)");
        return sb.append('\'').toString();
    }

    // ------------------------------------------------------------------------------------------------ internals

    private void beginContainer(boolean object) {
        beforeValue();
        skipWhitespace();
        byte opener = object ? (byte) '{' : (byte) '[';
        if (pos >= end || buf[pos] != opener)
            throw error("expected " + (object ? "an object" : "an array") + ", found " + describe(pos));
        if (depth == maxDepth) throw error("nesting deeper than " + maxDepth + " levels");
        pos++;
        depth++;
        isObject[depth] = object;
        count[depth] = 0;
        ready[depth] = false;
        afterName[depth] = false;
    }

    private void endContainer(boolean object) {
        if (depth == 0 || isObject[depth] != object)
            throw new IllegalStateException((object ? "endObject()" : "endArray()") + " outside "
                    + (object ? "an object" : "an array"));
        if (afterName[depth]) throw new IllegalStateException("end of an object after a key: read its value first");
        char closer = object ? '}' : ']';
        if (ready[depth])
            throw error(count[depth] > 0 ? "expected a " + (object ? "key" : "value") + " after ','"
                    : "expected '" + closer + "', found " + describe(pos));
        skipWhitespace();
        if (pos >= end || buf[pos] != closer) throw error("expected '" + closer + "', found " + describe(pos));
        pos++;
        depth--;
        if (depth == 0) topDone = true;
    }

    /** Bookkeeping before any value: the top level takes one value, arrays count, objects need a key first. */
    private void beforeValue() {
        if (depth == 0) {
            if (topDone) throw error("expected the end of the input after the value, found " + describe(pos));
            topDone = true;
            return;
        }
        if (isObject[depth]) {
            if (!afterName[depth]) throw new IllegalStateException("a value inside an object needs nextName() first");
            afterName[depth] = false;
        } else {
            if (!ready[depth] && !hasNext()) throw error("expected a value, found ']'");
            ready[depth] = false;
            count[depth]++;
        }
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte b = buf[pos];
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') pos++;
            else break;
        }
    }

    private boolean literal(String word) {
        int n = word.length();
        if (end - pos < n) return false;
        for (int i = 0; i < n; i++) if (buf[pos + i] != word.charAt(i)) return false;
        pos += n;
        return true;
    }

    /** Consumes a number per the JSON grammar; true if it has neither fraction nor exponent. */
    private boolean lexNumber() {
        int s = pos;
        if (buf[pos] == '-') pos++;
        if (pos < end && buf[pos] == '0') {
            pos++;
        } else if (pos < end && isDigit(buf[pos])) {
            while (pos < end && isDigit(buf[pos])) pos++;
        } else {
            throw error("invalid number: expected a digit, found " + describe(pos));
        }
        boolean integer = true;
        if (pos < end && buf[pos] == '.') {
            pos++;
            if (pos >= end || !isDigit(buf[pos])) throw error("invalid number: expected a digit after '.'");
            while (pos < end && isDigit(buf[pos])) pos++;
            integer = false;
        }
        if (pos < end && (buf[pos] == 'e' || buf[pos] == 'E')) {
            pos++;
            if (pos < end && (buf[pos] == '+' || buf[pos] == '-')) pos++;
            if (pos >= end || !isDigit(buf[pos])) throw error("invalid number: expected a digit in the exponent");
            while (pos < end && isDigit(buf[pos])) pos++;
            integer = false;
        }
        assert pos > s;
        return integer;
    }

    private long parseLong(String text, int at) {
        if (text.length() <= 20) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        String shown = text.length() > 40 ? text.substring(0, 40) + "...(" + text.length() + " digits)" : text;
        throw new SyntaxError("integer " + shown + " does not fit in a signed 64-bit integer", at - start);
    }

    /** Parses a string whose opening quote is at {@code pos}. */
    private String parseString() {
        int open = pos;
        pos++;
        StringBuilder sb = null;
        int run = pos;
        while (true) {
            if (pos >= end) throw new SyntaxError("unterminated string", open - start);
            byte b = buf[pos];
            if (b == '"') {
                String tail = new String(buf, run, pos - run, StandardCharsets.UTF_8);
                pos++;
                return sb == null ? tail : sb.append(tail).toString();
            }
            if (b == '\\') {
                if (sb == null) sb = new StringBuilder();
                sb.append(new String(buf, run, pos - run, StandardCharsets.UTF_8));
                parseEscape(sb);
                run = pos;
            } else if ((b & 0xff) < 0x20) {
                throw error(String.format("control character 0x%02x in a string (it must be escaped)", b & 0xff));
            } else {
                pos++;
            }
        }
    }

    /** Parses the escape at {@code pos} (a backslash) and appends its character(s). */
    private void parseEscape(StringBuilder sb) {
        int at = pos;
        pos++;
        if (pos >= end) throw new SyntaxError("unterminated escape", at - start);
        byte e = buf[pos++];
        switch (e) {
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case '/' -> sb.append('/');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
                char c = hex4(at);
                if (Character.isHighSurrogate(c)) {
                    if (end - pos < 6 || buf[pos] != '\\' || buf[pos + 1] != 'u')
                        throw new SyntaxError("unpaired surrogate \\u" + hex(c) + " (a high surrogate must be"
                                + " followed by a \\u escape of a low surrogate)", at - start);
                    int lowAt = pos;
                    pos += 2;
                    char low = hex4(lowAt);
                    if (!Character.isLowSurrogate(low))
                        throw new SyntaxError("unpaired surrogate \\u" + hex(c) + " followed by \\u" + hex(low),
                                at - start);
                    sb.append(c).append(low);
                } else if (Character.isLowSurrogate(c)) {
                    throw new SyntaxError("unpaired low surrogate \\u" + hex(c), at - start);
                } else {
                    sb.append(c);
                }
            }
            default -> throw new SyntaxError("invalid escape \\" + describeByte(e), at - start);
        }
    }

    /** Four hex digits at {@code pos} (after a {@code \}{@code u} that began at {@code escapeAt}). */
    private char hex4(int escapeAt) {
        if (end - pos < 4) throw new SyntaxError("\\u escape needs four hex digits", escapeAt - start);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(buf[pos + i], 16);
            if (d < 0 || buf[pos + i] < 0)
                throw new SyntaxError("\\u escape needs four hex digits, found " + describe(pos + i), escapeAt - start);
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private static String hex(char c) { return String.format("%04X", (int) c); }

    private static boolean isDigit(byte b) { return b >= '0' && b <= '9'; }

    private String describe(int at) { return at >= end ? "the end of the input" : describeByte(buf[at]); }

    private static String describeByte(byte b) {
        int v = b & 0xff;
        return v >= 0x21 && v < 0x7f ? "'" + (char) v + "'" : String.format("byte 0x%02x", v);
    }

    private void checkUtf8() {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(buf, start, end - start);
        CharBuffer out = CharBuffer.allocate(4096);
        while (true) {
            CoderResult r = dec.decode(in, out, true);
            if (r.isError()) throw new SyntaxError("invalid UTF-8", in.position() - start);
            if (r.isOverflow()) {
                out.clear();
                continue;
            }
            break;
        }
        out.clear();
        CoderResult r = dec.flush(out);
        if (r.isError()) throw new SyntaxError("invalid UTF-8 (truncated sequence)", in.position() - start);
    }
}
