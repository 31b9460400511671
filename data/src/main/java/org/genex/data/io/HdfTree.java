package org.genex.data.io;

import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;
import io.jhdf.api.WritableNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HDF5 file to be written, as a tree of groups and datasets with their attributes, built (and so validated)
 * entirely in memory before any byte is written; {@link #emit} then hands it to jHDF. Datasets are
 * {@link EncodedDataset}s, attributes {@link HdfTypes#attribute} values.
 */
final class HdfTree {
    private HdfTree() {}

    sealed interface Node permits Group, Data {
        Map<String, Object> attrs();

        /** Sets {@code encoding-type} and {@code encoding-version}, as every anndata element carries them. */
        default Node encoding(String type, String version) {
            attrs().put("encoding-type", type);
            attrs().put("encoding-version", version);
            return this;
        }
    }

    /** A group: named children in insertion order. */
    record Group(String path, Map<String, Object> attrs, Map<String, Node> children) implements Node {
        Group(String path) { this(path, new LinkedHashMap<>(), new LinkedHashMap<>()); }

        /** The path a child of this group would have. */
        String child(String name) { return path.equals("/") ? "/" + name : path + "/" + name; }

        /** Adds a child after checking that its name is a valid, new HDF5 link name. */
        Group put(String name, Node node) {
            if (name == null || name.isEmpty() || name.equals(".") || name.contains("/"))
                throw new IllegalArgumentException(child(String.valueOf(name)) + ": '" + name
                        + "' is not a valid HDF5 name (empty, '.' or containing '/')");
            if (children.containsKey(name))
                throw new IllegalArgumentException(child(name) + ": written twice");
            children.put(name, node);
            return this;
        }
    }

    /**
     * A dataset: {@code prod(dims)} elements of {@code array} from {@code offset} (empty dims: a scalar), or, when
     * {@code array} is {@link EncodedDataset.Records}, a 1-d compound dataset of {@code dims[0]} records.
     */
    record Data(HdfTypes.Encoded type, Object array, int offset, long[] dims, Map<String, Object> attrs)
            implements Node {
        Data(HdfTypes.Encoded type, Object array, int offset, long... dims) {
            this(type, array, offset, dims, new LinkedHashMap<>());
        }
    }

    /** The largest object header message HDF5 has room for (its size field is 16 bits). */
    static final int MAX_MESSAGE_BYTES = 65_535;

    /**
     * Checks that every attribute fits one object header message: jHDF writes attributes compactly in the header
     * (it cannot write HDF5's dense attribute storage) and would otherwise produce a corrupt file, which happens
     * for instance with the column-order of a table of several thousand columns.
     */
    static void validate(Group group) {
        checkAttributes(group.path(), group.attrs());
        for (Map.Entry<String, Node> e : group.children().entrySet()) {
            switch (e.getValue()) {
                case Group g -> validate(g);
                case Data d -> checkAttributes(group.child(e.getKey()), d.attrs());
            }
        }
    }

    private static void checkAttributes(String path, Map<String, Object> attrs) {
        attrs.forEach((name, value) -> {
            var a = (HdfTypes.EncodedAttribute) HdfTypes.attribute(null, name, value);
            long bytes = 9L + name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1
                    + a.type().toBuffer().capacity() + a.space().toBuffer().capacity() + a.bytes().length;
            if (bytes > MAX_MESSAGE_BYTES)
                throw new IllegalArgumentException(path + "@" + name + ": the attribute needs " + bytes
                        + " bytes, more than the " + MAX_MESSAGE_BYTES + " an HDF5 object header message holds");
        });
    }

    /** Writes the attributes and children of {@code group} into jHDF's {@code target} (the file or a group). */
    static void emit(Group group, WritableGroup target) {
        putAttributes(group.attrs(), target);
        for (Map.Entry<String, Node> e : group.children().entrySet()) {
            String name = e.getKey();
            switch (e.getValue()) {
                case Group g -> emit(g, target.putGroup(name));
                case Data d -> {
                    WritableDataset ds = target.putDataset(name, d.array() instanceof EncodedDataset.Records r
                            ? EncodedDataset.records(target, name, d.type(), r.columns(), (int) d.dims()[0])
                            : EncodedDataset.of(target, name, d.type(), d.array(), d.offset(), d.dims()));
                    putAttributes(d.attrs(), ds);
                }
            }
        }
    }

    private static void putAttributes(Map<String, Object> attrs, WritableNode node) {
        // jHDF's attribute map is live; an encoded attribute carries its own datatype (see HdfTypes)
        attrs.forEach((name, value) -> node.getAttributes().put(name, HdfTypes.attribute(node, name, value)));
    }
}
