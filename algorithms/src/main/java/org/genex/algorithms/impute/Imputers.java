package org.genex.algorithms.impute;

/** Checks and column statistics shared by the imputers. */
final class Imputers {
    private Imputers() {}

    static int checkMatrix(String op, double[][] x) {
        if (x == null || x.length == 0) throw new IllegalArgumentException(op + ": no rows");
        int p = x[0].length;
        checkColumns(op, x, p);
        return p;
    }

    static void checkColumns(String op, double[][] x, int p) {
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != p) {
                throw new IllegalArgumentException(op + ": row " + i + " has " + x[i].length + " features, expected " + p);
            }
            for (int j = 0; j < p; j++) {
                if (Double.isInfinite(x[i][j])) {
                    throw new IllegalArgumentException(op + ": x[" + i + "][" + j + "] is infinite (NaN marks missing)");
                }
            }
        }
    }

    /** Means of the observed (non-NaN) values of each column; 0 where a column has none. */
    static double[] columnMeans(double[][] x, int p) {
        double[] sum = new double[p];
        int[] count = new int[p];
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                if (!Double.isNaN(row[j])) {
                    sum[j] += row[j];
                    count[j]++;
                }
            }
        }
        for (int j = 0; j < p; j++) sum[j] = count[j] == 0 ? 0 : sum[j] / count[j];
        return sum;
    }
}
