package org.genex.tensor;

/** Validation shared by the compressed sparse formats. */
final class SparseChecks {
    private SparseChecks() {}

    /** Checks a compressed layout with {@code major} pointers into entries whose indices are below {@code minor}. */
    static void check(String kind, int major, int minor, int[] indptr, int[] indices, float[] values) {
        if (major < 0 || minor < 0)
            throw new IllegalArgumentException(kind + ": negative shape " + major + " x " + minor);
        if (indptr == null || indices == null || values == null)
            throw new IllegalArgumentException(kind + ": indptr, indices and values must not be null");
        if (indptr.length != major + 1)
            throw new IllegalArgumentException(kind + ": indptr has " + indptr.length + " entries, expected "
                    + (major + 1));
        if (indptr[0] != 0) throw new IllegalArgumentException(kind + ": indptr[0] is " + indptr[0] + ", expected 0");
        int nnz = indptr[major];
        if (indices.length < nnz || values.length < nnz)
            throw new IllegalArgumentException(kind + ": indptr ends at " + nnz + " but indices has " + indices.length
                    + " and values " + values.length + " entries");
        for (int i = 0; i < major; i++) {
            if (indptr[i + 1] < indptr[i])
                throw new IllegalArgumentException(kind + ": indptr decreases at " + i + " (" + indptr[i] + " > "
                        + indptr[i + 1] + ")");
        }
        for (int e = 0; e < nnz; e++) {
            if (indices[e] < 0 || indices[e] >= minor)
                throw new IllegalArgumentException(kind + ": index " + indices[e] + " of entry " + e
                        + " is out of range [0, " + minor + ")");
        }
    }

    static boolean canonical(int major, int[] indptr, int[] indices) {
        for (int i = 0; i < major; i++)
            for (int e = indptr[i] + 1; e < indptr[i + 1]; e++)
                if (indices[e] <= indices[e - 1]) return false;
        return true;
    }
}
