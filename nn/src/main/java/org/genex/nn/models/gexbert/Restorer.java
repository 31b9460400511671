package org.genex.nn.models.gexbert;

import java.util.Arrays;
import org.genex.autodiff.Grad;
import org.genex.autodiff.Var;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;

/**
 * Inference with a pre-trained {@link Gexbert}: restoring genes a patient lacks (imputation, anchor restoration,
 * specs/gexbert.md &sect;5.2-&sect;5.3) and patient embeddings from a gene subset (&sect;5.1).
 *
 * <p><b>Restoration</b> reuses pre-training exactly (choice G2): the encoder sees a random context of the patient's
 * observed genes, of the size it was trained with ({@code sampledGenes - maskedCount}, or all observed genes when
 * fewer), and the genes to restore are decoder queries {@code x_i + e_missing}, in chunks of the trained query count.
 * This is repeated for {@code rounds} independent contexts and the level probabilities are averaged; the restored
 * value is the expected value under the averaged distribution, the restored level its mode. Runs in eval mode
 * without gradients; patients of a batch with fewer observed genes are padded (left out of attention).
 */
public final class Restorer {
    private final Gexbert model;
    private final int context, chunk, batch;

    /** Contexts and chunks of the trained sizes, {@code batch} patients at a time. */
    public Restorer(Gexbert model, int batch) {
        this(model, batch, false);
    }

    /**
     * Chunks of the trained query count, {@code batch} patients at a time; contexts of the trained size
     * ({@code allObserved} false: a random subset of the observed genes per round, as in pre-training) or every
     * observed gene of the patient ({@code allObserved} true: longer sets than in pre-training, but no observed
     * information is left out; rounds then differ only when chunks do).
     */
    public Restorer(Gexbert model, int batch, boolean allObserved) {
        GexbertConfig c = model.config;
        int s = Math.min(c.sampledGenes(), c.genes());
        if (batch < 1) throw new IllegalArgumentException("Restorer: batch must be >= 1, got " + batch);
        this.model = model;
        this.chunk = c.maskedCount(s);
        this.context = allObserved ? Integer.MAX_VALUE : s - chunk;
        this.batch = batch;
    }

    /**
     * The restored values and levels of the entries where {@code query} is true.
     *
     * @param values   expected values [n * G] at the queried entries (NaN elsewhere)
     * @param levels   the most probable level there (-1 elsewhere)
     */
    public record Restored(float[] values, int[] levels) {}

