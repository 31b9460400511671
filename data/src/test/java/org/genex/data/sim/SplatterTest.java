package org.genex.data.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * Statistical checks of the Splat model: each compares a simulated quantity with what the generative model implies,
 * with a tolerance of several standard errors, so a wrong step (a missing factor, a wrong distribution parameter)
 * fails.
 */
class SplatterTest {

    @Test
    void defaultsAreSplattersSplatParams() {
        Splatter.Config c = Splatter.Config.defaults();
        assertEquals(10_000, c.nGenes());
        assertEquals(100, c.nCells());
        assertEquals(0.6, c.meanShape());
        assertEquals(0.3, c.meanRate());
        assertEquals(11, c.libLoc());
        assertEquals(0.2, c.libScale());
        assertEquals(0.05, c.outProb());
        assertEquals(4, c.outFacLoc());
        assertEquals(0.5, c.outFacScale());
        assertArrayEquals(new double[] {0.1}, c.deProb());
        assertArrayEquals(new double[] {0.5}, c.deDownProb());
        assertArrayEquals(new double[] {0.1}, c.deFacLoc());
        assertArrayEquals(new double[] {0.4}, c.deFacScale());
        assertEquals(0.1, c.bcvCommon());
        assertEquals(60, c.bcvDf());
        assertEquals(Splatter.Dropout.NONE, c.dropoutType());
        assertArrayEquals(new double[] {0}, c.dropoutMid());
        assertArrayEquals(new double[] {-1}, c.dropoutShape());
        assertArrayEquals(new double[] {0.1}, c.batchFacLoc());
        assertArrayEquals(new double[] {0.1}, c.batchFacScale());
        assertArrayEquals(new int[] {100}, c.pathNSteps());
        assertArrayEquals(new double[] {0.5}, c.pathSkew());
        assertArrayEquals(new double[] {0.1}, c.pathNonlinearProb());
        assertArrayEquals(new double[] {0.8}, c.pathSigmaFac());
        assertEquals(0, c.doubletFraction());
    }

    @Test
    void librarySizesAreLogNormalAndCountsSumToThem() {
        AnnData a = Splatter.simulate(Splatter.Config.builder().genes(300).cells(400).build(), 1);
        double[] lib = a.obs().get("ExpLibSize").toDoubles();
        double mean = Arrays.stream(lib).average().orElseThrow();
        double expected = Math.exp(11 + 0.2 * 0.2 / 2); // E[LogNormal(11, 0.2)]
        assertEquals(expected, mean, 0.04 * expected); // standard error 1%
        double[] logs = Arrays.stream(lib).map(Math::log).toArray();
        assertEquals(0.2, sd(logs), 0.03);
        // E[sum_g y_cg] = L_c: every step after the proportions keeps the mean
        double[] observed = csr(a).rowSums();
        double ratio = 0;
        for (int c = 0; c < lib.length; c++) ratio += observed[c] / lib[c] / lib.length;
        assertEquals(1, ratio, 0.02);
        assertFalse(a.obs().has("Group"));
        assertEquals(0, countTrue(a.obs().get("Doublet")));
    }

    @Test
    void geneMeansAndOutliers() {
        AnnData a = Splatter.simulate(Splatter.Config.builder().genes(5000).cells(2).build(), 2);
        double[] base = a.var().get("BaseGeneMean").toDoubles();
        double[] out = a.var().get("OutlierFactor").toDoubles();
        double[] mean = a.var().get("GeneMean").toDoubles();
        assertEquals(0.6 / 0.3, avg(base), 0.2); // Gamma(0.6, rate 0.3): mean 2, standard error 0.037
        double median = median(base);
        int outliers = 0;
        double logSum = 0;
        for (int g = 0; g < base.length; g++) {
            if (out[g] != 1) {
                outliers++;
                logSum += Math.log(out[g]);
                assertTrue(out[g] > 1, "outlier factors have down probability 0");
                assertEquals(median * out[g], mean[g], 1e-12 * mean[g]);
            } else {
                assertEquals(base[g], mean[g]);
            }
        }
        assertEquals(0.05, outliers / 5000.0, 0.015);
        assertEquals(4, logSum / outliers, 0.15); // log factors ~ N(4, 0.5), all above 0
    }

