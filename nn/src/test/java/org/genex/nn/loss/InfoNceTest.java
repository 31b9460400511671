package org.genex.nn.loss;

import static org.genex.nn.loss.LossReference.*;
import static org.genex.nn.loss.LossesTest.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.genex.autodiff.GradCheck;
import org.genex.autodiff.Var;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link Losses#infoNce} and {@link Losses#clip} against a double-precision reference written here (the logits
 * a b^T / T, optionally of unit rows, and the mean of the row-wise and column-wise cross-entropies), with the
 * gradients with respect to the embeddings and the temperature in closed form, GradCheck, symmetry, the normalize
 * option, CLIP's parameterisation and bad input.
 */
class InfoNceTest {

    /** Rows of {@code x} [n, d] (row-major), scaled to unit norm if {@code normalize}. */
    static double[][] rows(Tensor x, boolean normalize) {
        int n = x.dim(0), d = x.dim(1);
        double[] v = values(x);
        double[][] r = new double[n][d];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int k = 0; k < d; k++) norm += v[i * d + k] * v[i * d + k];
            norm = normalize ? Math.max(Math.sqrt(norm), 1e-12) : 1;
            for (int k = 0; k < d; k++) r[i][k] = v[i * d + k] / norm;
        }
        return r;
    }

    /** The logits l_ij = a_i . b_j / T in double. */
    static double[][] logits(Tensor a, Tensor b, double temperature, boolean normalize) {
        double[][] x = rows(a, normalize), y = rows(b, normalize);
        int n = x.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < x[i].length; k++) s += x[i][k] * y[j][k];
                l[i][j] = s / temperature;
            }
        return l;
    }

    /** softmax along rows (byRows) or columns of l, as p[i][j]. */
    static double[][] softmax(double[][] l, boolean byRows) {
        int n = l.length;
        double[][] p = new double[n][n];
        for (int u = 0; u < n; u++) {
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int v = 0; v < n; v++) m = Math.max(m, byRows ? l[u][v] : l[v][u]);
            for (int v = 0; v < n; v++) s += Math.exp((byRows ? l[u][v] : l[v][u]) - m);
            for (int v = 0; v < n; v++) {
                double e = Math.exp((byRows ? l[u][v] : l[v][u]) - m) / s;
                if (byRows) p[u][v] = e;
                else p[v][u] = e;
            }
        }
        return p;
    }

    /** The symmetric loss: (mean_i CE(row i, i) + mean_j CE(column j, j)) / 2. */
    static double loss(double[][] l) {
        int n = l.length;
        double[][] pr = softmax(l, true), pc = softmax(l, false);
        double s = 0;
        for (int i = 0; i < n; i++) s -= Math.log(pr[i][i]) + Math.log(pc[i][i]);
        return s / (2 * n);
    }

    /** d loss / d l_ij = ((pr_ij - [i = j]) + (pc_ij - [i = j])) / (2n). */
    static double[][] dLogits(double[][] l) {
        int n = l.length;
        double[][] pr = softmax(l, true), pc = softmax(l, false), g = new double[n][n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) g[i][j] = (pr[i][j] + pc[i][j] - (i == j ? 2 : 0)) / (2 * n);
        return g;
    }

    static Tensor embeddings(long seed, int n, int d) {
        Random r = new Random(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        return Tensor.wrap(v, n, d);
    }

    // ------------------------------------------------------------------------------------------------ values

    @Test
    void matchesTheDoubleReference() {
        for (boolean normalize : new boolean[]{false, true})
            for (float temperature : new float[]{0.07f, 0.5f, 2f}) {
                Tensor a = embeddings(1, 6, 5), b = embeddings(2, 6, 5);
                double expected = loss(logits(a, b, temperature, normalize));
                assertScalar(expected, Losses.infoNce(Var.of(a), Var.of(b), temperature, normalize), 1e-5, 1e-6,
                        "T " + temperature + " normalize " + normalize);
            }
    }

    @Test
    void isSymmetricInItsTwoEmbeddings() {
        Tensor a = embeddings(3, 7, 4), b = embeddings(4, 7, 4);
        for (boolean normalize : new boolean[]{false, true})
            assertEquals(Losses.infoNce(Var.of(a), Var.of(b), 0.3f, normalize).item(),
                    Losses.infoNce(Var.of(b), Var.of(a), 0.3f, normalize).item(), 2e-6, "normalize " + normalize);
    }

    @Test
    void knownValues() {
        // one pair: a single logit per row and column, so the loss is 0
        assertEquals(0f, Losses.infoNce(Var.of(embeddings(5, 1, 3)), Var.of(embeddings(6, 1, 3)), 0.1f, true).item(),
                0f);
        // orthogonal unit embeddings, b = a: logits 1/T on the diagonal, 0 elsewhere: log(e^{1/T} + n - 1) - 1/T
        int n = 4;
        float[] eye = new float[n * n];
        for (int i = 0; i < n; i++) eye[i * n + i] = 1;
        Tensor a = Tensor.wrap(eye, n, n);
        double t = 0.5;
        assertEquals(Math.log(Math.exp(1 / t) + n - 1) - 1 / t, Losses.infoNce(Var.of(a), Var.of(a), (float) t, false)
                .item(), 1e-6);
        // unrelated embeddings at a high temperature: every logit near 0, the loss near log n
        assertEquals(Math.log(8), Losses.infoNce(Var.of(embeddings(7, 8, 16)), Var.of(embeddings(8, 8, 16)), 1e4f,
                true).item(), 1e-3);
    }

    @Test
    void normalizeMakesTheLossIndependentOfRowScales() {
        Tensor a = embeddings(9, 5, 3), b = embeddings(10, 5, 3);
        float[] scaled = a.toArray();
        for (int k = 0; k < 3; k++) {
            scaled[k] *= 7f;                                                   // row 0 x 7
            scaled[6 + k] *= 0.01f;                                            // row 2 x 0.01
        }
        float base = Losses.infoNce(Var.of(a), Var.of(b), 0.2f, true).item();
        assertEquals(base, Losses.infoNce(Var.of(Tensor.wrap(scaled, 5, 3)), Var.of(b), 0.2f, true).item(), 2e-6);
        assertNotEquals(base, Losses.infoNce(Var.of(Tensor.wrap(scaled, 5, 3)), Var.of(b), 0.2f, false).item(), 1e-3);
        // F.normalize on a zero row: the row stays 0 (divided by 1e-12), and its gradient is finite
        float[] zeroRow = a.toArray();
        for (int k = 0; k < 3; k++) zeroRow[3 + k] = 0f;
        Var z = Var.param(Tensor.wrap(zeroRow, 5, 3));
        Var loss = Losses.infoNce(z, Var.of(b), 0.2f, true);
        assertScalar(loss(logits(Tensor.wrap(zeroRow, 5, 3), b, 0.2, true)), loss, 1e-5, 1e-6, "zero row");
        loss.backward();
        for (float g : z.grad().toArray()) assertTrue(Float.isFinite(g), "gradient " + g);
    }

    @Test
    void clipIsNormalizedInfoNceWithTemperatureExpOfMinusLogitScale() {
        Tensor a = embeddings(11, 6, 8), b = embeddings(12, 6, 8);
        float logitScale = (float) Math.log(1 / 0.07);
        Var clip = Losses.clip(Var.of(a), Var.of(b), Var.of(Tensor.scalar(logitScale)));
        assertScalar(loss(logits(a, b, Math.exp(-logitScale), true)), clip, 1e-5, 1e-6, "CLIP");
        assertEquals(Losses.infoNce(Var.of(a), Var.of(b), (float) Math.exp(-logitScale), true).item(), clip.item(),
                1e-5);
    }

    // ------------------------------------------------------------------------------------------------ gradients

    @Test
    void gradientsMatchTheClosedForm() {
        Tensor a = embeddings(13, 5, 4), b = embeddings(14, 5, 4);
        double t = 0.4;
        Var va = Var.param(a), vb = Var.param(b), vt = Var.param(Tensor.of((float) t));
        Losses.infoNce(va, vb, vt, false).backward();
        double[][] l = logits(a, b, t, false), g = dLogits(l);
        double[][] x = rows(a, false), y = rows(b, false);
        int n = 5, d = 4;
        double[] ga = new double[n * d], gb = new double[n * d];
        double gt = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < d; k++) {
                    ga[i * d + k] += g[i][j] * y[j][k] / t;
                    gb[j * d + k] += g[i][j] * x[i][k] / t;
                }
                gt -= g[i][j] * l[i][j] / t;                                   // d l_ij / dT = -l_ij / T
            }
        assertElements(ga, Var.of(va.grad()), 1e-4, 1e-6, "d loss / d a");
        assertElements(gb, Var.of(vb.grad()), 1e-4, 1e-6, "d loss / d b");
        assertElements(new double[]{gt}, Var.of(vt.grad()), 1e-4, 1e-6, "d loss / d temperature");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor a = embeddings(15, 4, 3), b = embeddings(16, 4, 3);
        for (boolean normalize : new boolean[]{false, true}) {
            GradCheck.check(v -> Losses.infoNce(v[0], v[1], 0.5f, normalize), a, b);
            // a learnable temperature, directly and as exp(log T)
            GradCheck.check(v -> Losses.infoNce(v[0], v[1], v[2], normalize), a, b, Tensor.of(0.7f));
            GradCheck.check(v -> Losses.infoNce(v[0], v[1], v[2].exp(), normalize), a, b, Tensor.scalar(-0.5f));
        }
        GradCheck.check(v -> Losses.clip(v[0], v[1], v[2]), a, b, Tensor.scalar(1.2f));
    }

    // ------------------------------------------------------------------------------------------------ bad input

    @Test
    void badInputIsRejectedWithClearMessages() {
        Var a = Var.of(Tensor.zeros(3, 4));
        assertMessage(() -> Losses.infoNce(a, Var.of(Tensor.zeros(3, 5)), 0.1f, true),
                "infoNce: the embeddings must be two [n, d] matrices of the same shape, got [3, 4] and [3, 5]");
        assertMessage(() -> Losses.infoNce(Var.of(Tensor.zeros(3)), Var.of(Tensor.zeros(3)), 0.1f, true),
                "two [n, d] matrices");
        assertMessage(() -> Losses.infoNce(Var.of(Tensor.zeros(0, 4)), Var.of(Tensor.zeros(0, 4)), 0.1f, true),
                "no pairs");
        assertMessage(() -> Losses.infoNce(a, a, 0f, true), "the temperature must be finite and > 0, got 0.0");
        assertMessage(() -> Losses.infoNce(a, a, Float.NaN, true), "the temperature must be finite and > 0");
        assertMessage(() -> Losses.infoNce(a, a, Var.of(Tensor.of(-1f)), true), "the temperature must be > 0, got -1.0");
        assertMessage(() -> Losses.infoNce(a, a, Var.of(Tensor.of(1f, 2f)), true),
                "temperature must have one element, got shape [2]");
        assertMessage(() -> Losses.clip(a, a, Var.of(Tensor.zeros(2))), "clip: logitScale must have one element");
    }
}
