package org.genex.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AnnDataTest {

    /** Expected output printed by anndata 0.8's make_index_unique on the same input. */
    @Test
    void makeUniqueMatchesAnndata() {
        String[] in = {"a", "b", "a", "a-1", "a", "b", "c", "c-1", "c"};
        assertArrayEquals(new String[] {"a", "b", "a-2", "a-1", "a-3", "b-1", "c", "c-1", "c-2"}, Names.makeUnique(in));
        String[] distinct = {"x", "y"};
        assertSame(distinct, Names.makeUnique(distinct));
    }

    /** A 4 x 3 AnnData whose X(i, j) = 10 i + j, with every aligned element filled. */
    private static AnnData sample() {
        float[] v = new float[12];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 3; j++) v[3 * i + j] = 10 * i + j;
        DataFrame obs = new DataFrame(new String[] {"c0", "c1", "c2", "c3"});
        obs.put("n", new double[] {0, 1, 2, 3});
        obs.put("type", Column.Categorical.of("T", "B", null, "T"));
        DataFrame var = new DataFrame(new String[] {"g0", "g1", "g1"});
        AnnData a = new AnnData(Matrix.of(CsrMatrix.fromDense(Tensor.of(v, 4, 3))), obs, var);
        a.obsm().put("X_pca", Matrix.dense(4, 2, 0, 0, 1, 1, 2, 2, 3, 3));
        a.varm().put("PCs", Matrix.dense(3, 1, 5, 6, 7));
        a.obsp().put("distances", Matrix.of(CsrMatrix.fromDense(Tensor.of(new float[16], 4, 4))));
        a.layers().put("counts", Matrix.of(Tensor.of(v, 4, 3)));
        a.uns().put("log1p", java.util.Map.of("base", "e"));
        a.freezeRaw();
        return a;
    }

    @Test
    void selectingObservationsKeepsEveryElementAligned() {
        AnnData a = sample().selectObs(3, 1);
        assertArrayEquals(new String[] {"c3", "c1"}, a.obsNames());
        assertEquals(31f, a.x().get(0, 1));
        assertEquals(12f, a.layers().matrix("counts").get(1, 2));
        assertEquals(3f, a.obsm().matrix("X_pca").get(0, 1));
        assertEquals(2, a.obsp().get("distances").rows());
        assertEquals(2, a.obsp().get("distances").cols());
        assertEquals("T", ((Column.Categorical) a.obs().get("type")).label(0));
        assertEquals("B", ((Column.Categorical) a.obs().get("type")).label(1));
        assertEquals(2, a.raw().x().rows());
        assertEquals(3, a.raw().nVars());
        assertEquals("e", ((java.util.Map<?, ?>) a.uns().get("log1p")).get("base"));
    }

    @Test
    void selectingVariablesLeavesRawWhole() {
        AnnData a = sample();
        AnnData b = a.selectVars(new boolean[] {false, true, true});
        assertEquals(2, b.nVars());
        assertEquals(22f, b.x().get(2, 1));
        assertEquals(7f, b.varm().matrix("PCs").get(1, 0));
        assertEquals(3, b.raw().x().cols());
        AnnData c = a.selectObs("c2");
        assertEquals(1, c.nObs());
        assertNull(((Column.Categorical) c.obs().get("type")).label(0));
    }

    @Test
    void namesAreMadeUniqueAndLookedUp() {
        AnnData a = sample();
        a.varNamesMakeUnique();
        assertArrayEquals(new String[] {"g0", "g1", "g1-1"}, a.varNames());
        assertEquals(2, a.selectVars("g1-1").var().rows() + a.selectVars("g0").nVars());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.selectVars("nope"));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void misalignedElementsAreRefusedWithTheirName() {
        AnnData a = sample();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.obsm().put("bad", Matrix.dense(3, 1, 1, 2, 3)));
        assertTrue(e.getMessage().contains("obsm['bad']") && e.getMessage().contains("n_obs is 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.layers().put("l", Matrix.dense(4, 2, new float[8])));
        assertThrows(IllegalArgumentException.class, () -> a.setX(Matrix.dense(3, 3, new float[9])));
        assertThrows(IllegalArgumentException.class, () -> a.obs().put("short", new double[] {1}));
        assertThrows(IndexOutOfBoundsException.class, () -> a.selectObs(4));
        assertThrows(IllegalArgumentException.class, () -> new Column.Categorical(new int[] {2}, new String[] {"a"}, false));
    }

    @Test
    void matricesConvertBetweenLayouts() {
        Matrix d = Matrix.dense(2, 3, 1, 0, 2, 0, 3, 0);
        for (Matrix m : new Matrix[] {d, Matrix.of(d.csr()), Matrix.of(d.csc())}) {
            assertEquals(3f, m.get(1, 1));
            assertEquals(0f, m.get(1, 2));
            assertArrayEquals(d.dense().toArray(), m.dense().toArray());
            assertArrayEquals(new float[] {2, 0, 1, 0, 3, 0}, m.selectCols(new int[] {2, 1, 0}).dense().toArray());
            assertEquals(m.getClass(), m.selectRows(new int[] {1}).getClass());
        }
        assertEquals("csr 2 x 3, nnz 3", Matrix.of(d.csr()).describe());
    }
}
