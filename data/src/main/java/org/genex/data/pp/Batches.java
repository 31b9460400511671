package org.genex.data.pp;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import org.genex.data.Column;

/**
 * A grouping of cells into batches: {@code codes[i]} in {@code [0, names.length)} is cell i's batch. Built from an
 * {@code obs} column as scanpy reads {@code obs[batch_key]}: a categorical keeps its categories (in order), a
 * string, integer or boolean column becomes the sorted distinct values (scanpy's {@code sanitize_anndata} /
 * {@code np.unique}). Cells without a value are rejected.
 */
public record Batches(int[] codes, String[] names) {
    public Batches {
        for (int i = 0; i < codes.length; i++)
            if (codes[i] < 0 || codes[i] >= names.length)
                throw new IllegalArgumentException("batches: code " + codes[i] + " of cell " + i + " is outside 0.."
                        + (names.length - 1));
    }

    /** Every cell in one batch. */
    public static Batches single(int nCells) { return new Batches(new int[nCells], new String[]{"0"}); }

    /** The batches of an obs column (named {@code key} in messages). */
    public static Batches of(String key, Column c) {
        return switch (c) {
            case Column.Categorical cat -> {
                for (int i = 0; i < cat.size(); i++)
                    if (cat.codes()[i] < 0)
                        throw new IllegalArgumentException("batch_key '" + key + "': cell " + i + " has no category");
                yield new Batches(cat.codes().clone(), cat.categories().clone());
            }
            case Column.Strings s -> fromLabels(s.values());
            case Column.Ints n -> {
                TreeSet<Long> distinct = new TreeSet<>();
                for (long v : n.values()) distinct.add(v);
                Map<Long, Integer> code = new LinkedHashMap<>();
                for (long v : distinct) code.put(v, code.size());
                int[] codes = new int[n.size()];
                for (int i = 0; i < codes.length; i++) codes[i] = code.get(n.values()[i]);
                yield new Batches(codes, distinct.stream().map(String::valueOf).toArray(String[]::new));
            }
            case Column.Bools b -> {
                String[] labels = new String[b.size()];
                for (int i = 0; i < labels.length; i++) labels[i] = b.values()[i] ? "True" : "False";
                yield fromLabels(labels);
            }
            default -> throw new IllegalArgumentException("batch_key '" + key + "': a "
                    + c.getClass().getSimpleName() + " column cannot group cells (use a categorical, string, "
                    + "integer or boolean column without missing values)");
        };
    }

    private static Batches fromLabels(String[] labels) {
        String[] names = Arrays.stream(labels).distinct().sorted().toArray(String[]::new);
        int[] codes = new int[labels.length];
        for (int i = 0; i < codes.length; i++) codes[i] = Arrays.binarySearch(names, labels[i]);
        return new Batches(codes, names);
    }

    /** The number of batches. */
    public int count() { return names.length; }

    /** The cells of batch b, in order. */
    public int[] cells(int b) {
        int n = 0;
        for (int c : codes) if (c == b) n++;
        int[] out = new int[n];
        for (int i = 0, j = 0; i < codes.length; i++) if (codes[i] == b) out[j++] = i;
        return out;
    }
}
