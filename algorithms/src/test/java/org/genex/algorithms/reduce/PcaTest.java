package org.genex.algorithms.reduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.genex.algorithms.Pbmc68k;
import org.genex.tensor.Parallel;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class PcaTest {
    private static Tensor lowRankPlusNoise(int n, int d, int rank, long seed) {
        Random rnd = new Random(seed);
        double[][] f = new double[n][rank], l = new double[rank][d];
        for (double[] r : f) for (int t = 0; t < rank; t++) r[t] = rnd.nextGaussian() * (rank - t) * 3;
        for (double[] r : l) for (int j = 0; j < d; j++) r[j] = rnd.nextGaussian();
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) {
                double v = 5 + 0.3 * rnd.nextGaussian();
                for (int t = 0; t < rank; t++) v += f[i][t] * l[t][j];
                x[i * d + j] = (float) v;
            }
        return Tensor.wrap(x, n, d);
    }

    /** The oracle: EJML's SVD of the explicitly centred matrix, signs by svd_flip (u-based). */
    private static double[][] reference(Tensor x, int k) {
        int n = x.dim(0), d = x.dim(1);
        float[] v = x.toArray();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += v[i * d + j] / (double) n;
        DMatrixRMaj a = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) a.set(i, j, v[i * d + j] - mean[j]);
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, d, true, true, true);
        assertTrue(svd.decompose(a.copy()));
        DMatrixRMaj u = svd.getU(null, false), vt = svd.getV(null, true);
        double[] s = svd.getSingularValues();
        Integer[] order = new Integer[s.length];
        for (int i = 0; i < s.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (p, q) -> Double.compare(s[q], s[p]));
        double[] scores = new double[n * k], comps = new double[k * d], sv = new double[k];
        for (int c = 0; c < k; c++) {
            int o = order[c];
            sv[c] = s[o];
            int arg = 0;
            for (int i = 0; i < n; i++) if (Math.abs(u.get(i, o)) > Math.abs(u.get(arg, o))) arg = i;
            double sign = u.get(arg, o) < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) scores[i * k + c] = sign * u.get(i, o) * s[o];
            for (int j = 0; j < d; j++) comps[c * d + j] = sign * vt.get(o, j);
        }
        return new double[][] {scores, comps, sv};
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    @Test
    void exactSolverMatchesTheSvdOfTheCentredData() {
        for (int[] nd : new int[][] {{120, 30}, {25, 60}}) {            // more rows than columns, and fewer
            Tensor x = lowRankPlusNoise(nd[0], nd[1], 5, nd[0]);
            int k = 10;
            Pca.Result r = Pca.fit(x, Pca.Config.of(k, Pca.Solver.EXACT));
            double[][] ref = reference(x, k);
            assertTrue(maxAbsDiff(ref[0], r.scores()) < 1e-8, "scores " + maxAbsDiff(ref[0], r.scores()));
            assertTrue(maxAbsDiff(ref[1], r.components()) < 1e-9, "components");
            for (int c = 0; c < k; c++) assertEquals(ref[2][c] * ref[2][c] / (nd[0] - 1), r.variance()[c], 1e-9 * r.variance()[0]);
            double total = 0;                                        // ratio: over the sum of column variances
            float[] v = x.toArray();
            for (int j = 0; j < nd[1]; j++) {
                double m = 0, ss = 0;
                for (int i = 0; i < nd[0]; i++) m += v[i * nd[1] + j];
                m /= nd[0];
                for (int i = 0; i < nd[0]; i++) ss += Math.pow(v[i * nd[1] + j] - m, 2);
                total += ss / (nd[0] - 1);
            }
            for (int c = 0; c < k; c++) assertEquals(r.variance()[c] / total, r.varianceRatio()[c], 1e-12);
        }
    }

    @Test
    void randomizedSolverFindsTheLeadingComponents() {
        Tensor x = lowRankPlusNoise(400, 80, 6, 3);
        Pca.Result exact = Pca.fit(x, Pca.Config.of(6, Pca.Solver.EXACT));
        Pca.Result rand = Pca.fit(x, Pca.Config.of(6, Pca.Solver.RANDOMIZED));
        for (int c = 0; c < 6; c++) assertEquals(exact.variance()[c], rand.variance()[c], 1e-6 * exact.variance()[c]);
        assertTrue(maxAbsDiff(exact.scores(), rand.scores()) < 1e-4 * Math.sqrt(exact.variance()[0]));
        Tensor wide = lowRankPlusNoise(40, 300, 4, 4);               // transposed path (n < d)
        Pca.Result ew = Pca.fit(wide, Pca.Config.of(4, Pca.Solver.EXACT));
        Pca.Result rw = Pca.fit(wide, Pca.Config.of(4, Pca.Solver.RANDOMIZED));
        for (int c = 0; c < 4; c++) assertEquals(ew.variance()[c], rw.variance()[c], 1e-6 * ew.variance()[c]);
        assertTrue(maxAbsDiff(ew.components(), rw.components()) < 1e-5);
    }

    @Test
    void luFactorIsScipysPermutedL() {
        // scipy.linalg.lu([[1, 2], [3, 4], [5, 6]], permute_l=True)[0] = [[0.2, 1], [0.6, 0.5], [1, 0]]
        double[] pl = RandomizedSvd.permutedL(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        assertArrayEquals(new double[] {0.2, 1, 0.6, 0.5, 1, 0}, pl, 1e-15);
    }

    @Test
    void defaultsAndErrors() {
        assertEquals(50, Pca.defaultComponents(700, 765));
        assertEquals(29, Pca.defaultComponents(30, 765));
        Tensor x = lowRankPlusNoise(20, 6, 2, 1);
        assertEquals(5, Pca.fit(x, Pca.Config.defaults()).k());
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(x, Pca.Config.of(7, Pca.Solver.EXACT)));
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(Tensor.zeros(1, 3), Pca.Config.defaults()));
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(Tensor.of(new float[] {1, Float.NaN, 2, 3}, 2, 2),
                Pca.Config.of(1, Pca.Solver.EXACT)));
    }

    @Test
    void threadCountDoesNotChangeTheResult() {
        Tensor x = lowRankPlusNoise(3000, 40, 5, 8);
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Pca.Result a = Pca.fit(x, Pca.Config.of(8, Pca.Solver.RANDOMIZED));
            Parallel.setThreads(2);
            Pca.Result b = Pca.fit(x, Pca.Config.of(8, Pca.Solver.RANDOMIZED));
            assertArrayEquals(a.scores(), b.scores());
        } finally {
            Parallel.setThreads(threads);
        }
    }

    /**
     * scanpy's PCA of pbmc68k_reduced: run on the 309 highly variable genes of the scaled X (the PCs of the other
     * genes are NaN in the file), 50 components, by scikit-learn's randomized SVD (old scanpy's "auto" solver,
     * random_state 0, 4 power iterations). The randomized solver with numpy's stream reproduces it; the exact solver
     * agrees on the leading components only, because 4 power iterations leave the trailing ones approximate.
     */
    @Test
    void pbmc68kReproducesScanpysPca() {
        try (Pbmc68k f = Pbmc68k.open()) {
            boolean[] hv = f.bools("var/highly_variable");
            Tensor all = f.tensor("X");
            int n = all.dim(0), d = all.dim(1), h = 0;
            for (boolean b : hv) if (b) h++;
            float[] src = all.toArray(), sub = new float[n * h];
            int[] cols = new int[h];
            for (int j = 0, c = 0; j < d; j++) if (hv[j]) cols[c++] = j;
            for (int i = 0; i < n; i++) for (int c = 0; c < h; c++) sub[i * h + c] = src[i * d + cols[c]];
            Tensor x = Tensor.wrap(sub, n, h);
            double[] fileScores = f.doubles("obsm/X_pca"), filePcs = f.doubles("varm/PCs");
            double[] fileVar = f.doubles("uns/pca/variance"), fileRatio = f.doubles("uns/pca/variance_ratio");

            Pca.Result r = Pca.fit(x, Pca.Config.of(50, Pca.Solver.RANDOMIZED));
            double scoreDev = 0, pcDev = 0, varDev = 0, ratioDev = 0;
            for (int c = 0; c < 50; c++) {
                double sign = signAgreement(fileScores, r.scores(), n, 50, c);
                assertEquals(1.0, sign, "component " + c + " has scikit-learn's sign");
                for (int i = 0; i < n; i++) scoreDev = Math.max(scoreDev, Math.abs(fileScores[i * 50 + c] - r.scores()[i * 50 + c]));
                for (int g = 0; g < h; g++)
                    pcDev = Math.max(pcDev, Math.abs(filePcs[cols[g] * 50 + c] - r.components()[c * h + g]));
                varDev = Math.max(varDev, Math.abs(fileVar[c] - r.variance()[c]) / fileVar[c]);
                ratioDev = Math.max(ratioDev, Math.abs(fileRatio[c] - r.varianceRatio()[c]) / fileRatio[c]);
            }
            System.out.printf("pbmc68k PCA, randomized (sklearn's stream): max |X_pca diff| %.3g, max |PCs diff| %.3g,"
                    + " max rel variance diff %.3g, variance_ratio %.3g%n", scoreDev, pcDev, varDev, ratioDev);
            assertTrue(scoreDev < 1e-2, "X_pca deviates by " + scoreDev);
            assertTrue(pcDev < 1e-3, "PCs deviate by " + pcDev);
            assertTrue(varDev < 1e-5 && ratioDev < 1e-5, "variances deviate by " + varDev + ", " + ratioDev);

            Pca.Result e = Pca.fit(x, Pca.Config.of(50, Pca.Solver.EXACT));
            double lead = 0, leadPc = 0;
            for (int c = 0; c < 7; c++) {
                double sign = signAgreement(fileScores, e.scores(), n, 50, c);
                for (int i = 0; i < n; i++) lead = Math.max(lead, Math.abs(fileScores[i * 50 + c] - sign * e.scores()[i * 50 + c]));
                for (int g = 0; g < h; g++)
                    leadPc = Math.max(leadPc, Math.abs(filePcs[cols[g] * 50 + c] - sign * e.components()[c * h + g]));
                assertEquals(fileRatio[c], e.varianceRatio()[c], 2e-5 * fileRatio[c]);
            }
            double tailVar = 0;
            for (int c = 0; c < 50; c++) tailVar = Math.max(tailVar, (e.variance()[c] - fileVar[c]) / fileVar[c]);
            System.out.printf("pbmc68k PCA, exact: components 1-7 max |X_pca diff| %.3g, |PCs diff| %.3g; exact "
                    + "variances exceed the file's by up to %.3g (relative) in the tail%n", lead, leadPc, tailVar);
            assertTrue(lead < 0.05 && leadPc < 1e-3, "leading components deviate: " + lead + ", " + leadPc);
        }
    }

    /** +1 or -1: the sign that best aligns column c of b with column c of a. */
    private static double signAgreement(double[] a, double[] b, int n, int k, int c) {
        double dot = 0;
        for (int i = 0; i < n; i++) dot += a[i * k + c] * b[i * k + c];
        return dot >= 0 ? 1 : -1;
    }
}
