package org.genex.data.genes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.genex.data.io.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneTablesTest {
    @TempDir Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void readsPlainRowsWithLineNumbersSkippingBlankLines() throws IOException {
        Path f = write("a.csv", "A,1\n\nB,2\r\nC,\n");
        List<GeneTables.Row> rows = GeneTables.read(f, ',', 2, 2);
        assertEquals(3, rows.size());
        assertArrayEquals(new String[] {"A", "1"}, rows.get(0).fields());
        assertEquals(3, rows.get(1).line());
        assertArrayEquals(new String[] {"B", "2"}, rows.get(1).fields()); // \r\n handled
        assertArrayEquals(new String[] {"C", ""}, rows.get(2).fields()); // trailing separator: an empty field
    }

    @Test
    void quotedFieldsFollowRfc4180() throws IOException {
        Path f = write("q.csv", "\"a,b\",\"say \"\"hi\"\"\",plain\n\"\",x,\"\"\n");
        List<GeneTables.Row> rows = GeneTables.read(f, ',', 3, 3);
        assertArrayEquals(new String[] {"a,b", "say \"hi\"", "plain"}, rows.get(0).fields());
        assertArrayEquals(new String[] {"", "x", ""}, rows.get(1).fields());
    }

    @Test
    void dropsByteOrderMarkAndReadsGzipByMagicNotName() throws IOException {
        Path f = dir.resolve("table.txt"); // gzip without a .gz name
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("\uFEFFGENE\tx\nOTHER\ty\n".getBytes(StandardCharsets.UTF_8));
        }
        List<GeneTables.Row> rows = GeneTables.read(f, '\t', 2, 2);
        assertEquals("GENE", rows.get(0).field(0));
        assertEquals("y", rows.get(1).field(1));
        assertArrayEquals("GENE\tx\nOTHER\ty\n".getBytes(StandardCharsets.UTF_8),
                java.util.Arrays.copyOfRange(GeneTables.readBytes(f), 3, 3 + 15));
    }

    @Test
    void wrongFieldCountNamesFileLineAndExpectation() throws IOException {
        Path f = write("bad.csv", "A,1\nB,2,3\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> GeneTables.read(f, ',', 2, 2));
        assertEquals("line 2", e.element());
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("expected 2 fields separated by commas, found 3"), e.getMessage());
    }

    @Test
    void unterminatedQuoteAndTextAfterQuoteAreErrors() throws IOException {
        Path f = write("q.csv", "A,1\n\"B,2\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> GeneTables.read(f, ',', 1, 3));
        assertEquals("line 2", e.element());
        assertTrue(e.getMessage().contains("not closed"), e.getMessage());
        Path g = write("r.csv", "\"B\"x,2\n");
        e = assertThrows(DataFormatException.class, () -> GeneTables.read(g, ',', 1, 3));
        assertTrue(e.getMessage().contains("after the quoted field"), e.getMessage());
    }

    @Test
    void invalidUtf8TruncatedGzipAndMissingFileAreDataFormatErrors() throws IOException {
        Path f = Files.write(dir.resolve("latin1.csv"), new byte[] {'A', ',', (byte) 0xE9, '\n'});
        assertTrue(assertThrows(DataFormatException.class, () -> GeneTables.read(f, ',', 2, 2)).getMessage()
                .contains("UTF-8"));
        Path gz = dir.resolve("t.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("A,1\nB,2\nC,3\n".repeat(200).getBytes(StandardCharsets.UTF_8));
        }
        byte[] all = Files.readAllBytes(gz);
        Path cut = Files.write(dir.resolve("cut.csv.gz"), java.util.Arrays.copyOf(all, all.length / 2));
        assertThrows(DataFormatException.class, () -> GeneTables.read(cut, ',', 2, 2));
        assertThrows(DataFormatException.class, () -> GeneTables.read(dir.resolve("absent.csv"), ',', 2, 2));
        assertThrows(DataFormatException.class, () -> GeneTables.readBytes(dir.resolve("absent.csv")));
    }
}
