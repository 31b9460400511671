package org.genex.data.pp;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.CsrMatrix;

/**
 * Quality-control metrics per cell and per gene, as scanpy's {@code pp.calculate_qc_metrics} (after scater's
 * {@code calculateQCMetrics}) computes them, with scanpy's column names for {@code expr_type="counts"} and
 * {@code var_type="genes"}:
 *
 * <pre>
 *   obs  n_genes_by_counts, log1p_n_genes_by_counts, total_counts, log1p_total_counts,
 *        pct_counts_in_top_{N}_genes (N in percent_top), and for each qc var Q:
 *        total_counts_Q, log1p_total_counts_Q, pct_counts_Q
 *   var  n_cells_by_counts, mean_counts, log1p_mean_counts, pct_dropout_by_counts, total_counts, log1p_total_counts
 * </pre>
 *
 * A qc var is a boolean {@code var} column (scanpy: {@code adata.var["mt"] = var_names.str.startswith("MT-")});
 * {@link #markGenes} writes one from name prefixes. Counts of detected genes count entries {@code != 0}, as scanpy
 * does after {@code eliminate_zeros} (which it applies to X in place; genex leaves X untouched). Totals are
 * accumulated in double and stored as float64 (scanpy keeps X's dtype, float32 for float32 X: the same values for
 * integer counts below 2^24).
 */
public final class QcMetrics {
    private QcMetrics() {}

    /** scanpy's default {@code percent_top}. */
    public static final int[] DEFAULT_PERCENT_TOP = {50, 100, 200, 500};

    /**
     * Options of {@code calculate_qc_metrics}, scanpy's defaults in {@link #DEFAULT}: {@code expr_type="counts"},
     * {@code var_type="genes"}, no qc vars, {@code percent_top=(50, 100, 200, 500)}, {@code layer=None},
     * {@code log1p=True}. A null or empty {@code percentTop} skips those columns (scanpy: {@code None}).
     */
    public record Options(String exprType, String varType, List<String> qcVars, int[] percentTop, String layer,
                          boolean log1p) {
        /** scanpy's defaults. */
        public static final Options DEFAULT =
                new Options("counts", "genes", List.of(), DEFAULT_PERCENT_TOP, null, true);

        public Options {
            qcVars = List.copyOf(qcVars);
            percentTop = percentTop == null ? new int[0] : percentTop.clone();
        }

        /** A copy with {@code qc_vars}: names of boolean var columns. */
        public Options withQcVars(String... names) {
            return new Options(exprType, varType, List.of(names), percentTop, layer, log1p);
        }

        /** A copy with {@code percent_top} (none: no such columns). */
        public Options withPercentTop(int... ns) { return new Options(exprType, varType, qcVars, ns, layer, log1p); }

        /** A copy reading {@code layers[layer]} instead of X (null: X). */
        public Options withLayer(String name) {
            return new Options(exprType, varType, qcVars, percentTop, name, log1p);
        }

        /** A copy with or without the {@code log1p_} columns. */
        public Options withLog1p(boolean on) { return new Options(exprType, varType, qcVars, percentTop, layer, on); }

        /** A copy with {@code expr_type} (the "counts" of the column names). */
        public Options withExprType(String t) { return new Options(t, varType, qcVars, percentTop, layer, log1p); }

        /** A copy with {@code var_type} (the "genes" of the column names). */
        public Options withVarType(String t) { return new Options(exprType, t, qcVars, percentTop, layer, log1p); }
    }

    /** The two tables of metrics, indexed by the obs and var names. */
    public record Result(DataFrame obs, DataFrame var) {}

    /**
     * {@code sc.pp.calculate_qc_metrics(adata, qc_vars=qcVars, inplace=True)} with the other defaults of
     * {@link Options#DEFAULT}; adds the columns to {@code adata.obs} and {@code adata.var} (replacing columns of the
     * same names). Like scanpy, fails when a {@code percent_top} entry exceeds n_vars: pass
     * {@link Options#withPercentTop} for small gene sets.
     */
    public static Result calculateQcMetrics(AnnData adata, String... qcVars) {
        return calculateQcMetrics(adata, Options.DEFAULT.withQcVars(qcVars), true);
    }

