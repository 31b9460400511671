package org.genex.nn.models.gexbert;

import java.util.Arrays;
import org.genex.nn.Module;
import org.genex.tensor.Tensor;

/**
 * Discretises log expression into levels per gene (specs/gexbert.md &sect;2, choice G1): level 0 is "zero /
 * undetected" ({@code x <= 0}); a detected value falls in one of N_levels per-gene quantile bins 1..N_levels whose
 * edges are the gene's quantiles at 1/N_levels steps over the detected training values; a missing value (NaN) gets
 * the missing id N_levels + 1. Bin centres (the mean training value of each level; 0 for level 0) turn a level
 * distribution back into an expected log value.
 *
 * <p>It is a {@link Module} with two buffers and no parameters, so it travels with the model's checkpoint:
 * {@code edges} [G, N_levels - 1] and {@code centres} [G, N_levels + 1]. Fit it on the training patients only.
 */
public final class LevelTokenizer extends Module {
    public final int genes, levels;

    /** An unfitted tokenizer (edges and centres 0) for G genes and N_levels levels. */
    public LevelTokenizer(int genes, int levels) {
        if (genes < 1 || levels < 1)
            throw new IllegalArgumentException("LevelTokenizer: genes and levels must be >= 1, got " + genes + ", "
                    + levels);
        this.genes = genes;
        this.levels = levels;
        buffer("edges", Tensor.zeros(genes, Math.max(levels - 1, 1)));
        buffer("centres", Tensor.zeros(genes, levels + 1));
    }

    /** Bin edges [G, max(N_levels - 1, 1)]. */
    public Tensor edges() { return buffer("edges"); }

    /** Level centres [G, N_levels + 1] in the input's (log) units. */
    public Tensor centres() { return buffer("centres"); }

    /** The missing id, N_levels + 1. */
    public int missingId() { return levels + 1; }

    /**
     * Fits the edges and centres on {@code x} [n, G] row-major (NaN = missing, ignored), the training patients.
     * Returns this.
     */
    public LevelTokenizer fit(float[] x, int n) {
        if (x.length != (long) n * genes)
            throw new IllegalArgumentException("LevelTokenizer.fit: " + x.length + " values are not " + n + " x "
                    + genes);
        int ne = edges().dim(1);
        float[] edges = new float[genes * ne], centres = new float[genes * (levels + 1)];
        float[] col = new float[n];
        for (int g = 0; g < genes; g++) {
            int m = 0;
            for (int i = 0; i < n; i++) {
                float v = x[i * genes + g];
                if (v > 0) col[m++] = v;                              // detected, not NaN
            }
            Arrays.sort(col, 0, m);
            for (int j = 1; j < levels; j++)
                edges[g * ne + j - 1] = m == 0 ? 0f : quantile(col, m, (double) j / levels);
            double[] sum = new double[levels + 1];
            int[] count = new int[levels + 1];
            for (int i = 0; i < m; i++) {
                int l = level(edges, g * ne, col[i]);
                sum[l] += col[i];
                count[l]++;
            }
            for (int l = 1; l <= levels; l++) {
                float c;
                if (count[l] > 0) c = (float) (sum[l] / count[l]);
                else if (m == 0) c = 0f;
                else c = quantile(col, m, (l - 0.5) / levels);   // an empty bin (ties): its mid quantile
                centres[g * (levels + 1) + l] = c;
            }
        }
        buffer("edges", Tensor.wrap(edges, genes, ne));
        buffer("centres", Tensor.wrap(centres, genes, levels + 1));
        return this;
    }

    /** The level of value {@code v} of gene {@code g}: 0 (v <= 0), 1..N_levels, or the missing id (NaN). */
    public int level(int g, float v) {
        if (Float.isNaN(v)) return missingId();
        if (v <= 0) return 0;
        return level(edges().array(), edges().offset() + g * edges().dim(1), v);
    }

    /** Levels of {@code x} [n, G] row-major: int [n * G]. */
    public int[] levels(float[] x, int n) {
        if (x.length != (long) n * genes)
            throw new IllegalArgumentException("LevelTokenizer.levels: " + x.length + " values are not " + n + " x "
                    + genes);
        int[] out = new int[x.length];
        for (int i = 0; i < n; i++)
            for (int g = 0; g < genes; g++) out[i * genes + g] = level(g, x[i * genes + g]);
        return out;
    }

    /** The centre of level {@code l} (0..N_levels) of gene {@code g}. */
    public float centre(int g, int l) { return centres().get(g, l); }

    /** 1 + the number of edges strictly below v (v > 0), at most N_levels. */
    private int level(float[] edges, int off, float v) {
        int l = 1;
        for (int j = 0; j < levels - 1; j++) if (v > edges[off + j]) l++;
        return l;
    }

    /** Linear-interpolated quantile (numpy's default) of the first m sorted values. */
    private static float quantile(float[] sorted, int m, double q) {
        double pos = q * (m - 1);
        int lo = (int) Math.floor(pos), hi = Math.min(m - 1, lo + 1);
        double f = pos - lo;
        return (float) (sorted[lo] * (1 - f) + sorted[hi] * f);
    }
}
