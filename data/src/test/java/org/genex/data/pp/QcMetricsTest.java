package org.genex.data.pp;

import static org.genex.data.pp.PpData.report;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.Matrix;
import org.junit.jupiter.api.Test;

/** calculate_qc_metrics against pp_golden.py on the small counts (41 cells, one empty; 30 genes, one MT-, one all zero). */
class QcMetricsTest {

    @Test
    void matchesNumpyOnSmallCounts() {
        AnnData a = PpData.small();
        boolean[] mt = QcMetrics.markMitochondrial(a);
        assertEquals(1, count(mt), "MT-ND3 only (not MTPN-like names)");
        QcMetrics.calculateQcMetrics(a, QcMetrics.Options.DEFAULT.withQcVars("mt").withPercentTop(20, 5, 10), true);
        PpData.Table obs = PpData.golden("qc_obs.csv"), var = PpData.golden("qc_var.csv");
        assertEquals(obs.header().subList(1, obs.header().size()), a.obs().columnNames().subList(1, a.obs().columnNames().size()),
                "scanpy's columns, in scanpy's order");
        assertEquals(List.of("mt", "n_cells_by_counts", "mean_counts", "log1p_mean_counts", "pct_dropout_by_counts",
                "total_counts", "log1p_total_counts"), a.var().columnNames());
        double worst = 0;
        for (String c : obs.header().subList(1, obs.header().size()))
            worst = Math.max(worst, PpData.maxRelDiff(a.obs().get(c).toDoubles(), obs.doubles(c), "obs " + c));
        for (String c : var.header().subList(1, var.header().size()))
            worst = Math.max(worst, PpData.maxRelDiff(a.var().get(c).toDoubles(), var.doubles(c), "var " + c));
        report("qc metrics vs numpy (max rel, all columns)", worst);
        assertTrue(worst < 1e-12, "" + worst);
        assertInstanceOf(Column.Ints.class, a.obs().get("n_genes_by_counts"));
        assertInstanceOf(Column.Ints.class, a.var().get("n_cells_by_counts"));
        assertTrue(Double.isNaN(a.obs().get("pct_counts_mt").toDoubles()[40]), "the empty cell: 0 / 0");
    }

    @Test
    void sparseDenseAndLayerGiveTheSameTables() {
        AnnData dense = PpData.small();
        AnnData sparse = PpData.small();
        sparse.setX(Matrix.of(sparse.requireX().csc()));
        AnnData layered = PpData.small();
        layered.layers().put("counts", layered.requireX());
        layered.setX(Matrix.dense(41, layered.nVars(), new float[41 * layered.nVars()]));
        QcMetrics.Options o = QcMetrics.Options.DEFAULT.withPercentTop(5);
        var a = QcMetrics.calculateQcMetrics(dense, o, false);
        var b = QcMetrics.calculateQcMetrics(sparse, o, false);
        var c = QcMetrics.calculateQcMetrics(layered, o.withLayer("counts"), false);
        for (String col : a.obs().columnNames()) {
            assertArrayEquals(a.obs().get(col).toDoubles(), b.obs().get(col).toDoubles(), 1e-12, col);
            assertArrayEquals(a.obs().get(col).toDoubles(), c.obs().get(col).toDoubles(), 1e-12, col);
        }
        for (String col : a.var().columnNames())
            assertArrayEquals(a.var().get(col).toDoubles(), b.var().get(col).toDoubles(), 1e-12, col);
        assertTrue(dense.obs().columnNames().size() == 1, "inplace=false leaves obs alone");
    }

    @Test
    void namesWithoutLog1pAndOtherTypes() {
        AnnData a = PpData.small();
        var r = QcMetrics.calculateQcMetrics(a, QcMetrics.Options.DEFAULT.withPercentTop().withLog1p(false)
                .withExprType("umis").withVarType("features"), false);
        assertEquals(List.of("n_features_by_umis", "total_umis"), r.obs().columnNames());
        assertEquals(List.of("n_cells_by_umis", "mean_umis", "pct_dropout_by_umis", "total_umis"),
                r.var().columnNames());
    }

    @Test
    void badArgumentsAreExplained() {
        AnnData a = PpData.small();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QcMetrics.calculateQcMetrics(a, "mt"));
        assertTrue(e.getMessage().contains("markGenes"), e.getMessage());
        QcMetrics.markMitochondrial(a);
        e = assertThrows(IllegalArgumentException.class, () -> QcMetrics.calculateQcMetrics(a, "mt"));
        assertTrue(e.getMessage().contains("percent_top 50"), "the default percent_top exceeds 30 genes: "
                + e.getMessage());
        a.var().put("label", Column.Categorical.of(new String[a.nVars()]));
        assertThrows(IllegalArgumentException.class, () -> QcMetrics.calculateQcMetrics(a,
                QcMetrics.Options.DEFAULT.withQcVars("label").withPercentTop(), true));
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean v : b) if (v) n++;
        return n;
    }
}
