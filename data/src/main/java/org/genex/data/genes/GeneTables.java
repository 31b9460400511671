package org.genex.data.genes;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.genex.data.io.DataFormatException;

/**
 * Reading the small delimited tables that gene annotations come in (CSV and TSV, plain or gzip-compressed): the
 * GENCODE id table and the ortholog table of celltypist, description tables, gene lists.
 *
 * <p>Robust to what such files hold in practice: gzip is recognised by its magic bytes whatever the file is called;
 * a UTF-8 byte-order mark is dropped; {@code \n} and {@code \r\n} line ends are both accepted; blank lines are
 * skipped. Fields may be quoted as RFC 4180 says ({@code "a,b"}, with {@code ""} for a quote inside), which is how
 * R and pandas write names containing the separator; a quoted field cannot span lines. Every problem becomes a
 * {@link DataFormatException} naming the file, the line and what was expected; invalid UTF-8 included.
 */
public final class GeneTables {
    private GeneTables() {}

    /** One row of a table: its 1-based line number in the file and its fields. */
    public record Row(int line, String[] fields) {
        /** Field i; every row read by {@link #read} has at least the minimum number of fields asked for. */
        public String field(int i) { return fields[i]; }

        /** The number of fields. */
        public int size() { return fields.length; }

        /** {@code "line 12"}, as {@link DataFormatException} names an element. */
        public String where() { return "line " + line; }
    }

    /**
     * Every non-blank line of a delimited file, split into fields.
     *
     * @param separator  the field separator, such as {@code ','} or {@code '\t'}
     * @param minFields  the fewest fields a row may have
     * @param maxFields  the most fields a row may have
     * @throws DataFormatException if the file cannot be read, is not UTF-8, has an unterminated quote, or a row whose
     *         field count is outside {@code [minFields, maxFields]}
     */
    public static List<Row> read(Path file, char separator, int minFields, int maxFields) {
        if (minFields < 1 || maxFields < minFields)
            throw new IllegalArgumentException("GeneTables.read: need 1 <= minFields <= maxFields, got " + minFields
                    + ", " + maxFields);
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = open(file)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') line = line.substring(1);
                if (line.isBlank()) continue;
                String[] fields = split(line, separator, file, lineNo);
                if (fields.length < minFields || fields.length > maxFields)
                    throw new DataFormatException(file, "line " + lineNo, "expected "
                            + (minFields == maxFields ? Integer.toString(minFields) : minFields + " to " + maxFields)
                            + " fields separated by " + describe(separator) + ", found " + fields.length + ": "
                            + abbreviate(line));
                rows.add(new Row(lineNo, fields));
            }
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file, null, "not valid UTF-8 text: " + e, e);
        } catch (IOException e) {
            throw new DataFormatException(file, null, "cannot read: " + e, e);
        }
        return rows;
    }

    /**
     * A reader over the text of a file, gunzipped when the file starts with the gzip magic bytes; strict UTF-8
     * (malformed input raises {@link CharacterCodingException} while reading).
     */
    public static BufferedReader open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            return new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * The bytes of a file, gunzipped when it starts with the gzip magic bytes.
     *
     * @throws DataFormatException if the file cannot be read or its gzip stream is corrupt
     */
    public static byte[] readBytes(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                    return in.readAllBytes();
                }
            }
            return raw.readAllBytes();
        } catch (IOException e) {
            throw new DataFormatException(file, null, "cannot read: " + e, e);
        }
    }

    /**
     * Splits one line at {@code separator}, honouring RFC 4180 quotes: a field that starts with {@code "} runs to
     * the matching closing quote, {@code ""} inside it is one quote, and the closing quote must end the field.
     * Unquoted fields are taken as they are (no trimming).
     */
    static String[] split(String line, char separator, Path file, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0, n = line.length();
        while (true) {
            field.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                int open = i++;
                while (true) {
                    if (i >= n)
                        throw new DataFormatException(file, "line " + lineNo, "the quote opened at column " + (open + 1)
                                + " is not closed on this line");
                    char c = line.charAt(i++);
                    if (c != '"') field.append(c);
                    else if (i < n && line.charAt(i) == '"') { field.append('"'); i++; }
                    else break;
                }
                if (i < n && line.charAt(i) != separator)
                    throw new DataFormatException(file, "line " + lineNo, "expected " + describe(separator)
                            + " or the end of the line after the quoted field ending at column " + i + ", found '"
                            + line.charAt(i) + "'");
            } else {
                int end = line.indexOf(separator, i);
                if (end < 0) end = n;
                field.append(line, i, end);
                i = end;
            }
            out.add(field.toString());
            if (i >= n) break;
            i++; // skip the separator; a separator at the very end gives one more, empty field
            if (i == n) {
                out.add("");
                break;
            }
        }
        return out.toArray(String[]::new);
    }

    static String describe(char separator) {
        return switch (separator) {
            case '\t' -> "tabs";
            case ',' -> "commas";
            case ';' -> "semicolons";
            case ' ' -> "spaces";
            default -> "'" + separator + "'";
        };
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? "\"" + s + "\"" : "\"" + s.substring(0, 77) + "...\"";
    }
}
