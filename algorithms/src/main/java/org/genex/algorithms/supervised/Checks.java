package org.genex.algorithms.supervised;

/** Argument checks shared by the estimators of this package (and of survival and impute through their own). */
public final class Checks {
    private Checks() {}

    /**
     * Checks that {@code x} is a non-empty rectangular matrix and returns its column count.
     *
     * @throws IllegalArgumentException naming {@code op} otherwise
     */
    public static int matrix(String op, double[][] x) {
        if (x == null || x.length == 0) throw new IllegalArgumentException(op + ": x has no rows");
        int p = x[0].length;
        for (int i = 1; i < x.length; i++) {
            if (x[i].length != p) {
                throw new IllegalArgumentException(op + ": row " + i + " of x has " + x[i].length
                        + " columns, row 0 has " + p);
            }
        }
        return p;
    }

    /** Checks that every row of {@code x} has {@code p} columns ({@code x} may have no rows). */
    public static void columns(String op, double[][] x, int p) {
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != p) {
                throw new IllegalArgumentException(op + ": row " + i + " of x has " + x[i].length
                        + " columns, the model was fitted on " + p);
            }
        }
    }

    /** Checks that {@code n} equals the row count of x. */
    public static void length(String op, String name, int length, int n) {
        if (length != n) throw new IllegalArgumentException(op + ": " + name + " has length " + length + ", x has " + n + " rows");
    }
}
