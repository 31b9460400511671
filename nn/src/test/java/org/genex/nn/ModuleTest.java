package org.genex.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.genex.autodiff.Grad;
import org.genex.autodiff.Var;
import org.genex.nn.optim.AdamW;
import org.genex.tensor.*;
import org.junit.jupiter.api.Test;

/** Module bookkeeping: dotted names, state dicts, modes, freezing; and a first fit with Linear and AdamW. */
class ModuleTest {
    /** Two linear layers in a list, like a small stack: names "layers.0.weight", ... */
    static final class Net extends Module implements Layer {
        final ModuleList<Linear> layers;
        final Linear head;

        Net(Rng rng) {
            layers = module("layers", new ModuleList<>(new Linear(4, 8, true, rng), new Linear(8, 8, true, rng)));
            head = module("head", new Linear(8, 2, false, rng));
        }

        @Override
        public Var forward(Var x) {
            for (Linear l : layers) x = l.forward(x).tanh();
            return head.forward(x);
        }
    }

    @Test
    void namesComposeWithDotsInRegistrationOrder() {
        Net net = new Net(Rng.seeded(1));
        assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "head.weight"),
                List.copyOf(net.namedParameters().keySet()));
        assertEquals(Shape.of(8, 4), net.namedParameters().get("layers.0.weight").shape());
        assertEquals(4 * 8 + 8 + 8 * 8 + 8 + 8 * 2, net.parameterCount());
        assertEquals(List.of("", "layers", "layers.0", "layers.1", "head"), List.copyOf(net.namedModules().keySet()));
    }

    @Test
    void stateDictsRoundTripAndMismatchesAreListed() {
        Net a = new Net(Rng.seeded(1)), b = new Net(Rng.seeded(2));
        b.loadStateDict(a.stateDict());
        for (var e : a.stateDict().entrySet())
            assertArrayEquals(e.getValue().toArray(), b.stateDict().get(e.getKey()).toArray(), e.getKey());
        Map<String, Tensor> bad = new java.util.LinkedHashMap<>(a.stateDict());
        bad.remove("head.weight");
        bad.put("layers.0.bias", Tensor.zeros(9));
        bad.put("extra", Tensor.zeros(1));
        var e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(bad));
        String m = e.getMessage();
        assertTrue(m.contains("missing keys: head.weight [2, 8]"), m);
        assertTrue(m.contains("unexpected keys: extra [1]"), m);
        assertTrue(m.contains("layers.0.bias: module has [8], state has [9]"), m);
    }

    @Test
    void modesAndFreezingReachEveryDescendant() {
        Net net = new Net(Rng.seeded(1));
        net.eval();
        assertFalse(net.layers.get(1).isTraining());
        net.train();
        assertTrue(net.head.isTraining());
        net.layers.requiresGrad(false);
        assertEquals(1, net.trainableParameters().size());
        Var y = net.forward(Var.of(Tensor.ones(3, 4))).sum();
        y.backward();
        assertNull(net.layers.get(0).weight().grad());
        assertNotNull(net.head.weight().grad());
    }

    @Test
    void linearMatchesItsFormulaAndChecksItsInput() {
        Linear l = new Linear(3, 2, true, Rng.seeded(5));
        Tensor x = Tensor.of(new float[]{1, 2, 3, -1, 0, 2}, 2, 3);
        float[] y = l.forward(Var.of(x)).value().toArray();
        for (int i = 0; i < 2; i++)
            for (int o = 0; o < 2; o++) {
                double e = l.bias().value().get(o);
                for (int k = 0; k < 3; k++) e += x.get(i, k) * l.weight().value().get(o, k);
                assertEquals(e, y[i * 2 + o], 1e-6);
            }
        float bound = (float) (1 / Math.sqrt(3));
        for (float w : l.weight().value().toArray()) assertTrue(Math.abs(w) <= bound);
        var e = assertThrows(IllegalArgumentException.class, () -> l.forward(Var.of(Tensor.zeros(2, 4))));
        assertTrue(e.getMessage().contains("[2, 4]"), e.getMessage());
        assertEquals(Shape.of(5, 7, 2), l.forward(Var.of(Tensor.zeros(5, 7, 3))).shape());
    }

    @Test
    void aSmallNetFitsAToyRegressionWithAdamW() {
        Rng rng = Rng.seeded(7);
        Net net = new Net(rng);
        Tensor x = rng.normal(Shape.of(64, 4), 0f, 1f);
        float[] t = new float[64 * 2];
        for (int i = 0; i < 64; i++) {
            t[2 * i] = (float) Math.sin(x.get(i, 0)) + 0.5f * x.get(i, 1);
            t[2 * i + 1] = x.get(i, 2) * x.get(i, 3);
        }
        Var target = Var.of(Tensor.wrap(t, 64, 2));
        AdamW opt = new AdamW(net.parameters(), 1e-2f);
        float first = 0, last = 0;
        for (int step = 0; step < 300; step++) {
            opt.zeroGrad();
            Var loss = net.forward(Var.of(x)).sub(target).square().mean();
            loss.backward();
            opt.step();
            if (step == 0) first = loss.item();
            last = loss.item();
        }
        assertTrue(last < 0.1f * first, "loss went from " + first + " to " + last);
        try (Grad.Scope off = Grad.off()) {
            assertFalse(net.forward(Var.of(x)).requiresGrad());
        }
    }
}
