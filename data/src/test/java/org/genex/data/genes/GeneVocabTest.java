package org.genex.data.genes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.genex.data.io.DataFormatException;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneVocabTest {
    @TempDir Path dir;

    @Test
    void scGptDefaultVocabulary() {
        GeneVocab v = GeneVocab.read(TestTensors.fixture("scgpt/default_gene_vocab.json"));
        assertEquals(48_292, v.size());
        assertEquals(0, v.id("A12M1"));
        assertEquals(48_291, v.id("ZZZ3"));
        assertEquals(11_463, v.id("GAPDH"));
        assertEquals("GAPDH", v.token(11_463));
        assertEquals(-1, v.id(GeneVocab.PAD));
        for (int i = 1; i < v.size(); i++) // ids follow the sorted symbols, though the file lists them reversed
            assertTrue(v.token(i - 1).compareTo(v.token(i)) < 0, v.token(i - 1) + " / " + v.token(i));

        GeneVocab s = v.withScGptSpecials();
        assertEquals(48_295, s.size());
        assertEquals(48_292, s.id("<pad>"));
        assertEquals(48_293, s.id("<cls>"));
        assertEquals(48_294, s.id("<eoc>"));
        assertEquals(11_463, s.id("GAPDH")); // genes keep their ids
        assertEquals(48_295, s.withScGptSpecials().size()); // appending again adds nothing
        assertEquals(-1, v.id("<pad>")); // the original is unchanged

        GeneVocab.Encoded e = s.encode(new String[] {"GAPDH", "NOT_A_GENE", "ZZZ3"});
        assertArrayEquals(new int[] {11_463, 48_291}, e.ids());
        assertArrayEquals(new int[] {0, 2}, e.positions());
        assertEquals(1, e.unknown());
        assertEquals("match 2/3 genes in vocabulary of size 48295. Not found: [NOT_A_GENE]", e.summary(s));
    }

    @Test
    void unknownGenesDroppedOrMappedToAToken() {
        GeneVocab v = GeneVocab.of(List.of("A", "B", "C")).withSpecials(List.of(GeneVocab.PAD, GeneVocab.UNK));
        assertEquals(List.of("A", "B", "C", "<pad>", "<unk>"), v.tokens());
        String[] genes = {"C", "X", "A", null, "Y"};
        GeneVocab.Encoded dropped = v.encode(genes);
        assertArrayEquals(new int[] {2, 0}, dropped.ids());
        assertArrayEquals(new int[] {0, 2}, dropped.positions());
        assertEquals(3, dropped.unknown());
        assertEquals(5, dropped.total());
        GeneVocab.Encoded unk = v.encode(genes, GeneVocab.UNK);
        assertArrayEquals(new int[] {2, 4, 0, 4, 4}, unk.ids());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, unk.positions());
        assertEquals(3, unk.unknown());
        assertArrayEquals(new int[] {2, 3, 0, 3, 3}, v.encode(genes, GeneVocab.PAD).ids());
        assertThrows(IllegalArgumentException.class, () -> v.encode(genes, GeneVocab.MASK)); // not in the vocabulary
        assertThrows(IndexOutOfBoundsException.class, () -> v.token(5));
        assertThrows(IllegalArgumentException.class, () -> GeneVocab.of(List.of("A", "A")));
        assertTrue(v.contains("B"));
        assertFalse(v.contains("b"));
    }

    @Test
    void smallJsonFileInAnyOrder() throws IOException {
        Path f = Files.writeString(dir.resolve("v.json"), "{\"C\": 2, \"A\": 0, \"B\": 1}");
        GeneVocab v = GeneVocab.read(f);
        assertEquals(List.of("A", "B", "C"), v.tokens());
        assertSame(v.tokens().getClass(), v.tokens().getClass());
    }

    @Test
    void badJsonNamesTheProblem() throws IOException {
        assertBad("[1, 2]", null, "expected a JSON object");
        assertBad("{\"A\": 0, \"B\": 2}", "\"B\"", "outside 0..1");
        assertBad("{\"A\": 0, \"B\": 0}", "\"B\"", "also the id of \"A\"");
        assertBad("{\"A\": 0, \"B\": 1.5}", "\"B\"", "expected an integer id");
        assertBad("{\"A\": 0, \"B\": \"1\"}", "\"B\"", "expected an integer id, found a string");
        assertBad("{\"A\": 0, \"A\": 1}", null, "malformed JSON");
        assertBad("{\"A\": 0,", null, "malformed JSON");
        assertBad("{\"A\": -1}", "\"A\"", "outside 0..0");
    }

    private void assertBad(String json, String element, String message) throws IOException {
        Path f = Files.writeString(dir.resolve("bad.json"), json);
        DataFormatException e = assertThrows(DataFormatException.class, () -> GeneVocab.read(f));
        assertEquals(element, e.element());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
