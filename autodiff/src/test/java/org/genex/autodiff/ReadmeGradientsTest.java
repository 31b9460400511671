package org.genex.autodiff;

import static org.junit.jupiter.api.Assertions.*;

import org.genex.tensor.*;
import org.junit.jupiter.api.Test;

/** The README's gradient example, as written there. */
class ReadmeGradientsTest {
    @Test
    void gradients() {
        Var w = Var.param(Rng.seeded(1).normal(Shape.of(16, 8), 0f, 0.1f));      // a leaf that wants a gradient
        Var x = Var.of(Rng.seeded(2).normal(Shape.of(32, 16), 0f, 1f));          // a constant input
        int[] labels = new int[32];                                              // class of each row
        Var loss = Functional.crossEntropy(x.matmul(w).gelu(), labels);         // fused: one node each
        loss.backward();                                                         // w.grad() = d loss / d w
        try (Grad.Scope off = Grad.off()) { /* updates and inference record nothing */ }

        assertEquals(Shape.of(16, 8), w.grad().shape());
        GradCheck.check(v -> Functional.crossEntropy(Var.of(x.value()).matmul(v[0]).gelu(), labels), w.value());
    }
}
