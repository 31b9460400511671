package org.genex.nn;

import static org.genex.tensor.TestTensors.assertClose;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.genex.autodiff.Var;
import org.genex.nn.MultiHeadAttention.Output;
import org.genex.nn.MultiHeadAttention.Weights;
import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MultiHeadAttentionTest {

    /** The output [b, lq, E] and the per-head weights [b, h, lq, lk] of an explicit per-head computation. */
    record Ref(double[] out, double[] p) {}

    /** Row r of a projection: W[r, :] . x + bias[r], in double. */
    static double dot(Tensor w, int row, Tensor x, int b, int t, Tensor bias, int biasOffset) {
        int in = w.dim(1);
        double s = bias == null ? 0 : bias.get(biasOffset + row);
        for (int c = 0; c < in; c++) s += (double) w.get(row, c) * x.get(b, t, c);
        return s;
    }

    /**
     * MultiheadAttention by the book, one head at a time, with the module's weights: PyTorch's in_proj rows are q, k, v
     * in that order; {@code masked[b][i][j]} hides key j from query i.
     */
    static Ref reference(MultiHeadAttention m, Tensor query, Tensor key, Tensor value, boolean[][][] masked) {
        Map<String, Tensor> sd = m.stateDict();
        int e = m.embedDim, h = m.numHeads, d = m.headDim;
        Tensor wq, wk, wv;
        if (sd.containsKey("in_proj_weight")) {
            Tensor w = sd.get("in_proj_weight");
            wq = w.slice(0, 0, e);
            wk = w.slice(0, e, 2 * e);
            wv = w.slice(0, 2 * e, 3 * e);
        } else {
            wq = sd.get("q_proj_weight");
            wk = sd.get("k_proj_weight");
            wv = sd.get("v_proj_weight");
        }
        Tensor bin = sd.get("in_proj_bias"), wo = sd.get("out_proj.weight"), bo = sd.get("out_proj.bias");
        int b = query.dim(0), lq = query.dim(1), lk = key.dim(1);
        double[] out = new double[b * lq * e], p = new double[b * h * lq * lk];
        for (int bi = 0; bi < b; bi++) {
            double[][] q = new double[lq][e], k = new double[lk][e], v = new double[lk][e];
            for (int r = 0; r < e; r++) {
                for (int t = 0; t < lq; t++) q[t][r] = dot(wq, r, query, bi, t, bin, 0);
                for (int t = 0; t < lk; t++) {
                    k[t][r] = dot(wk, r, key, bi, t, bin, e);
                    v[t][r] = dot(wv, r, value, bi, t, bin, 2 * e);
                }
            }
            double[][] concat = new double[lq][e];
            for (int hi = 0; hi < h; hi++)
                for (int i = 0; i < lq; i++) {
                    double[] s = new double[lk];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < lk; j++) {
                        double dotp = 0;
                        for (int c = 0; c < d; c++) dotp += q[i][hi * d + c] * k[j][hi * d + c];
                        s[j] = masked != null && masked[bi][i][j] ? Double.NEGATIVE_INFINITY : dotp / Math.sqrt(d);
                        max = Math.max(max, s[j]);
                    }
                    double z = 0;
                    for (int j = 0; j < lk; j++) z += Math.exp(s[j] - max);
                    for (int j = 0; j < lk; j++) {
                        double pj = Math.exp(s[j] - max) / z;
                        p[((bi * h + hi) * lq + i) * lk + j] = pj;
                        for (int c = 0; c < d; c++) concat[i][hi * d + c] += pj * v[j][hi * d + c];
                    }
                }
            for (int i = 0; i < lq; i++)
                for (int r = 0; r < e; r++) {
                    double s = bo == null ? 0 : bo.get(r);
                    for (int c = 0; c < e; c++) s += wo.get(r, c) * concat[i][c];
                    out[(bi * lq + i) * e + r] = s;
                }
        }
        return new Ref(out, p);
    }

    /** Random non-zero biases, so that they are exercised (PyTorch starts them at zero). */
    static MultiHeadAttention withRandomBiases(MultiHeadAttention m, long seed) {
        for (var e : m.namedParameters().entrySet())
            if (e.getKey().endsWith("bias")) e.getValue().copyFrom(LayerCheck.random(seed++, 0.5f, e.getValue().shape().dims()));
        return m;
    }

    static boolean[][][] masks(int b, int lq, int lk, boolean[][] keyPadding, boolean causal) {
        boolean[][][] m = new boolean[b][lq][lk];
        for (int bi = 0; bi < b; bi++)
            for (int i = 0; i < lq; i++)
                for (int j = 0; j < lk; j++)
                    m[bi][i][j] = (keyPadding != null && keyPadding[bi][j]) || (causal && j > i + lk - lq);
        return m;
    }

    static double[] averageHeads(double[] p, int b, int h, int lq, int lk) {
        double[] a = new double[b * lq * lk];
        for (int bi = 0; bi < b; bi++)
            for (int hi = 0; hi < h; hi++)
                for (int i = 0; i < lq * lk; i++) a[bi * lq * lk + i] += p[(bi * h + hi) * lq * lk + i] / h;
        return a;
    }

    // ============================================================================================ parameters

    @Test
    void parametersHavePyTorchsNamesShapesAndInitialisation() {
        MultiHeadAttention m = new MultiHeadAttention(8, 2, Rng.seeded(1));
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"), LayerCheck.names(m));
        Map<String, Tensor> sd = m.stateDict();
        assertEquals(Shape.of(24, 8), sd.get("in_proj_weight").shape());
        assertEquals(Shape.of(24), sd.get("in_proj_bias").shape());
        assertEquals(Shape.of(8, 8), sd.get("out_proj.weight").shape());
        for (float v : sd.get("in_proj_bias").toArray()) assertEquals(0f, v);
        for (float v : sd.get("out_proj.bias").toArray()) assertEquals(0f, v);
        double xavier = Math.sqrt(6.0 / (8 + 24)), max = 0;          // fan_in E, fan_out 3E
        for (float v : sd.get("in_proj_weight").toArray()) max = Math.max(max, Math.abs(v));
        assertTrue(max <= xavier && max > 0.9 * xavier, "in_proj_weight range " + max + " vs " + xavier);
        for (float v : sd.get("out_proj.weight").toArray()) assertTrue(Math.abs(v) <= 1 / Math.sqrt(8));

        MultiHeadAttention kv = new MultiHeadAttention(6, 3, 0f, true, 4, 5, Rng.seeded(2));
        assertEquals(List.of("q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias", "out_proj.weight",
                "out_proj.bias"), LayerCheck.names(kv));
        assertEquals(Shape.of(6, 4), kv.stateDict().get("k_proj_weight").shape());
        assertEquals(Shape.of(6, 5), kv.stateDict().get("v_proj_weight").shape());
        MultiHeadAttention noBias = new MultiHeadAttention(4, 2, 0f, false, 4, 4, Rng.seeded(3));
        assertEquals(List.of("in_proj_weight", "out_proj.weight"), LayerCheck.names(noBias));
    }

    // ============================================================================================ semantics

    @Test
    void selfAttentionMatchesAnExplicitPerHeadComputation() {
        MultiHeadAttention m = withRandomBiases(new MultiHeadAttention(8, 2, Rng.seeded(4)), 10);
        Tensor x = LayerCheck.random(5, 2, 5, 8);
        Var xv = Var.of(x);
        Output o = m.attend(xv, xv, xv, null, null, false, Weights.PER_HEAD);
        Ref r = reference(m, x, x, x, null);
        assertEquals(Shape.of(2, 5, 8), o.output().shape());
        assertClose(LayerCheck.floats(r.out()), o.output().value().toArray(), 1e-4, 1e-5, "output");
        assertEquals(Shape.of(2, 2, 5, 5), o.weights().shape());
        assertClose(LayerCheck.floats(r.p()), o.weights().toArray(), 1e-4, 1e-6, "per-head weights");
        Output avg = m.attend(xv, xv, xv, null, null, false, Weights.AVERAGED);
        assertEquals(Shape.of(2, 5, 5), avg.weights().shape());
        assertClose(LayerCheck.floats(averageHeads(r.p(), 2, 2, 5, 5)), avg.weights().toArray(), 1e-4, 1e-6, "average");
        assertNull(m.attend(xv, xv, xv, null, null, false, Weights.NONE).weights());
        // the fused-projection path (one Var) and separate Vars give the same result
        assertClose(o.output().value().toArray(), m.forward(Var.of(x), Var.of(x.copy()), Var.of(x.copy()), null, false)
                .value().toArray(), 1e-6, 1e-6, "separate q, k, v");
        assertArrayEquals(o.output().value().toArray(), m.forward(xv).value().toArray());
    }

    @Test
    void crossAttentionMatchesTheReferenceForEqualAndOtherKeyValueDims() {
        Tensor q = LayerCheck.random(6, 2, 3, 6), k = LayerCheck.random(7, 2, 5, 6), v = LayerCheck.random(8, 2, 5, 6);
        MultiHeadAttention same = withRandomBiases(new MultiHeadAttention(6, 3, Rng.seeded(9)), 20);
        Ref r = reference(same, q, k, v, null);
        assertClose(LayerCheck.floats(r.out()), same.forward(Var.of(q), Var.of(k), Var.of(v), null, false).value()
                .toArray(), 1e-4, 1e-5, "kdim = vdim = E");
        // key == value (one Var): the shared k/v projection path
        Ref rkv = reference(same, q, k, k, null);
        Var kk = Var.of(k);
        assertClose(LayerCheck.floats(rkv.out()), same.forward(Var.of(q), kk, kk, null, false).value().toArray(),
                1e-4, 1e-5, "key == value");

        Tensor k4 = LayerCheck.random(10, 2, 5, 4), v5 = LayerCheck.random(11, 2, 5, 5);
        MultiHeadAttention other = withRandomBiases(new MultiHeadAttention(6, 2, 0f, true, 4, 5, Rng.seeded(12)), 30);
        Output o = other.attend(Var.of(q), Var.of(k4), Var.of(v5), null, null, false, Weights.PER_HEAD);
        Ref ro = reference(other, q, k4, v5, null);
        assertEquals(Shape.of(2, 3, 6), o.output().shape());
        assertClose(LayerCheck.floats(ro.out()), o.output().value().toArray(), 1e-4, 1e-5, "kdim 4, vdim 5");
        assertClose(LayerCheck.floats(ro.p()), o.weights().toArray(), 1e-4, 1e-6, "kdim 4, vdim 5 weights");
    }

    @Test
    void keyPaddingAndCausalMasksHideKeysAsPyTorchDoes() {
        MultiHeadAttention m = withRandomBiases(new MultiHeadAttention(4, 2, Rng.seeded(13)), 40);
        Tensor x = LayerCheck.random(14, 2, 4, 4);
        boolean[][] pad = {{false, false, false, true}, {false, true, false, true}};
        for (boolean causal : new boolean[]{false, true}) {
            Var xv = Var.of(x);
            Output o = m.attend(xv, xv, xv, pad, null, causal, Weights.PER_HEAD);
            Ref r = reference(m, x, x, x, masks(2, 4, 4, pad, causal));
            assertClose(LayerCheck.floats(r.out()), o.output().value().toArray(), 1e-4, 1e-5, "causal " + causal);
            assertClose(LayerCheck.floats(r.p()), o.weights().toArray(), 1e-4, 1e-6, "weights, causal " + causal);
        }
        // a padded key's content does not matter
        Tensor q = LayerCheck.random(15, 2, 3, 4), k = LayerCheck.random(16, 2, 4, 4), k2 = k.copy();
        k2.set(9f, 0, 3, 1);
        k2.set(-9f, 1, 1, 0);
        float[] a = m.forward(Var.of(q), Var.of(k), Var.of(k), pad, false).value().toArray();
        float[] b = m.forward(Var.of(q), Var.of(k2), Var.of(k2), pad, false).value().toArray();
        assertArrayEquals(a, b);
        // causal: output t does not depend on inputs after t
        Tensor y = x.copy();
        y.set(5f, 0, 3, 2);
        float[] c1 = m.forward(Var.of(x), Var.of(x), Var.of(x), null, true).value().toArray();
        float[] c2 = m.forward(Var.of(y), Var.of(y), Var.of(y), null, true).value().toArray();
        for (int i = 0; i < 3 * 4; i++) assertEquals(c1[i], c2[i], "position " + i / 4 + " of batch 0");
        assertNotEquals(c1[12], c2[12]);
    }

    @Test
    void anAdditiveAttnMaskEqualsTheFlagsAndAcceptsPyTorchsShapes() {
        MultiHeadAttention m = new MultiHeadAttention(4, 2, Rng.seeded(17));
        Tensor x = LayerCheck.random(18, 2, 3, 4);
        Var xv = Var.of(x);
        float inf = Float.NEGATIVE_INFINITY;
        Tensor square = Tensor.of(new float[]{0, inf, inf, 0, 0, inf, 0, 0, 0}, 3, 3);  // generate_square_subsequent_mask
        float[] flag = m.attend(xv, xv, xv, null, null, true, Weights.NONE).output().value().toArray();
        assertArrayEquals(flag, m.attend(xv, xv, xv, null, square, false, Weights.NONE).output().value().toArray());
        float[] perHead = new float[2 * 2 * 9];                  // [b * h, lq, lk]
        for (int i = 0; i < 4; i++) System.arraycopy(square.toArray(), 0, perHead, i * 9, 9);
        assertArrayEquals(flag, m.attend(xv, xv, xv, null, Tensor.wrap(perHead, 4, 3, 3), false, Weights.NONE)
                .output().value().toArray());
        var e = assertThrows(IllegalArgumentException.class,
                () -> m.attend(xv, xv, xv, null, Tensor.zeros(3, 4), false, Weights.NONE));
        assertTrue(e.getMessage().contains("attnMask") && e.getMessage().contains("[3, 4]"), e.getMessage());
    }

    // ============================================================================================ gradients

    @Test
    void gradientsMatchFiniteDifferencesThroughParametersAndInputs() {
        MultiHeadAttention m = withRandomBiases(new MultiHeadAttention(4, 2, Rng.seeded(19)), 50);
        boolean[][] pad = {{false, false, true}, {false, false, false}};
        LayerCheck.gradCheck(m, v -> m.forward(v[0], v[1], v[2], pad, true),
                LayerCheck.random(20, 2, 2, 4), LayerCheck.random(21, 2, 3, 4), LayerCheck.random(22, 2, 3, 4));
        LayerCheck.gradCheck(m, v -> m.forward(v[0]), LayerCheck.random(23, 1, 3, 4));
        MultiHeadAttention kv = withRandomBiases(new MultiHeadAttention(4, 2, 0f, true, 3, 2, Rng.seeded(24)), 60);
        LayerCheck.gradCheck(kv, v -> kv.forward(v[0], v[1], v[2], null, false),
                LayerCheck.random(25, 1, 2, 4), LayerCheck.random(26, 1, 3, 3), LayerCheck.random(27, 1, 3, 2));
    }

    // ============================================================================================ dropout

    @Test
    void dropoutActsOnTheAttentionWeightsInTrainingOnly() {
        MultiHeadAttention m = new MultiHeadAttention(4, 2, 0.5f, true, 4, 4, Rng.seeded(28));
        Tensor x = LayerCheck.random(29, 2, 6, 4);
        Var xv = Var.of(x);
        m.eval();
        Output clean = m.attend(xv, xv, xv, null, null, false, Weights.PER_HEAD);
        assertClose(LayerCheck.floats(reference(m, x, x, x, null).out()), clean.output().value().toArray(), 1e-4, 1e-5,
                "eval: no dropout");
        m.train();
        Output dropped = m.attend(xv, xv, xv, null, null, false, Weights.PER_HEAD);
        float[] p = clean.weights().toArray(), pd = dropped.weights().toArray();
        int zeros = 0;
        for (int i = 0; i < p.length; i++) {
            if (pd[i] == 0f) zeros++;
            else assertEquals(2 * p[i], pd[i], 1e-5, "kept weights are scaled by 1 / (1 - p)");
        }
        assertTrue(zeros > 0.3 * p.length && zeros < 0.7 * p.length, zeros + " of " + p.length);
        assertEquals(1, m.attnDropout().calls());
        m.attnDropout().setCalls(0);
        assertArrayEquals(dropped.output().value().toArray(),
                m.attend(xv, xv, xv, null, null, false, Weights.NONE).output().value().toArray());
        // gradients through the dropped-out path, with the mask held fixed
        LayerCheck.gradCheck(m, v -> {
            m.attnDropout().setCalls(0);
            return m.forward(v[0]);
        }, LayerCheck.random(30, 1, 3, 4));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(6, 4, Rng.seeded(1)));
        MultiHeadAttention m = new MultiHeadAttention(4, 2, Rng.seeded(1));
        Var x = Var.of(Tensor.zeros(2, 3, 4));
        var e = assertThrows(IllegalArgumentException.class, () -> m.forward(Var.of(Tensor.zeros(2, 3, 5))));
        assertTrue(e.getMessage().contains("MultiHeadAttention(4, 2)") && e.getMessage().contains("[2, 3, 5]"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> m.forward(x, Var.of(Tensor.zeros(2, 2, 4)), Var.of(Tensor.zeros(2, 3, 4)), null, false));
        assertThrows(IllegalArgumentException.class,
                () -> m.forward(x, x, x, new boolean[][]{{false, false, false}}, false));
        assertThrows(IllegalArgumentException.class,
                () -> m.forward(x, x, x, new boolean[][]{{false, false}, {false, false}}, false));
    }
}
