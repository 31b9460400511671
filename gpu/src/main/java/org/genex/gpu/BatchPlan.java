package org.genex.gpu;

import java.util.ArrayList;
import java.util.List;
import org.genex.tensor.Shape;

/**
 * How a broadcast batched GEMM becomes {@code cublasSgemmStridedBatched} calls. For every batch of c (row-major
 * over c's batch axes) the element offsets of its a and b matrices are computed; consecutive batches whose offsets
 * advance by constant strides form one run, and each run is one strided-batched call (stride 0 for a shared
 * operand). The common cases are one run: equal batch axes, or a rank-2 operand shared by every batch; a broadcast
 * on an inner batch axis, e.g. [2, 1, m, k] @ [1, 3, k, n], gives one run per outer batch.
 */
public final class BatchPlan {
    /** One strided-batched call: {@code count} batches from these element offsets, with these strides. */
    public record Run(int count, long offA, long strideA, long offB, long strideB, long offC) {}

    private BatchPlan() {}

    /**
     * The runs for a [.., m, k]-like, b, c with c's batch axes {@code batchC} (the broadcast of a's and b's);
     * {@code matA}, {@code matB}, {@code matC} are the matrix sizes in elements.
     */
    public static List<Run> of(Shape a, Shape b, int[] batchC, long matA, long matB, long matC) {
        int nb = 1;
        for (int d : batchC) nb *= d;
        long[] offA = offsets(a, batchC, nb, matA), offB = offsets(b, batchC, nb, matB);
        List<Run> runs = new ArrayList<>();
        int i = 0;
        while (i < nb) {
            int j = i + 1;
            long sa = 0, sb = 0;
            if (j < nb) {
                sa = offA[j] - offA[i];
                sb = offB[j] - offB[i];
                while (j + 1 < nb && offA[j + 1] - offA[j] == sa && offB[j + 1] - offB[j] == sb) j++;
                j++;
            }
            runs.add(new Run(j - i, offA[i], sa, offB[i], sb, i * matC));
            i = j;
        }
        return runs;
    }

    /** The offset of every batch's matrix of operand {@code s} (its leading axes broadcast to batchC). */
    private static long[] offsets(Shape s, int[] batchC, int nb, long mat) {
        int r = batchC.length, sr = s.rank() - 2, pad = r - sr;
        long[] stride = new long[r];
        long acc = mat;
        for (int i = r - 1; i >= 0; i--) {
            int d = i < pad ? 1 : s.dim(i - pad);
            stride[i] = d == 1 ? 0 : acc;
            acc *= d;
        }
        long[] off = new long[nb];
        int[] idx = new int[r];
        for (int p = 0; p < nb; p++) {
            long o = 0;
            for (int i = 0; i < r; i++) o += idx[i] * stride[i];
            off[p] = o;
            for (int i = r - 1; i >= 0; i--) {
                if (++idx[i] < batchC[i]) break;
                idx[i] = 0;
            }
        }
        return off;
    }
}
