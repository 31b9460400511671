package org.genex.nn.models.gexbert;

import org.genex.autodiff.Functional;
import org.genex.tensor.Rng;

/**
 * One pre-training batch (specs/gexbert.md &sect;3): for each of b patients, n observed genes with their levels
 * (the encoder's input) and m masked genes (the decoder's queries) with their true level and value.
 *
 * @param genes      observed gene ids [b * n]
 * @param levels     their levels [b * n] (the missing id where the value is truly missing)
 * @param queryGenes masked gene ids [b * m]
 * @param targets    their true levels [b * m]; {@link Functional#IGNORE_INDEX} where truly missing (never a target)
 * @param values     their true values [b * m] (0 where truly missing)
 */
public record MaskedBatch(int b, int n, int m, int[] genes, int[] levels, int[] queryGenes, int[] targets,
                          float[] values) {

    /**
     * Draws a batch: for each patient p of {@code patients}, a fresh random sample S of {@code sampled} genes (all of
     * G when fewer), its first {@code masked} genes (in random order) form M and the rest O.
     *
     * @param levels tokenised levels [P * G] of all patients, row-major
     * @param values the log values [P * G] (NaN = missing)
     */
    public static MaskedBatch sample(int[] levels, float[] values, int genes, int[] patients, int sampled, int masked,
                                     int missingId, Rng rng) {
        int s = Math.min(sampled, genes), m = Math.min(masked, s - 1), n = s - m, b = patients.length;
        int[] g = new int[b * n], l = new int[b * n], q = new int[b * m], t = new int[b * m];
        float[] v = new float[b * m];
        for (int i = 0; i < b; i++) {
            int row = patients[i] * genes;
            int[] pick = rng.sampleWithoutReplacement(genes, s);
            rng.shuffle(pick);
            for (int j = 0; j < m; j++) {
                int gene = pick[j];
                q[i * m + j] = gene;
                int level = levels[row + gene];
                boolean missing = level == missingId;
                t[i * m + j] = missing ? Functional.IGNORE_INDEX : level;
                v[i * m + j] = missing ? 0f : values[row + gene];
            }
            for (int j = 0; j < n; j++) {
                int gene = pick[m + j];
                g[i * n + j] = gene;
                l[i * n + j] = levels[row + gene];
            }
        }
        return new MaskedBatch(b, n, m, g, l, q, t, v);
    }
}
