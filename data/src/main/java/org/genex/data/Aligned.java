package org.genex.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A named collection of elements aligned with AnnData's axes ({@code obsm}, {@code varm}, {@code obsp},
 * {@code varp}, {@code layers}), which checks every element's shape as it is added, so an AnnData is never out of
 * step with itself. Insertion order is kept (it is the order written to files).
 *
 * @param <V> {@link Matrix} or {@link AxisElement}
 */
public final class Aligned<V extends AxisElement> {
    private final String name;
    private final Function<V, String> check; // null when the element fits, else what is wrong
    private final LinkedHashMap<String, V> entries = new LinkedHashMap<>();

    Aligned(String name, Function<V, String> check) {
        this.name = name;
        this.check = check;
    }

    /** Adds or replaces an entry after checking its shape. Returns the previous one, or null. */
    public V put(String key, V value) {
        String problem = check.apply(value);
        if (problem != null) throw new IllegalArgumentException(name + "['" + key + "']: " + problem);
        return entries.put(key, value);
    }

    /** The entry, or an exception naming the keys there are. */
    public V get(String key) {
        V v = entries.get(key);
        if (v == null) throw new IllegalArgumentException("no " + name + "['" + key + "']; keys: " + entries.keySet());
        return v;
    }

    /** The entry as a matrix, or an exception if it is absent or a data frame. */
    public Matrix matrix(String key) {
        if (get(key) instanceof Matrix m) return m;
        throw new IllegalArgumentException(name + "['" + key + "'] is a data frame, not a matrix");
    }

    public boolean has(String key) { return entries.containsKey(key); }
    public V remove(String key) { return entries.remove(key); }
    public Set<String> keySet() { return Collections.unmodifiableSet(entries.keySet()); }
    public Map<String, V> asMap() { return Collections.unmodifiableMap(entries); }
    public int size() { return entries.size(); }
    public boolean isEmpty() { return entries.isEmpty(); }

    /** Puts every entry of another collection (each is checked). */
    void putAll(Map<String, ? extends V> other) { other.forEach(this::put); }

    @Override public String toString() { return name + entries.keySet(); }
}
