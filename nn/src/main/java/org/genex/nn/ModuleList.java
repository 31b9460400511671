package org.genex.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** Modules held in a list, named "0", "1", ... (PyTorch's {@code nn.ModuleList}, e.g. a stack's layers). */
public final class ModuleList<M extends Module> extends Module implements Iterable<M> {
    private final List<M> items = new ArrayList<>();

    @SafeVarargs
    public ModuleList(M... modules) {
        for (M m : modules) add(m);
    }

    public ModuleList(List<M> modules) {
        for (M m : modules) add(m);
    }

    private void add(M m) {
        module(Integer.toString(items.size()), m);
        items.add(m);
    }

    public M get(int i) { return items.get(i); }

    public int count() { return items.size(); }

    @Override
    public Iterator<M> iterator() { return Collections.unmodifiableList(items).iterator(); }
}
