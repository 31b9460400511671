package org.genex.data.pp;

import static org.genex.data.pp.PpData.report;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.genex.data.AnnData;
import org.genex.data.Matrix;
import org.genex.tensor.Parallel;
import org.junit.jupiter.api.Test;

/**
 * regress_out and scale against pp_golden.py (numpy lstsq residuals; scale with ddof=1 std), on the tutorial's
 * path: filter the empty cell, QC, normalise, log1p, regress out total_counts and pct_counts_mt, scale to 10.
 */
class ScaleRegressTest {

    /** The small counts after filter_cells(min_counts=1), QC with "mt", normalize_total (median) and log1p. */
    private static AnnData logged() {
        AnnData a = Filter.filterCellsMinCounts(PpData.small(), 1);
        QcMetrics.markMitochondrial(a);
        QcMetrics.calculateQcMetrics(a, QcMetrics.Options.DEFAULT.withQcVars("mt").withPercentTop(5), true);
        Normalize.normalizeTotal(a);
        Normalize.log1p(a);
        return a;
    }

    @Test
    void regressOutNumericMatchesLstsq() {
        AnnData a = logged();
        RegressOut.regressOut(a, "total_counts", "pct_counts_mt");
        double d = PpData.maxAbsDiff(flat(a.requireX()), flat(PpData.goldenMatrix("regress_out_numeric.csv")), "res");
        report("regress_out (total_counts, pct_counts_mt) vs numpy lstsq (max abs)", d);
        assertTrue(d < 2e-6, "" + d);
        assertInstanceOf(Matrix.Dense.class, a.requireX());
    }

    @Test
    void regressOutCategoricalMatchesLstsq() {
        AnnData a = logged();
        RegressOut.regressOut(a, "bulk_labels");
        double d = PpData.maxAbsDiff(flat(a.requireX()), flat(PpData.goldenMatrix("regress_out_categorical.csv")),
                "res");
        report("regress_out (bulk_labels, categorical) vs numpy lstsq (max abs)", d);
        assertTrue(d < 2e-6, "" + d);
        // the constant (all-zero) gene is left as it is, as scanpy's GLM path does
        float[] x = a.requireX().dense().toArray();
        int zeroGene = a.var().indexOf("GALE");
        for (int i = 0; i < a.nObs(); i++) assertEquals(0f, x[i * a.nVars() + zeroGene]);
    }

    @Test
    void sparseInputGivesTheSameResiduals() {
        AnnData a = logged(), b = logged();
        b.setX(Matrix.of(b.requireX().csr()));
        RegressOut.regressOut(a, "total_counts");
        RegressOut.regressOut(b, "total_counts");
        assertArrayEquals(a.requireX().dense().toArray(), b.requireX().dense().toArray(), 0f);
    }

    @Test
    void singularDesignsKeepConstantGenes() {
        // two copies of one covariate: the design is rank deficient (scanpy's GLM path)
        AnnData a = logged();
        double[] t = a.obs().get("total_counts").toDoubles();
        a.obs().put("twice", t.clone());
        AnnData b = logged();
        RegressOut.regressOut(a, "total_counts", "twice");
        RegressOut.regressOut(b, "total_counts");
        float[] x = a.requireX().dense().toArray(), y = b.requireX().dense().toArray();
        int zeroGene = a.var().indexOf("GALE");
        for (int i = 0; i < x.length; i++)
            if (i % a.nVars() != zeroGene) assertEquals(y[i], x[i], 1e-6, "same projection");
    }

