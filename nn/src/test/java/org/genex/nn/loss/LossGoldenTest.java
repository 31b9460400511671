package org.genex.nn.loss;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import org.genex.autodiff.Functional;
import org.genex.autodiff.Functional.Reduction;
import org.genex.autodiff.Grad;
import org.genex.autodiff.Var;
import org.genex.tensor.Tensor;
import org.genex.tensor.io.DType;
import org.genex.tensor.io.SafetensorsFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every loss against PyTorch. The golden files are written by {@code nn/scripts/golden_losses.py}, whose docstring
 * says how to re-run it and what each stored tensor is: the inputs, each loss's per-element values
 * ({@code L.none}, {@code L.masked_none}), its reductions ({@code L.reduced}: sum, mean, masked sum, masked mean) and
 * the gradients of its (masked) mean with respect to every differentiable input ({@code L.grad.X},
 * {@code L.masked_grad.X}). PyTorch computed them in float64 from float32-exact inputs and they were rounded once to
 * float32. The test rebuilds every quantity with genex and compares; it fails if a file holds a tensor it did not
 * compare, and a golden gradient perturbed by 1e-4 (relative) fails. No PyTorch is needed to run it.
 *
 * <p><b>Tolerance</b>, element by element: {@code |actual - expected| <= RTOL |expected| + ATOL scale}, where
 * {@code scale} is the largest magnitude in the expected tensor, RTOL = 1e-5 and ATOL = 1e-6 (as autodiff's
 * GoldenTest). The golden values are exact results rounded once, so the tolerance covers genex's own float32
 * rounding only: a few float32 ulps (6e-8 relative each) of a value or of the larger terms it is a difference of.
 * The floor is for elements near 0 that are such differences (a gradient element of a softmax-based loss, a loss near
 * 0). The largest error seen is 0.17 of the tolerance, in the NB loss's theta gradient (digamma differences summed
 * over cells); the NB and ZINB values (lgamma terms up to ~120 cancelling to values of 1 to 40) reach 0.1 of it, every
 * other loss stays below 0.06 of it.
 */
class LossGoldenTest {
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-6;

    /** A loss of the Vars {@code v} (in the order of the file's differentiable inputs), under a mask, reduced. */
    interface Loss {
        Var apply(Var[] v, Tensor mask, Reduction reduction);
    }

    @ParameterizedTest
    @ValueSource(strings = {"losses_regression", "losses_classification", "losses_contrastive", "losses_cox",
            "losses_counts"})
    void everyLossMatchesPyTorch(String file) {
        Golden g = Golden.load(file);
        checker(file).accept(g);
        g.assertEverythingCompared();
    }

