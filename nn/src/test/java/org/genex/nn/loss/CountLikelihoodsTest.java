package org.genex.nn.loss;

import static org.genex.nn.loss.LossReference.*;
import static org.genex.nn.loss.LossesTest.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.genex.autodiff.Functional.Reduction;
import org.genex.autodiff.GradCheck;
import org.genex.autodiff.Var;
import org.genex.tensor.SpecialMath;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@link CountLikelihoods} against double-precision references written here: scvi-tools' formulas transcribed with
 * {@link SpecialMath#lgamma} in double, and independently the distributions' definitions (the NB probability mass
 * function, the ZINB mixture log(s + (1 - s) NB(0)) and log(1 - s) + log NB(x)); known values (theta = 1 is the
 * geometric distribution; theta to infinity gives the Poisson), closed-form gradients with digamma, GradCheck with
 * respect to mu, theta and pi, a per-gene theta broadcast over cells, reductions and masks, and bad input.
 */
class CountLikelihoodsTest {
    static final double EPS = 1e-8;

    /** scvi-tools' log_nb_positive in double. */
    static double logNb(double x, double mu, double theta) {
        double l = Math.log(theta + mu + EPS);
        return theta * (Math.log(theta + EPS) - l) + x * (Math.log(mu + EPS) - l)
                + SpecialMath.lgamma(x + theta) - SpecialMath.lgamma(theta) - SpecialMath.lgamma(x + 1);
    }

    /** scvi-tools' log_zinb_positive in double (pi: dropout logits). */
    static double logZinb(double x, double mu, double theta, double pi) {
        double softplusPi = softplus(-pi);
        double piThetaLog = -pi + theta * (Math.log(theta + EPS) - Math.log(theta + mu + EPS));
        if (x < EPS) return softplus(piThetaLog) - softplusPi;
        if (x > EPS) return -softplusPi + piThetaLog + x * (Math.log(mu + EPS) - Math.log(theta + mu + EPS))
                + SpecialMath.lgamma(x + theta) - SpecialMath.lgamma(theta) - SpecialMath.lgamma(x + 1);
        return 0;
    }

    /** The ZINB from its definition: a zero is a dropout (probability s = sigmoid(pi)) or an NB zero. */
    static double logZinbByDefinition(double x, double mu, double theta, double pi) {
        double s = sigmoid(pi);
        return x == 0 ? Math.log(s + (1 - s) * Math.exp(logNb(0, mu, theta))) : Math.log1p(-s) + logNb(x, mu, theta);
    }

    /** d logNb / d mu and d logNb / d theta in closed form. */
    static double dMu(double x, double mu, double theta) { return x / (mu + EPS) - (theta + x) / (theta + mu + EPS); }

    static double dTheta(double x, double mu, double theta) {
        return Math.log(theta + EPS) - Math.log(theta + mu + EPS) + theta / (theta + EPS) - (theta + x) / (theta + mu + EPS)
                + SpecialMath.digamma(x + theta) - SpecialMath.digamma(theta);
    }

    static double logPoisson(double x, double mu) { return x * Math.log(mu) - mu - SpecialMath.lgamma(x + 1); }

