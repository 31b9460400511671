package org.genex.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Row-name helpers shared by the readers and {@link AnnData}. */
public final class Names {
    private Names() {}

    /**
     * Names made unique as anndata's {@code make_index_unique} (behind scanpy's {@code var_names_make_unique}) does:
     * the first occurrence keeps its name; each later duplicate {@code v} becomes {@code v-1}, {@code v-2}, ...
     * (per-name counters, in order of appearance), skipping any candidate that is already a name.
     *
     * @return the same array when all names are distinct, otherwise a new one
     */
    public static String[] makeUnique(String[] names, String join) {
        Set<String> seen = new HashSet<>(names.length * 2);
        boolean[] dup = new boolean[names.length];
        boolean any = false;
        for (int i = 0; i < names.length; i++)
            if (!seen.add(names[i])) dup[i] = any = true;
        if (!any) return names;
        String[] out = Arrays.copyOf(names, names.length);
        Set<String> taken = new HashSet<>(Arrays.asList(names));
        Map<String, Integer> counter = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (!dup[i]) continue;
            String v = names[i];
            while (true) {
                int k = counter.merge(v, 1, Integer::sum);
                String candidate = v + join + k;
                if (taken.add(candidate)) {
                    out[i] = candidate;
                    break;
                }
            }
        }
        return out;
    }

    /** {@code makeUnique(names, "-")}. */
    public static String[] makeUnique(String[] names) { return makeUnique(names, "-"); }

    /** Whether every name is distinct. */
    public static boolean unique(String[] names) {
        Set<String> seen = new HashSet<>(names.length * 2);
        for (String n : names) if (!seen.add(n)) return false;
        return true;
    }
}
