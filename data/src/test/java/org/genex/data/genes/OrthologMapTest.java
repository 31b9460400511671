package org.genex.data.genes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.genex.data.io.DataFormatException;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Rng;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrthologMapTest {
    @TempDir Path dir;

    /**
     * A small graph: H1-M1 one-to-one; H2 one-to-two (M2, M3); H3 and H4 many-to-one onto M4; H5 no ortholog;
     * M9 with no human ortholog.
     */
    private OrthologMap small() throws IOException {
        Path f = Files.writeString(dir.resolve("o.csv"),
                "H1,M1\nH2,M2\nH2,M3\nH3,M4\nH4,M4\nH5,\n,M9\nH2,M2\n");
        return OrthologMap.read(f);
    }

    @Test
    void readsPairsSkippingEmptyFieldsAndRepeats() throws IOException {
        OrthologMap m = small();
        assertEquals(5, m.pairCount());
        assertEquals(4, m.sourceCount());
        assertEquals(4, m.targetCount());
        assertEquals(List.of("M2", "M3"), m.targets("H2"));
        assertEquals(List.of("H3", "H4"), m.sources("M4"));
        assertEquals(List.of(), m.targets("H5"));
        assertEquals(1, m.oneToOneCount());
        assertTrue(m.isOneToOne("H1", "M1"));
        assertFalse(m.isOneToOne("H2", "M2"));
        assertFalse(m.isOneToOne("H3", "M4"));
        OrthologMap inv = m.inverse();
        assertEquals(List.of("H3", "H4"), inv.targets("M4"));
        assertEquals(5, inv.pairCount());
    }

    @Test
    void biadjacencyAllPairsBinaryAndRowNormalised() throws IOException {
        OrthologMap m = small();
        String[] human = {"H2", "H5", "H1", "H3", "H4"};
        String[] mouse = {"M4", "M3", "M1", "M2", "M7"};
        OrthologMap.Biadjacency b = m.biadjacency(human, mouse, OrthologMap.Pairs.ALL, false);
        float[][] expected = {
            {0, 1, 0, 1, 0}, // H2 -> M3, M2
            {0, 0, 0, 0, 0}, // H5
            {0, 0, 1, 0, 0}, // H1 -> M1
            {1, 0, 0, 0, 0}, // H3 -> M4
            {1, 0, 0, 0, 0}, // H4 -> M4
        };
        assertArrayEquals(flatten(expected), b.matrix().toDense().toArray());
        assertTrue(b.matrix().canonical());
        assertEquals(4, b.sourceMapped());
        assertEquals(4, b.targetMapped());
        assertEquals(5, b.pairs());
        assertEquals(1, b.oneToOnePairs());
        assertArrayEquals(new int[] {2, 0, 1, 1, 1}, b.sourceDegrees());
        int[][] edges = b.edges();
        assertArrayEquals(new int[] {0, 0, 2, 3, 4}, edges[0]);
        assertArrayEquals(new int[] {1, 3, 2, 0, 0}, edges[1]);

        OrthologMap.Biadjacency w = m.biadjacency(human, mouse, OrthologMap.Pairs.ALL, true);
        float[] values = w.matrix().values();
        assertArrayEquals(new float[] {0.5f, 0.5f, 1, 1, 1}, values); // TRON's W0 = 1/deg(i)
        double[] rowSums = w.matrix().rowSums();
        assertArrayEquals(new double[] {1, 0, 1, 1, 1}, rowSums, 1e-7);
    }

    @Test
    void oneToOneOverTableVersusWithinLists() throws IOException {
        OrthologMap m = small();
        String[] human = {"H2", "H1", "H3"};
        String[] mouse = {"M2", "M1", "M4"}; // M3 (H2's second ortholog) and H4 are absent from the data
        OrthologMap.Biadjacency table = m.biadjacency(human, mouse, OrthologMap.Pairs.ONE_TO_ONE, false);
        assertEquals(1, table.pairs()); // only H1-M1 is one-to-one in Ensembl's sense
        assertEquals(1f, table.matrix().toDense().toArray()[1 * 3 + 1]);
        OrthologMap.Biadjacency lists = m.biadjacency(human, mouse, OrthologMap.Pairs.ONE_TO_ONE_IN_LISTS, false);
        assertEquals(3, lists.pairs()); // within these lists every gene has a single partner
        assertEquals(3, lists.oneToOnePairs());
        OrthologMap.Biadjacency all = m.biadjacency(human, mouse, OrthologMap.Pairs.ALL, false);
        assertEquals(3, all.pairs());
        assertEquals(3, all.oneToOnePairs());
    }

    @Test
    void repeatedGeneNamesEachGetTheirEdges() throws IOException {
        OrthologMap m = small();
        OrthologMap.Biadjacency b = m.biadjacency(new String[] {"H1", "H1"}, new String[] {"M1", "M1"},
                OrthologMap.Pairs.ALL, false);
        assertEquals(4, b.pairs());
        assertEquals(0, b.oneToOnePairs());
        assertEquals(0, m.biadjacency(new String[] {"H1", "H1"}, new String[] {"M1", "M1"},
                OrthologMap.Pairs.ONE_TO_ONE_IN_LISTS, false).pairs());
        assertEquals(new CsrMatrix(0, 0, new int[] {0}, new int[0], new float[0]).nnz(),
                m.biadjacency(new String[0], new String[0], OrthologMap.Pairs.ALL, true).pairs());
    }

    /** Numbers from the fixture, counted with Python's csv module. */
    @Test
    void ensemblHumanMouseFixture() {
        OrthologMap m = OrthologMap.read(TestTensors.fixture("celltypist/Ensembl105_Human2Mouse_Genes.csv"));
        assertEquals(24_857, m.pairCount());
        assertEquals(19_019, m.sourceCount());
        assertEquals(20_034, m.targetCount());
        assertEquals(16_757, m.oneToOneCount());
        assertEquals(List.of("mt-Nd1"), m.targets("MT-ND1"));
        assertEquals(List.of("Gapdh", "Gm3839", "Gm10358"), m.targets("GAPDH"));
        assertTrue(m.targets("MT-TF").isEmpty());

        // The biadjacency of random gene lists against a brute-force oracle over every (row, column).
        Rng rng = Rng.seeded(7);
        List<String> humans = new ArrayList<>(m.sourceGenes());
        List<String> mice = new ArrayList<>(m.inverse().sourceGenes());
        String[] src = new String[300], tgt = new String[400];
        for (int i = 0; i < src.length; i++) src[i] = i % 7 == 0 ? "NOPE" + i : humans.get(rng.nextInt(2000));
        for (int j = 0; j < tgt.length; j++) {
            // mostly orthologs of the chosen humans, so the matrix is not empty
            List<String> ts = m.targets(src[rng.nextInt(src.length)]);
            tgt[j] = ts.isEmpty() || j % 5 == 0 ? mice.get(rng.nextInt(mice.size())) : ts.get(rng.nextInt(ts.size()));
        }
        boolean[][] all = new boolean[src.length][tgt.length];
        int[] rowDeg = new int[src.length], colDeg = new int[tgt.length];
        for (int i = 0; i < src.length; i++)
            for (int j = 0; j < tgt.length; j++)
                if (m.targets(src[i]).contains(tgt[j])) {
                    all[i][j] = true;
                    rowDeg[i]++;
                    colDeg[j]++;
                }
        for (OrthologMap.Pairs mode : OrthologMap.Pairs.values()) {
            OrthologMap.Biadjacency b = m.biadjacency(src, tgt, mode, false);
            float[] dense = b.matrix().toDense().toArray();
            int nnz = 0;
            for (int i = 0; i < src.length; i++)
                for (int j = 0; j < tgt.length; j++) {
                    boolean edge = all[i][j];
                    if (mode == OrthologMap.Pairs.ONE_TO_ONE) edge &= m.isOneToOne(src[i], tgt[j]);
                    if (mode == OrthologMap.Pairs.ONE_TO_ONE_IN_LISTS) edge &= rowDeg[i] == 1 && colDeg[j] == 1;
                    assertEquals(edge ? 1f : 0f, dense[i * tgt.length + j], mode + " at " + i + ", " + j);
                    if (edge) nnz++;
                }
            assertEquals(nnz, b.pairs());
            assertTrue(nnz > 50, mode + ": " + nnz);
        }
    }

    @Test
    void badInput() throws IOException {
        Path f = Files.writeString(dir.resolve("bad.csv"), "H1,M1\nH2\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> OrthologMap.read(f));
        assertEquals("line 2", e.element());
        assertThrows(IllegalArgumentException.class, () -> OrthologMap.ofPairs(List.<String[]>of(new String[] {"A"})));
        OrthologMap m = OrthologMap.ofPairs(List.of(new String[] {"A", "a"}, new String[] {"A", "a"}));
        assertEquals(1, m.pairCount());
        assertThrows(IllegalArgumentException.class,
                () -> m.biadjacency(new String[] {null}, new String[] {"a"}, OrthologMap.Pairs.ALL, false));
    }

    private static float[] flatten(float[][] a) {
        float[] out = new float[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) System.arraycopy(a[i], 0, out, i * a[0].length, a[0].length);
        return out;
    }
}
