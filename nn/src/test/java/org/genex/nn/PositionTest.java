package org.genex.nn;

import static org.genex.tensor.TestTensors.assertClose;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.genex.autodiff.Var;
import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** RotaryEmbedding, SinusoidalPositionalEncoding and LearnedPositionalEmbedding. */
class PositionTest {

    // ============================================================================================ RoPE

    /** Half-split RoPE in double: pairs (x[i], x[i + d/2]) rotated by pos / base^(2i/d). */
    static double[] rope(Tensor x, int offset, double base) {
        int d = x.dim(-1), l = x.dim(-2), h = d / 2, rows = x.size() / d;
        float[] a = x.toArray();
        double[] y = new double[a.length];
        for (int r = 0; r < rows; r++) {
            int pos = offset + r % l;
            for (int i = 0; i < h; i++) {
                double ang = pos / Math.pow(base, 2.0 * i / d), c = Math.cos(ang), s = Math.sin(ang);
                double x1 = a[r * d + i], x2 = a[r * d + h + i];
                y[r * d + i] = x1 * c - x2 * s;
                y[r * d + h + i] = x2 * c + x1 * s;
            }
        }
        return y;
    }

    @Test
    void ropeRotatesHalfSplitPairs() {
        RotaryEmbedding rope = new RotaryEmbedding(8);
        assertEquals(List.of(), LayerCheck.names(rope));
        assertEquals(0, rope.stateDict().size(), "no persistent state, as HF's non-persistent inv_freq");
        float[] inv = rope.invFreq();
        for (int i = 0; i < 4; i++) assertEquals(Math.pow(10000, -2.0 * i / 8), inv[i], 1e-7 * (1 + inv[i]));
        Tensor x = LayerCheck.random(1, 2, 3, 5, 8);
        for (int offset : new int[]{0, 7}) {
            Var y = rope.apply(Var.of(x), offset);
            assertEquals(x.shape(), y.shape());
            assertClose(LayerCheck.floats(rope(x, offset, 10000)), y.value().toArray(), 1e-5, 1e-5, "offset " + offset);
        }
        // the convention, on a unit vector: (1, 0 | 0, 0) at position 1 turns towards the second half
        Var e = rope.forward(Var.of(Tensor.of(new float[]{0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}, 2, 8)));
        assertEquals((float) Math.cos(1), e.value().get(1, 0), 1e-6);
        assertEquals((float) Math.sin(1), e.value().get(1, 4), 1e-6);
        assertEquals(0f, e.value().get(1, 1));
        RotaryEmbedding llama3 = new RotaryEmbedding(4, 500000f);
        Tensor z = LayerCheck.random(2, 1, 3, 4);
        assertClose(LayerCheck.floats(rope(z, 2, 500000)), llama3.apply(Var.of(z), 2).value().toArray(), 1e-5, 1e-5,
                "base 500000");
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    @Test
    void scoresDependOnlyOnTheRelativePosition() {
        RotaryEmbedding rope = new RotaryEmbedding(16);
        Tensor q = LayerCheck.random(3, 1, 1, 1, 16), k = LayerCheck.random(4, 1, 1, 1, 16);
        // position 0 leaves a vector unchanged
        assertArrayEquals(q.toArray(), rope.apply(Var.of(q), 0).value().toArray());
        for (int shift : new int[]{1, 5, 40}) {
            int m = 7, n = 3;
            Var[] base = rope.apply(Var.of(q), Var.of(k), shift);    // the same position for q and k: q.k unchanged
            assertEquals(dot(q.toArray(), k.toArray()), dot(base[0].value().toArray(), base[1].value().toArray()), 1e-5);
            double s0 = dot(rope.apply(Var.of(q), m).value().toArray(), rope.apply(Var.of(k), n).value().toArray());
            double s1 = dot(rope.apply(Var.of(q), m + shift).value().toArray(),
                    rope.apply(Var.of(k), n + shift).value().toArray());
            assertEquals(s0, s1, 1e-4, "shift " + shift);
            double q0 = dot(rope.apply(Var.of(q), m).value().toArray(), rope.apply(Var.of(q), m).value().toArray());
            assertEquals(dot(q.toArray(), q.toArray()), q0, 1e-4, "a rotation keeps the norm");
        }
        double near = dot(rope.apply(Var.of(q), 7).value().toArray(), rope.apply(Var.of(k), 3).value().toArray());
        double far = dot(rope.apply(Var.of(q), 7).value().toArray(), rope.apply(Var.of(k), 5).value().toArray());
        assertNotEquals(near, far, 1e-3);
    }

    @Test
    void anOffsetContinuesALongerSequence() {
        RotaryEmbedding rope = new RotaryEmbedding(6);
        Tensor x = LayerCheck.random(5, 2, 2, 7, 6);
        Var full = rope.forward(Var.of(x));
        Var tail = rope.apply(Var.of(x.slice(2, 4, 7)), 4);         // a KV cache holding 4 positions
        assertArrayEquals(full.value().slice(2, 4, 7).toArray(), tail.value().toArray());
    }

    @Test
    void ropeGradientsMatchFiniteDifferences() {
        RotaryEmbedding rope = new RotaryEmbedding(4);
        LayerCheck.gradCheck(rope, v -> rope.apply(v[0], 3), LayerCheck.random(6, 2, 1, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> new RotaryEmbedding(5));
        assertThrows(IllegalArgumentException.class, () -> rope.apply(Var.of(Tensor.zeros(2, 6)), 0));
        assertThrows(IllegalArgumentException.class, () -> rope.apply(Var.of(Tensor.zeros(2, 4)), -1));
    }

    // ============================================================================================ sinusoidal

    @Test
    void sinusoidalValuesAtKnownPositions() {
        SinusoidalPositionalEncoding pe = new SinusoidalPositionalEncoding(6, 50);
        assertEquals(List.of(), LayerCheck.names(pe));
        Tensor table = pe.stateDict().get("pe");
        assertEquals(Shape.of(50, 6), table.shape());
        assertArrayEquals(new float[]{0, 1, 0, 1, 0, 1}, table.row(0).toArray());
        assertEquals((float) Math.sin(1), table.get(1, 0));
        assertEquals((float) Math.cos(1), table.get(1, 1));
        assertEquals((float) Math.sin(5 / Math.pow(10000, 4.0 / 6)), table.get(5, 4));
        assertEquals((float) Math.cos(5 / Math.pow(10000, 4.0 / 6)), table.get(5, 5));
        assertEquals((float) Math.sin(49 / Math.pow(10000, 2.0 / 6)), table.get(49, 2));
        SinusoidalPositionalEncoding odd = new SinusoidalPositionalEncoding(5, 4);
        assertEquals((float) Math.sin(3 / Math.pow(10000, 4.0 / 5)), odd.encoding(0, 4).get(3, 4));
    }

    @Test
    void sinusoidalIsAddedToTheInput() {
        SinusoidalPositionalEncoding pe = new SinusoidalPositionalEncoding(4, 10);
        Tensor x = LayerCheck.random(7, 2, 3, 4);
        Var xv = Var.param(x.copy());
        Var y = pe.forward(xv, 2);
        for (int b = 0; b < 2; b++)
            for (int t = 0; t < 3; t++)
                for (int c = 0; c < 4; c++)
                    assertEquals(x.get(b, t, c) + pe.encoding(0, 10).get(t + 2, c), y.value().get(b, t, c), 1e-6);
        y.sum().backward();
        for (float g : xv.grad().toArray()) assertEquals(1f, g);
        assertEquals(Shape.of(3, 4), pe.forward(Var.of(Tensor.zeros(3, 4))).shape());
        var e = assertThrows(IllegalArgumentException.class, () -> pe.forward(Var.of(Tensor.zeros(1, 9, 4)), 2));
        assertTrue(e.getMessage().contains("[2, 11)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pe.forward(Var.of(Tensor.zeros(1, 3, 5))));
    }

    // ============================================================================================ learned

    @Test
    void learnedPositionsAreAnEmbeddingTableAddedToTheInput() {
        LearnedPositionalEmbedding pos = new LearnedPositionalEmbedding(8, 3, Rng.seeded(8));
        assertEquals(List.of("weight"), LayerCheck.names(pos));
        assertEquals(Shape.of(8, 3), pos.weight().shape());
        Tensor x = LayerCheck.random(9, 2, 4, 3);
        Var y = pos.forward(Var.of(x), 3);
        Tensor w = pos.weight().value();
        for (int b = 0; b < 2; b++)
            for (int t = 0; t < 4; t++)
                for (int c = 0; c < 3; c++) assertEquals(x.get(b, t, c) + w.get(t + 3, c), y.value().get(b, t, c), 1e-6);
        y.sum().backward();
        Tensor g = pos.weight().grad();
        for (int r = 0; r < 8; r++)
            for (int c = 0; c < 3; c++) assertEquals(r >= 3 && r < 7 ? 2f : 0f, g.get(r, c), "row " + r);
        LayerCheck.gradCheck(pos, v -> pos.forward(v[0], 1).tanh(), LayerCheck.random(10, 2, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> pos.forward(Var.of(Tensor.zeros(1, 6, 3)), 3));
    }
}
