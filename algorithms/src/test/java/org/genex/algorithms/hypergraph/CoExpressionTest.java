package org.genex.algorithms.hypergraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CoExpressionTest {
    static final CellGeneHypergraph H = CellGeneHypergraph.of(Oracle.randomExpression(15, 9, 0.4, 4));
    static final double[][] G = Oracle.gamma(H);

    static double[][] dense(CsrMatrix m) {
        double[][] d = new double[m.rows()][m.cols()];
        for (int i = 0; i < m.rows(); i++)
            for (int p = m.indptr()[i]; p < m.indptr()[i + 1]; p++) d[i][m.indices()[p]] = m.values()[p];
        return d;
    }

    static void assertMatrix(double[][] expected, double[][] actual, String what) {
        for (int i = 0; i < expected.length; i++)
            for (int j = 0; j < expected.length; j++)
                assertEquals(expected[i][j], actual[i][j], 1e-6, what + "[" + i + "][" + j + "]");
    }

    @Test
    void fullNetworksAreAbsolutePearsonWithoutDiagonal() {
        CsrMatrix genes = CoExpression.geneNetwork(H, CoExpressionNetwork.full());
        assertEquals(9 * 8, genes.nnz());
        assertMatrix(Oracle.absCorrelation(G), dense(genes), "genes");
        CsrMatrix cells = CoExpression.cellNetwork(H, CoExpressionNetwork.full());
        assertMatrix(Oracle.absCorrelation(Oracle.transpose(G)), dense(cells), "cells");
    }

    @Test
    void topKKeepsTheStrongestPartners() {
        CsrMatrix cells = CoExpression.cellNetwork(H, CoExpressionNetwork.topK(4));
        assertEquals(15 * 4, cells.nnz());
        assertEquals(true, cells.canonical());
        assertMatrix(Oracle.topK(Oracle.absCorrelation(Oracle.transpose(G)), 4), dense(cells), "cells top-4");
        CsrMatrix genes = CoExpression.geneNetwork(H, CoExpressionNetwork.topK(100)); // more than there are
        assertEquals(9 * 8, genes.nnz());
    }

    @Test
    void onDemandCellCorrelationsMatch() {
        var corr = new CoExpression.CellCorrelation(H, CoExpression.CellCorrelation.stats(H));
        double[][] c = Oracle.absCorrelation(Oracle.transpose(G));
        for (int v : new int[] {0, 3, 3, 14, 0})
            for (int w = 0; w < 15; w++) if (w != v) assertEquals(c[v][w], corr.abs(v, w), 1e-9, v + "," + w);
    }

    @Test
    void constantRowsCorrelateZero() {
        // cell 0 expresses every gene at 2: zero variance over genes
        float[] d = {2, 2, 2, 1, 0, 3, 0, 4, 1};
        CellGeneHypergraph h = CellGeneHypergraph.of(CsrMatrix.fromDense(Tensor.wrap(d, 3, 3)));
        double[][] c = dense(CoExpression.cellNetwork(h, CoExpressionNetwork.full()));
        assertEquals(0, c[0][1]);
        assertEquals(0, c[2][0]);
        assertEquals(Oracle.absCorrelation(Oracle.transpose(Oracle.gamma(h)))[1][2], c[1][2], 1e-6);
    }

    @Test
    void givenNetworksAreCheckedAndLoseTheirDiagonal() {
        float[] w = new float[9 * 9];
        w[0] = 5;
        w[1] = 1;
        w[9 + 3] = 2;
        CsrMatrix net = CoExpression.geneNetwork(H,
                CoExpressionNetwork.given(CsrMatrix.fromDense(Tensor.wrap(w, 9, 9))));
        assertEquals(2, net.nnz());
        assertEquals(0, dense(net)[0][0]);
        assertThrows(IllegalArgumentException.class, () -> CoExpression.geneNetwork(H,
                CoExpressionNetwork.given(CsrMatrix.fromDense(Tensor.zeros(8, 8)))));
        w[2] = -1;
        assertThrows(IllegalArgumentException.class, () -> CoExpression.geneNetwork(H,
                CoExpressionNetwork.given(CsrMatrix.fromDense(Tensor.wrap(w, 9, 9)))));
        assertThrows(IllegalArgumentException.class, () -> CoExpressionNetwork.topK(0));
    }
}