    /** The comparison is sharp: each file's largest stored gradient made 1e-4 larger (relative) fails its case. */
    @ParameterizedTest
    @ValueSource(strings = {"losses_regression", "losses_classification", "losses_contrastive", "losses_cox",
            "losses_counts"})
    void aPerturbedGoldenGradientFailsItsCase(String file) {
        Golden g = Golden.load(file);
        String key = null;
        int at = -1;
        float largest = -1;
        for (var e : g.floats.entrySet()) {
            if (!e.getKey().contains("grad.")) continue;
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
        AssertionError e = assertThrows(AssertionError.class, () -> checker(file).accept(g));
        assertTrue(e.getMessage().contains(key + ": element " + at + " "), e.getMessage());
    }

    static Consumer<Golden> checker(String file) {
        return switch (file) {
            case "losses_regression" -> LossGoldenTest::regression;
            case "losses_classification" -> LossGoldenTest::classification;
            case "losses_contrastive" -> LossGoldenTest::contrastive;
            case "losses_cox" -> LossGoldenTest::cox;
            case "losses_counts" -> LossGoldenTest::counts;
            default -> throw new IllegalArgumentException(file);
        };
    }

    // ------------------------------------------------------------------------------------------------ the files

    /** mse, l1, smooth L1 (beta 0.7 and 1), Huber (delta 1.3 and 1): every reduction, masked, gradients. */
    static void regression(Golden g) {
        Tensor mask = g.tensor("mask");
        String[] wrt = {"input", "target"};
        elementwise(g, "mse", (v, m, r) -> Losses.mse(v[0], v[1], m, r), mask, wrt);
        elementwise(g, "l1", (v, m, r) -> Losses.l1(v[0], v[1], m, r), mask, wrt);
        elementwise(g, "smooth_l1", (v, m, r) -> Losses.smoothL1(v[0], v[1], 0.7f, m, r), mask, wrt);
        elementwise(g, "smooth_l1_default", (v, m, r) -> m == null && r == Reduction.MEAN
                ? Losses.smoothL1(v[0], v[1]) : Losses.smoothL1(v[0], v[1], 1f, m, r), mask, wrt);
        elementwise(g, "huber", (v, m, r) -> Losses.huber(v[0], v[1], 1.3f, m, r), mask, wrt);
        elementwise(g, "huber_default", (v, m, r) -> m == null && r == Reduction.MEAN
                ? Losses.huber(v[0], v[1]) : Losses.huber(v[0], v[1], 1f, m, r), mask, wrt);
    }

    /** Cross-entropy (weights, ignore index, label smoothing), BCE with logits (weight, pos_weight), focal. */
    static void classification(Golden g) {
        long[] t = g.longs("targets");
        int[] targets = new int[t.length];
        for (int i = 0; i < t.length; i++) targets[i] = Math.toIntExact(t[i]);
        Tensor weight = g.tensor("ce_weight");
        crossEntropy(g, "ce", targets, weight, 0.1f);
        crossEntropy(g, "ce_plain", targets, null, 0f);
        crossEntropy(g, "ce_smooth", targets, null, 0.2f);

        Tensor mask = g.tensor("mask"), bceWeight = g.tensor("bce_weight"), posWeight = g.tensor("pos_weight");
        String[] wrt = {"input", "target"};
        elementwise(g, "bce", (v, m, r) -> Losses.bceWithLogits(v[0], v[1], bceWeight, posWeight, m, r), mask, wrt);
        elementwise(g, "bce_plain", (v, m, r) -> Losses.bceWithLogits(v[0], v[1], null, null, m, r), mask, wrt);
        elementwise(g, "focal", (v, m, r) -> Losses.sigmoidFocal(v[0], v[1], 0.25f, 2f, m, r), mask, wrt);
        elementwise(g, "focal_noalpha", (v, m, r) -> Losses.sigmoidFocal(v[0], v[1], -1f, 1.5f, m, r), null, wrt);
    }

    static void crossEntropy(Golden g, String name, int[] targets, Tensor weight, float smoothing) {
        Var logits = g.param("logits");
        Var mean = Losses.crossEntropy(logits, targets, weight, Functional.IGNORE_INDEX, smoothing, Reduction.MEAN);
        mean.backward();
        g.check(name + ".grad.logits", logits.grad());
        try (Grad.Scope off = Grad.off()) {
            Var x = Var.of(g.tensor("logits"));
            g.check(name + ".none", Losses.crossEntropy(x, targets, weight, Functional.IGNORE_INDEX, smoothing,
                    Reduction.NONE).value());
            Var sum = Losses.crossEntropy(x, targets, weight, Functional.IGNORE_INDEX, smoothing, Reduction.SUM);
            g.check(name + ".reduced", Tensor.of(sum.item(), mean.item()));
        }
        if (weight == null && smoothing == 0f)
            assertEquals(mean.item(), Losses.crossEntropy(Var.of(g.tensor("logits")), targets).item(), 0f, "defaults");
    }

    /** Symmetric InfoNCE (fixed and learnable temperature, raw and normalised rows) and CLIP. */
    static void contrastive(Golden g) {
        g.tensor("temperature");
        g.tensor("logit_scale");
        scalar(g, "infonce", v -> Losses.infoNce(v[0], v[1], 0.5f, false), "a", "b");
        scalar(g, "infonce_norm", v -> Losses.infoNce(v[0], v[1], 0.07f, true), "a", "b");
        scalar(g, "infonce_learned", v -> Losses.infoNce(v[0], v[1], v[2], true), "a", "b", "temperature");
        scalar(g, "clip", v -> Losses.clip(v[0], v[1], v[2]), "a", "b", "logit_scale");
    }

    /** The Breslow Cox loss, with ties and without. */
    static void cox(Golden g) {
        for (String name : new String[]{"cox", "cox_noties"}) {
            Tensor times = g.tensor(name + "_times"), events = g.tensor(name + "_events");
            Var eta = g.param(name + "_eta");
            Var mean = CoxLoss.breslow(eta, times, events);
            mean.backward();
            g.check(name + ".grad.eta", eta.grad());
            try (Grad.Scope off = Grad.off()) {
                Var x = Var.of(g.tensor(name + "_eta"));
                g.check(name + ".none", CoxLoss.breslow(x, times, events, Reduction.NONE).value());
                g.check(name + ".reduced",
                        Tensor.of(CoxLoss.breslow(x, times, events, Reduction.SUM).item(), mean.item()));
            }
        }
    }

    /** scvi-tools' NB and ZINB negative log-likelihoods, per-gene theta, masked. */
    static void counts(Golden g) {
        Tensor x = g.tensor("x"), mask = g.tensor("mask");
        elementwise(g, "nb", (v, m, r) -> CountLikelihoods.nbNll(x, v[0], v[1], m, r), mask, "mu", "theta");
        elementwise(g, "zinb", (v, m, r) -> CountLikelihoods.zinbNll(x, v[0], v[1], v[2], m, r), mask,
                "mu", "theta", "pi");
    }

    // ------------------------------------------------------------------------------------------------ checks

    /**
     * An elementwise loss: NONE, the reductions [SUM, MEAN (, masked SUM, masked MEAN)], the gradients of MEAN (and
     * of masked MEAN) with respect to each of {@code wrt}, and masked NONE.
     */
    static void elementwise(Golden g, String name, Loss loss, Tensor mask, String... wrt) {
        Var[] values = new Var[wrt.length];
        for (int i = 0; i < wrt.length; i++) values[i] = Var.of(g.tensor(wrt[i]));
        g.check(name + ".none", loss.apply(values, null, Reduction.NONE).value());
        float sum = loss.apply(values, null, Reduction.SUM).item();
        float mean = gradients(g, name + ".grad.", loss, null, wrt);
        if (mask == null) {
            g.check(name + ".reduced", Tensor.of(sum, mean));
            return;
        }
        g.check(name + ".masked_none", loss.apply(values, mask, Reduction.NONE).value());
        float maskedSum = loss.apply(values, mask, Reduction.SUM).item();
        float maskedMean = gradients(g, name + ".masked_grad.", loss, mask, wrt);
        g.check(name + ".reduced", Tensor.of(sum, mean, maskedSum, maskedMean));
    }

    /** Differentiates the MEAN of {@code loss} under {@code mask}, checks each gradient, returns the mean. */
    static float gradients(Golden g, String prefix, Loss loss, Tensor mask, String... wrt) {
        Var[] params = new Var[wrt.length];
        for (int i = 0; i < wrt.length; i++) params[i] = g.param(wrt[i]);
        Var mean = loss.apply(params, mask, Reduction.MEAN);
        mean.backward();
        for (int i = 0; i < wrt.length; i++) {
            assertNotNull(params[i].grad(), prefix + wrt[i] + ": no gradient");
            g.check(prefix + wrt[i], params[i].grad());
        }
        return mean.item();
    }

    /** A scalar loss: its value ({@code L.reduced}, one element) and its gradients. */
    static void scalar(Golden g, String name, Function<Var[], Var> loss, String... wrt) {
        float value = gradients(g, name + ".grad.", (v, m, r) -> loss.apply(v), null, wrt);
        g.check(name + ".reduced", Tensor.of(value));
    }

    // ------------------------------------------------------------------------------------------------ golden files

    /** One golden file: its tensors by name, and which of them the test has compared or used. */
    static final class Golden {
        final String name;
        final String description;
        final Map<String, Tensor> floats = new LinkedHashMap<>();
        final Map<String, long[]> longs = new LinkedHashMap<>();
        final Set<String> used = new TreeSet<>();

        private Golden(String name, String description) {
            this.name = name;
            this.description = description;
        }

        static Golden load(String name) {
            String resource = "/golden/" + name + ".safetensors";
            URL url = LossGoldenTest.class.getResource(resource);
            assertNotNull(url, "missing test resource " + resource + " (generate it: nn/scripts/golden_losses.py)");
            try (SafetensorsFile f = SafetensorsFile.open(Path.of(url.toURI()))) {
                assertEquals("nn/scripts/golden_losses.py", f.metadata().get("generator"), name + ": metadata");
                Golden g = new Golden(name, f.metadata().get("description"));
                for (SafetensorsFile.Entry e : f.entries()) {
                    if (e.dtype() == DType.I64) g.longs.put(e.name(), e.toLongs());
                    else if (e.dtype() == DType.F32) g.floats.put(e.name(), e.toTensor());
                    else fail(name + ": tensor " + e.name() + " has dtype " + e.dtype() + ", expected F32 or I64");
                }
                return g;
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            } catch (URISyntaxException ex) {
                throw new IllegalStateException(ex);
            }
        }

        /** A stored F32 tensor (an input), a copy. */
        Tensor tensor(String key) {
            Tensor t = floats.get(key);
            assertNotNull(t, name + ": no F32 tensor '" + key + "' (has " + floats.keySet() + ")");
            used.add(key);
            return t.copy();
        }

        long[] longs(String key) {
            long[] v = longs.get(key);
            assertNotNull(v, name + ": no I64 tensor '" + key + "' (has " + longs.keySet() + ")");
            used.add(key);
            return v;
        }

        /** A stored tensor as a leaf that requires a gradient. */
        Var param(String key) { return Var.param(tensor(key)); }

        /** {@code |a - e| <= RTOL |e| + ATOL max|e|} everywhere, with the element counts equal and no NaN. */
        void check(String key, Tensor actual) {
            Tensor expected = floats.get(key);
            assertNotNull(expected, name + ": no F32 tensor '" + key + "' (has " + floats.keySet() + ")");
            used.add(key);
            assertEquals(expected.size(), actual.size(), name + " " + key + ": element count, shape " + actual.shape()
                    + " vs " + expected.shape());
            float[] e = expected.toArray(), a = actual.toArray();
            double scale = 0;
            for (float v : e) scale = Math.max(scale, Math.abs(v));
            for (int i = 0; i < e.length; i++) {
                double diff = Math.abs((double) a[i] - e[i]), tol = RTOL * Math.abs(e[i]) + ATOL * scale;
                if (!(diff <= tol))
                    fail(name + " " + key + ": element " + i + " is " + a[i] + ", PyTorch has " + e[i] + " (diff "
                            + diff + ", tolerance " + tol + ")");
            }
        }

        void assertEverythingCompared() {
            Set<String> all = new TreeSet<>(floats.keySet());
            all.addAll(longs.keySet());
            all.removeAll(used);
            assertTrue(all.isEmpty(), name + ": stored but never compared or used: " + all);
        }
    }
}
