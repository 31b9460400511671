package org.genex.tensor.cpu;

import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;

/**
 * Argument checks shared by the fused layer kernels ({@link NnKernels}) and the sequence kernels
 * ({@link ScanKernels}). Every message names the op, the argument and what was expected.
 */
final class NnChecks {
    private NnChecks() {}

    /** {@code t} is present and lives on the host. */
    static void cpu(String op, String name, Tensor t) {
        if (t == null) throw new IllegalArgumentException(op + ": " + name + " is null");
        if (!t.device().isCpu())
            throw new IllegalArgumentException(op + ": " + name + " " + t.shape() + " lives on " + t.device()
                    + ", expected cpu");
    }

    /** {@code t} is present, on the host, with exactly the shape {@code expected}. */
    static void shape(String op, String name, Tensor t, Shape expected) {
        cpu(op, name, t);
        if (!t.shape().equals(expected))
            throw new IllegalArgumentException(op + ": " + name + " has shape " + t.shape() + ", expected "
                    + expected);
    }

    /** {@code t} is present, on the host, with {@code n} elements (any shape). */
    static void size(String op, String name, Tensor t, int n, String what) {
        cpu(op, name, t);
        if (t.size() != n)
            throw new IllegalArgumentException(op + ": " + name + " has shape " + t.shape() + " (" + t.size()
                    + " elements), expected " + n + " elements (" + what + ")");
    }

    /** An output does not share elements with another tensor of the call (either may be null). */
    static void noOverlap(String op, String outName, Tensor out, String otherName, Tensor other) {
        if (out != null && other != null && out.overlaps(other))
            throw new IllegalArgumentException(op + ": " + outName + " " + out.shape() + " overlaps " + otherName
                    + " " + other.shape() + "; outputs must not share storage with the other arguments");
    }

    /** A named tensor argument (the tensor may be null: an absent optional argument). */
    record Arg(String name, Tensor tensor) {}

    static Arg arg(String name, Tensor tensor) { return new Arg(name, tensor); }

    /** No output overlaps an input or another output. */
    static void noOverlaps(String op, Arg[] outputs, Arg... inputs) {
        for (int i = 0; i < outputs.length; i++) {
            for (Arg in : inputs) noOverlap(op, outputs[i].name, outputs[i].tensor, in.name, in.tensor);
            for (int j = i + 1; j < outputs.length; j++)
                noOverlap(op, outputs[i].name, outputs[i].tensor, outputs[j].name, outputs[j].tensor);
        }
    }

    /** The outputs of a call, for {@link #noOverlaps}. */
    static Arg[] outputs(Arg... outputs) { return outputs; }
}
