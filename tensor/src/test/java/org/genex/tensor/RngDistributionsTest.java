package org.genex.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Rng's distributions against theory: moments within 5 standard errors and chi-square goodness of fit, all with
 * fixed seeds (so every run draws the same numbers) and about 5e4 draws per case.
 */
class RngDistributionsTest {
    private static final int N = 50_000;
    /** Discrete draws are cheap and their chi-square tests gain power with more: a 1% bias in a pmf shows. */
    private static final int ND = 400_000;

    @Test
    void gaussian() {
        Rng r = Rng.seeded(100);
        double[] x = new double[N], y = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = r.gaussian();
            y[i] = r.gaussian(-3, 2.5);
        }
        Stats.assertMoments(x, 0, 1, "gaussian()");
        Stats.assertMoments(y, -3, 6.25, "gaussian(-3, 2.5)");
        // the tails: P(|Z| > 2) = 0.0455
        int out = 0;
        for (double v : x) if (Math.abs(v) > 2) out++;
        double p = 0.04550026389635842;
        assertTrue(Math.abs(out - N * p) < Stats.Z * Math.sqrt(N * p * (1 - p)), "P(|Z| > 2): " + out);
        assertEquals(4.0, r.gaussian(4, 0));
    }

    @Test
    void exponential() {
        Rng r = Rng.seeded(101);
        double[] x = new double[N];
        for (int i = 0; i < N; i++) x[i] = r.exponential(4);
        Stats.assertMoments(x, 0.25, 1.0 / 16, "exponential(4)");
    }

    @Test
    void gammaForShapesBelowAndAboveOne() {
        Rng r = Rng.seeded(102);
        for (double shape : new double[] {0.05, 0.3, 1, 2.5, 40}) {
            double scale = 2;
            double[] x = new double[N];
            for (int i = 0; i < N; i++) {
                x[i] = r.gamma(shape, scale);
                assertTrue(x[i] >= 0, "gamma draw " + x[i]);
            }
            Stats.assertMoments(x, shape * scale, shape * scale * scale, "gamma(" + shape + ", 2)");
        }
    }

    @Test
    void beta() {
        Rng r = Rng.seeded(103);
        for (double[] ab : new double[][] {{0.5, 0.5}, {2, 5}, {0.2, 3}, {30, 10}}) {
            double a = ab[0], b = ab[1], s = a + b;
            double[] x = new double[N];
            for (int i = 0; i < N; i++) {
                x[i] = r.beta(a, b);
                assertTrue(x[i] >= 0 && x[i] <= 1);
            }
            Stats.assertMoments(x, a / s, a * b / (s * s * (s + 1)), "beta(" + a + ", " + b + ")");
        }
    }

    @Test
    void dirichletSumsToOneWithTheRightComponentMoments() {
        Rng r = Rng.seeded(104);
        // all >= 1 (linear path), some < 1 (log-space path), tiny (sparse vectors)
        for (double[] alpha : new double[][] {{1, 2, 5}, {0.3, 1, 4, 0.7}, {1e-3, 1e-3, 1e-3, 1e-3}}) {
            int k = alpha.length, n = 20_000;
            double a0 = 0;
            for (double a : alpha) a0 += a;
            double[][] comp = new double[k][n];
            for (int t = 0; t < n; t++) {
                double[] x = r.dirichlet(alpha);
                double sum = 0;
                for (int i = 0; i < k; i++) {
                    assertTrue(x[i] >= 0 && x[i] <= 1, "component " + x[i]);
                    sum += x[i];
                    comp[i][t] = x[i];
                }
                assertEquals(1, sum, 1e-12, "sum of " + Arrays.toString(x));
            }
            for (int i = 0; i < k; i++) {
                double m = alpha[i] / a0;
                Stats.assertMoments(comp[i], m, m * (1 - m) / (a0 + 1),
                        "dirichlet" + Arrays.toString(alpha) + " component " + i);
            }
        }
    }

    @Test
    void symmetricDirichlet() {
        Rng r = Rng.seeded(105);
        for (double alpha : new double[] {0.1, 2}) {
            int k = 5, n = 20_000;
            double[] first = new double[n];
            for (int t = 0; t < n; t++) {
                double[] x = r.dirichlet(k, alpha);
                assertEquals(k, x.length);
                assertEquals(1, Arrays.stream(x).sum(), 1e-12);
                first[t] = x[0];
            }
            double m = 1.0 / k;
            Stats.assertMoments(first, m, m * (1 - m) / (k * alpha + 1), "symmetric dirichlet " + alpha);
        }
        assertEquals(1.0, r.dirichlet(1, 0.5)[0]);
    }

    @Test
    void poissonSmallMeansFitThePmf() {
        Rng r = Rng.seeded(106);
        for (double mean : new double[] {0.3, 3.5, 9.99, 10, 25}) { // Knuth below 10, PTRS from 10
            int[] x = new int[ND];
            for (int i = 0; i < ND; i++) x[i] = r.poisson(mean);
            Stats.assertChiSquare(x, Stats.poissonPmf(mean, (int) (mean + 8 * Math.sqrt(mean) + 5)),
                    "poisson(" + mean + ")");
            Stats.assertMoments(x, mean, mean, "poisson(" + mean + ")");
        }
        assertEquals(0, r.poisson(0));
    }

    @Test
    void poissonLargeMeans() {
        Rng r = Rng.seeded(107);
        for (double mean : new double[] {41.5, 1e4, 3e7, 1.9e9}) {
            int[] x = new int[N];
            for (int i = 0; i < N; i++) x[i] = r.poisson(mean);
            Stats.assertMoments(x, mean, mean, "poisson(" + mean + ")");
        }
        // a large mean fits its pmf too
        int[] x = new int[N];
        for (int i = 0; i < N; i++) x[i] = r.poisson(60);
        Stats.assertChiSquare(x, Stats.poissonPmf(60, 130), "poisson(60)");
    }

    @Test
    void binomialFitsThePmfOnBothAlgorithms() {
        Rng r = Rng.seeded(108);
        // np < 10: geometric waiting times; np >= 10: BTRS; p > 0.5 mirrors
        int[] ns = {20, 100, 50, 1000, 15, 20, 25};
        double[] ps = {0.3, 0.4, 0.8, 0.02, 0.999, 0.5, 0.399}; // np = 10 and 9.975: both sides of the switch
        for (int c = 0; c < ps.length; c++) {
            int n = ns[c];
            double p = ps[c];
            int[] x = new int[ND];
            for (int i = 0; i < ND; i++) {
                x[i] = r.binomial(n, p);
                assertTrue(x[i] >= 0 && x[i] <= n);
            }
            String what = "binomial(" + n + ", " + p + ")";
            double[] pmf = Stats.binomialPmf(n, p);
            Stats.assertChiSquare(x, Arrays.copyOf(pmf, n + 1), what);
            Stats.assertMoments(x, n * p, n * p * (1 - p), what);
        }
    }

    @Test
    void binomialLargeAndEdgeCases() {
        Rng r = Rng.seeded(109);
        for (double[] np : new double[][] {{1e6, 0.3}, {Integer.MAX_VALUE, 0.5}, {Integer.MAX_VALUE, 2e-9},
                                           {5e4, 1e-4}}) {
            int n = (int) np[0];
            double p = np[1];
            int[] x = new int[N];
            for (int i = 0; i < N; i++) x[i] = r.binomial(n, p);
            Stats.assertMoments(x, n * p, n * p * (1 - p), "binomial(" + n + ", " + p + ")");
        }
        assertEquals(0, r.binomial(0, 0.5));
        assertEquals(0, r.binomial(10, 0));
        assertEquals(10, r.binomial(10, 1));
    }

    @Test
    void logFactorialMatchesSummation() {
        for (int k = 0; k <= 3000; k++) {
            double exact = Stats.logFactorial(k);
            assertEquals(exact, DiscreteSamplers.logFactorial(k), 1e-14 * Math.max(1, exact), "log(" + k + "!)");
        }
    }

    @Test
    void negativeBinomialMomentsAndPmf() {
        Rng r = Rng.seeded(110);
        for (double[] md : new double[][] {{5, 0.5}, {200, 0.1}, {0.1, 2}, {50, 0}, {3000, 1.5}}) {
            double mean = md[0], phi = md[1];
            int[] x = new int[N];
            for (int i = 0; i < N; i++) x[i] = r.negativeBinomial(mean, phi);
            Stats.assertMoments(x, mean, mean + phi * mean * mean, "negativeBinomial(" + mean + ", " + phi + ")");
        }
        // size r = 1/phi = 2, mean 3: P(k) = (k + 1) q^2 (1 - q)^k with q = r / (r + mean) = 0.4
        int[] x = new int[N];
        for (int i = 0; i < N; i++) x[i] = r.negativeBinomial(3, 0.5);
        double[] pmf = new double[40];
        for (int k = 0; k < pmf.length; k++) pmf[k] = (k + 1) * 0.16 * Math.pow(0.6, k);
        Stats.assertChiSquare(x, pmf, "negativeBinomial(3, 0.5)");
        assertEquals(0, r.negativeBinomial(0, 1));
    }

    @Test
    void categoricalFitsItsWeights() {
        double[] w = {1, 0, 3, 6, 0.5};
        double total = 10.5;
        double[] p = new double[w.length];
        for (int i = 0; i < w.length; i++) p[i] = w[i] / total;
        float[] wf = new float[w.length];
        for (int i = 0; i < w.length; i++) wf[i] = (float) w[i];

        Rng r = Rng.seeded(111);
        long[] cd = new long[w.length], cf = new long[w.length], ca = new long[w.length];
        AliasTable table = r.alias(w);
        assertEquals(5, table.size());
        for (int i = 0; i < N; i++) {
            cd[r.categorical(w)]++;
            cf[r.categorical(wf)]++;
            ca[table.sample()]++;
        }
        Stats.assertChiSquare(cd, p, "categorical(double[])");
        Stats.assertChiSquare(cf, p, "categorical(float[])");
        Stats.assertChiSquare(ca, p, "alias");
        assertEquals(3, r.categorical(new double[] {0, 0, 0, 2}));
        assertEquals(0, r.alias(new double[] {7}).sample());
    }

    @Test
    void aliasTableIsReusableAcrossStreams() {
        double[] w = new double[1000];
        for (int i = 0; i < w.length; i++) w[i] = 1 + i % 10;
        AliasTable table = Rng.seeded(1).alias(w);
        // the same table on another stream draws that stream's numbers, reproducibly
        int[] a = table.withRng(Rng.seeded(2)).sample(1000);
        int[] b = table.withRng(Rng.seeded(2)).sample(1000);
        assertTrue(Arrays.equals(a, b));
        long[] counts = new long[10];
        for (int v : table.withRng(Rng.seeded(3)).sample(N)) counts[v % 10]++;
        double[] p = new double[10];
        for (int j = 0; j < 10; j++) p[j] = (j + 1) / 55.0;
        Stats.assertChiSquare(counts, p, "alias over 1000 categories, grouped");
    }

    @Test
    void multinomialCountsSumToNWithBinomialMargins() {
        Rng r = Rng.seeded(112);
        double[] w = {2, 0, 1, 5, 2};
        int n = 40, trials = 40_000;
        double[][] c = new double[w.length][trials];
        for (int t = 0; t < trials; t++) {
            int[] x = r.multinomial(n, w);
            assertEquals(n, Arrays.stream(x).sum());
            assertEquals(0, x[1]);
            for (int i = 0; i < w.length; i++) c[i][t] = x[i];
        }
        for (int i = 0; i < w.length; i++) {
            double p = w[i] / 10;
            if (p > 0) Stats.assertMoments(c[i], n * p, n * p * (1 - p), "multinomial component " + i);
        }
        assertEquals(0, Arrays.stream(r.multinomial(0, w)).sum());
    }

    /** P(lo <= Z <= hi) accurately in either tail. */
    private static double mass(double lo, double hi) {
        if (lo >= 0) return 0.5 * (SpecialMath.erfc(lo / Math.sqrt(2)) - SpecialMath.erfc(hi / Math.sqrt(2)));
        if (hi <= 0) return mass(-hi, -lo);
        return SpecialMath.normalCdf(hi) - SpecialMath.normalCdf(lo);
    }

    private static double pdf(double z) { return Double.isInfinite(z) ? 0 : SpecialMath.normalPdf(z); }

    private static double zpdf(double z) { return Double.isInfinite(z) ? 0 : z * SpecialMath.normalPdf(z); }

    @Test
    void truncatedNormalStaysInBoundsWithTheRightMoments() {
        Rng r = Rng.seeded(113);
        double inf = Double.POSITIVE_INFINITY;
        // standard initialiser bounds, one-sided tails, a far tail, narrow intervals, around zero, left tail
        double[][] cases = {{-2, 2}, {0, inf}, {3, inf}, {8, 9}, {5, 5.01}, {-0.1, 0.2}, {-inf, -4}, {-1, 30},
                            {1, 1.5}, {-inf, 0.3}};
        for (double[] ab : cases) {
            double mean = 0.5, sd = 2, a = mean + sd * ab[0], b = mean + sd * ab[1];
            double alpha = ab[0], beta = ab[1], z = mass(alpha, beta);
            double d = (pdf(alpha) - pdf(beta)) / z;
            double tm = mean + sd * d;
            double tv = sd * sd * (1 + (zpdf(alpha) - zpdf(beta)) / z - d * d);
            double[] x = new double[30_000];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.truncatedNormal(mean, sd, a, b);
                assertTrue(x[i] >= a && x[i] <= b, x[i] + " outside [" + a + ", " + b + "]");
            }
            Stats.assertMoments(x, tm, tv, "truncatedNormal on [" + alpha + ", " + beta + "] sd");
        }
        assertEquals(1.0, r.truncatedNormal(0, 0, 1, 2));
        assertEquals(0.5, r.truncatedNormal(0.5, 0, 0, 2));
        assertEquals(3.0, r.truncatedNormal(0, 1, 3, 3));
        // bounds 1e300 standard deviations away: the limit, the nearer bound
        assertEquals(1.0, r.truncatedNormal(0, 1e-300, 1, 2));
        double far = r.truncatedNormal(0, 1, 1e200, Double.POSITIVE_INFINITY);
        assertTrue(far >= 1e200 && far < 1.0000001e200);
    }

    @Test
    void truncatedNormalTensorStaysInFloatBounds() {
        Rng r = Rng.seeded(114);
        Tensor t = r.truncatedNormal(Shape.of(300, 400), 0, 0.02f, -0.04f, 0.04f); // trunc_normal_(std=.02, a=-2std)
        float[] x = t.toArray();
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            assertTrue(x[i] >= -0.04f && x[i] <= 0.04f, "value " + x[i]);
            d[i] = x[i];
        }
        double z = mass(-2, 2), tv = 0.0004 * (1 - 2 * 2 * SpecialMath.normalPdf(2) / z);
        Stats.assertMoments(d, 0, tv, "truncated normal tensor");
        // bounds not in the standard normal's bulk, and a large parallel fill
        float[] big = new float[3 * Rng.FILL_CHUNK];
        r.fillTruncatedNormal(big, 1, 1, 4, 4.5f);
        for (float v : big) assertTrue(v >= 4 && v <= 4.5f, "value " + v);
    }
}
