package org.genex.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One column of an {@code obs} or {@code var} table, with the types h5ad can store. Values are held as read:
 * numbers in double or long, categoricals as codes into a category list ({@code -1} is missing, as in pandas), and
 * the nullable kinds as values plus a mask ({@code true} = missing).
 *
 * <p>Columns are immutable by convention: they wrap their arrays without copying, and no method modifies them.
 */
public sealed interface Column {

    int size();

    /** The rows {@code index}, in that order. */
    Column select(int[] index);

    /** Value i as text, as pandas would print it ({@code "NaN"} for a missing value). */
    String format(int i);

    /** A float column (float32 or float64 on disk; {@code float32} says which is written back). */
    record Floats(double[] values, boolean float32) implements Column {
        public Floats(double[] values) { this(values, false); }
        @Override public int size() { return values.length; }
        @Override public Floats select(int[] index) { return new Floats(pick(values, index), float32); }
        @Override public String format(int i) { return Double.toString(values[i]); }
    }

    /** An integer column (any signed or unsigned integer type on disk, held as long). */
    record Ints(long[] values) implements Column {
        @Override public int size() { return values.length; }
        @Override public Ints select(int[] index) {
            long[] out = new long[index.length];
            for (int i = 0; i < index.length; i++) out[i] = values[index[i]];
            return new Ints(out);
        }
        @Override public String format(int i) { return Long.toString(values[i]); }
    }

    /** A boolean column. */
    record Bools(boolean[] values) implements Column {
        @Override public int size() { return values.length; }
        @Override public Bools select(int[] index) {
            boolean[] out = new boolean[index.length];
            for (int i = 0; i < index.length; i++) out[i] = values[index[i]];
            return new Bools(out);
        }
        @Override public String format(int i) { return values[i] ? "True" : "False"; }
    }

    /** A string column ({@code string-array}); no element is null. */
    record Strings(String[] values) implements Column {
        public Strings {
            for (int i = 0; i < values.length; i++)
                Objects.requireNonNull(values[i], () -> "Column.Strings: null value; use NullableStrings for missing");
        }
        @Override public int size() { return values.length; }
        @Override public Strings select(int[] index) {
            String[] out = new String[index.length];
            for (int i = 0; i < index.length; i++) out[i] = values[index[i]];
            return new Strings(out);
        }
        @Override public String format(int i) { return values[i]; }
    }

    /**
     * A categorical column: {@code codes[i]} indexes {@code categories}, {@code -1} marks a missing value. Subsets
     * keep every category, as pandas does.
     */
    record Categorical(int[] codes, String[] categories, boolean ordered) implements Column {
        public Categorical {
            for (int i = 0; i < codes.length; i++)
                if (codes[i] < -1 || codes[i] >= categories.length)
                    throw new IllegalArgumentException("Column.Categorical: code " + codes[i] + " at row " + i
                            + " is outside -1.." + (categories.length - 1));
        }

        /** The categorical of these labels, with categories in sorted order (pandas' default); null is missing. */
        public static Categorical of(String... labels) {
            String[] cats = Arrays.stream(labels).filter(Objects::nonNull).distinct().sorted().toArray(String[]::new);
            int[] codes = new int[labels.length];
            for (int i = 0; i < labels.length; i++)
                codes[i] = labels[i] == null ? -1 : Arrays.binarySearch(cats, labels[i]);
            return new Categorical(codes, cats, false);
        }

        @Override public int size() { return codes.length; }
        @Override public Categorical select(int[] index) {
            int[] out = new int[index.length];
            for (int i = 0; i < index.length; i++) out[i] = codes[index[i]];
            return new Categorical(out, categories, ordered);
        }
        /** The label of row i, or null when it is missing. */
        public String label(int i) { return codes[i] < 0 ? null : categories[codes[i]]; }
        @Override public String format(int i) { return codes[i] < 0 ? "NaN" : categories[codes[i]]; }
    }

    /** A nullable integer column ({@code nullable-integer}): {@code mask[i]} true means missing. */
    record NullableInts(long[] values, boolean[] mask) implements Column {
        public NullableInts { sameLength("NullableInts", values.length, mask.length); }
        @Override public int size() { return values.length; }
        @Override public NullableInts select(int[] index) {
            return new NullableInts(new Ints(values).select(index).values(), new Bools(mask).select(index).values());
        }
        @Override public String format(int i) { return mask[i] ? "<NA>" : Long.toString(values[i]); }
    }

    /** A nullable boolean column ({@code nullable-boolean}): {@code mask[i]} true means missing. */
    record NullableBools(boolean[] values, boolean[] mask) implements Column {
        public NullableBools { sameLength("NullableBools", values.length, mask.length); }
        @Override public int size() { return values.length; }
        @Override public NullableBools select(int[] index) {
            return new NullableBools(new Bools(values).select(index).values(), new Bools(mask).select(index).values());
        }
        @Override public String format(int i) { return mask[i] ? "<NA>" : values[i] ? "True" : "False"; }
    }

    /** A nullable string column ({@code nullable-string-array}): {@code mask[i]} true means missing. */
    record NullableStrings(String[] values, boolean[] mask) implements Column {
        public NullableStrings { sameLength("NullableStrings", values.length, mask.length); }
        @Override public int size() { return values.length; }
        @Override public NullableStrings select(int[] index) {
            String[] out = new String[index.length];
            for (int i = 0; i < index.length; i++) out[i] = values[index[i]];
            return new NullableStrings(out, new Bools(mask).select(index).values());
        }
        @Override public String format(int i) { return mask[i] ? "<NA>" : values[i]; }
    }

    /** The column as doubles: numbers as they are, booleans as 0/1, missing values as NaN. */
    default double[] toDoubles() {
        int n = size();
        double[] out = new double[n];
        switch (this) {
            case Floats f -> System.arraycopy(f.values(), 0, out, 0, n);
            case Ints c -> { for (int i = 0; i < n; i++) out[i] = c.values()[i]; }
            case Bools b -> { for (int i = 0; i < n; i++) out[i] = b.values()[i] ? 1 : 0; }
            case NullableInts c -> { for (int i = 0; i < n; i++) out[i] = c.mask()[i] ? Double.NaN : c.values()[i]; }
            case NullableBools b -> {
                for (int i = 0; i < n; i++) out[i] = b.mask()[i] ? Double.NaN : b.values()[i] ? 1 : 0;
            }
            case Strings s -> throw new IllegalArgumentException("a string column has no numeric values");
            case NullableStrings s -> throw new IllegalArgumentException("a string column has no numeric values");
            case Categorical c -> throw new IllegalArgumentException("a categorical column has no numeric values");
        }
        return out;
    }

    /** The column as text, one string per row ({@link #format}); categorical labels for categoricals. */
    default String[] toStrings() {
        String[] out = new String[size()];
        for (int i = 0; i < out.length; i++) out[i] = format(i);
        return out;
    }

    private static double[] pick(double[] v, int[] index) {
        double[] out = new double[index.length];
        for (int i = 0; i < index.length; i++) out[i] = v[index[i]];
        return out;
    }

    private static void sameLength(String kind, int values, int mask) {
        if (values != mask)
            throw new IllegalArgumentException("Column." + kind + ": " + values + " values but a mask of " + mask);
    }
}
