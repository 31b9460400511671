package org.genex.nn.models.tron;

import org.genex.autodiff.Var;
import org.genex.nn.loss.Losses;
import org.genex.tensor.Tensor;

/**
 * Phenotype labels of N samples: values (continuous or 0/1) or class indices, and the task loss of &sect;2 on them.
 *
 * @param task    what the labels are
 * @param values  [N] continuous values or 0/1 (null for MULTICLASS)
 * @param classes [N] class indices 0..k-1 (null unless MULTICLASS)
 */
public record Labels(TronTask task, float[] values, int[] classes) {
    public Labels {
        if (task == null) throw new IllegalArgumentException("Labels: task is null");
        if (task == TronTask.MULTICLASS ? classes == null : values == null)
            throw new IllegalArgumentException("Labels: " + task + " needs " + (task == TronTask.MULTICLASS
                    ? "class indices" : "values"));
    }

    public static Labels regression(float[] y) { return new Labels(TronTask.REGRESSION, y, null); }
    public static Labels binary(float[] y) { return new Labels(TronTask.BINARY, y, null); }
    public static Labels multiclass(int[] y) { return new Labels(TronTask.MULTICLASS, null, y); }

    public int size() { return task == TronTask.MULTICLASS ? classes.length : values.length; }

    /** The labels of the samples {@code idx}, in that order. */
    public Labels select(int[] idx) {
        if (task == TronTask.MULTICLASS) {
            int[] c = new int[idx.length];
            for (int k = 0; k < idx.length; k++) c[k] = classes[idx[k]];
            return new Labels(task, null, c);
        }
        float[] v = new float[idx.length];
        for (int k = 0; k < idx.length; k++) v[k] = values[idx[k]];
        return new Labels(task, v, null);
    }

    /** The mean task loss of {@code out} [B, k] against the labels of the samples {@code batch}. */
    public Var loss(Var out, int[] batch) {
        Labels y = select(batch);
        return switch (task) {
            case REGRESSION -> Losses.mse(out.reshape(batch.length), Var.of(Tensor.wrap(y.values, batch.length)));
            case BINARY -> Losses.bceWithLogits(out.reshape(batch.length), Var.of(Tensor.wrap(y.values, batch.length)));
            case MULTICLASS -> Losses.crossEntropy(out, y.classes);
        };
    }
}
