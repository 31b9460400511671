package org.genex.tensor.cpu;

import static org.genex.tensor.TestTensors.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.genex.tensor.*;
import org.junit.jupiter.api.Test;

/** The fused Adam update against torch.optim's formula in double, and the two paths against each other. */
class OptimizerKernelsTest {

    /** Three steps of torch's Adam/AdamW on copies, in double. */
    private static float[][] reference(float[] p0, float[][] grads, float lr, float b1, float b2, float eps, float wd,
                                       boolean decoupled) {
        int n = p0.length;
        double[] p = new double[n], m = new double[n], v = new double[n];
        for (int i = 0; i < n; i++) p[i] = p0[i];
        for (int t = 1; t <= grads.length; t++) {
            double bc1 = 1 - Math.pow(b1, t), bc2 = 1 - Math.pow(b2, t);
            for (int i = 0; i < n; i++) {
                double g = grads[t - 1][i];
                if (decoupled) p[i] *= 1 - lr * wd;
                else g += wd * p[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                p[i] -= (lr / bc1) * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + eps);
            }
        }
        float[][] out = new float[3][n];
        for (int i = 0; i < n; i++) {
            out[0][i] = (float) p[i];
            out[1][i] = (float) m[i];
            out[2][i] = (float) v[i];
        }
        return out;
    }

    @Test
    void adamAndAdamWFollowTorchsFormulaOnBothPathsWithTheSameBits() {
        Random r = new Random(3);
        int n = 1000;                                    // crosses vector tails
        Tensor p0 = random(r, n);
        float[][] grads = {random(r, n).toArray(), random(r, n).toArray(), random(r, n).toArray()};
        for (boolean decoupled : new boolean[]{true, false}) {
            float[][] expected = reference(p0.toArray(), grads, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.1f, decoupled);
            float[][] results = new float[2][];
            int k = 0;
            for (CpuBackend be : new CpuBackend[]{scalar(), vector()}) {
                Tensor p = p0.copy(), m = Tensor.zeros(n), v = Tensor.zeros(n);
                for (int t = 1; t <= 3; t++)
                    be.adamUpdate(p, Tensor.wrap(grads[t - 1].clone(), n), m, v, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.1f,
                            decoupled, t);
                assertClose(expected[0], p.toArray(), 1e-5, 1e-6, "param");
                assertClose(expected[1], m.toArray(), 1e-5, 1e-7, "m");
                assertClose(expected[2], v.toArray(), 1e-5, 1e-9, "v");
                results[k++] = p.toArray();
            }
            assertBitwise(results[0], results[1], "scalar vs vector, decoupled " + decoupled);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        CpuBackend be = scalar();
        var e = assertThrows(IllegalArgumentException.class, () -> be.adamUpdate(Tensor.zeros(3), Tensor.zeros(4),
                Tensor.zeros(3), Tensor.zeros(3), 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, true, 1));
        assertTrue(e.getMessage().contains("[4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> be.adamUpdate(Tensor.zeros(3), Tensor.zeros(3),
                Tensor.zeros(3), Tensor.zeros(3), 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, true, 0));
    }
}
