package org.genex.nn.models.gexbert;

/**
 * Every hyperparameter of {@link Gexbert} (specs/gexbert.md &sect;3-&sect;4; none is published, all are the spec's
 * <b>[choice]</b> values).
 *
 * @param genes          G, the gene vocabulary (rows of the gene embedding); default 5,000, small 1,000
 * @param levels         N_levels, the quantile levels of a detected gene; the model also has the zero level 0 and
 *                       the missing token, so levels run 0..N_levels and the missing id is N_levels + 1 (10)
 * @param dModel         d, the token width (256; small 64)
 * @param encoderLayers  L_enc, pre-LN encoder blocks (6; small 2)
 * @param heads          attention heads in every block (8; small 4)
 * @param decoderLayers  L_dec, pre-LN decoder blocks (2; small 1)
 * @param ffnMultiplier  the feed-forward width is ffnMultiplier &middot; d, GELU (4)
 * @param dropout        dropout in every block, attention weights included (0.1)
 * @param sampledGenes   N_genes, genes sampled per patient and iteration (1,024; small 128)
 * @param maskRatio      r, the fraction of the sampled genes that is masked and restored (0.3)
 * @param valueLossWeight &lambda;, weight of the expected-value regression term (0 switches it off; 1)
 * @param learningRate   AdamW learning rate (1e-4; small 1e-3)
 * @param weightDecay    AdamW decoupled weight decay (0.01)
 * @param warmupFraction linear warm-up as a fraction of all steps, then cosine decay (0.05)
 * @param batchSize      patients per step (32)
 */
public record GexbertConfig(int genes, int levels, int dModel, int encoderLayers, int heads, int decoderLayers,
                            int ffnMultiplier, float dropout, int sampledGenes, double maskRatio,
                            float valueLossWeight, float learningRate, float weightDecay, double warmupFraction,
                            int batchSize) {
    public GexbertConfig {
        String me = "GexbertConfig";
        if (genes < 1 || levels < 1 || dModel < 1 || encoderLayers < 1 || heads < 1 || decoderLayers < 1
                || ffnMultiplier < 1 || sampledGenes < 2 || batchSize < 1)
            throw new IllegalArgumentException(me + ": sizes must be positive (sampledGenes >= 2), got " + this);
        if (dModel % heads != 0)
            throw new IllegalArgumentException(me + ": dModel " + dModel + " is not divisible by heads " + heads);
        if (!(maskRatio > 0 && maskRatio < 1))
            throw new IllegalArgumentException(me + ": maskRatio must be in (0, 1), got " + maskRatio);
        if (!(dropout >= 0 && dropout < 1) || !(valueLossWeight >= 0) || !(learningRate > 0) || !(weightDecay >= 0)
                || !(warmupFraction >= 0 && warmupFraction < 1))
            throw new IllegalArgumentException(me + ": need dropout in [0, 1), valueLossWeight >= 0, learningRate > 0,"
                    + " weightDecay >= 0, warmupFraction in [0, 1); got " + this);
    }

    /** The spec's default configuration (d 256, 6 + 2 layers, 8 heads, 1,024 sampled genes of G = 5,000). */
    public static GexbertConfig defaults() {
        return new GexbertConfig(5000, 10, 256, 6, 8, 2, 4, 0.1f, 1024, 0.3, 1f, 1e-4f, 0.01f, 0.05, 32);
    }

    /** The spec's small CPU configuration (d 64, 2 + 1 layers, 4 heads, 128 sampled genes of G = 1,000). */
    public static GexbertConfig small() {
        return new GexbertConfig(1000, 10, 64, 2, 4, 1, 4, 0.1f, 128, 0.3, 1f, 1e-3f, 0.01f, 0.05, 32);
    }

    /** The masked genes of a sample of {@code sampled} genes: ceil(r &middot; sampled), at least 1, leaving 1 observed. */
    public int maskedCount(int sampled) {
        return Math.max(1, Math.min(sampled - 1, (int) Math.ceil(maskRatio * sampled)));
    }

    /** The id of the missing token in the level embedding: N_levels + 1. */
    public int missingId() { return levels + 1; }

    /** The classes of the level head: 0 (zero) .. N_levels. */
    public int levelClasses() { return levels + 1; }

    public GexbertConfig withGenes(int g) { return new GexbertConfig(g, levels, dModel, encoderLayers, heads, decoderLayers, ffnMultiplier, dropout, sampledGenes, maskRatio, valueLossWeight, learningRate, weightDecay, warmupFraction, batchSize); }
    public GexbertConfig withSampledGenes(int n) { return new GexbertConfig(genes, levels, dModel, encoderLayers, heads, decoderLayers, ffnMultiplier, dropout, n, maskRatio, valueLossWeight, learningRate, weightDecay, warmupFraction, batchSize); }
    public GexbertConfig withLevels(int n) { return new GexbertConfig(genes, n, dModel, encoderLayers, heads, decoderLayers, ffnMultiplier, dropout, sampledGenes, maskRatio, valueLossWeight, learningRate, weightDecay, warmupFraction, batchSize); }
    public GexbertConfig withDropout(float p) { return new GexbertConfig(genes, levels, dModel, encoderLayers, heads, decoderLayers, ffnMultiplier, p, sampledGenes, maskRatio, valueLossWeight, learningRate, weightDecay, warmupFraction, batchSize); }
    public GexbertConfig withBatchSize(int b) { return new GexbertConfig(genes, levels, dModel, encoderLayers, heads, decoderLayers, ffnMultiplier, dropout, sampledGenes, maskRatio, valueLossWeight, learningRate, weightDecay, warmupFraction, b); }
    public GexbertConfig withLearningRate(float lr) { return new GexbertConfig(genes, levels, dModel, encoderLayers, heads, decoderLayers, ffnMultiplier, dropout, sampledGenes, maskRatio, valueLossWeight, lr, weightDecay, warmupFraction, batchSize); }
    public GexbertConfig withMaskRatio(double r) { return new GexbertConfig(genes, levels, dModel, encoderLayers, heads, decoderLayers, ffnMultiplier, dropout, sampledGenes, r, valueLossWeight, learningRate, weightDecay, warmupFraction, batchSize); }
    public GexbertConfig withValueLossWeight(float w) { return new GexbertConfig(genes, levels, dModel, encoderLayers, heads, decoderLayers, ffnMultiplier, dropout, sampledGenes, maskRatio, w, learningRate, weightDecay, warmupFraction, batchSize); }

    /** This config as a JSON object (stored in checkpoints). */
    public String toJson() {
        return "{\"model\":\"gexbert\",\"genes\":" + genes + ",\"levels\":" + levels + ",\"d_model\":" + dModel
                + ",\"encoder_layers\":" + encoderLayers + ",\"heads\":" + heads + ",\"decoder_layers\":"
                + decoderLayers + ",\"ffn_multiplier\":" + ffnMultiplier + ",\"dropout\":" + dropout
                + ",\"sampled_genes\":" + sampledGenes + ",\"mask_ratio\":" + maskRatio + ",\"value_loss_weight\":"
                + valueLossWeight + ",\"learning_rate\":" + learningRate + ",\"weight_decay\":" + weightDecay
                + ",\"warmup_fraction\":" + warmupFraction + ",\"batch_size\":" + batchSize + "}";
    }
}
