package org.genex.autodiff;

import static org.genex.tensor.TestTensors.assertClose;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.genex.tensor.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The layer ops of {@link Functional} without a composite twin: the embedding lookup with a padding row, conv2d and
 * the causal depthwise conv1d, each against a naive double-precision loop written here and {@link GradCheck}.
 */
class LayerOpsTest {

    static Tensor random(long seed, int... dims) { return TestTensors.random(new Random(seed), dims); }

    // ============================================================================================ embedding

    @Test
    void embeddingLooksUpRowsAndSumsRepeatedIdsInTheGradient() {
        Tensor w = random(1, 5, 3);
        Var wp = Var.param(w.copy());
        int[] ids = {4, 0, 4, 2};
        Var y = Functional.embedding(wp, ids, -1);
        assertEquals(Shape.of(4, 3), y.shape());
        for (int i = 0; i < ids.length; i++)
            for (int j = 0; j < 3; j++) assertEquals(w.get(ids[i], j), y.value().get(i, j));
        y.backward(Tensor.full(y.shape(), 1f));
        float[] g = wp.grad().toArray();
        float[] counts = {1, 0, 1, 0, 2};
        for (int r = 0; r < 5; r++)
            for (int j = 0; j < 3; j++) assertEquals(counts[r], g[r * 3 + j], "row " + r);
        GradCheck.check(v -> Functional.embedding(v[0], ids, -1).tanh(), w);
    }

    @Test
    void thePaddingRowIsLookedUpButGetsNoGradient() {
        Tensor w = random(2, 4, 2);
        Var wp = Var.param(w.copy());
        int[] ids = {1, 3, 1, 0};
        Var y = Functional.embedding(wp, ids, 1);
        assertEquals(w.get(1, 0), y.value().get(0, 0));          // the padding row's value is used as it is
        y.backward(random(3, 4, 2));
        Tensor g = wp.grad();
        assertEquals(0f, g.get(1, 0));
        assertEquals(0f, g.get(1, 1));
        assertNotEquals(0f, g.get(3, 0));
        assertNotEquals(0f, g.get(0, 1));
        // every other row: the same gradient as without padding
        Var wq = Var.param(w.copy());
        Var z = Functional.embedding(wq, ids, -1);
        z.backward(random(3, 4, 2));
        for (int r : new int[]{0, 2, 3})
            for (int j = 0; j < 2; j++) assertEquals(wq.grad().get(r, j), g.get(r, j));
    }

