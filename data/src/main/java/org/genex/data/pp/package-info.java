/**
 * Preprocessing with scanpy's definitions ({@code scanpy.pp}, ScanpyV1 defaults), on an {@link org.genex.data.AnnData}
 * in place as scanpy works (writing the same {@code obs}, {@code var} and {@code uns} keys) or on a
 * {@link org.genex.data.Matrix} directly:
 *
 * <table>
 *   <caption>scanpy functions and their genex counterparts</caption>
 *   <tr><th>scanpy</th><th>genex</th></tr>
 *   <tr><td>{@code pp.calculate_qc_metrics}</td><td>{@link org.genex.data.pp.QcMetrics}</td></tr>
 *   <tr><td>{@code pp.filter_cells}, {@code pp.filter_genes}</td><td>{@link org.genex.data.pp.Filter}</td></tr>
 *   <tr><td>{@code pp.normalize_total}, {@code pp.log1p}</td><td>{@link org.genex.data.pp.Normalize}</td></tr>
 *   <tr><td>{@code pp.highly_variable_genes}</td><td>{@link org.genex.data.pp.HighlyVariableGenes}
 *       (loess: {@link org.genex.data.pp.Loess})</td></tr>
 *   <tr><td>{@code pp.scale}</td><td>{@link org.genex.data.pp.Scale}</td></tr>
 *   <tr><td>{@code pp.regress_out}</td><td>{@link org.genex.data.pp.RegressOut}</td></tr>
 *   <tr><td>{@code adata.layers["counts"] = adata.X.copy()}</td><td>{@link org.genex.data.pp.Layers#copyX}</td></tr>
 * </table>
 *
 * <p>The exact definitions are in ../shared/specs/scanpy-preprocessing.md; each class says where genex differs from
 * scanpy. Common to all: statistics accumulate in double; each step rounds its output matrix once to float32;
 * sparse input stays sparse except where scanpy densifies too (zero-centred {@code scale}, {@code regress_out});
 * no step writes into an input matrix's arrays (a new matrix replaces X or the layer), so layers that share a
 * matrix stay intact. An AnnData cannot change its shape in place, so the filters and {@code subset=True} return
 * the subset AnnData.
 *
 * <p>Threading: the large loops run on {@link org.genex.tensor.Parallel} over a partition that depends only on the
 * sizes of the data, and partial sums are combined in a fixed order, so results are the same bits for any thread
 * count. Tested against scanpy's golden files (seurat and cell_ranger HVGs on pbmc68k_reduced) and against an
 * independent NumPy implementation, data/scripts/pp_golden.py, whose outputs are under
 * src/test/resources/golden/pp.
 */
package org.genex.data.pp;
