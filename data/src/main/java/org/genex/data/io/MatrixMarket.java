package org.genex.data.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A reader of MatrixMarket coordinate files, the {@code matrix.mtx[.gz]} of 10x MEX folders: the banner
 * {@code %%MatrixMarket matrix coordinate integer|real general}, comment lines starting with {@code %} (10x puts a
 * {@code %metadata_json: {...}} line there), the size line {@code rows cols nnz}, then one {@code row col value}
 * entry per line with 1-based indices. As scipy's {@code mmread}, which scanpy's {@code read_10x_mtx} uses; unlike
 * it, {@code pattern}, {@code complex}, {@code array} and the symmetric kinds are refused, since 10x never writes
 * them.
 *
 * <p>Every line is checked: the banner, the size line (non-negative, nnz at most rows x cols and below 2^31), each
 * entry (three fields, indices within the size line's bounds, an integer value for {@code integer} files) and the
 * entry count; a {@link DataFormatException} names the file, the line and what was expected. Values become float32
 * through double, as scanpy's {@code mmread(...).astype("float32")}. The parser works on bytes (no {@code String}
 * per line), and never allocates more than the file can hold: a header that claims more entries than the bytes
 * could encode is caught before any large allocation.
 */
public final class MatrixMarket {
    private MatrixMarket() {}

    /**
     * The entries of a coordinate file, 0-based and in file order: entry e is {@code values[e]} at
     * {@code (rows[e], cols[e])}. {@code integer} says whether the file declared integer values.
     */
    public record Coordinate(int nRows, int nCols, int[] rows, int[] cols, float[] values, boolean integer) {
        public int nnz() { return values.length; }
    }

    /** Reads a coordinate file (gzipped or not: decided by its first bytes). */
    public static Coordinate read(Path file) {
        try (LineReader in = new LineReader(file)) {
            boolean integer = banner(in);
            long[] size = sizeLine(in);
            int nRows = (int) size[0], nCols = (int) size[1], nnz = (int) size[2];
            return entries(in, nRows, nCols, nnz, integer, initialCapacity(file, nnz));
        }
    }

    /** Checks the banner; returns whether the values are integers. */
    private static boolean banner(LineReader in) {
        if (!in.next()) throw in.error("empty file; expected a '%%MatrixMarket matrix coordinate ...' banner");
        String[] t = in.line().trim().split("\\s+");
        if (t.length != 5 || !t[0].equalsIgnoreCase("%%MatrixMarket"))
            throw in.error("expected the banner '%%MatrixMarket matrix coordinate integer|real general', found '"
                    + in.excerpt() + "'");
        String object = t[1].toLowerCase(Locale.ROOT), format = t[2].toLowerCase(Locale.ROOT);
        String field = t[3].toLowerCase(Locale.ROOT), symmetry = t[4].toLowerCase(Locale.ROOT);
        if (!object.equals("matrix") || !format.equals("coordinate") || !symmetry.equals("general")
                || !(field.equals("integer") || field.equals("real") || field.equals("double")))
            throw in.error("unsupported MatrixMarket kind '" + object + " " + format + " " + field + " " + symmetry
                    + "'; expected 'matrix coordinate integer|real general'");
        return field.equals("integer");
    }

    /** Skips comments and reads {@code rows cols nnz}. */
    private static long[] sizeLine(LineReader in) {
        while (true) {
            if (!in.next()) throw in.error("file ends before the size line 'rows cols nnz'");
            if (in.length() > 0 && in.bytes()[0] == '%') continue;
            if (in.isBlank()) continue;
            break;
        }
        long[] size = new long[3];
        int n = fields(in, size);
        if (n != 3) throw in.error("expected the size line 'rows cols nnz', found '" + in.excerpt() + "'");
        long rows = size[0], cols = size[1], nnz = size[2];
        if (rows < 0 || cols < 0 || nnz < 0 || rows >= Integer.MAX_VALUE || cols >= Integer.MAX_VALUE)
            throw in.error("size line " + rows + " " + cols + " " + nnz
                    + ": expected non-negative sizes below 2^31 - 1");
        if (nnz > rows * cols)
            throw in.error("size line claims " + nnz + " entries but a " + rows + " x " + cols + " matrix has "
                    + rows * cols + " cells");
        if (nnz > Integer.MAX_VALUE - 8)
            throw in.error("size line claims " + nnz + " entries; at most 2^31 - 9 are supported");
        return size;
    }

