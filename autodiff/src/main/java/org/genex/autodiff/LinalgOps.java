package org.genex.autodiff;

import static org.genex.autodiff.Ops.*;

import java.util.Arrays;
import org.genex.tensor.*;

/**
 * The matrix product with its backward rule. For {@code C = op(A) op(B)} (op transposes when its flag is set):
 * <pre>
 *   dA = dC op(B)^T        (stored transposed when A is: dA = op(B) dC^T)
 *   dB = op(A)^T dC        (stored transposed when B is: dB = dC^T op(A))
 * </pre>
 * both as GEMMs with transpose flags, so nothing is copied. Batched operands follow {@code torch.matmul}: batch axes
 * broadcast, and the gradient of a broadcast operand is summed over the batches it was shared by.
 */
final class LinalgOps {
    private LinalgOps() {}

    static Var matmul(Var a, Var b, boolean ta, boolean tb) {
        sameDevice("matmul", a, b);
        Tensor av = a.value(), bv = b.value();
        checkBatchAxes(av.shape(), bv.shape(), ta, tb);
        Tensor y = av.matmul(bv, ta, tb);
        return Var.result("matmul", y, gy -> {
            Backend be = gy.backend();
            if (av.rank() == 2 && bv.rank() == 2) {
                if (a.requiresGrad()) {
                    Tensor ga = a.gradBuffer(gy);                             // overwritten: beta 0
                    if (!ta) be.gemm(false, !tb, 1f, gy, bv, 0f, ga);         // dA = dC op(B)^T
                    else be.gemm(tb, true, 1f, bv, gy, 0f, ga);               // dA = op(B) dC^T
                    a.accumulateOwned(ga);
                }
                if (b.requiresGrad()) {
                    Tensor gb = b.gradBuffer(gy);                             // overwritten: beta 0
                    if (!tb) be.gemm(!ta, false, 1f, av, gy, 0f, gb);         // dB = op(A)^T dC
                    else be.gemm(true, ta, 1f, gy, av, 0f, gb);               // dB = dC^T op(A)
                    b.accumulateOwned(gb);
                }
                return;
            }
            if (a.requiresGrad()) addGrad(a, batchedGrad(be, gy, bv, ta, tb, true, a), true);
            if (b.requiresGrad()) addGrad(b, batchedGrad(be, gy, av, ta, tb, false, b), true);
        }, a, b);
    }

    /** Batch axes (all but the last two) must broadcast; the message names both whole shapes. */
    private static void checkBatchAxes(Shape a, Shape b, boolean ta, boolean tb) {
        if (a.rank() < 2 || b.rank() < 2) return;                 // Tensor.matmul names these shapes itself
        int ra = a.rank() - 2, rb = b.rank() - 2, r = Math.max(ra, rb);
        for (int i = 0; i < r; i++) {
            int da = i < r - ra ? 1 : a.dim(i - (r - ra)), db = i < r - rb ? 1 : b.dim(i - (r - rb));
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException("matmul: the batch axes of " + a + (ta ? "^T" : "") + " and " + b
                        + (tb ? "^T" : "") + " cannot be broadcast together (batch axis " + i + ": " + da + " vs "
                        + db + ")");
        }
    }

    /**
     * The gradient of one operand of a batched product, at the broadcast batch shape (summed down by the caller):
     * the same GEMMs as the 2-D case, batched. {@code other} is the other operand's value, {@code self} the operand.
     */
    private static Tensor batchedGrad(Backend be, Tensor gy, Tensor other, boolean ta, boolean tb, boolean forA,
                                      Var self) {
        Shape own = self.shape();
        int r = gy.rank();
        if (!forA && !ta && own.rank() == 2 && other.rank() == r) {
            // B shared by every batch (a Linear layer on a sequence): one GEMM over the flattened batch rows
            int rows = 1;                                     // batch x m, counted (no -1: a 0 would be ambiguous)
            for (int i = 0; i < r - 1; i++) rows *= gy.dim(i);
            Tensor af = other.reshape(rows, other.dim(-1)), gf = gy.reshape(rows, gy.dim(-1));
            Tensor g = self.gradBuffer(gy);                                   // overwritten: beta 0
            if (!tb) be.gemm(true, false, 1f, af, gf, 0f, g);                 // dB = A^T dC
            else be.gemm(true, false, 1f, gf, af, 0f, g);                     // dB = dC^T A
            return g;
        }
        int[] d = Arrays.copyOf(gy.shape().dims(), r);          // batch axes of the result, then the own matrix
        d[r - 2] = own.dim(-2);
        d[r - 1] = own.dim(-1);
        Tensor g = zeros(gy, Shape.of(d));
        if (forA) {
            if (!ta) be.batchedGemm(false, !tb, 1f, gy, other, 0f, g);
            else be.batchedGemm(tb, true, 1f, other, gy, 0f, g);
        } else {
            if (!tb) be.batchedGemm(!ta, false, 1f, other, gy, 0f, g);
            else be.batchedGemm(true, ta, 1f, gy, other, 0f, g);
        }
        return g;
    }
}
