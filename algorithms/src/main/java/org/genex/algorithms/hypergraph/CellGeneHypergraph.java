package org.genex.algorithms.hypergraph;

import org.genex.tensor.CsrMatrix;

/**
 * The cell-gene hypergraph of an expression matrix (spec section 2): nodes are cells, hyperedges are genes, gene
 * {@code e} contains cell {@code v} iff {@code Γ[e,v] > 0}, and the edge-dependent vertex weight is the expression
 * value itself, {@code γ_e(v) = Γ[e,v]} (log-CPM after {@link HypergraphPreprocessing}).
 *
 * <p>Held twice, as sparse matrices with only the positive entries, canonical (sorted column indices): by cell
 * ({@link #byCell()}, cells x genes: row v lists the genes of cell v with their weights) and by gene
 * ({@link #byGene()}, genes x cells: row e lists the cells of hyperedge e). Memory is about 16 bytes per non-zero;
 * nothing of size cells x cells is ever formed. Also kept: the cell totals {@code S_v = Σ_e Γ[e,v]} and the gene
 * totals {@code T_e = Σ_v Γ[e,v]}, in double.
 *
 * <p><b>Input handling.</b> {@link #of} takes a cells x genes matrix. Values must be finite and {@code >= 0}: a NaN,
 * infinite or negative value is rejected with an {@link IllegalArgumentException} naming its cell and gene. Stored
 * zeros are not incidences and are dropped. Cells with no positive value (they could never be left or reached by a
 * walk) and genes with no positive value (empty hyperedges) are dropped: their numbers are reported by
 * {@link #droppedCells()} and {@link #droppedGenes()}, and {@link #cellIds()} / {@link #geneIds()} map the kept ones
 * back to the rows / columns of the input. Duplicate entries of a non-canonical input are summed, as scipy does.
 */
public final class CellGeneHypergraph {
    private final CsrMatrix byCell, byGene;
    private final double[] cellTotals, geneTotals;
    private final int[] cellIds, geneIds;
    private final int inputCells, inputGenes, droppedCells, droppedGenes;

    private CellGeneHypergraph(CsrMatrix byCell, int[] cellIds, int[] geneIds, int inputCells, int inputGenes,
                               int droppedCells, int droppedGenes) {
        this.byCell = byCell;
        this.byGene = byCell.transpose();
        this.cellTotals = byCell.rowSums();
        this.geneTotals = byCell.columnSums();
        this.cellIds = cellIds;
        this.geneIds = geneIds;
        this.inputCells = inputCells;
        this.inputGenes = inputGenes;
        this.droppedCells = droppedCells;
        this.droppedGenes = droppedGenes;
    }

    /**
     * The hypergraph of a cells x genes expression matrix (not modified).
     *
     * @throws IllegalArgumentException for a NaN, infinite or negative value (naming its cell and gene), or if no
     *                                  positive value is left
     */
    public static CellGeneHypergraph of(CsrMatrix cellsByGenes) {
        if (cellsByGenes == null) throw new IllegalArgumentException("CellGeneHypergraph.of: matrix is null");
        return of(cellsByGenes, identity(cellsByGenes.rows()), identity(cellsByGenes.cols()),
                cellsByGenes.rows(), cellsByGenes.cols(), 0, 0);
    }

