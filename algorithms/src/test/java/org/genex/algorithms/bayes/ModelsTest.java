package org.genex.algorithms.bayes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.genex.tensor.Rng;
import org.junit.jupiter.api.Test;

/** Conjugate posteriors against closed forms, HMC against known answers (with ESS), the exact NPP's behaviour. */
class ModelsTest {
    @Test
    void gaussianLocationPosteriorAndMarginal() {
        GaussianLocationModel m = new GaussianLocationModel(0.5, 2, 1.5);
        double[] x = {1.0, 2.2, -0.3, 0.7};
        double[] mv = m.posteriorMoments(x);
        double prec = 1 / 4.0 + 4 / 2.25;
        assertEquals(1 / prec, mv[1], 1e-15);
        assertEquals((0.5 / 4 + 3.6 / 2.25) / prec, mv[0], 1e-14);
        // log marginal by quadrature over theta
        double q = Quadrature.integrate(t -> {
            double l = Normal.logPdf(t, 0.5, 2);
            for (double v : x) l += Normal.logPdf(v, t, 1.5);
            return Math.exp(l);
        }, -20, 20, 400);
        assertEquals(Math.log(q), m.logMarginal(x), 1e-10);
        List<Double> d = m.samplePosterior(Points.of(x), 20_000, Rng.seeded(1));
        double mean = d.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertEquals(mv[0], mean, 4 * Math.sqrt(mv[1] / 20_000));
    }

    static Points regressionData(Rng r, int n, double[] beta, double sigma) {
        int p = beta.length;
        double[] v = new double[n * p];
        for (int i = 0; i < n; i++) {
            double y = beta[0];
            for (int k = 1; k < p; k++) {
                double xk = r.gaussian();
                v[i * p + k - 1] = xk;
                y += beta[k] * xk;
            }
            v[i * p + p - 1] = y + sigma * r.gaussian();
        }
        return new Points(v, n, p);
    }

