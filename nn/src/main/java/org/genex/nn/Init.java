package org.genex.nn;

import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;

/**
 * Parameter initialisation, as {@code torch.nn.init} defines it (fan-in and fan-out of a weight [out, in, k...]
 * are {@code in * prod(k)} and {@code out * prod(k)}), plus SIREN's scheme. Each fills a CPU tensor in place from
 * {@code rng} and returns it.
 */
public final class Init {
    private Init() {}

    /** The fan-in of a weight [out, in, ...]: in times the receptive field. */
    public static int fanIn(Shape s) {
        if (s.rank() < 2) throw new IllegalArgumentException("fan-in needs a weight of rank >= 2, got " + s);
        return s.dim(1) * receptive(s);
    }

    /** The fan-out of a weight [out, in, ...]: out times the receptive field. */
    public static int fanOut(Shape s) {
        if (s.rank() < 2) throw new IllegalArgumentException("fan-out needs a weight of rank >= 2, got " + s);
        return s.dim(0) * receptive(s);
    }

    private static int receptive(Shape s) {
        int r = 1;
        for (int i = 2; i < s.rank(); i++) r *= s.dim(i);
        return r;
    }

    public static Tensor uniform(Tensor t, float lo, float hi, Rng rng) {
        rng.fillUniform(t, lo, hi);
        return t;
    }

    public static Tensor normal(Tensor t, float mean, float std, Rng rng) {
        rng.fillNormal(t, mean, std);
        return t;
    }

    /** {@code torch.nn.init.trunc_normal_}: normal(mean, std) resampled outside [a, b]. */
    public static Tensor truncatedNormal(Tensor t, float mean, float std, float a, float b, Rng rng) {
        rng.fillTruncatedNormal(t, mean, std, a, b);
        return t;
    }

    public static Tensor constant(Tensor t, float value) {
        t.backend().fill(t, value);
        return t;
    }

    /** Xavier/Glorot uniform: U(-b, b), b = gain sqrt(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform(Tensor t, float gain, Rng rng) {
        float b = (float) (gain * Math.sqrt(6.0 / (fanIn(t.shape()) + fanOut(t.shape()))));
        return uniform(t, -b, b, rng);
    }

    /** Xavier/Glorot normal: N(0, s^2), s = gain sqrt(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Tensor t, float gain, Rng rng) {
        float s = (float) (gain * Math.sqrt(2.0 / (fanIn(t.shape()) + fanOut(t.shape()))));
        return normal(t, 0f, s, rng);
    }

    /** The gain of leaky ReLU with negative slope {@code a} ({@code a = 0}: ReLU's sqrt 2). */
    public static double leakyReluGain(double a) { return Math.sqrt(2.0 / (1 + a * a)); }

    /** Kaiming/He uniform on the fan-in: U(-b, b), b = gain sqrt(3 / fan_in), gain of leaky ReLU with slope a. */
    public static Tensor kaimingUniform(Tensor t, double a, Rng rng) {
        float b = (float) (leakyReluGain(a) * Math.sqrt(3.0 / fanIn(t.shape())));
        return uniform(t, -b, b, rng);
    }

    /** Kaiming/He normal on the fan-in: N(0, s^2), s = gain / sqrt(fan_in). */
    public static Tensor kaimingNormal(Tensor t, double a, Rng rng) {
        float s = (float) (leakyReluGain(a) / Math.sqrt(fanIn(t.shape())));
        return normal(t, 0f, s, rng);
    }

    /**
     * PyTorch's default for {@code nn.Linear} and {@code nn.Conv*}: the weight by {@code kaiming_uniform_(a=sqrt 5)},
     * which is U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and the bias (nullable) from the same range.
     */
    public static void torchDefault(Tensor weight, Tensor bias, Rng rng) {
        kaimingUniform(weight, Math.sqrt(5), rng);
        if (bias != null) {
            float b = (float) (1 / Math.sqrt(fanIn(weight.shape())));
            uniform(bias, -b, b, rng);
        }
    }

    /**
     * SIREN (Sitzmann et al. 2020): the first layer U(-1/fan_in, 1/fan_in); later layers
     * U(-sqrt(6/fan_in)/omega0, sqrt(6/fan_in)/omega0), so that sin(omega0 (W x + b)) keeps unit-scale activations.
     */
    public static Tensor siren(Tensor weight, boolean firstLayer, float omega0, Rng rng) {
        int fan = fanIn(weight.shape());
        float b = firstLayer ? 1f / fan : (float) (Math.sqrt(6.0 / fan) / omega0);
        return uniform(weight, -b, b, rng);
    }
}
