package org.genex.data.io;

import org.genex.data.AnnData;
import org.genex.data.Column;
import org.genex.data.DataFrame;
import org.genex.data.Matrix;
import org.genex.tensor.Tensor;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * H5adReader against the h5ad fixtures of formats.md §7 and the committed legacy (anndata &lt;= 0.6) file: every
 * element is compared with the golden summaries computed by anndata/h5py (data/scripts/golden_h5ad.py), and the
 * headline facts of each file are spelled out below.
 */
class H5adFixturesTest {

    static Path resolve(String label) throws Exception {
        if (label.startsWith("resource:"))
            return Path.of(H5adFixturesTest.class.getResource("/" + label.substring("resource:".length())).toURI());
        return TestTensors.fixture(label);
    }

    @ParameterizedTest
    @ValueSource(strings = {"scanpy/pbmc68k_reduced.h5ad", "anndata/adata_v0.7.0.h5ad", "anndata/adata_v0.11.4.h5ad",
            "resource:h5ad/legacy_v0.6.h5ad", "resource:h5ad/anndata_features.h5ad"})
    void everyElementMatchesTheGoldenSummary(String label) throws Exception {
        AnnData a = H5adReader.read(resolve(label));
        H5adGolden.assertAnnData(H5adGolden.file(label), a);
    }

    @Test
    void pbmc68kReduced() throws Exception {
        AnnData a = H5adReader.read(TestTensors.fixture("scanpy/pbmc68k_reduced.h5ad"));
        assertEquals(700, a.nObs());
        assertEquals(765, a.nVars());
        Matrix.Dense x = assertInstanceOf(Matrix.Dense.class, a.x());
        assertEquals(-0.326f, x.get(0, 0), 1e-6f); // h5py: f["X"][0, 0] = -0.326
        assertEquals("index", a.obs().indexName());
        assertEquals("AAAGCCTGGCTAAC-1", a.obsNames()[0]);

        Column.Categorical bulk = assertInstanceOf(Column.Categorical.class, a.obs().get("bulk_labels"));
        assertEquals(10, bulk.categories().length);
        assertEquals("CD14+ Monocyte", bulk.label(0));
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"),
                List.of(((Column.Categorical) a.obs().get("louvain")).categories()));
        assertEquals(List.of("G1", "G2M", "S"), List.of(((Column.Categorical) a.obs().get("phase")).categories()));
        assertInstanceOf(Column.Ints.class, a.obs().get("n_genes"));
        assertTrue(((Column.Floats) a.obs().get("n_counts")).float32());

        boolean[] hv = assertInstanceOf(Column.Bools.class, a.var().get("highly_variable")).values();
        int count = 0;
        for (boolean b : hv) if (b) count++;
        assertEquals(309, count); // h5py: f["var/highly_variable"][()].sum()

        assertEquals(50, a.obsm().matrix("X_pca").cols());
        assertEquals(2, a.obsm().matrix("X_umap").cols());
        assertEquals(50, a.varm().matrix("PCs").cols());
        Matrix.Csr conn = assertInstanceOf(Matrix.Csr.class, a.obsp().get("connectivities"));
        assertEquals(9992, conn.nnz());
        assertInstanceOf(Matrix.Csr.class, a.obsp().get("distances"));

        Matrix.Csr rawX = assertInstanceOf(Matrix.Csr.class, a.raw().x());
        assertEquals(765, rawX.cols());
        assertEquals(174_400, rawX.nnz());
        assertEquals(765, a.raw().nVars());

