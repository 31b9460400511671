package org.genex.data.sim;

import static org.genex.data.sim.SimTestStats.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.genex.data.Column;
import org.genex.tensor.CsrMatrix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TwoSpeciesTest {
    static final long SEED = 11;
    static final TwoSpecies.Config SMALL = TwoSpecies.Config.defaults().withSizes(300, 400, 300);
    static TwoSpecies.Result sim;

    @BeforeAll
    static void simulate() { sim = TwoSpecies.simulate(SMALL, SEED); }

    @Test
    void shapesAndNames() {
        assertEquals(400, sim.source().nObs());
        assertEquals(300, sim.source().nVars());
        assertEquals(300, sim.target().nObs());
        assertEquals(SMALL.targetGenes(), sim.target().nVars());
        assertEquals(300, sim.orthologs().rows());
        assertEquals(SMALL.targetGenes(), sim.orthologs().cols());
        assertEquals(SMALL.programs(), sim.sourceLatent().dim(1));
        assertSame(sim.sourceLatent(), sim.source().obsm().matrix("Z_true").dense());
        assertTrue(sim.orthologs().canonical());
        for (float v : sim.source().requireX().dense().toArray()) assertTrue(v >= 0 && v == Math.rint(v));
    }

    @Test
    void orthologGraphHasTheConfiguredDegrees() {
        CsrMatrix e = sim.orthologs();
        int[] perType = SMALL.sourceGenesPerType();
        assertEquals(SMALL.edges(), e.nnz());
        int[] srcDeg = e.rowNnz(), tgtDeg = e.columnNnz();
        int[] srcType = ((Column.Categorical) sim.source().var().get("ortholog_type")).codes();
        int[] tgtType = ((Column.Categorical) sim.target().var().get("ortholog_type")).codes();
        boolean[] functional = ((Column.Bools) sim.target().var().get("functional")).values();
        int[] seen = new int[4];
        int[] expectedSrcDeg = {1, SMALL.paralogs(), 1, 0};
        for (int i = 0; i < srcDeg.length; i++) {
            seen[srcType[i]]++;
            assertEquals(expectedSrcDeg[srcType[i]], srcDeg[i], "source degree of gene " + i);
        }
        assertArrayEquals(perType, seen);
        int[] expectedTgtDeg = {1, 1, 2, 0};
        int targetOnly = 0;
        for (int j = 0; j < tgtDeg.length; j++) {
            assertEquals(expectedTgtDeg[tgtType[j]], tgtDeg[j], "target degree of gene " + j);
            if (tgtType[j] == 3) targetOnly++;
        }
        assertEquals(SMALL.targetOnlyGenes(), targetOnly);
        // exactly one functional copy per 1:many group; functional edges = the edges into functional target genes
        CsrMatrix f = sim.functional();
        for (int i = 0; i < srcDeg.length; i++) {
            int functionalCopies = 0;
            for (int q = e.indptr()[i]; q < e.indptr()[i + 1]; q++) if (functional[e.indices()[q]]) functionalCopies++;
            assertEquals(srcType[i] == 3 ? 0 : 1, Math.min(1, functionalCopies));
            if (srcType[i] == 1) assertEquals(1, functionalCopies, "functional paralogs of source gene " + i);
            assertEquals(functionalCopies, f.indptr()[i + 1] - f.indptr()[i]);
        }
        assertEquals(perType[0] + perType[1] + perType[2], f.nnz());
    }

    @Test
    void defaultSizesMatchTheSpecsSmallConfiguration() {
        TwoSpecies.Config d = TwoSpecies.Config.defaults();
        assertEquals(2000, d.sourceGenes());
        assertEquals(2200, d.targetGenes());
        assertEquals(2200, d.edges());
    }

    /**
     * The phenotype is one function of the shared state: a quadratic regression on Z fitted on source samples
     * predicts it on target samples, and fails on mismatched states.
     */
    @Test
    void phenotypeIsPredictableFromTheSharedStateAcrossSpecies() {
        double[][] zs = quadratic(rows(sim.source().obsm().matrix("Z_true")));
        double[][] zt = quadratic(rows(sim.target().obsm().matrix("Z_true")));
        double[] ys = sim.source().obs().get("phenotype").toDoubles();
        double[] yt = sim.target().obs().get("phenotype").toDoubles();
        double[] coef = ridge(zs, ys, 1e-3);
        double[] pred = new double[yt.length];
        for (int n = 0; n < yt.length; n++) pred[n] = predict(coef, zt[n]);
        assertTrue(r2(yt, pred) > 0.6, "R^2 of the source-fitted model on target samples: " + r2(yt, pred));
        // and not from another sample's state
        double[] shuffled = new double[yt.length];
        for (int n = 0; n < yt.length; n++) shuffled[n] = predict(coef, zt[(n * 7 + 13) % yt.length]);
        assertTrue(r2(yt, shuffled) < 0.1, "R^2 with mismatched states: " + r2(yt, shuffled));
        boolean[] cls = ((Column.Bools) sim.target().obs().get("phenotype_class")).values();
        int ones = 0;
        for (boolean b : cls) if (b) ones++;
        assertTrue(ones > 0.35 * cls.length && ones < 0.65 * cls.length, "class balance " + ones + "/" + cls.length);
    }

    /**
     * Functional orthologs follow the source-space answer of species conversion with slope alpha; decoy paralogs
     * do not (compared within states, as any two genes that follow the shared state correlate through it).
     */
    @Test
    void functionalOrthologsCarryTheirSourceGenesSignal() {
        double[][] logCpm = logCpm(rows(sim.target().requireX()));
        double[][] equiv = rows(sim.target().obsm().matrix("X_source_equivalent"));
        CsrMatrix back = sim.orthologs().transpose(); // target x source
        boolean[] functional = ((Column.Bools) sim.target().var().get("functional")).values();
        int[] type = ((Column.Categorical) sim.target().var().get("ortholog_type")).codes();
        double[] alpha = sim.target().var().get("alpha").toDoubles();
        int[] state = ((Column.Categorical) sim.target().obs().get("state")).codes();
        List<Double> fCorr = new ArrayList<>(), dCorr = new ArrayList<>(), slopes = new ArrayList<>(),
                alphas = new ArrayList<>();
        for (int j = 0; j < functional.length; j++) {
            if (type[j] != 0 && type[j] != 1) continue; // 1:1 and paralogs: one source gene
            int i = back.indices()[back.indptr()[j]];
            double[] t = column(logCpm, j), s = column(equiv, i);
            if (mean(t) < 3) continue; // skip genes too sparse for log-CPM to be linear
            if (functional[j]) {
                fCorr.add(pearson(withinState(t, state), withinState(s, state)));
                slopes.add(slope(s, t));
                alphas.add(alpha[j]);
            } else {
                assertTrue(Double.isNaN(alpha[j]));
                dCorr.add(pearson(withinState(t, state), withinState(s, state)));
            }
        }
        assertTrue(fCorr.size() > 100 && dCorr.size() > 10, fCorr.size() + " functional, " + dCorr.size() + " decoys");
        double fMed = median(unbox(fCorr)), dMed = median(unbox(dCorr));
        assertTrue(fMed > 0.5, "median within-state correlation of functional orthologs " + fMed);
        // decoys only share the library-size normalisation with their source gene (log-CPM is compositional)
        assertTrue(dMed < 0.3 && dMed < fMed - 0.4, "median within-state correlation of decoy paralogs " + dMed);
        double rho = spearman(unbox(slopes), unbox(alphas));
        assertTrue(rho > 0.7, "Spearman(slope, alpha) " + rho);
    }

    @Test
    void countsFollowLibrarySizesAndBaselines() {
        double[][] x = rows(sim.source().requireX());
        double[] totals = new double[x.length];
        for (int n = 0; n < x.length; n++) for (double v : x[n]) totals[n] += v;
        double[] lib = sim.source().obs().get("library_size").toDoubles();
        assertTrue(pearson(totals, lib) > 0.9, "totals vs library sizes " + pearson(totals, lib));
        assertEquals(mean(lib), mean(totals), 0.05 * mean(lib));
        double[][] lc = logCpm(x);
        double[] geneMeans = new double[x[0].length];
        for (int g = 0; g < geneMeans.length; g++) geneMeans[g] = mean(column(lc, g));
        double rho = spearman(geneMeans, sim.source().var().get("baseline").toDoubles());
        assertTrue(rho > 0.75, "gene means vs baselines (the programs shift means too) " + rho);
    }

    @Test
    void sameSeedSameDataOtherSeedOtherData() {
        TwoSpecies.Result again = TwoSpecies.simulate(SMALL, SEED);
        assertArrayEquals(sim.source().requireX().dense().toArray(), again.source().requireX().dense().toArray());
        assertArrayEquals(sim.target().requireX().dense().toArray(), again.target().requireX().dense().toArray());
        assertArrayEquals(sim.orthologs().indices(), again.orthologs().indices());
        assertArrayEquals(sim.source().obs().get("phenotype").toDoubles(),
                again.source().obs().get("phenotype").toDoubles());
        TwoSpecies.Result other = TwoSpecies.simulate(SMALL, SEED + 1);
        assertFalse(java.util.Arrays.equals(sim.target().requireX().dense().toArray(),
                other.target().requireX().dense().toArray()));
        assertFalse(java.util.Arrays.equals(sim.orthologs().indices(), other.orthologs().indices()));
    }

    @Test
    void badConfigsAreRejected() {
        TwoSpecies.Config d = TwoSpecies.Config.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TwoSpecies.Config(
                100, 0.8, 0.3, 2, 0.0, 0, 4, 2, 1, 0.5, 0.8, 1, 0.5, 2, 0.5, 0.3, 0.2, 10, 10, 1e6, 0.3, 0.05, 5, 0.1));
        assertTrue(e.getMessage().contains("<= 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TwoSpecies.Config(
                100, 0.5, 0.1, 1, 0.0, 0, 4, 2, 1, 0.5, 0.8, 1, 0.5, 2, 0.5, 0.3, 0.2, 10, 10, 1e6, 0.3, 0.05, 5, 0.1));
        assertThrows(IllegalArgumentException.class, () -> d.withSizes(0, 10, 10));
    }

    /** Each row z extended by the products z_a z_b (a &lt;= b): a quadratic regression. */
    private static double[][] quadratic(double[][] z) {
        int k = z[0].length;
        double[][] out = new double[z.length][k + k * (k + 1) / 2];
        for (int i = 0; i < z.length; i++) {
            System.arraycopy(z[i], 0, out[i], 0, k);
            for (int a = 0, q = k; a < k; a++) for (int b = a; b < k; b++) out[i][q++] = z[i][a] * z[i][b];
        }
        return out;
    }

    /** The values minus the mean of their state. */
    private static double[] withinState(double[] v, int[] state) {
        double[] sum = new double[SMALL.states()];
        int[] count = new int[SMALL.states()];
        for (int i = 0; i < v.length; i++) {
            sum[state[i]] += v[i];
            count[state[i]]++;
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] - sum[state[i]] / count[state[i]];
        return out;
    }

    private static double[] unbox(List<Double> v) { return v.stream().mapToDouble(Double::doubleValue).toArray(); }
}
