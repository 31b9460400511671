package org.genex.data.sim;

import static org.genex.data.sim.SimTestStats.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BulkCohortTest {
    static final long SEED = 5;
    static final BulkCohort.Config SMALL = BulkCohort.Config.defaults().withSizes(1600, 300, 4);
    static BulkCohort.Result sim;
    static double[][] x;
    static int[] type, split;

    @BeforeAll
    static void simulate() {
        sim = BulkCohort.simulate(SMALL, SEED);
        x = rows(sim.adata().requireX());
        type = ((Column.Categorical) sim.adata().obs().get("cancer_type")).codes();
        split = ((Column.Categorical) sim.adata().obs().get("split")).codes();
    }

    @Test
    void valuesAreLog2Tpm() {
        AnnData a = sim.adata();
        assertEquals(1600, a.nObs());
        assertEquals(300, a.nVars());
        long zeros = 0;
        for (double[] row : x) {
            double tpm = 0;
            for (double v : row) {
                assertTrue(v >= 0 && Double.isFinite(v));
                if (v == 0) zeros++;
                else tpm += Math.pow(2, v) - 1;
            }
            double expected = 1e6 * 300 / 20000; // the 300 genes' share of a 20,000-gene transcriptome
            assertTrue(tpm <= expected * (1 + 1e-4) && tpm > 0.98 * expected, "TPM total " + tpm);
        }
        double zeroFraction = (double) zeros / (1600 * 300);
        assertTrue(zeroFraction > 0.03 && zeroFraction < 0.3, "undetected fraction " + zeroFraction);
    }

    @Test
    void splitIsStratifiedByType() {
        for (int t = 0; t < 4; t++) {
            int[] count = new int[3];
            int total = 0;
            for (int i = 0; i < type.length; i++)
                if (type[i] == t) {
                    count[split[i]]++;
                    total++;
                }
            assertTrue(total > 50, "type " + t + " has " + total + " patients");
            assertEquals(Math.round(0.7 * total), count[0]);
            assertEquals(Math.round(0.1 * total), count[1]);
        }
    }

    /** Cancer type is recoverable from a small random gene panel (nearest centroid), and not from shuffled labels. */
    @Test
    void cancerTypeIsPredictableFromAFewGenes() {
        int[] panel = Rng.seeded(1).sampleWithoutReplacement(300, 32);
        assertTrue(nearestCentroidAccuracy(panel, type) > 0.8, "accuracy " + nearestCentroidAccuracy(panel, type));
        int[] shuffled = type.clone();
        Rng.seeded(2).shuffle(shuffled);
        double chance = nearestCentroidAccuracy(panel, shuffled);
        assertTrue(chance < 0.45, "accuracy with shuffled labels " + chance);
    }

    private static double nearestCentroidAccuracy(int[] panel, int[] labels) {
        double[][] centroid = new double[4][panel.length];
        int[] count = new int[4];
        for (int i = 0; i < x.length; i++) {
            if (split[i] != 0) continue;
            count[labels[i]]++;
            for (int q = 0; q < panel.length; q++) centroid[labels[i]][q] += x[i][panel[q]];
        }
        for (int t = 0; t < 4; t++) for (int q = 0; q < panel.length; q++) centroid[t][q] /= count[t];
        int correct = 0, tested = 0;
        for (int i = 0; i < x.length; i++) {
            if (split[i] != 2) continue;
            int best = 0;
            double bestD = Double.POSITIVE_INFINITY;
            for (int t = 0; t < 4; t++) {
                double d = 0;
                for (int q = 0; q < panel.length; q++) d += Math.pow(x[i][panel[q]] - centroid[t][q], 2);
                if (d < bestD) {
                    bestD = d;
                    best = t;
                }
            }
            tested++;
            if (best == labels[i]) correct++;
        }
        return (double) correct / tested;
    }

    /**
     * A Cox fit per type (of at least 250 patients) on its anchors plus one non-anchor gene recovers the true log
     * hazard ratios, and the non-anchor gene gets none.
     */
    @Test
    void coxRegressionRecoversTheAnchorHazardRatios() {
        double[] time = sim.adata().obs().get("survival_time").toDoubles();
        boolean[] event = ((Column.Bools) sim.adata().obs().get("event")).values();
        boolean[] anchor = ((Column.Bools) sim.adata().var().get("anchor")).values();
        double[] baseline = sim.adata().var().get("baseline").toDoubles();
        int events = 0;
        for (boolean e : event) if (e) events++;
        assertTrue(events > 0.3 * event.length && events < 0.9 * event.length, "events " + events);
        double[] truth = new double[4 * SMALL.anchorsPerType()], fitted = new double[truth.length];
        int at = 0;
        int fittedTypes = 0;
        for (int t = 0; t < 4; t++) {
            if (members(t).length < 250) continue; // a Cox fit of 6 covariates needs a few hundred patients
            fittedTypes++;
            int[] genes = sim.anchorGenes()[t];
            int decoy = 0; // a well-expressed gene that is no anchor
            while (anchor[decoy] || baseline[decoy] < 1) decoy++;
            int[] cols = Arrays.copyOf(genes, genes.length + 1);
            cols[genes.length] = decoy;
            int[] members = members(t);
            double[][] cov = new double[members.length][cols.length];
            double[] tt = new double[members.length];
            boolean[] ee = new boolean[members.length];
            for (int q = 0; q < cols.length; q++) {
                double m = mean(t, cols[q]), s = sd(t, cols[q]);
                for (int i = 0; i < members.length; i++) cov[i][q] = (x[members[i]][cols[q]] - m) / s;
            }
            for (int i = 0; i < members.length; i++) {
                tt[i] = time[members[i]];
                ee[i] = event[members[i]];
            }
            double[] beta = cox(cov, tt, ee);
            for (int q = 0; q < genes.length; q++) {
                truth[at] = sim.anchorLogHr()[t][q];
                fitted[at++] = beta[q];
                assertEquals(truth[at - 1], beta[q], 0.5, "type " + t + " anchor " + q);
            }
            assertEquals(0, beta[genes.length], 0.25, "type " + t + ": a gene that is no anchor");
        }
        assertTrue(fittedTypes >= 2, fittedTypes + " types with enough patients");
        truth = Arrays.copyOf(truth, at);
        fitted = Arrays.copyOf(fitted, at);
        double mae = 0;
        for (int q = 0; q < at; q++) mae += Math.abs(truth[q] - fitted[q]) / at;
        assertTrue(mae < 0.15, "mean absolute error of the log hazard ratios " + mae);
        assertTrue(pearson(truth, fitted) > 0.9, "correlation of true and fitted log HR " + pearson(truth, fitted));
        double[] risk = sim.adata().obs().get("risk").toDoubles();
        double c = cIndex(risk, time, event);
        assertTrue(c > 0.7, "C-index of the true risk " + c);
    }

    /** Anchor genes can be restored from the other genes (programs make genes co-expressed). */
    @Test
    void anchorGenesArePredictableFromOtherGenes() {
        boolean[] anchor = ((Column.Bools) sim.adata().var().get("anchor")).values();
        int[] predictors = java.util.stream.IntStream.range(0, 300).filter(j -> !anchor[j]).limit(60).toArray();
        int nTrain = 0;
        for (int s : split) if (s == 0) nTrain++;
        double[][] xTrain = new double[nTrain][], xTest = new double[x.length - nTrain][];
        for (int[] genes : Arrays.copyOf(sim.anchorGenes(), 2)) // the anchors of two types
            for (int j : genes) {
                double[] yTrain = new double[nTrain], yTest = new double[x.length - nTrain];
                for (int i = 0, a = 0, b = 0; i < x.length; i++) {
                    double[] f = new double[predictors.length];
                    for (int q = 0; q < predictors.length; q++) f[q] = x[i][predictors[q]];
                    if (split[i] == 0) {
                        xTrain[a] = f;
                        yTrain[a++] = x[i][j];
                    } else {
                        xTest[b] = f;
                        yTest[b++] = x[i][j];
                    }
                }
                double[] coef = ridge(xTrain, yTrain, 1.0);
                double[] pred = new double[yTest.length];
                for (int i = 0; i < pred.length; i++) pred[i] = predict(coef, xTest[i]);
                assertTrue(r2(yTest, pred) > 0.5, "restoration R^2 of anchor " + j + ": " + r2(yTest, pred));
            }
    }

    @Test
    void mcarMaskHidesExactlyTheRequestedEntries() {
        Tensor t = sim.adata().requireX().dense().rows(0, 800);
        BulkCohort.Masked m = BulkCohort.maskMcar(t, 0.3, Rng.seeded(3));
        float[] orig = t.toArray(), masked = m.values().toArray();
        int per = (int) Math.round(0.3 * 300), h = 0;
        int[] perGene = new int[300];
        for (int i = 0; i < 800; i++) {
            int count = 0;
            for (int j = 0; j < 300; j++) {
                int e = i * 300 + j;
                if (m.mask()[e]) {
                    count++;
                    perGene[j]++;
                    assertTrue(Float.isNaN(masked[e]));
                    assertEquals(orig[e], m.hidden()[h++]);
                } else {
                    assertEquals(orig[e], masked[e]);
                }
            }
            assertEquals(per, count);
        }
        // completely at random: every gene is masked about 30% of the time
        for (int j = 0; j < 300; j++) assertEquals(0.3 * 800, perGene[j], 6 * Math.sqrt(800 * 0.21), "gene " + j);
        assertArrayEquals(orig, t.toArray(), "the input is not modified");
        assertArrayEquals(m.mask(), BulkCohort.maskMcar(t, 0.3, Rng.seeded(3)).mask());
        assertEquals(0, BulkCohort.maskMcar(t, 0, Rng.seeded(3)).hidden().length);
        assertEquals(800 * 300, BulkCohort.maskMcar(t, 1, Rng.seeded(3)).hidden().length);
        assertThrows(IllegalArgumentException.class, () -> BulkCohort.maskMcar(t, 1.5, Rng.seeded(3)));
        assertThrows(IllegalArgumentException.class, () -> BulkCohort.maskMcar(t.flatten(), 0.5, Rng.seeded(3)));
    }

    @Test
    void sameSeedSameDataOtherSeedOtherData() {
        BulkCohort.Config tiny = SMALL.withSizes(200, 60, 3);
        BulkCohort.Result a = BulkCohort.simulate(tiny, 8), b = BulkCohort.simulate(tiny, 8);
        assertArrayEquals(a.adata().requireX().dense().toArray(), b.adata().requireX().dense().toArray());
        assertArrayEquals(a.adata().obs().get("survival_time").toDoubles(),
                b.adata().obs().get("survival_time").toDoubles());
        BulkCohort.Result c = BulkCohort.simulate(tiny, 9);
        assertFalse(Arrays.equals(a.adata().requireX().dense().toArray(), c.adata().requireX().dense().toArray()));
    }

    /**
     * With thresholded anchors: the same programs, types, anchors and hazard ratios as the linear cohort of the same
     * seed; within a type an anchor is explained far better by the hinge max(0, u - theta) of its program activity
     * than by any linear function of the programs, while in the linear cohort it is the other way round; the config
     * is recorded in uns.
     */
    @Test
    void thresholdedAnchorsRespondNonLinearlyToTheirProgram() {
        BulkCohort.Config linear = SMALL.withSizes(1200, 120, 3), thresholded = linear.withAnchorResponse(
                BulkCohort.THRESHOLD, 1.0);
        BulkCohort.Result lin = BulkCohort.simulate(linear, 8), thr = BulkCohort.simulate(thresholded, 8);
        assertArrayEquals(((org.genex.data.Matrix) lin.adata().obsm().get("programs")).dense().toArray(),
                ((org.genex.data.Matrix) thr.adata().obsm().get("programs")).dense().toArray());
        assertArrayEquals(((Column.Categorical) lin.adata().obs().get("cancer_type")).codes(),
                ((Column.Categorical) thr.adata().obs().get("cancer_type")).codes());
        assertArrayEquals(lin.anchorGenes(), thr.anchorGenes());
        assertArrayEquals(lin.anchorLogHr(), thr.anchorLogHr());
        assertFalse(Arrays.equals(lin.adata().requireX().dense().toArray(), thr.adata().requireX().dense().toArray()));

        double[] gainThr = nonLinearOverLinearR2(thr, 1.0), gainLin = nonLinearOverLinearR2(lin, 1.0);
        for (int q = 0; q < gainThr.length; q++) {
            assertTrue(gainThr[q] > 0.1, "thresholded anchor " + q + ": R^2 hinge - linear " + gainThr[q]);
            assertTrue(gainLin[q] < 0, "linear anchor " + q + ": R^2 hinge - linear " + gainLin[q]);
        }

        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> config = (java.util.Map<String, Object>) ((java.util.Map<String, Object>)
                thr.adata().uns().get("simulation")).get("config");
        assertEquals(BulkCohort.THRESHOLD, config.get("anchorResponse"));
        assertEquals(1.0, config.get("anchorThreshold"));
        assertEquals(BulkCohort.LINEAR, BulkCohort.Config.defaults().anchorResponse());
        assertEquals(BulkCohort.LINEAR, SMALL.anchorResponse(), "the constructor without the option is linear");
    }

    /**
     * Interaction anchors: same programs and anchors as the linear cohort; within a type an anchor is explained
     * better by u, v and u v (u, v its two programs' activities) than by any linear function of the programs, and
     * the partner loadings are unit vectors, in varm only for this response.
     */
    @Test
    void interactionAnchorsRespondToTheProductOfTwoPrograms() {
        BulkCohort.Config linear = SMALL.withSizes(1200, 120, 3), product = linear.withAnchorResponse(
                BulkCohort.INTERACTION, 1.0);
        BulkCohort.Result lin = BulkCohort.simulate(linear, 8), prod = BulkCohort.simulate(product, 8);
        assertArrayEquals(lin.anchorGenes(), prod.anchorGenes());
        assertArrayEquals(((org.genex.data.Matrix) lin.adata().obsm().get("programs")).dense().toArray(),
                ((org.genex.data.Matrix) prod.adata().obsm().get("programs")).dense().toArray());
        assertFalse(lin.adata().varm().has("anchor_partner_loadings"));
        for (double[] p : rows((org.genex.data.Matrix) prod.adata().varm().get("anchor_partner_loadings")))
            assertEquals(1, Math.sqrt(dot(p, p)), 1e-5);
        double[] gain = nonLinearOverLinearR2(prod, Double.NaN), gainLin = nonLinearOverLinearR2(lin, Double.NaN);
        double mean = 0;
        for (int q = 0; q < gain.length; q++) {
            mean += gain[q] / gain.length;
            assertTrue(gainLin[q] < 0.02, "linear anchor " + q + ": R^2 gain " + gainLin[q]);
        }
        assertTrue(mean > 0.15, "interaction anchors: mean R^2 of u, v, uv over the programs " + mean);
    }

    /**
     * For each anchor of type 0, over that type's patients: R^2 of the anchor on the non-linear feature of its
     * program activity u = z.L / |L| (theta finite: the hinge max(0, u - theta); NaN: u, v and u v with v the
     * partner program's activity) minus R^2 on all K programs (both with an intercept, fitted in sample).
     */
    private static double[] nonLinearOverLinearR2(BulkCohort.Result r, double theta) {
        double[][] xs = rows(r.adata().requireX()), z = rows((org.genex.data.Matrix) r.adata().obsm().get("programs"));
        double[][] load = rows((org.genex.data.Matrix) r.adata().varm().get("loadings"));   // (G, K)
        double[][] partner = Double.isNaN(theta) && r.adata().varm().has("anchor_partner_loadings")
                ? rows((org.genex.data.Matrix) r.adata().varm().get("anchor_partner_loadings")) : null;
        int[] codes = ((Column.Categorical) r.adata().obs().get("cancer_type")).codes();
        int[] members = java.util.stream.IntStream.range(0, codes.length).filter(i -> codes[i] == 0).toArray();
        int[] anchors = r.anchorGenes()[0];
        double[] out = new double[anchors.length];
        for (int q = 0; q < anchors.length; q++) {
            int j = anchors[q];
            double norm = Math.sqrt(dot(load[j], load[j]));
            double[] y = new double[members.length];
            double[][] hinge = new double[members.length][], programs = new double[members.length][];
            for (int i = 0; i < members.length; i++) {
                y[i] = xs[members[i]][j];
                programs[i] = z[members[i]];
                double u = dot(z[members[i]], load[j]) / norm;
                if (!Double.isNaN(theta)) hinge[i] = new double[]{Math.max(0, u - theta)};
                else {
                    hinge[i] = partner == null ? new double[]{u, u * u}                 // the linear cohort
                            : new double[]{u, dot(z[members[i]], partner[j]), u * dot(z[members[i]], partner[j])};
                }
            }
            out[q] = fitR2(hinge, y) - fitR2(programs, y);
        }
        return out;
    }

    private static double fitR2(double[][] f, double[] y) {
        double[] coef = ridge(f, y, 1e-9);
        double[] pred = new double[y.length];
        for (int i = 0; i < y.length; i++) pred[i] = predict(coef, f[i]);
        return r2(y, pred);
    }

    /** The hinge's mean and sd against a numerical integral over the standard normal. */
    @Test
    void hingeMomentsMatchANumericalIntegral() {
        for (double theta : new double[]{-3, -1, 0, 0.5, 1, 2.5}) {
            double m1 = 0, m2 = 0, h = 1e-4;
            for (double u = -12 + h / 2; u < 12; u += h) {
                double w = Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI) * h, v = Math.max(0, u - theta);
                m1 += w * v;
                m2 += w * v * v;
            }
            double[] m = BulkCohort.hingeMoments(theta);
            assertEquals(m1, m[0], 1e-6, "mean at theta " + theta);
            assertEquals(Math.sqrt(m2 - m1 * m1), m[1], 1e-6, "sd at theta " + theta);
        }
    }

    @Test
    void badConfigsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SMALL.withSizes(0, 10, 2));
        assertThrows(IllegalArgumentException.class, () -> SMALL.withSizes(100, 6, 2)); // 5 anchors > 6 / 2
        BulkCohort.Config d = BulkCohort.Config.defaults();
        assertThrows(IllegalArgumentException.class, () -> new BulkCohort.Config(d.samples(), d.genes(),
                d.cancerTypes(), d.typeBalance(), d.programs(), d.programSd(), d.typeProgramShiftSd(),
                d.typeGeneFraction(), d.typeEffectSd(), d.baselineSd(), d.noiseSd(), d.transcriptomeGenes(),
                d.detectionLimit(),
                d.anchorsPerType(), 0.9, 0.5, d.weibullShape(), d.medianSurvivalMin(), d.medianSurvivalMax(),
                d.censoringRate(), d.followUp(), d.trainFraction(), d.validationFraction()));
        assertThrows(IllegalArgumentException.class, () -> d.withAnchorResponse("quadratic", 1.0));
        assertThrows(IllegalArgumentException.class, () -> d.withAnchorResponse(null, 1.0));
        assertThrows(IllegalArgumentException.class, () -> d.withAnchorResponse(BulkCohort.THRESHOLD, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> d.withAnchorResponse(BulkCohort.THRESHOLD, 5.0));
    }

    private static int[] members(int t) {
        return java.util.stream.IntStream.range(0, type.length).filter(i -> type[i] == t).toArray();
    }

    private static double mean(int t, int j) {
        double s = 0;
        int[] m = members(t);
        for (int i : m) s += x[i][j];
        return s / m.length;
    }

    private static double sd(int t, int j) {
        double mu = mean(t, j), s = 0;
        int[] m = members(t);
        for (int i : m) s += (x[i][j] - mu) * (x[i][j] - mu);
        return Math.sqrt(s / (m.length - 1));
    }
}
