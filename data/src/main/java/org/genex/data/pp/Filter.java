package org.genex.data.pp;

import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.Matrix;

/**
 * Cell and gene filters, as scanpy's {@code pp.filter_cells} and {@code pp.filter_genes}: keep the cells (genes)
 * whose total counts or number of detected genes (cells) lie within inclusive bounds. A gene counts as detected in
 * a cell when its value is {@code > 0} (scanpy's {@code X > 0}).
 *
 * <p>Differences from scanpy: scanpy accepts exactly one bound per call; genex accepts any non-empty combination
 * and keeps what passes all of them, which is what successive scanpy calls give (a cell's totals do not depend on
 * the other cells). An AnnData cannot shrink in place, so the AnnData methods return the subset; they also write
 * scanpy's columns ({@code n_counts} for count bounds, {@code n_genes} / {@code n_cells} for detection bounds) on
 * the input, before subsetting, as scanpy does.
 */
public final class Filter {
    private Filter() {}

    /**
     * The outcome for each cell (gene): {@code keep}, and its total counts and detected genes (cells), in double /
     * as counts.
     */
    public record Result(boolean[] keep, double[] counts, int[] detected) {
        /** How many are kept. */
        public int kept() {
            int n = 0;
            for (boolean b : keep) if (b) n++;
            return n;
        }
    }

    /**
     * Inclusive bounds on total counts and on the number of detected genes (for cells) or cells (for genes); null
     * leaves a bound out. At least one must be given.
     */
    public record Bounds(Double minCounts, Integer minDetected, Double maxCounts, Integer maxDetected) {
        public Bounds {
            if (minCounts == null && minDetected == null && maxCounts == null && maxDetected == null)
                throw new IllegalArgumentException("filter: give at least one of min_counts, min_genes/min_cells, "
                        + "max_counts, max_genes/max_cells");
        }

        boolean passes(double counts, int detected) {
            return (minCounts == null || counts >= minCounts) && (maxCounts == null || counts <= maxCounts)
                    && (minDetected == null || detected >= minDetected)
                    && (maxDetected == null || detected <= maxDetected);
        }

        boolean onCounts() { return minCounts != null || maxCounts != null; }
        boolean onDetected() { return minDetected != null || maxDetected != null; }
    }

    /**
     * {@code sc.pp.filter_cells(adata, min_counts=, min_genes=, max_counts=, max_genes=)}: writes
     * {@code obs["n_counts"]} and/or {@code obs["n_genes"]} on {@code adata} and returns the cells that pass (all
     * aligned elements and raw subset with them). Null arguments are left out.
     */
    public static AnnData filterCells(AnnData adata, Double minCounts, Integer minGenes, Double maxCounts,
                                      Integer maxGenes) {
        Bounds b = new Bounds(minCounts, minGenes, maxCounts, maxGenes);
        Result r = cells(adata.requireX(), b);
        if (b.onCounts()) adata.obs().put("n_counts", r.counts());
        if (b.onDetected()) adata.obs().put("n_genes", longs(r.detected()));
        return adata.selectObs(r.keep());
    }

    /** {@code sc.pp.filter_cells(adata, min_genes=n)}: cells with at least n detected genes. */
    public static AnnData filterCellsMinGenes(AnnData adata, int minGenes) {
        return filterCells(adata, null, minGenes, null, null);
    }

    /** {@code sc.pp.filter_cells(adata, min_counts=n)}: cells with total counts of at least n. */
    public static AnnData filterCellsMinCounts(AnnData adata, double minCounts) {
        return filterCells(adata, minCounts, null, null, null);
    }

    /**
     * {@code sc.pp.filter_genes(adata, min_counts=, min_cells=, max_counts=, max_cells=)}: writes
     * {@code var["n_counts"]} and/or {@code var["n_cells"]} on {@code adata} and returns the genes that pass
     * ({@code raw} keeps all its genes, as in anndata).
     */
    public static AnnData filterGenes(AnnData adata, Double minCounts, Integer minCells, Double maxCounts,
                                      Integer maxCells) {
        Bounds b = new Bounds(minCounts, minCells, maxCounts, maxCells);
        Result r = genes(adata.requireX(), b);
        if (b.onCounts()) adata.var().put("n_counts", r.counts());
        if (b.onDetected()) adata.var().put("n_cells", longs(r.detected()));
        return adata.selectVars(r.keep());
    }

    /** {@code sc.pp.filter_genes(adata, min_cells=n)}: genes detected in at least n cells. */
    public static AnnData filterGenesMinCells(AnnData adata, int minCells) {
        return filterGenes(adata, null, minCells, null, null);
    }

    /** {@code sc.pp.filter_genes(adata, min_counts=n)}: genes with total counts of at least n. */
    public static AnnData filterGenesMinCounts(AnnData adata, double minCounts) {
        return filterGenes(adata, minCounts, null, null, null);
    }

    /** scanpy's {@code filter_cells} on a matrix (inplace=False): which rows pass, with their totals. */
    public static Result cells(Matrix x, Bounds b) { return apply(MatrixStats.rows(x), b); }

    /** scanpy's {@code filter_genes} on a matrix (inplace=False): which columns pass, with their totals. */
    public static Result genes(Matrix x, Bounds b) { return apply(MatrixStats.columns(x), b); }

    private static Result apply(MatrixStats.Moments m, Bounds b) {
        boolean[] keep = new boolean[m.sum().length];
        for (int i = 0; i < keep.length; i++) keep[i] = b.passes(m.sum()[i], m.positive()[i]);
        return new Result(keep, m.sum(), m.positive());
    }

    private static Column.Ints longs(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return new Column.Ints(out);
    }
}