    /**
     * Entries to allocate up front: nnz, unless the file is too small to hold that many (an entry takes at least 6
     * bytes, and deflate expands at most about 1032-fold), in which case the arrays grow as entries arrive and the
     * count check at the end reports the shortfall.
     */
    private static int initialCapacity(Path file, int nnz) {
        try {
            long bytes = Files.size(file);
            long most = bytes / 6 * 1100 + 1024;
            return (int) Math.min(nnz, most);
        } catch (java.io.IOException e) {
            return Math.min(nnz, 1 << 20);
        }
    }

    /** Growable entry arrays. */
    private static final class Entries {
        int[] rows, cols;
        float[] values;
        int n;

        Entries(int capacity) {
            rows = new int[capacity];
            cols = new int[capacity];
            values = new float[capacity];
        }

        void grow(int nnz) {
            int grown = (int) Math.min(nnz, Math.max(16, rows.length + (long) rows.length / 2));
            rows = Arrays.copyOf(rows, grown);
            cols = Arrays.copyOf(cols, grown);
            values = Arrays.copyOf(values, grown);
        }
    }

    /**
     * The entry lines, scanned a block of whole lines at a time. The fast path reads the usual
     * {@code row col value} of unsigned decimal indices; anything else (signs, CR LF, blank lines, errors) goes
     * through {@link #line}, which parses the line field by field and says exactly what is wrong.
     */
    private static Coordinate entries(LineReader in, int nRows, int nCols, int nnz, boolean integer, int capacity) {
        Entries out = new Entries(capacity);
        long line = in.lineNumber();
        while (in.nextBlock()) {
            byte[] b = in.block();
            int i = in.blockStart(), end = in.blockEnd();
            while (i < end) {
                line++;
                int start = i;
                if (out.n == out.rows.length) {
                    if (out.n == nnz) {
                        i = line(in.file(), line, b, start, lineEnd(b, start, end), nRows, nCols, nnz, integer, out);
                        continue;
                    }
                    out.grow(nnz);
                }
                long r = 0, c = 0, v = 0;
                double real = 0;
                int s = i;
                for (int d; i < end && (d = b[i] - '0') >= 0 && d <= 9; i++) r = r * 10 + d;
                boolean ok = i > s && i - s <= 10 && i < end && b[i] == ' ';
                if (ok) {
                    s = ++i;
                    for (int d; i < end && (d = b[i] - '0') >= 0 && d <= 9; i++) c = c * 10 + d;
                    ok = i > s && i - s <= 10 && i < end && b[i] == ' ';
                }
                if (ok && integer) {
                    s = ++i;
                    for (int d; i < end && (d = b[i] - '0') >= 0 && d <= 9; i++) v = v * 10 + d;
                    ok = i > s && i - s <= 18;
                    real = v;
                } else if (ok) {
                    s = ++i;
                    while (i < end && b[i] != '\n' && b[i] != ' ' && b[i] != '\t' && b[i] != '\r') i++;
                    try {
                        ok = i > s;
                        if (ok) real = Decimals.parseDouble(b, s, i - s);
                    } catch (NumberFormatException ex) {
                        ok = false;
                    }
                }
                if (i < end && b[i] == '\r') i++;
                ok &= i < end && b[i] == '\n';
                if (ok && r >= 1 && r <= nRows && c >= 1 && c <= nCols) {
                    int e = out.n++;
                    out.rows[e] = (int) r - 1;
                    out.cols[e] = (int) c - 1;
                    out.values[e] = (float) real;
                    i++;
                } else {
                    i = line(in.file(), line, b, start, lineEnd(b, start, end), nRows, nCols, nnz, integer, out);
                }
            }
        }
        in.skipLines(line - in.lineNumber());
        if (out.n != nnz)
            throw in.error("file ends after " + out.n + " entries but the size line promises " + nnz
                    + " (truncated file?)");
        return new Coordinate(nRows, nCols, out.rows, out.cols, out.values, integer);
    }

