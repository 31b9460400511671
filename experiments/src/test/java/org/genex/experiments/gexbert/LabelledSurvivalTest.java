package org.genex.experiments.gexbert;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.genex.nn.models.gexbert.GexbertConfig;
import org.genex.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labelled-subset option of the survival task ({@link GexbertRunner.SurvivalOptions#labelledPerType}): which
 * patients are drawn, and that a tiny run scores the labelled-only ridge control and logs its subsets (a run with
 * every patient labelled leaves the control out: checked in {@link GexbertEndToEndTest}, which also checks the claim).
 */
class LabelledSurvivalTest {
    @Test
    void subsetsAreSortedDistinctMembersOfThePoolAndSeeded() {
        int[] pool = {3, 8, 11, 15, 20, 21, 40, 41, 57, 90};
        int[] a = GexbertRunner.labelledSubset(pool, 4, Rng.seeded(1).fork(0));
        assertEquals(4, a.length);
        for (int q = 0; q < a.length; q++) {
            final int v = a[q];
            assertTrue(Arrays.stream(pool).anyMatch(p -> p == v), "row " + v + " is in the pool");
            if (q > 0) assertTrue(a[q] > a[q - 1], "sorted and distinct: " + Arrays.toString(a));
        }
        assertArrayEquals(a, GexbertRunner.labelledSubset(pool, 4, Rng.seeded(1).fork(0)), "same seed, same rows");
        boolean differs = false;
        for (int s = 1; s < 6 && !differs; s++)
            differs = !Arrays.equals(a, GexbertRunner.labelledSubset(pool, 4, Rng.seeded(1).fork(s)));
        assertTrue(differs, "another seed draws another subset");
        assertArrayEquals(pool, GexbertRunner.labelledSubset(pool, 0, Rng.seeded(1)), "0 = the whole pool");
        assertArrayEquals(pool, GexbertRunner.labelledSubset(pool, 25, Rng.seeded(1)), "more than the pool = all");
    }

    @Test
    void negativeLabelledSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new GexbertRunner.SurvivalOptions(null, null, 8, 2, 0.05,
                1, 0.1, 1, false, Path.of("."), -1, 0));
    }

    @Test
    void labelledRunFitsOnTheSubsetAndScoresTheControl(@TempDir Path dir) {
        GexbertRunner.DataOptions data = GexbertRunner.DataOptions.simulated(GexbertTuning.cohort(200, 24, 2), 2);
        GexbertConfig cfg = new GexbertConfig(24, 10, 16, 1, 2, 1, 2, 0f, 24, 0.5, 1f, 3e-3f, 0.01f, 0.05, 32);
        GexbertRunner.PretrainOptions pre = new GexbertRunner.PretrainOptions(data, cfg, 1, dir.resolve("pre"),
                false, 2);
        Path model = GexbertRunner.pretrain(pre, null).model();
        List<String> log = new ArrayList<>();
        GexbertRunner.SurvivalResult s = GexbertRunner.survival(new GexbertRunner.SurvivalOptions(pre, model, 8, 2,
                0.05, 1, 0.1, 1, false, dir, 25, 0), log::add);
        Pattern p = Pattern.compile("Cox models and anchors on (\\d+) of (\\d+) training patients");
        int subsets = 0;
        for (String line : log) {
            Matcher m = p.matcher(line);
            if (!m.find()) continue;
            subsets++;
            assertEquals(Math.min(25, Integer.parseInt(m.group(2))), Integer.parseInt(m.group(1)), line);
        }
        assertEquals(2, subsets, "one subset logged per type: " + log);
        assertTrue(s.mean().containsKey(GexbertRunner.REGRESSED_LABELLED), s.mean().toString());
        assertTrue(s.mean().containsKey(GexbertRunner.REGRESSED), s.mean().toString());

        // the trueAnchors diagnostic uses each type's simulated anchors instead of the screen's
        List<String> oracle = new ArrayList<>();
        GexbertRunner.survival(new GexbertRunner.SurvivalOptions(pre, model, 8, 2, 0.05, 1, 0.1, 1, false,
                dir.resolve("oracle"), 0, 0, true), oracle::add);
        Pattern a = Pattern.compile("anchors (\\[[^]]*]) \\(true: (\\[[^]]*])\\)");
        int types = 0;
        for (String line : oracle) {
            Matcher m = a.matcher(line);
            if (!m.find()) continue;
            types++;
            assertEquals(m.group(2), m.group(1), line);
        }
        assertEquals(2, types, oracle.toString());
    }
}
