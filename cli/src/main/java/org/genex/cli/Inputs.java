package org.genex.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.genex.data.AnnData;
import org.genex.data.io.DataFormatException;
import org.genex.data.io.Delimited;
import org.genex.data.io.H5adReader;
import org.genex.data.io.Loom;
import org.genex.data.io.TenxH5;
import org.genex.data.io.TenxMex;

/**
 * Reads the input of a job by its name: {@code .h5ad}; a folder of 10x MEX files ({@code matrix.mtx[.gz]} with
 * barcodes and features/genes); a 10x {@code .h5}/{@code .hdf5}; {@code .loom}; anything else as a delimited matrix
 * (CSV, TSV, whitespace; gzipped or not) with cells as rows unless {@code transpose}. Every failure to read is an
 * {@link InputException} naming the file.
 */
public final class Inputs {
    private Inputs() {}

    /** The formats, for messages. */
    public static final String FORMATS = ".h5ad, a 10x MEX folder or .h5, .loom, or a CSV/TSV matrix";

    /** Reads {@code input} as its name says. */
    public static AnnData read(Path input, boolean transpose) {
        if (!Files.exists(input)) throw new InputException("input not found: " + input);
        if (!Files.isReadable(input)) throw new InputException("input not readable: " + input);
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (Files.isDirectory(input)) {
                if (!Files.exists(input.resolve("matrix.mtx")) && !Files.exists(input.resolve("matrix.mtx.gz")))
                    throw new InputException("input " + input + " is a folder without matrix.mtx[.gz]; expected "
                            + FORMATS);
                return TenxMex.read(input);
            }
            if (name.endsWith(".h5ad")) return H5adReader.read(input);
            if (name.endsWith(".loom")) return Loom.read(input);
            if (name.endsWith(".h5") || name.endsWith(".hdf5")) return TenxH5.read(input);
            return Delimited.readMatrix(input, Delimited.Options.DEFAULT.withTranspose(transpose));
        } catch (InputException e) {
            throw e;
        } catch (DataFormatException e) {
            throw new InputException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new InputException("cannot read " + input + ": " + e.getCause().getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw new InputException("cannot read " + input + " (" + FORMATS + "): " + e.getMessage(), e);
        } catch (RuntimeException e) { // e.g. jHDF's HdfException for a file that is not HDF5
            throw new InputException("cannot read " + input + " (" + FORMATS + "): " + e, e);
        }
    }
}