    @Test
    void regressOutErrors() {
        AnnData a = logged();
        assertThrows(IllegalArgumentException.class, () -> RegressOut.regressOut(a, "bulk_labels", "total_counts"));
        assertThrows(IllegalArgumentException.class, () -> RegressOut.regressOut(a, "total_counts", "bulk_labels"));
        assertThrows(IllegalArgumentException.class, () -> RegressOut.regressOut(a));
        double[] nan = new double[a.nObs()];
        nan[3] = Double.NaN;
        a.obs().put("bad", nan);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegressOut.regressOut(a, "bad"));
        assertTrue(e.getMessage().contains("cell 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> RegressOut.regressOutCategorical(a.requireX(), new int[a.nObs()], 0));
    }

    @Test
    void scaleMatchesNumpy() {
        AnnData a = logged();
        RegressOut.regressOut(a, "total_counts", "pct_counts_mt");
        Scale.scale(a, 10);
        double d = PpData.maxAbsDiff(flat(a.requireX()), flat(PpData.goldenMatrix("scale_max10.csv")), "scaled");
        report("scale(max_value=10) after regress_out vs numpy (max abs)", d);
        assertTrue(d < 2e-5, "" + d);
        PpData.Table stats = PpData.golden("scale_stats.csv");
        // the inputs were rounded to float32 by regress_out: compare the statistics loosely, the std=0 -> 1 exactly
        double dm = PpData.maxAbsDiff(a.var().get("mean").toDoubles(), stats.doubles("mean"), "mean");
        double ds = PpData.maxRelDiff(a.var().get("std").toDoubles(), stats.doubles("std"), "std");
        report("scale var mean (max abs) / std (max rel) vs numpy", Math.max(dm, ds));
        assertTrue(dm < 1e-6 && ds < 1e-5, dm + " " + ds);
        assertEquals(1.0, a.var().get("std").toDoubles()[a.var().indexOf("GALE")], "std 0 becomes 1");
        float max = Float.NEGATIVE_INFINITY, min = Float.POSITIVE_INFINITY;
        for (float v : a.requireX().dense().toArray()) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        assertTrue(max <= 10 && min >= -10, min + " .. " + max);
    }

    @Test
    void scaleWithoutCentringKeepsSparsity() {
        AnnData a = logged();
        Matrix x = a.requireX();
        float[][] golden = PpData.goldenMatrix("scale_nocenter_max3.csv");
        for (Matrix m : new Matrix[]{x, Matrix.of(x.csr()), Matrix.of(x.csc())}) {
            Scale.Result r = Scale.scale(m, false, 3.0);
            assertEquals(m.getClass(), r.x().getClass(), "layout kept: " + m.getClass().getSimpleName());
            double d = PpData.maxAbsDiff(flat(r.x()), flat(golden), "no centre");
            assertTrue(d < 1e-6, m.getClass().getSimpleName() + " " + d);
        }
        // zero-centring densifies sparse input, like scanpy, with the same values as dense input
        Scale.Result dense = Scale.scale(x, true, null), fromCsr = Scale.scale(Matrix.of(x.csr()), true, null);
        assertInstanceOf(Matrix.Dense.class, fromCsr.x());
        assertArrayEquals(dense.x().dense().toArray(), fromCsr.x().dense().toArray(), 0f);
        assertArrayEquals(dense.x().dense().toArray(),
                Scale.scale(Matrix.of(x.csc()), true, null).x().dense().toArray(), 0f);
    }

    @Test
    void scaledColumnsHaveUnitVariance() {
        Random rnd = new Random(2);
        float[] v = new float[50 * 7];
        for (int i = 0; i < v.length; i++) v[i] = (float) (rnd.nextGaussian() * (1 + i % 7) + i % 3);
        Scale.Result r = Scale.scale(Matrix.dense(50, 7, v), true, null);
        MatrixStats.Moments m = MatrixStats.columns(r.x());
        for (int j = 0; j < 7; j++) {
            assertEquals(0, m.mean()[j], 1e-6);
            assertEquals(1, m.variance(1)[j], 1e-5);
        }
    }

    @Test
    void sameBitsOnOneAndTwoThreads() {
        Random rnd = new Random(9);
        int rows = 2000, cols = 120;
        float[] v = new float[rows * cols];
        double[] cov = new double[rows];
        for (int i = 0; i < v.length; i++) v[i] = rnd.nextInt(4) == 0 ? rnd.nextFloat() * 5 : 0;
        for (int i = 0; i < rows; i++) cov[i] = rnd.nextGaussian();
        Matrix x = Matrix.dense(rows, cols, v);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] a = Scale.scale(RegressOut.regressOut(x, new double[][]{cov}), true, 10.0).x().dense().toArray();
            Parallel.setThreads(2);
            float[] b = Scale.scale(RegressOut.regressOut(x, new double[][]{cov}), true, 10.0).x().dense().toArray();
            assertArrayEquals(a, b, 0f);
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static double[] flat(Matrix m) {
        float[] f = m.dense().toArray();
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) out[i] = f[i];
        return out;
    }

    private static double[] flat(float[][] m) {
        double[] out = new double[m.length * m[0].length];
        for (int i = 0; i < m.length; i++)
            for (int j = 0; j < m[0].length; j++) out[i * m[0].length + j] = m[i][j];
        return out;
    }
}
