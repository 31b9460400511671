package org.genex.data.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.Matrix;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad h5ad files: each must fail with a {@link DataFormatException} that names the file and the element at fault
 * (never a bare jHDF, index or null-pointer exception). The files are valid h5ad files written by the encoder and
 * then broken in one place.
 */
class H5adBadInputTest {
    @TempDir Path dir;

    /** A 3 x 2 AnnData with a categorical, written after {@code breakIt} changed its tree. */
    private Path broken(Consumer<HdfTree.Group> breakIt) {
        AnnData a = new AnnData(Matrix.dense(3, 2, 1, 2, 3, 4, 5, 6));
        a.obs().put("cat", Column.Categorical.of("a", "b", "a"));
        a.obs().put("x", new double[]{1, 2, 3});
        a.uns().put("ok", 1L);
        HdfTree.Group root = H5adEncoder.encode(a);
        breakIt.accept(root);
        Path f = dir.resolve("bad.h5ad");
        try (WritableHdfFile w = HdfFile.write(f)) {
            HdfTree.emit(root, w);
        }
        return f;
    }

    private static HdfTree.Group group(HdfTree.Group g, String name) { return (HdfTree.Group) g.children().get(name); }

    private static DataFormatException assertBad(Path f, String element, String... words) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> H5adReader.read(f));
        assertEquals(f, e.file());
        assertEquals(element, e.element(), e.getMessage());
        for (String w : words) assertTrue(e.getMessage().contains(w), "'" + w + "' not in: " + e.getMessage());
        return e;
    }

    @Test
    void theUnbrokenFileReads() throws IOException {
        assertEquals(3, H5adReader.read(broken(root -> {})).nObs());
    }

    @Test
    void missingFile() {
        assertInstanceOf(NoSuchFileException.class, assertThrows(java.io.UncheckedIOException.class,
                () -> H5adReader.read(dir.resolve("absent.h5ad"))).getCause());
        assertInstanceOf(NoSuchFileException.class, assertThrows(java.io.UncheckedIOException.class,
                () -> H5adBacked.open(dir.resolve("absent.h5ad"))).getCause());
    }

    @Test
    void notHdf5() throws IOException {
        Path f = dir.resolve("text.h5ad");
        Files.writeString(f, "obs,var\n1,2\n".repeat(100));
        DataFormatException e = assertThrows(DataFormatException.class, () -> H5adReader.read(f));
        assertTrue(e.getMessage().contains("not a readable HDF5 file"), e.getMessage());
        Files.write(f, new byte[0]);
        assertThrows(DataFormatException.class, () -> H5adReader.read(f));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.02, 0.25, 0.5, 0.75, 0.9})
    void truncatedFile(double keep) throws IOException {
        Path f = dir.resolve("whole.h5ad");
        H5adWriter.write(H5adSamples.everything(), f);
        long size = Files.size(f);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate((long) (size * keep));
        }
        DataFormatException e = assertThrows(DataFormatException.class, () -> H5adReader.read(f));
        assertEquals(f, e.file());
        assertThrows(DataFormatException.class, () -> {
            try (H5adBacked b = H5adBacked.open(f)) {
                b.readX(0, b.nObs());
                b.readRows("raw/X", 0, b.nObs());
            }
        });
    }

    @Test
    void missingVar() {
        assertBad(broken(root -> root.children().remove("var")), "/var", "missing");
        assertBad(broken(root -> root.children().remove("obs")), "/obs", "missing");
    }

    @Test
    void xDoesNotFitObsAndVar() {
        assertBad(broken(root -> root.children().put("X",
                new HdfTree.Data(HdfTypes.FLOAT32, new float[8], 0, 4, 2).encoding("array", "0.2.0"))),
                "/X", "(4, 2)", "(3, 2)");
    }

    @Test
    void columnOfTheWrongLength() {
        assertBad(broken(root -> group(root, "obs").children().put("x",
                new HdfTree.Data(HdfTypes.FLOAT64, new double[2], 0, 2).encoding("array", "0.2.0"))),
                "/obs/x", "2 values", "3 rows");
    }

    @Test
    void columnListedButMissing() {
        assertBad(broken(root -> group(root, "obs").children().remove("x")), "/obs/x", "column-order");
    }

    @Test
    void categoricalCodesOutOfRange() {
        assertBad(broken(root -> group(group(root, "obs"), "cat").children().put("codes",
                new HdfTree.Data(HdfTypes.INT8, new byte[]{0, 5, 1}, 0, 3).encoding("array", "0.2.0"))),
                "/obs/cat/codes", "code 5", "row 1");
        assertBad(broken(root -> group(group(root, "obs"), "cat").children().put("codes",
                new HdfTree.Data(HdfTypes.INT8, new byte[]{0, -2, 1}, 0, 3).encoding("array", "0.2.0"))),
                "/obs/cat/codes", "code -2");
    }

    @Test
    void unknownEncodings() {
        assertBad(broken(root -> group(group(root, "obs"), "cat").encoding("awkward-array", "0.1.0")),
                "/obs/cat", "awkward-array");
        assertBad(broken(root -> group(root, "uns").children().get("ok").encoding("quantum-scalar", "9.9")),
                "/uns/ok", "unknown encoding-type 'quantum-scalar'");
        assertBad(broken(root -> root.children().get("X").encoding("string-array", "0.2.0")),
                "/X", "string-array");
        assertBad(broken(root -> root.encoding("spatialdata", "0.1.0")), "/", "spatialdata");
    }

    @Test
    void sparseArraysThatDisagree() throws IOException {
        CsrMatrix m = CsrMatrix.fromDense(Tensor.of(new float[]{1, 0, 0, 2, 3, 0}, 3, 2));
        Consumer<HdfTree.Group> csr = root -> root.children().put("X", H5adEncoder.matrix(Matrix.of(m), "/X"));
        assertEquals(3, H5adReader.read(broken(csr)).x().nnz(), "the CSR file itself is fine");
        assertBad(broken(csr.andThen(root -> group(root, "X").children().put("indptr",
                new HdfTree.Data(HdfTypes.INT32, new int[]{0, 1, 3}, 0, 3)))), "/X/indptr", "4");
        assertBad(broken(csr.andThen(root -> group(root, "X").children().put("indptr",
                new HdfTree.Data(HdfTypes.INT32, new int[]{0, 2, 1, 3}, 0, 4)))), "/X", "decreases");
        assertBad(broken(csr.andThen(root -> group(root, "X").children().put("indices",
                new HdfTree.Data(HdfTypes.INT32, new int[]{0, 1, 7}, 0, 3)))), "/X", "out of range");
        assertBad(broken(csr.andThen(root -> group(root, "X").children().put("indptr",
                new HdfTree.Data(HdfTypes.INT64, new long[]{0, 1, 2, 1L << 33}, 0, 4)))), "/X/indptr",
                "does not fit a 32-bit int");
        assertBad(broken(csr.andThen(root -> group(root, "X").attrs().put("shape", new long[]{3}))),
                "/X", "shape");
    }

    @Test
    void backedReadsCheckTheSparseArraysToo() {
        CsrMatrix m = CsrMatrix.fromDense(Tensor.of(new float[]{1, 0, 0, 2, 3, 0}, 3, 2));
        Path f = broken(root -> {
            root.children().put("X", H5adEncoder.matrix(Matrix.of(m), "/X"));
            group(root, "X").children().put("indptr", new HdfTree.Data(HdfTypes.INT32, new int[]{0, 2, 1, 3}, 0, 4));
        });
        DataFormatException e = assertThrows(DataFormatException.class, () -> {
            try (H5adBacked b = H5adBacked.open(f)) {
                b.readX(0, 1);
            }
        });
        assertEquals("/X/indptr", e.element());
        assertTrue(e.getMessage().contains("decreases"), e.getMessage());
    }

    @Test
    void moreStoredValuesThanAJavaArrayHolds() {
        H5adDecoder d = new H5adDecoder(dir.resolve("big.h5ad"), null);
        assertEquals(174_400, d.checkNnz(174_400, "/X/data"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> d.checkNnz(3_000_000_000L, "/X/data"));
        assertEquals("/X/data", e.element());
        assertTrue(e.getMessage().contains("3000000000"), e.getMessage());
    }

    @Test
    void rawThatDoesNotFit() {
        assertBad(broken(root -> {
            HdfTree.Group raw = new HdfTree.Group("/raw");
            raw.encoding("raw", "0.1.0");
            raw.put("X", H5adEncoder.matrix(Matrix.dense(3, 4, new float[12]), "/raw/X"));
            raw.put("var", H5adEncoder.dataframe(org.genex.data.DataFrame.ofRange(5), "/raw/var"));
            root.put("raw", raw);
        }), "/raw/X", "(3, 5)");
    }

    @Test
    void alignedElementsOfTheWrongShape() {
        assertBad(broken(root -> {
            HdfTree.Group obsm = new HdfTree.Group("/obsm");
            obsm.encoding("dict", "0.1.0");
            obsm.put("X_pca", H5adEncoder.matrix(Matrix.dense(2, 1, 1, 2), "/obsm/X_pca"));
            root.put("obsm", obsm);
        }), "/obsm/X_pca", "n_obs = 3");
        assertBad(broken(root -> {
            HdfTree.Group layers = new HdfTree.Group("/layers");
            layers.encoding("dict", "0.1.0");
            layers.put("counts", H5adEncoder.matrix(Matrix.dense(3, 1, 1, 2, 3), "/layers/counts"));
            root.put("layers", layers);
        }), "/layers/counts", "(n_obs, n_vars)");
    }
}
