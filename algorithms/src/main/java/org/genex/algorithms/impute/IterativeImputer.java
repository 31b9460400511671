package org.genex.algorithms.impute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.genex.algorithms.supervised.BayesianRidge;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;

/**
 * Multivariate imputation by chained equations, scikit-learn's {@code IterativeImputer} with its defaults
 * ({@code estimator=BayesianRidge(), max_iter=10, tol=1e-3, initial_strategy="mean", imputation_order="ascending",
 * sample_posterior=False, skip_complete=False}):
 * <ol>
 *   <li>missing training entries start at their feature's mean;</li>
 *   <li>each round visits the features in ascending order of their fraction missing (stable), fits a
 *       {@link BayesianRidge} of the feature on the other features over the rows that observe it, and replaces
 *       the feature's missing entries by the regression's predictions (features complete in training get a
 *       regression too, used only by {@link #transform} on rows that miss them);</li>
 *   <li>rounds stop after {@code maxIter}, or early when the largest absolute row sum of the change of the
 *       imputed matrix (numpy's matrix inf-norm) is below tol * max |observed value|.</li>
 * </ol>
 * {@link #transform} replays the recorded sequence of regressions on new rows, from the training means; on the
 * training rows it reproduces the fit's result.
 *
 * <p>With {@link Options#nNearestFeatures} = q > 0 (scikit-learn's {@code n_nearest_features}), each regression
 * uses q other features drawn without replacement with probability proportional to their absolute correlation
 * with the target feature (correlations of the mean-imputed training data, floored at 1e-6), which makes
 * thousands of features tractable. The draws come from {@code Rng.seeded(seed).fork(round * p + feature)}
 * (Efraimidis-Spirakis keys): the same distribution as scikit-learn's {@code choice(replace=False, p)}, not the
 * same numbers. Features never observed in training are filled with 0 ({@code keep_empty_features=True}) and
 * left out of every regression. Immutable.
 */
public final class IterativeImputer {

    /**
     * Settings.
     *
     * @param maxIter          rounds over the features (10)
     * @param tol              early-stopping tolerance, relative to max |observed| (1e-3)
     * @param nNearestFeatures 0 = every other feature (scikit-learn's None); q > 0: q features drawn by
     *                         correlation
     * @param seed             seed of those draws
     * @param estimator        settings of each BayesianRidge
     */
    public record Options(int maxIter, double tol, int nNearestFeatures, long seed, BayesianRidge.Options estimator) {
        public Options {
            if (maxIter < 1) throw new IllegalArgumentException("IterativeImputer: maxIter must be >= 1, got " + maxIter);
            if (nNearestFeatures < 0) {
                throw new IllegalArgumentException("IterativeImputer: nNearestFeatures must be >= 0, got " + nNearestFeatures);
            }
        }

        /** scikit-learn's defaults (all other features, 10 rounds, tol 1e-3). */
        public static Options defaults() { return new Options(10, 1e-3, 0, 0, BayesianRidge.Options.defaults()); }

        /** Defaults with q nearest features drawn with {@code seed}. */
        public static Options nearest(int q, long seed) { return new Options(10, 1e-3, q, seed, BayesianRidge.Options.defaults()); }
    }

    /** One regression of the sequence: feature {@code target} on {@code inputs}. */
    private record Step(int target, int[] inputs, BayesianRidge model) {}

    private final double[] means;
    private final boolean[] valid;
    private final List<Step> sequence;
    private final int rounds;

    private IterativeImputer(double[] means, boolean[] valid, List<Step> sequence, int rounds) {
        this.means = means;
        this.valid = valid;
        this.sequence = sequence;
        this.rounds = rounds;
    }

    /** Fits with scikit-learn's defaults. */
    public static IterativeImputer fit(double[][] train) {
        return fit(train, Options.defaults());
    }

