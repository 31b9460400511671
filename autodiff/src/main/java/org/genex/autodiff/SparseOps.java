package org.genex.autodiff;

import static org.genex.autodiff.Ops.*;

import org.genex.tensor.*;

/**
 * Products with a fixed sparsity pattern whose stored values are parameters: the sparse masked linear map of
 * TRON's species-conversion layer (specs/tron.md &sect;2, &sect;9). The parameters are exactly the edges of the
 * pattern, so the gradient never touches a non-edge.
 *
 * <p>The pattern is a {@link CsrMatrix} over output features ("rows" = source genes i, "columns" = input
 * features j = target genes); edge e = (i, j) has weight {@code w[e]} (the storage order of the pattern). With
 * x [N, in] and y [N, out]:
 * <pre>
 *   y[n, i]    = b[i] + sum_{e=(i,j)} w[e] x[n, j]                 SpMM:  y^T  = S  x^T
 *   dL/dw[e]   = sum_n x[n, j] g[n, i]                             SDDMM: dw[e] = dot(g^T[i,:], x^T[j,:])
 *   dL/db[i]   = sum_n g[n, i]
 *   dL/dx[n,j] = sum_{e=(i,j)} w[e] g[n, i]                        SpMM:  dx^T = S^T g^T
 * </pre>
 * The three products run in the gene-major layout [genes, N] so that the batch is the contiguous, vectorised
 * axis of {@link Backend#spmm} and {@link Backend#sddmm} (few edges per row, a long batch per edge); x, g and the
 * products are transposed once each (O(N genes) copies, small beside a dense GEMM of N in out).
 */
public final class SparseOps {
    private SparseOps() {}

    /**
     * {@code y = x S^T + b}: the sparse linear map with pattern {@code pattern} (out x in) and values
     * {@code weight} (nnz, any shape, storage order), plus {@code bias} [out] (or null).
     *
     * @param x       [N, in]
     * @param weight  the nnz edge weights
     * @param bias    [out], or null for none
     * @param pattern the edges, rows = outputs, columns = inputs (its own values are ignored)
     * @return [N, out]
     */
    public static Var sparseLinear(Var x, Var weight, Var bias, CsrMatrix pattern) {
        if (pattern == null) throw new IllegalArgumentException("sparseLinear: the pattern is null");
        int out = pattern.rows(), in = pattern.cols(), nnz = pattern.nnz();
        if (x.rank() != 2 || x.dim(1) != in)
            throw new IllegalArgumentException("sparseLinear: the pattern is " + out + " x " + in + " (out x in), so x"
                    + " must be [N, " + in + "]; got " + x.shape());
        if (weight.size() != nnz)
            throw new IllegalArgumentException("sparseLinear: the pattern has " + nnz + " edges, the weight "
                    + weight.shape() + " has " + weight.size() + " values");
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != out))
            throw new IllegalArgumentException("sparseLinear: the bias must be [" + out + "], got " + bias.shape());
        if (bias == null) sameDevice("sparseLinear", x, weight);
        else sameDevice("sparseLinear", x, weight, bias);
        Backend be = be(x);
        int n = x.dim(0);
        CsrMatrix s = withValues(pattern, weight.value());
        Tensor xt = transpose(x.value());                               // [in, N]
        Tensor yt = zeros(x, Shape.of(out, n));                         // [out, N]
        be.spmm(s, false, xt, 0f, yt);
        Tensor y = transpose(yt);                                       // [N, out]
        if (bias != null) be.binary(BinaryOp.ADD, y, bias.value(), y);
        return Var.result("sparseLinear", y, gy -> {
            Tensor gt = transpose(gy);                                  // [out, N]
            if (weight.requiresGrad()) {
                Tensor gw = zeros(gy, weight.shape());
                be.sddmm(s, gt, xt, gw);                                // dw[e] = dot(g^T[i,:], x^T[j,:])
                weight.accumulateOwned(gw);
            }
            if (bias != null && bias.requiresGrad()) bias.accumulateOwned(sumTo(gy, bias.shape()));
            if (x.requiresGrad()) {
                Tensor gxt = zeros(gy, Shape.of(in, n));
                be.spmm(s, true, gt, 0f, gxt);                          // dx^T = S^T g^T
                x.accumulateOwned(transpose(gxt));
            }
        }, x, weight, bias);
    }

    /** Tile edge of {@link #transpose}: a 32 x 32 float tile of the source and of the result stay in L1. */
    private static final int TILE = 32;

    /**
     * The transpose of a 2-D tensor, a new tensor. On the CPU a cache-blocked copy in 32 x 32 tiles, parallel over
     * blocks of source rows (each task writes its own output columns, so the result does not depend on the thread
     * count); elsewhere {@link Tensor#transpose}.
     */
    static Tensor transpose(Tensor a) {
        if (!a.device().equals(Device.CPU)) return a.transpose(0, 1);
        int r = a.dim(0), c = a.dim(1);
        Tensor out = a.backend().allocate(Shape.of(c, r));
        float[] src = a.array(), dst = out.array();
        int so = a.offset(), dO = out.offset();
        int blocks = (r + TILE - 1) / TILE;
        int grain = (int) Math.max(1, Math.min(blocks, 32_768L / Math.max(1, (long) TILE * c)));
        Parallel.forRange(blocks, grain, (b0, b1) -> {
            for (int i0 = b0 * TILE; i0 < Math.min(r, b1 * TILE); i0 += TILE) {
                int i1 = Math.min(r, i0 + TILE);
                for (int j0 = 0; j0 < c; j0 += TILE) {
                    int j1 = Math.min(c, j0 + TILE);
                    for (int i = i0; i < i1; i++) {
                        int s = so + i * c;
                        for (int j = j0; j < j1; j++) dst[dO + j * r + i] = src[s + j];
                    }
                }
            }
        });
        return out;
    }

    /** The pattern with {@code values} as its stored values (the array is shared when it is exactly nnz long). */
    private static CsrMatrix withValues(CsrMatrix pattern, Tensor values) {
        float[] v = values.offset() == 0 && values.array().length == values.size() ? values.array() : values.toArray();
        return new CsrMatrix(pattern.rows(), pattern.cols(), pattern.indptr(), pattern.indices(), v);
    }
}
