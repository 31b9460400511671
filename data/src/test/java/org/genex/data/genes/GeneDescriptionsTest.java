package org.genex.data.genes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.genex.data.io.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneDescriptionsTest {
    @TempDir Path dir;

    @Test
    void tsvWithAndWithoutHeader() throws IOException {
        Path h = Files.writeString(dir.resolve("h.tsv"),
                "symbol\tdescription\nAPP\tamyloid beta\n  precursor protein\nGAPDH\t\n");
        // "  precursor protein" on its own line has one field: an error naming line 3
        DataFormatException e = assertThrows(DataFormatException.class, () -> GeneDescriptions.readTsv(h));
        assertEquals("line 3", e.element());

        Path good = Files.writeString(dir.resolve("good.tsv"),
                "Symbol\tSummary\nAPP\tamyloid beta precursor protein\nGAPDH\t\n"
                        + "CD4\tT-cell  surface\u00a0glycoprotein \n");
        GeneDescriptions d = GeneDescriptions.readTsv(good);
        assertEquals(2, d.size()); // header skipped, the empty GAPDH text counts as missing
        assertEquals("T-cell surface glycoprotein", d.get("CD4"));
        assertNull(d.get("GAPDH"));
        assertNull(d.get("Symbol"));

        Path noHeader = Files.writeString(dir.resolve("n.tsv"), "APP\tamyloid\nCD4\tsurface\nAPP\tsecond\n");
        GeneDescriptions n = GeneDescriptions.readTsv(noHeader);
        assertEquals(2, n.size());
        assertEquals("amyloid", n.get("APP")); // the first text of a repeated symbol is kept
        GeneDescriptions forced = GeneDescriptions.readTsv(noHeader, true); // a forced header drops APP's first row
        assertEquals(2, forced.size());
        assertEquals("second", forced.get("APP"));
    }

    @Test
    void jsonLikeGenePtAndGzip() throws IOException {
        Path f = dir.resolve("summaries.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("{\"APP\": \"This gene encodes\\na cell surface receptor.\", \"XIST\": null, \"CD4\": \"  \"}"
                    .getBytes(StandardCharsets.UTF_8));
        }
        GeneDescriptions d = GeneDescriptions.readJson(f);
        assertEquals(1, d.size());
        assertEquals("This gene encodes a cell surface receptor.", d.get("APP"));
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"APP\": [\"x\"]}");
        DataFormatException e = assertThrows(DataFormatException.class, () -> GeneDescriptions.readJson(bad));
        assertEquals("\"APP\"", e.element());
        Path notObject = Files.writeString(dir.resolve("arr.json"), "[]");
        assertThrows(DataFormatException.class, () -> GeneDescriptions.readJson(notObject));
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"APP\": \"x\"");
        assertThrows(DataFormatException.class, () -> GeneDescriptions.readJson(broken));
    }

    @Test
    void ncbiGeneInfo() throws IOException {
        String header = "#tax_id\tGeneID\tSymbol\tLocusTag\tSynonyms\tdbXrefs\tchromosome\tmap_location\tdescription"
                + "\ttype_of_gene\n";
        Path f = Files.writeString(dir.resolve("gene_info"), header
                + "9606\t351\tAPP\t-\tAAA|ABETA\tHGNC:HGNC:620\t21\t21q21.3\tamyloid beta precursor protein"
                + "\tprotein-coding\n"
                + "9606\t999\tNOPE\t-\t-\t-\t1\t-\t-\tunknown\n");
        GeneDescriptions d = GeneDescriptions.readGeneInfo(f);
        assertEquals(1, d.size());
        assertEquals("amyloid beta precursor protein", d.get("APP"));
        Path shortRow = Files.writeString(dir.resolve("short"), header + "9606\t351\tAPP\n");
        assertEquals("line 2", assertThrows(DataFormatException.class, () -> GeneDescriptions.readGeneInfo(shortRow))
                .element());
    }

    @Test
    void fallbackChainAcrossOrthologsAndLookup() {
        OrthologMap humanToMouse = OrthologMap.ofPairs(List.of(
                new String[] {"APP", "App"}, new String[] {"GAPDH", "Gapdh"}, new String[] {"GAPDH", "Gm3839"},
                new String[] {"H3", "Shared"}, new String[] {"H4", "Shared"}));
        Map<String, String> human = new LinkedHashMap<>();
        human.put("APP", "human APP summary");
        human.put("GAPDH", "human GAPDH summary");
        human.put("H4", "H4 summary");
        Map<String, String> mouse = Map.of("App", "mouse App summary");
        Map<String, String> names = Map.of("Xist", "X inactive specific transcript", "App", "amyloid beta (A4)");

        GeneDescriptions chain = GeneDescriptions.of(mouse)
                .orElse(GeneDescriptions.of(human).translate(humanToMouse))
                .orElse(GeneDescriptions.of(names));
        assertEquals("mouse App summary", chain.get("App")); // own species first
        assertEquals("human GAPDH summary", chain.get("Gapdh")); // then the human ortholog's
        assertEquals("human GAPDH summary", chain.get("Gm3839"));
        assertEquals("H4 summary", chain.get("Shared")); // H3 has no text, H4 does
        assertEquals("X inactive specific transcript", chain.get("Xist")); // then the full name

        GeneDescriptions.Lookup l = chain.lookup(new String[] {"Xist", "Nope", "App", null});
        assertArrayEquals(new int[] {0, 2}, l.present());
        assertEquals(2, l.missing());
        assertEquals("mouse App summary", l.texts()[2]);
        assertNull(l.texts()[1]);
        assertTrue(l.someMissing().contains("Nope"));
    }

    @Test
    void normalise() {
        assertEquals("a b c", GeneDescriptions.normalise("  a\r\n b\t\tc \n"));
        assertEquals("", GeneDescriptions.normalise(" \n\t "));
    }
}
