package org.genex.autodiff;

import java.util.Random;
import java.util.function.Function;
import org.genex.tensor.*;

/**
 * Checks the gradients of any function of Vars against central finite differences.
 *
 * <p>The function's output y (any shape) is projected on a fixed random direction w, {@code L = sum(w * y)},
 * accumulated in double. The analytic gradient is {@code backward(w)}; the numeric one, for every element x_i of
 * every input, is {@code (L(x_i + h) - L(x_i - h)) / (x_i+ - x_i-)} with both evaluations in double from the float
 * outputs, and the step measured on the float values actually stored. With float32 tensors the numeric gradient is
 * good to about 1e-3 relative for smooth functions (round-off ~ eps_32 / h, truncation ~ h^2), so the default step
 * is 1e-2 relative and the tolerance {@code |analytic - numeric| <= atol + rtol |numeric|} is loose enough for
 * float32 yet far tighter than any wrong rule (a wrong sign, factor, transpose or a missing broadcast sum).
 * Keep inputs away from kinks (relu at 0, abs at 0, ties of max) where the derivative jumps.
 *
 * <pre>{@code
 * GradCheck.check(v -> v[0].matmul(v[1]).tanh(), a, b);     // throws AssertionError naming the worst element
 * }</pre>
 */
public final class GradCheck {
    private GradCheck() {}

    /** Step (relative to max(1, |x|)) and tolerances. */
    public record Options(double step, double rtol, double atol) {
        public static final Options DEFAULT = new Options(1e-2, 1e-2, 1e-3);

        public Options {
            if (!(step > 0) || !(rtol >= 0) || !(atol >= 0))
                throw new IllegalArgumentException("GradCheck options must be positive: " + this);
        }
    }

    /** The worst element found: where it is, and both gradients. */
    public record Result(int input, int element, double analytic, double numeric, double excess) {
        public boolean passed() { return excess <= 0; }
    }

    /** Checks with {@link Options#DEFAULT}; throws an {@link AssertionError} describing the worst mismatch. */
    public static void check(Function<Var[], Var> f, Tensor... inputs) { check(Options.DEFAULT, f, inputs); }

    /** Checks with the given options; throws an {@link AssertionError} describing the worst mismatch. */
    public static void check(Options options, Function<Var[], Var> f, Tensor... inputs) {
        Result r = run(options, f, inputs);
        if (!r.passed())
            throw new AssertionError(String.format(
                    "gradient mismatch at input %d (shape %s), element %d: analytic %.6g, numeric %.6g "
                            + "(tolerance %.3g + %.3g * |numeric|)", r.input, inputs[r.input].shape(), r.element,
                    r.analytic, r.numeric, options.atol, options.rtol));
    }

    /** Runs the check and returns the worst element (the one exceeding its tolerance most, or closest to it). */
    public static Result run(Options options, Function<Var[], Var> f, Tensor... inputs) {
        Var[] params = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) params[i] = Var.param(inputs[i].copy());
        Var y = f.apply(params);
        float[] w = direction(y.size(), 12345L);
        Tensor seed = Tensor.wrap(w.clone(), y.shape().dims()).to(y.device());
        if (y.requiresGrad()) y.backward(seed);

        Result worst = null;
        for (int i = 0; i < inputs.length; i++) {
            Tensor g = params[i].grad();
            float[] analytic = g == null ? new float[inputs[i].size()] : g.toArray();
            float[] x = inputs[i].toArray();
            for (int e = 0; e < x.length; e++) {
                float x0 = x[e];
                double h = options.step * Math.max(1, Math.abs(x0));
                float xp = (float) (x0 + h), xm = (float) (x0 - h);
                double lp = evaluate(f, inputs, i, e, x, xp, w), lm = evaluate(f, inputs, i, e, x, xm, w);
                x[e] = x0;
                double numeric = (lp - lm) / ((double) xp - (double) xm);
                double excess = Math.abs(analytic[e] - numeric) - (options.atol + options.rtol * Math.abs(numeric));
                if (Double.isNaN(excess)) excess = Double.POSITIVE_INFINITY;
                if (worst == null || excess > worst.excess) worst = new Result(i, e, analytic[e], numeric, excess);
            }
        }
        return worst == null ? new Result(-1, -1, 0, 0, -1) : worst;
    }

    /** L = sum(w * f(inputs with element e of input i set to v)), in double, without recording a graph. */
    private static double evaluate(Function<Var[], Var> f, Tensor[] inputs, int i, int e, float[] x, float v,
                                   float[] w) {
        x[e] = v;
        Var[] vs = new Var[inputs.length];
        for (int j = 0; j < inputs.length; j++)
            vs[j] = Var.of(j == i ? Tensor.wrap(x.clone(), inputs[j].shape().dims()).to(inputs[j].device())
                    : inputs[j]);
        float[] y;
        try (Grad.Scope off = Grad.off()) {
            y = f.apply(vs).value().toArray();
        }
        double s = 0;
        for (int k = 0; k < y.length; k++) s += (double) w[k] * y[k];
        return s;
    }

    /** A fixed random direction in [-1, 1) (so that no output is left out of the projection). */
    private static float[] direction(int n, long seed) {
        Random r = new Random(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = r.nextFloat() * 2 - 1;
        return w;
    }
}