    @Test
    void deFactorsPerGroup() {
        AnnData a = Splatter.simulate(Splatter.Config.builder().genes(5000).cells(4).groups(0.5, 0.5).build(), 3);
        for (String col : new String[] {"DEFacGroup1", "DEFacGroup2"}) {
            double[] f = a.var().get(col).toDoubles();
            int de = 0, down = 0;
            double absLog = 0;
            for (double v : f)
                if (v != 1) {
                    de++;
                    if (v < 1) down++;
                    absLog += Math.abs(Math.log(v));
                }
            assertEquals(0.1, de / 5000.0, 0.02, col); // standard error 0.0042
            assertEquals(0.5, down / (double) de, 0.08, col);
            // |log f| = |N(0.1, 0.4)|: mean 0.4 sqrt(2/pi) exp(-0.1^2 / (2 0.4^2)) + 0.1 (1 - 2 Phi(-0.25)) = 0.3291
            assertEquals(0.3291, absLog / de, 0.045, col);
        }
        // A factor below 1 flips its direction, so the down probability alone decides up or down.
        AnnData b = Splatter.simulate(Splatter.Config.builder().genes(2000).cells(4).groups(0.5, 0.5)
                .deDownProb(0, 1).build(), 3);
        double[] up = b.var().get("DEFacGroup1").toDoubles(), down = b.var().get("DEFacGroup2").toDoubles();
        assertTrue(Arrays.stream(up).allMatch(v -> v >= 1) && Arrays.stream(up).anyMatch(v -> v > 1));
        assertTrue(Arrays.stream(down).allMatch(v -> v <= 1) && Arrays.stream(down).anyMatch(v -> v < 1));
    }

    @Test
    void groupMeansFollowTheirDeFactors() {
        Splatter.Config c = Splatter.Config.builder().genes(300).cells(600).groups(0.5, 0.5)
                .de(0.3, 0.5, 0.3, 0.6).build();
        AnnData a = Splatter.simulate(c, 4);
        double[] geneMean = a.var().get("GeneMean").toDoubles();
        double[][] de = {a.var().get("DEFacGroup1").toDoubles(), a.var().get("DEFacGroup2").toDoubles()};
        int[] group = ((Column.Categorical) a.obs().get("Group")).codes();
        double[] lib = a.obs().get("ExpLibSize").toDoubles();
        CsrMatrix x = csr(a);
        double[][] observed = new double[2][300], expected = new double[2][300];
        double[] libTotal = new double[2];
        for (int cell = 0; cell < x.rows(); cell++) {
            libTotal[group[cell]] += lib[cell];
            for (int k = x.indptr()[cell]; k < x.indptr()[cell + 1]; k++)
                observed[group[cell]][x.indices()[k]] += x.values()[k];
        }
        for (int k = 0; k < 2; k++) {
            double norm = 0;
            for (int g = 0; g < 300; g++) norm += geneMean[g] * de[k][g];
            for (int g = 0; g < 300; g++) {
                expected[k][g] = geneMean[g] * de[k][g] / norm; // p_kg
                observed[k][g] /= libTotal[k];
            }
        }
        int checked = 0;
        double[] obsRatio = new double[300], expRatio = new double[300];
        for (int g = 0; g < 300; g++) {
            obsRatio[g] = Math.log(observed[0][g] / observed[1][g]);
            expRatio[g] = Math.log(expected[0][g] / expected[1][g]);
            // high-expression genes: at least 100 counts per cell in both groups on average
            if (Math.min(expected[0][g], expected[1][g]) * Math.exp(11) < 100) continue;
            checked++;
            assertEquals(expRatio[g], obsRatio[g], 0.2, "gene " + g);
        }
        assertTrue(checked > 40, "high-expression genes: " + checked);
        assertTrue(correlation(obsRatio, expRatio, expected) > 0.95);
    }

