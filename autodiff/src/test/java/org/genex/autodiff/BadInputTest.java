package org.genex.autodiff;

import static org.junit.jupiter.api.Assertions.*;

import java.util.function.Function;
import org.genex.tensor.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input is refused up front with a message that names the op and the shapes (or devices) involved, and misuse
 * of backward says what to do instead.
 */
class BadInputTest {

    /** Asserts that {@code run} throws {@code type} with a message containing every one of {@code parts}. */
    static <T extends Throwable> T fails(Class<T> type, Executable run, String... parts) {
        T e = assertThrows(type, run);
        for (String p : parts)
            assertTrue(e.getMessage() != null && e.getMessage().contains(p),
                    "message should mention '" + p + "': " + e.getMessage());
        return e;
    }

    static Var param(int... dims) { return Var.param(Tensor.zeros(dims)); }

    // ------------------------------------------------------------------------------------------------ shapes

    @Test
    void binaryOpsOfShapesThatDoNotBroadcastNameTheOpAndBothShapes() {
        Var a = param(2, 3), b = param(4);
        java.util.Map<String, Function<Var, Var>> ops = new java.util.LinkedHashMap<>();
        ops.put("add", x -> x.add(b));
        ops.put("sub", x -> x.sub(b));
        ops.put("mul", x -> x.mul(b));
        ops.put("div", x -> x.div(b));
        ops.put("pow", x -> x.pow(b));
        ops.put("maximum", x -> x.maximum(b));
        ops.put("minimum", x -> x.minimum(b));
        ops.forEach((name, f) -> fails(IllegalArgumentException.class, () -> f.apply(a), name + ":", "[2, 3]", "[4]"));
        fails(IllegalArgumentException.class, () -> param(2, 1, 3).add(param(4, 2)), "add", "[2, 1, 3]", "[4, 2]");
    }

    @Test
    void whereOfShapesThatDoNotBroadcastNamesThem() {
        fails(IllegalArgumentException.class, () -> Var.where(Tensor.zeros(3), param(2, 3), param(4)),
                "where", "[4]");
        fails(IllegalArgumentException.class, () -> Var.where(Tensor.zeros(5), param(2, 3), param(3)),
                "where", "[5]", "[2, 3]");
    }

    @Test
    void matmulOfMismatchedShapesNamesBoth() {
        fails(IllegalArgumentException.class, () -> param(2, 3).matmul(param(4, 5)), "matmul", "[2, 3]", "[4, 5]");
        fails(IllegalArgumentException.class, () -> param(3, 2).matmul(param(4, 5), true, false),
                "matmul", "[3, 2]^T", "[4, 5]");
        fails(IllegalArgumentException.class, () -> param(3).matmul(param(3, 4)), "matmul", "[3]", "[3, 4]");
        // batch axes that do not broadcast: both full shapes are named, not only their batch parts
        fails(IllegalArgumentException.class, () -> param(2, 3, 4).matmul(param(3, 4, 5)),
                "matmul", "[2, 3, 4]", "[3, 4, 5]");
    }

    @Test
    void movementOpsNameTheShapeTheyCannotUse() {
        Var x = param(2, 3);
        fails(IllegalArgumentException.class, () -> x.reshape(4), "reshape", "[2, 3]", "[4]");
        fails(IllegalArgumentException.class, () -> x.permute(0, 0), "[0, 0]", "permutation");
        fails(IllegalArgumentException.class, () -> x.permute(0, 1, 2), "[0, 1, 2]", "[2, 3]");
        fails(IndexOutOfBoundsException.class, () -> x.slice(1, 2, 4), "[2, 4)", "[2, 3]");
        fails(IllegalArgumentException.class, () -> x.split(0, 1, 2), "add up to 3, not 2");
        fails(IllegalArgumentException.class, () -> Var.concat(0, x, param(2, 4)), "concat", "[2, 3]", "[2, 4]");
        fails(IllegalArgumentException.class, () -> Var.concat(0), "concat");
        fails(IllegalArgumentException.class, () -> x.flip(2), "2", "[2, 3]");
        fails(IllegalArgumentException.class, () -> x.broadcastTo(Shape.of(3, 3)), "broadcastTo", "[2, 3]", "[3, 3]");
        fails(IllegalArgumentException.class, () -> x.squeeze(0), "squeeze", "[2, 3]");
        fails(IllegalArgumentException.class, () -> x.sum(false, 2), "axis 2", "[2, 3]");
        fails(IllegalArgumentException.class, () -> x.transpose(0, 2), "axis 2", "[2, 3]");
    }

