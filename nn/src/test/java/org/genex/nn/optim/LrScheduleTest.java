package org.genex.nn.optim;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Schedules at known steps (hand-computed, or Hugging Face's / PyTorch's formulas evaluated by hand). */
class LrScheduleTest {
    private static void expect(LrSchedule s, long step, double factor) {
        assertEquals(factor, s.factor(step), 1e-12, "factor at step " + step);
    }

    @Test
    void constantAndLinearWarmup() {
        expect(LrSchedule.constant(), 0, 1);
        expect(LrSchedule.constant(), 1_000_000, 1);
        LrSchedule w = LrSchedule.linearWarmup(4);
        expect(w, 0, 0);
        expect(w, 1, 0.25);
        expect(w, 3, 0.75);
        expect(w, 4, 1);
        expect(w, 100, 1);
    }

    @Test
    void cosineFallsToItsFloorAndStaysThere() {
        LrSchedule c = LrSchedule.cosine(10, 0);
        expect(c, 0, 1);
        expect(c, 5, 0.5);
        expect(c, 10, 0);
        expect(c, 25, 0);
        expect(c, 2, 0.5 * (1 + Math.cos(Math.PI * 0.2)));
        LrSchedule f = LrSchedule.cosine(10, 0.1);
        expect(f, 0, 1);
        expect(f, 5, 0.55);
        expect(f, 10, 0.1);
        expect(f, 11, 0.1);
    }

    @Test
    void cosineWithWarmupIsHuggingFacesSchedule() {
        LrSchedule s = LrSchedule.cosineWithWarmup(2, 12, 0);
        expect(s, 0, 0);
        expect(s, 1, 0.5);
        expect(s, 2, 1);
        expect(s, 7, 0.5);                              // progress (7 - 2) / (12 - 2) = 0.5
        expect(s, 12, 0);
        LrSchedule m = LrSchedule.cosineWithWarmup(2, 12, 0.2);
        expect(m, 7, 0.5 * 0.8 + 0.2);
    }

    @Test
    void linearDecayWithWarmupIsHuggingFacesSchedule() {
        LrSchedule s = LrSchedule.linearWithWarmup(2, 10);
        expect(s, 1, 0.5);
        expect(s, 2, 1);
        expect(s, 6, 0.5);                              // (10 - 6) / (10 - 2)
        expect(s, 9, 0.125);
        expect(s, 10, 0);
        expect(s, 50, 0);
        LrSchedule l = LrSchedule.linear(4, 0.2);
        expect(l, 0, 1);
        expect(l, 2, 0.6);
        expect(l, 4, 0.2);
        expect(l, 9, 0.2);
    }

    @Test
    void stepDecayIsPyTorchsStepLR() {
        LrSchedule s = LrSchedule.stepDecay(3, 0.5);
        expect(s, 0, 1);
        expect(s, 2, 1);
        expect(s, 3, 0.5);
        expect(s, 5, 0.5);
        expect(s, 6, 0.25);
        expect(s, 9, 0.125);
    }

    @Test
    void warmupComposesWithAnyMainScheduleAndAStartFactor() {
        LrSchedule s = LrSchedule.warmup(4, LrSchedule.stepDecay(2, 0.1));
        expect(s, 2, 0.5);
        expect(s, 4, 1);                                // main schedule starts afresh at its step 0
        expect(s, 5, 1);
        expect(s, 6, 0.1);
        LrSchedule p = LrSchedule.warmup(3, 1.0 / 3, LrSchedule.constant());   // PyTorch's LinearLR defaults
        expect(p, 0, 1.0 / 3);
        expect(p, 1, 5.0 / 9);
        expect(p, 2, 7.0 / 9);
        expect(p, 3, 1);
        LrSchedule none = LrSchedule.warmup(0, LrSchedule.cosine(4, 0));
        expect(none, 0, 1);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosine(0, 0));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosine(10, 1.5));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.linear(10, -0.1));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.stepDecay(3, 0));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.warmup(-1, LrSchedule.constant()));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.cosineWithWarmup(10, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.linearWithWarmup(5, 3));
    }
}