    @Test
    void bcvSetsTheOverdispersion() {
        for (double df : new double[] {60, Double.POSITIVE_INFINITY}) {
            Splatter.Config c = Splatter.Config.builder().genes(200).cells(500).library(11, 0.01).bcv(0.1, df)
                    .build();
            AnnData a = Splatter.simulate(c, 5);
            double[] geneMean = a.var().get("GeneMean").toDoubles();
            double total = Arrays.stream(geneMean).sum();
            double[] lib = a.obs().get("ExpLibSize").toDoubles();
            double[][] y = dense(csr(a));
            double observedCv2 = 0, expectedCv2 = 0;
            int genes = 0;
            for (int g = 0; g < 200; g++) {
                double mu = geneMean[g] / total * Math.exp(11);
                if (mu < 20) continue;
                double[] v = new double[y.length];
                for (int cell = 0; cell < y.length; cell++) v[cell] = y[cell][g] / lib[cell];
                double m = avg(v), s = sd(v);
                observedCv2 += s * s / (m * m);
                double bcv = 0.1 + 1 / Math.sqrt(mu);
                // Var/mean^2 of a Gamma-Poisson with CV bcv * sqrt(df / chi2): E[df / chi2_df] = df / (df - 2)
                expectedCv2 += bcv * bcv * (Double.isInfinite(df) ? 1 : df / (df - 2)) + 1 / mu;
                genes++;
            }
            assertTrue(genes > 30, "genes with mean >= 20: " + genes);
            assertEquals(1, observedCv2 / expectedCv2, 0.1, "df " + df);
        }
    }

    @Test
    void doubletsSumTwoCellsAndLeaveTheOthersAlone() {
        Splatter.Config base = Splatter.Config.builder().genes(200).cells(300).groups(0.5, 0.5).build();
        AnnData with = Splatter.simulate(base.toBuilder().doublets(0.2).build(), 6);
        AnnData without = Splatter.simulate(base, 6);
        boolean[] doublet = ((Column.Bools) with.obs().get("Doublet")).values();
        assertEquals(60, countTrue(with.obs().get("Doublet")));
        Column.Categorical partnerGroup = (Column.Categorical) with.obs().get("DoubletGroup");
        double[] lib = with.obs().get("ExpLibSize").toDoubles(), libWithout = without.obs().get("ExpLibSize")
                .toDoubles();
        double[] sums = csr(with).rowSums();
        double dLib = 0, sLib = 0, dSum = 0, sSum = 0;
        CsrMatrix xw = csr(with), xo = csr(without);
        int[] gw = ((Column.Categorical) with.obs().get("Group")).codes();
        int[] go = ((Column.Categorical) without.obs().get("Group")).codes();
        for (int c = 0; c < 300; c++) {
            assertEquals(go[c], gw[c]);
            if (doublet[c]) {
                dLib += lib[c] / 60;
                dSum += sums[c] / 60;
                assertTrue(partnerGroup.codes()[c] >= 0);
                assertTrue(lib[c] > libWithout[c]); // its own library size plus the partner's
            } else {
                sLib += lib[c] / 240;
                sSum += sums[c] / 240;
                assertEquals(-1, partnerGroup.codes()[c]);
                assertEquals(libWithout[c], lib[c]);
                assertArrayEquals(row(xo, c), row(xw, c), "singlet " + c + ": the same cell with or without doublets");
            }
        }
        assertEquals(2, dLib / sLib, 0.25);
        assertEquals(2, dSum / sSum, 0.25);
    }