        Map<?, ?> params = (Map<?, ?>) ((Map<?, ?>) a.uns().get("neighbors")).get("params");
        assertEquals("umap", params.get("method"));
        assertEquals(10L, ((long[]) params.get("n_neighbors"))[0]);
        Map<?, ?> rgg = (Map<?, ?>) a.uns().get("rank_genes_groups");
        DataFrame names = assertInstanceOf(DataFrame.class, rgg.get("names"));
        assertEquals(100, names.rows());
        assertEquals("CST3", ((Column.Strings) names.get("Dendritic")).values()[0]);
        assertTrue(((boolean[]) ((Map<?, ?>) rgg.get("params")).get("use_raw"))[0]);
        assertEquals(50, ((float[]) ((Map<?, ?>) a.uns().get("pca")).get("variance")).length);
    }

    @Test
    void anndata070() throws Exception {
        AnnData a = H5adReader.read(TestTensors.fixture("anndata/adata_v0.7.0.h5ad"));
        assertEquals(30, a.nObs());
        assertEquals(20, a.nVars());
        assertInstanceOf(Matrix.Csr.class, a.x());
        Column.Categorical ordered = assertInstanceOf(Column.Categorical.class, a.obs().get("cat_ordered"));
        assertTrue(ordered.ordered());
        assertFalse(((Column.Categorical) a.obs().get("obs_cat")).ordered());
        assertInstanceOf(Column.Ints.class, a.obs().get("uint8"));
        assertInstanceOf(DataFrame.class, a.obsm().get("df"));
        assertEquals(100, a.obsm().matrix("sparse").cols());
        assertEquals(40, a.raw().nVars());
        assertEquals(List.of("array", "sparse"), List.copyOf(a.layers().keySet()));
        DataFrame rec = assertInstanceOf(DataFrame.class, a.uns().get("O_recarray"));
        assertEquals(20, rec.rows());
        assertEquals(5, rec.columnNames().size());
    }

    @Test
    void anndata0114WithoutX() throws Exception {
        AnnData a = H5adReader.read(TestTensors.fixture("anndata/adata_v0.11.4.h5ad"));
        assertFalse(a.hasX());
        assertEquals(10, a.nObs());
        assertEquals(20, a.nVars());
        assertTrue(a.obs().columnNames().isEmpty());
        assertTrue(a.obsm().isEmpty() && a.layers().isEmpty() && a.uns().isEmpty());
    }

    @Test
    void featuresWithoutAPublicFixture() throws Exception {
        AnnData a = H5adReader.read(resolve("resource:h5ad/anndata_features.h5ad")); // written by anndata 0.8
        Matrix.Csc x = assertInstanceOf(Matrix.Csc.class, a.x()); // int64 indptr and indices on disk
        assertEquals(8, x.nnz());
        assertEquals(5.25f, x.get(3, 2));
        Column.Categorical cellType = (Column.Categorical) a.obs().get("cell_type");
        assertEquals(-1, cellType.codes()[1]);
        assertTrue(((Column.Categorical) a.obs().get("grade")).ordered());
        Column.NullableInts nGenes = assertInstanceOf(Column.NullableInts.class, a.obs().get("n_genes"));
        assertTrue(nGenes.mask()[1] && !nGenes.mask()[0]);
        assertEquals(30, nGenes.values()[2]);
        Column.NullableBools doublet = assertInstanceOf(Column.NullableBools.class, a.obs().get("doublet"));
        assertTrue(doublet.values()[0] && doublet.mask()[5]);
        assertEquals("features é", a.uns().get("title"));
        assertEquals(0.05, a.uns().get("alpha"));
        assertEquals(50L, a.uns().get("n_pcs"));
        assertEquals(true, ((Map<?, ?>) a.uns().get("log1p")).get("done"));
        assertEquals(List.of(3, 4), List.of(((Tensor) a.uns().get("grid")).dim(0), ((Tensor) a.uns().get("grid")).dim(1)));
        assertEquals(127, ((int[]) a.uns().get("small_ints"))[3]);
    }

    @Test
    void legacyCompoundLayout() throws Exception {
        AnnData a = H5adReader.read(resolve("resource:h5ad/legacy_v0.6.h5ad"));
        assertEquals(5, a.nObs());
        assertEquals(4, a.nVars());
        assertEquals("index", a.obs().indexName());
        Column.Categorical cellType = assertInstanceOf(Column.Categorical.class, a.obs().get("cell_type"));
        assertEquals(List.of("B", "NK", "T"), List.of(cellType.categories()));
        assertEquals("NK", cellType.label(0));
        assertInstanceOf(Column.Categorical.class, a.var().get("gene_type"));
        assertFalse(a.uns().containsKey("cell_type_categories"), "categories move out of uns, as in anndata");
        assertInstanceOf(Column.Bools.class, a.obs().get("is_doublet"));
        assertEquals(1.4f, a.obsm().matrix("X_pca").get(4, 2), 1e-6f);
        Matrix.Csr raw = assertInstanceOf(Matrix.Csr.class, a.raw().x());
        assertEquals(6.25f, raw.get(4, 4));
        assertEquals("umap", ((Map<?, ?>) ((Map<?, ?>) a.uns().get("neighbors")).get("params")).get("method"));
    }
}
