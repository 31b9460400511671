package org.genex.algorithms.bayes.causal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.genex.data.io.Npz;
import org.genex.tensor.CsrMatrix;

/**
 * The single-cell data of npp.md &sect;4 from {@code ../shared/fixtures/npp}: raw UMI counts (544 T cells &times; 227
 * genes), the 157 transcription-factor confounders, and the confounder transform f(X) as plain numbers:
 * f(X) = ((log1p(CP10k over the 157 genes) &minus; scaler_mean) / scaler_scale &minus; pca_mean) &middot; [pc1 &hellip; pc10]
 * (the authors' scikit-learn StandardScaler and PCA(10), fitted on the Dom&iacute;nguez Conde atlas).
 *
 * @param genes        gene symbols, column order
 * @param counts       cells &times; genes, dense, row-major
 * @param cells        number of cells
 * @param confounders  the TF genes of the transform, in its row order
 * @param xHat         f(X), cells &times; 10, row-major
 */
public record CellData(List<String> genes, double[] counts, int cells, List<String> confounders, double[] xHat) {
    /** Components of f(X). */
    public static final int COMPONENTS = 10;

    /** Reads the fixture folder (vazquez_counts.npz, vazquez_genes.txt, confounder_transform.csv). */
    public static CellData load(Path dir) {
        try {
            CsrMatrix m = Npz.readCsr(dir.resolve("vazquez_counts.npz"));
            List<String> genes = Files.readAllLines(dir.resolve("vazquez_genes.txt")).stream().map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
            if (genes.size() != m.cols())
                throw new IllegalArgumentException("vazquez_genes.txt: " + genes.size() + " genes for " + m.cols() + " columns");
            double[] dense = new double[m.rows() * m.cols()];
            for (int r = 0; r < m.rows(); r++)
                for (int p = m.indptr()[r]; p < m.indptr()[r + 1]; p++) dense[r * m.cols() + m.indices()[p]] = m.values()[p];
            List<String> lines = Files.readAllLines(dir.resolve("confounder_transform.csv"));
            String[] header = lines.get(0).split(",");
            if (header.length != 4 + COMPONENTS || !header[0].equals("gene"))
                throw new IllegalArgumentException("confounder_transform.csv: unexpected header " + lines.get(0));
            List<String> tf = new ArrayList<>();
            List<double[]> rows = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) continue;
                String[] f = lines.get(i).split(",");
                if (f.length != header.length)
                    throw new IllegalArgumentException("confounder_transform.csv line " + (i + 1) + ": " + f.length + " fields, expected " + header.length);
                tf.add(f[0]);
                double[] v = new double[f.length - 1];
                for (int k = 1; k < f.length; k++) v[k - 1] = Double.parseDouble(f[k]);
                rows.add(v);
            }
            return new CellData(genes, dense, m.rows(), tf, transform(genes, dense, m.rows(), tf, rows));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the NPP fixtures in " + dir, e);
        }
    }

    private static double[] transform(List<String> genes, double[] counts, int cells, List<String> tf, List<double[]> t) {
        Map<String, Integer> index = new HashMap<>();
        for (int j = 0; j < genes.size(); j++) index.putIfAbsent(genes.get(j), j);
        int g = tf.size(), nGenes = genes.size();
        int[] col = new int[g];
        for (int k = 0; k < g; k++) {
            Integer j = index.get(tf.get(k));
            if (j == null) throw new IllegalArgumentException("confounder gene " + tf.get(k) + " is not among the count columns");
            col[k] = j;
        }
        double[] out = new double[cells * COMPONENTS];
        double[] z = new double[g];
        for (int c = 0; c < cells; c++) {
            double total = 0;
            for (int k = 0; k < g; k++) total += counts[c * nGenes + col[k]];
            if (!(total > 0))
                throw new IllegalArgumentException("cell " + c + " has no counts over the " + g + " confounder genes: f(X) is undefined");
            for (int k = 0; k < g; k++) {
                double[] row = t.get(k);
                double v = Math.log1p(counts[c * nGenes + col[k]] / total * 10000);
                z[k] = (v - row[0]) / row[1] - row[2 + COMPONENTS];
            }
            for (int q = 0; q < COMPONENTS; q++) {
                double s = 0;
                for (int k = 0; k < g; k++) s += z[k] * t.get(k)[2 + q];
                out[c * COMPONENTS + q] = s;
            }
        }
        return out;
    }

    /** The raw counts of one gene, per cell. */
    public double[] gene(String symbol) {
        int j = genes.indexOf(symbol);
        if (j < 0) throw new IllegalArgumentException("gene " + symbol + " is not in the data");
        double[] v = new double[cells];
        for (int c = 0; c < cells; c++) v[c] = counts[c * genes.size() + j];
        return v;
    }
}
