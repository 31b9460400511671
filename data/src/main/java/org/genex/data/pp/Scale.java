package org.genex.data.pp;

import org.genex.data.AnnData;
import org.genex.data.Matrix;
import org.genex.tensor.CscMatrix;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;

/**
 * Scaling to unit variance and zero mean, as scanpy's {@code pp.scale}: per gene, {@code (x - mean) / std} with the
 * ddof=1 std (a std of 0 becomes 1, so constant genes become 0), then clipped to {@code [-max_value, max_value]}.
 * Without zero-centring, {@code x / std} clipped above only.
 *
 * <p>Like scanpy, zero-centring a sparse matrix gives a dense one (the zeros move); without zero-centring a sparse
 * matrix stays sparse (CSR stays CSR, CSC stays CSC). Values are computed in double and rounded once to float32
 * (scanpy subtracts and divides in float32). Not supported: scanpy's {@code mask_obs} and {@code obsm} arguments.
 */
public final class Scale {
    private Scale() {}

    /** The scaled matrix and the per-gene mean and std used (the std after replacing 0 by 1). */
    public record Result(Matrix x, double[] mean, double[] std) {}

    /** {@code sc.pp.scale(adata)}: zero-centred, unclipped, on X; writes {@code var["mean"]}, {@code var["std"]}. */
    public static Result scale(AnnData adata) { return scale(adata, true, null, null); }

    /** {@code sc.pp.scale(adata, max_value=maxValue)} (the tutorial clips at 10). */
    public static Result scale(AnnData adata, double maxValue) { return scale(adata, true, maxValue, null); }

    /**
     * {@code sc.pp.scale(adata, zero_center=, max_value=, layer=)}: replaces X (or the layer) and writes
     * {@code var["mean"]} and {@code var["std"]}; {@code maxValue} null means no clipping.
     */
    public static Result scale(AnnData adata, boolean zeroCenter, Double maxValue, String layer) {
        Result r = scale(Layers.get(adata, layer), zeroCenter, maxValue);
        Layers.set(adata, layer, r.x());
        adata.var().put("mean", r.mean());
        adata.var().put("std", r.std());
        return r;
    }

    /** scanpy's {@code scale_array} on a matrix (cells x genes). */
    public static Result scale(Matrix x, boolean zeroCenter, Double maxValue) {
        if (maxValue != null && Double.isNaN(maxValue))
            throw new IllegalArgumentException("scale: max_value is NaN");
        MatrixStats.Moments m = MatrixStats.columns(x);
        double[] mean = m.mean(), var = m.variance(1), std = new double[mean.length];
        for (int j = 0; j < std.length; j++) {
            std[j] = Math.sqrt(var[j]);
            if (std[j] == 0) std[j] = 1;
        }
        double hi = maxValue == null ? Double.POSITIVE_INFINITY : maxValue;
        double lo = maxValue == null || !zeroCenter ? Double.NEGATIVE_INFINITY : -maxValue;
        if (zeroCenter || x instanceof Matrix.Dense) {
            double[] shift = zeroCenter ? mean : new double[mean.length];
            return new Result(denseScaled(x, shift, std, lo, hi), mean, std);
        }
        return new Result(sparseScaled(x, std, hi), mean, std);
    }

    /** A new dense matrix (x - shift) / std clipped to [lo, hi], row by row. */
    private static Matrix denseScaled(Matrix x, double[] shift, double[] std, double lo, double hi) {
        int rows = x.rows(), cols = x.cols();
        float[] out = new float[Math.multiplyExact(rows, cols)];
        switch (x) {
            case Matrix.Dense d -> {
                Chunks.Dense v = Chunks.Dense.of(d.tensor());
                Chunks.forItems(rows, cols, (s, e) -> {
                    for (int r = s; r < e; r++)
                        for (int j = 0, o = r * cols; j < cols; j++)
                            out[o + j] = clip((v.a()[v.off() + o + j] - shift[j]) / std[j], lo, hi);
                });
            }
            case Matrix.Csr s -> {
                CsrMatrix c = s.matrix();
                Chunks.forItems(rows, cols, (a, e) -> {
                    for (int r = a; r < e; r++) {
                        int o = r * cols;
                        for (int j = 0; j < cols; j++) out[o + j] = clip(-shift[j] / std[j], lo, hi);
                        for (int k = c.indptr()[r]; k < c.indptr()[r + 1]; k++) {
                            int j = c.indices()[k];
                            out[o + j] = clip((c.values()[k] - shift[j]) / std[j], lo, hi);
                        }
                    }
                });
            }
            case Matrix.Csc s -> {
                return denseScaled(Matrix.of(s.matrix().toCsr()), shift, std, lo, hi);
            }
        }
        return Matrix.of(Tensor.wrap(out, rows, cols));
    }

    /** The stored values divided by their column's std and clipped above: the same sparsity structure. */
    private static Matrix sparseScaled(Matrix x, double[] std, double hi) {
        switch (x) {
            case Matrix.Csr s -> {
                CsrMatrix c = s.matrix();
                float[] out = new float[c.nnz()];
                Chunks.forItems(out.length, 1, (a, e) -> {
                    for (int k = a; k < e; k++)
                        out[k] = clip(c.values()[k] / std[c.indices()[k]], Double.NEGATIVE_INFINITY, hi);
                });
                return Normalize.withValues(x, out);
            }
            case Matrix.Csc s -> {
                CscMatrix c = s.matrix();
                float[] out = new float[c.nnz()];
                Chunks.forItems(c.cols(), Math.max(1, c.nnz() / Math.max(1, c.cols())), (a, e) -> {
                    for (int j = a; j < e; j++)
                        for (int k = c.indptr()[j]; k < c.indptr()[j + 1]; k++)
                            out[k] = clip(c.values()[k] / std[j], Double.NEGATIVE_INFINITY, hi);
                });
                return Normalize.withValues(x, out);
            }
            case Matrix.Dense d -> throw new IllegalStateException("dense input takes the dense path");
        }
    }

    /** Clips in double, then rounds to float32 (NaN stays NaN, as numpy's comparisons leave it). */
    private static float clip(double v, double lo, double hi) {
        return (float) (v > hi ? hi : v < lo ? lo : v);
    }
}
