package org.genex.tensor.cpu;

import org.genex.tensor.BinaryOp;
import org.genex.tensor.CompareOp;
import org.genex.tensor.UnaryOp;

/**
 * The scalar elementwise loops: the reference path. Unary ops and their derivatives are evaluated in double
 * precision through {@link UnaryOp#apply} and {@link UnaryOp#derivative} and rounded to float once; binary ops
 * and comparisons use their float definitions. The frequent ops get their own loops (plain Java, which the JIT
 * may auto-vectorise); the rest go through the op's definition.
 */
final class ScalarElementwiseKernels implements ElementwiseKernels {

    @Override
    public void unary(UnaryOp op, float[] x, int xo, float[] out, int oo, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) out[oo + i] = -x[xo + i]; }
            case ABS -> { for (int i = 0; i < n; i++) out[oo + i] = Math.abs(x[xo + i]); }
            case SQUARE -> { for (int i = 0; i < n; i++) { float v = x[xo + i]; out[oo + i] = v * v; } }
            case SQRT -> { for (int i = 0; i < n; i++) out[oo + i] = (float) Math.sqrt(x[xo + i]); }
            case EXP -> { for (int i = 0; i < n; i++) out[oo + i] = (float) Math.exp(x[xo + i]); }
            case LOG -> { for (int i = 0; i < n; i++) out[oo + i] = (float) Math.log(x[xo + i]); }
            case TANH -> { for (int i = 0; i < n; i++) out[oo + i] = (float) Math.tanh(x[xo + i]); }
            case RELU -> { for (int i = 0; i < n; i++) { float v = x[xo + i]; out[oo + i] = v > 0 || v != v ? v : 0f; } }
            default -> { for (int i = 0; i < n; i++) out[oo + i] = (float) op.apply(x[xo + i]); }
        }
    }

    @Override
    public void unaryBackward(UnaryOp op, float[] x, int xo, float[] y, int yo, float[] gy, int go,
                              float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i++)
            gx[gxo + i] = (float) (gy[go + i] * op.derivative(x[xo + i], y[yo + i]));
    }

    @Override
    public void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + b[bo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] - b[bo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * b[bo + i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] / b[bo + i]; }
            case POW -> { for (int i = 0; i < n; i++) out[oo + i] = (float) Math.pow(a[ao + i], b[bo + i]); }
            case MAX -> { for (int i = 0; i < n; i++) out[oo + i] = Math.max(a[ao + i], b[bo + i]); }
            case MIN -> { for (int i = 0; i < n; i++) out[oo + i] = Math.min(a[ao + i], b[bo + i]); }
        }
    }

    @Override
    public void binaryScalarRight(BinaryOp op, float[] a, int ao, float s, float[] out, int oo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] + s; }
            case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] - s; }
            case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] * s; }
            case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = a[ao + i] / s; }
            case POW -> { for (int i = 0; i < n; i++) out[oo + i] = (float) Math.pow(a[ao + i], s); }
            case MAX -> { for (int i = 0; i < n; i++) out[oo + i] = Math.max(a[ao + i], s); }
            case MIN -> { for (int i = 0; i < n; i++) out[oo + i] = Math.min(a[ao + i], s); }
        }
    }

    @Override
    public void binaryScalarLeft(BinaryOp op, float s, float[] b, int bo, float[] out, int oo, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[oo + i] = s + b[bo + i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[oo + i] = s - b[bo + i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[oo + i] = s * b[bo + i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[oo + i] = s / b[bo + i]; }
            case POW -> { for (int i = 0; i < n; i++) out[oo + i] = (float) Math.pow(s, b[bo + i]); }
            case MAX -> { for (int i = 0; i < n; i++) out[oo + i] = Math.max(s, b[bo + i]); }
            case MIN -> { for (int i = 0; i < n; i++) out[oo + i] = Math.min(s, b[bo + i]); }
        }
    }

    @Override
    public void compare(CompareOp op, float[] a, int ao, float[] b, int bo, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = op.test(a[ao + i], b[bo + i]) ? 1f : 0f;
    }

    @Override
    public void compareScalar(CompareOp op, float[] a, int ao, float s, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = op.test(a[ao + i], s) ? 1f : 0f;
    }

    @Override
    public void where(float[] c, int co, float[] a, int ao, int as, float[] b, int bo, int bs,
                      float[] out, int oo, int n) {
        for (int i = 0; i < n; i++)
            out[oo + i] = c[co + i] != 0 ? a[ao + i * as] : b[bo + i * bs];
    }

    @Override
    public void clamp(float[] x, int xo, float lo, float hi, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) out[oo + i] = Math.min(Math.max(x[xo + i], lo), hi);
    }
}
