package org.genex.algorithms.supervised;

import java.util.Arrays;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;

/**
 * Random forest classifier in the manner of scikit-learn's {@code RandomForestClassifier} defaults: 100 CART trees,
 * each grown on a bootstrap sample (n draws with replacement, the draw counts acting as sample weights), Gini
 * impurity, sqrt(p) candidate features per node (drawn without replacement; as scikit-learn, the search goes on
 * past them while every feature drawn is constant in the node), thresholds at midpoints between consecutive
 * distinct values (x <= threshold goes left), min_samples_leaf = 1, min_samples_split = 2, unlimited depth; a node
 * is a leaf when it is pure, too small, at maxDepth, or has no valid split. Leaves hold their weighted class
 * proportions and {@link #predictProba} averages them over the trees (not majority votes), as scikit-learn does.
 *
 * <p>Trees grow in parallel, tree t from {@code Rng.seeded(seed).fork(t)}: the forest is identical for any thread
 * count (not identical to scikit-learn's, whose random streams differ). Split search sorts the node's samples by
 * precomputed per-feature value ranks. Immutable.
 */
public final class RandomForest {

    /**
     * Settings.
     *
     * @param nTrees         number of trees (100)
     * @param maxFeatures    candidate features per node; 0 = max(1, floor(sqrt(p))) (scikit-learn's "sqrt")
     * @param minSamplesLeaf minimum (distinct) samples in a leaf (1)
     * @param minSamplesSplit minimum (distinct) samples to split a node (2)
     * @param maxDepth       0 = unlimited
     * @param bootstrap      grow each tree on a bootstrap sample (true) or on all rows
     * @param seed           seed of the bootstrap and feature draws
     */
    public record Options(int nTrees, int maxFeatures, int minSamplesLeaf, int minSamplesSplit, int maxDepth,
                          boolean bootstrap, long seed) {
        public Options {
            if (nTrees < 1) throw new IllegalArgumentException("RandomForest: nTrees must be >= 1, got " + nTrees);
            if (maxFeatures < 0 || minSamplesLeaf < 1 || minSamplesSplit < 2 || maxDepth < 0) {
                throw new IllegalArgumentException("RandomForest: invalid options maxFeatures=" + maxFeatures
                        + " minSamplesLeaf=" + minSamplesLeaf + " minSamplesSplit=" + minSamplesSplit + " maxDepth=" + maxDepth);
            }
        }

        /** scikit-learn's defaults with the given seed. */
        public static Options defaults(long seed) { return new Options(100, 0, 1, 2, 0, true, seed); }

        public Options withTrees(int nTrees) {
            return new Options(nTrees, maxFeatures, minSamplesLeaf, minSamplesSplit, maxDepth, bootstrap, seed);
        }

        public Options withMaxDepth(int maxDepth) {
            return new Options(nTrees, maxFeatures, minSamplesLeaf, minSamplesSplit, maxDepth, bootstrap, seed);
        }
    }

    /** One fitted tree: internal nodes split on feature/threshold; leaves (feature = -1) hold class proportions. */
    private record Tree(int[] feature, double[] threshold, int[] left, int[] right, double[][] proba,
                        double[] importance) {
        double[] leaf(double[] row) {
            int node = 0;
            while (feature[node] >= 0) node = row[feature[node]] <= threshold[node] ? left[node] : right[node];
            return proba[node];
        }
    }

    private final Tree[] trees;
    private final int numClasses;
    private final int numFeatures;

    private RandomForest(Tree[] trees, int numClasses, int numFeatures) {
        this.trees = trees;
        this.numClasses = numClasses;
        this.numFeatures = numFeatures;
    }

    /** Fits with {@link Options#defaults(long)} (seed 0) and K = 1 + max(y). */
    public static RandomForest fit(double[][] x, int[] y) {
        int max = 0;
        for (int v : y) max = Math.max(max, v);
        return fit(x, y, max + 1, Options.defaults(0));
    }

