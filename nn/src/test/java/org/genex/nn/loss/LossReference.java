package org.genex.nn.loss;

import static org.junit.jupiter.api.Assertions.*;

import java.util.function.DoubleBinaryOperator;
import org.genex.autodiff.Functional.Reduction;
import org.genex.autodiff.Var;
import org.genex.tensor.Tensor;

/** Double-precision helpers for the loss tests: per-element references, PyTorch's reductions, comparisons. */
final class LossReference {
    private LossReference() {}

    /** A tensor's values widened to double. */
    static double[] values(Tensor t) {
        float[] f = t.toArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** {@code f(a_i, b_i)} for each element. */
    static double[] map(double[] a, double[] b, DoubleBinaryOperator f) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) r[i] = f.applyAsDouble(a[i], b[i]);
        return r;
    }

    /** log(1 + exp(z)) without overflow. */
    static double softplus(double z) { return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))); }

    static double sigmoid(double z) { return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)); }

    /** PyTorch's reduction of per-element losses, with a 0/1 mask of the same length (null: keep all). */
    static double reduce(double[] losses, double[] mask, Reduction r) {
        double sum = 0;
        int kept = 0;
        for (int i = 0; i < losses.length; i++) {
            if (mask != null && mask[i] == 0) continue;
            sum += losses[i];
            kept++;
        }
        return switch (r) {
            case SUM -> sum;
            case MEAN -> sum / kept;                                 // NaN when nothing is kept
            case NONE -> throw new IllegalArgumentException("NONE is not a scalar");
        };
    }

    /** Asserts {@code |expected - actual| <= atol + rtol |expected|} for a one-element Var. */
    static void assertScalar(double expected, Var actual, double rtol, double atol, String what) {
        assertEquals(1, actual.size(), what + ": not one element, shape " + actual.shape());
        double a = actual.item();
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(a), what + ": " + a + ", expected NaN");
            return;
        }
        assertTrue(Math.abs(expected - a) <= atol + rtol * Math.abs(expected),
                what + ": " + a + ", expected " + expected + " (diff " + Math.abs(expected - a) + ")");
    }

    /** Asserts each element of {@code actual} within {@code atol + rtol |expected|}. */
    static void assertElements(double[] expected, Var actual, double rtol, double atol, String what) {
        float[] a = actual.value().toArray();
        assertEquals(expected.length, a.length, what + ": element count");
        for (int i = 0; i < a.length; i++)
            assertTrue(Math.abs(expected[i] - a[i]) <= atol + rtol * Math.abs(expected[i]),
                    what + ": element " + i + " is " + a[i] + ", expected " + expected[i]);
    }
}
