package org.genex.data.pp;

import static org.genex.data.pp.PpData.report;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.genex.data.AnnData;
import org.genex.data.Matrix;
import org.genex.tensor.Parallel;
import org.junit.jupiter.api.Test;

/** normalize_total and log1p against pp_golden.py, and their AnnData plumbing (layers, key_added, uns). */
class NormalizeTest {

    @Test
    void medianTargetMatchesNumpyAndKeepsEmptyCellsZero() {
        AnnData a = PpData.small();
        Normalize.Result r = Normalize.normalizeTotal(a, Normalize.Options.DEFAULT.withKeyAdded("norm_factor"));
        double d = PpData.maxRelDiff(a.requireX(), PpData.goldenMatrix("normalize_total_median.csv"), "median");
        report("normalize_total (median target) vs numpy (max rel)", d);
        assertTrue(d < 1e-6, "" + d);
        double f = PpData.maxRelDiff(a.obs().get("norm_factor").toDoubles(),
                PpData.golden("normalize_total_factors.csv").doubles("median"), "factor");
        assertTrue(f < 1e-12, "" + f);
        float[] x = a.requireX().dense().toArray();
        int g = a.nVars();
        for (int j = 0; j < g; j++) assertEquals(0f, x[40 * g + j], "the empty cell stays zero");
        // every non-empty cell now sums to the median of the non-zero totals
        double[] totals = MatrixStats.rows(a.requireX()).sum();
        for (int i = 0; i < 40; i++) assertEquals(r.targetSum(), totals[i], 1e-4 * r.targetSum());
        assertEquals(0, r.normFactor()[40]);
    }

    @Test
    void excludeHighlyExpressedMatchesNumpy() {
        AnnData a = PpData.small();
        Normalize.Result r = Normalize.normalizeTotal(a,
                Normalize.Options.DEFAULT.withExcludeHighlyExpressed(true, 0.3));
        double d = PpData.maxRelDiff(a.requireX(), PpData.goldenMatrix("normalize_total_exclude_0.3.csv"), "exclude");
        report("normalize_total (exclude_highly_expressed, 0.3) vs numpy", d);
        assertTrue(d < 1e-6, "" + d);
        assertArrayEquals(PpData.golden("normalize_total_factors.csv").doubles("exclude_0.3"), r.normFactor(), 1e-12);
        int excluded = 0;
        for (boolean b : r.geneSubset()) if (!b) excluded++;
        assertTrue(excluded > 0 && excluded < a.nVars(), "some genes are left out of the totals: " + excluded);
    }

    @Test
    void layoutsAndTargetSum() {
        Matrix dense = PpData.small().requireX();
        Matrix csr = Matrix.of(dense.csr()), csc = Matrix.of(dense.csc());
        Normalize.Result a = Normalize.normalizeTotal(dense, 1e4, false, 0.05);
        Normalize.Result b = Normalize.normalizeTotal(csr, 1e4, false, 0.05);
        Normalize.Result c = Normalize.normalizeTotal(csc, 1e4, false, 0.05);
        assertInstanceOf(Matrix.Csr.class, b.x(), "sparse stays sparse");
        assertInstanceOf(Matrix.Csc.class, c.x());
        assertArrayEquals(a.x().dense().toArray(), b.x().dense().toArray(), 0f);
        assertArrayEquals(a.x().dense().toArray(), c.x().dense().toArray(), 0f);
        double[] totals = MatrixStats.rows(b.x()).sum();
        for (int i = 0; i < 40; i++) assertEquals(1e4, totals[i], 1e-2);
        assertSame(csr.csr().indices(), ((Matrix.Csr) b.x()).matrix().indices(), "the structure is shared");
        assertNotSame(csr.csr().values(), ((Matrix.Csr) b.x()).matrix().values(), "the input is not written");
    }

    @Test
    void countsLayerSurvivesNormalisationOfX() {
        AnnData a = PpData.small();
        float[] before = a.requireX().dense().toArray();
        Layers.copyX(a, "counts");
        Normalize.normalizeTotal(a, 1e4);
        Normalize.log1p(a);
        assertArrayEquals(before, a.layers().get("counts").dense().toArray(), 0f);
        // and a layer can be the target instead of X
        AnnData b = PpData.small();
        b.layers().put("work", b.requireX());
        Normalize.normalizeTotal(b, Normalize.Options.DEFAULT.withTargetSum(1e4).withLayer("work"));
        assertArrayEquals(before, b.requireX().dense().toArray(), 0f, "X untouched");
        assertArrayEquals(a.layers().get("counts").dense().toArray(), before, 0f);
        assertThrows(IllegalArgumentException.class, () -> Normalize.normalizeTotal(b,
                Normalize.Options.DEFAULT.withLayer("missing")));
    }

    @Test
    void log1pMatchesNumpyAndRecordsTheBase() {
        AnnData a = Filter.filterCellsMinCounts(PpData.small(), 1);
        Normalize.normalizeTotal(a);
        AnnData b = a.select(null, null);
        Normalize.log1p(a);
        double d = PpData.maxRelDiff(a.requireX(), PpData.goldenMatrix("log1p.csv"), "log1p");
        report("log1p vs numpy (max rel)", d);
        assertTrue(d < 1e-6, "" + d);
        assertEquals(Map.of(), a.uns().get("log1p"), "base None: no base key");
        Normalize.log1p(b, 2.0, null);
        d = PpData.maxRelDiff(b.requireX(), PpData.goldenMatrix("log1p_base2.csv"), "log1p base 2");
        assertTrue(d < 1e-6, "" + d);
        assertEquals(Map.of("base", 2.0), b.uns().get("log1p"));
        assertThrows(IllegalArgumentException.class, () -> Normalize.log1p(b.requireX(), 1.0));
        Matrix s = Normalize.log1p(Matrix.of(b.requireX().csr()), null);
        assertInstanceOf(Matrix.Csr.class, s, "sparse stays sparse");
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Normalize.Options.DEFAULT.withExcludeHighlyExpressed(true, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Normalize.Options.DEFAULT.withTargetSum(0.0));
        assertTrue(Double.isNaN(Normalize.medianOfPositive(new double[]{0, 0})), "numpy's median of nothing");
        assertEquals(2.5, Normalize.medianOfPositive(new double[]{0, 4, 1, 3, 2}));
    }

    @Test
    void sameBitsOnOneAndTwoThreads() {
        java.util.Random rnd = new java.util.Random(5);
        int rows = 3000, cols = 200;
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = rnd.nextInt(10) < 7 ? 0 : rnd.nextInt(50);
        Matrix csr = Matrix.of(Matrix.dense(rows, cols, v).csr());
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] one = Normalize.log1p(Normalize.normalizeTotal(csr, null, true, 0.1).x(), null).dense().toArray();
            double[] m1 = MatrixStats.columns(csr).variance(1);
            Parallel.setThreads(2);
            float[] two = Normalize.log1p(Normalize.normalizeTotal(csr, null, true, 0.1).x(), null).dense().toArray();
            double[] m2 = MatrixStats.columns(csr).variance(1);
            assertArrayEquals(one, two, 0f);
            assertArrayEquals(m1, m2, 0.0);
        } finally {
            Parallel.setThreads(before);
        }
    }
}
