package org.genex.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.genex.autodiff.Grad;
import org.genex.autodiff.Var;
import org.genex.tensor.Tensor;
import org.genex.tensor.TestTensors;

/**
 * Test helpers for layers: random tensors, and a finite-difference gradient check through a module's parameters as
 * well as its inputs (autodiff's GradCheck covers inputs only). Same scheme and tolerances as GradCheck: the output
 * is projected on a fixed random direction w, {@code L = sum(w * y)} in double; each element is stepped by
 * {@code 1e-2 max(1, |x|)} both ways; {@code |analytic - numeric| <= 1e-3 + 1e-2 |numeric|}.
 */
final class LayerCheck {
    private LayerCheck() {}

    /** Uniform values in [-1, 1) times {@code scale}. */
    static Tensor random(long seed, float scale, int... dims) {
        Tensor t = TestTensors.random(new Random(seed), dims);
        float[] a = t.array();
        for (int i = 0; i < a.length; i++) a[i] *= scale;
        return t;
    }

    static Tensor random(long seed, int... dims) { return random(seed, 1f, dims); }

    /** Checks the gradients of {@code f} with respect to its inputs and every trainable parameter of {@code m}. */
    static void gradCheck(Module m, Function<Var[], Var> f, Tensor... inputs) {
        gradCheck(m, 1e-2, 1e-2, 1e-3, f, inputs);
    }

    static void gradCheck(Module m, double step, double rtol, double atol, Function<Var[], Var> f, Tensor... inputs) {
        List<String> names = new ArrayList<>();
        List<Tensor> values = new ArrayList<>();
        Tensor[] xs = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            xs[i] = inputs[i].copy();
            names.add("input " + i);
            values.add(xs[i]);
        }
        Map<String, Parameter> params = m.namedParameters();
        List<Parameter> ps = new ArrayList<>();
        for (var e : params.entrySet())
            if (e.getValue().requiresGrad()) {
                names.add("parameter " + e.getKey());
                values.add(e.getValue().value());
                ps.add(e.getValue());
            }

        // analytic
        m.zeroGrad();
        Var[] vs = new Var[xs.length];
        for (int i = 0; i < xs.length; i++) vs[i] = Var.param(xs[i].copy());
        Var y = f.apply(vs);
        float[] w = direction(y.size());
        y.backward(Tensor.wrap(w.clone(), y.shape().dims()));
        List<float[]> analytic = new ArrayList<>();
        for (Var v : vs) analytic.add(v.grad() == null ? new float[v.size()] : v.grad().toArray());
        for (Parameter p : ps) analytic.add(p.grad() == null ? new float[p.size()] : p.grad().toArray());
        m.zeroGrad();

        // numeric
        for (int t = 0; t < values.size(); t++) {
            Tensor v = values.get(t);
            float[] a = v.array();
            int off = v.offset();
            for (int e = 0; e < v.size(); e++) {
                float x0 = a[off + e];
                double h = step * Math.max(1, Math.abs(x0));
                float xp = (float) (x0 + h), xm = (float) (x0 - h);
                a[off + e] = xp;
                double lp = loss(f, xs, w);
                a[off + e] = xm;
                double lm = loss(f, xs, w);
                a[off + e] = x0;
                double numeric = (lp - lm) / ((double) xp - (double) xm);
                double an = analytic.get(t)[e];
                if (!(Math.abs(an - numeric) <= atol + rtol * Math.abs(numeric)))
                    fail(String.format("gradient mismatch for %s %s element %d: analytic %.6g, numeric %.6g",
                            names.get(t), v.shape(), e, an, numeric));
            }
        }
    }

    private static double loss(Function<Var[], Var> f, Tensor[] xs, float[] w) {
        Var[] vs = new Var[xs.length];
        for (int i = 0; i < xs.length; i++) vs[i] = Var.of(xs[i]);
        float[] y;
        try (Grad.Scope off = Grad.off()) {
            y = f.apply(vs).value().toArray();
        }
        double s = 0;
        for (int k = 0; k < y.length; k++) s += (double) w[k] * y[k];
        return s;
    }

    private static float[] direction(int n) {
        Random r = new Random(12345L);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = r.nextFloat() * 2 - 1;
        return w;
    }

    /** The values of a double array as floats. */
    static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    /** The parameter names of a module, in order. */
    static List<String> names(Module m) { return List.copyOf(m.namedParameters().keySet()); }
}
