/**
 * The data side of genex: {@link org.genex.data.AnnData} (the h5ad model: X, obs/var tables of typed
 * {@link org.genex.data.Column}s, obsm/varm/obsp/varp/layers, nested uns, raw), and below it the readers and writers
 * of the files single-cell users have ({@code org.genex.data.io}), scanpy-equivalent preprocessing
 * ({@code org.genex.data.pp}), gene tables and ortholog maps ({@code org.genex.data.genes}) and simulators with
 * ground truth ({@code org.genex.data.sim}).
 *
 * <p>Matrices are float32 ({@link org.genex.data.Matrix}: dense tensor, CSR or CSC, kept in the layout read);
 * statistics over them accumulate in double. Bad files get a {@link org.genex.data.io.DataFormatException} naming the
 * file, the element path inside it and what was expected.
 */
package org.genex.data;
