package org.genex.data.io;

import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.CsrMatrix;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Delimited text (CSV, TSV, whitespace-separated): expression matrices with row and column names, per-cell metadata
 * tables, and CSV export of embeddings and labels. Files are gunzipped when they start with the gzip magic bytes;
 * fields may be quoted as RFC 4180 says.
 *
 * <p><b>Matrices</b> ({@link #readMatrix}) follow scanpy's {@code read_text} / {@code read_csv}: lines starting with
 * the comment prefix are skipped; the first other line is the header when its last field is not a number,
 * otherwise the column names come from the last comment line (krumsiek11's convention), otherwise they are
 * "0", "1", .... The header may or may not name the row-name column: with n values per row it holds n names, or
 * n + 1 with a first one (empty, or a name such as {@code it}) that is dropped. Row names are the first field when
 * {@link RowNames#FIRST_COLUMN}, never with {@link RowNames#NONE}, and with {@link RowNames#AUTO} when that field
 * is not a number or the header is one name short. {@code transpose} reads genes-as-rows files (the usual layout of
 * count tables) as cells x genes. X is float32: CSR when at most half the entries are non-zero (a count table),
 * dense otherwise, unless {@link Layout} says which. Duplicate row names are kept, as scanpy keeps them. Differences
 * from scanpy: an empty or non-numeric value is an error naming the line and the column (scanpy raises numpy's
 * error without a line); rows of different lengths are an error naming the line; the header taken from a comment
 * line is split with the file's separator (scanpy splits it on whitespace).
 *
 * <p><b>Tables</b> ({@link #readTable}) read a CSV with a header into a {@link DataFrame} indexed by the first
 * column, typing columns as pandas' {@code read_csv} does ({@link DelimitedTable}); {@link #joinObs} adds its
 * columns to an AnnData's obs by name (a left join; cells absent from the table get missing values).
 *
 * <p><b>Export</b> ({@link #writeEmbedding}, {@link #writeLabels}) writes what pandas' {@code to_csv} writes for a
 * frame with an unnamed index: a header whose first field is empty, then one line per cell; fields that hold the
 * separator, a quote or a line break are quoted (RFC 4180). Numbers are the shortest decimal that reads back to the
 * same float32 ({@code NaN}, {@code inf}, {@code -inf} for the special values). Tab-separated when the name ends in
 * {@code .tsv} or {@code .tab} (before an optional {@code .gz}, which gzips), comma-separated otherwise; written to
 * a temporary file and renamed.
 */
public final class Delimited {
    private Delimited() {}

    /** Where row names are. */
    public enum RowNames { AUTO, FIRST_COLUMN, NONE }

    /** The layout of X. */
    public enum Layout { AUTO, DENSE, CSR }

    /**
     * @param separator     the field separator; {@link #AUTO_SEPARATOR} picks by file name ({@code .csv} comma,
     *                      {@code .tsv}/{@code .tab} tab, anything else {@link #WHITESPACE}); {@link #WHITESPACE}
     *                      splits on runs of spaces and tabs
     * @param transpose     read a genes-as-rows file as cells x genes
     * @param commentPrefix lines starting with it are comments (null: none)
     * @param rowNames      where the row names are
     * @param layout        dense, CSR, or by sparsity
     */
    public record Options(char separator, boolean transpose, String commentPrefix, RowNames rowNames, Layout layout) {
        public static final char AUTO_SEPARATOR = 0;
        public static final char WHITESPACE = DelimitedFields.WHITESPACE;
        public static final Options DEFAULT = new Options(AUTO_SEPARATOR, false, "#", RowNames.AUTO, Layout.AUTO);

        public Options withSeparator(char s) { return new Options(s, transpose, commentPrefix, rowNames, layout); }
        public Options withTranspose(boolean t) { return new Options(separator, t, commentPrefix, rowNames, layout); }
        public Options withCommentPrefix(String p) { return new Options(separator, transpose, p, rowNames, layout); }
        public Options withRowNames(RowNames r) { return new Options(separator, transpose, commentPrefix, r, layout); }
        public Options withLayout(Layout l) { return new Options(separator, transpose, commentPrefix, rowNames, l); }
    }

    // ---------------------------------------------------------------- matrices

    public static AnnData readMatrix(Path file) { return readMatrix(file, Options.DEFAULT); }

    public static AnnData readMatrix(Path file, Options o) {
        char sep = separator(file, o);
        DelimitedFields f = new DelimitedFields(sep);
        try (LineReader in = new LineReader(file)) {
            String lastComment = null;
            String[] header = null;
            String headerWhere = null;
            boolean haveRow = false;
            while (nextLine(in)) {
                if (isComment(in, o.commentPrefix())) {
                    lastComment = commentText(in, o.commentPrefix());
                    continue;
                }
                record(in, f);
                if (f.count() > 0 && !f.isNumber(f.count() - 1)) {
                    header = f.strings();
                    headerWhere = in.where();
                } else {
                    haveRow = true;
                }
                break;
            }
            if (header == null && lastComment != null) {
                DelimitedFields c = new DelimitedFields(sep);
                byte[] b = lastComment.getBytes(StandardCharsets.UTF_8);
                c.split(b, b.length);
                header = c.strings();
                headerWhere = "the last comment line";
            }
            if (!haveRow && !nextRecord(in, f, o.commentPrefix()))
                throw new DataFormatException(file, null, "no data rows" + (header == null ? "" : " after the header"));
            return rows(file, in, f, o, header, headerWhere);
        }
    }

    /** Reads the data rows (the first one is already in {@code f}) into X. */
    private static AnnData rows(Path file, LineReader in, DelimitedFields f, Options o, String[] header,
                                String headerWhere) {
        boolean names = switch (o.rowNames()) {
            case FIRST_COLUMN -> true;
            case NONE -> false;
            case AUTO -> !f.isNumber(0) || header != null && header.length == f.count() - 1;
        };
        int skip = names ? 1 : 0, nCols = f.count() - skip;
        String[] colNames = columnNames(file, header, headerWhere, nCols);
        List<String> rowNames = new ArrayList<>();
        int[] indptr = new int[1024];
        int[] indices = new int[1024];
        float[] values = new float[1024];
        int nRows = 0, nnz = 0;
        do {
            if (f.count() != nCols + skip)
                throw in.error("expected " + (nCols + skip) + " fields (" + (names ? "a row name and " : "") + nCols
                        + " values), found " + f.count());
            if (names) rowNames.add(f.string(0));
            for (int j = 0; j < nCols; j++) {
                double v;
                try {
                    v = f.number(j + skip);
                } catch (NumberFormatException e) {
                    throw in.error("column '" + colNames[j] + "' (field " + (j + skip + 1) + "): expected a number, found "
                            + e.getMessage());
                }
                if (v == 0) continue;
                if (nnz == indices.length) {
                    int grown = (int) Math.min(Integer.MAX_VALUE - 8, indices.length * 2L);
                    if (grown == nnz) throw in.error("more than 2^31 - 9 non-zero values");
                    indices = Arrays.copyOf(indices, grown);
                    values = Arrays.copyOf(values, grown);
                }
                indices[nnz] = j;
                values[nnz++] = (float) v;
            }
            if (nRows + 2 > indptr.length) indptr = Arrays.copyOf(indptr, indptr.length * 2);
            indptr[++nRows] = nnz;
        } while (nextRecord(in, f, o.commentPrefix()));

        CsrMatrix x = new CsrMatrix(nRows, nCols, Arrays.copyOf(indptr, nRows + 1), indices, values);
        String[] rows = names ? rowNames.toArray(String[]::new) : range(nRows);
        if (o.transpose()) {
            x = x.transpose();
            String[] t = rows;
            rows = colNames;
            colNames = t;
        }
        return new AnnData(layout(x, o.layout()), new DataFrame(rows), new DataFrame(colNames));
    }

    private static String[] columnNames(Path file, String[] header, String where, int n) {
        if (header == null) return range(n);
        if (header.length == n) return header;
        if (header.length == n + 1) return Arrays.copyOfRange(header, 1, header.length);
        throw new DataFormatException(file, where, "the header has " + header.length + " names but the rows have "
                + n + " values; expected " + n + " names, or " + (n + 1) + " with the row-name column's first");
    }

    private static Matrix layout(CsrMatrix x, Layout layout) {
        long cells = (long) x.rows() * x.cols();
        boolean sparse = switch (layout) {
            case CSR -> true;
            case DENSE -> false;
            case AUTO -> 2L * x.nnz() <= cells || cells > Integer.MAX_VALUE - 8;
        };
        if (!sparse && cells > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("a dense " + x.rows() + " x " + x.cols() + " matrix is too large; use CSR");
        return sparse ? Matrix.of(x) : Matrix.of(x.toDense());
    }

    // ---------------------------------------------------------------- tables

    /** A CSV with a header, indexed by its first column, with pandas-style column types. */
    public static DataFrame readTable(Path file) { return readTable(file, Options.DEFAULT); }

    public static DataFrame readTable(Path file, Options o) {
        DelimitedFields f = new DelimitedFields(separator(file, o));
        try (LineReader in = new LineReader(file)) {
            if (!nextRecord(in, f, o.commentPrefix()))
                throw new DataFormatException(file, null, "empty file; expected a header line");
            String[] header = f.strings();
            List<String> index = new ArrayList<>();
            List<List<String>> cols = new ArrayList<>();
            int nCols = -1;
            while (nextRecord(in, f, o.commentPrefix())) {
                if (nCols < 0) {
                    nCols = f.count() - 1;
                    if (header.length != nCols && header.length != nCols + 1)
                        throw in.error("the header has " + header.length + " names but this row has " + f.count()
                                + " fields; expected " + nCols + " or " + (nCols + 1) + " names");
                    for (int j = 0; j < nCols; j++) cols.add(new ArrayList<>());
                }
                if (f.count() != nCols + 1)
                    throw in.error("expected " + (nCols + 1) + " fields (the index and " + nCols + " columns), found "
                            + f.count());
                index.add(f.string(0));
                for (int j = 0; j < nCols; j++) cols.get(j).add(f.string(j + 1));
            }
            if (nCols < 0) nCols = Math.max(0, header.length - 1);
            String[] names = header.length == nCols ? header : Arrays.copyOfRange(header, 1, header.length);
            DataFrame df = new DataFrame(index.toArray(String[]::new));
            for (int j = 0; j < nCols; j++)
                df.put(names[j], cols.isEmpty() ? new Column.Strings(new String[0]) : DelimitedTable.infer(cols.get(j)));
            return df;
        }
    }

    /**
     * Adds the table's columns to {@code adata.obs}, matching cells by name (pandas' {@code obs.join(table)}): cells
     * the table lacks get missing values (NaN, or the nullable kinds). A column name obs already has is an error.
     */
    public static void joinObs(AnnData adata, DataFrame table) { DelimitedTable.joinInto(adata.obs(), table); }

    // ---------------------------------------------------------------- export

    /** Writes an embedding (one row per name, one column per column name) as CSV/TSV ({@link DelimitedWriter}). */
    public static void writeEmbedding(Path file, String[] names, float[][] values, String[] columnNames) {
        DelimitedWriter.writeEmbedding(file, names, values, columnNames);
    }

    /** {@link #writeEmbedding(Path, String[], float[][], String[])} of a matrix's rows. */
    public static void writeEmbedding(Path file, String[] names, Matrix values, String[] columnNames) {
        DelimitedWriter.writeEmbedding(file, names, values, columnNames);
    }

    /** Writes one label per name, under the column name {@code label}; a null label is written empty (missing). */
    public static void writeLabels(Path file, String[] names, String[] labels) {
        DelimitedWriter.writeLabels(file, names, labels);
    }

    // ---------------------------------------------------------------- lines

    private static char separator(Path file, Options o) {
        if (o.separator() != Options.AUTO_SEPARATOR) return o.separator();
        String n = baseName(file);
        if (n.endsWith(".csv")) return ',';
        if (n.endsWith(".tsv") || n.endsWith(".tab")) return '\t';
        return Options.WHITESPACE;
    }

    /** The lower-case file name without a {@code .gz} suffix. */
    static String baseName(Path file) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
    }

    /** Advances to the next line that is not blank (comments included). */
    private static boolean nextLine(LineReader in) {
        while (in.next()) if (!in.isBlank()) return true;
        return false;
    }

    /** Advances to the next data record (skipping blank and comment lines) and splits it into {@code f}. */
    private static boolean nextRecord(LineReader in, DelimitedFields f, String commentPrefix) {
        while (nextLine(in)) {
            if (isComment(in, commentPrefix)) continue;
            record(in, f);
            return true;
        }
        return false;
    }

    /** Splits the current line, joining the following lines while a quoted field is open. */
    private static void record(LineReader in, DelimitedFields f) {
        if (f.split(in.bytes(), in.length())) return;
        String start = in.where();
        byte[] acc = Arrays.copyOf(in.bytes(), Math.max(16, in.length() * 2));
        int len = in.length();
        while (in.next()) {
            int need = len + 1 + in.length();
            if (need > acc.length) acc = Arrays.copyOf(acc, Math.max(need, acc.length * 2));
            acc[len++] = '\n';
            System.arraycopy(in.bytes(), 0, acc, len, in.length());
            len += in.length();
            if (f.split(acc, len)) return;
        }
        throw new DataFormatException(in.file(), start,
                "a quoted field opened here is not closed before the end of the file");
    }

    private static boolean isComment(LineReader in, String prefix) {
        if (prefix == null || prefix.isEmpty()) return false;
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        if (in.length() < p.length) return false;
        for (int i = 0; i < p.length; i++) if (in.bytes()[i] != p[i]) return false;
        return true;
    }

    /** A comment's text: the line without the prefix and the blanks after it (scanpy strips '#' and ' '). */
    private static String commentText(LineReader in, String prefix) {
        return in.line().substring(prefix.length()).strip();
    }

    private static String[] range(int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) out[i] = Integer.toString(i);
        return out;
    }
}