    /**
     * {@code sc.pp.calculate_qc_metrics} with these options; with {@code inplace} the columns are also added to
     * {@code adata.obs} / {@code adata.var}. Returns the two tables either way (scanpy returns them only when not
     * in place).
     */
    public static Result calculateQcMetrics(AnnData adata, Options o, boolean inplace) {
        Matrix x = Layers.get(adata, o.layer());
        Map<String, boolean[]> masks = new LinkedHashMap<>();
        for (String q : o.qcVars()) masks.put(q, qcMask(adata, q));
        Result r = compute(x, adata.obsNames(), adata.varNames(), masks, o);
        if (inplace) {
            r.obs().columns().forEach(adata.obs()::put);
            r.var().columns().forEach(adata.var()::put);
        }
        return r;
    }

    /**
     * The metrics of a matrix (cells x genes) whose genes have these names; {@code qcMasks} maps each qc var name
     * to its gene mask. Follows {@code describe_obs} and {@code describe_var} of scanpy's {@code _qc.py}.
     */
    public static Result compute(Matrix x, String[] obsNames, String[] varNames, Map<String, boolean[]> qcMasks,
                                 Options o) {
        if (obsNames.length != x.rows() || varNames.length != x.cols())
            throw new IllegalArgumentException("calculate_qc_metrics: " + obsNames.length + " obs and "
                    + varNames.length + " var names for a matrix of " + x.rows() + " x " + x.cols());
        for (int n : o.percentTop())
            if (n <= 0 || n > x.cols())
                throw new IllegalArgumentException("calculate_qc_metrics: percent_top " + n
                        + " is outside 1.." + x.cols() + " (the number of genes); pass smaller percentTop values");
        qcMasks.forEach((name, m) -> {
            if (m.length != x.cols())
                throw new IllegalArgumentException("calculate_qc_metrics: qc var '" + name + "' has " + m.length
                        + " entries for " + x.cols() + " genes");
        });
        String e = o.exprType(), v = o.varType();
        int nObs = x.rows();

        DataFrame obs = new DataFrame(obsNames);
        MatrixStats.Moments rows = MatrixStats.rows(x);
        long[] nGenes = new long[nObs];
        for (int i = 0; i < nObs; i++) nGenes[i] = rows.nonzero()[i];
        obs.put("n_" + v + "_by_" + e, new Column.Ints(nGenes));
        if (o.log1p()) obs.put("log1p_n_" + v + "_by_" + e, log1p(rows.nonzero()));
        double[] total = rows.sum();
        obs.put("total_" + e, total);
        if (o.log1p()) obs.put("log1p_total_" + e, log1p(total));
        int[] tops = o.percentTop().clone();
        Arrays.sort(tops);
        CsrMatrix csr = tops.length > 0 || !qcMasks.isEmpty() ? x.csr() : null;
        if (tops.length > 0) {
            double[][] pct = topProportions(csr, tops, total);
            for (int t = 0; t < tops.length; t++) obs.put("pct_" + e + "_in_top_" + tops[t] + "_" + v, pct[t]);
        }
        for (Map.Entry<String, boolean[]> q : qcMasks.entrySet()) {
            double[] sub = maskedRowSums(csr, q.getValue());
            String name = q.getKey();
            obs.put("total_" + e + "_" + name, sub);
            if (o.log1p()) obs.put("log1p_total_" + e + "_" + name, log1p(sub));
            double[] pct = new double[nObs];
            for (int i = 0; i < nObs; i++) pct[i] = sub[i] / total[i] * 100;
            obs.put("pct_" + e + "_" + name, pct);
        }

        DataFrame var = new DataFrame(varNames);
        MatrixStats.Moments cols = MatrixStats.columns(x);
        long[] nCells = new long[x.cols()];
        double[] dropout = new double[x.cols()];
        for (int j = 0; j < nCells.length; j++) {
            nCells[j] = cols.nonzero()[j];
            dropout[j] = (1 - (double) nCells[j] / nObs) * 100;
        }
        double[] mean = cols.mean();
        var.put("n_cells_by_" + e, new Column.Ints(nCells));
        var.put("mean_" + e, mean);
        if (o.log1p()) var.put("log1p_mean_" + e, log1p(mean));
        var.put("pct_dropout_by_" + e, dropout);
        var.put("total_" + e, cols.sum());
        if (o.log1p()) var.put("log1p_total_" + e, log1p(cols.sum()));
        return new Result(obs, var);
    }