    @Test
    void indexingOpsNameTheBadIndexAndTheShape() {
        Var table = param(4, 2);
        fails(IndexOutOfBoundsException.class, () -> table.indexSelect(0, 1, 4), "indexSelect", "4");
        fails(IndexOutOfBoundsException.class, () -> table.indexSelect(0, -1), "indexSelect", "-1");
        fails(IndexOutOfBoundsException.class, () -> table.gather(1, new int[]{0, 2}, Shape.of(2, 1)), "gather", "2");
        fails(IllegalArgumentException.class, () -> table.gather(1, new int[]{0}, Shape.of(2, 1)), "gather");
        fails(IndexOutOfBoundsException.class, () -> param(3).scatterAdd(0, new int[]{3}, param(1)), "scatterAdd", "3");
        fails(IllegalArgumentException.class, () -> param(3).scatterAdd(0, new int[]{0}, param(2)), "scatterAdd");
    }

    @Test
    void clampWithCrossedBoundsNamesThem() {
        fails(IllegalArgumentException.class, () -> param(2).clamp(1f, -1f), "clamp", "1.0", "-1.0");
        fails(IllegalArgumentException.class, () -> param(2).clamp(Float.NaN, 1f), "clamp", "NaN");
    }

    // ------------------------------------------------------------------------------------------------ backward

    @Test
    void backwardOfANonScalarWithoutASeedSaysToReduceOrSeed() {
        Var y = param(2, 3).mul(2f);
        fails(IllegalStateException.class, y::backward, "[2, 3]", "mulScalar", "sum()", "backward(seed)");
    }

    @Test
    void backwardTwiceThroughAFreedGraphSaysToRunTheForwardAgain() {
        Var x = param(3);
        Var loss = x.exp().sum();
        loss.backward();
        fails(IllegalStateException.class, loss::backward, "freed", "forward pass again", "backward(seed, true)");

        // two losses sharing a subgraph: the second backward meets the part the first one freed
        Var h = x.tanh();
        Var l1 = h.sum(), l2 = h.mul(h).sum();
        l1.backward();
        fails(IllegalStateException.class, l2::backward, "freed", "tanh");
        // with the graph kept, both go through and the contributions add
        x.zeroGrad();
        Var k = x.tanh();
        k.sum().backward(Tensor.scalar(1f), true);
        k.sum().backward();
        assertNotNull(x.grad());
    }

    @Test
    void aSeedOfTheWrongShapeOrDeviceIsRefused() {
        Var y = param(2).mul(2f);
        fails(IllegalArgumentException.class, () -> y.backward(Tensor.zeros(3)), "seed", "[3]", "[2]");
        fails(IllegalArgumentException.class, () -> y.backward(onCuda(2)), "seed", "cuda:0", "cpu");
    }

    @Test
    void backwardOfAConstantSaysWhy() {
        fails(IllegalStateException.class, () -> Var.of(Tensor.zeros(1)).exp().sum().backward(),
                "does not require a gradient");
        try (Grad.Scope off = Grad.off()) {
            Var y = param(1).exp().sum();
            fails(IllegalStateException.class, y::backward, "Grad.off()");
        }
    }

    // ------------------------------------------------------------------------------------------------ devices

    /** Memory on a device with no backend here: enough to reach the device checks, which run first. */
    record ElsewhereStorage(int capacity) implements Storage {
        @Override
        public Device device() { return Device.cuda(0); }
    }

    static Tensor onCuda(int... dims) {
        Shape s = Shape.of(dims);
        return new Tensor(s, new ElsewhereStorage(s.size()), 0);
    }

    @Test
    void opsMixingDevicesAreRefusedNamingBoth() {
        Var cpu = param(2, 2), gpu = Var.param(onCuda(2, 2));
        java.util.Map<String, Executable> mixes = new java.util.LinkedHashMap<>();
        mixes.put("add", () -> cpu.add(gpu));
        mixes.put("mul", () -> gpu.mul(cpu));
        mixes.put("maximum", () -> cpu.maximum(gpu));
        mixes.put("matmul", () -> cpu.matmul(gpu));
        mixes.put("concat", () -> Var.concat(0, cpu, gpu));
        mixes.put("where", () -> Var.where(Tensor.zeros(2, 2), cpu, gpu));
        mixes.put("scatterAdd", () -> cpu.scatterAdd(0, new int[]{0, 0, 1, 1}, gpu));
        mixes.forEach((op, run) ->
                fails(IllegalArgumentException.class, run, op + ":", "different devices", "cpu", "cuda:0", "to(device)"));
        // the mask of where is a tensor: it must live with the operands too
        fails(IllegalArgumentException.class, () -> Var.where(onCuda(2, 2), cpu, cpu), "where", "cuda:0", "cpu");
    }
}