    @Test
    void pathsAreLinearFromStartToEnd() {
        Splatter.Config c = Splatter.Config.builder().genes(300).cells(600).paths(0.5, 0.5).pathFrom(0, 1)
                .pathNonlinearProb(0).de(0.3, 0.5, 0.3, 0.6).build();
        AnnData a = Splatter.simulate(c, 7);
        long[] steps = ((Column.Ints) a.obs().get("Step")).values();
        assertTrue(Arrays.stream(steps).allMatch(s -> s >= 1 && s <= 100));
        assertEquals(50.5, Arrays.stream(steps).average().orElseThrow(), 5); // skew 0.5: uniform steps
        int[] path = ((Column.Categorical) a.obs().get("Group")).codes();
        assertArrayEquals(new String[] {"Path1", "Path2"}, ((Column.Categorical) a.obs().get("Group")).categories());
        double[] geneMean = a.var().get("GeneMean").toDoubles();
        double[] d1 = a.var().get("DEFacPath1").toDoubles(), d2 = a.var().get("DEFacPath2").toDoubles();
        assertTrue(Arrays.stream(a.var().get("SigmaFacPath1").toDoubles()).allMatch(v -> v == 0));
        double[] lib = a.obs().get("ExpLibSize").toDoubles();
        CsrMatrix x = csr(a);
        // Expected counts from the model: path 1 goes 1 -> D1, path 2 (from path 1) goes D1 -> D1 * D2, linearly.
        double[] observed = new double[300], expected = new double[300];
        double[] observedLate2 = new double[300], expectedLate2 = new double[300];
        for (int cell = 0; cell < x.rows(); cell++) {
            double t = (steps[cell] - 1) / 99.0;
            double[] f = new double[300];
            double norm = 0;
            for (int g = 0; g < 300; g++) {
                double start = path[cell] == 0 ? 1 : d1[g], end = path[cell] == 0 ? d1[g] : d1[g] * d2[g];
                f[g] = geneMean[g] * (start + (end - start) * t);
                norm += f[g];
            }
            boolean late2 = path[cell] == 1 && steps[cell] > 50;
            for (int g = 0; g < 300; g++) {
                expected[g] += lib[cell] * f[g] / norm;
                if (late2) expectedLate2[g] += lib[cell] * f[g] / norm;
            }
            for (int k = x.indptr()[cell]; k < x.indptr()[cell + 1]; k++) {
                observed[x.indices()[k]] += x.values()[k];
                if (late2) observedLate2[x.indices()[k]] += x.values()[k];
            }
        }
        int checked = 0;
        for (int g = 0; g < 300; g++) {
            if (expectedLate2[g] < 300 * 100) continue; // at least ~100 counts per cell
            checked++;
            assertEquals(1, observed[g] / expected[g], 0.1, "gene " + g);
            assertEquals(1, observedLate2[g] / expectedLate2[g], 0.15, "gene " + g);
        }
        assertTrue(checked > 30, "genes checked: " + checked);
    }

    @Test
    void nonLinearGenesFollowBridges() {
        Splatter.Config c = Splatter.Config.builder().genes(3000).cells(20).paths(1).build();
        AnnData a = Splatter.simulate(c, 8);
        double[] sigma = a.var().get("SigmaFacPath1").toDoubles();
        long nonlinear = Arrays.stream(sigma).filter(v -> v == 0.8).count();
        assertEquals(nonlinear, Arrays.stream(sigma).filter(v -> v != 0).count());
        assertEquals(0.1, nonlinear / 3000.0, 0.02);
        assertThrows(IllegalArgumentException.class,
                () -> Splatter.Config.builder().paths(0.5, 0.5).pathFrom(2, 1).build()); // a cycle
        assertThrows(IllegalArgumentException.class,
                () -> Splatter.Config.builder().paths(0.5, 0.5).pathFrom(0, 3).build());
        assertArrayEquals(new int[] {0, 2, 1}, Splatter.pathOrder(new int[] {0, 3, 1}));
    }

    @Test
    void bridgesAndNaturalSplines() {
        double[] y = {1.0, 1.7, 0.4, 2.2, 3.0};
        double[] m = Bridges.naturalSplineMoments(y);
        // scipy.interpolate.CubicSpline(range(5), y, bc_type='natural') at linspace(0, 4, 9)
        double[] scipy = {1.0, 1.640625, 1.7, 0.928125, 0.4, 1.084375, 2.2, 2.796875, 3.0};
        for (int i = 0; i < 9; i++) assertEquals(scipy[i], Bridges.evaluate(y, m, i * 0.5), 1e-12);
        Rng r = Rng.seeded(9);
        double[] line = Bridges.bridge(2, 5, 4, 0, r);
        assertArrayEquals(new double[] {2, 3, 4, 5}, line, 1e-12);
        for (int trial = 0; trial < 50; trial++) {
            double[] b = Bridges.bridge(1, 3, 100, 0.8, r);
            assertEquals(1, b[0], 1e-12);
            assertEquals(3, b[99], 1e-12);
            assertTrue(Arrays.stream(b).allMatch(v -> v > 0));
        }
    }

