package org.genex.experiments.gexbert;

/** The random forest baseline of &sect;5.1 from {@code org.genex.algorithms.supervised.RandomForest}. */
final class Forest {
    private Forest() {}

    static int[] predict(double[][] train, int[] y, double[][] test, int classes, int trees, long seed) {
        throw new UnsupportedOperationException("RandomForest has not landed on this branch (org.genex.algorithms"
                + ".supervised.RandomForest); run with forestTrees = 0");
    }
}
