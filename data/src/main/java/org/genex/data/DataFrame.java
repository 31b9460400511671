package org.genex.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table with a string index and named, typed {@link Column}s in order: an AnnData {@code obs} or {@code var}
 * table, or a data frame inside {@code obsm}. Like pandas, the index names the rows (cell barcodes, gene symbols)
 * and need not be unique; {@link AnnData#varNamesMakeUnique()} makes it so.
 *
 * <p>The index is fixed; columns can be added, replaced and removed ({@link #put}, {@link #remove}), and every
 * column must have one value per row.
 */
public final class DataFrame implements AxisElement {
    private final String[] index;
    private final String indexName;
    private final LinkedHashMap<String, Column> columns = new LinkedHashMap<>();
    private Map<String, Integer> positions; // built on first lookup by name

    /** An empty table (no columns) with this index; the index is named {@code _index} as anndata writes it. */
    public DataFrame(String[] index) { this(index, "_index"); }

    /** An empty table with this index, whose name is written as the {@code _index} attribute of h5ad. */
    public DataFrame(String[] index, String indexName) {
        for (int i = 0; i < index.length; i++)
            if (index[i] == null) throw new IllegalArgumentException("DataFrame: index entry " + i + " is null");
        this.index = index;
        this.indexName = indexName;
    }

    /** A table of n rows named "0", "1", ..., as anndata names the rows it has no names for. */
    public static DataFrame ofRange(int n) {
        String[] names = new String[n];
        for (int i = 0; i < n; i++) names[i] = Integer.toString(i);
        return new DataFrame(names);
    }

    @Override public int rows() { return index.length; }

    /** The row names (the backing array; do not modify). */
    public String[] index() { return index; }

    /** The name the index is stored under in h5ad ({@code _index} by default). */
    public String indexName() { return indexName; }

    /** Column names, in order. */
    public List<String> columnNames() { return List.copyOf(columns.keySet()); }

    public Set<String> keySet() { return Collections.unmodifiableSet(columns.keySet()); }

    public boolean has(String name) { return columns.containsKey(name); }

    /** The column, or an exception naming the columns there are. */
    public Column get(String name) {
        Column c = columns.get(name);
        if (c == null) throw new IllegalArgumentException("no column '" + name + "'; columns: " + columns.keySet());
        return c;
    }

    /** The columns in order (unmodifiable). */
    public Map<String, Column> columns() { return Collections.unmodifiableMap(columns); }

    /** Adds or replaces a column; it must have one value per row. Returns this table. */
    public DataFrame put(String name, Column column) {
        if (column.size() != index.length)
            throw new IllegalArgumentException("column '" + name + "' has " + column.size() + " values, the table "
                    + index.length + " rows");
        columns.put(name, column);
        return this;
    }

    public DataFrame put(String name, double[] values) { return put(name, new Column.Floats(values)); }
    public DataFrame put(String name, boolean[] values) { return put(name, new Column.Bools(values)); }
    public DataFrame put(String name, String[] values) { return put(name, new Column.Strings(values)); }

    /** Removes a column if present. Returns this table. */
    public DataFrame remove(String name) {
        columns.remove(name);
        return this;
    }

    /** Position of the first row with this name, or -1. */
    public int indexOf(String name) {
        if (positions == null) {
            Map<String, Integer> m = new HashMap<>(index.length * 2);
            for (int i = index.length - 1; i >= 0; i--) m.put(index[i], i);
            positions = m;
        }
        return positions.getOrDefault(name, -1);
    }

    /** Positions of these row names, or an exception listing (some of) the names not found. */
    public int[] positions(String... names) {
        int[] out = new int[names.length];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            out[i] = indexOf(names[i]);
            if (out[i] < 0 && missing.size() < 5) missing.add(names[i]);
        }
        if (!missing.isEmpty())
            throw new IllegalArgumentException("names not in the index: " + missing
                    + (missing.size() == 5 ? " ..." : ""));
        return out;
    }

    /** The rows {@code index}, in that order, with every column. */
    @Override
    public DataFrame selectRows(int[] rows) {
        String[] names = new String[rows.length];
        for (int i = 0; i < rows.length; i++) names[i] = index[checkRow(rows[i])];
        DataFrame out = new DataFrame(names, indexName);
        columns.forEach((k, c) -> out.columns.put(k, c.select(rows)));
        return out;
    }

    /** A copy with another index (same columns, same length). */
    public DataFrame withIndex(String[] newIndex) {
        if (newIndex.length != index.length)
            throw new IllegalArgumentException("new index has " + newIndex.length + " names, the table " + index.length
                    + " rows");
        DataFrame out = new DataFrame(newIndex, indexName);
        out.columns.putAll(columns);
        return out;
    }

    /** A shallow copy: same index and column objects, its own column map. */
    public DataFrame copy() { return withIndex(index); }

    private int checkRow(int r) {
        if (r < 0 || r >= index.length)
            throw new IndexOutOfBoundsException("row " + r + " outside a table of " + index.length + " rows");
        return r;
    }

    @Override
    public String toString() { return "DataFrame[" + index.length + " rows; columns " + columns.keySet() + "]"; }
}
