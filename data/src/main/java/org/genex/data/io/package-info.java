/**
 * Readers and writers: h5ad (current, anndata 0.7 and &lt;= 0.6 layouts), 10x MEX and HDF5, Visium, loom, scipy npz
 * and delimited text. Every reader validates sizes before it allocates and reports bad input with a
 * {@link org.genex.data.io.DataFormatException}; every writer writes a temporary file beside the target and renames
 * it, so a failed write leaves nothing behind.
 *
 * <p>h5ad: {@link org.genex.data.io.H5adReader} reads a whole file, {@link org.genex.data.io.H5adBacked} reads row
 * ranges of its matrices on demand, and {@link org.genex.data.io.H5adWriter} writes the current format. HDF5 goes
 * through jHDF; the datatypes jHDF cannot write (variable-length UTF-8 strings, h5py's boolean enum, empty arrays,
 * compound rec-arrays) are encoded by the package-private {@code HdfTypes} and {@code EncodedDataset}.
 */
package org.genex.data.io;
