package org.genex.autodiff;

import static org.genex.autodiff.Ops.*;

import java.util.Locale;
import org.genex.tensor.*;

/**
 * Elementwise primitives with their backward rules: binary ops with NumPy broadcasting (the gradient of a broadcast
 * operand is summed back to its shape), ops with a scalar, the unary primitives of {@link UnaryOp}, clamp and where.
 */
final class ElementwiseOps {
    private ElementwiseOps() {}

    /** {@code a op b}, broadcasting. */
    static Var binary(BinaryOp op, Var a, Var b) {
        String name = switch (op) {                              // the method's name, for nodes and errors
            case MAX -> "maximum";
            case MIN -> "minimum";
            default -> op.name().toLowerCase(Locale.ROOT);
        };
        sameDevice(name, a, b);
        Shape.broadcast(a.shape(), b.shape(), name);              // a mismatch names the op and both shapes
        Tensor av = a.value(), bv = b.value();
        Tensor y = Ops.binary(op, av, bv);
        return Var.result(name, y, gy -> {
            switch (op) {
                case ADD -> {                                     // d(a+b) = da + db
                    addGrad(a, gy, false);
                    addGrad(b, gy, false);
                }
                case SUB -> {                                     // d(a-b) = da - db
                    addGrad(a, gy, false);
                    if (b.requiresGrad()) addGrad(b, Ops.scalar(BinaryOp.MUL, gy, -1f), true);
                }
                case MUL -> {                                     // d(ab) = b da + a db
                    if (a.requiresGrad()) addGrad(a, Ops.binary(BinaryOp.MUL, gy, bv), true);
                    if (b.requiresGrad()) addGrad(b, Ops.binary(BinaryOp.MUL, gy, av), true);
                }
                case DIV -> {                                     // d(a/b) = da / b - (a/b) db / b
                    Tensor ga = Ops.binary(BinaryOp.DIV, gy, bv);
                    if (b.requiresGrad()) {
                        Tensor gb = Ops.binary(BinaryOp.MUL, ga, y);
                        gb.backend().binaryScalar(BinaryOp.MUL, gb, -1f, gb);
                        addGrad(b, gb, true);
                    }
                    addGrad(a, ga, true);
                }
                case POW -> {                                     // d(a^b) = b a^(b-1) da + a^b log(a) db
                    Tensor zero = Tensor.scalar(0f).to(av.device());
                    if (a.requiresGrad()) {                       // 0 where b == 0, even at a == 0 (PyTorch)
                        Tensor ga = Ops.binary(BinaryOp.POW, av, Ops.scalar(BinaryOp.SUB, bv, 1f));
                        ga = Ops.binary(BinaryOp.MUL, Ops.binary(BinaryOp.MUL, ga, bv), gy);
                        ga.backend().where(Ops.compare(CompareOp.EQ, bv, zero), zero, ga, ga);
                        addGrad(a, ga, true);
                    }
                    if (b.requiresGrad()) {                       // 0 where a == 0 and b >= 0, not 0 log 0 (PyTorch)
                        Tensor la = zeros(av, av.shape());
                        av.backend().unary(UnaryOp.LOG, av, la);
                        Tensor gb = Ops.binary(BinaryOp.MUL, Ops.binary(BinaryOp.MUL, la, y), gy);
                        Tensor masked = Ops.binary(BinaryOp.MUL, Ops.compare(CompareOp.EQ, av, zero),
                                Ops.compare(CompareOp.GE, bv, zero));
                        gb.backend().where(masked, zero, gb, gb);
                        addGrad(b, gb, true);
                    }
                }
                case MAX, MIN -> {                                // to the larger (smaller); ties share equally
                    CompareOp wins = op == BinaryOp.MAX ? CompareOp.GT : CompareOp.LT;
                    Tensor half = Ops.compare(CompareOp.EQ, av, bv);
                    half.backend().binaryScalar(BinaryOp.MUL, half, 0.5f, half);
                    if (a.requiresGrad()) {                       // a's share: 1, 1/2 or 0 (0 at a NaN, as PyTorch)
                        Tensor sa = Ops.binary(BinaryOp.ADD, Ops.compare(wins, av, bv), half);
                        sa.backend().binary(BinaryOp.MUL, sa, gy, sa);
                        addGrad(a, sa, true);
                    }
                    if (b.requiresGrad()) {                       // b's share, the mirror image
                        Tensor sb = Ops.binary(BinaryOp.ADD, Ops.compare(wins, bv, av), half);
                        sb.backend().binary(BinaryOp.MUL, sb, gy, sb);
                        addGrad(b, sb, true);
                    }
                }
            }
        }, a, b);
    }

