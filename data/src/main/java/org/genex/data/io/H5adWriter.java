package org.genex.data.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.exceptions.HdfException;
import org.genex.data.AnnData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes an {@link AnnData} as an {@code .h5ad} file in the current on-disk format (anndata &gt;= 0.8), which
 * anndata and scanpy read: X dense (float32) or CSR/CSC (float32 data, int32 indices and indptr), obs/var and
 * obsm/varm data frames with every {@link org.genex.data.Column} kind (float32/float64, int64, bool, string,
 * categorical, nullable integer/boolean/string), obsm/varm/obsp/varp/layers matrices, nested uns and raw.
 *
 * <p>How the bytes are made: jHDF 0.13 writes the file's skeleton (superblock, groups, object headers), while every
 * dataset and attribute is encoded by genex ({@link HdfTypes}, {@link EncodedDataset}) because jHDF would write
 * strings as fixed-length, booleans as bitfields (which h5py reads as uint8, and pandas then rejects as a
 * categorical's {@code ordered}) and cannot write empty arrays. So string-arrays and string scalars are
 * variable-length UTF-8 as the specification requires, booleans are h5py's enum, and a data frame without columns
 * gets an empty float64 {@code column-order} as anndata writes it. Attributes holding strings are fixed-length
 * UTF-8, which anndata reads (it decodes them explicitly). Datasets are contiguous and uncompressed. Empty obsm,
 * varm, obsp, varp, layers and uns are omitted (all optional); an empty map nested in uns is an empty group.
 *
 * <p>The file is written to a temporary file beside the target and renamed over it (with permissions
 * {@code rw-r--r--} where the file system has POSIX permissions); on any failure nothing is left behind and an
 * existing target is untouched. Content that cannot be stored is rejected with an
 * {@link IllegalArgumentException} naming its path before anything is written: nulls and unsupported objects in
 * uns, names containing '/', a column named like the index, and attributes too large for an HDF5 object header
 * (jHDF writes no dense attribute storage), which in practice means a table of more than about 3,000 columns.
 */
public final class H5adWriter {
    private H5adWriter() {}

    /**
     * Writes {@code adata} to {@code target}, replacing an existing file atomically.
     *
     * @throws IllegalArgumentException for content h5ad cannot hold (before anything is written)
     * @throws java.io.UncheckedIOException if the file cannot be written (nothing is left behind)
     */
    public static void write(AnnData adata, Path target) {
        HdfTree.Group root = H5adEncoder.encode(adata); // checks names and values before the file is touched
        HdfTree.validate(root);
        AtomicFiles.writeVia(target, tmp -> {
            try (WritableHdfFile file = HdfFile.write(tmp)) {
                HdfTree.emit(root, file);
            } catch (HdfException e) { // jHDF writes the whole file on close; a partial one is deleted
                throw new IOException("jHDF failed: " + e.getMessage(), e);
            }
            if (Files.getFileAttributeView(tmp, PosixFileAttributeView.class) != null)
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        });
    }
}
