package org.genex.algorithms.bayes.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The reduced synthetic experiment and its qualitative result (npp.md 3.1). */
class SyntheticExperimentTest {
    @Test
    void misspecificationBreaksTheParametricArmButNotGnpp() {
        SyntheticExperiment.Settings st = new SyntheticExperiment.Settings(new int[] {10, 250}, 30, 40, 0.1, List.of("mmd", "ksd"),
                new double[] {0, 10}, 0.9, 1234, 0, 0, 0, 0);
        SyntheticExperiment.Results r = SyntheticExperiment.run(st);
        for (String div : st.divergences()) {
            var par = r.curve(div, "miss", "param");
            var g = r.curve(div, "miss", "gnpp");
            assertTrue(par.coverage()[1] < 40, div + ": parametric coverage under misspecification " + par.coverage()[1]);
            assertTrue(g.coverage()[1] >= 70, div + ": gNPP coverage under misspecification " + g.coverage()[1]);
            assertTrue(g.rmse()[1] < par.rmse()[1], div + ": gNPP RMSE below the biased parametric one");
            var spec = r.curve(div, "spec", "gnpp");
            assertTrue(spec.meanLogitK()[1] > spec.meanLogitK()[0], div + ": logit K grows with n when the model is right: "
                    + spec.meanLogitK()[0] + " -> " + spec.meanLogitK()[1]);
            assertTrue(g.meanLogitK()[1] < 0, div + ": logit K < 0 under misspecification at n = 250");
        }
        String md = SyntheticExperiment.markdown(r);
        assertTrue(md.contains("*paper*") && !md.contains("NaN"));
    }
}
