package org.genex.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.genex.autodiff.Var;
import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class EmbeddingTest {

    @Test
    void looksUpRowsInTheRequestedShape() {
        Embedding e = new Embedding(6, 3, Rng.seeded(1));
        assertEquals(List.of("weight"), LayerCheck.names(e));
        assertEquals(Shape.of(6, 3), e.weight().shape());
        int[] ids = {5, 0, 2, 2, 1, 4};
        Var y = e.forward(ids, 2, 3);
        assertEquals(Shape.of(2, 3, 3), y.shape());
        Tensor w = e.weight().value();
        for (int i = 0; i < ids.length; i++)
            for (int j = 0; j < 3; j++) assertEquals(w.get(ids[i], j), y.value().get(i / 3, i % 3, j));
        assertEquals(Shape.of(6, 3), e.forward(ids).shape());
    }

    @Test
    void initialisesFromAStandardNormal() {
        Embedding e = new Embedding(200, 50, Rng.seeded(2));
        double s = 0, ss = 0;
        float[] w = e.weight().value().toArray();
        for (float v : w) {
            s += v;
            ss += v * v;
        }
        double mean = s / w.length, var = ss / w.length - mean * mean;
        assertEquals(0, mean, 0.03);                             // 10000 draws: sd of the mean 0.01
        assertEquals(1, var, 0.05);
        // the same seed gives the same table
        assertArrayEquals(w, new Embedding(200, 50, Rng.seeded(2)).weight().value().toArray());
    }

    @Test
    void thePaddingRowStartsAtZeroAndGetsNoGradient() {
        Embedding e = new Embedding(5, 4, 2, Rng.seeded(3));
        for (int j = 0; j < 4; j++) assertEquals(0f, e.weight().value().get(2, j));
        assertNotEquals(0f, e.weight().value().get(1, 0));
        int[] ids = {2, 1, 2, 3, 1};
        Var y = e.forward(ids);
        y.mul(Var.of(LayerCheck.random(4, 5, 4))).sum().backward();
        Tensor g = e.weight().grad();
        for (int j = 0; j < 4; j++) {
            assertEquals(0f, g.get(2, j), "padding row");
            assertEquals(0f, g.get(0, j), "unused row");
            assertNotEquals(0f, g.get(1, j));
        }
        // a non-zero padding row (e.g. loaded from a checkpoint) is still looked up as it is
        e.weight().copyFrom(Tensor.full(Shape.of(5, 4), 7f));
        assertEquals(7f, e.forward(new int[]{2}).value().get(0, 0));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Embedding e = new Embedding(4, 3, Rng.seeded(5));
        int[] ids = {3, 1, 3, 0};
        LayerCheck.gradCheck(e, v -> e.forward(ids, 2, 2).tanh());
    }

    @Test
    void badInputsAreNamed() {
        Embedding e = new Embedding(4, 3, Rng.seeded(6));
        var x = assertThrows(IndexOutOfBoundsException.class, () -> e.forward(new int[]{1, 4}));
        assertTrue(x.getMessage().contains("Embedding(4, 3)") && x.getMessage().contains("ids[1] = 4"), x.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.forward(new int[]{1, 2, 3}, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(4, 3, 4, Rng.seeded(1)));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 3, Rng.seeded(1)));
    }
}