    /** The end of the line starting at {@code i}: the position of its {@code \n}, or {@code end}. */
    private static int lineEnd(byte[] b, int i, int end) {
        while (i < end && b[i] != '\n') i++;
        return i;
    }

    /**
     * Parses one entry line {@code b[start, stop)} field by field (blank lines are skipped), stores it, and returns
     * the position after its newline; every problem is a {@link DataFormatException} naming the line.
     */
    private static int line(Path file, long line, byte[] b, int start, int stop, int nRows, int nCols, int nnz,
                            boolean integer, Entries out) {
        int len = stop > start && b[stop - 1] == '\r' ? stop - 1 : stop;
        int i = skipBlanks(b, start, len);
        if (i == len) return stop + 1;
        if (out.n == nnz)
            throw at(file, line, "more entries than the " + nnz + " the size line promises: '"
                    + excerpt(b, start, len) + "'");
        int s0 = i;
        i = skipToken(b, i, len);
        int e0 = i;
        i = skipBlanks(b, i, len);
        int s1 = i;
        i = skipToken(b, i, len);
        int e1 = i;
        i = skipBlanks(b, i, len);
        int s2 = i;
        i = skipToken(b, i, len);
        int e2 = i;
        i = skipBlanks(b, i, len);
        if (e2 == s2 || i != len)
            throw at(file, line, "expected an entry 'row col value', found '" + excerpt(b, start, len) + "'");
        long r = index(file, line, b, s0, e0 - s0, "row", nRows);
        long c = index(file, line, b, s1, e1 - s1, "column", nCols);
        float v = value(file, line, b, s2, e2 - s2, integer);
        if (out.n == out.rows.length) out.grow(nnz);
        int e = out.n++;
        out.rows[e] = (int) r;
        out.cols[e] = (int) c;
        out.values[e] = v;
        return stop + 1;
    }

    /** A 1-based index field, returned 0-based after the range check. */
    private static long index(Path file, long line, byte[] b, int off, int len, String what, int bound) {
        long v;
        try {
            v = Decimals.parseLong(b, off, len);
        } catch (NumberFormatException ex) {
            throw at(file, line, what + " index: expected an integer, found " + ex.getMessage());
        }
        if (v < 1 || v > bound)
            throw at(file, line, what + " index " + v + " outside 1.." + bound + " (the size line's bound)");
        return v - 1;
    }

    private static float value(Path file, long line, byte[] b, int off, int len, boolean integer) {
        try {
            return integer ? (float) Decimals.parseLong(b, off, len) : (float) Decimals.parseDouble(b, off, len);
        } catch (NumberFormatException ex) {
            throw at(file, line, "value: expected " + (integer ? "an integer" : "a real number") + ", found "
                    + ex.getMessage());
        }
    }

    private static String excerpt(byte[] b, int start, int end) {
        String s = new String(b, start, Math.min(end - start, 80), StandardCharsets.UTF_8);
        return end - start > 80 ? s + "..." : s;
    }

    private static DataFormatException at(Path file, long line, String problem) {
        return new DataFormatException(file, "line " + line, problem);
    }

    /** Parses up to {@code out.length} blank-separated integers of the current line; returns how many fields. */
    private static int fields(LineReader in, long[] out) {
        byte[] b = in.bytes();
        int len = in.length(), n = 0, i = skipBlanks(b, 0, len);
        while (i < len) {
            int s = i;
            i = skipToken(b, i, len);
            if (n < out.length) {
                try {
                    out[n] = Decimals.parseLong(b, s, i - s);
                } catch (NumberFormatException ex) {
                    throw in.error("expected an integer, found "
                            + new String(b, s, i - s, StandardCharsets.UTF_8));
                }
            }
            n++;
            i = skipBlanks(b, i, len);
        }
        return n;
    }

    private static int skipBlanks(byte[] b, int i, int len) {
        while (i < len && (b[i] == ' ' || b[i] == '\t')) i++;
        return i;
    }

    private static int skipToken(byte[] b, int i, int len) {
        while (i < len && b[i] != ' ' && b[i] != '\t') i++;
        return i;
    }
}
