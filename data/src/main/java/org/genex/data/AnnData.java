package org.genex.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * An annotated data matrix, as anndata defines it and h5ad stores it: {@code X} with observations (cells) as rows
 * and variables (genes) as columns, the {@code obs} and {@code var} tables that name and describe them, and the
 * aligned collections around them.
 *
 * <pre>
 *   X        (n_obs, n_vars)  dense, CSR or CSC; may be absent
 *   obs      n_obs rows       cell names and annotations        var   n_vars rows   gene names and annotations
 *   obsm     (n_obs, *)       embeddings (X_pca, X_umap, spatial) varm  (n_vars, *)   loadings (PCs)
 *   obsp     (n_obs, n_obs)   cell graphs (connectivities)      varp  (n_vars, n_vars)
 *   layers   (n_obs, n_vars)  other versions of X (counts)
 *   uns      nested map       everything else (parameters, colours, results)
 *   raw      X and var of an earlier stage (often with more genes), same cells
 * </pre>
 *
 * <p>Like anndata, an AnnData is a mutable container whose pieces are shared, not copied: subsetting builds new
 * containers over new arrays, while {@link #obs()} and friends return the live objects. Every element added to an
 * aligned collection is checked against the shape, so the pieces cannot fall out of step.
 *
 * <p>{@code uns} holds {@code String}, {@code Number}, {@code Boolean}, arrays ({@code String[]},
 * {@code double[]}, {@code float[]}, {@code long[]}, {@code int[]}, {@code boolean[]}), {@link org.genex.tensor.Tensor},
 * {@link Matrix}, {@link DataFrame} and nested {@code Map<String, Object>}s of the same.
 */
public final class AnnData {
    private Matrix x;
    private DataFrame obs, var;
    private final Aligned<AxisElement> obsm, varm;
    private final Aligned<Matrix> obsp, varp, layers;
    private final Map<String, Object> uns = new LinkedHashMap<>();
    private Raw raw;

    /**
     * The {@code X} and {@code var} (and {@code varm}) of an earlier stage, kept for the same cells: typically
     * log-normalised counts over all genes, while {@code X} holds scaled values over the highly variable ones.
     */
    public record Raw(Matrix x, DataFrame var, Map<String, AxisElement> varm) {
        public Raw {
            if (x != null && x.cols() != var.rows())
                throw new IllegalArgumentException("raw: X has " + x.cols() + " columns but raw.var " + var.rows()
                        + " rows");
            varm = Map.copyOf(new LinkedHashMap<>(varm));
        }
        public Raw(Matrix x, DataFrame var) { this(x, var, Map.of()); }
        public int nVars() { return var.rows(); }
    }

    /** An AnnData with this X (may be null) and these tables; their sizes must match X's shape. */
    public AnnData(Matrix x, DataFrame obs, DataFrame var) {
        this.obs = obs;
        this.var = var;
        obsm = new Aligned<>("obsm", e -> e.rows() == nObs() ? null : rowsProblem(e, "n_obs", nObs()));
        varm = new Aligned<>("varm", e -> e.rows() == nVars() ? null : rowsProblem(e, "n_vars", nVars()));
        obsp = new Aligned<>("obsp", m -> square(m, nObs(), "n_obs"));
        varp = new Aligned<>("varp", m -> square(m, nVars(), "n_vars"));
        layers = new Aligned<>("layers", m -> m.rows() == nObs() && m.cols() == nVars() ? null
                : "shape " + m.rows() + " x " + m.cols() + " differs from X's " + nObs() + " x " + nVars());
        setX(x);
    }

    /** An AnnData over X with rows named "0", "1", ... and columns named "0", "1", ..., as anndata does. */
    public AnnData(Matrix x) { this(x, DataFrame.ofRange(x.rows()), DataFrame.ofRange(x.cols())); }

    public int nObs() { return obs.rows(); }
    public int nVars() { return var.rows(); }

    /** X, or null when the file had none. */
    public Matrix x() { return x; }
    public boolean hasX() { return x != null; }

    /** X, or an exception saying it is absent. */
    public Matrix requireX() {
        if (x == null) throw new IllegalStateException("this AnnData (" + nObs() + " x " + nVars() + ") has no X");
        return x;
    }

    /** Replaces X (null removes it); its shape must be (n_obs, n_vars). */
    public void setX(Matrix newX) {
        if (newX != null && (newX.rows() != nObs() || newX.cols() != nVars()))
            throw new IllegalArgumentException("X of shape " + newX.rows() + " x " + newX.cols() + " does not fit obs ("
                    + nObs() + " rows) and var (" + nVars() + " rows)");
        x = newX;
    }

    public DataFrame obs() { return obs; }
    public DataFrame var() { return var; }
    public String[] obsNames() { return obs.index(); }
    public String[] varNames() { return var.index(); }
    public Aligned<AxisElement> obsm() { return obsm; }
    public Aligned<AxisElement> varm() { return varm; }
    public Aligned<Matrix> obsp() { return obsp; }
    public Aligned<Matrix> varp() { return varp; }
    public Aligned<Matrix> layers() { return layers; }
    public Map<String, Object> uns() { return uns; }
    public Raw raw() { return raw; }

    /** Sets raw (null removes it); raw.X must have n_obs rows. */
    public void setRaw(Raw newRaw) {
        if (newRaw != null && newRaw.x() != null && newRaw.x().rows() != nObs())
            throw new IllegalArgumentException("raw.X has " + newRaw.x().rows() + " rows, this AnnData " + nObs()
                    + " observations");
        raw = newRaw;
    }

    /** Keeps raw as a snapshot of the current X and var, as {@code adata.raw = adata} does. */
    public void freezeRaw() { setRaw(new Raw(x, var.copy(), varm.asMap())); }

    /** Renames duplicate variable names as scanpy's {@code var_names_make_unique} does ({@link Names#makeUnique}). */
    public void varNamesMakeUnique() { var = var.withIndex(Names.makeUnique(var.index())); }

    /** Renames duplicate observation names the same way. */
    public void obsNamesMakeUnique() { obs = obs.withIndex(Names.makeUnique(obs.index())); }

    // ---------------------------------------------------------------- subsetting

    /** The observations at these positions (in order), with every aligned element and raw. */
    public AnnData selectObs(int... rows) { return select(rows, null); }

    /** The observations where the mask is true. */
    public AnnData selectObs(boolean[] mask) { return select(positions(mask, nObs(), "obs"), null); }

    /** The observations with these names. */
    public AnnData selectObs(String... names) { return select(obs.positions(names), null); }

    /** The variables at these positions (in order); raw keeps all its variables, as in anndata. */
    public AnnData selectVars(int... cols) { return select(null, cols); }

    public AnnData selectVars(boolean[] mask) { return select(null, positions(mask, nVars(), "var")); }

    public AnnData selectVars(String... names) { return select(null, var.positions(names)); }

    /** Rows and columns at once; null keeps an axis whole. */
    public AnnData select(int[] rows, int[] cols) {
        checkIndex(rows, nObs(), "obs");
        checkIndex(cols, nVars(), "var");
        Matrix newX = x;
        if (newX != null && rows != null) newX = newX.selectRows(rows);
        if (newX != null && cols != null) newX = newX.selectCols(cols);
        AnnData out = new AnnData(newX, rows == null ? obs.copy() : obs.selectRows(rows),
                cols == null ? var.copy() : var.selectRows(cols));
        obsm.asMap().forEach((k, e) -> out.obsm.put(k, rows == null ? e : e.selectRows(rows)));
        varm.asMap().forEach((k, e) -> out.varm.put(k, cols == null ? e : e.selectRows(cols)));
        obsp.asMap().forEach((k, m) -> out.obsp.put(k, rows == null ? m : m.selectRows(rows).selectCols(rows)));
        varp.asMap().forEach((k, m) -> out.varp.put(k, cols == null ? m : m.selectRows(cols).selectCols(cols)));
        layers.asMap().forEach((k, m) -> {
            Matrix s = rows == null ? m : m.selectRows(rows);
            out.layers.put(k, cols == null ? s : s.selectCols(cols));
        });
        out.uns.putAll(uns);
        if (raw != null)
            out.raw = new Raw(raw.x() == null || rows == null ? raw.x() : raw.x().selectRows(rows), raw.var(), raw.varm());
        return out;
    }

    private static void checkIndex(int[] idx, int n, String axis) {
        if (idx == null) return;
        for (int i : idx)
            if (i < 0 || i >= n)
                throw new IndexOutOfBoundsException(axis + " position " + i + " outside 0.." + (n - 1));
    }

    private static int[] positions(boolean[] mask, int n, String axis) {
        if (mask.length != n)
            throw new IllegalArgumentException(axis + " mask has " + mask.length + " entries, the axis " + n);
        int count = 0;
        for (boolean b : mask) if (b) count++;
        int[] out = new int[count];
        for (int i = 0, j = 0; i < n; i++) if (mask[i]) out[j++] = i;
        return out;
    }

    private static String rowsProblem(AxisElement e, String axis, int n) {
        return "has " + e.rows() + " rows, " + axis + " is " + n;
    }

    private static String square(Matrix m, int n, String axis) {
        return m.rows() == n && m.cols() == n ? null
                : "shape " + m.rows() + " x " + m.cols() + ", expected " + axis + " x " + axis + " = " + n + " x " + n;
    }

    /** A summary in anndata's style. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AnnData object with n_obs x n_vars = " + nObs() + " x " + nVars());
        if (x != null) sb.append("\n    X: ").append(x.describe());
        line(sb, "obs", obs.columnNames());
        line(sb, "var", var.columnNames());
        line(sb, "uns", uns.keySet());
        line(sb, "obsm", obsm.keySet());
        line(sb, "varm", varm.keySet());
        line(sb, "layers", layers.keySet());
        line(sb, "obsp", obsp.keySet());
        line(sb, "varp", varp.keySet());
        if (raw != null) sb.append("\n    raw: ").append(raw.x() == null ? "no X" : raw.x().describe());
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, Iterable<String> keys) {
        StringJoiner j = new StringJoiner(", ");
        keys.forEach(k -> j.add("'" + k + "'"));
        if (j.length() > 0) sb.append("\n    ").append(name).append(": ").append(j);
    }
}
