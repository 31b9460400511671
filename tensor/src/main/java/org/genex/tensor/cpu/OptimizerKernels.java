package org.genex.tensor.cpu;

import org.genex.tensor.Parallel;
import org.genex.tensor.Tensor;

/**
 * Fused optimizer updates: one pass over a parameter and its state instead of the ten elementwise ops an Adam step
 * takes. The vector and scalar paths evaluate the same float operations in the same order (no fused multiply-add),
 * so they give the same bits.
 */
final class OptimizerKernels {
    private static final int GRAIN = 1 << 13;
    private final boolean simd;

    OptimizerKernels(boolean simd) {
        this.simd = simd;
    }

    void adam(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
              float weightDecay, boolean decoupled, long step) {
        if (!grad.shape().equals(param.shape()) || !m.shape().equals(param.shape()) || !v.shape().equals(param.shape()))
            throw new IllegalArgumentException("adamUpdate: param " + param.shape() + ", grad " + grad.shape() + ", m "
                    + m.shape() + " and v " + v.shape() + " must have the same shape");
        if (step < 1) throw new IllegalArgumentException("adamUpdate: step counts from 1, got " + step);
        double bc1 = 1 - Math.pow(beta1, step), bc2 = 1 - Math.pow(beta2, step);
        Adam a = new Adam(lr, beta1, beta2, eps, decoupled ? 1f - lr * weightDecay : 1f,
                decoupled ? 0f : weightDecay, (float) (lr / bc1), (float) (1 / Math.sqrt(bc2)));
        float[] p = param.array(), g = grad.array(), ma = m.array(), va = v.array();
        int po = param.offset(), go = grad.offset(), mo = m.offset(), vo = v.offset();
        Parallel.forRange(param.size(), GRAIN, (s, e) -> {
            if (simd) VectorOptimizer.adam(a, p, po + s, g, go + s, ma, mo + s, va, vo + s, e - s);
            else scalarAdam(a, p, po + s, g, go + s, ma, mo + s, va, vo + s, e - s);
        });
    }

    /**
     * The constants of one Adam step: {@code decay} multiplies the parameter (AdamW), {@code l2} multiplies it into
     * the gradient (Adam), {@code stepSize = lr / (1 - b1^t)}, {@code rbc2Sqrt = 1 / sqrt(1 - b2^t)}
     * (a product rather than torch's quotient by {@code sqrt(1 - b2^t)}: one division fewer per element, which bounds the
     * kernel's speed; the results differ from torch's float ones in the last bit at most).
     */
    record Adam(float lr, float beta1, float beta2, float eps, float decay, float l2, float stepSize, float rbc2Sqrt) {}

    static void scalarAdam(Adam a, float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo, int n) {
        float b1 = a.beta1(), b2 = a.beta2(), c1 = 1f - b1, c2 = 1f - b2;
        for (int i = 0; i < n; i++) {
            float pi = p[po + i] * a.decay();
            float gi = g[go + i] + a.l2() * pi;
            float mi = m[mo + i] * b1 + gi * c1;
            float vi = v[vo + i] * b2 + (gi * gi) * c2;
            m[mo + i] = mi;
            v[vo + i] = vi;
            float denom = (float) Math.sqrt(vi) * a.rbc2Sqrt() + a.eps();
            p[po + i] = pi - a.stepSize() * (mi / denom);
        }
    }
}
