package org.genex.nn;

import static org.genex.tensor.TestTensors.assertClose;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.genex.autodiff.Var;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class NormTest {

    /** (x - mean) / sqrt(var + eps) * w + b per row, biased variance, in double. */
    static double[] layerNorm(Tensor x, Tensor w, Tensor b, double eps) {
        int d = x.dim(-1), rows = x.size() / d;
        float[] a = x.toArray();
        double[] y = new double[a.length];
        for (int r = 0; r < rows; r++) {
            double m = 0, v = 0;
            for (int j = 0; j < d; j++) m += a[r * d + j];
            m /= d;
            for (int j = 0; j < d; j++) v += (a[r * d + j] - m) * (a[r * d + j] - m);
            v /= d;
            for (int j = 0; j < d; j++)
                y[r * d + j] = (a[r * d + j] - m) / Math.sqrt(v + eps) * (w == null ? 1 : w.get(j))
                        + (b == null ? 0 : b.get(j));
        }
        return y;
    }

    /** x / sqrt(mean(x^2) + eps) * w per row, in double. */
    static double[] rmsNorm(Tensor x, Tensor w, double eps) {
        int d = x.dim(-1), rows = x.size() / d;
        float[] a = x.toArray();
        double[] y = new double[a.length];
        for (int r = 0; r < rows; r++) {
            double ms = 0;
            for (int j = 0; j < d; j++) ms += (double) a[r * d + j] * a[r * d + j];
            ms /= d;
            for (int j = 0; j < d; j++) y[r * d + j] = a[r * d + j] / Math.sqrt(ms + eps) * (w == null ? 1 : w.get(j));
        }
        return y;
    }

    @Test
    void layerNormHasPyTorchsParametersAndFormula() {
        LayerNorm ln = new LayerNorm(5);
        assertEquals(List.of("weight", "bias"), LayerCheck.names(ln));
        assertEquals(1e-5f, ln.eps);
        assertArrayEquals(new float[]{1, 1, 1, 1, 1}, ln.weight().value().toArray());
        assertArrayEquals(new float[5], ln.bias().value().toArray());
        ln.weight().copyFrom(LayerCheck.random(1, 5));
        ln.bias().copyFrom(LayerCheck.random(2, 5));
        Tensor x = LayerCheck.random(3, 3f, 2, 3, 5);
        Var y = ln.forward(Var.of(x));
        assertEquals(Shape.of(2, 3, 5), y.shape());
        assertClose(LayerCheck.floats(layerNorm(x, ln.weight().value(), ln.bias().value(), 1e-5)),
                y.value().toArray(), 1e-5, 1e-5, "layer norm");
        LayerCheck.gradCheck(ln, v -> ln.forward(v[0]), LayerCheck.random(4, 2, 5));
    }

    @Test
    void layerNormWithoutAffineOrBias() {
        LayerNorm plain = new LayerNorm(4, 1e-3f, false);
        assertEquals(List.of(), LayerCheck.names(plain));
        Tensor x = LayerCheck.random(5, 3, 4);
        assertClose(LayerCheck.floats(layerNorm(x, null, null, 1e-3)), plain.forward(Var.of(x)).value().toArray(),
                1e-5, 1e-5, "no affine");
        LayerNorm noBias = new LayerNorm(4, 1e-5f, true, false);
        assertEquals(List.of("weight"), LayerCheck.names(noBias));
        var e = assertThrows(IllegalArgumentException.class, () -> plain.forward(Var.of(Tensor.zeros(2, 5))));
        assertTrue(e.getMessage().contains("LayerNorm(4)") && e.getMessage().contains("[2, 5]"), e.getMessage());
    }

    @Test
    void rmsNormHasPyTorchsParametersDefaultEpsAndFormula() {
        RMSNorm rn = new RMSNorm(6);
        assertEquals(List.of("weight"), LayerCheck.names(rn));
        assertEquals(1.1920929e-7f, rn.eps);                     // torch.finfo(torch.float32).eps
        rn.weight().copyFrom(LayerCheck.random(6, 6));
        Tensor x = LayerCheck.random(7, 2f, 4, 6);
        assertClose(LayerCheck.floats(rmsNorm(x, rn.weight().value(), rn.eps)), rn.forward(Var.of(x)).value().toArray(),
                1e-5, 1e-5, "rms norm");
        RMSNorm llm = new RMSNorm(6, 1e-6f, false);
        assertEquals(List.of(), LayerCheck.names(llm));
        assertClose(LayerCheck.floats(rmsNorm(x, null, 1e-6)), llm.forward(Var.of(x)).value().toArray(), 1e-5, 1e-5,
                "no affine");
        LayerCheck.gradCheck(rn, v -> rn.forward(v[0]), LayerCheck.random(8, 3, 6));
        assertThrows(IllegalArgumentException.class, () -> rn.forward(Var.of(Tensor.zeros(2, 5))));
    }
}
