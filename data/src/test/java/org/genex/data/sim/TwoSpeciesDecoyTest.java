package org.genex.data.sim;

import static org.junit.jupiter.api.Assertions.*;

import org.genex.data.Column;
import org.junit.jupiter.api.Test;

/** {@code decoyStateWeight}: 1 (the default) keeps decoys on the shared state, 0 leaves them noise only. */
class TwoSpeciesDecoyTest {
    @Test
    void noiseDecoysLoseTheirProgramVarianceAndOtherGenesKeepTheirs() {
        TwoSpecies.Config base = TwoSpecies.Config.defaults().withSizes(200, 50, 300);
        assertEquals(1.0, base.decoyStateWeight());
        TwoSpecies.Result on = TwoSpecies.simulate(base, 4), off = TwoSpecies.simulate(base.withDecoyStateWeight(0), 4);
        boolean[] functional = ((Column.Bools) on.target().var().get("functional")).values();
        int[] type = ((Column.Categorical) on.target().var().get("ortholog_type")).codes();
        double decoyOn = 0, decoyOff = 0, funcOn = 0, funcOff = 0;
        int nd = 0, nf = 0;
        for (int j = 0; j < functional.length; j++) {
            double a = logVariance(on, j), b = logVariance(off, j);
            if (!functional[j] && type[j] == 1) {           // a decoy paralog (1:many, not functional)
                decoyOn += a;
                decoyOff += b;
                nd++;
            } else if (functional[j]) {
                funcOn += a;
                funcOff += b;
                nf++;
            }
        }
        assertTrue(nd > 10 && nf > 10);
        assertTrue(decoyOff / nd < 0.6 * decoyOn / nd, "decoy log variance " + decoyOff / nd + " vs " + decoyOn / nd);
        assertEquals(funcOn / nf, funcOff / nf, 0.1 * funcOn / nf, "functional genes are unchanged");
        assertThrows(IllegalArgumentException.class, () -> base.withDecoyStateWeight(-1));
    }

    private static double logVariance(TwoSpecies.Result r, int j) {
        float[] x = r.target().requireX().dense().toArray();
        int n = r.target().nObs(), g = r.target().nVars();
        double s = 0, ss = 0;
        for (int i = 0; i < n; i++) {
            double v = Math.log1p(x[i * g + j]);
            s += v;
            ss += v * v;
        }
        return ss / n - (s / n) * (s / n);
    }
}
