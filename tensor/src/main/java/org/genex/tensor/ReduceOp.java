package org.genex.tensor;

/**
 * Reductions along axes. SUM of an empty range is 0, MEAN of one is NaN; MAX and MIN of an empty range are errors
 * (as in NumPy), and they propagate NaN.
 */
public enum ReduceOp { SUM, MEAN, MAX, MIN }