    /**
     * Fits the forest.
     *
     * @param x          features [n][p] (finite)
     * @param y          classes in [0, numClasses)
     * @param numClasses K >= 1
     */
    public static RandomForest fit(double[][] x, int[] y, int numClasses, Options options) {
        int p = Checks.matrix("RandomForest.fit", x);
        int n = x.length;
        Checks.length("RandomForest.fit", "y", y.length, n);
        if (numClasses < 1) throw new IllegalArgumentException("RandomForest.fit: numClasses must be >= 1, got " + numClasses);
        for (int i = 0; i < n; i++) {
            if (y[i] < 0 || y[i] >= numClasses) {
                throw new IllegalArgumentException("RandomForest.fit: y[" + i + "] = " + y[i] + " outside [0, " + numClasses + ")");
            }
            for (int j = 0; j < p; j++) {
                if (!Double.isFinite(x[i][j])) throw new IllegalArgumentException("RandomForest.fit: x[" + i + "][" + j + "] = " + x[i][j]);
            }
        }
        // Per feature: the dense rank of each sample's value, and the distinct values in increasing order.
        int[][] rank = new int[p][n];
        double[][] values = new double[p][];
        Parallel.forRange(p, 8, (start, end) -> {
            double[] col = new double[n];
            for (int j = start; j < end; j++) {
                for (int i = 0; i < n; i++) col[i] = x[i][j];
                double[] sorted = col.clone();
                Arrays.sort(sorted);
                int m = 0;
                for (int i = 0; i < n; i++) if (m == 0 || sorted[i] != sorted[m - 1]) sorted[m++] = sorted[i];
                values[j] = Arrays.copyOf(sorted, m);
                for (int i = 0; i < n; i++) rank[j][i] = Arrays.binarySearch(values[j], col[i]);
            }
        });
        int mtry = options.maxFeatures() == 0 ? Math.max(1, (int) Math.sqrt(p)) : Math.min(p, options.maxFeatures());
        Tree[] trees = new Tree[options.nTrees()];
        Rng root = Rng.seeded(options.seed());
        Parallel.forEach(trees.length, t -> {
            Rng rng = root.fork(t);
            double[] weight = new double[n];
            if (options.bootstrap()) {
                for (int i = 0; i < n; i++) weight[rng.nextInt(n)] += 1;
            } else {
                Arrays.fill(weight, 1);
            }
            trees[t] = new Builder(rank, values, y, weight, numClasses, mtry, options, rng).build();
        });
        return new RandomForest(trees, numClasses, p);
    }

    /** Class probabilities [m][K]: the mean over trees of the leaf class proportions. */
    public double[][] predictProba(double[][] x) {
        Checks.columns("RandomForest.predictProba", x, numFeatures);
        double[][] out = new double[x.length][numClasses];
        Parallel.forRange(x.length, 16, (start, end) -> {
            for (int i = start; i < end; i++) {
                double[] o = out[i];
                for (Tree tree : trees) {
                    double[] leaf = tree.leaf(x[i]);
                    for (int k = 0; k < numClasses; k++) o[k] += leaf[k];
                }
                for (int k = 0; k < numClasses; k++) o[k] /= trees.length;
            }
        });
        return out;
    }