    @Test
    void embeddingRejectsIdsOutOfRange() {
        Var w = Var.param(Tensor.zeros(4, 2));
        var e = assertThrows(IndexOutOfBoundsException.class, () -> Functional.embedding(w, new int[]{0, 4}, -1));
        assertTrue(e.getMessage().contains("ids[1] = 4"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Functional.embedding(w, new int[]{-1}, -1));
        assertThrows(IllegalArgumentException.class, () -> Functional.embedding(w, new int[]{0}, 4));
        assertThrows(IllegalArgumentException.class, () -> Functional.embedding(Var.param(Tensor.zeros(4)),
                new int[]{0}, -1));
    }

    // ============================================================================================ conv2d

    /** y[b, o, oy, ox] = bias[o] + sum_{c, ky, kx} w[o, c, ky, kx] x[b, c, oy sh - ph + ky, ox sw - pw + kx]. */
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
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                                    s += (double) w.get(oc, ci, ky, kx) * x.get(bi, ci, iy, ix);
                                }
                        y[((bi * o + oc) * oh + oy) * ow + ox] = s;
                    }
        return y;
    }

    @ParameterizedTest
    @CsvSource({
            // b, c, h, w, o, kh, kw, sh, sw, ph, pw, bias
            "2, 3, 5, 6, 4, 3, 3, 1, 1, 1, 1, true",
            "1, 2, 8, 8, 5, 4, 4, 4, 4, 0, 0, true",     // a patch embedding
            "3, 1, 7, 5, 2, 3, 2, 2, 1, 0, 1, false",
            "1, 4, 1, 1, 3, 1, 1, 1, 1, 0, 0, true",
            "2, 2, 4, 3, 3, 2, 3, 3, 2, 2, 1, false"})
    void conv2dMatchesANaiveConvolution(int b, int c, int h, int w, int o, int kh, int kw, int sh, int sw, int ph,
                                        int pw, boolean bias) {
        Tensor x = random(11, b, c, h, w), wt = random(12, o, c, kh, kw), bt = bias ? random(13, o) : null;
        Var y = Functional.conv2d(Var.of(x), Var.of(wt), bt == null ? null : Var.of(bt), sh, sw, ph, pw);
        int oh = (h + 2 * ph - kh) / sh + 1, ow = (w + 2 * pw - kw) / sw + 1;
        assertEquals(Shape.of(b, o, oh, ow), y.shape());
        double[] e = naiveConv2d(x, wt, bt, sh, sw, ph, pw);
        float[] ef = new float[e.length];
        for (int i = 0; i < e.length; i++) ef[i] = (float) e[i];
        assertClose(ef, y.value().toArray(), 1e-5, 1e-5, "conv2d");
    }

    @Test
    void conv2dGradientsMatchFiniteDifferences() {
        Tensor x = random(21, 2, 2, 4, 5), w = random(22, 3, 2, 3, 2), b = random(23, 3);
        GradCheck.check(v -> Functional.conv2d(v[0], v[1], v[2], 1, 2, 1, 0), x, w, b);
        GradCheck.check(v -> Functional.conv2d(v[0], v[1], null, 2, 2, 0, 1).tanh(), x, w);
    }

    @Test
    void conv2dNamesItsBadInputs() {
        Var x = Var.of(Tensor.zeros(1, 3, 4, 4));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Functional.conv2d(x, Var.of(Tensor.zeros(2, 2, 3, 3)), null, 1, 1, 0, 0));
        assertTrue(e.getMessage().contains("[1, 3, 4, 4]") && e.getMessage().contains("[2, 2, 3, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Functional.conv2d(x, Var.of(Tensor.zeros(2, 3, 3, 3)), Var.of(Tensor.zeros(3)), 1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Functional.conv2d(x, Var.of(Tensor.zeros(2, 3, 5, 5)), null, 1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Functional.conv2d(x, Var.of(Tensor.zeros(2, 3, 3, 3)), null, 0, 1, 0, 0));
    }

    // ============================================================================================ depthwise conv1d

    @Test
    void depthwiseConv1dMatchesACausalLoop() {
        int b = 2, len = 7, c = 3, k = 4;
        Tensor x = random(31, b, len, c), w = random(32, c, k), bias = random(33, c);
        float[] y = Functional.depthwiseConv1d(Var.of(x), Var.of(w), Var.of(bias)).value().toArray();
        for (int bi = 0; bi < b; bi++)
            for (int t = 0; t < len; t++)
                for (int ch = 0; ch < c; ch++) {
                    double s = bias.get(ch);
                    for (int j = 0; j < k; j++) {
                        int src = t - (k - 1) + j;
                        if (src >= 0) s += (double) w.get(ch, j) * x.get(bi, src, ch);
                    }
                    assertEquals(s, y[(bi * len + t) * c + ch], 1e-5);
                }
    }

    @Test
    void depthwiseConv1dGradientsMatchFiniteDifferences() {
        Tensor x = random(41, 2, 5, 3), w = random(42, 3, 3), b = random(43, 3);
        GradCheck.check(v -> Functional.depthwiseConv1d(v[0], v[1], v[2]), x, w, b);
        GradCheck.check(v -> Functional.depthwiseConv1d(v[0], v[1], null).square(), x, w);
    }

    @Test
    void depthwiseConv1dNamesItsBadInputs() {
        var e = assertThrows(IllegalArgumentException.class, () -> Functional.depthwiseConv1d(
                Var.of(Tensor.zeros(1, 4, 3)), Var.of(Tensor.zeros(2, 4)), null));
        assertTrue(e.getMessage().contains("[1, 4, 3]") && e.getMessage().contains("[2, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Functional.depthwiseConv1d(
                Var.of(Tensor.zeros(1, 4, 3)), Var.of(Tensor.zeros(3, 4)), Var.of(Tensor.zeros(4))));
    }
}