    /** Fits the chained regressions on {@code train} [n][p] (NaN = missing). */
    public static IterativeImputer fit(double[][] train, Options options) {
        int p = Imputers.checkMatrix("IterativeImputer.fit", train);
        int n = train.length;
        double[] means = Imputers.columnMeans(train, p);
        boolean[][] missing = new boolean[n][p];
        int[] missCount = new int[p];
        double maxAbs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                missing[i][j] = Double.isNaN(train[i][j]);
                if (missing[i][j]) missCount[j]++;
                else maxAbs = Math.max(maxAbs, Math.abs(train[i][j]));
            }
        }
        boolean[] valid = new boolean[p];
        List<Integer> validList = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            valid[j] = missCount[j] < n;
            if (valid[j]) validList.add(j);
        }
        double[][] xt = initial(train, means, valid);
        // Ascending fraction missing, stable.
        Integer[] ord = validList.toArray(new Integer[0]);
        Arrays.sort(ord, (a, b) -> Integer.compare(missCount[a], missCount[b]));
        int[] validIdx = validList.stream().mapToInt(Integer::intValue).toArray();
        int q = options.nNearestFeatures();
        boolean sampled = q > 0 && q < validIdx.length - 1;
        double[][] absCorr = sampled ? absCorrelation(xt, validIdx) : null;

        List<Step> sequence = new ArrayList<>();
        double tolerance = options.tol() * maxAbs;
        int rounds = 0;
        if (validIdx.length >= 2) {
            Rng root = Rng.seeded(options.seed());
            for (int round = 0; round < options.maxIter(); round++) {
                rounds = round + 1;
                double[][] previous = copy(xt);
                for (int f : ord) {
                    int[] inputs = sampled
                            ? draw(absCorr, validIdx, f, q, root.fork((long) round * p + f))
                            : others(validIdx, f);
                    int rowsObserved = n - missCount[f];
                    double[][] xs = new double[rowsObserved][inputs.length];
                    double[] ys = new double[rowsObserved];
                    for (int i = 0, r = 0; i < n; i++) {
                        if (missing[i][f]) continue;
                        for (int a = 0; a < inputs.length; a++) xs[r][a] = xt[i][inputs[a]];
                        ys[r++] = xt[i][f];
                    }
                    BayesianRidge model = BayesianRidge.fit(xs, ys, options.estimator());
                    sequence.add(new Step(f, inputs, model));
                    if (missCount[f] > 0) predictInto(xt, missing, f, inputs, model);
                }
                double change = 0; // numpy's matrix inf-norm: the largest absolute row sum
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    for (int j = 0; j < p; j++) s += Math.abs(xt[i][j] - previous[i][j]);
                    change = Math.max(change, s);
                }
                if (change < tolerance) break;
            }
        }
        return new IterativeImputer(means, valid, List.copyOf(sequence), rounds);
    }

    /** A copy of {@code x} [m][p] with every NaN imputed by replaying the fitted regressions. */
    public double[][] transform(double[][] x) {
        int p = means.length;
        Imputers.checkColumns("IterativeImputer.transform", x, p);
        int m = x.length;
        boolean[][] missing = new boolean[m][p];
        boolean anyObserved = false;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < p; j++) {
                missing[i][j] = Double.isNaN(x[i][j]);
                if (!missing[i][j]) anyObserved = true;
            }
        }
        double[][] xt = initial(x, means, valid);
        if (!anyObserved) return xt;
        for (Step s : sequence) predictInto(xt, missing, s.target(), s.inputs(), s.model());
        return xt;
    }

    /** Rounds run during the fit (scikit-learn's {@code n_iter_}). */
    public int rounds() { return rounds; }

    private static void predictInto(double[][] xt, boolean[][] missing, int f, int[] inputs, BayesianRidge model) {
        double[] w = model.coefficients();
        double b = model.intercept();
        for (int i = 0; i < xt.length; i++) {
            if (!missing[i][f]) continue;
            double s = b;
            for (int a = 0; a < inputs.length; a++) s += w[a] * xt[i][inputs[a]];
            xt[i][f] = s;
        }
    }

    private static double[][] initial(double[][] x, double[] means, boolean[] valid) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i].clone();
            for (int j = 0; j < means.length; j++) {
                if (Double.isNaN(out[i][j]) || !valid[j]) out[i][j] = valid[j] ? means[j] : 0;
            }
        }
        return out;
    }

    private static int[] others(int[] validIdx, int f) {
        int[] out = new int[validIdx.length - 1];
        int k = 0;
        for (int j : validIdx) if (j != f) out[k++] = j;
        return out;
    }

    /** q features other than f, drawn without replacement with weights |corr(f, j)| (Efraimidis-Spirakis). */
    private static int[] draw(double[][] absCorr, int[] validIdx, int f, int q, Rng rng) {
        int fi = Arrays.binarySearch(validIdx, f);
        int v = validIdx.length;
        double[] keys = new double[v];
        Integer[] idx = new Integer[v];
        for (int a = 0; a < v; a++) {
            idx[a] = a;
            double u = rng.nextDouble();
            keys[a] = a == fi ? Double.NEGATIVE_INFINITY : Math.log(u) / absCorr[fi][a];
        }
        Arrays.sort(idx, (a, b) -> Double.compare(keys[b], keys[a]));
        int[] out = new int[q];
        for (int k = 0; k < q; k++) out[k] = validIdx[idx[k]];
        Arrays.sort(out);
        return out;
    }

    /** |Pearson correlation| between the valid columns, NaN (constant columns) and values below 1e-6 set to 1e-6. */
    private static double[][] absCorrelation(double[][] x, int[] validIdx) {
        int n = x.length, v = validIdx.length;
        double[][] z = new double[v][n];
        for (int a = 0; a < v; a++) {
            int j = validIdx[a];
            double m = 0;
            for (double[] row : x) m += row[j];
            m /= n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                z[a][i] = x[i][j] - m;
                ss += z[a][i] * z[a][i];
            }
            double inv = ss > 0 ? 1 / Math.sqrt(ss) : Double.NaN;
            for (int i = 0; i < n; i++) z[a][i] *= inv;
        }
        double[][] c = new double[v][v];
        Parallel.forRange(v, 16, (start, end) -> {
            for (int a = start; a < end; a++) {
                for (int b = 0; b < v; b++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) s += z[a][i] * z[b][i];
                    double r = Math.abs(s);
                    c[a][b] = Double.isNaN(r) || r < 1e-6 ? 1e-6 : r;
                }
            }
        });
        return c;
    }

    private static double[][] copy(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) out[i] = x[i].clone();
        return out;
    }
}