    /** {@code a op s} for a constant scalar s. */
    static Var scalar(BinaryOp op, Var a, float s) {
        Tensor av = a.value();
        Tensor y = Ops.scalar(op, av, s);
        return Var.result(op.name().toLowerCase(Locale.ROOT) + "Scalar", y, gy -> {
            switch (op) {
                case ADD, SUB -> a.accumulate(gy);
                case MUL -> a.accumulateOwned(Ops.scalar(BinaryOp.MUL, gy, s));
                case DIV -> a.accumulateOwned(Ops.scalar(BinaryOp.DIV, gy, s));
                case POW -> {                                     // d(a^s) = s a^(s-1) da; 0 for s == 0
                    if (s == 0f) {                                // (not 0 * 0^-1 = NaN at a == 0, as PyTorch)
                        a.accumulateOwned(zeros(gy, gy.shape()));
                        return;
                    }
                    Tensor g = Ops.scalar(BinaryOp.POW, av, s - 1f);
                    g.backend().binaryScalar(BinaryOp.MUL, g, s, g);
                    g.backend().binary(BinaryOp.MUL, g, gy, g);
                    a.accumulateOwned(g);
                }
                case MAX, MIN -> {                                // passes where a wins; half at a tie
                    Tensor sv = Tensor.scalar(s).to(av.device());
                    Tensor share = Ops.compare(op == BinaryOp.MAX ? CompareOp.GT : CompareOp.LT, av, sv);
                    Tensor tie = Ops.compare(CompareOp.EQ, av, sv);
                    tie.backend().binaryScalar(BinaryOp.MUL, tie, 0.5f, tie);
                    share.backend().binary(BinaryOp.ADD, share, tie, share);
                    share.backend().binary(BinaryOp.MUL, share, gy, share);
                    a.accumulateOwned(share);
                }
            }
        }, a);
    }

    /** A unary primitive; backward {@code gx = gy * op'(x)} in one kernel. */
    static Var map(UnaryOp op, Var x) {
        Tensor xv = x.value();
        Tensor y = zeros(xv, xv.shape());
        xv.backend().unary(op, xv, y);
        return Var.result(op.name().toLowerCase(Locale.ROOT), y, gy -> {
            Tensor gx = zeros(xv, xv.shape());
            xv.backend().unaryBackward(op, xv, y, gy, gx);
            x.accumulateOwned(gx);
        }, x);
    }

    /** {@code min(max(x, lo), hi)}; the gradient passes where {@code lo <= x <= hi}, as in PyTorch. */
    static Var clamp(Var x, float lo, float hi) {
        if (!(lo <= hi)) throw new IllegalArgumentException("clamp: lo " + lo + " > hi " + hi);
        Tensor xv = x.value();
        Tensor y = zeros(xv, xv.shape());
        xv.backend().clamp(xv, lo, hi, y);
        return Var.result("clamp", y, gy -> {
            Tensor pass = Ops.compare(CompareOp.EQ, xv, y);            // x == clamp(x): inside [lo, hi]
            pass.backend().binary(BinaryOp.MUL, pass, gy, pass);
            x.accumulateOwned(pass);
        }, x);
    }

    /** {@code cond != 0 ? a : b}, broadcasting all three; cond is a constant. */
    static Var where(Tensor cond, Var a, Var b) {
        sameDevice("where", a, b);
        if (!cond.device().equals(a.device()))
            throw new IllegalArgumentException("where: the mask " + cond.shape() + " lives on " + cond.device()
                    + ", the operands on " + a.device() + "; move it with Tensor.to(device) first");
        Shape s = Shape.broadcast(Shape.broadcast(cond.shape(), a.shape(), "where"), b.shape(), "where");
        Tensor y = zeros(a, s);
        a.value().backend().where(cond, a.value(), b.value(), y);
        return Var.result("where", y, gy -> {
            Tensor zero = Tensor.scalar(0f).to(gy.device());
            if (a.requiresGrad()) {
                Tensor ga = zeros(gy, s);
                gy.backend().where(cond, gy, zero, ga);
                addGrad(a, ga, true);
            }
            if (b.requiresGrad()) {
                Tensor gb = zeros(gy, s);
                gy.backend().where(cond, zero, gy, gb);
                addGrad(b, gb, true);
            }
        }, a, b);
    }
}
