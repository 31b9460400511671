package org.genex.nn.models.tron;

/** The kind of phenotype, which picks the task loss of specs/tron.md &sect;2. */
public enum TronTask {
    /** A continuous phenotype: MSE on the single output. */
    REGRESSION,
    /** A binary phenotype (labels 0/1): BCE with logits on the single output. */
    BINARY,
    /** A categorical phenotype (labels 0..k-1): softmax cross-entropy on k logits. */
    MULTICLASS
}
