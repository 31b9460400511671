package org.genex.data.pp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.Matrix;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** filter_cells / filter_genes: inclusive bounds, scanpy's columns, subsetting of the aligned elements. */
class FilterTest {
    //   genes:   g0 g1 g2 g3
    // c0          1  0  2  0    total 3, 2 genes
    // c1          0  0  0  0    total 0, 0 genes
    // c2          5  1  1  0    total 7, 3 genes
    // c3         -1  0  4  0    total 3, 1 gene (> 0)
    private static AnnData data() {
        AnnData a = new AnnData(Matrix.dense(4, 4, 1, 0, 2, 0, 0, 0, 0, 0, 5, 1, 1, 0, -1, 0, 4, 0));
        a.obsm().put("X_pca", Matrix.of(Tensor.wrap(new float[]{0, 1, 2, 3}, 4, 1)));
        return a;
    }

    @Test
    void cellBoundsAreInclusive() {
        AnnData a = data();
        AnnData kept = Filter.filterCellsMinGenes(a, 2);
        assertArrayEquals(new String[]{"0", "2"}, kept.obsNames());
        assertArrayEquals(new long[]{2, 0, 3, 1}, ((Column.Ints) a.obs().get("n_genes")).values(),
                "written on the input before subsetting, as scanpy");
        assertArrayEquals(new long[]{2, 3}, ((Column.Ints) kept.obs().get("n_genes")).values());
        assertArrayEquals(new float[]{0, 2}, kept.obsm().matrix("X_pca").dense().toArray(), 0f);

        AnnData b = data();
        AnnData c = Filter.filterCells(b, 3.0, null, 3.0, null);
        assertArrayEquals(new String[]{"0", "3"}, c.obsNames(), "min_counts = max_counts = 3 keeps totals of 3");
        assertArrayEquals(new double[]{3, 0, 7, 3}, b.obs().get("n_counts").toDoubles(), 0);
        assertFalse(b.obs().has("n_genes"));

        assertArrayEquals(new String[]{"1", "3"}, Filter.filterCells(data(), null, null, null, 1).obsNames());
        assertEquals(3, Filter.filterCellsMinCounts(data(), 1).nObs());
    }

    @Test
    void combinedBoundsWriteBothColumns() {
        AnnData a = data();
        AnnData kept = Filter.filterCells(a, 1.0, 2, null, null);
        assertArrayEquals(new String[]{"0", "2"}, kept.obsNames());
        assertTrue(kept.obs().has("n_counts") && kept.obs().has("n_genes"));
    }

    @Test
    void geneBounds() {
        AnnData a = data();
        AnnData kept = Filter.filterGenesMinCells(a, 2);
        assertArrayEquals(new String[]{"0", "2"}, kept.varNames());
        assertArrayEquals(new long[]{2, 1, 3, 0}, ((Column.Ints) a.var().get("n_cells")).values());
        AnnData byCounts = Filter.filterGenes(data(), null, null, 2.0, null);
        assertArrayEquals(new String[]{"1", "3"}, byCounts.varNames(), "max_counts 2: totals 5, 1, 7, 0");
        assertEquals(3, Filter.filterGenesMinCounts(data(), 1).nVars());
        assertEquals(4, Filter.filterGenes(data(), null, 0, null, null).nVars());
    }

    @Test
    void matrixFormReportsTotals() {
        Filter.Result r = Filter.cells(Matrix.of(data().requireX().csr()), new Filter.Bounds(null, 1, null, null));
        assertArrayEquals(new boolean[]{true, false, true, true}, r.keep());
        assertArrayEquals(new int[]{2, 0, 3, 1}, r.detected());
        assertEquals(3, r.kept());
    }

    @Test
    void atLeastOneBound() {
        assertThrows(IllegalArgumentException.class, () -> Filter.filterCells(data(), null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> Filter.filterGenes(data(), null, null, null, null));
    }
}