    /**
     * The hypergraph of {@code x}, whose row i is cell {@code rowIds[i]} and column j gene {@code colIds[j]} of an
     * input of {@code inputCells x inputGenes}; {@code cellsBefore} / {@code genesBefore} empty ones were dropped
     * earlier (by {@link HypergraphPreprocessing}).
     */
    static CellGeneHypergraph of(CsrMatrix x, int[] rowIds, int[] colIds, int inputCells, int inputGenes,
                                 int cellsBefore, int genesBefore) {
        int rows = x.rows(), cols = x.cols();
        int[] ip = x.indptr(), ix = x.indices();
        float[] val = x.values();
        int[] rowPositive = new int[rows], colPositive = new int[cols];
        for (int r = 0; r < rows; r++)
            for (int p = ip[r]; p < ip[r + 1]; p++) {
                float v = val[p];
                if (!(v >= 0 && v < Float.POSITIVE_INFINITY))
                    throw new IllegalArgumentException("CellGeneHypergraph: the expression value of cell "
                            + rowIds[r] + ", gene " + colIds[ix[p]] + " is " + v
                            + "; expected finite values >= 0 (counts or log-normalised counts)");
                if (v > 0) {
                    rowPositive[r]++;
                    colPositive[ix[p]]++;
                }
            }
        int[] newCol = new int[cols];
        int keptGenes = 0;
        for (int c = 0; c < cols; c++) newCol[c] = colPositive[c] > 0 ? keptGenes++ : -1;
        int keptCells = 0;
        long nnz = 0;
        for (int r = 0; r < rows; r++)
            if (rowPositive[r] > 0) {
                keptCells++;
                nnz += rowPositive[r];
            }
        if (nnz == 0)
            throw new IllegalArgumentException("CellGeneHypergraph: the matrix (" + rows + " cells x " + cols
                    + " genes) has no positive value");
        int[] indptr = new int[keptCells + 1], indices = new int[(int) nnz], cellIds = new int[keptCells];
        float[] values = new float[(int) nnz];
        int[] geneIds = new int[keptGenes];
        for (int c = 0; c < cols; c++) if (newCol[c] >= 0) geneIds[newCol[c]] = colIds[c];
        int row = 0, at = 0;
        for (int r = 0; r < rows; r++) {
            if (rowPositive[r] == 0) continue;
            cellIds[row] = rowIds[r];
            for (int p = ip[r]; p < ip[r + 1]; p++)
                if (val[p] > 0) {
                    indices[at] = newCol[ix[p]];
                    values[at++] = val[p];
                }
            indptr[++row] = at;
        }
        CsrMatrix m = new CsrMatrix(keptCells, keptGenes, indptr, indices, values);
        if (!m.canonical()) m = canonicalize(m);
        return new CellGeneHypergraph(m, cellIds, geneIds, inputCells, inputGenes,
                cellsBefore + rows - keptCells, genesBefore + cols - keptGenes);
    }

    /** Sorts the columns of each row and sums duplicates (through the COO constructor). */
    private static CsrMatrix canonicalize(CsrMatrix m) {
        int n = m.nnz();
        int[] r = new int[n];
        for (int i = 0; i < m.rows(); i++)
            for (int p = m.indptr()[i]; p < m.indptr()[i + 1]; p++) r[p] = i;
        return CsrMatrix.fromCoo(m.rows(), m.cols(), r, m.indices(), m.values());
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    /** The number of cells (nodes). */
    public int cells() { return byCell.rows(); }

    /** The number of genes (hyperedges). */
    public int genes() { return byCell.cols(); }

    /** The number of incidences (positive entries). */
    public int nnz() { return byCell.nnz(); }

    /** Cells x genes, positive entries only, canonical: row v holds {@code γ_e(v)} for the genes e of cell v. */
    public CsrMatrix byCell() { return byCell; }

    /** Genes x cells, positive entries only, canonical: row e holds {@code Γ[e,w]} for the cells w of gene e. */
    public CsrMatrix byGene() { return byGene; }

    /** {@code S_v}: the total expression of cell v over the genes of the hypergraph. */
    public double cellTotal(int v) { return cellTotals[v]; }

    /** {@code T_e}: the total expression of gene e over the cells of the hypergraph (also δ(e) and ω(e) of EDHW). */
    public double geneTotal(int e) { return geneTotals[e]; }

    /** The row of the input matrix of each cell (the array itself). */
    public int[] cellIds() { return cellIds; }

    /** The column of the input matrix of each gene (the array itself). */
    public int[] geneIds() { return geneIds; }

    /** Rows of the input matrix (before any cell was dropped). */
    public int inputCells() { return inputCells; }

    /** Columns of the input matrix (before genes were dropped or selected). */
    public int inputGenes() { return inputGenes; }

    /** Cells dropped because they had no positive value (in the input, or after gene selection). */
    public int droppedCells() { return droppedCells; }

    /**
     * Genes dropped because they had no positive value. Genes left out by a gene selection
     * ({@link HypergraphPreprocessing}) are not counted here: {@code inputGenes() - genes() - droppedGenes()}.
     */
    public int droppedGenes() { return droppedGenes; }

    @Override
    public String toString() {
        return "CellGeneHypergraph[" + cells() + " cells x " + genes() + " genes, " + nnz() + " incidences; dropped "
                + droppedCells + " empty cells and " + droppedGenes + " empty genes of " + inputCells + " x "
                + inputGenes + "]";
    }
}
