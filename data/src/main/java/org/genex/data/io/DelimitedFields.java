package org.genex.data.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits one line of a delimited text file into fields, on bytes. With a separator character, fields are what
 * lies between separators (empty fields kept); with {@link #WHITESPACE}, fields are runs of non-blank bytes (leading
 * and trailing blanks ignored). A field that starts with {@code "} is quoted as RFC 4180 says: separators, blanks
 * and newlines inside are data and {@code ""} is one quote. A quote left open at the end of the line makes
 * {@link #split} return false, so the caller can append the next line (a quoted newline) and split again.
 *
 * <p>Unquoted fields are views of the line; quoted ones are copied, unescaped, into a scratch buffer. Field i is
 * {@code bytes(i)[offset(i) .. offset(i) + length(i))}, valid until the next split.
 */
final class DelimitedFields {
    /** The separator value meaning "runs of spaces and tabs". */
    static final char WHITESPACE = ' ';

    private final byte sep;
    private final boolean blankRuns;
    private byte[] line;
    private byte[] scratch = new byte[64];
    private int scratchLength;
    private int[] offset = new int[16], length = new int[16];
    private boolean[] quoted = new boolean[16];
    private int count;

    DelimitedFields(char separator) {
        if (separator > 127) throw new IllegalArgumentException("separator must be ASCII, got '" + separator + "'");
        this.blankRuns = separator == WHITESPACE;
        this.sep = (byte) separator;
    }

    /** Splits {@code b[0, len)}; false when a quoted field is still open at the end. */
    boolean split(byte[] b, int len) {
        line = b;
        count = 0;
        scratchLength = 0;
        int i = blankRuns ? skipBlanks(b, 0, len) : 0;
        if (blankRuns && i == len) return true;
        while (true) {
            if (i < len && b[i] == '"') {
                int start = scratchLength;
                i++;
                boolean closed = false;
                while (i < len) {
                    if (b[i] == '"') {
                        if (i + 1 < len && b[i + 1] == '"') {
                            put((byte) '"');
                            i += 2;
                            continue;
                        }
                        i++;
                        closed = true;
                        break;
                    }
                    put(b[i++]);
                }
                if (!closed) return false;
                // text after the closing quote, up to the separator, is kept (lenient, like pandas)
                while (i < len && !isSeparator(b[i])) put(b[i++]);
                add(start, scratchLength - start, true);
            } else {
                int start = i;
                while (i < len && !isSeparator(b[i])) i++;
                add(start, i - start, false);
            }
            if (blankRuns) {
                i = skipBlanks(b, i, len);
                if (i == len) return true;
            } else {
                if (i == len) return true;
                i++; // the separator
            }
        }
    }

    int count() { return count; }

    byte[] bytes(int i) { return quoted[i] ? scratch : line; }

    int offset(int i) { return offset[i]; }

    int length(int i) { return length[i]; }

    /** Field i as a string (UTF-8). */
    String string(int i) { return new String(bytes(i), offset[i], length[i], StandardCharsets.UTF_8); }

    /** Field i as a number, blanks around it ignored; NumberFormatException when it is none. */
    double number(int i) {
        byte[] b = bytes(i);
        int s = offset[i], e = s + length[i];
        while (s < e && (b[s] == ' ' || b[s] == '\t')) s++;
        while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) e--;
        return Decimals.parseDouble(b, s, e - s);
    }

    boolean isNumber(int i) {
        try {
            number(i);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** All fields as strings. */
    String[] strings() {
        String[] out = new String[count];
        for (int i = 0; i < count; i++) out[i] = string(i);
        return out;
    }

    private boolean isSeparator(byte c) { return blankRuns ? c == ' ' || c == '\t' : c == sep; }

    private static int skipBlanks(byte[] b, int i, int len) {
        while (i < len && (b[i] == ' ' || b[i] == '\t')) i++;
        return i;
    }

    private void put(byte c) {
        if (scratchLength == scratch.length) scratch = Arrays.copyOf(scratch, scratch.length * 2);
        scratch[scratchLength++] = c;
    }

    private void add(int off, int len, boolean q) {
        if (count == offset.length) {
            offset = Arrays.copyOf(offset, count * 2);
            length = Arrays.copyOf(length, count * 2);
            quoted = Arrays.copyOf(quoted, count * 2);
        }
        offset[count] = off;
        length[count] = len;
        quoted[count++] = q;
    }
}
