package org.genex.data.genes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.genex.data.io.DataFormatException;

/**
 * Ensembl / GENCODE gene id &rarr; gene symbol, as in celltypist's {@code GENCODEv44_Gene_id2name.csv} (two columns
 * {@code id,symbol}, no header, ids without a version suffix): the table that maps 10x feature ids or h5ad
 * {@code gene_ids} to the symbols that vocabularies, description tables and ortholog tables use.
 *
 * <p>Lookups accept versioned ids: {@code ENSG00000223972.5} (and GENCODE's {@code ENSG00000182378.14_PAR_Y}) are
 * looked up as {@code ENSG00000223972} when the versioned form itself is not in the table ({@link #stripVersion}).
 *
 * <p>The map is not invertible: in GENCODE v44, 343 symbols belong to more than one id. The inverse is therefore a
 * multimap, {@link #ids(String)}, with ids in file order.
 */
public final class GeneIdMap {
    private static final Pattern VERSION = Pattern.compile("\\.\\d+(_PAR_[XY])?$");

    private final Map<String, String> symbolById;
    private final Map<String, List<String>> idsBySymbol;

    private GeneIdMap(Map<String, String> symbolById) {
        this.symbolById = symbolById;
        Map<String, List<String>> inverse = new HashMap<>(symbolById.size() * 2);
        symbolById.forEach((id, symbol) -> inverse.computeIfAbsent(symbol, k -> new ArrayList<>(1)).add(id));
        inverse.replaceAll((k, v) -> List.copyOf(v));
        this.idsBySymbol = inverse;
    }

    /**
     * Reads a two-column {@code id,symbol} CSV without header (plain or gzip). Blank lines are skipped; an id that
     * appears twice must name the same symbol both times.
     *
     * @throws DataFormatException naming the line of a row without two fields, with an empty id or symbol, or with
     *         an id given two different symbols
     */
    public static GeneIdMap read(Path file) {
        Map<String, String> map = new LinkedHashMap<>();
        for (GeneTables.Row row : GeneTables.read(file, ',', 2, 2)) {
            String id = row.field(0).strip(), symbol = row.field(1).strip();
            if (id.isEmpty() || symbol.isEmpty())
                throw new DataFormatException(file, row.where(), "expected a gene id and a symbol, found an empty "
                        + (id.isEmpty() ? "id" : "symbol"));
            String previous = map.putIfAbsent(id, symbol);
            if (previous != null && !previous.equals(symbol))
                throw new DataFormatException(file, row.where(), "id " + id + " maps to " + symbol
                        + " but an earlier line mapped it to " + previous);
        }
        return new GeneIdMap(map);
    }

    /** A map over these entries (id &rarr; symbol), in the map's iteration order. */
    public static GeneIdMap of(Map<String, String> symbolById) {
        Map<String, String> copy = new LinkedHashMap<>();
        symbolById.forEach((id, symbol) -> {
            if (id == null || symbol == null)
                throw new IllegalArgumentException("GeneIdMap.of: null id or symbol (" + id + " -> " + symbol + ")");
            copy.put(id, symbol);
        });
        return new GeneIdMap(copy);
    }

    /** The id without its version suffix ({@code ENSG00000223972.5} &rarr; {@code ENSG00000223972}). */
    public static String stripVersion(String id) {
        return VERSION.matcher(id).replaceFirst("");
    }

    /** The symbol of this id (exact, then without its version suffix), or null when the table does not have it. */
    public String symbol(String id) {
        if (id == null) return null;
        String s = symbolById.get(id);
        return s != null ? s : symbolById.get(stripVersion(id));
    }

    /** The symbol of this id, or {@code fallback} when the table does not have it. */
    public String symbolOr(String id, String fallback) {
        String s = symbol(id);
        return s != null ? s : fallback;
    }

    /** Whether the table has this id (with or without its version suffix). */
    public boolean containsId(String id) { return symbol(id) != null; }

    /** Every id of this symbol, in file order; empty when the symbol is unknown. */
    public List<String> ids(String symbol) { return idsBySymbol.getOrDefault(symbol, List.of()); }

    /** The symbols shared by more than one id, sorted. */
    public Set<String> ambiguousSymbols() {
        Set<String> out = new TreeSet<>();
        idsBySymbol.forEach((s, ids) -> { if (ids.size() > 1) out.add(s); });
        return Collections.unmodifiableSet(out);
    }

    /** The number of ids. */
    public int size() { return symbolById.size(); }

    /** The number of distinct symbols. */
    public int symbolCount() { return idsBySymbol.size(); }

    /** The id &rarr; symbol entries (unmodifiable, file order). */
    public Map<String, String> asMap() { return Collections.unmodifiableMap(symbolById); }

    /**
     * The symbols of a list of ids (such as an AnnData's {@code var['gene_ids']}).
     *
     * @param keepUnknown when true an unknown id stands for itself (scanpy's habit of keeping the id where there is
     *                    no symbol); when false it becomes null
     */
    public Symbols toSymbols(String[] ids, boolean keepUnknown) {
        String[] out = new String[ids.length];
        List<String> unknown = new ArrayList<>();
        int missing = 0;
        for (int i = 0; i < ids.length; i++) {
            String s = symbol(ids[i]);
            if (s == null) {
                missing++;
                if (unknown.size() < 10) unknown.add(ids[i]);
                s = keepUnknown ? ids[i] : null;
            }
            out[i] = s;
        }
        return new Symbols(out, missing, Collections.unmodifiableList(unknown));
    }

    /**
     * The result of {@link #toSymbols}: one symbol per id (null or the id itself where unknown), how many ids were
     * unknown, and up to ten of them for a message.
     */
    public record Symbols(String[] symbols, int unknownCount, List<String> someUnknown) {}

    @Override
    public String toString() {
        return "GeneIdMap[" + size() + " ids, " + symbolCount() + " symbols]";
    }
}
