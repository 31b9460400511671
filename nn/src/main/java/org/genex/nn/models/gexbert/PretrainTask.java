package org.genex.nn.models.gexbert;

import java.util.LinkedHashMap;
import java.util.Map;
import org.genex.autodiff.Grad;
import org.genex.autodiff.Var;
import org.genex.nn.Dropout;
import org.genex.nn.TrainingTask;
import org.genex.tensor.Rng;

/**
 * Masking-and-restoration pre-training as a {@link TrainingTask} for the {@link org.genex.nn.Trainer}: the samples
 * are the training patients; every call of {@link #loss} draws fresh gene subsets and masks for its patients
 * ({@link MaskedBatch#sample}) from {@code rng.fork(call number)}, so every epoch sees new subsets and masks, and a
 * resumed run continues the same sequence (the call counter and the dropout counters are the task's state).
 * Evaluation: the restoration loss and level accuracy on validation patients with masks fixed by the seed.
 */
public final class PretrainTask implements TrainingTask {
    private final Gexbert model;
    private final int[] levels, trainPatients, valPatients;
    private final float[] values;
    private final Rng rng;
    private long calls;

    /**
     * @param levels        tokenised levels [P * G] of all patients (the model's tokenizer, fitted on training rows)
     * @param values        log values [P * G] (NaN = missing)
     * @param trainPatients the rows to train on (the training split only)
     * @param valPatients   rows for evaluation (may be empty)
     */
    public PretrainTask(Gexbert model, int[] levels, float[] values, int[] trainPatients, int[] valPatients, Rng rng) {
        this.model = model;
        this.levels = levels;
        this.values = values;
        this.trainPatients = trainPatients.clone();
        this.valPatients = valPatients.clone();
        this.rng = rng;
    }

    @Override public int size() { return trainPatients.length; }

    @Override
    public Var loss(int[] batch) {
        int[] rows = new int[batch.length];
        for (int i = 0; i < batch.length; i++) rows[i] = trainPatients[batch[i]];
        return model.restorationLoss(sample(rows, rng.fork(calls++)));
    }

    private MaskedBatch sample(int[] rows, Rng r) {
        GexbertConfig c = model.config;
        int s = Math.min(c.sampledGenes(), c.genes());
        return MaskedBatch.sample(levels, values, c.genes(), rows, s, c.maskedCount(s), c.missingId(), r);
    }

    /** Validation restoration loss and level accuracy (masks from a fixed stream); empty without validation rows. */
    @Override
    public Map<String, Double> evaluate() {
        if (valPatients.length == 0) return Map.of();
        Rng r = rng.fork("validation");
        double loss = 0, correct = 0, total = 0;
        int bs = model.config.batchSize();
        try (Grad.Scope off = Grad.off()) {
            for (int start = 0; start < valPatients.length; start += bs) {
                int[] rows = java.util.Arrays.copyOfRange(valPatients, start, Math.min(valPatients.length, start + bs));
                MaskedBatch mb = sample(rows, r.fork(start));
                loss += model.restorationLoss(mb).item() * rows.length;
                Var h = model.encode(mb.genes(), mb.levels(), mb.b(), mb.n(), null);
                int[] pred = model.restore(h, null, mb.queryGenes(), mb.b(), mb.m()).value().argmax(1);
                for (int i = 0; i < pred.length; i++)
                    if (mb.targets()[i] >= 0) {
                        total++;
                        if (pred[i] == mb.targets()[i]) correct++;
                    }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("val_loss", loss / valPatients.length);
        out.put("val_level_accuracy", correct / Math.max(1, total));
        return out;
    }

    @Override
    public Map<String, String> state() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("calls", Long.toString(calls));
        for (var e : model.namedModules().entrySet())
            if (e.getValue() instanceof Dropout d) s.put("dropout." + e.getKey(), Long.toString(d.calls()));
        return s;
    }

    @Override
    public void restoreState(Map<String, String> state) {
        calls = Long.parseLong(state.getOrDefault("calls", "0"));
        for (var e : model.namedModules().entrySet())
            if (e.getValue() instanceof Dropout d) {
                String v = state.get("dropout." + e.getKey());
                if (v != null) d.setCalls(Long.parseLong(v));
            }
    }

    /** The model being trained. */
    public Gexbert model() { return model; }
}
