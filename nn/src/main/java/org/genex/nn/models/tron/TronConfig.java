package org.genex.nn.models.tron;

import java.util.Arrays;

/**
 * Every hyperparameter of TRON (specs/tron.md &sect;2, &sect;4, &sect;5, &sect;7), with its meaning and default.
 *
 * @param hidden            widths of the source network's hidden layers: f_theta is n_s -> hidden... -> outputs, ReLU
 *                          ({@link #defaults()}: 512, 128; {@link #small()}: 256, 64)
 * @param dropout           dropout after every hidden ReLU of f_theta (0.2; small 0.1)
 * @param task              the phenotype's kind, which picks the loss (MSE, BCE-with-logits, softmax CE)
 * @param outputs           k: 1 for a continuous or binary phenotype, the number of classes otherwise
 * @param sourceLr          Adam learning rate of source pre-training (1e-3)
 * @param sourceBatch       batch size of source pre-training (64)
 * @param sourceEpochs      epochs of source pre-training (30)
 * @param sourcePatience    early stopping on the validation loss: evaluations without improvement (5; 0 = off)
 * @param transferLr        Adam learning rate on {w, b} during transfer (1e-2)
 * @param transferBatch     batch size of transfer (32)
 * @param transferEpochs    epochs of transfer (100)
 * @param lambda1           L1 penalty lambda_1 sum_e |w_e| (0: the faithful variant; &gt; 0 for interpretability)
 * @param lambda2           L2 penalty lambda_2 sum_e (w_e - w_e^0)^2 towards the initialisation (0)
 * @param init              initialisation of the edge weights (1/deg, A5)
 * @param fineTuneEpochs    epochs of the optional joint fine-tuning stage (0 = no fine-tuning; TRON-FT uses 30)
 * @param fineTuneLrFactor  f_theta's learning rate during fine-tuning, as a fraction of {@code transferLr} (0.1)
 */
