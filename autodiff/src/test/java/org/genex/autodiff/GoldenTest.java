package org.genex.autodiff;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.genex.tensor.*;
import org.genex.tensor.io.DType;
import org.genex.tensor.io.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Composite graphs against PyTorch. Each golden file (written by {@code autodiff/scripts/golden.py}, which documents
 * every graph and how to re-run it) holds the inputs, the parameters, PyTorch's outputs and the gradients of the loss
 * with respect to every input and parameter. Each case builds the same graph with {@link Var} ops, with the fused ops
 * and again with their {@link Composite} twins where both exist, and compares the outputs and every gradient stored.
 * No PyTorch is needed to run it.
 *
 * <p><b>Tolerance</b>, element by element: {@code |actual - expected| <= RTOL |expected| + ATOL scale}, RTOL = 1e-5,
 * ATOL = 1e-6, where {@code scale} is the largest magnitude in the expected tensor. The floor, a millionth of the
 * tensor's largest value (about 8 float32 ulps of it), is for the elements near 0 that are differences of much
 * larger float32 terms (a layer norm's input gradient sums to zero along each row, for instance): their relative
 * error is not meaningful. The golden values are the float64 results rounded once to float32, so the tolerance has
 * to cover genex's float32 rounding only; the worst error seen is about 3e-7 of the scale.
 */
class GoldenTest {
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-6;

    /** Which implementation of the ops that have both a fused and a composite form. */
    enum Impl { FUSED, COMPOSITE }

    /** The attention case four ways: fused or composite attention, each with the causal flag or a mask tensor. */
    enum AttentionImpl {
        FUSED_CAUSAL_FLAG, FUSED_MASK_TENSOR, COMPOSITE_CAUSAL_FLAG, COMPOSITE_MASK_TENSOR;

        boolean fused() { return this == FUSED_CAUSAL_FLAG || this == FUSED_MASK_TENSOR; }
        boolean causalFlag() { return this == FUSED_CAUSAL_FLAG || this == COMPOSITE_CAUSAL_FLAG; }
    }

    // ------------------------------------------------------------------------------------------------ the tests

    @ParameterizedTest
    @EnumSource(Impl.class)
    void mlpWithTanhGeluAndMseLoss(Impl impl) { mlp(Golden.load("mlp"), impl); }

    @ParameterizedTest
    @EnumSource(AttentionImpl.class)
    void causalMultiHeadAttention(AttentionImpl impl) { attention(Golden.load("attention"), impl); }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void layerNormLinearReluLayerNorm(Impl impl) { layerNormChain(Golden.load("layernorm"), impl); }

    @Test
    void maskedEmbeddingSum() { maskedEmbedding(Golden.load("embedding")); }

    @ParameterizedTest
    @EnumSource(Impl.class)
    void crossEntropyWithIgnoredTargetsLabelSmoothingAndClassWeights(Impl impl) {
        crossEntropy(Golden.load("crossentropy"), impl);
    }

    /**
     * The comparison is sharp: the largest gradient value of each file, made 1e-4 larger (relative), makes its case
     * fail, naming that gradient.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mlp", "attention", "layernorm", "embedding", "crossentropy"})
    void aPerturbedGoldenValueFailsItsCase(String name) {
        Golden g = Golden.load(name);
        String key = null;
        int at = -1;
        float largest = -1;
        for (var e : g.floats.entrySet()) {
            if (!e.getKey().startsWith("grad.")) continue;
            float[] v = e.getValue().toArray();
            for (int i = 0; i < v.length; i++)
                if (Math.abs(v[i]) > largest) {
                    largest = Math.abs(v[i]);
                    key = e.getKey();
                    at = i;
                }
        }
        Tensor t = g.floats.get(key);
        t.array()[t.offset() + at] *= 1 + 1e-4f;
        BiConsumer<Golden, Impl> run = switch (name) {
            case "mlp" -> GoldenTest::mlp;
            case "attention" -> (gg, impl) -> attention(gg, AttentionImpl.FUSED_CAUSAL_FLAG);
            case "layernorm" -> GoldenTest::layerNormChain;
            case "embedding" -> (gg, impl) -> maskedEmbedding(gg);
            default -> GoldenTest::crossEntropy;
        };
        AssertionError e = assertThrows(AssertionError.class, () -> run.accept(g, Impl.FUSED));
        assertTrue(e.getMessage().contains(key + ": element " + at + " "), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------------ the cases

    /** x [4, 16] -> Linear -> tanh -> Linear -> GELU -> Linear = out [4, 8]; loss = mean((out - target)^2). */
    static void mlp(Golden g, Impl impl) {
        Var x = g.param("x"), target = g.param("target");
        Var w1 = g.param("w1"), b1 = g.param("b1"), w2 = g.param("w2"), b2 = g.param("b2");
        Var w3 = g.param("w3"), b3 = g.param("b3");
        Var h1 = linear(x, w1, b1).tanh();
        Var a2 = linear(h1, w2, b2);
        Var h2 = impl == Impl.FUSED ? a2.gelu() : Composite.gelu(a2);
        Var out = linear(h2, w3, b3);
        Var loss = out.sub(target).square().mean();
        loss.backward();
        g.check("out", out);
        g.check("loss", loss);
        g.checkGrads(x, target, w1, b1, w2, b2, w3, b3);
    }

    /** Causal self-attention, 4 heads, over x [2, 5, 16], with q/k/v/output projections; loss = sum(out^2). */
    static void attention(Golden g, AttentionImpl impl) {
        int b = 2, l = 5, d = 16, heads = 4, hd = d / heads;
        Var x = g.param("x");
        Var wq = g.param("wq"), bq = g.param("bq"), wk = g.param("wk"), bk = g.param("bk");
        Var wv = g.param("wv"), bv = g.param("bv"), wo = g.param("wo"), bo = g.param("bo");
        Var q = splitHeads(linear(x, wq, bq), heads), k = splitHeads(linear(x, wk, bk), heads);
        Var v = splitHeads(linear(x, wv, bv), heads);                         // [b, heads, l, hd]
        float scale = (float) (1 / Math.sqrt(hd));
        Tensor mask = impl.causalFlag() ? null : Tensor.zeros(l, l);           // -inf where key j > query i
        for (int i = 0; i < l && mask != null; i++)
            for (int j = i + 1; j < l; j++) mask.set(Float.NEGATIVE_INFINITY, i, j);
        boolean causal = impl.causalFlag();
        Var o = impl.fused() ? Functional.scaledDotProductAttention(q, k, v, mask, causal, scale, null)
                : Composite.attention(q, k, v, mask, causal, scale);
        Var merged = o.permute(0, 2, 1, 3).reshape(b, l, d);
        Var out = linear(merged, wo, bo);
        Var loss = out.square().sum();
        loss.backward();
        g.check("attn", o);
        g.check("out", out);
        g.check("loss", loss);
        // The key bias's gradient is 0 in exact arithmetic (q . bk is the same for every key of a row, and softmax
        // ignores a shift): both sides hold rounding noise, PyTorch's about 1e-15 and genex's about 1e-6. It is
        // measured against the scale of the gradient that reaches the key projection, grad.wk.
        g.scaleLike("grad.bk", "grad.wk");
        g.checkGrads(x, wq, bq, wk, bk, wv, bv, wo, bo);
    }

    /** x [4, 6, 10] -> LayerNorm (affine) -> Linear -> ReLU -> LayerNorm (no affine) = out; loss = mean(out probe). */
    static void layerNormChain(Golden g, Impl impl) {
        Var x = g.param("x"), gamma = g.param("gamma"), beta = g.param("beta"), w = g.param("w"), b = g.param("b");
        Var probe = g.param("probe");
        Var h = layerNorm(impl, x, gamma, beta);
        Var out = layerNorm(impl, linear(h, w, b).relu(), null, null);
        Var loss = out.mul(probe).mean();
        loss.backward();
        g.check("out", out);
        g.check("loss", loss);
        g.checkGrads(x, gamma, beta, w, b, probe);
    }

    /** Embedding rows of ids [3, 7] times the padding mask, summed over the sequence, dotted with w; sum of squares. */
    static void maskedEmbedding(Golden g) {
        Var table = g.param("table"), w = g.param("w");
        long[] ids = g.longs("ids");
        int batch = 3, len = 7, dim = table.dim(1);
        int[] index = new int[ids.length];
        float[] keep = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            index[i] = Math.toIntExact(ids[i]);
            keep[i] = ids[i] == 0 ? 0f : 1f;                                   // padding id 0 is masked out
        }
        Var mask = Var.of(Tensor.wrap(keep, batch, len, 1));
        Var e = table.indexSelect(0, index).reshape(batch, len, dim).mul(mask);    // [3, 7, 8]
        Var s = e.sum(false, 1);                                                // [3, 8]
        Var out = s.matmul(w.reshape(dim, 1)).reshape(batch);                   // [3]
        Var loss = out.square().sum();
        loss.backward();
        g.check("out", out);
        g.check("loss", loss);
        g.checkGrads(table, w);
        assertArrayEquals(new float[dim], table.grad().row(0).toArray(), "the padding row gets no gradient");
    }

    /** Weighted, label-smoothed cross-entropy with ignored rows: MEAN (and its gradient), NONE and SUM. */
    static void crossEntropy(Golden g, Impl impl) {
        Var logits = g.param("logits");
        Tensor weight = g.tensor("weight");
        long[] t = g.longs("targets");
        int[] targets = new int[t.length];
        for (int i = 0; i < t.length; i++) targets[i] = Math.toIntExact(t[i]);
        Var loss = crossEntropy(impl, logits, targets, weight, Functional.Reduction.MEAN);
        loss.backward();
        g.check("loss", loss);
        g.checkGrads(logits);
        try (Grad.Scope off = Grad.off()) {
            g.check("losses", crossEntropy(impl, logits, targets, weight, Functional.Reduction.NONE));
            g.check("loss_sum", crossEntropy(impl, logits, targets, weight, Functional.Reduction.SUM));
        }
    }

    // ------------------------------------------------------------------------------------------------ building blocks

    /** PyTorch's Linear: {@code x W^T + b} with W [out, in]. */
    private static Var linear(Var x, Var w, Var b) { return x.matmul(w, false, true).add(b); }

    /** [b, l, heads * hd] to [b, heads, l, hd]. */
    private static Var splitHeads(Var t, int heads) {
        return t.reshape(t.dim(0), t.dim(1), heads, t.dim(2) / heads).permute(0, 2, 1, 3);
    }

    private static Var layerNorm(Impl impl, Var x, Var gamma, Var beta) {
        return impl == Impl.FUSED ? Functional.layerNorm(x, gamma, beta, 1e-5f)
                : Composite.layerNorm(x, gamma, beta, 1e-5f);
    }

    private static Var crossEntropy(Impl impl, Var logits, int[] targets, Tensor weight, Functional.Reduction r) {
        return impl == Impl.FUSED
                ? Functional.crossEntropy(logits, targets, weight, Functional.IGNORE_INDEX, 0.1f, r)
                : Composite.crossEntropy(logits, targets, weight, Functional.IGNORE_INDEX, 0.1f, r);
    }

    private static double maxAbs(Tensor t) {
        double max = 0;
        for (float v : t.toArray()) max = Math.max(max, Math.abs(v));
        return max;
    }

    /** {@code |a - e| <= RTOL |e| + ATOL scale} everywhere, with the shapes equal and no NaN. */
    static void assertCloseScaled(String what, Tensor actual, Tensor expected, double scale) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.toArray(), a = actual.toArray();
        double floor = ATOL * scale;
        for (int i = 0; i < e.length; i++) {
            double diff = Math.abs((double) a[i] - e[i]), tol = RTOL * Math.abs(e[i]) + floor;
            if (!(diff <= tol))
                fail(what + ": element " + i + " is " + a[i] + ", PyTorch has " + e[i] + " (diff " + diff
                        + ", tolerance " + tol + ")");
        }
    }

    // ------------------------------------------------------------------------------------------------ golden files

    /** One golden file: its tensors by name, and the Vars made from them (to find each one's gradient by name). */
    static final class Golden {
        final String name;
        final Map<String, Tensor> floats = new LinkedHashMap<>();
        final Map<String, long[]> longs = new LinkedHashMap<>();
        final Map<Var, String> params = new IdentityHashMap<>();
        final Map<String, String> scaleOf = new LinkedHashMap<>();

        private Golden(String name) { this.name = name; }

        static Golden load(String name) {
            String resource = "/golden/" + name + ".safetensors";
            URL url = GoldenTest.class.getResource(resource);
            assertNotNull(url, "missing test resource " + resource + " (generate it: autodiff/scripts/golden.py)");
            Golden g = new Golden(name);
            try (SafetensorsFile f = SafetensorsFile.open(Path.of(url.toURI()))) {
                assertEquals("autodiff/scripts/golden.py", f.metadata().get("generator"), name + ": metadata");
                for (SafetensorsFile.Entry e : f.entries()) {
                    if (e.dtype() == DType.I64) g.longs.put(e.name(), e.toLongs());
                    else if (e.dtype() == DType.F32) g.floats.put(e.name(), e.toTensor());
                    else fail(name + ": tensor " + e.name() + " has dtype " + e.dtype() + ", expected F32 or I64");
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            } catch (URISyntaxException ex) {
                throw new IllegalStateException(ex);
            }
            return g;
        }

        Tensor tensor(String key) {
            Tensor t = floats.get(key);
            assertNotNull(t, name + ": no F32 tensor '" + key + "' (has " + floats.keySet() + ")");
            return t;
        }

        long[] longs(String key) {
            long[] v = longs.get(key);
            assertNotNull(v, name + ": no I64 tensor '" + key + "' (has " + longs.keySet() + ")");
            return v;
        }

        /** The stored tensor as a leaf that requires a gradient (a copy, so the file's values stay intact). */
        Var param(String key) {
            Var v = Var.param(tensor(key).copy());
            params.put(v, key);
            return v;
        }

        /** Measures {@code key}'s absolute floor against the largest value of {@code reference} (a zero gradient). */
        void scaleLike(String key, String reference) { scaleOf.put(key, reference); }

        /** Compares a computed tensor with the stored one of this name. */
        void check(String key, Var actual) { check(key, actual.value()); }

        void check(String key, Tensor actual) {
            Tensor expected = tensor(key);
            double scale = maxAbs(tensor(scaleOf.getOrDefault(key, key)));
            assertCloseScaled(name + " " + key, actual.reshape(expected.shape()), expected, scale);
        }

        /** Compares the gradient of each Var with the stored {@code grad.<name>}; every stored gradient is checked. */
        void checkGrads(Var... vars) {
            for (Var v : vars) {
                String key = params.get(v);
                assertNotNull(v.grad(), name + ": no gradient reached '" + key + "'");
                check("grad." + key, v.grad());
            }
            long stored = floats.keySet().stream().filter(k -> k.startsWith("grad.")).count();
            assertEquals(stored, vars.length, name + ": the file has " + stored + " gradients, the test checked "
                    + vars.length);
        }
    }
}
