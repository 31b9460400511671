package org.genex.experiments.tron;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.sim.TwoSpecies;
import org.genex.experiments.tron.TronMethods.Method;
import org.genex.tensor.CsrMatrix;
import org.junit.jupiter.api.Test;

/**
 * specs/tron.md &sect;6.1 (c), "correlation of learned weights with the true scales", against the right ground truth:
 * the ideal weight w* of {@link EdgeRecovery} (reduced simulator of {@link SyntheticBenchmark.Options#reduced()},
 * n = 500 target training samples, seeds 1 and 2).
 */
class TronScaleRecoveryTest {
    private static final int N = 500;

    /** What w* is: 1/alpha-like when only centred, flat-to-increasing in alpha when z-scored; estimable at n = 500. */
    @Test
    void idealWeightsFollowTheScaleAsDerivedAndAreEstimableFromTheTrainingSamples() {
        for (long seed = 1; seed <= 2; seed++) {
            TwoSpecies.Result sim = TwoSpecies.simulate(SyntheticBenchmark.Options.reduced().sim()
                    .withSizes(300, 1200, 600), seed);
            AnnData src = sim.source(), tgt = sim.target();
            int ns = src.nVars(), nt = tgt.nVars(), nObs = tgt.nObs();
            CsrMatrix g = sim.orthologs();
            float[] xs = TronData.logCpm(TronData.dense(src.requireX()), src.nObs(), ns);
            float[] xt = TronData.logCpm(TronData.dense(tgt.requireX()), nObs, nt);
            float[] eq = TronData.dense((org.genex.data.Matrix) tgt.obsm().get("X_source_equivalent"));
            double[] alpha = ((Column.Floats) tgt.var().get("alpha")).values(), inverse = new double[nt];
            for (int j = 0; j < nt; j++) inverse[j] = 1 / alpha[j];
            double[] perEdgeInverse = EdgeRecovery.perEdge(g, inverse);
            for (TronData.Scaling sc : TronData.Scaling.values()) {
                float[] ds = TronData.Standardizer.fit(xs, src.nObs(), ns, null, sc).sd();
                double[] ideal = EdgeRecovery.idealWeights(g, eq, xt, nObs, ds, sc);
                double rho = EdgeRecovery.correlation(g, sim.functional(), toFloat(ideal), perEdgeInverse)[1];
                System.out.printf("seed %d %s: Spearman corr(w*, 1/alpha) %.3f%n", seed, sc, rho);
                if (sc == TronData.Scaling.CENTRE) assertTrue(rho > 0.4, sc + " seed " + seed + ": " + rho);
                else assertTrue(rho < 0, sc + " seed " + seed + ": " + rho); // alpha survives only through the SNR

                // the same slopes from the first N samples only (what a trained conversion could at best estimate)
                int[] train = TronData.range(0, N);
                float[] eqTrain = rows(eq, ns, train), xtTrain = rows(xt, nt, train);
                double[] estimate = EdgeRecovery.idealWeights(g, eqTrain, xtTrain, N, ds, sc);
                double r = EdgeRecovery.correlation(g, sim.functional(), toFloat(estimate), ideal)[0];
                assertTrue(r > 0.9, sc + " seed " + seed + ": w* from " + N + " samples vs all: " + r);
            }
        }
    }

    /**
     * TRON's learned weights against w* (z-scored, the spec's pipeline): positive and above the naive mapping, but
     * far from the estimable 0.9 of the test above; the phenotype loss through a frozen f_theta hardly identifies
     * single edges (docs/tron/README.md).
     */
    @Test
    void tronWeightsCorrelateWithIdealWeightsMoreThanTheNaiveMapping() throws Exception {
        SyntheticBenchmark.Options o = SyntheticBenchmark.Options.reduced().withSizes(new int[] {N}, 100)
                .withMethods(List.of(Method.B0, Method.TRON)).withLog(System.out::println);
        SyntheticBenchmark.Result r = SyntheticBenchmark.run(o);
        for (long seed = 1; seed <= 2; seed++) {
            double tron = Double.NaN, b0 = Double.NaN;
            for (SyntheticBenchmark.Row row : r.rows())
                if (row.seed() == seed) {
                    if (row.method() == Method.TRON) tron = row.idealPearson();
                    if (row.method() == Method.B0) b0 = row.idealPearson();
                }
            assertTrue(tron > 0.03, "seed " + seed + ": TRON corr(w, w*) " + tron);
            assertTrue(tron > b0 + 0.1, "seed " + seed + ": TRON corr(w, w*) " + tron + " vs B0 " + b0);
        }
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int k = 0; k < v.length; k++) out[k] = (float) v[k];
        return out;
    }

    private static float[] rows(float[] x, int g, int[] rows) {
        float[] out = new float[rows.length * g];
        for (int k = 0; k < rows.length; k++) System.arraycopy(x, rows[k] * g, out, k * g, g);
        return out;
    }
}
