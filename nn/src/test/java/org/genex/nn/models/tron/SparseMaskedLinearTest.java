package org.genex.nn.models.tron;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.genex.autodiff.GradCheck;
import org.genex.autodiff.SparseOps;
import org.genex.autodiff.Var;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Test;

class SparseMaskedLinearTest {
    private static final CsrMatrix G = TronGraphs.random(11, 13, 7);

    private static SparseMaskedLinear randomLayer(CsrMatrix g, long seed) {
        SparseMaskedLinear l = new SparseMaskedLinear(g, SparseMaskedLinear.WeightInit.NORMAL, Rng.seeded(seed));
        l.bias().copyFrom(TestTensors.random(new Random(seed), g.rows()));
        return l;
    }

    @Test
    void gradCheckOfTheSparseOpOnInputEdgesAndBias() {
        Random rnd = new Random(1);
        Tensor x = TestTensors.random(rnd, 5, G.cols()), w = TestTensors.random(rnd, G.nnz()),
                b = TestTensors.random(rnd, G.rows());
        GradCheck.check(v -> SparseOps.sparseLinear(v[0], v[1], v[2], G), x, w, b);
        GradCheck.check(v -> SparseOps.sparseLinear(v[0], v[1], null, G).tanh(), x, w);
    }

    @Test
    void forwardMatchesADoubleReference() {
        Random rnd = new Random(2);
        SparseMaskedLinear l = randomLayer(G, 2);
        Tensor x = TestTensors.random(rnd, 6, G.cols());
        float[] y = l.forward(Var.of(x)).value().toArray(), w = l.weight().value().toArray(),
                b = l.bias().value().toArray(), xx = x.toArray();
        for (int n = 0; n < 6; n++)
            for (int i = 0; i < G.rows(); i++) {
                double s = b[i];
                for (int e = G.indptr()[i]; e < G.indptr()[i + 1]; e++) s += (double) w[e] * xx[n * G.cols() + G.indices()[e]];
                assertEquals(s, y[n * G.rows() + i], 1e-5, "y[" + n + ", " + i + "]");
            }
    }

    /**
     * The dense W (.) B form, differentiated with respect to every entry of the dense W: finite differences agree on
     * edges (GradCheck), the gradient is exactly 0 on every non-edge, and on edges it equals the sparse layer's.
     */
    @Test
    void gradientAgreesWithFiniteDifferencesOnEdgesAndIsExactlyZeroElsewhere() {
        Random rnd = new Random(3);
        SparseMaskedLinear sparse = randomLayer(G, 3);
        MaskedDenseLinear dense = MaskedDenseLinear.of(sparse);
        Tensor x = TestTensors.random(rnd, 4, G.cols()), mask = sparse.denseMask();
        GradCheck.check(v -> v[0].matmul(v[1].mul(Var.of(mask)), false, true).add(v[2]).tanh(), x,
                dense.weight().value(), dense.bias().value());

        Tensor seed = TestTensors.random(rnd, 4, G.rows());
        Var xs = Var.param(x.copy()), xd = Var.param(x.copy());
        sparse.forward(xs).backward(seed);
        dense.forward(xd).backward(seed);
        assertArrayEquals(sparse.forward(Var.of(x)).value().toArray(), dense.forward(Var.of(x)).value().toArray(), 1e-5f);
        float[] gd = dense.weight().grad().toArray(), gs = sparse.weight().grad().toArray(), m = mask.toArray();
        int edges = 0;
        for (int i = 0; i < G.rows(); i++)
            for (int j = 0; j < G.cols(); j++) {
                float g = gd[i * G.cols() + j];
                if (m[i * G.cols() + j] == 0) assertEquals(0f, g, 0f, "non-edge (" + i + ", " + j + ")");
            }
        for (int i = 0; i < G.rows(); i++)
            for (int e = G.indptr()[i]; e < G.indptr()[i + 1]; e++, edges++)
                assertEquals(gd[i * G.cols() + G.indices()[e]], gs[e], 1e-5, "edge " + e);
        assertEquals(G.nnz(), edges);
        assertEquals(sparse.edges(), sparse.weight().size(), "one parameter per edge, none elsewhere");
        TestTensors.assertClose(dense.bias().grad(), sparse.bias().grad(), 1e-5, 1e-5);
        TestTensors.assertClose(xd.grad(), xs.grad(), 1e-5, 1e-5);
    }