    /**
     * Restores the entries {@code query} [n * G] of {@code x} [n * G] (log values, NaN = missing) from the observed
     * entries (not NaN and not queried).
     */
    public Restored restore(float[] x, int n, boolean[] query, int rounds, Rng rng) {
        GexbertConfig c = model.config;
        int g = c.genes(), classes = c.levelClasses();
        if (x.length != (long) n * g || query.length != x.length)
            throw new IllegalArgumentException("Restorer.restore: x and query must be " + n + " x " + g + ", got "
                    + x.length + " and " + query.length);
        if (rounds < 1) throw new IllegalArgumentException("Restorer.restore: rounds must be >= 1, got " + rounds);
        LevelTokenizer tok = model.tokenizer();
        float[] centres = tok.centres().toArray();
        float[] outValues = new float[x.length];
        int[] outLevels = new int[x.length];
        Arrays.fill(outValues, Float.NaN);
        Arrays.fill(outLevels, -1);
        boolean wasTraining = model.isTraining();
        model.eval();
        try (Grad.Scope off = Grad.off()) {
            for (int start = 0; start < n; start += batch) {
                int b = Math.min(batch, n - start);
                int[][] observed = new int[b][], queries = new int[b][];
                int maxQ = 0;
                for (int i = 0; i < b; i++) {
                    int row = (start + i) * g;
                    int no = 0, nq = 0;
                    for (int j = 0; j < g; j++) {
                        if (query[row + j]) nq++;
                        else if (!Float.isNaN(x[row + j])) no++;
                    }
                    observed[i] = new int[no];
                    queries[i] = new int[nq];
                    no = nq = 0;
                    for (int j = 0; j < g; j++) {
                        if (query[row + j]) queries[i][nq++] = j;
                        else if (!Float.isNaN(x[row + j])) observed[i][no++] = j;
                    }
                    maxQ = Math.max(maxQ, nq);
                }
                if (maxQ == 0) continue;
                float[][] probs = new float[b][];
                for (int i = 0; i < b; i++) probs[i] = new float[queries[i].length * classes];
                for (int r = 0; r < rounds; r++) {
                    Rng rr = rng.fork(start).fork(r);
                    int len = 0;
                    for (int i = 0; i < b; i++) len = Math.max(len, Math.min(context, observed[i].length));
                    len = Math.max(len, 1);
                    int[] genes = new int[b * len], lv = new int[b * len];
                    boolean[][] pad = new boolean[b][len];
                    boolean anyPad = false;
                    for (int i = 0; i < b; i++) {
                        int row = (start + i) * g;
                        int[] ctx = observed[i].clone();
                        rr.shuffle(ctx);
                        for (int j = 0; j < len; j++) {
                            if (j < ctx.length && j < context) {
                                genes[i * len + j] = ctx[j];
                                lv[i * len + j] = tok.level(ctx[j], x[row + ctx[j]]);
                            } else {
                                genes[i * len + j] = 0;
                                lv[i * len + j] = c.missingId();
                                pad[i][j] = true;
                                anyPad = true;
                            }
                        }
                    }
                    boolean[][] padding = anyPad ? pad : null;
                    Var h = model.encode(genes, lv, b, len, padding);
                    for (int q0 = 0; q0 < maxQ; q0 += chunk) {
                        int m = Math.min(chunk, maxQ - q0);
                        int[] qg = new int[b * m];
                        for (int i = 0; i < b; i++)
                            for (int j = 0; j < m; j++)
                                qg[i * m + j] = q0 + j < queries[i].length ? queries[i][q0 + j] : 0;
                        Tensor p = model.restore(h, padding, qg, b, m).value().softmax(1);  // [b * m, C]
                        float[] pa = p.toArray();
                        for (int i = 0; i < b; i++)
                            for (int j = 0; j < m && q0 + j < queries[i].length; j++)
                                for (int k = 0; k < classes; k++)
                                    probs[i][(q0 + j) * classes + k] += pa[(i * m + j) * classes + k] / rounds;
                    }
                }
                for (int i = 0; i < b; i++) {
                    int row = (start + i) * g;
                    for (int j = 0; j < queries[i].length; j++) {
                        int gene = queries[i][j], best = 0;
                        double v = 0;
                        for (int k = 0; k < classes; k++) {
                            float pk = probs[i][j * classes + k];
                            v += pk * centres[gene * classes + k];
                            if (pk > probs[i][j * classes + best]) best = k;
                        }
                        outValues[row + gene] = (float) v;
                        outLevels[row + gene] = best;
                    }
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return new Restored(outValues, outLevels);
    }

    /**
     * Patient embeddings [n, 2d] (CLS and mean pool) of the encoder over the genes {@code genes} only (a panel);
     * a NaN value enters as the missing token.
     */
    public Tensor embed(float[] x, int n, int[] genes) {
        GexbertConfig c = model.config;
        int g = c.genes(), k = genes.length, d2 = model.embeddingDim();
        LevelTokenizer tok = model.tokenizer();
        float[] out = new float[n * d2];
        boolean wasTraining = model.isTraining();
        model.eval();
        try (Grad.Scope off = Grad.off()) {
            for (int start = 0; start < n; start += batch) {
                int b = Math.min(batch, n - start);
                int[] ids = new int[b * k], lv = new int[b * k];
                for (int i = 0; i < b; i++)
                    for (int j = 0; j < k; j++) {
                        ids[i * k + j] = genes[j];
                        lv[i * k + j] = tok.level(genes[j], x[(start + i) * g + genes[j]]);
                    }
                float[] e = model.patientEmbedding(model.encode(ids, lv, b, k, null), null).value().toArray();
                System.arraycopy(e, 0, out, start * d2, b * d2);
            }
        } finally {
            model.train(wasTraining);
        }
        return Tensor.wrap(out, n, d2);
    }
}
