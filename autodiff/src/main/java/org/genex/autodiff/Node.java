package org.genex.autodiff;

import org.genex.tensor.Tensor;

/**
 * One recorded operation: its inputs and the backward rule that turns the gradient of its output into gradients
 * of its inputs. {@link Var#backward} releases both once it has run the rule, so the tensors the rule captured
 * (saved activations) become garbage.
 */
final class Node {
    /** The backward rule of an op: accumulates the gradients of the inputs, given {@code gy}, the output's. */
    @FunctionalInterface
    interface Backward {
        void run(Tensor gy);
    }

    final String op;
    Var[] inputs;
    Backward backward;

    Node(String op, Var[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }

    boolean freed() { return backward == null; }

    void free() {
        inputs = null;
        backward = null;
    }
}
