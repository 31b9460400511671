package org.genex.algorithms.metrics;

import static org.genex.algorithms.Golden.map;
import static org.genex.algorithms.Golden.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.genex.algorithms.Golden;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TrustworthinessTest {
    @Test
    void goldenValues() {
        Map<String, Object> g = map(Golden.load("metrics_golden.json").get("trustworthiness"));
        Tensor x = Golden.tensor(g.get("x"), 120, 10), e = Golden.tensor(g.get("embedded"), 120, 2);
        assertEquals(num(g.get("k5")), Trustworthiness.of(x, e), 1e-12);
        assertEquals(num(g.get("k10")), Trustworthiness.of(x, e, 10), 1e-12);
    }

    @Test
    void anIsometryIsPerfectlyTrustworthyAndNoiseIsNot() {
        Random rnd = new Random(1);
        float[] v = new float[80 * 3];
        for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian();
        Tensor x = Tensor.wrap(v, 80, 3);
        float[] rotated = new float[v.length];                   // a rotation about the z axis plus a shift
        double c = Math.cos(0.7), s = Math.sin(0.7);
        for (int i = 0; i < 80; i++) {
            rotated[3 * i] = (float) (c * v[3 * i] - s * v[3 * i + 1] + 5);
            rotated[3 * i + 1] = (float) (s * v[3 * i] + c * v[3 * i + 1]);
            rotated[3 * i + 2] = v[3 * i + 2];
        }
        assertEquals(1.0, Trustworthiness.of(x, Tensor.wrap(rotated, 80, 3), 7), 1e-12);
        float[] noise = new float[80 * 2];
        for (int i = 0; i < noise.length; i++) noise[i] = (float) rnd.nextGaussian();
        double t = Trustworthiness.of(x, Tensor.wrap(noise, 80, 2), 7);
        assertTrue(t < 0.65 && t > 0.35, "random embedding: " + t);
    }

    @Test
    void badInput() {
        Tensor x = Tensor.zeros(10, 2);
        assertThrows(IllegalArgumentException.class, () -> Trustworthiness.of(x, Tensor.zeros(9, 2)));
        assertThrows(IllegalArgumentException.class, () -> Trustworthiness.of(x, Tensor.zeros(10, 2), 5));
    }
}
