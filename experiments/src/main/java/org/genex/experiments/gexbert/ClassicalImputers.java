package org.genex.experiments.gexbert;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.genex.algorithms.impute.IterativeImputer;
import org.genex.algorithms.impute.KnnImputer;
import org.genex.algorithms.impute.MeanImputer;

/**
 * The classical imputation baselines of &sect;5.3, from {@code org.genex.algorithms.impute}:
 * <ul>
 *   <li>gene-mean: {@link MeanImputer} fitted on the training patients;</li>
 *   <li>KNN: {@link KnnImputer} (k neighbours, nan-Euclidean) with the training patients as donors;</li>
 *   <li>MICE: {@link IterativeImputer} (BayesianRidge, {@code miceIterations} rounds) fitted on the training patients
 *       stacked with the masked test patients (scikit-learn's usual {@code fit_transform} on the data to impute; the
 *       complete training rows make the regressions well determined); above 100 genes each regression uses 100
 *       features drawn by correlation ({@code n_nearest_features = 100}) to stay tractable.</li>
 * </ul>
 */
final class ClassicalImputers {
    private ClassicalImputers() {}

    record Imputed(float[] imputed, double seconds) {}

    /** Imputes the NaNs of {@code masked} [n * g] by each method; {@code miceIterations} 0 skips MICE. */
    static Map<String, Imputed> run(float[] train, int nTrain, float[] masked, int n, int g, int knnK, int miceIterations,
                                    long seed, Consumer<String> log) {
        double[][] tr = rows(train, nTrain, g), te = rows(masked, n, g);
        Map<String, Imputed> out = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        out.put("gene-mean", new Imputed(flat(MeanImputer.fit(tr).transform(te)), secondsSince(t0)));
        t0 = System.nanoTime();
        out.put("KNN", new Imputed(flat(KnnImputer.fit(tr, knnK).transform(te)), secondsSince(t0)));
        if (miceIterations > 0) {
            t0 = System.nanoTime();
            double[][] both = new double[nTrain + n][];
            System.arraycopy(tr, 0, both, 0, nTrain);
            System.arraycopy(te, 0, both, nTrain, n);
            IterativeImputer.Options def = IterativeImputer.Options.defaults();
            IterativeImputer.Options opt = new IterativeImputer.Options(miceIterations, def.tol(),
                    g > 100 ? 100 : 0, seed, def.estimator());
            double[][] imputed = IterativeImputer.fit(both, opt).transform(te);
            out.put("MICE", new Imputed(flat(imputed), secondsSince(t0)));
        }
        return out;
    }

    private static double secondsSince(long t0) { return (System.nanoTime() - t0) * 1e-9; }

    private static double[][] rows(float[] x, int n, int g) {
        double[][] out = new double[n][g];
        for (int i = 0; i < n; i++) for (int j = 0; j < g; j++) out[i][j] = x[i * g + j];
        return out;
    }

    private static float[] flat(double[][] x) {
        int n = x.length, g = x[0].length;
        float[] out = new float[n * g];
        for (int i = 0; i < n; i++) for (int j = 0; j < g; j++) out[i * g + j] = (float) x[i][j];
        return out;
    }
}
