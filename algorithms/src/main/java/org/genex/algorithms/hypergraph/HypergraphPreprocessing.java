package org.genex.algorithms.hypergraph;

import org.genex.data.Matrix;
import org.genex.data.pp.HighlyVariableGenes;
import org.genex.tensor.CsrMatrix;

/**
 * The preprocessing of the hypergraph-walk scripts (spec section 1), on a cells x genes count matrix:
 * <ol>
 *   <li>CPM per cell: {@code x = 1e6 c / Σ_genes c} (a cell summing to 0 is divided by 1);</li>
 *   <li>{@code log(x + 1)}: natural log for real data, base 2 in the simulation scripts ({@link LogBase});</li>
 *   <li>drop genes and cells whose sum is 0;</li>
 *   <li>gene selection on the log data: the scripts use scanpy's seurat-flavour highly variable genes
 *       ({@link GeneSelector#seurat}); any {@link GeneSelector} can be passed ({@link GeneSelector#all()} for data
 *       that is already selected, as the simulation scripts use all genes);</li>
 *   <li>drop cells and genes whose sum over the selected genes is 0, giving the hypergraph Γ.</li>
 * </ol>
 * Counts must be finite and {@code >= 0}: NaN, infinite or negative values are rejected with an
 * {@link IllegalArgumentException} naming the cell and the gene (the scripts drop rows with NA; here they are an
 * error, so that nothing is dropped silently). The numbers of dropped empty cells and genes are reported by the
 * resulting {@link CellGeneHypergraph}, whose ids refer to the rows and columns of the count matrix.
 */
public final class HypergraphPreprocessing {
    private HypergraphPreprocessing() {}

    /** The base of the logarithm in {@code log(x + 1)}. */
    public enum LogBase {
        /** {@code ln(x + 1)}: the real-data scripts. */
        NATURAL,
        /** {@code log2(x + 1)}: the simulation scripts. */
        TWO
    }

    /**
     * Chooses genes (columns) of a cells x genes log-expression matrix: in {@link #prepare} it sees the matrix after
     * step 3, and its indices refer to that matrix's columns (the hypergraph's {@code geneIds()} map them back).
     */
    @FunctionalInterface
    public interface GeneSelector {
        /** The columns to keep, in the order they should have (each in range, no repeats). */
        int[] select(CsrMatrix logExpression);

        /**
         * The seurat-flavour highly variable genes of scanpy ({@code highly_variable_genes(flavor='seurat',
         * n_top_genes=nTop)}, {@link HighlyVariableGenes}) on log data of the given base, as the real-data scripts
         * select them (spec section 1 step 5); the chosen columns in increasing order.
         */
        static GeneSelector seurat(int nTop, LogBase base) {
            if (nTop <= 0) throw new IllegalArgumentException("GeneSelector.seurat: nTop must be > 0, got " + nTop);
            return x -> {
                HighlyVariableGenes.Options o =
                        HighlyVariableGenes.Options.DEFAULT.withNTopGenes(Math.min(nTop, x.cols()));
                boolean[] hv = HighlyVariableGenes.compute(Matrix.of(x), o, null, null,
                        base == LogBase.TWO ? 2.0 : null).highlyVariable();
                int count = 0;
                for (boolean b : hv) if (b) count++;
                int[] out = new int[count];
                for (int j = 0, at = 0; j < hv.length; j++) if (hv[j]) out[at++] = j;
                return out;
            };
        }

        /** Keeps every gene. */
        static GeneSelector all() {
            return x -> {
                int[] all = new int[x.cols()];
                for (int j = 0; j < all.length; j++) all[j] = j;
                return all;
            };
        }
    }

    /** Steps 1 to 5 on a cells x genes count matrix (not modified). */
    public static CellGeneHypergraph prepare(CsrMatrix counts, LogBase base, GeneSelector selector) {
        if (selector == null) throw new IllegalArgumentException("HypergraphPreprocessing.prepare: selector is null");
        CellGeneHypergraph nonEmpty = CellGeneHypergraph.of(logCpm(counts, base));
        CsrMatrix x = nonEmpty.byCell();
        int[] selected = selector.select(x);
        checkSelection(selected, x.cols());
        if (isIdentity(selected, x.cols())) return nonEmpty; // every gene kept in order: nothing to copy
        int[] geneIds = new int[selected.length];
        for (int j = 0; j < selected.length; j++) geneIds[j] = nonEmpty.geneIds()[selected[j]];
        return CellGeneHypergraph.of(x.selectColumns(selected), nonEmpty.cellIds(), geneIds, counts.rows(),
                counts.cols(), nonEmpty.droppedCells(), nonEmpty.droppedGenes());
    }

    /** {@code log(1 + cpm(counts))} in the given base: steps 1 and 2 (same sparsity pattern as the input). */
    public static CsrMatrix logCpm(CsrMatrix counts, LogBase base) {
        CsrMatrix x = cpm(counts);
        float[] v = x.values();
        double scale = base == LogBase.TWO ? 1 / Math.log(2) : 1;
        for (int p = 0; p < v.length; p++) v[p] = (float) (Math.log1p(v[p]) * scale);
        return x;
    }

    /** Counts per million per cell: {@code 1e6 c / Σ c} (a cell summing to 0 is divided by 1). */
    public static CsrMatrix cpm(CsrMatrix counts) {
        if (counts == null) throw new IllegalArgumentException("HypergraphPreprocessing.cpm: counts is null");
        int[] ip = counts.indptr(), ix = counts.indices();
        float[] in = counts.values(), out = new float[in.length];
        for (int r = 0; r < counts.rows(); r++) {
            double sum = 0;
            for (int p = ip[r]; p < ip[r + 1]; p++) {
                float c = in[p];
                if (!(c >= 0 && c < Float.POSITIVE_INFINITY))
                    throw new IllegalArgumentException("HypergraphPreprocessing: the count of cell " + r + ", gene "
                            + ix[p] + " is " + c + "; expected finite values >= 0");
                sum += c;
            }
            double f = 1e6 / (sum == 0 ? 1 : sum);
            for (int p = ip[r]; p < ip[r + 1]; p++) out[p] = (float) (in[p] * f);
        }
        return new CsrMatrix(counts.rows(), counts.cols(), ip.clone(), ix.clone(), out);
    }

    private static boolean isIdentity(int[] selected, int genes) {
        if (selected.length != genes) return false;
        for (int j = 0; j < selected.length; j++) if (selected[j] != j) return false;
        return true;
    }

    private static void checkSelection(int[] selected, int genes) {
        if (selected == null) throw new IllegalArgumentException("HypergraphPreprocessing: the selector returned null");
        boolean[] seen = new boolean[genes];
        for (int j = 0; j < selected.length; j++) {
            int g = selected[j];
            if (g < 0 || g >= genes)
                throw new IndexOutOfBoundsException("HypergraphPreprocessing: selected gene " + g + " at position " + j
                        + " is outside [0, " + genes + ")");
            if (seen[g])
                throw new IllegalArgumentException("HypergraphPreprocessing: gene " + g + " is selected twice");
            seen[g] = true;
        }
    }
}
