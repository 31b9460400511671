package org.genex.experiments.gexbert;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** The classical imputation baselines of &sect;5.3 (gene-mean, KNN, MICE) from {@code org.genex.algorithms.impute}. */
final class ClassicalImputers {
    private ClassicalImputers() {}

    record Imputed(float[] imputed, double seconds) {}

    static Map<String, Imputed> run(float[] train, int nTrain, float[] masked, int n, int g, int knnK, int miceIterations,
                                    long seed, Consumer<String> log) {
        log.accept("classical imputers: org.genex.algorithms.impute has not landed on this branch; none run");
        return new LinkedHashMap<>();
    }
}
