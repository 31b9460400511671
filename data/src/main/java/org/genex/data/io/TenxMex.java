package org.genex.data.io;

import org.genex.data.AnnData;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.data.Names;
import org.genex.tensor.CsrMatrix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a 10x Genomics MEX folder (Market Exchange: a MatrixMarket matrix plus feature and barcode lists) as
 * scanpy's {@code read_10x_mtx} does, into an AnnData of cells x genes with a float32 CSR X.
 *
 * <ul>
 *   <li>Cell Ranger &ge; 3 (v3): {@code matrix.mtx.gz}, {@code features.tsv.gz} (id, name, feature type),
 *       {@code barcodes.tsv.gz}. Cell Ranger &le; 2 (v2): {@code matrix.mtx}, {@code genes.tsv} (id, name),
 *       {@code barcodes.tsv}. The folder is v2 when {@code genes.tsv} is present, as in scanpy. Each file may be
 *       gzipped or not, under either name: the reader takes the name that exists and decides on decompression by
 *       the gzip magic bytes.</li>
 *   <li>{@code var_names} are the gene symbols made unique with {@link Names#makeUnique} (scanpy's defaults
 *       {@code var_names="gene_symbols", make_unique=True}), with a {@code gene_ids} column; or the ids, with a
 *       {@code gene_symbols} column. v3 adds {@code feature_types}, and by default keeps only
 *       {@code "Gene Expression"} features ({@code gex_only=True}).</li>
 *   <li>{@code obs_names} are the barcodes (the first tab-separated field of each line).</li>
 * </ul>
 *
 * <p>Differences from scanpy: X is CSR (scanpy's transposed matrix is CSC); ids and symbols are always kept as
 * strings (pandas turns integer-looking ids into numbers); blank lines in the lists are skipped; a mismatch between
 * the lists and the matrix shape is an error naming both files, where scanpy fails later or not at all.
 */
public final class TenxMex {
    private TenxMex() {}

    /** What names the variables. */
    public enum VarNames { GENE_SYMBOLS, GENE_IDS }

    /**
     * Reading options, scanpy's keyword arguments.
     *
     * @param varNames   symbols (default) or ids as var_names
     * @param makeUnique make symbol var_names unique (default true; ids are left as they are)
     * @param gexOnly    keep only "Gene Expression" features of a v3 folder (default true)
     * @param prefix     a prefix of the three file names, such as {@code "sample1_"} (default empty)
     */
    public record Options(VarNames varNames, boolean makeUnique, boolean gexOnly, String prefix) {
        public static final Options DEFAULT = new Options(VarNames.GENE_SYMBOLS, true, true, "");

        public Options {
            if (varNames == null || prefix == null) throw new IllegalArgumentException("varNames and prefix needed");
        }
        public Options withVarNames(VarNames v) { return new Options(v, makeUnique, gexOnly, prefix); }
        public Options withMakeUnique(boolean b) { return new Options(varNames, b, gexOnly, prefix); }
        public Options withGexOnly(boolean b) { return new Options(varNames, makeUnique, b, prefix); }
        public Options withPrefix(String p) { return new Options(varNames, makeUnique, gexOnly, p); }
    }

    /** Reads the folder with scanpy's default options. */
    public static AnnData read(Path dir) { return read(dir, Options.DEFAULT); }

    public static AnnData read(Path dir, Options options) {
        if (!Files.isDirectory(dir))
            throw new DataFormatException(dir, null, "not a folder; expected a 10x MEX folder with matrix.mtx[.gz], "
                    + "features.tsv[.gz] (or genes.tsv) and barcodes.tsv[.gz]");
        String p = options.prefix();
        Path genes = existing(dir, p + "genes.tsv", p + "genes.tsv.gz");
        boolean legacy = genes != null;
        Path features = legacy ? genes : required(dir, p + "features.tsv.gz", p + "features.tsv", p + "genes.tsv");
        Path matrix = legacy ? required(dir, p + "matrix.mtx", p + "matrix.mtx.gz")
                : required(dir, p + "matrix.mtx.gz", p + "matrix.mtx");
        Path barcodesFile = legacy ? required(dir, p + "barcodes.tsv", p + "barcodes.tsv.gz")
                : required(dir, p + "barcodes.tsv.gz", p + "barcodes.tsv");

        MatrixMarket.Coordinate coo = MatrixMarket.read(matrix);
        String[][] feat = columns(features, legacy ? 2 : 3,
                legacy ? "id and name" : "id, name and feature type");
        String[] barcodes = columns(barcodesFile, 1, "barcode")[0];
        if (feat[0].length != coo.nRows())
            throw new DataFormatException(features, null, feat[0].length + " features, but " + matrix.getFileName()
                    + " has " + coo.nRows() + " rows (genes); expected one feature per matrix row");
        if (barcodes.length != coo.nCols())
            throw new DataFormatException(barcodesFile, null, barcodes.length + " barcodes, but "
                    + matrix.getFileName() + " has " + coo.nCols() + " columns (cells); expected one barcode per column");

        DataFrame var;
        if (options.varNames() == VarNames.GENE_SYMBOLS) {
            var = new DataFrame(options.makeUnique() ? Names.makeUnique(feat[1]) : feat[1]);
            var.put("gene_ids", feat[0]);
        } else {
            var = new DataFrame(feat[0]);
            var.put("gene_symbols", feat[1]);
        }
        if (!legacy) var.put("feature_types", feat[2]);
        AnnData adata = new AnnData(Matrix.of(cellsByGenes(coo)), new DataFrame(barcodes), var);
        return legacy || !options.gexOnly() ? adata : geneExpressionOnly(adata, feat[2]);
    }

    /**
     * The genes x cells entries as CSR cells x genes, by a counting sort on the cell index (no dense matrix), then
     * made canonical by {@link SortedRows} (Cell Ranger lists each cell's genes in decreasing order; duplicate
     * entries are summed, as scipy's {@code tocsr} does).
     */
    static CsrMatrix cellsByGenes(MatrixMarket.Coordinate coo) {
        int nCells = coo.nCols(), nGenes = coo.nRows(), nnz = coo.nnz();
        int[] genes = coo.rows(), cells = coo.cols();
        float[] values = coo.values();
        int[] indptr = new int[nCells + 1];
        for (int e = 0; e < nnz; e++) indptr[cells[e] + 1]++;
        for (int c = 0; c < nCells; c++) indptr[c + 1] += indptr[c];
        int[] next = Arrays.copyOf(indptr, nCells);
        int[] indices = new int[nnz];
        float[] out = new float[nnz];
        for (int e = 0; e < nnz; e++) {
            int at = next[cells[e]]++;
            indices[at] = genes[e];
            out[at] = values[e];
        }
        return SortedRows.canonical(nCells, nGenes, indptr, indices, out);
    }

    private static AnnData geneExpressionOnly(AnnData adata, String[] types) {
        boolean[] keep = new boolean[types.length];
        boolean all = true;
        for (int i = 0; i < types.length; i++) all &= keep[i] = types[i].equals("Gene Expression");
        return all ? adata : adata.selectVars(keep);
    }

    /**
     * The first {@code k} tab-separated columns of a headerless list ({@code [column][row]}); blank lines are skipped,
     * and a line with fewer than {@code k} fields is an error.
     */
    static String[][] columns(Path file, int k, String what) {
        List<List<String>> cols = new ArrayList<>();
        for (int j = 0; j < k; j++) cols.add(new ArrayList<>());
        try (LineReader in = new LineReader(file)) {
            while (in.next()) {
                byte[] b = in.bytes();
                int len = in.length();
                if (in.isBlank()) continue;
                int start = 0;
                for (int j = 0; j < k; j++) {
                    int end = start;
                    while (end < len && b[end] != '\t') end++;
                    if (end == len && j < k - 1)
                        throw in.error("expected " + k + " tab-separated columns (" + what + "), found "
                                + (j + 1) + ": '" + in.excerpt() + "'");
                    cols.get(j).add(new String(b, start, end - start, StandardCharsets.UTF_8));
                    start = end + 1;
                }
            }
        }
        String[][] out = new String[k][];
        for (int j = 0; j < k; j++) out[j] = cols.get(j).toArray(String[]::new);
        return out;
    }

    /** The first of these files that exists in the folder, or null. */
    private static Path existing(Path dir, String... names) {
        for (String n : names) {
            Path f = dir.resolve(n);
            if (Files.isRegularFile(f)) return f;
        }
        return null;
    }

    /** The first of these files that exists, or an exception naming the expected file and what the folder holds. */
    private static Path required(Path dir, String... names) {
        Path f = existing(dir, names);
        if (f != null) return f;
        throw new DataFormatException(dir.resolve(names[0]), null, "missing: expected " + String.join(" or ", names)
                + " in the 10x MEX folder " + dir + ", which holds " + listing(dir));
    }

    private static String listing(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(x -> x.getFileName().toString()).sorted().limit(20).toList();
            return names.isEmpty() ? "nothing" : names.toString();
        } catch (IOException e) {
            return "(unlistable: " + e.getMessage() + ")";
        }
    }
}
