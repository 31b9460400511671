package org.genex.data.io;

import org.genex.data.Matrix;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * The export half of {@link Delimited}: what pandas' {@code to_csv} writes for a frame with an unnamed index (a
 * header whose first field is empty, then one line per row), with RFC 4180 quoting, shortest round-trip floats, a
 * separator chosen by the file name, gzip for {@code .gz}, and an atomic rename.
 */
final class DelimitedWriter {
    private DelimitedWriter() {}

    /** Writes an embedding (one row per name, one column per column name) as CSV/TSV. */
    static void writeEmbedding(Path file, String[] names, float[][] values, String[] columnNames) {
        if (values.length != names.length)
            throw new IllegalArgumentException("writeEmbedding: " + names.length + " names but " + values.length + " rows");
        for (int i = 0; i < values.length; i++)
            if (values[i].length != columnNames.length)
                throw new IllegalArgumentException("writeEmbedding: row " + i + " has " + values[i].length
                        + " values but there are " + columnNames.length + " column names");
        char sep = outputSeparator(file);
        write(file, w -> {
            w.write(sep);
            w.write(join(columnNames, sep));
            w.write('\n');
            for (int i = 0; i < names.length; i++) {
                w.write(quote(names[i], sep));
                for (float v : values[i]) {
                    w.write(sep);
                    w.write(format(v));
                }
                w.write('\n');
            }
        });
    }

    /** {@link #writeEmbedding(Path, String[], float[][], String[])} of a matrix's rows. */
    static void writeEmbedding(Path file, String[] names, Matrix values, String[] columnNames) {
        if (values.rows() != names.length || values.cols() != columnNames.length)
            throw new IllegalArgumentException("writeEmbedding: a " + values.rows() + " x " + values.cols()
                    + " matrix for " + names.length + " names and " + columnNames.length + " column names");
        float[] flat = values.dense().toArray();
        float[][] rows = new float[values.rows()][];
        for (int i = 0; i < rows.length; i++)
            rows[i] = Arrays.copyOfRange(flat, i * values.cols(), (i + 1) * values.cols());
        writeEmbedding(file, names, rows, columnNames);
    }

    /** Writes one label per name, under the column name {@code label}; a null label is written empty (missing). */
    static void writeLabels(Path file, String[] names, String[] labels) {
        if (labels.length != names.length)
            throw new IllegalArgumentException("writeLabels: " + names.length + " names but " + labels.length + " labels");
        char sep = outputSeparator(file);
        write(file, w -> {
            w.write(sep + "label\n");
            for (int i = 0; i < names.length; i++) {
                w.write(quote(names[i], sep));
                w.write(sep);
                w.write(labels[i] == null ? "" : quote(labels[i], sep));
                w.write('\n');
            }
        });
    }

    /** A field as RFC 4180 wants it: quoted (quotes doubled) when it holds the separator, a quote or a line break. */
    static String quote(String s, char sep) {
        if (s.indexOf(sep) < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static String join(String[] fields, char sep) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) sb.append(sep);
            sb.append(quote(fields[i], sep));
        }
        return sb.toString();
    }

    private static String format(float v) {
        if (Float.isNaN(v)) return "NaN";
        if (Float.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return Float.toString(v);
    }

    private interface Body {
        void write(Writer w) throws IOException;
    }

    private static void write(Path file, Body body) {
        boolean gz = file.getFileName().toString().endsWith(".gz");
        AtomicFiles.writeVia(file, tmp -> {
            try (OutputStream raw = Files.newOutputStream(tmp);
                 OutputStream out = gz ? new GZIPOutputStream(raw, 1 << 16) : raw;
                 Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
                body.write(w);
            }
        });
    }

    private static char outputSeparator(Path file) {
        String n = Delimited.baseName(file);
        return n.endsWith(".tsv") || n.endsWith(".tab") ? '\t' : ',';
    }
}