public record TronConfig(int[] hidden, float dropout, TronTask task, int outputs, float sourceLr, int sourceBatch,
                         int sourceEpochs, int sourcePatience, float transferLr, int transferBatch,
                         int transferEpochs, float lambda1, float lambda2, SparseMaskedLinear.WeightInit init,
                         int fineTuneEpochs, float fineTuneLrFactor) {
    public TronConfig {
        if (hidden == null) throw new IllegalArgumentException("TronConfig: hidden is null");
        hidden = hidden.clone();
        for (int h : hidden) if (h < 1) throw new IllegalArgumentException("TronConfig: hidden widths must be >= 1, got "
                + Arrays.toString(hidden));
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("TronConfig: dropout in [0, 1), got " + dropout);
        if (task == null) throw new IllegalArgumentException("TronConfig: task is null");
        if (outputs < 1 || (task != TronTask.MULTICLASS && outputs != 1) || (task == TronTask.MULTICLASS && outputs < 2))
            throw new IllegalArgumentException("TronConfig: " + task + " needs " + (task == TronTask.MULTICLASS
                    ? ">= 2 outputs" : "1 output") + ", got " + outputs);
        if (!(sourceLr > 0) || !(transferLr > 0) || !(fineTuneLrFactor > 0))
            throw new IllegalArgumentException("TronConfig: learning rates must be > 0");
        if (sourceBatch < 1 || transferBatch < 1 || sourceEpochs < 0 || transferEpochs < 0 || fineTuneEpochs < 0
                || sourcePatience < 0)
            throw new IllegalArgumentException("TronConfig: batch sizes >= 1, epochs and patience >= 0");
        if (!(lambda1 >= 0) || !(lambda2 >= 0))
            throw new IllegalArgumentException("TronConfig: lambda1 and lambda2 must be >= 0, got " + lambda1 + ", "
                    + lambda2);
        if (init == null) throw new IllegalArgumentException("TronConfig: init is null");
    }

    /** The faithful default of &sect;4: f_theta n_s -> 512 -> 128 -> k, dropout 0.2, regression. */
    public static TronConfig defaults() {
        return new TronConfig(new int[] {512, 128}, 0.2f, TronTask.REGRESSION, 1, 1e-3f, 64, 30, 5, 1e-2f, 32, 100,
                0f, 0f, SparseMaskedLinear.WeightInit.ONE_OVER_DEGREE, 0, 0.1f);
    }

    /** The small CPU configuration of &sect;4: n_s -> 256 -> 64 -> k, dropout 0.1. */
    public static TronConfig small() {
        return new TronConfig(new int[] {256, 64}, 0.1f, TronTask.REGRESSION, 1, 1e-3f, 64, 30, 5, 1e-2f, 32, 100,
                0f, 0f, SparseMaskedLinear.WeightInit.ONE_OVER_DEGREE, 0, 0.1f);
    }

    @Override public int[] hidden() { return hidden.clone(); }

    public TronConfig withHidden(int... h) { return new TronConfig(h, dropout, task, outputs, sourceLr, sourceBatch, sourceEpochs, sourcePatience, transferLr, transferBatch, transferEpochs, lambda1, lambda2, init, fineTuneEpochs, fineTuneLrFactor); }
    public TronConfig withDropout(float v) { return new TronConfig(hidden, v, task, outputs, sourceLr, sourceBatch, sourceEpochs, sourcePatience, transferLr, transferBatch, transferEpochs, lambda1, lambda2, init, fineTuneEpochs, fineTuneLrFactor); }
    /** The phenotype kind and the number of outputs. */
    public TronConfig withTask(TronTask t, int k) { return new TronConfig(hidden, dropout, t, k, sourceLr, sourceBatch, sourceEpochs, sourcePatience, transferLr, transferBatch, transferEpochs, lambda1, lambda2, init, fineTuneEpochs, fineTuneLrFactor); }
    public TronConfig withSource(float lr, int batch, int epochs, int patience) { return new TronConfig(hidden, dropout, task, outputs, lr, batch, epochs, patience, transferLr, transferBatch, transferEpochs, lambda1, lambda2, init, fineTuneEpochs, fineTuneLrFactor); }
    public TronConfig withTransfer(float lr, int batch, int epochs) { return new TronConfig(hidden, dropout, task, outputs, sourceLr, sourceBatch, sourceEpochs, sourcePatience, lr, batch, epochs, lambda1, lambda2, init, fineTuneEpochs, fineTuneLrFactor); }
    /** The regularisation switches: L1 on the edge weights, L2 towards their initialisation. */
    public TronConfig withRegularisation(float l1, float l2) { return new TronConfig(hidden, dropout, task, outputs, sourceLr, sourceBatch, sourceEpochs, sourcePatience, transferLr, transferBatch, transferEpochs, l1, l2, init, fineTuneEpochs, fineTuneLrFactor); }
    public TronConfig withInit(SparseMaskedLinear.WeightInit v) { return new TronConfig(hidden, dropout, task, outputs, sourceLr, sourceBatch, sourceEpochs, sourcePatience, transferLr, transferBatch, transferEpochs, lambda1, lambda2, v, fineTuneEpochs, fineTuneLrFactor); }
    /** Joint fine-tuning after transfer: epochs (0 = off) and f_theta's learning-rate factor. */
    public TronConfig withFineTune(int epochs, float lrFactor) { return new TronConfig(hidden, dropout, task, outputs, sourceLr, sourceBatch, sourceEpochs, sourcePatience, transferLr, transferBatch, transferEpochs, lambda1, lambda2, init, epochs, lrFactor); }

    /** The config as one JSON object (for checkpoint metadata). */
    public String toJson() {
        return "{\"hidden\":" + Arrays.toString(hidden) + ",\"dropout\":" + dropout + ",\"task\":\"" + task
                + "\",\"outputs\":" + outputs + ",\"source_lr\":" + sourceLr + ",\"source_batch\":" + sourceBatch
                + ",\"source_epochs\":" + sourceEpochs + ",\"source_patience\":" + sourcePatience
                + ",\"transfer_lr\":" + transferLr + ",\"transfer_batch\":" + transferBatch + ",\"transfer_epochs\":"
                + transferEpochs + ",\"lambda1\":" + lambda1 + ",\"lambda2\":" + lambda2 + ",\"init\":\"" + init
                + "\",\"fine_tune_epochs\":" + fineTuneEpochs + ",\"fine_tune_lr_factor\":" + fineTuneLrFactor + "}";
    }

    /** The config that {@link #toJson()} wrote. */
    public static TronConfig fromJson(String json) {
        if (!(org.genex.tensor.io.Json.parse(json) instanceof java.util.Map<?, ?> m))
            throw new IllegalArgumentException("TronConfig.fromJson: not a JSON object: " + json);
        java.util.List<?> h = (java.util.List<?>) req(m, "hidden");
        int[] hidden = new int[h.size()];
        for (int i = 0; i < hidden.length; i++) hidden[i] = ((Number) h.get(i)).intValue();
        return new TronConfig(hidden, num(m, "dropout").floatValue(), TronTask.valueOf((String) req(m, "task")),
                num(m, "outputs").intValue(), num(m, "source_lr").floatValue(), num(m, "source_batch").intValue(),
                num(m, "source_epochs").intValue(), num(m, "source_patience").intValue(),
                num(m, "transfer_lr").floatValue(), num(m, "transfer_batch").intValue(),
                num(m, "transfer_epochs").intValue(), num(m, "lambda1").floatValue(), num(m, "lambda2").floatValue(),
                SparseMaskedLinear.WeightInit.valueOf((String) req(m, "init")), num(m, "fine_tune_epochs").intValue(),
                num(m, "fine_tune_lr_factor").floatValue());
    }

    private static Object req(java.util.Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) throw new IllegalArgumentException("TronConfig.fromJson: missing '" + key + "'");
        return v;
    }

    private static Number num(java.util.Map<?, ?> m, String key) {
        if (!(req(m, key) instanceof Number n))
            throw new IllegalArgumentException("TronConfig.fromJson: '" + key + "' is not a number");
        return n;
    }

    @Override public boolean equals(Object o) {
        return o instanceof TronConfig c && toJson().equals(c.toJson());
    }

    @Override public int hashCode() { return toJson().hashCode(); }

    @Override public String toString() { return "TronConfig" + toJson(); }
}
