package org.genex.autodiff;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.genex.tensor.*;
import org.junit.jupiter.api.Test;

/** The graph machinery: accumulation, seeding, freeing, no-grad scopes, detach, leaves, errors. */
class VarTest {
    private static Tensor random(long seed, int... dims) { return TestTensors.random(new Random(seed), dims); }

    @Test
    void aVarUsedTwiceReceivesBothContributions() {
        // micrograd's check: d(x*x + x)/dx = 2x + 1
        Var x = Var.param(Tensor.of(3f, -2f));
        x.mul(x).add(x).sum().backward();
        assertArrayEquals(new float[]{7f, -3f}, x.grad().toArray());
    }

    @Test
    void gradientsOfLeavesAccumulateAcrossBackwardUntilZeroGrad() {
        Var x = Var.param(Tensor.of(1f, 2f));
        x.mul(3f).sum().backward();
        x.mul(3f).sum().backward();
        assertArrayEquals(new float[]{6f, 6f}, x.grad().toArray());
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void backwardFreesTheGraphAndSaysWhatToDoOnASecondPass() {
        Var x = Var.param(Tensor.of(1f, 2f));
        Var y = x.exp().sum();
        y.backward();
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("freed") && e.getMessage().contains("forward pass again"), e.getMessage());
        Var z = x.exp().sum();
        z.backward(Tensor.scalar(1f), true);
        z.backward(Tensor.scalar(1f), true);          // the retained graph can be used again
    }

    @Test
    void backwardOfANonScalarNeedsASeed() {
        Var x = Var.param(Tensor.of(1f, 2f));
        Var y = x.mul(2f);
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("backward(seed)"), e.getMessage());
        y.backward(Tensor.of(1f, 10f));
        assertArrayEquals(new float[]{2f, 20f}, x.grad().toArray());
        assertThrows(IllegalArgumentException.class, () -> x.mul(2f).backward(Tensor.of(1f)));
    }

    @Test
    void noGradScopesRecordNothingAndNest() {
        Var x = Var.param(Tensor.of(1f));
        try (Grad.Scope off = Grad.off()) {
            assertFalse(x.mul(2f).requiresGrad());
            try (Grad.Scope on = Grad.on()) {
                assertTrue(x.mul(2f).requiresGrad());
            }
            assertFalse(Grad.enabled());
        }
        assertTrue(Grad.enabled());
        var e = assertThrows(IllegalStateException.class, () -> x.detach().mul(2f).sum().backward());
        assertTrue(e.getMessage().contains("does not require a gradient"), e.getMessage());
    }

    @Test
    void intermediateGradientsAreDroppedUnlessRetained() {
        Var x = Var.param(Tensor.of(1f, 2f));
        Var h = x.mul(2f), k = x.mul(3f).retainGrad();
        h.add(k).sum().backward();
        assertNull(h.grad());
        assertArrayEquals(new float[]{1f, 1f}, k.grad().toArray());
        assertArrayEquals(new float[]{5f, 5f}, x.grad().toArray());
    }

    @Test
    void frozenLeavesGetNoGradient() {
        Var w = Var.param(Tensor.of(1f, 2f)).requiresGrad(false), b = Var.param(Tensor.of(1f, 1f));
        w.mul(b).sum().backward();
        assertNull(w.grad());
        assertArrayEquals(new float[]{1f, 2f}, b.grad().toArray());
        assertThrows(IllegalStateException.class, () -> w.mul(b).requiresGrad(false));
    }

    @Test
    void broadcastGradientsAreSummedBackToTheOperandShape() {
        Var a = Var.param(random(1, 4, 3)), b = Var.param(random(2, 3)), c = Var.param(random(3, 4, 1));
        a.add(b).mul(c).sum().backward();
        assertEquals(Shape.of(3), b.grad().shape());
        assertEquals(Shape.of(4, 1), c.grad().shape());
        float[] gb = b.grad().toArray(), cv = c.value().toArray();
        float expected = cv[0] + cv[1] + cv[2] + cv[3];
        for (float g : gb) assertEquals(expected, g, 1e-5f);
    }

    @Test
    void gradCheckCatchesAWrongRuleAndPassesRightOnes() {
        GradCheck.check(v -> v[0].matmul(v[1]).tanh(), random(4, 3, 5), random(5, 5, 2));
        GradCheck.check(v -> v[0].add(v[1]).mul(v[0]).sum(false, 1), random(6, 4, 3), random(7, 3));
        // a deliberately wrong "gradient": the value is x^2 but the graph says 3x
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.check(v -> {
            Var x = v[0];
            Var detachedSquare = x.mul(x).detach();
            return detachedSquare.add(x.mul(3f)).sub(x.mul(3f).detach());      // value x^2, gradient 3
        }, random(8, 5)));
        assertTrue(e.getMessage().contains("gradient mismatch"), e.getMessage());
    }
}
