package org.genex.algorithms.hypergraph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.genex.algorithms.hypergraph.HypergraphPreprocessing.GeneSelector;
import org.genex.algorithms.hypergraph.HypergraphPreprocessing.LogBase;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class HypergraphPreprocessingTest {
    // 4 cells x 5 genes; cell 2 is all zero, gene 4 is all zero
    static final float[] COUNTS = {
            3, 0, 1, 0, 0,
            0, 5, 5, 10, 0,
            0, 0, 0, 0, 0,
            2, 0, 0, 1, 0};

    static CsrMatrix counts() { return CsrMatrix.fromDense(Tensor.wrap(COUNTS.clone(), 4, 5)); }

    @Test
    void logCpmFollowsTheScripts() {
        float[] ln = HypergraphPreprocessing.logCpm(counts(), LogBase.NATURAL).toDense().toArray();
        float[] l2 = HypergraphPreprocessing.logCpm(counts(), LogBase.TWO).toDense().toArray();
        for (int v = 0; v < 4; v++) {
            double sum = 0;
            for (int e = 0; e < 5; e++) sum += COUNTS[v * 5 + e];
            for (int e = 0; e < 5; e++) {
                double cpm = 1e6 * COUNTS[v * 5 + e] / (sum == 0 ? 1 : sum);
                assertEquals(Math.log(cpm + 1), ln[v * 5 + e], 1e-5 * Math.log(cpm + 1) + 1e-7);
                assertEquals(Math.log(cpm + 1) / Math.log(2), l2[v * 5 + e], 1e-5 * Math.log(cpm + 1) + 1e-7);
            }
        }
    }

    @Test
    void prepareDropsEmptiesSelectsGenesAndKeepsIds() {
        CellGeneHypergraph all = HypergraphPreprocessing.prepare(counts(), LogBase.NATURAL, GeneSelector.all());
        assertEquals(3, all.cells());
        assertEquals(4, all.genes());
        assertEquals(1, all.droppedCells());
        assertEquals(1, all.droppedGenes());
        assertArrayEquals(new int[] {0, 1, 3}, all.cellIds());
        assertArrayEquals(new int[] {0, 1, 2, 3}, all.geneIds());
        assertEquals((float) Math.log(1 + 1e6 * 3 / 4), all.byCell().values()[0], 1e-4);

        // keep genes 3 and 1 (of the non-empty genes): cell 0 (genes 0, 2) becomes empty
        CellGeneHypergraph sel = HypergraphPreprocessing.prepare(counts(), LogBase.TWO, x -> new int[] {3, 1});
        assertEquals(2, sel.cells());
        assertArrayEquals(new int[] {1, 3}, sel.cellIds());
        assertArrayEquals(new int[] {3, 1}, sel.geneIds());
        assertEquals(2, sel.droppedCells(), "the all-zero cell and the cell emptied by the selection");
        assertEquals(1, sel.droppedGenes());
        assertEquals(5, sel.inputGenes());
        assertTrue(sel.toString().contains("2 cells x 2 genes"));
    }

    @Test
    void seuratSelectorTakesScanpysTopGenes() {
        java.util.Random rnd = new java.util.Random(2);
        float[] d = new float[80 * 30];
        for (int i = 0; i < d.length; i++) if (rnd.nextDouble() < 0.4) d[i] = 1 + rnd.nextInt(1 + (i % 30) * 3);
        CsrMatrix counts = CsrMatrix.fromDense(Tensor.wrap(d, 80, 30));
        CellGeneHypergraph h = HypergraphPreprocessing.prepare(counts, LogBase.NATURAL,
                GeneSelector.seurat(10, LogBase.NATURAL));
        CsrMatrix x = CellGeneHypergraph.of(HypergraphPreprocessing.logCpm(counts, LogBase.NATURAL)).byCell();
        boolean[] hv = org.genex.data.pp.HighlyVariableGenes.compute(org.genex.data.Matrix.of(x),
                org.genex.data.pp.HighlyVariableGenes.Options.DEFAULT.withNTopGenes(10), null, null, null)
                .highlyVariable();
        int at = 0;
        for (int j = 0; j < hv.length; j++) if (hv[j]) assertEquals(j, h.geneIds()[at++], "selected gene " + at);
        assertEquals(at, h.genes());
        assertTrue(at >= 10, "scanpy keeps the genes tied with the 10th: " + at);
        // log2 data: the selector undoes log2, not ln, before the dispersions
        assertTrue(HypergraphPreprocessing.prepare(counts, LogBase.TWO, GeneSelector.seurat(10, LogBase.TWO))
                .genes() >= 10);
        assertThrows(IllegalArgumentException.class, () -> GeneSelector.seurat(0, LogBase.TWO));
    }

    @Test
    void badInputIsRejected() {
        float[] neg = COUNTS.clone();
        neg[7] = -2;
        var e = assertThrows(IllegalArgumentException.class, () -> HypergraphPreprocessing.prepare(
                CsrMatrix.fromDense(Tensor.wrap(neg, 4, 5)), LogBase.NATURAL, GeneSelector.all()));
        assertTrue(e.getMessage().contains("cell 1, gene 2"), e.getMessage());
        float[] nan = COUNTS.clone();
        nan[0] = Float.NaN;
        assertThrows(IllegalArgumentException.class,
                () -> HypergraphPreprocessing.cpm(CsrMatrix.fromDense(Tensor.wrap(nan, 4, 5))));
        assertThrows(IndexOutOfBoundsException.class,
                () -> HypergraphPreprocessing.prepare(counts(), LogBase.NATURAL, x -> new int[] {4}));
        assertThrows(IllegalArgumentException.class,
                () -> HypergraphPreprocessing.prepare(counts(), LogBase.NATURAL, x -> new int[] {1, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> HypergraphPreprocessing.prepare(counts(), LogBase.NATURAL, x -> null));
    }
}
