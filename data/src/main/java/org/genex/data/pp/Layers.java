package org.genex.data.pp;

import org.genex.data.AnnData;
import org.genex.data.Matrix;

/**
 * Which matrix a preprocessing step reads and writes: {@code X}, or a layer named by the step's {@code layer}
 * argument, as scanpy's {@code _get_obs_rep} / {@code _set_obs_rep} do.
 *
 * <p>The steps of this package never write into a matrix's arrays: each builds a new matrix and puts it in place of
 * the old. So keeping the raw counts before normalising is {@code Layers.copyX(adata, "counts")} (scanpy's
 * {@code adata.layers["counts"] = adata.X.copy()}), which shares the arrays instead of copying them, and the layer
 * keeps the counts whatever is done to X afterwards.
 */
public final class Layers {
    private Layers() {}

    /** X when {@code layer} is null, else {@code layers[layer]}; an exception naming what is missing. */
    public static Matrix get(AnnData adata, String layer) {
        if (layer == null) return adata.requireX();
        if (!adata.layers().has(layer))
            throw new IllegalArgumentException("layer '" + layer + "' not found; layers: " + adata.layers().keySet());
        return adata.layers().get(layer);
    }

    /** Sets X (layer null) or {@code layers[layer]}. */
    public static void set(AnnData adata, String layer, Matrix m) {
        if (layer == null) adata.setX(m);
        else adata.layers().put(layer, m);
    }

    /**
     * Keeps the current X as {@code layers[name]} (scanpy: {@code adata.layers[name] = adata.X.copy()}). No copy is
     * needed: genex's preprocessing replaces X rather than modifying it.
     */
    public static void copyX(AnnData adata, String name) {
        adata.layers().put(name, adata.requireX());
    }
}
