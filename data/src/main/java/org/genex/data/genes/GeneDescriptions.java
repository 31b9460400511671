package org.genex.data.genes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.genex.data.io.DataFormatException;
import org.genex.tensor.io.Json;

/**
 * Gene symbol &rarr; description text, the input of the LLM cell-embedding model ({@code specs/llm-cell-embedding.md}
 * &sect;2.4): each gene's NCBI summary is embedded by a text encoder and cells are expression-weighted averages of
 * their top genes' embeddings; genes without a text are dropped.
 *
 * <p>Sources: a two-column TSV ({@code symbol<TAB>text}, optional header), a JSON object of symbol &rarr; text (the
 * form of GenePT's {@code NCBI_summary_of_genes.json}), or NCBI's {@code gene_info} (its {@code description} column,
 * the full gene name: a weak fallback). Texts are stored as the encoder should see them: line breaks and tabs
 * become spaces, runs of white space collapse to one, and the ends are trimmed (GenePT replaced newlines by
 * spaces). Empty texts count as missing. When a symbol occurs twice the first text is kept.
 *
 * <p>The spec's fallback order (own-species summary, then the human ortholog's summary, then the gene_info full
 * name, then drop) is {@code own.orElse(human.translate(humanToMouse)).orElse(geneInfoNames)}.
 */
public final class GeneDescriptions {
    private final Map<String, String> texts;

    private GeneDescriptions(Map<String, String> texts) { this.texts = texts; }

    /** Descriptions from a map of symbol &rarr; text (normalised as the readers do; empty texts are left out). */
    public static GeneDescriptions of(Map<String, String> texts) {
        Map<String, String> out = new LinkedHashMap<>();
        texts.forEach((s, t) -> {
            if (s == null) throw new IllegalArgumentException("GeneDescriptions.of: null symbol");
            String n = t == null ? "" : normalise(t);
            if (!n.isEmpty()) out.putIfAbsent(s, n);
        });
        return new GeneDescriptions(out);
    }

    /**
     * Reads a two-column TSV (plain or gzip), detecting a header: the first row is a header when it starts with
     * {@code #} or its first field is one of {@code symbol, gene, gene_symbol, gene_name, name} (any case).
     */
    public static GeneDescriptions readTsv(Path file) {
        List<GeneTables.Row> rows = GeneTables.read(file, '\t', 2, 2);
        boolean header = !rows.isEmpty() && isHeader(rows.get(0).field(0));
        return fromRows(file, rows, header);
    }

    /**
     * Reads a two-column TSV (plain or gzip), {@code symbol<TAB>text}.
     *
     * @param header whether the first non-blank row is a header to skip
     * @throws DataFormatException naming the line of a row without exactly two fields or with an empty symbol
     */
    public static GeneDescriptions readTsv(Path file, boolean header) {
        return fromRows(file, GeneTables.read(file, '\t', 2, 2), header);
    }

    private static boolean isHeader(String first) {
        String f = first.strip().toLowerCase(Locale.ROOT);
        return f.startsWith("#") || Set.of("symbol", "gene", "gene_symbol", "gene_name", "name", "genesymbol")
                .contains(f);
    }

