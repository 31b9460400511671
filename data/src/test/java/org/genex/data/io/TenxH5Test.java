package org.genex.data.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.genex.data.io.TenxTestFiles.assertDense;
import static org.genex.data.io.TenxTestFiles.assertFormatError;
import static org.genex.data.io.TenxTestFiles.resource;
import static org.genex.data.io.TenxTestFiles.text;
import static org.genex.data.io.TenxTestFiles.truncate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenxH5Test {
    @TempDir Path dir;

    private static void assertSameMatrix(CsrMatrix expected, CsrMatrix actual) {
        assertEquals(expected.rows(), actual.rows());
        assertEquals(expected.cols(), actual.cols());
        assertArrayEquals(expected.indptr(), actual.indptr());
        assertArrayEquals(expected.indices(), actual.indices());
        assertArrayEquals(expected.values(), actual.values());
    }

    /** The v3 h5 and the MEX v3 folder are the same data: identical CSR arrays, barcodes, names and ids. */
    @Test
    void v3MatchesMexV3() {
        AnnData h5 = TenxH5.read(TestTensors.fixture("scanpy/10x_v3.0.0_filtered_feature_bc_matrix.h5"));
        AnnData mex = TenxMex.read(TestTensors.fixture("scanpy/10x_v3.0.0"));
        assertSameMatrix(mex.x().csr(), h5.x().csr());
        assertTrue(h5.x().csr().canonical(), "Cell Ranger's decreasing gene order is sorted");
        assertArrayEquals(mex.obsNames(), h5.obsNames());
        assertArrayEquals(mex.varNames(), h5.varNames());
        assertArrayEquals(((Column.Strings) mex.var().get("gene_ids")).values(),
                ((Column.Strings) h5.var().get("gene_ids")).values());
        assertEquals(java.util.List.of("gene_ids", "feature_types", "genome"), h5.var().columnNames());
        assertEquals("GRCh38_chr21", h5.var().get("genome").format(0));
    }

    /** The v2 (PyTables) h5 and the MEX v2 folder (hg19_chr21) are the same data. */
    @Test
    void v2MatchesMexV2() {
        Path f = TestTensors.fixture("scanpy/10x_v1.2.0_filtered_gene_bc_matrices_h5.h5");
        AnnData h5 = TenxH5.read(f);
        AnnData named = TenxH5.read(f, "hg19_chr21");
        AnnData mex = TenxMex.read(TestTensors.fixture("scanpy/10x_v1.2.0_hg19_chr21"));
        assertSameMatrix(mex.x().csr(), h5.x().csr());
        assertSameMatrix(mex.x().csr(), named.x().csr());
        assertArrayEquals(mex.obsNames(), h5.obsNames());
        assertArrayEquals(mex.varNames(), h5.varNames());
        assertEquals(java.util.List.of("gene_ids"), h5.var().columnNames());
        assertFormatError(() -> TenxH5.read(f, "mm10"), "no genome 'mm10'", "[hg19_chr21]");
    }

    /** Space Ranger 1.0 stores float64 data and int32 indices. */
    @Test
    void float64DataAndInt32Indices() {
        AnnData a = TenxH5.read(TestTensors.fixture("scanpy/visium_1.0.0/filtered_feature_bc_matrix.h5"));
        assertEquals(100, a.nObs());
        assertEquals(100, a.nVars());
        assertEquals(656, a.x().nnz());
        double total = 0;
        for (float v : a.x().csr().values()) total += v;
        assertEquals(932.0, total, 0);
    }

    /** v2 with two genome groups and a stray root dataset (data/scripts/tenx_make_multigenome.py). */
    @Test
    void multiGenomeV2() {
        Path f = resource("/golden/tenx/v2_two_genomes.h5");
        AnnData human = TenxH5.read(f, "GRCh38");
        assertArrayEquals(new String[]{"A1BG", "TP53", "CD3E", "TP53"}, human.varNames());
        assertArrayEquals(new String[]{"AAAC-1", "AAAG-1", "AAAT-1"}, human.obsNames());
        assertDense(new float[][]{{1, 0, 3, 0}, {0, 2, 0, 0}, {0, 0, 4, 5}}, human.x());
        AnnData mouse = TenxH5.read(f, "mm10");
        assertArrayEquals(new String[]{"ENSMUSG1", "ENSMUSG2", "ENSMUSG3"},
                ((Column.Strings) mouse.var().get("gene_ids")).values());
        assertDense(new float[][]{{7, 0, 2}, {0, 0, 6}, {1, 0, 0}}, mouse.x());
        assertFormatError(() -> TenxH5.read(f), "several genomes", "GRCh38", "mm10");
        assertFormatError(() -> TenxH5.read(f, "hg19"), "no genome 'hg19'", "[GRCh38, mm10]");
    }

    /** v3 with integer-looking ids (kept as strings), genome and feature-type filters, decreasing gene order. */
    @Test
    void v3IntegerLookingIdsAndFilters() {
        Path f = resource("/golden/tenx/v3_intids.h5");
        AnnData all = TenxH5.read(f, null, false);
        assertArrayEquals(new String[]{"0001", "42", "7", "1e3", "99"}, ((Column.Strings) all.var().get("gene_ids")).values());
        assertDense(new float[][]{{1, 0, 4, 0, 9}, {0, 3, 5, 0, 8}, {2, 0, 0, 6, 7}}, all.x());
        assertTrue(all.x().csr().canonical());

        AnnData gex = TenxH5.read(f);
        assertArrayEquals(new String[]{"G1", "G2", "G3", "G4"}, gex.varNames());
        AnnData mouse = TenxH5.read(f, "mm10");
        assertArrayEquals(new String[]{"G3", "G4"}, mouse.varNames());
        assertDense(new float[][]{{4, 0}, {5, 0}, {0, 6}}, mouse.x());
        assertFormatError(() -> TenxH5.read(f, "hg19"), "/matrix/features/genome", "no features of genome 'hg19'",
                "GRCh38");
    }

    @Test
    void notHdf5AndTruncated() throws Exception {
        assertFormatError(() -> TenxH5.read(text(dir.resolve("a.h5"), "hello")), "a.h5", "not a readable HDF5 file");
        assertFormatError(() -> TenxH5.read(dir.resolve("none.h5")), "none.h5", "not found");
        Path cut = dir.resolve("cut.h5");
        Files.copy(TestTensors.fixture("scanpy/10x_v3.0.0_filtered_feature_bc_matrix.h5"), cut);
        truncate(cut, 60_000);
        assertFormatError(() -> TenxH5.read(cut), "cut.h5");
    }

    @Test
    void wrongLengthsAndIndices() {
        assertFormatError(() -> TenxH5.read(v3WithIndptr(new long[]{0, 2}, new long[]{0, 1, 1})),
                "/matrix/indptr", "expected 3 values, found 2");
        assertFormatError(() -> TenxH5.read(v3WithIndptr(new long[]{0, 2, 4}, new long[]{0, 1, 1})),
                "/matrix/indptr", "pointers from 0 to 3");
        assertFormatError(() -> TenxH5.read(v3WithIndptr(new long[]{0, 2, 3}, new long[]{0, 5, 1})),
                "/matrix/indices", "index 5 of entry 1 outside 0..1");
        assertFormatError(() -> TenxH5.read(v3WithIndptr(new long[]{0, 4, 3}, new long[]{0, 1, 1})),
                "/matrix/indptr", "pointers decrease at 1 (4 > 3)");
    }

    private int counter;

    private Path v3WithIndptr(long[] indptr, long[] indices) { return v3File(new int[]{1, 2, 3}, indptr, indices); }

    /** A 2 x 2 v3 file written with jHDF from these arrays. */
    private Path v3File(Object data, long[] indptr, long[] indices) {
        Path f = dir.resolve("p" + counter++ + ".h5");
        try (WritableHdfFile w = HdfFile.write(f)) {
            WritableGroup m = w.putGroup("matrix");
            m.putDataset("data", data);
            m.putDataset("indices", indices);
            m.putDataset("indptr", indptr);
            m.putDataset("shape", new int[]{2, 2});
            m.putDataset("barcodes", new String[]{"A-1", "B-1"});
            WritableGroup feats = m.putGroup("features");
            feats.putDataset("id", new String[]{"g1", "g2"});
            feats.putDataset("name", new String[]{"G1", "G2"});
            feats.putDataset("feature_type", new String[]{"Gene Expression", "Gene Expression"});
        }
        return f;
    }

    @Test
    void smallWrittenFileAndNonNumericData() {
        assertDense(new float[][]{{1, 2}, {0, 3}}, TenxH5.read(v3WithIndptr(new long[]{0, 2, 3}, new long[]{0, 1, 1})).x());
        assertFormatError(() -> TenxH5.read(v3File(new String[]{"a", "b", "c"}, new long[]{0, 2, 3}, new long[]{0, 1, 1})),
                "/matrix/data", "expected numbers, found String[]");
        assertFormatError(() -> TenxH5.read(v3File(new int[]{1, 2}, new long[]{0, 2, 3}, new long[]{0, 1, 1})),
                "/matrix/indptr", "pointers from 0 to 2 (the length of /matrix/data), found 0 to 3");
    }

    @Test
    void missingAndMismatchedFeatures() {
        Path noName = dir.resolve("n.h5");
        try (WritableHdfFile w = HdfFile.write(noName)) {
            WritableGroup m = w.putGroup("matrix");
            m.putDataset("data", new int[]{1});
            m.putDataset("indices", new long[]{0});
            m.putDataset("indptr", new long[]{0, 1});
            m.putDataset("shape", new int[]{1, 1});
            m.putDataset("barcodes", new String[]{"A-1"});
            WritableGroup feats = m.putGroup("features");
            feats.putDataset("id", new String[]{"g1"});
            feats.putDataset("feature_type", new String[]{"Gene Expression"});
        }
        assertFormatError(() -> TenxH5.read(noName), "n.h5", "/matrix/features/name", "missing dataset");

        Path shortBarcodes = dir.resolve("b.h5");
        try (WritableHdfFile w = HdfFile.write(shortBarcodes)) {
            WritableGroup m = w.putGroup("matrix");
            m.putDataset("data", new int[]{1});
            m.putDataset("indices", new long[]{0});
            m.putDataset("indptr", new long[]{0, 1, 1});
            m.putDataset("shape", new int[]{1, 2});
            m.putDataset("barcodes", new String[]{"A-1"});
            WritableGroup feats = m.putGroup("features");
            feats.putDataset("id", new String[]{"g1"});
            feats.putDataset("name", new String[]{"G1"});
            feats.putDataset("feature_type", new String[]{"Gene Expression"});
        }
        assertFormatError(() -> TenxH5.read(shortBarcodes), "/matrix/barcodes", "expected 2 values, found 1");

        Path noGroups = dir.resolve("g.h5");
        try (WritableHdfFile w = HdfFile.write(noGroups)) {
            w.putDataset("x", new int[]{1});
        }
        assertFormatError(() -> TenxH5.read(noGroups), "no 'matrix' group", "no genome group");
    }
}
