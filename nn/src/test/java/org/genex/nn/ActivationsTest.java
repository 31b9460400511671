package org.genex.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.function.DoubleUnaryOperator;
import org.genex.autodiff.Var;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ActivationsTest {

    /** erf to ~1e-15 (Abramowitz-Stegun 7.1.26 is too coarse): by its Taylor series or the continued fraction. */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < 3) {
            double sum = 0, term = ax;
            for (int n = 0; n < 200; n++) {
                sum += term / (2 * n + 1);
                term *= -ax * ax / (n + 1);
            }
            return Math.signum(x) * 2 / Math.sqrt(Math.PI) * sum;
        }
        double f = 0;                                            // erfc continued fraction
        for (int k = 60; k >= 1; k--) f = k / 2.0 / (ax + f);
        double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
        return Math.signum(x) * (1 - erfc);
    }

    static void check(Layer layer, DoubleUnaryOperator f, double tol) {
        Tensor x = LayerCheck.random(1, 4f, 3, 7);
        float[] y = layer.forward(Var.of(x)).value().toArray(), xa = x.toArray();
        for (int i = 0; i < xa.length; i++)
            assertEquals(f.applyAsDouble(xa[i]), y[i], tol * (1 + Math.abs(y[i])), layer.getClass() + " at " + xa[i]);
        LayerCheck.gradCheck((Module) layer, v -> layer.forward(v[0]), LayerCheck.random(2, 2f, 2, 5));
    }

    @Test
    void eachActivationMatchesItsFormulaAndGradient() {
        check(new ReLU(), x -> Math.max(x, 0), 0);
        check(new GELU(), x -> x * 0.5 * (1 + erf(x / Math.sqrt(2))), 1e-6);
        check(new GELU(true), x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))),
                1e-6);
        check(new SiLU(), x -> x / (1 + Math.exp(-x)), 1e-6);
        check(new Tanh(), Math::tanh, 1e-6);
        check(new Sine(3f), x -> Math.sin(3 * x), 1e-5);
    }

    @Test
    void geluFlavoursDifferAndSineDefaultsToSirensOmega() {
        Var x = Var.of(Tensor.of(1.5f));
        assertNotEquals(new GELU().forward(x).item(), new GELU(true).forward(x).item());
        assertEquals(30f, new Sine().omega0);
        assertEquals((float) Math.sin(30 * 0.1f), new Sine().forward(Var.of(Tensor.of(0.1f))).item(), 1e-5);
        assertEquals(0, new ReLU().parameterCount());
        assertThrows(IllegalArgumentException.class, () -> new Sine(Float.NaN));
    }
}
