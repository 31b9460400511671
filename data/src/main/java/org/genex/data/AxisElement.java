package org.genex.data;

/**
 * Something aligned with one axis of an {@link AnnData}: a {@link Matrix} or a {@link DataFrame} whose rows are the
 * observations (in {@code obsm}) or the variables (in {@code varm}). Subsetting that axis subsets its rows.
 */
public sealed interface AxisElement permits Matrix, DataFrame {
    int rows();

    /** The given rows, in that order. */
    AxisElement selectRows(int[] index);
}
