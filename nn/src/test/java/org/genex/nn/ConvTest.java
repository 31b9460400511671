package org.genex.nn;

import static org.genex.tensor.TestTensors.assertClose;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.genex.autodiff.Var;
import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Conv2d against a naive convolution; CausalConv1d against PyTorch's recipe (padded Conv1d, first L outputs). */
class ConvTest {

    static double[] naiveConv2d(Tensor x, Tensor w, Tensor bias, int sh, int sw, int ph, int pw) {
        int b = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3), o = w.dim(0), kh = w.dim(2), kw = w.dim(3);
        int oh = (h + 2 * ph - kh) / sh + 1, ow = (wd + 2 * pw - kw) / sw + 1;
        double[] y = new double[b * o * oh * ow];
        for (int bi = 0; bi < b; bi++)
            for (int oc = 0; oc < o; oc++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++) {
                        double s = bias == null ? 0 : bias.get(oc);
                        for (int ci = 0; ci < c; ci++)
                            for (int ky = 0; ky < kh; ky++)
                                for (int kx = 0; kx < kw; kx++) {
                                    int iy = oy * sh - ph + ky, ix = ox * sw - pw + kx;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd)
                                        s += (double) w.get(oc, ci, ky, kx) * x.get(bi, ci, iy, ix);
                                }
                        y[((bi * o + oc) * oh + oy) * ow + ox] = s;
                    }
        return y;
    }

    @Test
    void conv2dHasPyTorchsParametersAndMatchesANaiveConvolution() {
        Conv2d conv = new Conv2d(3, 4, 3, 2, 2, 1, 1, 0, true, Rng.seeded(1));
        assertEquals(List.of("weight", "bias"), LayerCheck.names(conv));
        assertEquals(Shape.of(4, 3, 3, 2), conv.weight().shape());
        double bound = 1 / Math.sqrt(3 * 3 * 2);                 // kaiming_uniform(a = sqrt 5) on fan-in in kh kw
        for (float v : conv.weight().value().toArray()) assertTrue(Math.abs(v) <= bound);
        for (float v : conv.bias().value().toArray()) assertTrue(Math.abs(v) <= bound);
        Tensor x = LayerCheck.random(2, 2, 3, 7, 6);
        Var y = conv.forward(Var.of(x));
        assertEquals(conv.outputShape(x.shape()), y.shape());
        assertEquals(Shape.of(2, 4, 4, 5), y.shape());              // (7 + 2 - 3) / 2 + 1, (6 - 2) / 1 + 1
        assertClose(LayerCheck.floats(naiveConv2d(x, conv.weight().value(), conv.bias().value(), 2, 1, 1, 0)),
                y.value().toArray(), 1e-5, 1e-5, "conv2d");
        // unbatched input
        Var one = conv.forward(Var.of(x.row(1)));
        assertEquals(Shape.of(4, 4, 5), one.shape());
        assertClose(y.value().row(1).toArray(), one.value().toArray(), 1e-6, 1e-6, "unbatched");
    }

    @Test
    void aPatchEmbeddingCutsTheImageIntoTiles() {
        Conv2d patches = new Conv2d(2, 5, 4, 4, 0, false, Rng.seeded(3));  // ViT: kernel = stride = patch
        assertEquals(List.of("weight"), LayerCheck.names(patches));
        Tensor x = LayerCheck.random(4, 1, 2, 8, 12);
        Var y = patches.forward(Var.of(x));
        assertEquals(Shape.of(1, 5, 2, 3), y.shape());
        assertClose(LayerCheck.floats(naiveConv2d(x, patches.weight().value(), null, 4, 4, 0, 0)), y.value().toArray(),
                1e-5, 1e-5, "patches");
    }

    @Test
    void conv2dGradientsMatchFiniteDifferences() {
        Conv2d conv = new Conv2d(2, 3, 2, 3, 1, 2, 1, 1, true, Rng.seeded(5));
        LayerCheck.gradCheck(conv, v -> conv.forward(v[0]), LayerCheck.random(6, 2, 2, 4, 5));
    }

    @Test
    void conv2dNamesBadInputs() {
        Conv2d conv = new Conv2d(3, 4, 3, 1, 0, true, Rng.seeded(1));
        var e = assertThrows(IllegalArgumentException.class, () -> conv.forward(Var.of(Tensor.zeros(1, 2, 5, 5))));
        assertTrue(e.getMessage().contains("Conv2d(3, 4") && e.getMessage().contains("[1, 2, 5, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> conv.forward(Var.of(Tensor.zeros(1, 3, 2, 5))));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3, 0, 0, true, Rng.seeded(1)));
    }

    // ============================================================================================ causal conv1d

    /** PyTorch: conv1d(x^T, w [C, 1, K], groups = C, padding = K - 1), keep outputs 0 .. L-1, transpose back. */
    static double[] pytorchCausalConv(Tensor x, Tensor w, Tensor bias) {
        int b = x.dim(0), len = x.dim(1), c = x.dim(2), k = w.dim(2);
        double[] y = new double[b * len * c];
        for (int bi = 0; bi < b; bi++)
            for (int ch = 0; ch < c; ch++) {
                double[] padded = new double[len + 2 * (k - 1)];
                for (int t = 0; t < len; t++) padded[k - 1 + t] = x.get(bi, t, ch);
                for (int t = 0; t < len; t++) {                  // full output has len + k - 1 entries; keep len
                    double s = bias == null ? 0 : bias.get(ch);
                    for (int j = 0; j < k; j++) s += w.get(ch, 0, j) * padded[t + j];
                    y[(bi * len + t) * c + ch] = s;
                }
            }
        return y;
    }

    @Test
    void causalConv1dHasPyTorchsParametersAndRecipe() {
        CausalConv1d conv = new CausalConv1d(5, 4, true, Rng.seeded(7));
        assertEquals(List.of("weight", "bias"), LayerCheck.names(conv));
        assertEquals(Shape.of(5, 1, 4), conv.weight().shape());
        assertEquals(Shape.of(5), conv.bias().shape());
        for (float v : conv.weight().value().toArray()) assertTrue(Math.abs(v) <= 0.5f);   // 1 / sqrt(fan-in 4)
        Tensor x = LayerCheck.random(8, 2, 9, 5);
        Var y = conv.forward(Var.of(x));
        assertEquals(Shape.of(2, 9, 5), y.shape());
        assertClose(LayerCheck.floats(pytorchCausalConv(x, conv.weight().value(), conv.bias().value())),
                y.value().toArray(), 1e-5, 1e-5, "causal conv");
        // causal: changing step 6 leaves steps 0..5 alone
        Tensor x2 = x.copy();
        x2.set(3f, 0, 6, 2);
        float[] a = y.value().toArray(), b = conv.forward(Var.of(x2)).value().toArray();
        for (int t = 0; t < 6; t++) assertEquals(a[t * 5 + 2], b[t * 5 + 2], "step " + t);
        assertNotEquals(a[6 * 5 + 2], b[6 * 5 + 2]);
        CausalConv1d noBias = new CausalConv1d(5, 3, false, Rng.seeded(7));
        assertEquals(List.of("weight"), LayerCheck.names(noBias));
        assertClose(LayerCheck.floats(pytorchCausalConv(x, noBias.weight().value(), null)),
                noBias.forward(Var.of(x)).value().toArray(), 1e-5, 1e-5, "no bias");
    }

    @Test
    void causalConv1dGradientsMatchFiniteDifferences() {
        CausalConv1d conv = new CausalConv1d(3, 3, true, Rng.seeded(9));
        LayerCheck.gradCheck(conv, v -> conv.forward(v[0]).tanh(), LayerCheck.random(10, 2, 5, 3));
    }

    @Test
    void causalConv1dWantsChannelsLast() {
        CausalConv1d conv = new CausalConv1d(4, 3, true, Rng.seeded(1));
        var e = assertThrows(IllegalArgumentException.class, () -> conv.forward(Var.of(Tensor.zeros(2, 4, 7))));
        assertTrue(e.getMessage().contains("channels-last") && e.getMessage().contains("[2, 4, 7]"), e.getMessage());
    }
}
