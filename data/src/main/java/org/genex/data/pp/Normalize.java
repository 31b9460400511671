package org.genex.data.pp;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.genex.data.AnnData;
import org.genex.data.Matrix;
import org.genex.tensor.CscMatrix;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;

/**
 * Library-size normalisation and the log transform: scanpy's {@code pp.normalize_total} and {@code pp.log1p}.
 * Both keep the layout (dense, CSR or CSC; sparse stays sparse), compute in double and round each result once to
 * float32. They never write into the input's arrays: a new matrix replaces X (or the layer), so a layer that shares
 * the old X (see {@link Layers#copyX}) keeps the counts.
 */
public final class Normalize {
    private static final System.Logger LOG = System.getLogger(Normalize.class.getName());

    private Normalize() {}

    /**
     * Options of {@code normalize_total}, scanpy's defaults in {@link #DEFAULT}: {@code target_sum=None} (the
     * median of the non-zero cell totals), {@code exclude_highly_expressed=False}, {@code max_fraction=0.05},
     * {@code key_added=None}, {@code layer=None}.
     */
    public record Options(Double targetSum, boolean excludeHighlyExpressed, double maxFraction, String keyAdded,
                          String layer) {
        /** scanpy's defaults. */
        public static final Options DEFAULT = new Options(null, false, 0.05, null, null);

        public Options { check(targetSum, maxFraction); }

        /** A copy with {@code target_sum} (null: the median of the non-zero totals). */
        public Options withTargetSum(Double t) {
            return new Options(t, excludeHighlyExpressed, maxFraction, keyAdded, layer);
        }

        /** A copy with {@code exclude_highly_expressed} and {@code max_fraction}. */
        public Options withExcludeHighlyExpressed(boolean on, double fraction) {
            return new Options(targetSum, on, fraction, keyAdded, layer);
        }

        /** A copy with {@code key_added}, the obs column for the factors (null: none). */
        public Options withKeyAdded(String key) {
            return new Options(targetSum, excludeHighlyExpressed, maxFraction, key, layer);
        }

        /** A copy normalising {@code layers[layer]} instead of X (null: X). */
        public Options withLayer(String name) {
            return new Options(targetSum, excludeHighlyExpressed, maxFraction, keyAdded, name);
        }
    }

    /**
     * The normalised matrix; {@code normFactor[i]} = cell i's total / target_sum, by which its row was divided (a
     * zero factor divides by 1, so an empty cell stays zero); {@code geneSubset} marks the genes that counted
     * towards the totals (all true unless highly expressed genes were excluded); {@code targetSum} as used.
     */
    public record Result(Matrix x, double[] normFactor, boolean[] geneSubset, double targetSum) {}

    /** {@code sc.pp.normalize_total(adata)}: each cell scaled to the median of the non-zero cell totals. */
    public static Result normalizeTotal(AnnData adata) { return normalizeTotal(adata, Options.DEFAULT); }

    /** {@code sc.pp.normalize_total(adata, target_sum=t)} (1e4 in the tutorial; 1e6 gives CPM). */
    public static Result normalizeTotal(AnnData adata, double targetSum) {
        return normalizeTotal(adata, Options.DEFAULT.withTargetSum(targetSum));
    }

    /**
     * {@code sc.pp.normalize_total} with these options: replaces X (or {@code layers[layer]}) by the normalised
     * matrix and, with {@code key_added}, writes the factors to {@code obs[key_added]} (scanpy's
     * {@code norm_factor}: total / target_sum).
     */
    public static Result normalizeTotal(AnnData adata, Options o) {
        Result r = normalizeTotal(Layers.get(adata, o.layer()), o.targetSum(), o.excludeHighlyExpressed(),
                o.maxFraction());
        Layers.set(adata, o.layer(), r.x());
        if (o.keyAdded() != null) adata.obs().put(o.keyAdded(), r.normFactor());
        return r;
    }