    private static GeneDescriptions fromRows(Path file, List<GeneTables.Row> rows, boolean header) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int k = header ? 1 : 0; k < rows.size(); k++) {
            GeneTables.Row row = rows.get(k);
            String symbol = row.field(0).strip();
            if (symbol.isEmpty())
                throw new DataFormatException(file, row.where(), "expected a gene symbol in the first field, found "
                        + "an empty field");
            String text = normalise(row.field(1));
            if (!text.isEmpty()) out.putIfAbsent(symbol, text);
        }
        return new GeneDescriptions(out);
    }

    /**
     * Reads a JSON object of symbol &rarr; text (plain or gzip); null values count as missing.
     *
     * @throws DataFormatException for malformed JSON, a document that is not an object, or a value that is neither a
     *         string nor null (the message names the symbol)
     */
    public static GeneDescriptions readJson(Path file) {
        Object root;
        try {
            root = Json.parse(GeneTables.readBytes(file), 8);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file, null, e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map))
            throw new DataFormatException(file, null, "expected a JSON object of gene symbol -> description text");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String symbol = (String) e.getKey();
            Object v = e.getValue();
            if (v == null) continue;
            if (!(v instanceof String text))
                throw new DataFormatException(file, "\"" + symbol + "\"", "expected a description string or null, "
                        + "found " + (v instanceof Map ? "an object" : v instanceof List ? "an array" : v.toString()));
            String n = normalise(text);
            if (!n.isEmpty()) out.putIfAbsent(symbol, n);
        }
        return new GeneDescriptions(out);
    }

    /**
     * Reads NCBI's {@code gene_info} (tab-separated, plain or gzip, a header line starting with {@code #}, {@code -}
     * for an empty field): Symbol (column 3) &rarr; description (column 9, the full gene name). Only the first 9
     * columns are required.
     */
    public static GeneDescriptions readGeneInfo(Path file) {
        List<GeneTables.Row> rows = GeneTables.read(file, '\t', 9, Integer.MAX_VALUE);
        Map<String, String> out = new LinkedHashMap<>();
        for (GeneTables.Row row : rows) {
            if (row.field(0).startsWith("#")) continue;
            String symbol = row.field(2).strip(), text = row.field(8).strip();
            if (symbol.isEmpty() || symbol.equals("-") || text.equals("-")) continue;
            String n = normalise(text);
            if (!n.isEmpty()) out.putIfAbsent(symbol, n);
        }
        return new GeneDescriptions(out);
    }

    /** Line breaks and tabs to spaces, runs of white space to one space, trimmed. */
    public static String normalise(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = sb.length() > 0;
            } else {
                if (space) sb.append(' ');
                space = false;
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The text of a symbol, or null when there is none. */
    public String get(String symbol) { return texts.get(symbol); }

    /** Whether the symbol has a text. */
    public boolean contains(String symbol) { return texts.containsKey(symbol); }

    /** The number of symbols with a text. */
    public int size() { return texts.size(); }

    /** The symbol &rarr; text entries (unmodifiable). */
    public Map<String, String> asMap() { return Collections.unmodifiableMap(texts); }

    /** These texts, and the fallback's for symbols that have none here. */
    public GeneDescriptions orElse(GeneDescriptions fallback) {
        Map<String, String> out = new LinkedHashMap<>(texts);
        fallback.texts.forEach(out::putIfAbsent);
        return new GeneDescriptions(out);
    }

    /**
     * These texts carried across an ortholog map: target gene t gets the text of the first of its source genes (in
     * {@link OrthologMap#sources} order) that has one. For the spec's mouse fallback:
     * {@code humanSummaries.translate(humanToMouse)}.
     */
    public GeneDescriptions translate(OrthologMap sourceToTarget) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : texts.keySet())
            for (String t : sourceToTarget.targets(s)) {
                if (out.containsKey(t)) continue;
                for (String source : sourceToTarget.sources(t)) {
                    String text = texts.get(source);
                    if (text != null) {
                        out.put(t, text);
                        break;
                    }
                }
            }
        return new GeneDescriptions(out);
    }

    /**
     * The texts of a gene list (an AnnData's var names), for the embedding step.
     *
     * @return one text per gene (null where missing), the positions that have one, and how many are missing
     */
    public Lookup lookup(String[] genes) {
        String[] out = new String[genes.length];
        int[] present = new int[genes.length];
        List<String> someMissing = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < genes.length; i++) {
            out[i] = genes[i] == null ? null : texts.get(genes[i]);
            if (out[i] != null) present[n++] = i;
            else if (someMissing.size() < 10) someMissing.add(genes[i]);
        }
        return new Lookup(out, Arrays.copyOf(present, n), genes.length - n,
                Collections.unmodifiableList(someMissing));
    }

    /**
     * The descriptions of a gene list.
     *
     * @param texts       one text per gene, null where the gene has none
     * @param present     the positions of the genes that have a text (the genes the embedding keeps)
     * @param missing     how many genes have no text
     * @param someMissing up to ten of them, for a message
     */
    public record Lookup(String[] texts, int[] present, int missing, List<String> someMissing) {}

    @Override
    public String toString() { return "GeneDescriptions[" + size() + " genes]"; }
}
