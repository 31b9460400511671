package org.genex.data.pp;

import static org.genex.data.pp.PpData.maxAbsDiff;
import static org.genex.data.pp.PpData.report;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.Matrix;
import org.genex.data.pp.HighlyVariableGenes.Flavor;
import org.genex.data.pp.HighlyVariableGenes.Options;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seurat and cell_ranger flavours against scanpy's reference files (the recipe of the spec, section 3.1), and
 * their n_top_genes and batch variants against the NumPy/pandas implementation of data/scripts/pp_golden.py.
 */
class HighlyVariableGenesTest {
    private static AnnData logged;

    /** raw/X -> filter_cells(min_counts=1) -> normalize_total(1e4) -> log1p, as scanpy's test_compare_to_upstream. */
    @BeforeAll
    static void recipe() {
        AnnData a = Filter.filterCellsMinCounts(PpData.pbmcRaw(), 1);
        assertEquals(700, a.nObs(), "no cell is dropped");
        Normalize.normalizeTotal(a, 1e4);
        Normalize.log1p(a);
        logged = a;
    }

    private static AnnData copy() {
        return logged.select(null, null);
    }

    @Test
    void seuratMatchesScanpyReference() {
        AnnData a = copy();
        HighlyVariableGenes.highlyVariableGenes(a);
        PpData.Table ref = PpData.reference("seurat_hvg.csv");
        assertArrayEquals(ref.names(), a.varNames());
        boolean[] hv = ((Column.Bools) a.var().get("highly_variable")).values();
        assertEquals(113, count(hv));
        assertArrayEquals(ref.bools("highly_variable"), hv, "the 113 HVGs");
        double worst = 0;
        for (String c : new String[]{"means", "dispersions", "dispersions_norm"}) {
            double d = maxAbsDiff(a.var().get(c).toDoubles(), ref.doubles(c), c);
            report("seurat vs seurat_hvg.csv: " + c, d);
            worst = Math.max(worst, d);
        }
        assertTrue(worst < 2e-5, "max |d| " + worst);
        assertEquals(Map.of("flavor", "seurat"), a.uns().get("hvg"));
        assertTrue(((Column.Floats) a.var().get("dispersions_norm")).float32(), "stored as float32, as scanpy");
    }

    @Test
    void cellRangerMatchesScanpyReference() {
        HighlyVariableGenes.Result r = HighlyVariableGenes.compute(logged.requireX(),
                Options.DEFAULT.withFlavor(Flavor.CELL_RANGER).withNTopGenes(100), null, logged.varNames(), null);
        PpData.Table ref = PpData.reference("cell_ranger_hvg.csv");
        assertEquals(100, r.count());
        assertArrayEquals(ref.bools("highly_variable"), r.highlyVariable(), "the 100 HVGs");
        double dm = maxAbsDiff(r.means(), ref.doubles("means"), "means");
        double dd = maxAbsDiff(r.dispersions(), ref.doubles("dispersions"), "dispersions");
        double dn = maxAbsDiff(r.dispersionsNorm(), ref.doubles("dispersions_norm"), "dispersions_norm");
        report("cell_ranger vs cell_ranger_hvg.csv: means", dm);
        report("cell_ranger vs cell_ranger_hvg.csv: dispersions", dd);
        report("cell_ranger vs cell_ranger_hvg.csv: dispersions_norm", dn);
        assertTrue(Math.max(dm, Math.max(dd, dn)) < 2e-5);
    }

    @Test
    void seuratTopGenesMatchesNumpy() {
        HighlyVariableGenes.Result r = HighlyVariableGenes.compute(logged.requireX(),
                Options.DEFAULT.withNTopGenes(50), null, logged.varNames(), null);
        assertArrayEquals(PpData.golden("hvg_seurat_top50.csv").bools("highly_variable"), r.highlyVariable());
        assertEquals(50, r.count());
    }

    @Test
    void batchedSeuratMatchesNumpy() {
        AnnData a = copy();
        HighlyVariableGenes.highlyVariableGenes(a, Options.DEFAULT.withBatchKey("phase"));
        PpData.Table g = PpData.golden("hvg_seurat_batch_phase.csv");
        compareBatched(a, g, "seurat batch");
        AnnData b = copy();
        HighlyVariableGenes.highlyVariableGenes(b, Options.DEFAULT.withBatchKey("phase").withNTopGenes(100));
        assertArrayEquals(PpData.golden("hvg_seurat_top100_batch_phase.csv").bools("highly_variable"),
                ((Column.Bools) b.var().get("highly_variable")).values());
    }

    @Test
    void batchedCellRangerMatchesNumpy() {
        AnnData a = copy();
        HighlyVariableGenes.highlyVariableGenes(a,
                Options.DEFAULT.withFlavor(Flavor.CELL_RANGER).withNTopGenes(100).withBatchKey("phase"));
        compareBatched(a, PpData.golden("hvg_cell_ranger_batch_phase.csv"), "cell_ranger batch");
    }