    /**
     * {@code normalize_total} on a matrix (cells x genes). Cell totals are summed in double; with
     * {@code excludeHighlyExpressed}, a gene holding more than {@code maxFraction} of some cell's total is left out
     * of every cell's total. With {@code targetSum} null the target is the median of the non-zero totals (NaN when
     * every total is zero, as numpy's median of nothing). Each row is divided by total / target_sum, in double,
     * then rounded to float32; rows whose factor is 0 are divided by 1.
     *
     * <p>Differences from scanpy: a CSC matrix stays CSC (scanpy converts it to CSR); scanpy divides in float32.
     */
    public static Result normalizeTotal(Matrix x, Double targetSum, boolean excludeHighlyExpressed,
                                        double maxFraction) {
        check(targetSum, maxFraction);
        double[] counts = MatrixStats.rows(x).sum();
        boolean[] subset = new boolean[x.cols()];
        Arrays.fill(subset, true);
        if (excludeHighlyExpressed) {
            CsrMatrix csr = x.csr();
            markHighlyExpressed(csr, counts, maxFraction, subset);
            counts = maskedRowSums(csr, subset);
        }
        double target = targetSum != null ? targetSum : medianOfPositive(counts);
        double[] factor = new double[counts.length];
        double[] divisor = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            factor[i] = counts[i] / target;
            divisor[i] = factor[i] == 0 ? 1 : factor[i];
        }
        return new Result(divideRows(x, divisor), factor, subset, target);
    }

    /**
     * {@code sc.pp.log1p(adata)}: X = ln(1 + X), and {@code uns["log1p"] = {"base": None}}.
     */
    public static void log1p(AnnData adata) { log1p(adata, null, null); }

    /**
     * {@code sc.pp.log1p(adata, base=base, layer=layer)}: {@code log(1 + x) / log(base)} (natural log when base is
     * null) on X or the layer; writes {@code uns["log1p"]}, holding {@code "base"} when a base is given (scanpy
     * writes {@code {"base": None}}; genex's uns holds no nulls, so the key is left out: reading it gives null in
     * both).
     */
    public static void log1p(AnnData adata, Double base, String layer) {
        if (adata.uns().containsKey("log1p"))
            LOG.log(System.Logger.Level.WARNING, "log1p: adata.X seems to be already log-transformed "
                    + "(uns[\"log1p\"] is set)");
        Layers.set(adata, layer, log1p(Layers.get(adata, layer), base));
        Map<String, Object> info = new LinkedHashMap<>();
        if (base != null) info.put("base", base);
        adata.uns().put("log1p", info);
    }

    /**
     * {@code sc.pp.log1p} on a matrix: {@code log1p(x) / log(base)} per stored entry (natural log when base is
     * null), in double, rounded to float32; sparse stays sparse.
     */
    public static Matrix log1p(Matrix x, Double base) {
        if (base != null && !(base > 0 && base != 1))
            throw new IllegalArgumentException("log1p: base must be > 0 and != 1, got " + base);
        double inv = base == null ? 1 : 1 / Math.log(base);
        boolean natural = base == null;
        return mapValues(x, v -> natural ? Math.log1p(v) : Math.log1p(v) * inv);
    }

    /** The base of a previous {@code log1p} from {@code uns["log1p"]["base"]}, or null (natural or none). */
    static Double log1pBase(AnnData adata) {
        if (adata.uns().get("log1p") instanceof Map<?, ?> m && m.get("base") instanceof Number n)
            return n.doubleValue();
        return null;
    }

    private static void check(Double targetSum, double maxFraction) {
        if (!(maxFraction >= 0 && maxFraction <= 1))
            throw new IllegalArgumentException("normalize_total: choose max_fraction between 0 and 1, got "
                    + maxFraction);
        if (targetSum != null && !(targetSum > 0))
            throw new IllegalArgumentException("normalize_total: target_sum must be > 0, got " + targetSum);
    }

    // ----------------------------------------------------------------------------------------------- kernels

    private interface FloatOp {
        double apply(float v);
    }

    /** A new matrix of the same layout with {@code op} applied to every stored value (op(0) must be 0). */
    private static Matrix mapValues(Matrix x, FloatOp op) {
        if (x instanceof Matrix.Dense d) {
            Chunks.Dense v = Chunks.Dense.of(d.tensor());
            float[] out = new float[v.rows() * v.cols()];
            Chunks.forItems(out.length, 1, (s, e) -> {
                for (int i = s; i < e; i++) out[i] = (float) op.apply(v.a()[v.off() + i]);
            });
            return Matrix.of(Tensor.wrap(out, v.rows(), v.cols()));
        }
        float[] in = x instanceof Matrix.Csr s ? s.matrix().values() : ((Matrix.Csc) x).matrix().values();
        float[] out = new float[in.length];
        Chunks.forItems(out.length, 1, (s, e) -> {
            for (int i = s; i < e; i++) out[i] = (float) op.apply(in[i]);
        });
        return withValues(x, out);
    }

    /** The same sparsity structure (shared index arrays) with new values. */
    static Matrix withValues(Matrix x, float[] values) {
        return switch (x) {
            case Matrix.Csr s -> Matrix.of(new CsrMatrix(s.rows(), s.cols(), s.matrix().indptr(),
                    s.matrix().indices(), values));
            case Matrix.Csc s -> Matrix.of(new CscMatrix(s.rows(), s.cols(), s.matrix().indptr(),
                    s.matrix().indices(), values));
            case Matrix.Dense d -> Matrix.of(Tensor.wrap(values, d.rows(), d.cols()));
        };
    }

    /** Row i divided by {@code divisor[i]}, in double, rounded to float32. */
    private static Matrix divideRows(Matrix x, double[] divisor) {
        return switch (x) {
            case Matrix.Dense d -> {
                Chunks.Dense v = Chunks.Dense.of(d.tensor());
                int cols = v.cols();
                float[] out = new float[v.rows() * cols];
                Chunks.forItems(v.rows(), cols, (s, e) -> {
                    for (int r = s; r < e; r++)
                        for (int j = 0, o = r * cols; j < cols; j++)
                            out[o + j] = (float) (v.a()[v.off() + o + j] / divisor[r]);
                });
                yield Matrix.of(Tensor.wrap(out, v.rows(), cols));
            }
            case Matrix.Csr s -> {
                int[] indptr = s.matrix().indptr();
                float[] in = s.matrix().values(), out = new float[in.length];
                Chunks.forItems(s.rows(), Math.max(1, in.length / Math.max(1, s.rows())), (a, e) -> {
                    for (int r = a; r < e; r++)
                        for (int k = indptr[r]; k < indptr[r + 1]; k++) out[k] = (float) (in[k] / divisor[r]);
                });
                yield withValues(x, out);
            }
            case Matrix.Csc s -> {
                int[] rowOf = s.matrix().indices();
                float[] in = s.matrix().values(), out = new float[in.length];
                Chunks.forItems(in.length, 1, (a, e) -> {
                    for (int k = a; k < e; k++) out[k] = (float) (in[k] / divisor[rowOf[k]]);
                });
                yield withValues(x, out);
            }
        };
    }

    /** Clears {@code subset[j]} for genes with a value above {@code maxFraction * counts[row]} in some row. */
    private static void markHighlyExpressed(CsrMatrix m, double[] counts, double maxFraction, boolean[] subset) {
        int[] indptr = m.indptr(), indices = m.indices();
        float[] values = m.values();
        for (int r = 0; r < m.rows(); r++) {
            double limit = counts[r] * maxFraction;
            for (int k = indptr[r]; k < indptr[r + 1]; k++) if (values[k] > limit) subset[indices[k]] = false;
        }
    }

    private static double[] maskedRowSums(CsrMatrix m, boolean[] subset) {
        int[] indptr = m.indptr(), indices = m.indices();
        float[] values = m.values();
        double[] out = new double[m.rows()];
        for (int r = 0; r < m.rows(); r++) {
            double s = 0;
            for (int k = indptr[r]; k < indptr[r + 1]; k++) if (subset[indices[k]]) s += values[k];
            out[r] = s;
        }
        return out;
    }

    /** numpy's {@code median(counts[counts > 0])}: the mean of the two middle values for an even count. */
    static double medianOfPositive(double[] counts) {
        double[] pos = Arrays.stream(counts).filter(c -> c > 0).sorted().toArray();
        if (pos.length == 0) return Double.NaN;
        int h = pos.length / 2;
        return pos.length % 2 == 1 ? pos[h] : (pos[h - 1] + pos[h]) / 2;
    }
}