    @Test
    void conjugateRegressionMatchesClosedForm() {
        Rng r = Rng.seeded(2);
        Points data = regressionData(r, 30, new double[] {1, -2, 0.5}, 0.7);
        BayesianLinearRegression.Config cfg = new BayesianLinearRegression.Config(true, BayesianLinearRegression.Posterior.CONJUGATE,
                new double[] {0, 0, 0}, 4, 2, 1, 0, 1);
        BayesianLinearRegression model = new BayesianLinearRegression(cfg);
        // closed form by hand: Vn = (I/g + D^T D)^-1, mn = Vn D^T y, an, bn
        double[] x = model.design(data), y = data.column(2);
        int n = 30, p = 3;
        double[][] a = new double[p][p];
        double[] b = new double[p];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++) {
                b[j] += x[i * p + j] * y[i];
                for (int k = 0; k < p; k++) a[j][k] += x[i * p + j] * x[i * p + k];
            }
        for (int j = 0; j < p; j++) a[j][j] += 0.25;
        double[][] inv = invert3(a);
        double[] mn = new double[p];
        for (int j = 0; j < p; j++) for (int k = 0; k < p; k++) mn[j] += inv[j][k] * b[k];
        double yy = 0, quad = 0;
        for (double v : y) yy += v * v;
        for (int j = 0; j < p; j++) quad += mn[j] * b[j];
        double an = 2 + n / 2.0, bn = 1 + 0.5 * (yy - quad);
        double eSigma2 = bn / (an - 1);
        List<BayesianLinearRegression.Params> draws = model.samplePosterior(data, 40_000, r);
        double[] mean = new double[p];
        double s2 = 0, cov01 = 0;
        for (var t : draws) {
            for (int j = 0; j < p; j++) mean[j] += t.beta()[j] / draws.size();
            s2 += t.sigma2() / draws.size();
        }
        for (var t : draws) cov01 += (t.beta()[0] - mean[0]) * (t.beta()[1] - mean[1]) / draws.size();
        for (int j = 0; j < p; j++) assertEquals(mn[j], mean[j], 4 * Math.sqrt(eSigma2 * inv[j][j] / draws.size()) + 1e-3);
        assertEquals(eSigma2, s2, 0.02 * eSigma2);
        assertEquals(eSigma2 * inv[0][1], cov01, 0.1 * Math.abs(eSigma2 * Math.sqrt(inv[0][0] * inv[1][1])));
    }

    static double[][] invert3(double[][] m) {
        double a = m[0][0], b = m[0][1], c = m[0][2], d = m[1][0], e = m[1][1], f = m[1][2], g = m[2][0], h = m[2][1], i = m[2][2];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return new double[][] {{(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det},
                {(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det},
                {(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det}};
    }

    @Test
    void referenceAndPaperPosteriors() {
        Rng r = Rng.seeded(3);
        Points data = regressionData(r, 25, new double[] {0.5, 1.5}, 2.0);
        BayesianLinearRegression ref = new BayesianLinearRegression(BayesianLinearRegression.Config.defaults(1));
        var ls = ref.leastSquares(data);
        List<BayesianLinearRegression.Params> d = ref.samplePosterior(data, 40_000, r);
        double m = 0, v = 0;
        for (var t : d) m += t.beta()[1] / d.size();
        for (var t : d) v += (t.beta()[1] - m) * (t.beta()[1] - m) / d.size();
        int dof = 23;
        double expectVar = ls.s2() * ls.v().get(1, 1) * dof / (dof - 2.0); // multivariate t
        assertEquals(ls.betaHat()[1], m, 4 * Math.sqrt(expectVar / d.size()));
        assertEquals(expectVar, v, 0.04 * expectVar);
        List<BayesianLinearRegression.Params> pp = new BayesianLinearRegression(BayesianLinearRegression.Config.defaults(1)
                .with(BayesianLinearRegression.Posterior.PAPER)).samplePosterior(data, 40_000, r);
        double vp = 0, mp = 0;
        for (var t : pp) mp += t.beta()[1] / pp.size();
        for (var t : pp) vp += (t.beta()[1] - mp) * (t.beta()[1] - mp) / pp.size();
        assertEquals(ls.v().get(1, 1), vp, 0.04 * ls.v().get(1, 1)); // no sigma^2
    }

    @Test
    void hmcOnACorrelatedGaussian() {
        double rho = 0.8, s1 = 1, s2 = 3;
        double det = s1 * s1 * s2 * s2 * (1 - rho * rho);
        double p11 = s2 * s2 / det, p22 = s1 * s1 / det, p12 = -rho * s1 * s2 / det;
        Hmc.LogDensity target = (q, g) -> {
            double a = q[0] - 1, b = q[1] + 2;
            g[0] = -(p11 * a + p12 * b);
            g[1] = -(p12 * a + p22 * b);
            return -0.5 * (p11 * a * a + 2 * p12 * a * b + p22 * b * b);
        };
        Hmc.Result res = Hmc.sample(target, new double[] {0, 0}, new Hmc.Config(1000, 4000, 10, 0.8, 0.1), Rng.seeded(5));
        assertTrue(res.minEss() > 400, "ESS " + res.minEss());
        assertEquals(1, res.mean(0), 5 * s1 / Math.sqrt(res.ess()[0]));
        assertEquals(-2, res.mean(1), 5 * s2 / Math.sqrt(res.ess()[1]));
        assertEquals(s2, res.sd(1), 0.1 * s2);
        assertTrue(res.acceptRate() > 0.6 && res.acceptRate() <= 1, "accept " + res.acceptRate());
    }

    @Test
    void essOfKnownChains() {
        Rng r = Rng.seeded(6);
        double[] iid = new double[20_000], ar = new double[20_000];
        double phi = 0.9;
        for (int i = 0; i < iid.length; i++) {
            iid[i] = r.gaussian();
            ar[i] = (i == 0 ? 0 : phi * ar[i - 1]) + r.gaussian();
        }
        assertEquals(iid.length, Ess.of(iid), 0.1 * iid.length);
        double expected = ar.length * (1 - phi) / (1 + phi);
        assertEquals(expected, Ess.of(ar), 0.25 * expected);
    }

    @Test
    void negativeBinomialHmcAgainstQuadrature() {
        Rng r = Rng.seeded(7);
        int n = 60;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.negativeBinomial(3.0, 0.5); // mean 3, size 2
        Points data = new Points(v, n, 1);
        NegativeBinomialGlm glm = new NegativeBinomialGlm(0, NegativeBinomialGlm.Config.defaults(0));
        Hmc.Result res = glm.posterior(data, new Hmc.Config(800, 3000, 12, 0.8, 0.1), r);
        // the exact posterior of (beta0, log r) on a grid
        Hmc.LogDensity lp = glm.logPosterior(data);
        double[] g = new double[2];
        double lo0 = Math.log(3) - 1.2, hi0 = Math.log(3) + 1.2, lo1 = -3, hi1 = 5;
        int grid = 300;
        double max = Double.NEGATIVE_INFINITY;
        double[][] l = new double[grid][grid];
        for (int i = 0; i < grid; i++)
            for (int j = 0; j < grid; j++) {
                l[i][j] = lp.logDensity(new double[] {lo0 + (hi0 - lo0) * (i + 0.5) / grid, lo1 + (hi1 - lo1) * (j + 0.5) / grid}, g);
                max = Math.max(max, l[i][j]);
            }
        double z = 0, m0 = 0, m1 = 0, v0 = 0;
        for (int i = 0; i < grid; i++)
            for (int j = 0; j < grid; j++) {
                double w = Math.exp(l[i][j] - max), b0 = lo0 + (hi0 - lo0) * (i + 0.5) / grid, b1 = lo1 + (hi1 - lo1) * (j + 0.5) / grid;
                z += w;
                m0 += w * b0;
                m1 += w * b1;
                v0 += w * b0 * b0;
            }
        m0 /= z;
        m1 /= z;
        double sd0 = Math.sqrt(v0 / z - m0 * m0);
        assertTrue(res.minEss() > 200, "ESS " + java.util.Arrays.toString(res.ess()));
        assertEquals(m0, res.mean(0), 5 * sd0 / Math.sqrt(res.ess()[0]));
        assertEquals(m1, res.mean(1), 5 * res.sd(1) / Math.sqrt(res.ess()[1]));
        assertEquals(sd0, res.sd(0), 0.15 * sd0);
        // gradient check of the log posterior with covariates
        Points withX = new Points(new double[] {0.5, 2, -1, 0, 1.5, 7, 0.2, 1}, 4, 2);
        Hmc.LogDensity f = new NegativeBinomialGlm(1, NegativeBinomialGlm.Config.defaults(1)).logPosterior(withX);
        double[] q = {0.3, 0.4, 0.2}, grad = new double[3], tmp = new double[3];
        f.logDensity(q, grad);
        for (int k = 0; k < 3; k++) {
            double[] a = q.clone(), b = q.clone();
            a[k] += 1e-6;
            b[k] -= 1e-6;
            assertEquals((f.logDensity(a, tmp) - f.logDensity(b, tmp)) / 2e-6, grad[k], 1e-5);
        }
    }

    @Test
    void polyaTreeBayesFactorBehaviour() {
        GaussianLocationModel model = GaussianLocationModel.standard();
        PolyaTreeNpp.Config cfg = new PolyaTreeNpp.Config(300, 0, 1, 0.1, 40);
        double meanSmall = 0, meanLarge = 0, miss = 0;
        for (int rep = 0; rep < 4; rep++) {
            Rng r = Rng.seeded(100 + rep);
            double[] spec = SkewNormal.standardised(0).sample(200, r);
            meanSmall += new PolyaTreeNpp(model, java.util.Arrays.copyOf(spec, 10), cfg, r.fork(1)).logBayesFactor() / 4;
            meanLarge += new PolyaTreeNpp(model, spec, cfg, r.fork(2)).logBayesFactor() / 4;
            miss += new PolyaTreeNpp(model, SkewNormal.standardised(10).sample(200, r), cfg, r.fork(3)).logBayesFactor() / 4;
        }
        // npp.md 3.1: log BF rises with n under correct specification (1.2 at n = 5, 3.8 at n = 170) and falls below 0 otherwise
        assertTrue(meanLarge > meanSmall && meanLarge > 1.5, "specified: " + meanSmall + " -> " + meanLarge);
        assertTrue(miss < -1, "misspecified log BF " + miss);
        // the predictive density integrates to 1
        PolyaTreeNpp t = new PolyaTreeNpp(model, SkewNormal.standardised(10).sample(50, Rng.seeded(9)), cfg, Rng.seeded(10));
        double mass = Quadrature.integrate(x -> Math.exp(t.logTreePredictive(x)), -8, 8, 400);
        assertEquals(1, mass, 0.01);
        double p = t.parametricProbability();
        assertTrue(p >= 0 && p <= 1);
    }
}
