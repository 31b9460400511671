package org.genex.autodiff;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.genex.tensor.*;
import org.junit.jupiter.api.Test;

/**
 * The graph's memory: backward frees what the backward rules captured, so a training loop's retained heap stays
 * flat even when it keeps every loss Var around (as a careless logging loop does).
 */
class MemoryTest {

    /** The heap in use after full collections (the least of a few, to ride out late finalisation). */
    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            least = Math.min(least, rt.totalMemory() - rt.freeMemory());
        }
        return least;
    }

    /** Collects until {@code ref} is cleared (or gives up after a few tries); true if cleared. */
    static boolean collected(WeakReference<?> ref) {
        for (int i = 0; i < 10 && ref.get() != null; i++) System.gc();
        return ref.get() == null;
    }

    static Tensor scaled(Random r, float scale, int... dims) { return TestTensors.random(r, dims).mul(scale); }

    @Test
    void aThousandTrainingStepsKeepTheRetainedHeapFlat() {
        Random r = new Random(1);
        // a 64 -> 64 -> 1 MLP on 128 random rows: each step's graph holds ~10 activations of 128 x 64 floats
        Var w1 = Var.param(scaled(r, 0.2f, 64, 64)), b1 = Var.param(Tensor.zeros(64));
        Var w2 = Var.param(scaled(r, 0.2f, 64, 1)), b2 = Var.param(Tensor.zeros(1));
        Var[] params = {w1, b1, w2, b2};
        Var x = Var.of(TestTensors.random(r, 128, 64)), target = Var.of(TestTensors.random(r, 128, 1));
        float lr = 0.05f;

        List<Var> losses = new ArrayList<>();          // kept on purpose: each must hold its value, not its graph
        long atStep100 = 0;
        for (int step = 1; step <= 1000; step++) {
            Var loss = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sub(target).square().mean();
            loss.backward();
            try (Grad.Scope off = Grad.off()) {
                for (Var p : params) {                 // p -= lr * grad, in place
                    Tensor v = p.value();
                    v.backend().binary(BinaryOp.SUB, v, p.grad().mul(lr), v);
                    p.zeroGrad();
                }
            }
            losses.add(loss);
            if (step == 100) atStep100 = usedHeap();
        }
        long atStep1000 = usedHeap();
        long growth = atStep1000 - atStep100;
        assertTrue(growth < 4L << 20, "the retained heap grew by " + (growth >> 10) + " KiB from step 100 to 1000"
                + " (" + (atStep100 >> 10) + " KiB to " + (atStep1000 >> 10) + " KiB): graphs are being kept");
        assertTrue(losses.get(999).item() < 0.9f * losses.get(0).item(),
                "the loop should train: loss " + losses.get(0).item() + " -> " + losses.get(999).item());
        for (Var p : params) assertNull(p.grad());
    }

    /** A small graph whose middle value ({@code tanh(x)}, saved by both rules that touch it) only {@code ref} sees. */
    static Var lossSaving(Var x, List<WeakReference<Tensor>> ref) {
        Var h = x.tanh();
        ref.add(new WeakReference<>(h.value()));
        return h.mul(h).sum();
    }

    @Test
    void backwardReleasesTheTensorsItsRulesSaved() {
        Var x = Var.param(TestTensors.random(new Random(2), 256, 256));
        List<WeakReference<Tensor>> saved = new ArrayList<>();
        Var loss = lossSaving(x, saved);
        System.gc();
        assertNotNull(saved.get(0).get(), "before backward the graph holds the saved activation");
        loss.backward();
        assertTrue(collected(saved.get(0)), "after backward the freed graph still holds the saved activation");
        assertEquals(Shape.of(256, 256), x.grad().shape());
        Reference.reachabilityFence(loss);                  // the loss Var itself is still alive
    }

    @Test
    void aRetainedGraphHoldsItsTensorsUntilTheLastBackward() {
        Var x = Var.param(TestTensors.random(new Random(3), 128, 128));
        List<WeakReference<Tensor>> saved = new ArrayList<>();
        Var loss = lossSaving(x, saved);
        loss.backward(Tensor.scalar(1f), true);
        System.gc();
        assertNotNull(saved.get(0).get(), "backward(seed, true) keeps the graph for another pass");
        loss.backward();
        assertTrue(collected(saved.get(0)), "the last backward frees it");
        Reference.reachabilityFence(loss);
    }

    @Test
    void aRetainedGraphPassesEachBackwardOnlyItsOwnGradient() {
        // a retained intermediate gradient sums over passes, but each pass sends on only its own (as PyTorch):
        // two passes through k = 3x give x 3 + 3, not 3 + (1 + 1) * 3
        Var x = Var.param(Tensor.of(1f, 2f));
        Var k = x.mul(3f).retainGrad();
        Var loss = k.sum();
        loss.backward(Tensor.scalar(1f), true);
        loss.backward(Tensor.scalar(1f), true);
        assertArrayEquals(new float[]{6f, 6f}, x.grad().toArray());
        assertArrayEquals(new float[]{2f, 2f}, k.grad().toArray());
        loss.backward(Tensor.scalar(2f));
        assertArrayEquals(new float[]{12f, 12f}, x.grad().toArray());
        assertArrayEquals(new float[]{4f, 4f}, k.grad().toArray());
    }

    @Test
    void intermediateGradientsAreReleasedUnlessRetained() {
        Var x = Var.param(TestTensors.random(new Random(4), 64, 64));
        Var h = x.exp(), k = x.sin().retainGrad();
        h.add(k).sum().backward();
        assertNull(h.grad(), "an intermediate gradient is dropped once its rule has used it");
        assertNotNull(k.grad());
    }

    @Test
    void withoutRecordingNoGraphIsKept() {
        Var x = Var.param(TestTensors.random(new Random(5), 128, 128));
        List<WeakReference<Tensor>> saved = new ArrayList<>();
        Var loss;
        try (Grad.Scope off = Grad.off()) {
            loss = lossSaving(x, saved);
        }
        assertTrue(loss.isLeaf());
        assertTrue(collected(saved.get(0)), "a no-grad forward keeps no intermediate alive");
        Reference.reachabilityFence(loss);
    }
}
