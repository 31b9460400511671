package org.genex.data.io;

import io.jhdf.HdfFile;
import org.genex.data.AnnData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Reads an AnnData {@code .h5ad} file as anndata does: the current on-disk format (anndata &gt;= 0.8, every element
 * with {@code encoding-type}/{@code encoding-version}), the anndata 0.7 layout (dataframes of encoding-version
 * 0.1.0 whose categoricals are int8 codes with an object reference to {@code __categories/<col>}, no encoding
 * attributes on the root or {@code uns}, LZF compression) and the anndata &lt;= 0.6 layout (compound
 * obs/var/obsm/varm, categories in {@code uns/<col>_categories}, {@code raw.X} as an h5sparse group).
 *
 * <p>What comes back, per element:
 * <ul>
 *   <li>{@code X}, layers, obsp/varp, raw/X and matrices in obsm/varm as float32 {@link org.genex.data.Matrix} in
 *       the stored layout (dense, CSR or CSC; {@code indptr}/{@code indices} int32 or int64 on disk, int in memory:
 *       a matrix of more than 2^31 - 9 stored values is rejected, {@link H5adBacked} reads it in row ranges);
 *       unsorted indices within a row (column for CSC), which scipy allows, are sorted; a file without {@code X}
 *       gives {@code hasX() == false};</li>
 *   <li>obs/var columns as {@link org.genex.data.Column}s: float32/float64 as {@code Floats} (remembering float32),
 *       integers as {@code Ints}, h5py booleans (an HDF5 enum FALSE/TRUE, which jHDF reports as strings) as
 *       {@code Bools}, strings as {@code Strings}, categoricals as {@code Categorical} (code -1 = missing; numeric
 *       categories become their decimal text), and the nullable encodings as {@code NullableInts/Bools/Strings};</li>
 *   <li>{@code uns} as nested {@code Map<String, Object>}: {@code string} as String, {@code numeric-scalar} as
 *       Double, Float, Long or Boolean, 1-d arrays as {@code float[]}, {@code double[]}, {@code int[]} (integers
 *       up to 32 bits), {@code long[]} (int64, uint32), {@code boolean[]} or {@code String[]}, n-d numeric arrays
 *       as float32 {@link org.genex.tensor.Tensor}s, sparse matrices as Matrix, dataframes as
 *       {@link org.genex.data.DataFrame}, and rec-arrays (compound datasets such as
 *       {@code uns/rank_genes_groups/names} or 0.7's {@code uns/O_recarray}) as a DataFrame with one column per
 *       field and rows named "0", "1", ...; categorical and nullable arrays in uns (rare) as Columns. In files
 *       without encoding attributes a one-element 1-d byte-string array is a String, as anndata reads it.</li>
 * </ul>
 *
 * <p>Errors: a missing or unreadable file, an unknown {@code encoding-type}, lengths that disagree (X against
 * obs/var, a column against its table, codes outside the categories, indptr against the shape) and corrupt or
 * truncated files all raise a {@link DataFormatException} naming the file and the HDF5 path of the element.
 * Sizes are checked before arrays are allocated.
 */
public final class H5adReader {
    private H5adReader() {}

    /**
     * Reads the whole file into memory.
     *
     * @throws DataFormatException if the file is not a valid h5ad file (naming the element)
     * @throws java.io.UncheckedIOException if it cannot be read at all (missing: a NoSuchFileException cause)
     */
    public static AnnData read(Path file) {
        try {
            return decode(file, H5adDecoder::readAnnData);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the file, runs {@code body} on a decoder and closes it; any jHDF or decoding failure becomes a
     * {@link DataFormatException} naming the element being read.
     */
    static <T> T decode(Path file, Function<H5adDecoder, T> body) throws IOException {
        HdfFile hdf = open(file);
        H5adDecoder decoder = new H5adDecoder(file, hdf);
        try (hdf) {
            return body.apply(decoder);
        } catch (RuntimeException e) {
            throw wrap(file, decoder.at, e);
        }
    }

    /** Opens an HDF5 file with jHDF, reporting a missing file as such and anything else as a format error. */
    static HdfFile open(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        if (!Files.isRegularFile(file)) throw new IOException(file + " is not a regular file");
        try {
            return new HdfFile(file);
        } catch (RuntimeException e) {
            throw new DataFormatException(file, "", "not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
    }

    /** A DataFormatException as it is, anything else (jHDF's exceptions, buffer underflows) wrapped. */
    static DataFormatException wrap(Path file, String element, RuntimeException e) {
        if (e instanceof DataFormatException d) return d;
        return new DataFormatException(file, element, "cannot be decoded (" + e.getClass().getSimpleName() + ": "
                + e.getMessage() + "); the file may be truncated or corrupt", e);
    }
}