    @Test
    void dropoutZeroesCountsByTheLogistic() {
        Splatter.Config base = Splatter.Config.builder().genes(300).cells(200).build();
        AnnData plain = Splatter.simulate(base, 10);
        AnnData dropped = Splatter.simulate(base.toBuilder().dropout(3, -1).build(), 10);
        CsrMatrix truth = dropped.layers().get("TrueCounts").csr(), x = csr(dropped), px = csr(plain);
        assertArrayEquals(px.indptr(), truth.indptr()); // dropout draws from its own stream
        assertArrayEquals(px.indices(), truth.indices());
        assertArrayEquals(px.values(), truth.values());
        double[][] t = dense(truth), o = dense(x);
        double[] geneMean = dropped.var().get("GeneMean").toDoubles();
        double total = Arrays.stream(geneMean).sum();
        int lowKept = 0, lowAll = 0, highKept = 0, highAll = 0;
        for (int c = 0; c < t.length; c++)
            for (int g = 0; g < 300; g++) {
                assertTrue(o[c][g] == t[c][g] || o[c][g] == 0);
                if (t[c][g] == 0) continue;
                double mu = geneMean[g] / total * Math.exp(11);
                if (mu < 2) { lowAll++; if (o[c][g] > 0) lowKept++; }
                if (mu > 1000) { highAll++; if (o[c][g] > 0) highKept++; }
            }
        // pi = 1 / (1 + exp(log(lambda) - 3)): about 0.9 and more for lambda < 2, under 0.02 for lambda > 1000
        assertTrue(lowKept / (double) lowAll < 0.2, lowKept + " / " + lowAll);
        assertTrue(highKept / (double) highAll > 0.95, highKept + " / " + highAll);
        assertTrue(x.nnz() < truth.nnz());
    }

    @Test
    void batchesScaleGeneMeans() {
        Splatter.Config c = Splatter.Config.builder().genes(300).batchCells(200, 200).batchFactors(0, 0.5).build();
        AnnData a = Splatter.simulate(c, 11);
        int[] batch = ((Column.Categorical) a.obs().get("Batch")).codes();
        assertEquals(200, Arrays.stream(batch).filter(b -> b == 1).count());
        assertEquals(0, batch[0]);
        assertEquals(1, batch[399]);
        double[] b1 = a.var().get("BatchFacBatch1").toDoubles(), b2 = a.var().get("BatchFacBatch2").toDoubles();
        assertTrue(Arrays.stream(b1).noneMatch(v -> v == 1)); // every gene is selected
        double[] geneMean = a.var().get("GeneMean").toDoubles();
        double[] lib = a.obs().get("ExpLibSize").toDoubles();
        double[][] obs = new double[2][300];
        double[] libTotal = new double[2];
        CsrMatrix x = csr(a);
        for (int cell = 0; cell < 400; cell++) {
            libTotal[batch[cell]] += lib[cell];
            for (int k = x.indptr()[cell]; k < x.indptr()[cell + 1]; k++)
                obs[batch[cell]][x.indices()[k]] += x.values()[k];
        }
        double n1 = 0, n2 = 0;
        for (int g = 0; g < 300; g++) { n1 += geneMean[g] * b1[g]; n2 += geneMean[g] * b2[g]; }
        int checked = 0;
        for (int g = 0; g < 300; g++) {
            double e1 = geneMean[g] * b1[g] / n1, e2 = geneMean[g] * b2[g] / n2;
            if (Math.min(e1, e2) * Math.exp(11) < 100) continue;
            checked++;
            assertEquals(Math.log(e1 / e2), Math.log(obs[0][g] / libTotal[0] / (obs[1][g] / libTotal[1])), 0.2);
        }
        assertTrue(checked > 30);
        AnnData removed = Splatter.simulate(c.toBuilder().batchRmEffect(true).build(), 11);
        assertTrue(Arrays.stream(removed.var().get("BatchFacBatch2").toDoubles()).allMatch(v -> v == 1));
    }