    private static void compareBatched(AnnData a, PpData.Table g, String what) {
        assertArrayEquals(g.bools("highly_variable"), ((Column.Bools) a.var().get("highly_variable")).values(),
                what + ": highly_variable");
        assertArrayEquals(g.bools("highly_variable_intersection"),
                ((Column.Bools) a.var().get("highly_variable_intersection")).values());
        double[] nb = g.doubles("highly_variable_nbatches");
        long[] got = ((Column.Ints) a.var().get("highly_variable_nbatches")).values();
        for (int j = 0; j < nb.length; j++) assertEquals((long) nb[j], got[j], what + " nbatches " + j);
        double worst = 0;
        for (String c : new String[]{"means", "dispersions"}) {
            double d = PpData.maxRelDiff(a.var().get(c).toDoubles(), g.doubles(c), c);
            worst = Math.max(worst, d);
        }
        // dispersions_norm is stored as float32, as scanpy stores it
        double dn = PpData.maxRelDiff(a.var().get("dispersions_norm").toDoubles(), g.doubles("dispersions_norm"), "dn");
        report(what + ": means, dispersions (max rel)", worst);
        report(what + ": dispersions_norm, float32 (max rel)", dn);
        assertTrue(worst < 1e-9, what + " " + worst);
        assertTrue(dn < 1e-6, what + " dispersions_norm " + dn);
    }

    @Test
    void subsetKeepsTheSelectedGenes() {
        AnnData a = copy();
        AnnData sub = HighlyVariableGenes.highlyVariableGenes(a, Options.DEFAULT.withSubset(true));
        assertEquals(113, sub.nVars());
        assertEquals(765, a.nVars(), "the input keeps its genes, annotated");
        for (boolean b : ((Column.Bools) sub.var().get("highly_variable")).values()) assertTrue(b);
    }

    @Test
    void seuratUndoesTheLogBaseOfUns() {
        // log1p with base 2 and seurat on it give the same selection as natural log: scanpy multiplies by ln(2)
        AnnData nat = copy();
        AnnData two = Filter.filterCellsMinCounts(PpData.pbmcRaw(), 1);
        Normalize.normalizeTotal(two, 1e4);
        Normalize.log1p(two, 2.0, null);
        assertEquals(2.0, ((Map<?, ?>) two.uns().get("log1p")).get("base"));
        HighlyVariableGenes.Result a = HighlyVariableGenes.compute(nat.requireX(), Options.DEFAULT, null, null, null);
        HighlyVariableGenes.Result b = HighlyVariableGenes.compute(two.requireX(), Options.DEFAULT, null, null,
                Normalize.log1pBase(two));
        assertArrayEquals(a.highlyVariable(), b.highlyVariable());
        assertTrue(maxAbsDiff(a.dispersionsNorm(), b.dispersionsNorm(), "dn") < 1e-4);
    }

    @Test
    void layoutsGiveTheSameResult() {
        Matrix csr = logged.requireX();
        HighlyVariableGenes.Result a = HighlyVariableGenes.compute(csr, Options.DEFAULT, null, null, null);
        HighlyVariableGenes.Result b = HighlyVariableGenes.compute(Matrix.of(csr.csc()), Options.DEFAULT, null, null, null);
        HighlyVariableGenes.Result c = HighlyVariableGenes.compute(Matrix.of(csr.dense()), Options.DEFAULT, null, null, null);
        assertArrayEquals(a.highlyVariable(), b.highlyVariable());
        assertArrayEquals(a.highlyVariable(), c.highlyVariable());
        assertTrue(maxAbsDiff(a.dispersionsNorm(), c.dispersionsNorm(), "dn") < 1e-12);
    }

    @Test
    void binsFollowPandasCut() {
        // edges linspace(0, 1, 5) with the first lowered by 0.001: (-0.001, .25], (.25, .5], (.5, .75], (.75, 1]
        int[] bins = HighlyVariableGenes.equalWidthBins(new double[]{0, 0.25, 0.26, 0.5, 1, Double.NaN}, 4);
        assertArrayEquals(new int[]{0, 0, 1, 1, 3, -1}, bins);
        // all equal: both ends move by 0.1%: edges (1.998, 2.0], (2.0, 2.002] (pandas gives codes 0, 0 too)
        assertArrayEquals(new int[]{0, 0}, HighlyVariableGenes.equalWidthBins(new double[]{2, 2}, 2));
        assertArrayEquals(new double[]{0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5},
                HighlyVariableGenes.linspace(0, 0.5, 6), 0.0, "numpy's k * step + start");
        double[] sorted = {1, 2, 3, 4};
        assertEquals(1.3, HighlyVariableGenes.percentile(sorted, 10), 1e-15);
        assertEquals(2.5, HighlyVariableGenes.percentile(sorted, 50), 1e-15);
        assertEquals(4, HighlyVariableGenes.percentile(sorted, 100));
    }

    @Test
    void cellRangerRejectsRepeatedPercentiles() {
        Matrix x = Matrix.dense(3, 12, new float[36]); // all genes have mean 0 -> every percentile is equal
        assertThrows(IllegalArgumentException.class, () -> HighlyVariableGenes.compute(x,
                Options.DEFAULT.withFlavor(Flavor.CELL_RANGER).withNTopGenes(2), null, null, null));
    }

    @Test
    void badOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Options.DEFAULT.withNTopGenes(0));
        assertThrows(IllegalArgumentException.class, () -> Options.DEFAULT.withSpan(1.5));
        assertThrows(IllegalArgumentException.class, () -> Options.DEFAULT.withNBins(0));
        assertThrows(IllegalArgumentException.class, () -> Flavor.of("pearson_residuals"));
        assertEquals(Flavor.SEURAT_V3, Flavor.of("seurat_v3"));
        AnnData a = copy();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HighlyVariableGenes.highlyVariableGenes(a, Options.DEFAULT.withBatchKey("nope")));
        assertTrue(e.getMessage().contains("nope"));
        e = assertThrows(IllegalArgumentException.class,
                () -> HighlyVariableGenes.highlyVariableGenes(a, Options.DEFAULT.withLayer("counts")));
        assertTrue(e.getMessage().contains("counts"));
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean v : b) if (v) n++;
        return n;
    }
}
