package org.genex.nn;

import static org.genex.tensor.TestTensors.assertClose;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.genex.autodiff.Var;
import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MLPTest {

    @Test
    void namesShapesAndTheComposition() {
        MLP mlp = new MLP(Rng.seeded(1), 3, 5, 4, 2);
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
                "layers.2.weight", "layers.2.bias"), LayerCheck.names(mlp));
        assertEquals(Shape.of(4, 5), mlp.namedParameters().get("layers.1.weight").shape());
        Tensor x = LayerCheck.random(2, 2f, 6, 3);
        Var y = mlp.forward(Var.of(x));
        assertEquals(Shape.of(6, 2), y.shape());
        ModuleList<Linear> ls = mlp.layers();
        Var e = ls.get(2).forward(ls.get(1).forward(ls.get(0).forward(Var.of(x)).relu()).relu());
        assertArrayEquals(e.value().toArray(), y.value().toArray());
        // batch axes pass through
        assertEquals(Shape.of(2, 3, 2), mlp.forward(Var.of(LayerCheck.random(3, 2, 3, 3))).shape());
    }

    @Test
    void activationAndDropoutSitBetweenTheLayers() {
        MLP mlp = new MLP(new int[]{4, 8, 8, 3}, new Tanh(), 0.5f, true, Rng.seeded(3));
        Tensor x = LayerCheck.random(4, 5, 4);
        mlp.eval();
        ModuleList<Linear> ls = mlp.layers();
        Var e = ls.get(2).forward(ls.get(1).forward(ls.get(0).forward(Var.of(x)).tanh()).tanh());
        assertArrayEquals(e.value().toArray(), mlp.forward(Var.of(x)).value().toArray(), "eval: no dropout");
        mlp.train();
        float[] a = mlp.forward(Var.of(x)).value().toArray();
        assertEquals(2, mlp.dropout().calls(), "one mask after each of the two hidden layers");
        assertFalse(java.util.Arrays.equals(e.value().toArray(), a));
        // the same masks again with the counter rewound; by hand: dropout(act(.)) at both hidden layers
        mlp.dropout().setCalls(0);
        assertArrayEquals(a, mlp.forward(Var.of(x)).value().toArray());
        mlp.dropout().setCalls(0);
        Dropout d = mlp.dropout();
        Var h = d.forward(ls.get(1).forward(d.forward(ls.get(0).forward(Var.of(x)).tanh())).tanh());
        assertArrayEquals(a, ls.get(2).forward(h).value().toArray());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        MLP mlp = new MLP(new int[]{3, 4, 2}, new GELU(), 0f, true, Rng.seeded(5));
        LayerCheck.gradCheck(mlp, v -> mlp.forward(v[0]), LayerCheck.random(6, 2, 3));
        MLP noBias = new MLP(new int[]{2, 3}, new SiLU(), 0f, false, Rng.seeded(5));
        assertEquals(List.of("layers.0.weight"), LayerCheck.names(noBias));
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> new MLP(Rng.seeded(1), 3));
        MLP mlp = new MLP(Rng.seeded(1), 3, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> mlp.forward(Var.of(Tensor.zeros(2, 4))));
        assertTrue(e.getMessage().contains("[2, 4]"), e.getMessage());
    }
}
