package org.genex.algorithms.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SigmoidTest {
    @Test
    void matchesTheLogisticFunctionOnTheTrainingRange() {
        double worst = 0;
        for (int i = 1; i < 240_000; i++) {
            float f = -6 + i * 5e-5f;
            if (f >= 6) break;
            worst = Math.max(worst, Math.abs(Sigmoid.of(f) - 1 / (1 + Math.exp(-f))));
        }
        assertEquals(0, worst, 2.5e-7);
        assertEquals(0.5f, Sigmoid.of(0f), 1e-7);
        assertEquals(1 / (1 + Math.exp(6)), Sigmoid.of(-5.9999995f), 1e-7);
    }
}
