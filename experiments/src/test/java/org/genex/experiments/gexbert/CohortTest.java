package org.genex.experiments.gexbert;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.genex.data.sim.BulkCohort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real cohort as a CSV (samples x genes with type, time, event columns) reads back as the simulated one. */
class CohortTest {
    @Test
    void csvWithTypeTimeAndEventColumnsReadsBack(@TempDir Path dir) throws IOException {
        Cohort sim = Cohort.simulated(BulkCohort.Config.defaults().withSizes(60, 12, 3), 5);
        StringBuilder sb = new StringBuilder("sample,cancer_type,survival_time,event,split");
        for (String g : sim.geneNames()) sb.append(',').append(g);
        sb.append('\n');
        String[] splits = {"train", "val", "test"};
        for (int i = 0; i < sim.n(); i++) {
            sb.append("P").append(i).append(',').append(sim.typeNames()[sim.type()[i]]).append(',')
                    .append(String.format(Locale.ROOT, "%.6f", sim.time()[i])).append(',')
                    .append(sim.event()[i] ? 1 : 0).append(',').append(splits[sim.split()[i]]);
            for (int j = 0; j < sim.genes(); j++) sb.append(',').append(sim.x()[i * sim.genes() + j]);
            sb.append('\n');
        }
        Path csv = dir.resolve("cohort.csv");
        Files.writeString(csv, sb.toString());
        Cohort c = Cohort.read(csv, Cohort.Columns.defaults(), 1);
        assertEquals(sim.n(), c.n());
        assertEquals(sim.genes(), c.genes());
        assertArrayEquals(sim.geneNames(), c.geneNames());
        assertArrayEquals(sim.x(), c.x(), 1e-6f);
        assertArrayEquals(sim.split(), c.split());
        assertArrayEquals(sim.event(), c.event());
        for (int i = 0; i < sim.n(); i++) {
            assertEquals(sim.typeNames()[sim.type()[i]], c.typeNames()[c.type()[i]]);
            assertEquals(sim.time()[i], c.time()[i], 1e-5);
        }
        assertNull(c.anchorGenes());
    }

    @Test
    void withoutASplitColumnPatientsAreSplitWithinTypes(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("id,cancer_type,survival_time,event,GA,GB\n");
        for (int i = 0; i < 40; i++)
            sb.append("s").append(i).append(',').append(i % 2 == 0 ? "LUAD" : "BRCA").append(',').append(10 + i)
                    .append(',').append(i % 3 == 0 ? "True" : "False").append(',').append(i).append(',').append(2 * i)
                    .append('\n');
        Path csv = dir.resolve("c.csv");
        Files.writeString(csv, sb.toString());
        Cohort c = Cohort.read(csv, Cohort.Columns.defaults(), 3);
        assertArrayEquals(new String[]{"BRCA", "LUAD"}, c.typeNames());
        assertEquals(2, c.genes());
        int[] perType = new int[2];
        for (int i : c.rows(0)) perType[c.type()[i]]++;
        assertArrayEquals(new int[]{14, 14}, perType);
        assertTrue(c.event()[0]);
        assertFalse(c.event()[1]);
    }
}