    /**
     * Writes the boolean {@code var[key]}: genes whose name starts with any of the prefixes (scanpy's tutorial:
     * {@code adata.var["mt"] = adata.var_names.str.startswith("MT-")}; mouse {@code "mt-"}). Returns the mask.
     */
    public static boolean[] markGenes(AnnData adata, String key, String... prefixes) {
        String[] names = adata.varNames();
        boolean[] mask = new boolean[names.length];
        for (int j = 0; j < names.length; j++)
            for (String p : prefixes)
                if (names[j].startsWith(p)) {
                    mask[j] = true;
                    break;
                }
        adata.var().put(key, mask);
        return mask;
    }

    /** {@code markGenes(adata, "mt", "MT-", "mt-")}: mitochondrial genes of human and mouse. */
    public static boolean[] markMitochondrial(AnnData adata) { return markGenes(adata, "mt", "MT-", "mt-"); }

    private static boolean[] qcMask(AnnData adata, String name) {
        if (!adata.var().has(name))
            throw new IllegalArgumentException("calculate_qc_metrics: qc var '" + name + "' is not a var column; "
                    + "write it first, e.g. QcMetrics.markGenes(adata, \"mt\", \"MT-\", \"mt-\")");
        if (adata.var().get(name) instanceof Column.Bools b) return b.values();
        throw new IllegalArgumentException("calculate_qc_metrics: var column '" + name + "' is "
                + adata.var().get(name).getClass().getSimpleName() + ", expected a boolean column");
    }

    /**
     * For each n of {@code tops} (sorted), the share of each cell's total held by its n largest values, in percent
     * (scanpy's {@code top_segment_proportions}; NaN for a cell with total 0). Meant for non-negative counts:
     * as in scanpy's sparse path, only stored entries compete for the top places.
     */
    private static double[][] topProportions(CsrMatrix m, int[] tops, double[] total) {
        int rows = m.rows();
        double[][] out = new double[tops.length][rows];
        int[] indptr = m.indptr();
        float[] values = m.values();
        Chunks.forItems(rows, Math.max(1, (long) m.nnz() / Math.max(1, rows)) * 8, (s, e) -> {
            for (int r = s; r < e; r++) {
                int len = indptr[r + 1] - indptr[r];
                float[] row = Arrays.copyOfRange(values, indptr[r], indptr[r + 1]);
                Arrays.sort(row);
                // the largest values are at the end; implicit zeros add nothing
                double acc = 0;
                int taken = 0;
                for (int t = 0; t < tops.length; t++) {
                    for (; taken < tops[t] && taken < len; taken++) acc += row[len - 1 - taken];
                    out[t][r] = acc / total[r] * 100;
                }
            }
        });
        return out;
    }

    private static double[] maskedRowSums(CsrMatrix m, boolean[] mask) {
        double[] out = new double[m.rows()];
        int[] indptr = m.indptr(), indices = m.indices();
        float[] values = m.values();
        Chunks.forItems(m.rows(), Math.max(1, (long) m.nnz() / Math.max(1, m.rows())), (s, e) -> {
            for (int r = s; r < e; r++) {
                double sum = 0;
                for (int k = indptr[r]; k < indptr[r + 1]; k++) if (mask[indices[k]]) sum += values[k];
                out[r] = sum;
            }
        });
        return out;
    }

    private static double[] log1p(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.log1p(v[i]);
        return out;
    }

    private static double[] log1p(int[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = Math.log1p(v[i]);
        return out;
    }
}
