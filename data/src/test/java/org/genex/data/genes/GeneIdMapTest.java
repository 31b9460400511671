package org.genex.data.genes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.genex.data.io.DataFormatException;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneIdMapTest {
    @TempDir Path dir;

    /** Numbers from the fixture, counted with Python's csv module. */
    @Test
    void gencodeFixture() {
        GeneIdMap m = GeneIdMap.read(TestTensors.fixture("celltypist/GENCODEv44_Gene_id2name.csv"));
        assertEquals(62_754, m.size());
        assertEquals(61_267, m.symbolCount());
        assertEquals(343, m.ambiguousSymbols().size());
        assertEquals(List.of("5S_rRNA", "5_8S_rRNA", "7SK", "A2MP1", "AACSP1"),
                m.ambiguousSymbols().stream().limit(5).toList());
        assertEquals(758, m.ids("Y_RNA").size());
        assertEquals(List.of("ENSG00000258724", "ENSG00000254093"), m.ids("PINX1")); // file order
        assertEquals("DDX11L1", m.symbol("ENSG00000223972"));
        assertEquals("DDX11L1", m.symbol("ENSG00000223972.5"));
        assertEquals("GS1-279B7.1", m.symbol("ENSG00000261024")); // a symbol with a dot is not a version
        assertNull(m.symbol("ENSG99999999999"));
        assertEquals(List.of(), m.ids("NOT_A_GENE"));
    }

    @Test
    void versionSuffixes() {
        assertEquals("ENSG00000223972", GeneIdMap.stripVersion("ENSG00000223972.5"));
        assertEquals("ENSG00000182378", GeneIdMap.stripVersion("ENSG00000182378.14_PAR_Y"));
        assertEquals("ENSG00000182378", GeneIdMap.stripVersion("ENSG00000182378"));
        assertEquals("GS1-279B7.x", GeneIdMap.stripVersion("GS1-279B7.x"));
        GeneIdMap m = GeneIdMap.of(Map.of("ENSG1", "A", "ENSG2.3", "B"));
        assertEquals("B", m.symbol("ENSG2.3")); // an exact versioned entry wins
        assertEquals("A", m.symbol("ENSG1.7"));
        assertTrue(m.containsId("ENSG1.2"));
        assertFalse(m.containsId("ENSG3"));
    }

    @Test
    void toSymbolsKeepsOrDropsUnknownIds() {
        GeneIdMap m = GeneIdMap.of(Map.of("ENSG1", "A", "ENSG2", "B"));
        GeneIdMap.Symbols kept = m.toSymbols(new String[] {"ENSG2.1", "X", "ENSG1"}, true);
        assertArrayEquals(new String[] {"B", "X", "A"}, kept.symbols());
        assertEquals(1, kept.unknownCount());
        assertEquals(List.of("X"), kept.someUnknown());
        assertArrayEquals(new String[] {"B", null, "A"}, m.toSymbols(new String[] {"ENSG2", "X", "ENSG1"}, false)
                .symbols());
    }

    @Test
    void badRowsNameTheLine() throws IOException {
        Path conflict = Files.writeString(dir.resolve("c.csv"), "ENSG1,A\nENSG2,B\nENSG1,C\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> GeneIdMap.read(conflict));
        assertEquals("line 3", e.element());
        assertTrue(e.getMessage().contains("earlier line mapped it to A"), e.getMessage());
        Path empty = Files.writeString(dir.resolve("e.csv"), "ENSG1,A\nENSG2,\n");
        assertEquals("line 2", assertThrows(DataFormatException.class, () -> GeneIdMap.read(empty)).element());
        Path three = Files.writeString(dir.resolve("t.csv"), "ENSG1,A,x\n");
        assertEquals("line 1", assertThrows(DataFormatException.class, () -> GeneIdMap.read(three)).element());
        Path same = Files.writeString(dir.resolve("s.csv"), "ENSG1,A\nENSG1,A\n");
        assertEquals(1, GeneIdMap.read(same).size()); // an exact repeat is harmless
    }
}
