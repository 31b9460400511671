package org.genex.algorithms.survival;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.genex.tensor.Parallel;
import org.genex.tensor.Rng;
import org.junit.jupiter.api.Test;

class ConcordanceIndexTest {

    /** The definition, O(n^2): comparable iff the earlier time is an event (or tied times, other censored). */
    static double bruteForce(double[] t, boolean[] e, double[] r) {
        double num = 0;
        long den = 0;
        for (int i = 0; i < t.length; i++) {
            if (!e[i]) continue;
            for (int j = 0; j < t.length; j++) {
                boolean comparable = t[i] < t[j] || (t[i] == t[j] && !e[j] && i != j);
                if (!comparable) continue;
                den++;
                if (r[i] > r[j]) num += 1;
                else if (r[i] == r[j]) num += 0.5;
            }
        }
        return den == 0 ? Double.NaN : num / den;
    }

    @Test
    void handBuiltCaseWithTiesAndCensoring() {
        double[] t = {1, 2, 2, 3, 4};
        boolean[] e = {true, true, false, true, false};
        double[] r = {5, 3, 3, 4, 1};
        // comparable: (0,1..4) 4 concordant; (1,2) risk tie 0.5 (censored at the same time);
        // (1,3) discordant; (1,4) concordant; (3,4) concordant -> (6 + 0.5) / 8.
        ConcordanceIndex.Counts c = ConcordanceIndex.counts(t, e, r);
        assertEquals(new ConcordanceIndex.Counts(6, 1, 8), c);
        assertEquals(0.8125, ConcordanceIndex.harrell(t, e, r), 1e-15);
        // Two events at the same time are not comparable.
        assertEquals(Double.NaN, ConcordanceIndex.harrell(new double[] {1, 1}, new boolean[] {true, true}, new double[] {1, 2}));
        // Perfect and reversed orderings.
        double[] t2 = {1, 2, 3, 4};
        boolean[] e2 = {true, true, true, true};
        assertEquals(1.0, ConcordanceIndex.harrell(t2, e2, new double[] {4, 3, 2, 1}), 0);
        assertEquals(0.0, ConcordanceIndex.harrell(t2, e2, new double[] {1, 2, 3, 4}), 0);
        assertEquals(0.5, ConcordanceIndex.harrell(t2, e2, new double[] {7, 7, 7, 7}), 0);
    }

    @Test
    void matchesTheDefinitionOnRandomDataWithTies() {
        for (long seed = 0; seed < 30; seed++) {
            Rng rng = Rng.seeded(seed);
            int n = 1 + rng.nextInt(80);
            double[] t = new double[n], r = new double[n];
            boolean[] e = new boolean[n];
            for (int i = 0; i < n; i++) {
                t[i] = rng.nextInt(10);
                r[i] = rng.nextInt(6);
                e[i] = rng.bernoulli(0.6);
            }
            double expected = bruteForce(t, e, r);
            assertEquals(expected, ConcordanceIndex.harrell(t, e, r), 1e-12, "seed " + seed);
        }
    }

    @Test
    void bootstrapIsTheReplicatesPercentileInterval() {
        Rng data = Rng.seeded(9);
        int n = 50;
        double[] t = new double[n], r = new double[n];
        boolean[] e = new boolean[n];
        for (int i = 0; i < n; i++) {
            r[i] = data.gaussian();
            t[i] = Math.round(10 * data.exponential(Math.exp(r[i]))) / 10.0;
            e[i] = data.bernoulli(0.7);
        }
        int nBoot = 40;
        long seed = 17;
        ConcordanceIndex.Interval ci = ConcordanceIndex.bootstrap(t, e, r, nBoot, 0.9, seed);
        // Reproduce each replicate by explicit resampling (the documented stream) and the definition.
        double[] reps = new double[nBoot];
        for (int b = 0; b < nBoot; b++) {
            Rng rng = Rng.seeded(seed).fork(b);
            double[] tb = new double[n], rb = new double[n];
            boolean[] eb = new boolean[n];
            for (int i = 0; i < n; i++) {
                int k = rng.nextInt(n);
                tb[i] = t[k];
                rb[i] = r[k];
                eb[i] = e[k];
            }
            reps[b] = bruteForceDistinctCopies(tb, eb, rb);
        }
        Arrays.sort(reps);
        assertEquals(nBoot, ci.replicates());
        assertEquals(ConcordanceIndex.harrell(t, e, r), ci.estimate(), 0);
        assertEquals(ConcordanceIndex.quantile(reps, 0.05), ci.lower(), 1e-12);
        assertEquals(ConcordanceIndex.quantile(reps, 0.95), ci.upper(), 1e-12);
        assertTrue(ci.lower() <= ci.estimate() && ci.estimate() <= ci.upper());
        assertEquals(2.5, ConcordanceIndex.quantile(new double[] {1, 2, 3, 4}, 0.5), 0);

        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            assertEquals(ci, ConcordanceIndex.bootstrap(t, e, r, nBoot, 0.9, seed));
        } finally {
            Parallel.setThreads(threads);
        }
    }

    /** The definition on a resample: copies of one row (equal time and status) are never comparable. */
    static double bruteForceDistinctCopies(double[] t, boolean[] e, double[] r) {
        return bruteForce(t, e, r);
    }

    @Test
    void badInputs() {
        assertThrows(IllegalArgumentException.class,
                () -> ConcordanceIndex.harrell(new double[2], new boolean[2], new double[3]));
        assertThrows(IllegalArgumentException.class,
                () -> ConcordanceIndex.harrell(new double[] {Double.NaN}, new boolean[1], new double[1]));
        assertThrows(IllegalArgumentException.class,
                () -> ConcordanceIndex.bootstrap(new double[1], new boolean[1], new double[1], 0, 1));
    }
}
