package org.genex.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.genex.autodiff.Var;
import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DropoutTest {

    static float[] run(Dropout d, Tensor x) { return d.forward(Var.of(x)).value().toArray(); }

    @Test
    void trainingZeroesAFractionPAndScalesTheRest() {
        Dropout d = new Dropout(0.3f, Rng.seeded(1));
        Tensor x = Tensor.full(Shape.of(200, 500), 2f);
        float[] y = run(d, x);
        int zeros = 0;
        double sum = 0;
        float kept = 2f * (1f / 0.7f);
        for (float v : y) {
            if (v == 0f) zeros++;
            else assertEquals(kept, v, "a kept element is x / (1 - p)");
            sum += v;
        }
        double n = y.length;
        assertEquals(0.3, zeros / n, 0.005);                     // sd of the fraction: sqrt(.21 / 1e5) = 0.0015
        assertEquals(2.0, sum / n, 0.02);                         // the expectation is unchanged
        assertEquals(1, d.calls());
    }

    @Test
    void evalAndPZeroAreTheIdentityAndPOneZeroesAll() {
        Dropout d = new Dropout(0.5f, Rng.seeded(2));
        Var x = Var.of(LayerCheck.random(3, 4, 5));
        d.eval();
        assertSame(x, d.forward(x));
        assertEquals(0, d.calls(), "no mask is drawn in eval mode");
        d.train();
        assertNotSame(x, d.forward(x));
        Dropout none = new Dropout(0f, Rng.seeded(2));
        assertSame(x, none.forward(x));
        Dropout all = new Dropout(1f, Rng.seeded(2));
        for (float v : all.forward(x).value().toArray()) assertEquals(0.0, v, 0.0);   // -0 for negative x, as PyTorch
    }

    @Test
    void masksAreReproducibleFromTheSeedAndTheCounter() {
        Tensor x = Tensor.full(Shape.of(1000), 1f);
        Dropout a = new Dropout(0.5f, Rng.seeded(4)), b = new Dropout(0.5f, Rng.seeded(4));
        float[] a0 = run(a, x), a1 = run(a, x), a2 = run(a, x);
        assertFalse(java.util.Arrays.equals(a0, a1), "successive masks differ");
        assertArrayEquals(a0, run(b, x), "same seed, same first mask");
        // resume: a fresh module with the counter restored continues the sequence exactly
        Dropout resumed = new Dropout(0.5f, Rng.seeded(4));
        resumed.setCalls(2);
        assertArrayEquals(a2, run(resumed, x));
        assertEquals(3, resumed.calls());
        a.setCalls(1);
        assertArrayEquals(a1, run(a, x));
        // two dropouts built from one Rng draw different masks
        Rng shared = Rng.seeded(5);
        Dropout c = new Dropout(0.5f, shared), e = new Dropout(0.5f, shared);
        assertFalse(java.util.Arrays.equals(run(c, x), run(e, x)));
        assertThrows(IllegalArgumentException.class, () -> a.setCalls(-1));
    }

    @Test
    void theGradientIsTheMask() {
        Dropout d = new Dropout(0.4f, Rng.seeded(6));
        Tensor x = LayerCheck.random(7, 3, 4);
        Var xv = Var.param(x.copy());
        Var y = d.forward(xv);
        y.sum().backward();
        float[] g = xv.grad().toArray(), yv = y.value().toArray(), xa = x.toArray();
        for (int i = 0; i < g.length; i++) assertEquals(yv[i] == 0 ? 0f : 1f / 0.6f, g[i], 1e-6, "element " + i);
        // with the counter reset before each evaluation the mask is fixed, so finite differences apply
        LayerCheck.gradCheck(d, v -> {
            d.setCalls(0);
            return d.forward(v[0]);
        }, x);
        assertEquals(xa.length, g.length);
    }

    @Test
    void pMustBeAProbability() {
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1f, Rng.seeded(1)));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5f, Rng.seeded(1)));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(Float.NaN, Rng.seeded(1)));
    }
}