    /** Counts [cells, genes] with ~30% zeros, means in [0.2, 10], inverse dispersions in [0.5, 20], logits N(0, 1). */
    static Tensor[] data(long seed, int cells, int genes) {
        Random r = new Random(seed);
        int n = cells * genes;
        float[] x = new float[n], mu = new float[n], theta = new float[n], pi = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextInt(10) < 3 ? 0 : 1 + r.nextInt(25);
            mu[i] = 0.2f + 9.8f * r.nextFloat();
            theta[i] = 0.5f + 19.5f * r.nextFloat();
            pi[i] = (float) r.nextGaussian();
        }
        return new Tensor[]{Tensor.wrap(x, cells, genes), Tensor.wrap(mu, cells, genes),
                Tensor.wrap(theta, cells, genes), Tensor.wrap(pi, cells, genes)};
    }

    static double[] nbReference(Tensor[] d) {
        double[] x = values(d[0]), mu = values(d[1]), th = values(d[2]), r = new double[x.length];
        for (int i = 0; i < x.length; i++) r[i] = logNb(x[i], mu[i], th[i]);
        return r;
    }

    static double[] zinbReference(Tensor[] d) {
        double[] x = values(d[0]), mu = values(d[1]), th = values(d[2]), pi = values(d[3]), r = new double[x.length];
        for (int i = 0; i < x.length; i++) r[i] = logZinb(x[i], mu[i], th[i], pi[i]);
        return r;
    }

    // ------------------------------------------------------------------------------------------------ NB values

    @Test
    void nbMatchesScviToolsFormulaInDouble() {
        Tensor[] d = data(1, 5, 7);
        Var ll = CountLikelihoods.logNbPositive(d[0], Var.of(d[1]), Var.of(d[2]));
        assertEquals(d[0].shape(), ll.shape());
        assertElements(nbReference(d), ll, 1e-5, 2e-5, "log NB");
    }

    @Test
    void nbKnownValuesAndTheProbabilityMassFunction() {
        // theta = 1 is the geometric distribution: P(3 | mu = 2) = (1/3) (2/3)^3 = 8/81; P(0 | mu = 2, theta = 2) = 1/4
        Var geometric = CountLikelihoods.logNbPositive(Tensor.of(3f), Var.of(Tensor.of(2f)), Var.of(Tensor.of(1f)));
        assertEquals(Math.log(8.0 / 81), geometric.item(), 1e-6);
        Var zero = CountLikelihoods.logNbPositive(Tensor.of(0f), Var.of(Tensor.of(2f)), Var.of(Tensor.of(2f)));
        assertEquals(Math.log(0.25), zero.item(), 1e-6);
        // the pmf sums to 1 over the counts (the reference, in double, and genex, in float)
        float[] counts = new float[400];
        for (int k = 0; k < counts.length; k++) counts[k] = k;
        double sumRef = 0, sum = 0;
        float[] ll = CountLikelihoods.logNbPositive(Tensor.of(counts), Var.of(Tensor.of(7.5f)), Var.of(Tensor.of(1.7f)))
                .value().toArray();
        for (int k = 0; k < counts.length; k++) {
            sumRef += Math.exp(logNb(k, 7.5, 1.7));
            sum += Math.exp(ll[k]);
        }
        assertEquals(1, sumRef, 1e-7);
        assertEquals(1, sum, 1e-4);
    }

    @Test
    void nbApproachesThePoissonAsThetaGrows() {
        double x = 5, mu = 3;
        // the reference: log NB - log Poisson = ((x - mu)^2 - x) / (2 theta) + O(1 / theta^2), and -> 0
        assertEquals(logPoisson(x, mu), logNb(x, mu, 1e8), 1e-6);
        assertEquals(((x - mu) * (x - mu) - x) / 2, 1e4 * (logNb(x, mu, 1e4) - logPoisson(x, mu)), 1e-3);
        // genex in float: within the first-order correction's error at theta = 10, 100 (float lgamma of theta ~ 1e2
        // is good to about 3e-5; at theta >= 1e3 float rounding exceeds the correction itself)
        double previous = Double.POSITIVE_INFINITY;
        for (float theta : new float[]{1f, 10f, 100f}) {
            double v = CountLikelihoods.logNbPositive(Tensor.of((float) x), Var.of(Tensor.of((float) mu)),
                    Var.of(Tensor.of(theta))).item();
            double gap = Math.abs(v - logPoisson(x, mu));
            assertTrue(gap < previous / 5, "theta " + theta + ": |NB - Poisson| = " + gap + " after " + previous);
            previous = gap;
            if (theta >= 10)
                assertEquals(logPoisson(x, mu) + ((x - mu) * (x - mu) - x) / (2 * theta), v, 3.0 / (theta * theta),
                        "theta " + theta);
        }
    }

    @Test
    void perGeneThetaBroadcastsOverCells() {
        Tensor[] d = data(2, 4, 6);
        float[] perGene = new float[6], expanded = new float[24];
        Random r = new Random(3);
        for (int g = 0; g < 6; g++) perGene[g] = 0.5f + 10 * r.nextFloat();
        for (int i = 0; i < 24; i++) expanded[i] = perGene[i % 6];
        Var thetaGene = Var.param(Tensor.of(perGene)), thetaFull = Var.param(Tensor.wrap(expanded, 4, 6));
        Var a = CountLikelihoods.nbNll(d[0], Var.of(d[1]), thetaGene, null, Reduction.SUM);
        Var b = CountLikelihoods.nbNll(d[0], Var.of(d[1]), thetaFull, null, Reduction.SUM);
        assertEquals(b.item(), a.item(), 0f, "same values");
        a.backward();
        b.backward();
        float[] gFull = thetaFull.grad().toArray(), gGene = thetaGene.grad().toArray();
        assertEquals(6, gGene.length);
        for (int g = 0; g < 6; g++) {
            double s = 0;
            for (int c = 0; c < 4; c++) s += gFull[c * 6 + g];
            assertEquals(s, gGene[g], 1e-5 * (1 + Math.abs(s)), "gene " + g + ": the gradient sums over cells");
        }
        // and the ZINB: theta [genes], pi [genes] (a per-gene dropout), mu [cells, genes]
        Tensor piGene = Tensor.of(0.3f, -1f, 2f, 0f, -0.5f, 1f);
        Var z = CountLikelihoods.logZinbPositive(d[0], Var.of(d[1]), Var.of(Tensor.of(perGene)), Var.of(piGene));
        double[] x = values(d[0]), mu = values(d[1]), expected = new double[24];
        for (int i = 0; i < 24; i++) expected[i] = logZinb(x[i], mu[i], perGene[i % 6], piGene.toArray()[i % 6]);
        assertElements(expected, z, 1e-5, 2e-5, "ZINB with per-gene theta and pi");
    }

    // ------------------------------------------------------------------------------------------------ ZINB values

    @Test
    void zinbMatchesScviToolsFormulaAndTheMixtureDefinition() {
        Tensor[] d = data(4, 5, 7);
        Var ll = CountLikelihoods.logZinbPositive(d[0], Var.of(d[1]), Var.of(d[2]), Var.of(d[3]));
        double[] ref = zinbReference(d);
        assertElements(ref, ll, 1e-5, 2e-5, "log ZINB");
        double[] x = values(d[0]), mu = values(d[1]), th = values(d[2]), pi = values(d[3]);
        int zeros = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == 0) zeros++;
            assertEquals(logZinbByDefinition(x[i], mu[i], th[i], pi[i]), ref[i], 1e-9 * (1 + Math.abs(ref[i])),
                    "the transcription is the mixture, element " + i + " (x = " + x[i] + ")");
        }
        assertTrue(zeros > 3 && zeros < x.length - 3, "both branches are exercised: " + zeros + " zeros");
    }

    @Test
    void zinbBranchesAtZeroAndAboveAndItsLimits() {
        Var mu = Var.of(Tensor.of(2f, 2f)), theta = Var.of(Tensor.of(3f, 3f));
        Tensor x = Tensor.of(0f, 4f);
        // no dropout (pi -> -inf): the NB (at x = 0 the ZINB is a difference of two softplus values near 40: a few
        // float ulps of 40, ~4e-6 each, is the precision there, in scvi-tools' float32 as here)
        float[] nb = CountLikelihoods.logNbPositive(x, mu, theta).value().toArray();
        float[] noDropout = CountLikelihoods.logZinbPositive(x, mu, theta, Var.of(Tensor.of(-40f, -40f))).value()
                .toArray();
        assertArrayEquals(nb, noDropout, 1e-5f);
        // certain dropout (pi -> +inf): a zero has log-likelihood 0, a positive count about -pi
        float[] dropout = CountLikelihoods.logZinbPositive(x, mu, theta, Var.of(Tensor.of(40f, 40f))).value().toArray();
        assertEquals(0f, dropout[0], 1e-6f);
        assertEquals(-40 + nb[1], dropout[1], 1e-4f);
        // pi = 0 (dropout 1/2): log(1/2 + NB(0)/2) and log(1/2) + log NB(4)
        float[] half = CountLikelihoods.logZinbPositive(x, mu, theta, Var.of(Tensor.of(0f, 0f))).value().toArray();
        assertEquals(Math.log(0.5 + 0.5 * Math.exp(logNb(0, 2, 3))), half[0], 1e-6);
        assertEquals(Math.log(0.5) + logNb(4, 2, 3), half[1], 1e-5);
        // x = eps exactly is neither branch: 0, as scvi-tools
        Var atEps = CountLikelihoods.logZinbPositive(Tensor.of(CountLikelihoods.EPS), Var.of(Tensor.of(2f)),
                Var.of(Tensor.of(3f)), Var.of(Tensor.of(0f)));
        assertEquals(0f, atEps.item(), 0f);
    }

    // ------------------------------------------------------------------------------------------------ gradients

    @Test
    void nbGradientsMatchTheirClosedForms() {
        Tensor[] d = data(5, 4, 5);
        Var mu = Var.param(d[1]), theta = Var.param(d[2]);
        CountLikelihoods.logNbPositive(d[0], mu, theta).sum().backward();
        double[] x = values(d[0]), m = values(d[1]), th = values(d[2]);
        double[] gMu = new double[x.length], gTheta = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            gMu[i] = dMu(x[i], m[i], th[i]);
            gTheta[i] = dTheta(x[i], m[i], th[i]);
        }
        assertElements(gMu, Var.of(mu.grad()), 1e-5, 1e-6, "d log NB / d mu");
        assertElements(gTheta, Var.of(theta.grad()), 1e-4, 1e-5, "d log NB / d theta");
    }

    @Test
    void gradientsWithRespectToMuThetaAndPiMatchFiniteDifferences() {
        Tensor[] d = data(6, 3, 4);
        for (Reduction r : Reduction.values()) {
            GradCheck.check(v -> CountLikelihoods.nbNll(d[0], v[0], v[1], null, r), d[1], d[2]);
            GradCheck.check(v -> CountLikelihoods.zinbNll(d[0], v[0], v[1], v[2], null, r), d[1], d[2], d[3]);
        }
        Tensor thetaGene = Tensor.of(0.8f, 3f, 7f, 15f);                           // broadcast over the 3 cells
        GradCheck.check(v -> CountLikelihoods.zinbNll(d[0], v[0], v[1], v[2]), d[1], thetaGene, d[3]);
    }

    // ------------------------------------------------------------------------------------------------ reductions

    @Test
    void reductionsAndMasks() {
        Tensor[] d = data(7, 4, 5);
        double[] nb = nbReference(d), zinb = zinbReference(d);
        for (int i = 0; i < nb.length; i++) {
            nb[i] = -nb[i];
            zinb[i] = -zinb[i];
        }
        float[] cells = {1, 0, 1, 1};
        Tensor cellMask = Tensor.of(cells, 4, 1);
        double[] mask = new double[20];
        for (int i = 0; i < 20; i++) mask[i] = cells[i / 5];
        Var mu = Var.of(d[1]), theta = Var.of(d[2]), pi = Var.of(d[3]);
        assertScalar(reduce(nb, null, Reduction.MEAN), CountLikelihoods.nbNll(d[0], mu, theta), 1e-5, 1e-5, "nb mean");
        assertScalar(reduce(zinb, null, Reduction.MEAN), CountLikelihoods.zinbNll(d[0], mu, theta, pi), 1e-5, 1e-5,
                "zinb mean");
        for (Reduction r : new Reduction[]{Reduction.SUM, Reduction.MEAN}) {
            assertScalar(reduce(nb, mask, r), CountLikelihoods.nbNll(d[0], mu, theta, cellMask, r), 1e-5, 1e-5,
                    "masked nb " + r);
            assertScalar(reduce(zinb, mask, r), CountLikelihoods.zinbNll(d[0], mu, theta, pi, cellMask, r), 1e-5, 1e-5,
                    "masked zinb " + r);
        }
        GradCheck.check(v -> CountLikelihoods.zinbNll(d[0], v[0], v[1], v[2], cellMask, Reduction.MEAN),
                d[1], d[2], d[3]);
        // scvi-tools' reconstruction loss: summed over genes, averaged over cells
        Var perCell = CountLikelihoods.nbNll(d[0], mu, theta, null, Reduction.NONE).sum(false, 1).mean();
        assertScalar(reduce(nb, null, Reduction.SUM) / 4, perCell, 1e-5, 1e-5, "sum over genes, mean over cells");
    }

    // ------------------------------------------------------------------------------------------------ bad input

    @Test
    void badInputIsRejectedWithClearMessages() {
        Tensor x = Tensor.of(0f, 1f, 2f);
        Var mu = Var.of(Tensor.of(1f, 1f, 1f)), theta = Var.of(Tensor.of(2f, 2f, 2f)), pi = Var.of(Tensor.zeros(3));
        assertMessage(() -> CountLikelihoods.logNbPositive(Tensor.of(0f, -1f, 2f), mu, theta),
                "logNbPositive: every count must be >= 0, but element 1 of [3] is -1.0");
        assertMessage(() -> CountLikelihoods.logNbPositive(x, Var.of(Tensor.of(1f, -0.5f, 1f)), theta),
                "every mean mu must be >= 0");
        assertMessage(() -> CountLikelihoods.logNbPositive(x, mu, Var.of(Tensor.of(2f, 0f, 2f))),
                "every inverse dispersion theta must be > 0, but element 1 of [3] is 0.0");
        assertMessage(() -> CountLikelihoods.logNbPositive(x, mu, Var.of(Tensor.of(2f, Float.NaN, 2f))),
                "inverse dispersion theta must be > 0");
        assertMessage(() -> CountLikelihoods.logZinbPositive(x, mu, theta, Var.of(Tensor.of(0f, Float.NaN, 0f))),
                "logZinbPositive: the dropout logit pi at 1 is NaN");
        assertMessage(() -> CountLikelihoods.logNbPositive(x, Var.of(Tensor.of(1f, 1f)), theta), "[2]");
        assertMessage(() -> CountLikelihoods.logNbPositive(Tensor.zeros(2, 3), Var.of(Tensor.ones(4, 3)),
                Var.of(Tensor.ones(3))), "must broadcast to the shape of the counts [2, 3]");
        assertMessage(() -> CountLikelihoods.logNbPositive(x, mu, theta, -1f), "eps must be finite and >= 0");
        assertMessage(() -> CountLikelihoods.zinbNll(x, mu, theta, pi, Tensor.of(1f, 2f, 1f), Reduction.MEAN),
                "the mask must hold 0 or 1");
    }
}
