package org.genex.data.io;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Lines of a text file as bytes, for the fast text readers (MatrixMarket, TSV, CSV): each {@link #next()} copies one
 * line (without its {@code \n} or {@code \r\n}) into a reusable buffer, so parsers work on bytes and build a
 * {@code String} only for the fields they keep. A file that starts with the gzip magic bytes {@code 1f 8b} is
 * decompressed whatever its name. Read errors (a truncated or corrupt gzip stream) become a
 * {@link DataFormatException} naming the file and the line reached.
 */
final class LineReader implements Closeable {
    private static final int CHUNK = 1 << 20;

    private final Path file;
    private final InputStream in;
    private byte[] chunk = new byte[CHUNK];
    private int pos, limit, blockEnd;
    private boolean eof;
    private byte[] line = new byte[256];
    private int length;
    private long lineNumber;

    LineReader(Path file) {
        this.file = file;
        this.in = open(file);
    }

    /**
     * The file's bytes, gunzipped when it starts with the gzip magic. A missing file is a {@link DataFormatException}
     * saying which file was expected.
     */
    static InputStream open(Path file) {
        try {
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, null, "file not found");
        } catch (IOException e) {
            throw new DataFormatException(file, null, "cannot open: " + e.getMessage(), e);
        }
    }

    /** Reads the next line; false at the end of the file. */
    boolean next() {
        length = 0;
        boolean any = false;
        while (true) {
            if (pos == limit && !fill()) {
                if (!any) return false;
                break;
            }
            any = true;
            int start = pos, end = start, lim = limit;
            byte[] c = chunk;
            while (end < lim && c[end] != '\n') end++;
            append(c, start, end - start);
            if (end < lim) {
                pos = end + 1;
                break;
            }
            pos = lim;
        }
        if (length > 0 && line[length - 1] == '\r') length--;
        lineNumber++;
        return true;
    }

    /**
     * Block mode, for parsers that scan many short lines in one loop: makes {@link #block()}
     * {@code [blockStart(), blockEnd())} hold the next whole lines, each ending in {@code \n} except perhaps the
     * file's last. False at the end of the file. The caller counts the lines it scans (see {@link #skipLines}).
     */
    boolean nextBlock() {
        int rest = limit - pos;
        System.arraycopy(chunk, pos, chunk, 0, rest);
        pos = 0;
        limit = rest;
        int searched = 0;
        while (true) {
            for (int k = limit - 1; k >= searched; k--) {
                if (chunk[k] == '\n') {
                    blockEnd = k + 1;
                    pos = blockEnd;
                    return true;
                }
            }
            searched = limit;
            if (eof || !readMore()) {
                if (limit == 0) return false;
                blockEnd = limit;
                pos = limit;
                return true;
            }
        }
    }

    byte[] block() { return chunk; }

    int blockStart() { return 0; }

    int blockEnd() { return blockEnd; }

    /** Advances the line count by lines a block-mode parser has consumed. */
    void skipLines(long n) { lineNumber += n; }

    /** Appends input after {@code limit}, growing the chunk when it is full (a line longer than the chunk). */
    private boolean readMore() {
        if (limit == chunk.length) chunk = Arrays.copyOf(chunk, chunk.length * 2);
        try {
            int n = in.read(chunk, limit, chunk.length - limit);
            if (n <= 0) {
                eof = true;
                return false;
            }
            limit += n;
            return true;
        } catch (IOException e) {
            throw new DataFormatException(file, "line " + (lineNumber + 1),
                    "cannot read further: truncated or corrupt data (" + e.getMessage() + ")", e);
        }
    }

    private boolean fill() {
        if (eof) return false;
        try {
            int n = in.read(chunk, 0, CHUNK);
            if (n <= 0) {
                eof = true;
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        } catch (IOException e) {
            throw new DataFormatException(file, "line " + (lineNumber + 1),
                    "cannot read further: truncated or corrupt data (" + e.getMessage() + ")", e);
        }
    }

    private void append(byte[] src, int from, int n) {
        if (length + n > line.length) line = Arrays.copyOf(line, Math.max(length + n, line.length * 2));
        System.arraycopy(src, from, line, length, n);
        length += n;
    }

    /** The current line's bytes, valid in {@code [0, length())} until the next call to {@link #next()}. */
    byte[] bytes() { return line; }

    int length() { return length; }

    /** Whether the current line holds nothing but spaces and tabs. */
    boolean isBlank() {
        for (int i = 0; i < length; i++) if (line[i] != ' ' && line[i] != '\t') return false;
        return true;
    }

    /** The current line decoded as UTF-8. */
    String line() { return new String(line, 0, length, StandardCharsets.UTF_8); }

    /** 1-based number of the current line. */
    long lineNumber() { return lineNumber; }

    /** "line N", the element of a {@link DataFormatException}. */
    String where() { return "line " + lineNumber; }

    Path file() { return file; }

    /** An exception at the current line. */
    DataFormatException error(String problem) { return new DataFormatException(file, where(), problem); }

    /** The current line for an error message, cut to 80 characters. */
    String excerpt() {
        String s = line();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was written, so a failing close loses nothing
        }
    }
}
