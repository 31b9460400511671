package org.genex.nn;

import static org.genex.tensor.TestTensors.assertClose;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.genex.autodiff.Var;
import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TransformerEncoderTest {

    static final List<String> PYTORCH_LAYER_KEYS = List.of("self_attn.in_proj_weight", "self_attn.in_proj_bias",
            "self_attn.out_proj.weight", "self_attn.out_proj.bias", "linear1.weight", "linear1.bias", "linear2.weight",
            "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias");

    /** A small layer with every parameter random (norm weights and biases included), dropout 0.1. */
    static TransformerEncoderLayer layer(boolean normFirst, Layer activation, long seed) {
        TransformerEncoderLayer l = new TransformerEncoderLayer(4, 2, 6, 0.1f, activation, 1e-5f, normFirst, true,
                Rng.seeded(seed));
        for (var e : l.namedParameters().entrySet())
            e.getValue().copyFrom(LayerCheck.random(seed + e.getKey().hashCode(), 0.7f, e.getValue().shape().dims())
                    .add(e.getKey().startsWith("norm") && e.getKey().endsWith("weight") ? 1f : 0f));
        return l;
    }

    // ---------------------------------------------------------------------------------------- double references

    static double[] layerNorm(double[] x, int d, Tensor w, Tensor b, double eps) {
        double[] y = new double[x.length];
        for (int r = 0; r < x.length / d; r++) {
            double m = 0, v = 0;
            for (int j = 0; j < d; j++) m += x[r * d + j] / d;
            for (int j = 0; j < d; j++) v += (x[r * d + j] - m) * (x[r * d + j] - m) / d;
            for (int j = 0; j < d; j++) y[r * d + j] = (x[r * d + j] - m) / Math.sqrt(v + eps) * w.get(j) + b.get(j);
        }
        return y;
    }

    static double[] linear(double[] x, Tensor w, Tensor b) {
        int out = w.dim(0), in = w.dim(1), rows = x.length / in;
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < out; o++) {
                double s = b.get(o);
                for (int c = 0; c < in; c++) s += w.get(o, c) * x[r * in + c];
                y[r * out + o] = s;
            }
        return y;
    }

    static double[] add(double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) y[i] = a[i] + b[i];
        return y;
    }

    static double[] relu(double[] a) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) y[i] = Math.max(0, a[i]);
        return y;
    }

    static double[] toDouble(Tensor t) {
        float[] f = t.toArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    static double[] selfAttention(TransformerEncoderLayer l, double[] x, Shape s, boolean[][][] masks) {
        Tensor t = Tensor.wrap(LayerCheck.floats(x), s.dims());
        return MultiHeadAttentionTest.reference(l.selfAttn(), t, t, t, masks).out();
    }

    static double[] feedForward(TransformerEncoderLayer l, double[] x) {
        Map<String, Tensor> sd = l.stateDict();
        return linear(relu(linear(x, sd.get("linear1.weight"), sd.get("linear1.bias"))), sd.get("linear2.weight"),
                sd.get("linear2.bias"));
    }

    static double[] norm(TransformerEncoderLayer l, int which, double[] x) {
        Map<String, Tensor> sd = l.stateDict();
        return layerNorm(x, 4, sd.get("norm" + which + ".weight"), sd.get("norm" + which + ".bias"), 1e-5);
    }

    // ---------------------------------------------------------------------------------------- tests

    @Test
    void aLayerHasPyTorchsKeysAndChildren() {
        TransformerEncoderLayer l = new TransformerEncoderLayer(8, 2, Rng.seeded(1));
        assertEquals(PYTORCH_LAYER_KEYS, LayerCheck.names(l));
        assertEquals(Shape.of(2048, 8), l.stateDict().get("linear1.weight").shape());
        assertTrue(l.namedModules().keySet().containsAll(List.of("self_attn", "self_attn.out_proj", "linear1",
                "dropout", "linear2", "norm1", "norm2", "dropout1", "dropout2")));
        assertEquals(0.1f, ((Dropout) l.namedModules().get("dropout1")).p);
        assertEquals(0.1f, l.selfAttn().attnDropout().p);
        assertFalse(l.normFirst);
    }

    @Test
    void postNormFollowsPyTorchsFormula() {
        TransformerEncoderLayer l = layer(false, new ReLU(), 2);
        l.eval();
        Tensor x = LayerCheck.random(3, 2, 3, 4);
        boolean[][] pad = {{false, false, true}, {false, false, false}};
        boolean[][][] masks = MultiHeadAttentionTest.masks(2, 3, 3, pad, false);
        // x = norm1(x + sa(x)); x = norm2(x + ff(x))
        double[] h = norm(l, 1, add(toDouble(x), selfAttention(l, toDouble(x), x.shape(), masks)));
        double[] y = norm(l, 2, add(h, feedForward(l, h)));
        assertClose(LayerCheck.floats(y), l.forward(Var.of(x), null, pad, false).value().toArray(), 1e-4, 1e-4,
                "post-norm");
    }

    @Test
    void preNormFollowsPyTorchsFormula() {
        TransformerEncoderLayer l = layer(true, new ReLU(), 4);
        l.eval();
        Tensor x = LayerCheck.random(5, 2, 3, 4);
        boolean[][][] masks = MultiHeadAttentionTest.masks(2, 3, 3, null, true);
        // x = x + sa(norm1(x)); x = x + ff(norm2(x))
        double[] h = add(toDouble(x), selfAttention(l, norm(l, 1, toDouble(x)), x.shape(), masks));
        double[] y = add(h, feedForward(l, norm(l, 2, h)));
        assertClose(LayerCheck.floats(y), l.forward(Var.of(x), null, null, true).value().toArray(), 1e-4, 1e-4,
                "pre-norm");
        // the same weights in post-norm give something else
        TransformerEncoderLayer post = layer(false, new ReLU(), 4);
        post.eval();
        assertFalse(java.util.Arrays.equals(post.forward(Var.of(x), null, null, true).value().toArray(),
                l.forward(Var.of(x), null, null, true).value().toArray()));
    }

    @Test
    void theActivationIsPluggable() {
        TransformerEncoderLayer relu = layer(false, new ReLU(), 6), gelu = layer(false, new GELU(), 6);
        relu.eval();
        gelu.eval();
        Tensor x = LayerCheck.random(7, 1, 3, 4);
        assertFalse(java.util.Arrays.equals(relu.forward(Var.of(x)).value().toArray(),
                gelu.forward(Var.of(x)).value().toArray()));
        assertEquals(PYTORCH_LAYER_KEYS, LayerCheck.names(gelu));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (boolean normFirst : new boolean[]{false, true}) {
            TransformerEncoderLayer l = layer(normFirst, new GELU(), 8);
            l.eval();
            LayerCheck.gradCheck(l, 1e-2, 2e-2, 2e-3, v -> l.forward(v[0]), LayerCheck.random(9, 2, 3, 4));
        }
    }

    /** Every dropout of a module, by name: what a trainer saves for an exact resume. */
    static List<Dropout> dropouts(Module m) {
        List<Dropout> out = new ArrayList<>();
        for (Module c : m.namedModules().values()) if (c instanceof Dropout d) out.add(d);
        return out;
    }

    @Test
    void trainingDropoutIsReproducibleFromTheCounters() {
        TransformerEncoderLayer l = layer(false, new ReLU(), 10);
        Tensor x = LayerCheck.random(11, 2, 5, 4);
        l.eval();
        float[] clean = l.forward(Var.of(x)).value().toArray();
        l.train();
        float[] a = l.forward(Var.of(x)).value().toArray();
        assertFalse(java.util.Arrays.equals(clean, a));
        List<Dropout> ds = dropouts(l);
        assertEquals(4, ds.size(), "dropout, dropout1, dropout2 and the attention's");
        for (Dropout d : ds) assertEquals(1, d.calls());
        float[] b = l.forward(Var.of(x)).value().toArray();
        assertFalse(java.util.Arrays.equals(a, b), "the next call draws new masks");
        for (Dropout d : ds) d.setCalls(0);
        assertArrayEquals(a, l.forward(Var.of(x)).value().toArray());
    }

    @Test
    void anEncoderStacksLayersWithPyTorchsNames() {
        Rng rng = Rng.seeded(12);
        LayerNorm norm = new LayerNorm(4);
        TransformerEncoder enc = new TransformerEncoder(i -> new TransformerEncoderLayer(4, 2, 6, 0f, new ReLU(), 1e-5f,
                true, true, rng), 3, norm);
        List<String> names = LayerCheck.names(enc);
        assertEquals(3 * 12 + 2, names.size());
        for (int i = 0; i < 3; i++)
            for (String k : PYTORCH_LAYER_KEYS) assertTrue(names.contains("layers." + i + "." + k), i + "." + k);
        assertEquals(List.of("norm.weight", "norm.bias"), names.subList(36, 38));
        assertFalse(java.util.Arrays.equals(enc.layers().get(0).linear1().weight().value().toArray(),
                enc.layers().get(1).linear1().weight().value().toArray()), "independent initialisation");
        Tensor x = LayerCheck.random(13, 2, 3, 4);
        boolean[][] pad = {{false, true, false}, {false, false, false}};
        Var e = Var.of(x);
        for (TransformerEncoderLayer l : enc.layers()) e = l.forward(e, null, pad, true);
        assertArrayEquals(norm.forward(e).value().toArray(), enc.forward(Var.of(x), null, pad, true).value().toArray());

        TransformerEncoder bare = new TransformerEncoder(i -> new TransformerEncoderLayer(4, 2, rng), 2, null);
        assertNull(bare.norm());
        assertTrue(LayerCheck.names(bare).stream().noneMatch(n -> n.startsWith("norm")));
        assertEquals(Shape.of(2, 3, 4), bare.forward(Var.of(x)).shape());
        assertThrows(IllegalArgumentException.class, () -> new TransformerEncoder(i -> null, 0, null));
    }
}
