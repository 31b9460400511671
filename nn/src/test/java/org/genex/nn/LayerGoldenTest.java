package org.genex.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.function.Consumer;
import org.genex.autodiff.Grad;
import org.genex.autodiff.Var;
import org.genex.nn.MultiHeadAttention.Weights;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every layer against PyTorch's own module with the same weights: the forward output and the gradients with respect
 * to the inputs and every parameter. The golden files are written by {@code nn/scripts/golden_layers.py} (which
 * documents each case and how to re-run it; no PyTorch is needed to run this test). Each case builds the genex layer
 * with some random initialisation, loads PyTorch's parameters through the strict {@link Module#loadStateDict} after
 * asserting that genex's state-dict keys and shapes are exactly PyTorch's ({@link GoldenFile#loadInto}), runs the
 * forward pass, compares it with PyTorch's, back-propagates the stored upstream gradient {@code dout.y} and compares
 * every gradient the file holds (the test fails if one is left unchecked).
 *
 * <p><b>Tolerance</b>, element by element: {@code |actual - expected| <= RTOL |expected| + ATOL scale}, where
 * {@code scale} is the largest magnitude in the expected tensor. The golden values are the float64 results rounded
 * once, so the tolerance only has to cover genex's float32 rounding. RTOL = 1e-5 is about 80 float32 ulps of each
 * value; the floor ATOL = 1e-6 of the tensor's largest value (about 8 ulps of it) is for the elements near 0 that are
 * differences of much larger float32 terms (a norm's input gradient sums to zero over each row; an attention output is
 * a convex combination of values of both signs), whose relative error is not meaningful. The same tolerance serves
 * every case, the two-layer encoder stack included; the margins are measured: run with
 * {@code -Dgenex.golden.report=true} to print how much of its tolerance each comparison uses. The worst is 0.18 (the
 * stack's input gradient; the MLP, the attention and the single encoder layers stay under 0.15, the other layers
 * under 0.06); on the scalar path ({@code -Dgenex.simd=false}) the worst is 0.21. So there is a factor of about
 * five to spare for other CPUs' rounding. The last test shows that the
 * comparison is sharp: a 1e-4 relative change of the largest gradient value of a file makes its case fail.
 */
class LayerGoldenTest {
    private static Rng rng() { return Rng.seeded(12345); }

    // ------------------------------------------------------------------------------------------------ simple layers

    @Test
    void linear() { linear(GoldenFile.load("linear")); }

    static void linear(GoldenFile g) {
        Linear m = g.loadInto(new Linear(7, 5, true, rng()));
        Var x = g.input("x");
        g.checkOutputAndBackward(m.forward(x));
        g.checkGrads(m, x);
    }

    /** nn.Embedding with padding_idx 2: the (loaded, non-zero) padding row is looked up but gets no gradient. */
    @Test
    void embeddingWithPaddingIdx() { embedding(GoldenFile.load("embedding")); }

    static void embedding(GoldenFile g) {
        Embedding m = g.loadInto(new Embedding(10, 6, 2, rng()));
        g.checkOutputAndBackward(m.forward(g.ints("ids"), 3, 5));
        g.checkGrads(m);
        assertArrayEquals(new float[6], m.weight().grad().row(2).toArray(), "the padding row gets no gradient");
        assertNotEquals(0f, g.tensor("weight").get(2, 0), "the padding row of the loaded weight is not zero");
    }

    @Test
    void layerNorm() {
        GoldenFile g = GoldenFile.load("layernorm");
        LayerNorm m = g.loadInto(new LayerNorm(12));
        Var x = g.input("x");
        g.checkOutputAndBackward(m.forward(x));
        g.checkGrads(m, x);
    }

    /** torch 1.13 has no nn.RMSNorm: the script writes it out, with genex's default eps (float32 machine epsilon). */
    @Test
    void rmsNormWithDefaultEps() {
        GoldenFile g = GoldenFile.load("rmsnorm");
        RMSNorm m = g.loadInto(new RMSNorm(12));
        Var x = g.input("x");
        g.checkOutputAndBackward(m.forward(x));
        g.checkGrads(m, x);
    }

    // ------------------------------------------------------------------------------------------------ activations

    @Test
    void relu() { activation("act_relu", new ReLU()); }

    @Test
    void geluExact() { activation("act_gelu", new GELU()); }

    @Test
    void geluTanh() { activation("act_gelu_tanh", new GELU(true)); }

    @Test
    void silu() { activation("act_silu", new SiLU()); }

    @Test
    void tanh() { activation("act_tanh", new Tanh()); }

    /** SIREN's sin(30 x) (inputs N(0, 0.05^2), so the angles span about +-5 radians). */
    @Test
    void sine() { activation("act_sine", new Sine(30f)); }

    private static <L extends Module & Layer> void activation(String name, L layer) {
        GoldenFile g = GoldenFile.load(name);
        g.loadInto(layer);                                       // no parameters: checks the empty key set
        Var x = g.input("x");
        g.checkOutputAndBackward(layer.forward(x));
        g.checkGrads(layer, x);
    }

    @Test
    void mlp() { mlp(GoldenFile.load("mlp")); }

    static void mlp(GoldenFile g) {
        MLP m = g.loadInto(new MLP(new int[]{6, 16, 12, 3}, new GELU(), 0f, true, rng()));
        Var x = g.input("x");
        g.checkOutputAndBackward(m.forward(x));
        g.checkGrads(m, x);
    }

    // ------------------------------------------------------------------------------------------------ attention

    /** How a case passes its inputs and masks to {@link MultiHeadAttention#attend}. */
    private enum Kind { SELF, CROSS_KV_SHARED, CROSS_SEPARATE, KEY_PADDING, CAUSAL_FLAG, CAUSAL_MASK_TENSOR }

    @Test
    void multiheadSelfAttention() { mha("mha_self", Kind.SELF, 16, 16); }

    @Test
    void multiheadCrossAttention() { mha("mha_cross", Kind.CROSS_KV_SHARED, 16, 16); }

    /** kdim 12, vdim 10: PyTorch's separate q/k/v_proj_weight parameters. */
    @Test
    void multiheadAttentionWithKdimVdim() { mha("mha_kvdim", Kind.CROSS_SEPARATE, 12, 10); }

    @Test
    void multiheadAttentionWithKeyPaddingMask() { mha("mha_key_padding", Kind.KEY_PADDING, 16, 16); }

    /** PyTorch's float causal attn_mask, matched both by genex's causal flag and by the same mask as a tensor. */
    @Test
    void multiheadAttentionCausal() {
        mha("mha_causal", Kind.CAUSAL_FLAG, 16, 16);
        mha("mha_causal", Kind.CAUSAL_MASK_TENSOR, 16, 16);
    }

    private static void mha(String name, Kind kind, int kdim, int vdim) {
        GoldenFile g = GoldenFile.load(name);
        MultiHeadAttention m = g.loadInto(new MultiHeadAttention(16, 4, 0f, true, kdim, vdim, rng()));
        m.eval();
        Var q = g.input("query");
        Var k = switch (kind) {
            case CROSS_KV_SHARED, CROSS_SEPARATE -> g.input("key");
            default -> q;
        };
        Var v = kind == Kind.CROSS_SEPARATE ? g.input("value") : k;
        boolean[][] kpm = kind == Kind.KEY_PADDING ? g.mask("key_padding_mask") : null;
        Tensor attnMask = kind == Kind.CAUSAL_MASK_TENSOR ? causalMask(q.dim(1), k.dim(1)) : null;
        boolean causal = kind == Kind.CAUSAL_FLAG;

        MultiHeadAttention.Output out = m.attend(q, k, v, kpm, attnMask, causal, Weights.AVERAGED);
        g.check("out.weights", out.weights());
        g.checkOutputAndBackward(out.output());
        try (Grad.Scope off = Grad.off()) {
            g.check("out.weights_per_head", m.attend(q, k, v, kpm, attnMask, causal, Weights.PER_HEAD).weights());
        }
        switch (kind) {
            case CROSS_KV_SHARED -> g.checkGrads(m, q, k);
            case CROSS_SEPARATE -> g.checkGrads(m, q, k, v);
            default -> g.checkGrads(m, q);
        }
    }

    // ------------------------------------------------------------------------------------------------ transformer

    @Test
    void encoderLayerPostNormRelu() { encoderLayer(GoldenFile.load("encoder_layer_post_relu"), false, new ReLU()); }

    @Test
    void encoderLayerPostNormGelu() { encoderLayer(GoldenFile.load("encoder_layer_post_gelu"), false, new GELU()); }

    @Test
    void encoderLayerPreNormRelu() { encoderLayer(GoldenFile.load("encoder_layer_pre_relu"), true, new ReLU()); }

    @Test
    void encoderLayerPreNormGelu() { encoderLayer(GoldenFile.load("encoder_layer_pre_gelu"), true, new GELU()); }

    static <L extends Module & Layer> void encoderLayer(GoldenFile g, boolean normFirst, L activation) {
        TransformerEncoderLayer m = g.loadInto(
                new TransformerEncoderLayer(16, 4, 32, 0f, activation, 1e-5f, normFirst, true, rng()));
        m.eval();
        Var x = g.input("x");
        g.checkOutputAndBackward(m.forward(x, null, g.mask("src_key_padding_mask"), false));
        g.checkGrads(m, x);
    }

    /** nn.TransformerEncoder: two pre-norm GELU layers with their own weights and a final LayerNorm. */
    @Test
    void encoderStackWithFinalNorm() { encoderStack(GoldenFile.load("encoder_stack")); }

    static void encoderStack(GoldenFile g) {
        Rng rng = rng();
        TransformerEncoder m = g.loadInto(new TransformerEncoder(
                i -> new TransformerEncoderLayer(16, 4, 32, 0f, new GELU(), 1e-5f, true, true, rng), 2,
                new LayerNorm(16)));
        m.eval();
        Var x = g.input("x");
        g.checkOutputAndBackward(m.forward(x, null, g.mask("src_key_padding_mask"), false));
        g.checkGrads(m, x);
    }

    // ------------------------------------------------------------------------------------------------ convolutions

    /** Stride = kernel = 4: a ViT patch embedding. */
    @Test
    void conv2dPatches() { conv2d(GoldenFile.load("conv2d_patches"), new Conv2d(3, 8, 4, 4, 0, true, rng())); }

    @Test
    void conv2dPaddedStride1() { conv2d(GoldenFile.load("conv2d_padded"), new Conv2d(3, 5, 3, 1, 1, true, rng())); }

    /** Kernel 3x2, stride 2x1, padding 1x0. */
    @Test
    void conv2dRectangular() {
        conv2d(GoldenFile.load("conv2d_rect"), new Conv2d(2, 4, 3, 2, 2, 1, 1, 0, true, rng()));
    }

    static void conv2d(GoldenFile g, Conv2d m) {
        g.loadInto(m);
        Var x = g.input("x");
        g.checkOutputAndBackward(m.forward(x));
        g.checkGrads(m, x);
    }

    /** Mamba's depthwise causal Conv1d (padding k-1, first L outputs kept), channels-last here. */
    @Test
    void causalDepthwiseConv1d() {
        GoldenFile g = GoldenFile.load("causal_conv1d");
        CausalConv1d m = g.loadInto(new CausalConv1d(6, 4, true, rng()));
        Var x = g.input("x");
        g.checkOutputAndBackward(m.forward(x));
        g.checkGrads(m, x);
    }

    // ------------------------------------------------------------------------------------------------ positions

    /** GPT-NeoX / HF half-split RoPE at positions 0..5; inv_freq equals HF's float32 values bit for bit. */
    @Test
    void rotaryEmbedding() { rotary(GoldenFile.load("rotary"), 8, 0); }

    /**
     * Positions 1000..1003: float32 angles there carry an absolute rounding of ~3e-5, so this passes only if genex
     * builds its tables by HF's float32 recipe (a float64 angle would differ by up to that much).
     */
    @Test
    void rotaryEmbeddingAtAnOffset() { rotary(GoldenFile.load("rotary_offset"), 16, 1000); }

    static void rotary(GoldenFile g, int headDim, int offset) {
        RotaryEmbedding m = g.loadInto(new RotaryEmbedding(headDim));
        assertArrayEquals(g.tensor("inv_freq").toArray(), m.invFreq(), 0f, "inv_freq");
        Var x = g.input("x");
        g.checkOutputAndBackward(m.apply(x, offset));
        g.checkGrads(m, x);
    }

    @Test
    void sinusoidalPositionalEncoding() { sinusoidal(GoldenFile.load("sinusoidal"), 10, 64); }

    /** An odd dimension: the last column is a sine. */
    @Test
    void sinusoidalPositionalEncodingOddDim() { sinusoidal(GoldenFile.load("sinusoidal_odd"), 7, 16); }

    static void sinusoidal(GoldenFile g, int dim, int maxLen) {
        SinusoidalPositionalEncoding m = new SinusoidalPositionalEncoding(dim, maxLen);
        // genex keeps the table as a buffer "pe" [maxLen, dim]; PyTorch's tutorial's is [maxLen, 1, dim] (documented)
        g.check("out.pe", m.stateDict().get("pe"));
        Var x = g.input("x");
        g.checkOutputAndBackward(m.forward(x));
        g.checkGrads(null, x);
    }

    @Test
    void learnedPositionalEmbedding() {
        GoldenFile g = GoldenFile.load("learned_positional");
        LearnedPositionalEmbedding m = g.loadInto(new LearnedPositionalEmbedding(12, 8, rng()));
        Var x = g.input("x");
        g.checkOutputAndBackward(m.forward(x, 3));
        g.checkGrads(m, x);
    }

    // ------------------------------------------------------------------------------------------------ sharpness

    /**
     * The comparison is sharp: the largest gradient value of a file made 1e-4 larger (relative) makes its case fail,
     * naming that gradient.
     */
    @ParameterizedTest
    @ValueSource(strings = {"linear", "embedding", "mlp", "encoder_stack"})
    void aPerturbedGoldenValueFailsItsCase(String name) {
        GoldenFile g = GoldenFile.load(name);
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
        Map<String, Consumer<GoldenFile>> cases = Map.of("linear", LayerGoldenTest::linear,
                "embedding", LayerGoldenTest::embedding, "mlp", LayerGoldenTest::mlp,
                "encoder_stack", LayerGoldenTest::encoderStack);
        AssertionError e = assertThrows(AssertionError.class, () -> cases.get(name).accept(g));
        assertTrue(e.getMessage().contains(key + ": element " + at + " "), e.getMessage());
    }

    /** The additive causal mask [lq, lk] as a tensor (PyTorch's square subsequent mask when lq == lk). */
    private static Tensor causalMask(int lq, int lk) {
        float[] m = new float[lq * lk];
        for (int i = 0; i < lq; i++)
            for (int j = Math.max(0, i + lk - lq + 1); j < lk; j++) m[i * lk + j] = Float.NEGATIVE_INFINITY;
        return Tensor.wrap(m, lq, lk);
    }
}
