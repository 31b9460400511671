package org.genex.nn.optim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.genex.autodiff.Var;
import org.genex.nn.Linear;
import org.genex.nn.Parameter;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Clipping by the global norm, against a hand computation. */
class GradClipTest {
    private static Parameter withGrad(float... g) {
        Parameter p = new Linear(g.length, 1, false, Rng.seeded(g.length)).weight();
        p.var().mul(Var.of(Tensor.wrap(g.clone(), 1, g.length))).sum().backward();
        return p;
    }

    @Test
    void scalesEveryGradientByMaxNormOverTotalNormWhenAbove() {
        Parameter a = withGrad(3, 4), b = withGrad(12), none = new Linear(2, 1, false, Rng.seeded(9)).weight();
        float total = GradClip.clipGradNorm(List.of(a, none, b), 6.5);
        assertEquals(13f, total);                                   // sqrt(3^2 + 4^2 + 12^2)
        float coef = 6.5f / (13f + 1e-6f);
        assertArrayEquals(new float[]{3 * coef, 4 * coef}, a.grad().toArray());
        assertArrayEquals(new float[]{12 * coef}, b.grad().toArray());
        assertEquals(6.5, GradClip.gradNorm(List.of(a, b)), 1e-5);
        assertNull(none.grad());
    }

    @Test
    void leavesGradientsBelowTheLimitAlone() {
        Parameter a = withGrad(3, 4), b = withGrad(12);
        assertEquals(13f, GradClip.clipGradNorm(List.of(a, b), 13.5));
        assertArrayEquals(new float[]{3, 4}, a.grad().toArray());
        assertArrayEquals(new float[]{12}, b.grad().toArray());
        assertEquals(0f, GradClip.clipGradNorm(List.of(new Linear(2, 1, false, Rng.seeded(1)).weight()), 1.0));
    }

    @Test
    void nonFiniteNormsAreReturnedAndGradientsKept() {
        Parameter a = withGrad(3, Float.POSITIVE_INFINITY), b = withGrad(1);
        assertEquals(Float.POSITIVE_INFINITY, GradClip.clipGradNorm(List.of(a, b), 1.0));
        assertArrayEquals(new float[]{1}, b.grad().toArray());
        Parameter c = withGrad(Float.NaN);
        assertTrue(Float.isNaN(GradClip.clipGradNorm(List.of(b, c), 1.0)));
        assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradNorm(List.of(b), 0));
    }
}
