package org.genex.autodiff;

import static org.genex.tensor.TestTensors.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import java.util.function.Function;
import org.genex.tensor.*;
import org.junit.jupiter.api.Test;

/**
 * {@link Functional#linear} against a double-precision reference and against its composite twin
 * {@code x.matmul(w, false, true).add(b)} (the same products in the same order: the same bits), by GradCheck, with bad
 * shapes; and the recycling of a leaf's gradient storage by {@link Var#zeroGrad(boolean)}.
 */
class LinearOpTest {

    /** y = x W^T + b in double, x flattened to [rows, in]. */
    private static float[] reference(Tensor x, Tensor w, Tensor b) {
        int out = w.dim(0), in = w.dim(1), rows = x.size() / in;
        float[] xa = x.toArray(), wa = w.toArray(), y = new float[rows * out];
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b.toArray()[o];
                for (int p = 0; p < in; p++) s += (double) xa[r * in + p] * wa[o * in + p];
                y[r * out + o] = (float) s;
            }
        return y;
    }

    /** The value and the gradients of x, w (and b) for one backward of a fixed random seed. */
    private static Tensor[] run(Function<Var[], Var> f, Tensor... inputs) {
        Var[] ps = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) ps[i] = Var.param(inputs[i].copy());
        Var y = f.apply(ps);
        y.backward(random(new Random(99), y.shape().dims()));
        Tensor[] out = new Tensor[inputs.length + 1];
        out[0] = y.value();
        for (int i = 0; i < inputs.length; i++) out[i + 1] = ps[i].grad();
        return out;
    }

    private static void check(int[] xDims, int out, boolean bias, boolean bitwise) {
        Random r = new Random(xDims.length * 31L + out);
        int in = xDims[xDims.length - 1];
        Tensor x = random(r, xDims), w = random(r, out, in), b = bias ? random(r, out) : null;
        String what = "linear x " + Shape.of(xDims) + " w [" + out + ", " + in + "]" + (bias ? " + b" : "");
        Tensor[] inputs = bias ? new Tensor[]{x, w, b} : new Tensor[]{x, w};
        Tensor[] fused = run(v -> Functional.linear(v[0], v[1], bias ? v[2] : null), inputs);
        if (xDims.length == 1) {                          // matmul needs rank 2: compare with x as one row
            Tensor[] row = run(v -> Functional.linear(v[0], v[1], bias ? v[2] : null),
                    bias ? new Tensor[]{x.reshape(1, in), w, b} : new Tensor[]{x.reshape(1, in), w});
            assertEquals(Shape.of(out), fused[0].shape(), what + ": shape");
            for (int i = 0; i < fused.length; i++)
                assertBitwise(row[i].toArray(), fused[i].toArray(), what + ": output " + i + " vs one row");
            return;
        }
        Tensor[] composite = run(v -> bias ? v[0].matmul(v[1], false, true).add(v[2]) : v[0].matmul(v[1], false, true),
                inputs);
        assertEquals(Shape.of(xDims).with(-1, out), fused[0].shape(), what + ": shape");
        assertClose(reference(x, w, b), fused[0].toArray(), 1e-5, 1e-5 * Math.sqrt(in), what + ": value vs double");
        for (int i = 0; i < fused.length; i++) {
            if (bitwise) assertBitwise(composite[i].toArray(), fused[i].toArray(), what + ": output " + i);
            else assertClose(composite[i].toArray(), fused[i].toArray(), 1e-5, 1e-5, what + ": output " + i);
        }
    }

    @Test
    void matrixInputsGiveTheCompositesBits() {
        check(new int[]{5, 7}, 3, true, true);
        check(new int[]{37, 70}, 33, true, true);        // a partial GEMM panel each way
        check(new int[]{128, 300}, 40, true, true);      // two k blocks
        check(new int[]{6, 9}, 4, false, true);
        check(new int[]{1, 20}, 17, true, true);         // one row: a matrix-vector product
    }

    @Test
    void batchedAndVectorInputs() {
        check(new int[]{2, 4, 7}, 5, true, false);       // a sequence: rows of every batch together
        check(new int[]{3, 1, 2, 16}, 8, false, false);
        check(new int[]{7}, 3, true, false);              // a single vector: y [out]
        check(new int[]{0, 7}, 3, true, false);           // no rows
    }

    @Test
    void gradCheck() {
        Random r = new Random(3);
        GradCheck.check(v -> Functional.linear(v[0], v[1], v[2]).tanh(), random(r, 3, 2, 5), random(r, 4, 5),
                random(r, 4));
        GradCheck.check(v -> Functional.linear(v[0], v[1], null).square(), random(r, 6, 3), random(r, 2, 3));
    }

    @Test
    void badShapesAreReported() {
        Var x = Var.param(Tensor.zeros(4, 5));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Functional.linear(x, Var.param(Tensor.zeros(3, 6)), null));
        assertTrue(e.getMessage().contains("[4, 5]") && e.getMessage().contains("[3, 6]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Functional.linear(x, Var.param(Tensor.zeros(5)), null));
        var eb = assertThrows(IllegalArgumentException.class,
                () -> Functional.linear(x, Var.param(Tensor.zeros(3, 5)), Var.param(Tensor.zeros(4))));
        assertTrue(eb.getMessage().contains("bias"), eb.getMessage());
    }

    @Test
    void recycledGradientStorageGivesTheSameGradients() {
        Random r = new Random(8);
        Tensor xv = random(r, 9, 20), wv = random(r, 6, 20), bv = random(r, 6);
        Var w = Var.param(wv.copy()), b = Var.param(bv.copy());
        Function<Var, Var> loss = x -> Functional.linear(x, w, b).square().sum();
        loss.apply(Var.of(xv)).backward();
        float[] first = w.grad().toArray();
        Tensor storage = w.grad();
        for (int round = 0; round < 2; round++) {
            w.zeroGrad(true);
            b.zeroGrad(true);
            assertNull(w.grad());
            loss.apply(Var.of(xv)).backward();
            assertSame(storage, w.grad(), "the recycled tensor holds the new gradient");
            assertBitwise(first, w.grad().toArray(), "recycled gradient, round " + round);
        }
        // without recycling, and when a gradient is already there (accumulation), new storage
        w.zeroGrad();
        loss.apply(Var.of(xv)).backward();
        assertNotSame(storage, w.grad());
        assertBitwise(first, w.grad().toArray(), "fresh gradient");
        Tensor kept = w.grad();
        loss.apply(Var.of(xv)).backward();
        assertSame(kept, w.grad());
        float[] twice = w.grad().toArray();
        for (int i = 0; i < twice.length; i++) assertEquals(2 * first[i], twice[i], 1e-5 * Math.abs(first[i]) + 1e-6);
    }

    @Test
    void recycledStorageIsUsedByMatmulToo() {
        Random r = new Random(9);
        Tensor av = random(r, 5, 8), bv = random(r, 8, 3);
        Var b = Var.param(bv.copy());
        Var.of(av).matmul(b).sum().backward();
        Tensor storage = b.grad();
        float[] first = storage.toArray();
        b.zeroGrad(true);
        Var.of(av).matmul(b).sum().backward();
        assertSame(storage, b.grad());
        assertBitwise(first, b.grad().toArray(), "matmul's weight gradient in recycled storage");
        // a batched product with a shared 2-D weight (a Linear layer on a sequence)
        Tensor seq = random(r, 2, 5, 8);
        b.zeroGrad(true);
        Var.of(seq).matmul(b).sum().backward();
        assertSame(storage, b.grad());
    }
}
