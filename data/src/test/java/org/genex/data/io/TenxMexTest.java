package org.genex.data.io;

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
import static org.genex.data.io.TenxTestFiles.gz;
import static org.genex.data.io.TenxTestFiles.text;
import static org.genex.data.io.TenxTestFiles.truncate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenxMexTest {
    @TempDir Path dir;

    private static final String MTX = """
            %%MatrixMarket matrix coordinate integer general
            %metadata_json: {"format_version": 2}
            4 3 5
            4 1 5
            1 1 1
            2 2 2
            3 2 3
            4 3 4
            """;
    private static final String FEATURES = """
            0042\tTP53\tGene Expression
            0007\tTP53\tGene Expression
            12\tCD3E\tGene Expression
            13\tCD3_TotalSeqB\tAntibody Capture
            """;
    private static final String BARCODES = "AAAC-1\nAAAG-1\nAAAT-1\n";
    // cells x genes
    private static final float[][] DENSE = {{1, 0, 0, 5}, {0, 2, 3, 0}, {0, 0, 0, 4}};

    private Path v3(Path folder) throws Exception {
        Files.createDirectories(folder);
        gz(folder.resolve("matrix.mtx.gz"), MTX);
        gz(folder.resolve("features.tsv.gz"), FEATURES);
        gz(folder.resolve("barcodes.tsv.gz"), BARCODES);
        return folder;
    }

    /** scanpy's read_10x_mtx on the v3 fixture: 1,107 cells x 507 genes, the totals scipy's mmread gives. */
    @Test
    void v3Fixture() {
        AnnData a = TenxMex.read(TestTensors.fixture("scanpy/10x_v3.0.0"));
        assertEquals(1107, a.nObs());
        assertEquals(507, a.nVars());
        CsrMatrix x = a.x().csr();
        assertTrue(x.canonical());
        assertEquals(23866, x.nnz());
        assertEquals(41549, sum(x.values()), 0);
        assertEquals(3f, a.x().get(0, 457));
        assertEquals(34, x.rowSums()[1106], 0);
        assertEquals("AAACCCAAGGAGAGTA-1", a.obsNames()[0]);
        assertEquals("CH507-9B2.2", a.varNames()[0]);
        assertEquals("ENSG00000279493", a.var().get("gene_ids").format(0));
        assertEquals("Gene Expression", a.var().get("feature_types").format(506));
        assertEquals(java.util.List.of("gene_ids", "feature_types"), a.var().columnNames());
    }

    /** The v2 fixture: plain files, genes.tsv; 12 cells x 343 genes with one count each (scipy's positions). */
    @Test
    void v2Fixture() {
        AnnData a = TenxMex.read(TestTensors.fixture("scanpy/10x_v1.2.0_hg19_chr21"));
        assertEquals(12, a.nObs());
        assertEquals(343, a.nVars());
        int[] genes = {200, 122, 282, 317, 174, 11, 131, 196, 221, 235, 316, 126};
        for (int c = 0; c < 12; c++) assertEquals(1f, a.x().get(c, genes[c]), "cell " + c);
        assertEquals(12, a.x().nnz());
        assertEquals(java.util.List.of("gene_ids"), a.var().columnNames());
        assertEquals("DSCAM", a.varNames()[0]);
    }

    @Test
    void symbolsMadeUniqueIdsKeptAsStrings() throws Exception {
        AnnData a = TenxMex.read(v3(dir.resolve("s")), TenxMex.Options.DEFAULT.withGexOnly(false));
        assertArrayEquals(new String[]{"TP53", "TP53-1", "CD3E", "CD3_TotalSeqB"}, a.varNames());
        assertArrayEquals(new String[]{"0042", "0007", "12", "13"}, ((Column.Strings) a.var().get("gene_ids")).values());
        assertArrayEquals(new String[]{"AAAC-1", "AAAG-1", "AAAT-1"}, a.obsNames());
        assertDense(DENSE, a.x());

        AnnData ids = TenxMex.read(dir.resolve("s"), TenxMex.Options.DEFAULT.withVarNames(TenxMex.VarNames.GENE_IDS)
                .withGexOnly(false));
        assertArrayEquals(new String[]{"0042", "0007", "12", "13"}, ids.varNames());
        assertEquals(java.util.List.of("gene_symbols", "feature_types"), ids.var().columnNames());
        assertEquals("TP53", ids.var().get("gene_symbols").format(1));

        AnnData dup = TenxMex.read(dir.resolve("s"), TenxMex.Options.DEFAULT.withMakeUnique(false).withGexOnly(false));
        assertEquals("TP53", dup.varNames()[1]);
    }

    @Test
    void gexOnlyDropsOtherFeatureTypes() throws Exception {
        AnnData a = TenxMex.read(v3(dir.resolve("g")));
        assertArrayEquals(new String[]{"TP53", "TP53-1", "CD3E"}, a.varNames());
        assertDense(new float[][]{{1, 0, 0}, {0, 2, 3}, {0, 0, 0}}, a.x());
    }

    @Test
    void plainOrGzipUnderEitherNameAndPrefix() throws Exception {
        Path f = Files.createDirectories(dir.resolve("mixed"));
        text(f.resolve("p_matrix.mtx"), MTX);                 // v3 folder with an uncompressed matrix
        text(f.resolve("p_features.tsv.gz"), FEATURES);       // a .gz name over plain text
        gz(f.resolve("p_barcodes.tsv"), BARCODES);            // gzip bytes under a plain name
        AnnData a = TenxMex.read(f, TenxMex.Options.DEFAULT.withPrefix("p_").withGexOnly(false));
        assertDense(DENSE, a.x());
        assertEquals("AAAT-1", a.obsNames()[2]);
    }

    @Test
    void v2FolderWithTwoColumnGenes() throws Exception {
        Path f = Files.createDirectories(dir.resolve("v2"));
        text(f.resolve("matrix.mtx"), MTX);
        text(f.resolve("genes.tsv"), "1\tA\n2\tB\n3\tC\n4\tD\n");
        text(f.resolve("barcodes.tsv"), BARCODES);
        AnnData a = TenxMex.read(f);
        assertArrayEquals(new String[]{"A", "B", "C", "D"}, a.varNames());
        assertFalse(a.var().has("feature_types"));
        assertDense(DENSE, a.x());
    }

    @Test
    void missingFilesAreNamed() throws Exception {
        Path f = v3(dir.resolve("m"));
        Files.delete(f.resolve("barcodes.tsv.gz"));
        assertFormatError(() -> TenxMex.read(f), "barcodes.tsv.gz", "missing", "matrix.mtx.gz");
        Files.delete(f.resolve("features.tsv.gz"));
        assertFormatError(() -> TenxMex.read(f), "features.tsv.gz or features.tsv or genes.tsv");
        assertFormatError(() -> TenxMex.read(dir.resolve("nowhere")), "not a folder");
    }

    @Test
    void mismatchedListsNameBothFiles() throws Exception {
        Path f = v3(dir.resolve("x"));
        gz(f.resolve("barcodes.tsv.gz"), "A-1\nB-1\n");
        assertFormatError(() -> TenxMex.read(f), "barcodes.tsv.gz", "2 barcodes", "matrix.mtx.gz has 3 columns");
        gz(f.resolve("barcodes.tsv.gz"), BARCODES);
        gz(f.resolve("features.tsv.gz"), "1\tA\tGene Expression\n");
        assertFormatError(() -> TenxMex.read(f), "features.tsv.gz", "1 features", "4 rows");
        gz(f.resolve("features.tsv.gz"), "1\tA\tGene Expression\n2\tB\n3\tC\tGene Expression\n4\tD\tGene Expression\n");
        assertFormatError(() -> TenxMex.read(f), "features.tsv.gz", "line 2", "3 tab-separated columns");
    }

    @Test
    void badMatrixAndTruncatedLists() throws Exception {
        Path f = v3(dir.resolve("b"));
        gz(f.resolve("matrix.mtx.gz"), MTX.replace("3 2 3", "3 2 three"));
        assertFormatError(() -> TenxMex.read(f), "matrix.mtx.gz", "line 7", "expected an integer");
        gz(f.resolve("matrix.mtx.gz"), MTX);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 20000; i++) many.append("CELL").append(i).append("-1\n");
        truncate(gz(f.resolve("barcodes.tsv.gz"), many.toString()), 2000);
        assertFormatError(() -> TenxMex.read(f), "barcodes.tsv.gz", "truncated or corrupt");
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return s;
    }
}