    /** Sizes past the 32 x 32 transpose tiles and not multiples of 16 lanes: sparse == dense, forward and backward. */
    @Test
    void largerShapesMatchTheDenseForm() {
        CsrMatrix g = TronGraphs.random(70, 45, 12);
        Random rnd = new Random(12);
        SparseMaskedLinear sparse = randomLayer(g, 12);
        MaskedDenseLinear dense = MaskedDenseLinear.of(sparse);
        Tensor x = TestTensors.random(rnd, 37, 45), seed = TestTensors.random(rnd, 37, 70);
        Var xs = Var.param(x.copy()), xd = Var.param(x.copy());
        Var ys = sparse.forward(xs), yd = dense.forward(xd);
        TestTensors.assertClose(yd.value(), ys.value(), 1e-5, 1e-5);
        ys.backward(seed);
        yd.backward(seed);
        TestTensors.assertClose(xd.grad(), xs.grad(), 1e-5, 1e-5);
        float[] gd = dense.weight().grad().toArray(), gs = sparse.weight().grad().toArray();
        for (int i = 0; i < g.rows(); i++)
            for (int e = g.indptr()[i]; e < g.indptr()[i + 1]; e++)
                assertEquals(gd[i * g.cols() + g.indices()[e]], gs[e], 1e-4, "edge " + e);
    }

    @Test
    void oneOverDegreeInitialisationIsTheOrthologMean() {
        SparseMaskedLinear l = new SparseMaskedLinear(G, SparseMaskedLinear.WeightInit.ONE_OVER_DEGREE, Rng.seeded(0));
        Tensor x = TestTensors.random(new Random(4), 3, G.cols());
        float[] y = l.forward(Var.of(x)).value().toArray(), xx = x.toArray();
        for (int n = 0; n < 3; n++)
            for (int i = 0; i < G.rows(); i++) {
                int lo = G.indptr()[i], hi = G.indptr()[i + 1];
                double mean = 0;
                for (int e = lo; e < hi; e++) mean += xx[n * G.cols() + G.indices()[e]];
                assertEquals(hi == lo ? 0 : mean / (hi - lo), y[n * G.rows() + i], 1e-5);
            }
        float[] means = new float[G.rows()];
        java.util.Arrays.fill(means, 2.5f);
        l.setUnmappedBias(means);
        float[] b = l.bias().value().toArray();
        for (int i = 0; i < G.rows(); i++)
            assertEquals(G.indptr()[i + 1] == G.indptr()[i] ? 2.5f : 0f, b[i], "bias of source gene " + i);
    }

    @Test
    void edgeIndexBufferDescribesTheGraph() {
        SparseMaskedLinear l = randomLayer(G, 5);
        float[] ei = l.stateDict().get("edge_index").toArray();
        for (int e = 0; e < G.nnz(); e++) {
            assertEquals(l.targetOf(e), (int) ei[e]);
            assertEquals(l.sourceOf(e), (int) ei[G.nnz() + e]);
        }
        l.checkEdgeIndex();
        SparseMaskedLinear other = randomLayer(TronGraphs.random(11, 13, 99), 5);
        if (other.edges() == l.edges()) {
            other.loadStateDict(l.stateDict());
            assertThrows(IllegalStateException.class, other::checkEdgeIndex);
        }
    }

    @Test
    void badShapesAreNamed() {
        SparseMaskedLinear l = randomLayer(G, 6);
        var e = assertThrows(IllegalArgumentException.class, () -> l.forward(Var.of(Tensor.zeros(2, G.cols() + 1))));
        assertTrue(e.getMessage().contains("SparseMaskedLinear"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SparseOps.sparseLinear(Var.of(Tensor.zeros(2, G.cols())), Var.of(Tensor.zeros(G.nnz() + 1)), null, G));
    }

    @Test
    void emptyBatchAndGraphWithoutEdges() {
        CsrMatrix none = new CsrMatrix(3, 4, new int[4], new int[0], new float[0]);
        SparseMaskedLinear l = new SparseMaskedLinear(none, SparseMaskedLinear.WeightInit.ONE_OVER_DEGREE, Rng.seeded(0));
        float[] means = {1f, 2f, 3f};
        l.setUnmappedBias(means);
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, l.forward(Var.of(Tensor.zeros(2, 4))).value().toArray());
        SparseMaskedLinear g = randomLayer(G, 8);
        assertEquals(0, g.forward(Var.of(Tensor.zeros(0, G.cols()))).size());
    }
}
