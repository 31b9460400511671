package org.genex.nn.models.tron;

import org.genex.autodiff.SparseOps;
import org.genex.autodiff.Var;
import org.genex.nn.Layer;
import org.genex.nn.Module;
import org.genex.nn.Parameter;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Rng;
import org.genex.tensor.Tensor;

/**
 * TRON's species-conversion layer: a linear map from target-species genes to source-species genes whose parameters
 * are exactly the edges of the ortholog graph (specs/tron.md &sect;2):
 * <pre>
 *   x_s[n, i] = b[i] + sum_{e = (j, i) in E} w_e x_t[n, j]        x_t [N, n_t] -> x_s [N, n_s]
 * </pre>
 * The graph is a {@link CsrMatrix} over source genes (row i = source gene, its columns = the target genes j that
 * are its orthologs; &sect;9's layout). The forward is an SpMM and the weight gradient an SDDMM restricted to the
 * edges ({@link SparseOps#sparseLinear}), so a non-edge has no parameter and gets no gradient: the mask is exact
 * and neither Adam's moments nor weight decay can leak into it.
 *
 * <p><b>Names.</b> {@code weight} [|E|] (edge e in the CSR storage order of the pattern), {@code bias} [n_s], and the
 * buffer {@code edge_index} [2, |E|] (row 0: target gene j, row 1: source gene i, as float, exact below 2^24), so a
 * checkpoint alone describes the graph; in PyTorch the dense weight is
 * {@code torch.sparse_coo_tensor(edge_index.long().flip(0), weight, (n_s, n_t))}.
 *
 * <p><b>Initialisation</b> (&sect;2, A5): {@link WeightInit#ONE_OVER_DEGREE} sets {@code w_e = 1 / deg(i)}, so each
 * source gene starts as the mean of its target orthologs (identity for 1:1 orthologs: step-0 TRON is the naive
 * ortholog mapping, baseline B0); {@link WeightInit#NORMAL} draws {@code w_e ~ N(0, 1/deg(i))} (the ablation). The
 * bias starts at 0; {@link #setUnmappedBias} sets it for source genes without an ortholog.
 */
public final class SparseMaskedLinear extends Module implements Layer {
    /** How the edge weights start. */
    public enum WeightInit { ONE_OVER_DEGREE, NORMAL }

    private final CsrMatrix pattern;
    private final int[] source, target;                 // per edge: source gene i (row), target gene j (column)
    private final float[] initial;
    private final Parameter weight, bias;

    /**
     * @param pattern the ortholog graph, source genes (rows, outputs) by target genes (columns, inputs); its
     *                values are ignored
     */
    public SparseMaskedLinear(CsrMatrix pattern, WeightInit init, Rng rng) {
        if (pattern == null) throw new IllegalArgumentException("SparseMaskedLinear: the ortholog graph is null");
        if (!pattern.canonical())
            throw new IllegalArgumentException("SparseMaskedLinear: the graph has unsorted or repeated edges in a row");
        this.pattern = pattern;
        int nnz = pattern.nnz();
        source = new int[nnz];
        target = new int[nnz];
        float[] edgeIndex = new float[2 * nnz];
        initial = new float[nnz];
        int[] ptr = pattern.indptr();
        for (int i = 0; i < pattern.rows(); i++) {
            int deg = ptr[i + 1] - ptr[i];
            for (int e = ptr[i]; e < ptr[i + 1]; e++) {
                source[e] = i;
                target[e] = pattern.indices()[e];
                edgeIndex[e] = target[e];
                edgeIndex[nnz + e] = i;
                initial[e] = init == WeightInit.ONE_OVER_DEGREE ? 1f / deg
                        : (float) (rng.gaussian() / Math.sqrt(deg));
            }
        }
        this.weight = parameter("weight", Tensor.wrap(initial.clone(), nnz));
        this.bias = parameter("bias", Tensor.zeros(pattern.rows()));
        buffer("edge_index", Tensor.wrap(edgeIndex, 2, nnz));
    }

    /** x_t [N, n_t] -> x_s [N, n_s]. */
    @Override
    public Var forward(Var x) {
        checkLastDim("SparseMaskedLinear(" + inFeatures() + " -> " + outFeatures() + ")", x.shape(), inFeatures());
        return SparseOps.sparseLinear(x, weight.var(), bias.var(), pattern);
    }

    public Parameter weight() { return weight; }
    public Parameter bias() { return bias; }

    /** The graph (source genes by target genes; its values are not the weights). */
    public CsrMatrix pattern() { return pattern; }

    /** n_t. */
    public int inFeatures() { return pattern.cols(); }

    /** n_s. */
    public int outFeatures() { return pattern.rows(); }

    /** |E|. */
    public int edges() { return pattern.nnz(); }

    /** The source gene (row) of edge e. */
    public int sourceOf(int e) { return source[e]; }

    /** The target gene (column) of edge e. */
    public int targetOf(int e) { return target[e]; }

    /** The initial weights w^0 (a copy), the anchor of the L2 regulariser. */
    public float[] initialWeights() { return initial.clone(); }

    /** The current weights as a new CSR matrix over source genes (the learned functional-orthology graph). */
    public CsrMatrix weights() {
        return new CsrMatrix(pattern.rows(), pattern.cols(), pattern.indptr(), pattern.indices(),
                weight.value().toArray());
    }

    /** The dense {@code (W (.) B)^T} [n_s, n_t] of the current weights: zeros off the graph. For small sizes. */
    public Tensor denseWeight() { return weights().toDense(); }

    /** The binary mask [n_s, n_t]. */
    public Tensor denseMask() {
        float[] ones = new float[edges()];
        java.util.Arrays.fill(ones, 1f);
        return new CsrMatrix(pattern.rows(), pattern.cols(), pattern.indptr(), pattern.indices(), ones).toDense();
    }

    /**
     * Sets {@code b[i] = means[i]} for every source gene without an ortholog (&sect;2: such a gene receives only the
     * bias, so the source network sees its training mean rather than 0); others keep their bias.
     */
    public void setUnmappedBias(float[] means) {
        if (means.length != outFeatures())
            throw new IllegalArgumentException("setUnmappedBias: " + means.length + " means for " + outFeatures()
                    + " source genes");
        float[] b = bias.value().toArray();
        int[] ptr = pattern.indptr();
        for (int i = 0; i < b.length; i++) if (ptr[i + 1] == ptr[i]) b[i] = means[i];
        bias.copyFrom(Tensor.wrap(b, b.length));
    }

    /**
     * Checks that the {@code edge_index} buffer (after loading a checkpoint) describes this layer's graph.
     *
     * @throws IllegalStateException naming the first edge that differs
     */
    public void checkEdgeIndex() {
        float[] ei = buffer("edge_index").toArray();
        int nnz = edges();
        for (int e = 0; e < nnz; e++)
            if (ei[e] != target[e] || ei[nnz + e] != source[e])
                throw new IllegalStateException("SparseMaskedLinear: the loaded edge_index differs from this graph at"
                        + " edge " + e + ": (" + (int) ei[e] + " -> " + (int) ei[nnz + e] + ") vs (" + target[e]
                        + " -> " + source[e] + "); build the model from the ortholog graph the checkpoint was"
                        + " trained with");
    }
}
