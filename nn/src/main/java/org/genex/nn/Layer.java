package org.genex.nn;

import org.genex.autodiff.Var;

/** A module with one input and one output, as {@link Sequential} chains them. */
public interface Layer {
    Var forward(Var x);
}
