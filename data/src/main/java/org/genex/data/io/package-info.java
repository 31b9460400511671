/**
 * Readers and writers: h5ad (current, anndata 0.7 and &lt;= 0.6 layouts), 10x MEX and HDF5, Visium, loom, scipy npz
 * and delimited text. Every reader validates sizes before it allocates and reports bad input with a
 * {@link org.genex.data.io.DataFormatException}; every writer writes a temporary file beside the target and renames
 * it, so a failed write leaves nothing behind.
 */
package org.genex.data.io;