    /** The class with the highest mean probability (lowest index among ties). */
    public int[] predict(double[][] x) {
        double[][] proba = predictProba(x);
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            int best = 0;
            for (int k = 1; k < numClasses; k++) if (proba[i][k] > proba[i][best]) best = k;
            out[i] = best;
        }
        return out;
    }

    /**
     * Mean decrease in impurity per feature (scikit-learn's {@code feature_importances_}): per tree, the weighted
     * Gini decreases of its splits normalised to sum 1, averaged over trees with at least one split, renormalised.
     */
    public double[] featureImportances() {
        double[] imp = new double[numFeatures];
        for (Tree t : trees) {
            double s = 0;
            for (double v : t.importance()) s += v;
            if (s <= 0) continue;
            for (int j = 0; j < numFeatures; j++) imp[j] += t.importance()[j] / s;
        }
        double total = 0;
        for (double v : imp) total += v;
        if (total > 0) for (int j = 0; j < numFeatures; j++) imp[j] /= total;
        return imp;
    }

    public int numTrees() { return trees.length; }

    public int numClasses() { return numClasses; }

    /** Nodes of tree t (for tests and diagnostics). */
    public int treeSize(int t) { return trees[t].feature().length; }

    /** Grows one tree depth-first over a shared array of the samples with non-zero weight. */
    private static final class Builder {
        private final int[][] rank;
        private final double[][] values;
        private final int[] y;
        private final double[] weight;
        private final int k;
        private final int mtry;
        private final Options options;
        private final Rng rng;
        private final int p;
        private final int[] samples;
        private final int[] features;
        private long[] keys;
        // Growable node arrays.
        private int size;
        private int[] feature = new int[64], left = new int[64], right = new int[64];
        private double[] threshold = new double[64];
        private double[][] proba = new double[64][];
        private final double[] importance;

        Builder(int[][] rank, double[][] values, int[] y, double[] weight, int k, int mtry, Options options, Rng rng) {
            this.rank = rank;
            this.values = values;
            this.y = y;
            this.weight = weight;
            this.k = k;
            this.mtry = mtry;
            this.options = options;
            this.rng = rng;
            this.p = rank.length;
            int m = 0;
            for (double w : weight) if (w > 0) m++;
            samples = new int[m];
            for (int i = 0, s = 0; i < weight.length; i++) if (weight[i] > 0) samples[s++] = i;
            features = new int[p];
            for (int j = 0; j < p; j++) features[j] = j;
            keys = new long[m];
            importance = new double[p];
        }

        Tree build() {
            grow(0, samples.length, 0);
            return new Tree(Arrays.copyOf(feature, size), Arrays.copyOf(threshold, size), Arrays.copyOf(left, size),
                    Arrays.copyOf(right, size), Arrays.copyOf(proba, size), importance);
        }

        /** Grows the subtree of samples[start, end) and returns its node id. */
        private int grow(int start, int end, int depth) {
            int node = newNode();
            double[] counts = new double[k];
            double total = 0;
            for (int s = start; s < end; s++) {
                int i = samples[s];
                counts[y[i]] += weight[i];
                total += weight[i];
            }
            double sumSq = 0;
            for (double c : counts) sumSq += c * c;
            double gini = 1 - sumSq / (total * total);
            int m = end - start;
            boolean leaf = m < options.minSamplesSplit() || m < 2 * options.minSamplesLeaf()
                    || (options.maxDepth() > 0 && depth >= options.maxDepth()) || gini <= 1e-7;
            Split best = leaf ? null : bestSplit(start, end, counts, total);
            if (best == null) {
                for (int c = 0; c < k; c++) counts[c] /= total;
                proba[node] = counts;
                feature[node] = -1;
                return node;
            }
            // Partition in place: rank <= best.rankLeft goes left.
            int[] r = rank[best.feature];
            int i = start, j = end - 1;
            while (i <= j) {
                if (r[samples[i]] <= best.rankLeft) {
                    i++;
                } else {
                    int tmp = samples[i];
                    samples[i] = samples[j];
                    samples[j] = tmp;
                    j--;
                }
            }
            feature[node] = best.feature;
            threshold[node] = best.threshold;
            importance[best.feature] += total * gini - best.weightedChildImpurity;
            int l = grow(start, i, depth + 1);
            int rr = grow(i, end, depth + 1);
            left[node] = l;
            right[node] = rr;
            return node;
        }

        private record Split(int feature, int rankLeft, double threshold, double weightedChildImpurity) {}

        private Split bestSplit(int start, int end, double[] counts, double total) {
            int m = end - start;
            int minLeaf = options.minSamplesLeaf();
            double bestProxy = Double.NEGATIVE_INFINITY;
            int bestFeature = -1, bestRank = -1;
            double bestThreshold = 0;
            double[] leftCounts = new double[k];
            int visited = 0, nonConstant = 0;
            for (int f = 0; f < p; f++) {
                if (visited >= mtry && nonConstant > 0) break;
                // Fisher-Yates: draw the next candidate among the features not visited yet.
                int pick = f + rng.nextInt(p - f);
                int tmp = features[f];
                features[f] = features[pick];
                features[pick] = tmp;
                int j = features[f];
                visited++;
                int[] r = rank[j];
                for (int s = 0; s < m; s++) keys[s] = ((long) r[samples[start + s]] << 32) | s;
                Arrays.sort(keys, 0, m);
                if ((keys[0] >>> 32) == (keys[m - 1] >>> 32)) continue; // constant in this node
                nonConstant++;
                Arrays.fill(leftCounts, 0);
                double leftW = 0, sqL = 0, sqR = 0;
                for (int c = 0; c < k; c++) sqR += counts[c] * counts[c];
                for (int s = 0; s < m - 1; s++) {
                    int i = samples[start + (int) (keys[s] & 0xffffffffL)];
                    double w = weight[i];
                    int c = y[i];
                    double lc = leftCounts[c], rc = counts[c] - lc;
                    sqL += (lc + w) * (lc + w) - lc * lc;
                    sqR += (rc - w) * (rc - w) - rc * rc;
                    leftCounts[c] = lc + w;
                    leftW += w;
                    long rankHere = keys[s] >>> 32, rankNext = keys[s + 1] >>> 32;
                    if (rankHere == rankNext) continue;
                    if (s + 1 < minLeaf || m - s - 1 < minLeaf) continue;
                    double rightW = total - leftW;
                    double proxy = sqL / leftW + sqR / rightW;
                    if (proxy > bestProxy) {
                        bestProxy = proxy;
                        bestFeature = j;
                        bestRank = (int) rankHere;
                        double a = values[j][(int) rankHere], b = values[j][(int) rankNext];
                        double t = a / 2.0 + b / 2.0;
                        bestThreshold = (t == b || Double.isInfinite(t)) ? a : t;
                    }
                }
            }
            if (bestFeature < 0) return null;
            // Weighted child impurity sum: wL * giniL + wR * giniR = total - proxy.
            return new Split(bestFeature, bestRank, bestThreshold, total - bestProxy);
        }

        private int newNode() {
            if (size == feature.length) {
                int cap = size * 2;
                feature = Arrays.copyOf(feature, cap);
                left = Arrays.copyOf(left, cap);
                right = Arrays.copyOf(right, cap);
                threshold = Arrays.copyOf(threshold, cap);
                proba = Arrays.copyOf(proba, cap);
            }
            return size++;
        }
    }
}
