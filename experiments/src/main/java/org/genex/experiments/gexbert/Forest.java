package org.genex.experiments.gexbert;

import org.genex.algorithms.supervised.RandomForest;

/** The random forest baseline of &sect;5.1: {@link RandomForest} with scikit-learn's defaults and the given trees. */
final class Forest {
    private Forest() {}

    static int[] predict(double[][] train, int[] y, double[][] test, int classes, int trees, long seed) {
        return RandomForest.fit(train, y, classes, RandomForest.Options.defaults(seed).withTrees(trees)).predict(test);
    }
}
