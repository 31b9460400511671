package org.genex.data.io;

import org.genex.data.Column;
import org.genex.data.DataFrame;

import java.util.List;
import java.util.Set;

/**
 * Typing of text columns as pandas' {@code read_csv} infers them, and the left join of a table onto obs.
 *
 * <p>A column is integer when every present value is an integer, float when every present value is a number,
 * boolean when every present value is one of {@code True/TRUE/true/False/FALSE/false}, and string otherwise. The
 * missing markers are pandas' default {@code na_values} (empty, {@code NA}, {@code NaN}, {@code null}, ...). As in
 * pandas, an integer column with missing values becomes float with NaN; booleans and strings with missing values
 * become the nullable kinds.
 */
final class DelimitedTable {
    private DelimitedTable() {}

    static final Set<String> MISSING = Set.of("", "NA", "N/A", "n/a", "NaN", "nan", "-NaN", "-nan", "NULL", "null",
            "None", "<NA>", "#N/A", "#NA", "#N/A N/A", "-1.#IND", "-1.#QNAN", "1.#IND", "1.#QNAN");

    /** The column of these text values, typed as the class comment says. */
    static Column infer(List<String> values) {
        int n = values.size();
        boolean[] missing = new boolean[n];
        boolean anyMissing = false, ints = true, floats = true, bools = true;
        for (int i = 0; i < n; i++) {
            String v = values.get(i);
            if (MISSING.contains(v)) {
                missing[i] = anyMissing = true;
                continue;
            }
            if (ints && !isLong(v)) ints = false;
            if (floats && !ints && !Decimals.isNumber(v.strip())) floats = false;
            if (bools && bool(v) == null) bools = false;
        }
        if (ints && floats && !allMissing(missing)) return numeric(values, missing, anyMissing, true);
        if (floats && !allMissing(missing)) return numeric(values, missing, false, false);
        if (bools && !allMissing(missing)) {
            boolean[] b = new boolean[n];
            for (int i = 0; i < n; i++) if (!missing[i]) b[i] = bool(values.get(i));
            return anyMissing ? new Column.NullableBools(b, missing) : new Column.Bools(b);
        }
        if (allMissing(missing) && n > 0) {
            double[] nan = new double[n];
            java.util.Arrays.fill(nan, Double.NaN);
            return new Column.Floats(nan);
        }
        String[] s = new String[n];
        for (int i = 0; i < n; i++) s[i] = missing[i] ? "" : values.get(i);
        return anyMissing ? new Column.NullableStrings(s, missing) : new Column.Strings(s);
    }

    private static Column numeric(List<String> values, boolean[] missing, boolean anyMissing, boolean ints) {
        int n = values.size();
        if (ints && !anyMissing) {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) out[i] = Long.parseLong(values.get(i).strip());
            return new Column.Ints(out);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            if (missing[i]) {
                out[i] = Double.NaN;
            } else {
                byte[] b = values.get(i).strip().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                out[i] = Decimals.parseDouble(b, 0, b.length);
            }
        }
        return new Column.Floats(out);
    }

    private static boolean isLong(String v) {
        String s = v.strip();
        int i = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
        if (i == s.length() || s.length() - i > 18) return false;
        for (; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    private static Boolean bool(String v) {
        return switch (v) {
            case "True", "TRUE", "true" -> Boolean.TRUE;
            case "False", "FALSE", "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static boolean allMissing(boolean[] missing) {
        for (boolean m : missing) if (!m) return false;
        return true;
    }

    /**
     * Rows {@code pos} of a column, {@code -1} giving a missing value: NaN for floats (integers turn float, as pandas'
     * join does), the nullable kinds for booleans and strings, code -1 for categoricals.
     */
    static Column take(Column c, int[] pos) {
        int n = pos.length;
        boolean any = false;
        boolean[] mask = new boolean[n];
        for (int i = 0; i < n; i++) any |= mask[i] = pos[i] < 0;
        if (!any) return c.select(pos);
        int[] safe = new int[n];
        for (int i = 0; i < n; i++) safe[i] = Math.max(pos[i], 0);
        if (c.size() == 0) {
            double[] nan = new double[n];
            java.util.Arrays.fill(nan, Double.NaN);
            return new Column.Floats(nan);
        }
        Column s = c.select(safe);
        return switch (s) {
            case Column.Floats f -> withNaN(f.values(), mask);
            case Column.Ints x -> withNaN(x.toDoubles(), mask);
            case Column.NullableInts x -> new Column.NullableInts(x.values(), or(x.mask(), mask));
            case Column.Bools b -> new Column.NullableBools(b.values(), mask);
            case Column.NullableBools b -> new Column.NullableBools(b.values(), or(b.mask(), mask));
            case Column.Strings t -> new Column.NullableStrings(t.values(), mask);
            case Column.NullableStrings t -> new Column.NullableStrings(t.values(), or(t.mask(), mask));
            case Column.Categorical k -> {
                int[] codes = k.codes().clone();
                for (int i = 0; i < n; i++) if (mask[i]) codes[i] = -1;
                yield new Column.Categorical(codes, k.categories(), k.ordered());
            }
        };
    }

    private static Column.Floats withNaN(double[] v, boolean[] mask) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) if (mask[i]) out[i] = Double.NaN;
        return new Column.Floats(out);
    }

    private static boolean[] or(boolean[] a, boolean[] b) {
        boolean[] out = new boolean[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] || b[i];
        return out;
    }

    /** Adds every column of {@code table} to {@code obs}, matching rows by name; absent names get missing values. */
    static void joinInto(DataFrame obs, DataFrame table) {
        for (String k : table.columnNames())
            if (obs.has(k))
                throw new IllegalArgumentException("joinObs: obs already has a column '" + k + "'");
        int[] pos = new int[obs.rows()];
        for (int i = 0; i < pos.length; i++) pos[i] = table.indexOf(obs.index()[i]);
        table.columns().forEach((k, c) -> obs.put(k, take(c, pos)));
    }
}
