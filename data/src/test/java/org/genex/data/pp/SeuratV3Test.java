package org.genex.data.pp;

import static org.genex.data.pp.PpData.report;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.pp.HighlyVariableGenes.Flavor;
import org.genex.data.pp.HighlyVariableGenes.Options;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * seurat_v3 and seurat_v3_paper on the pbmc68k counts, against the NumPy implementation of pp_golden.py (its loess
 * checked against scikit-misc's direct surface), with and without batches, in the tutorial's way: counts kept in a
 * layer, X normalised and logged, HVGs from the layer.
 */
class SeuratV3Test {
    private static AnnData counts;

    @BeforeAll
    static void load() { counts = PpData.pbmcCounts(); }

    private static AnnData tutorial() {
        AnnData a = counts.select(null, null);
        Layers.copyX(a, "counts");
        Normalize.normalizeTotal(a, 1e4);
        Normalize.log1p(a);
        return a;
    }

    @Test
    void singleBatchMatchesNumpy() {
        AnnData a = tutorial();
        HighlyVariableGenes.highlyVariableGenes(a,
                Options.DEFAULT.withFlavor(Flavor.SEURAT_V3).withNTopGenes(200).withLayer("counts"));
        PpData.Table g = PpData.golden("hvg_seurat_v3_top200.csv");
        compare(a, g, "seurat_v3");
        if (g.header().contains("highly_variable_interpolate")) // written where the script had scikit-misc
            assertArrayEquals(g.bools("highly_variable_interpolate"),
                    ((Column.Bools) a.var().get("highly_variable")).values(),
                    "scanpy's interpolated loess selects the same 200 genes (the Loess class documents this)");
        assertFalse(a.var().has("highly_variable_nbatches"), "only with a batch key, as scanpy");
        assertEquals(Map.of("flavor", "seurat_v3"), a.uns().get("hvg"));
    }

    @Test
    void batchesMatchNumpy() {
        AnnData a = tutorial();
        Options o = Options.DEFAULT.withFlavor(Flavor.SEURAT_V3).withNTopGenes(200).withLayer("counts")
                .withBatchKey("phase");
        HighlyVariableGenes.highlyVariableGenes(a, o);
        PpData.Table g = PpData.golden("hvg_seurat_v3_top200_batch_phase.csv");
        compare(a, g, "seurat_v3 batch");
        double[] nb = g.doubles("highly_variable_nbatches");
        long[] got = ((Column.Ints) a.var().get("highly_variable_nbatches")).values();
        for (int j = 0; j < nb.length; j++) assertEquals((long) nb[j], got[j], "nbatches " + j);

        HighlyVariableGenes.Result paper = HighlyVariableGenes.compute(a.layers().get("counts"),
                o.withFlavor(Flavor.SEURAT_V3_PAPER), Batches.of("phase", a.obs().get("phase")), null, null);
        assertArrayEquals(PpData.golden("hvg_seurat_v3_paper_top200_batch_phase.csv").bools("highly_variable"),
                paper.highlyVariable(), "seurat_v3_paper");
        assertEquals(200, paper.count());
    }

    private static void compare(AnnData a, PpData.Table g, String what) {
        assertArrayEquals(g.bools("highly_variable"), ((Column.Bools) a.var().get("highly_variable")).values(),
                what + ": the 200 genes");
        double[] rank = a.var().get("highly_variable_rank").toDoubles();
        double dr = PpData.maxAbsDiff(rank, g.doubles("highly_variable_rank"), "rank");
        assertEquals(0, dr, what + ": ranks (NaN outside the top 200)");
        double worst = 0;
        for (String c : new String[]{"means", "variances", "variances_norm"}) {
            double d = PpData.maxRelDiff(a.var().get(c).toDoubles(), g.doubles(c), c);
            report(what + ": " + c + " (max rel)", d);
            worst = Math.max(worst, d);
        }
        assertTrue(worst < 1e-9, what + ": " + worst);
    }

    @Test
    void defaultTopGenesIs2000AndCapsAtTheGeneCount() {
        HighlyVariableGenes.Result r = HighlyVariableGenes.compute(counts.requireX(),
                Options.DEFAULT.withFlavor(Flavor.SEURAT_V3), null, null, null);
        assertEquals(765, r.count(), "n_top_genes defaults to 2000: every one of the 765 genes");
    }
}