    @Test
    void deterministicForASeedAndAnyThreadCount() {
        Splatter.Config c = Splatter.Config.builder().genes(200).cells(150).groups(0.3, 0.7).doublets(0.1)
                .dropout(1, -1).build();
        AnnData a = Splatter.simulate(c, 12);
        int threads = Parallel.threads();
        AnnData b;
        try {
            Parallel.setThreads(threads == 1 ? 2 : 1);
            b = Splatter.simulate(c, 12);
        } finally {
            Parallel.setThreads(threads);
        }
        assertArrayEquals(csr(a).indptr(), csr(b).indptr());
        assertArrayEquals(csr(a).indices(), csr(b).indices());
        assertArrayEquals(csr(a).values(), csr(b).values());
        assertArrayEquals(a.obs().get("ExpLibSize").toDoubles(), b.obs().get("ExpLibSize").toDoubles());
        assertArrayEquals(a.var().get("DEFacGroup2").toDoubles(), b.var().get("DEFacGroup2").toDoubles());
        AnnData d = Splatter.simulate(c, 13);
        assertFalse(Arrays.equals(csr(a).values(), csr(d).values()));
        assertFalse(Arrays.equals(a.var().get("BaseGeneMean").toDoubles(), d.var().get("BaseGeneMean").toDoubles()));
        Rng rng = Rng.seeded(12);
        assertFalse(Arrays.equals(csr(Splatter.simulate(c, rng)).values(), csr(Splatter.simulate(c, rng)).values()),
                "the Rng advances, so two calls differ");
    }

    @Test
    void outputLayoutAndParameters() {
        AnnData a = Splatter.simulate(Splatter.Config.builder().genes(50).cells(30).groups(1).build(), 14);
        assertEquals(30, a.nObs());
        assertEquals(50, a.nVars());
        assertEquals("Cell1", a.obsNames()[0]);
        assertEquals("Gene50", a.varNames()[49]);
        assertTrue(a.x().isSparse());
        assertTrue(csr(a).canonical());
        assertFalse(a.obs().has("Group")); // GROUPS with one group is a single population, as in splatter
        for (float v : csr(a).values()) assertTrue(v > 0 && v == Math.rint(v));
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) a.uns().get("splatter");
        assertEquals("single", p.get("method"));
        assertEquals(0.6, p.get("mean.shape"));
    }

    @Test
    void badConfigurationsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Splatter.Config.builder().genes(0).build());
        assertThrows(IllegalArgumentException.class, () -> Splatter.Config.builder().means(-1, 0.3).build());
        assertThrows(IllegalArgumentException.class, () -> Splatter.Config.builder().groups(0.5, 0.5)
                .deProb(0.1, 0.2, 0.3).build());
        assertThrows(IllegalArgumentException.class, () -> Splatter.Config.builder().dropout(
                Splatter.Dropout.BATCH, new double[] {0, 1}, new double[] {-1, -1}).build());
        assertThrows(IllegalArgumentException.class, () -> Splatter.Config.builder().doublets(1.5).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Splatter.Config.builder().outliers(2, 4, 0.5).build());
        assertTrue(e.getMessage().contains("outProb"), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static CsrMatrix csr(AnnData a) { return a.x().csr(); }

    private static double[][] dense(CsrMatrix m) {
        double[][] out = new double[m.rows()][m.cols()];
        for (int r = 0; r < m.rows(); r++)
            for (int k = m.indptr()[r]; k < m.indptr()[r + 1]; k++) out[r][m.indices()[k]] = m.values()[k];
        return out;
    }

    private static float[] row(CsrMatrix m, int r) {
        float[] out = new float[m.cols()];
        for (int k = m.indptr()[r]; k < m.indptr()[r + 1]; k++) out[m.indices()[k]] = m.values()[k];
        return out;
    }

    private static int countTrue(Column c) {
        int n = 0;
        for (boolean b : ((Column.Bools) c).values()) if (b) n++;
        return n;
    }

    private static double avg(double[] v) { return Arrays.stream(v).average().orElseThrow(); }

    private static double sd(double[] v) {
        double m = avg(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Pearson correlation over the genes expressed at 10+ counts per cell in both groups. */
    private static double correlation(double[] a, double[] b, double[][] expected) {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        int n = 0;
        for (int g = 0; g < a.length; g++) {
            if (Math.min(expected[0][g], expected[1][g]) * Math.exp(11) < 10) continue;
            n++;
            sa += a[g]; sb += b[g]; saa += a[g] * a[g]; sbb += b[g] * b[g]; sab += a[g] * b[g];
        }
        double cov = sab / n - sa / n * sb / n;
        return cov / Math.sqrt((saa / n - sa / n * sa / n) * (sbb / n - sb / n * sb / n));
    }
}
