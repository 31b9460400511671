package org.genex.algorithms.hypergraph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CellGeneHypergraphTest {

    @Test
    void buildsBothIncidenceViewsAndTotals() {
        float[] d = {
                1, 0, 2, 0,
                0, 0, 0, 0,   // empty cell
                0, 3, 0.5f, 0,
                4, 0, 0, 0};  // gene 3 is empty
        CellGeneHypergraph h = CellGeneHypergraph.of(CsrMatrix.fromDense(Tensor.wrap(d, 4, 4)));
        assertEquals(3, h.cells());
        assertEquals(3, h.genes());
        assertEquals(5, h.nnz());
        assertEquals(1, h.droppedCells());
        assertEquals(1, h.droppedGenes());
        assertArrayEquals(new int[] {0, 2, 3}, h.cellIds());
        assertArrayEquals(new int[] {0, 1, 2}, h.geneIds());
        assertEquals(3, h.cellTotal(0));
        assertEquals(3.5, h.cellTotal(1));
        assertEquals(5, h.geneTotal(0));
        assertEquals(2.5, h.geneTotal(2));
        // by gene: gene 0 holds cells 0 and 2 (input cells 0 and 3)
        CsrMatrix g = h.byGene();
        assertArrayEquals(new int[] {0, 2}, java.util.Arrays.copyOfRange(g.indices(), g.indptr()[0], g.indptr()[1]));
        assertTrue(h.toString().contains("dropped 1 empty cells and 1 empty genes"));
    }

    @Test
    void storedZerosAreNotIncidencesAndDuplicatesAreSummed() {
        // row 0: an explicit zero at gene 1 and a duplicate at gene 2 (unsorted); row 1: only a stored zero
        CsrMatrix x = new CsrMatrix(3, 3, new int[] {0, 4, 5, 6}, new int[] {2, 1, 0, 2, 0, 1},
                new float[] {1, 0, 2, 0.5f, 0, 7});
        CellGeneHypergraph h = CellGeneHypergraph.of(x);
        assertEquals(2, h.cells());
        assertEquals(1, h.droppedCells());
        assertEquals(3, h.genes());
        assertTrue(h.byCell().canonical());
        assertArrayEquals(new int[] {0, 2}, java.util.Arrays.copyOfRange(h.byCell().indices(), 0, 2));
        assertEquals(1.5f, h.byCell().values()[1]);
        assertArrayEquals(new int[] {0, 2}, h.cellIds());
    }

    @Test
    void badValuesAreRejectedWithTheirPosition() {
        for (float bad : new float[] {Float.NaN, -1, Float.POSITIVE_INFINITY}) {
            float[] d = {1, 2, 3, bad};
            var e = assertThrows(IllegalArgumentException.class,
                    () -> CellGeneHypergraph.of(CsrMatrix.fromDense(Tensor.wrap(d, 2, 2))));
            assertTrue(e.getMessage().contains("cell 1, gene 1"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class,
                () -> CellGeneHypergraph.of(CsrMatrix.fromDense(Tensor.zeros(3, 2))));
        assertThrows(IllegalArgumentException.class, () -> CellGeneHypergraph.of(null));
    }
}
