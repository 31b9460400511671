package org.genex.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** CsrMatrix and CscMatrix: conversions, round trips, subsets and sums against dense references. */
public class CsrMatrixTest {

    /**
     * A random dense {@code rows x cols} array with about {@code density} of its entries nonzero (some rows and
     * columns empty), values in (-1.01, -0.01] and [0.01, 1.01).
     */
    public static float[] randomSparseDense(Random rnd, int rows, int cols, double density) {
        float[] d = new float[rows * cols];
        for (int i = 0; i < d.length; i++)
            if (rnd.nextDouble() < density) d[i] = rnd.nextBoolean() ? 0.01f + rnd.nextFloat() : -0.01f - rnd.nextFloat();
        return d;
    }

    /** A random canonical CSR matrix. */
    public static CsrMatrix randomCsr(Random rnd, int rows, int cols, double density) {
        return CsrMatrix.fromDense(Tensor.wrap(randomSparseDense(rnd, rows, cols, density), rows, cols));
    }

    static float[] dense(CsrMatrix m) { return m.toDense().toArray(); }

    static float[] dense(CscMatrix m) { return m.toDense().toArray(); }

    static float[] transpose(float[] d, int rows, int cols) {
        float[] t = new float[d.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = d[i * cols + j];
        return t;
    }

    @Test
    void smallExampleByHand() {
        // [[1, 0, 2],
        //  [0, 0, 0],
        //  [0, 3, 0]]
        Tensor d = Tensor.of(new float[]{1, 0, 2, 0, 0, 0, 0, 3, 0}, 3, 3);
        CsrMatrix m = CsrMatrix.fromDense(d);
        assertArrayEquals(new int[]{0, 2, 2, 3}, m.indptr());
        assertArrayEquals(new int[]{0, 2, 1}, m.indices());
        assertArrayEquals(new float[]{1, 2, 3}, m.values());
        CscMatrix c = m.toCsc();
        assertArrayEquals(new int[]{0, 1, 2, 3}, c.indptr());
        assertArrayEquals(new int[]{0, 2, 0}, c.indices());
        assertArrayEquals(new float[]{1, 3, 2}, c.values());
        assertArrayEquals(new double[]{3, 0, 3}, m.rowSums());
        assertArrayEquals(new double[]{1, 3, 2}, m.columnSums());
        assertArrayEquals(new int[]{2, 0, 1}, m.rowNnz());
        assertArrayEquals(new int[]{1, 1, 1}, m.columnNnz());
        assertArrayEquals(new double[]{3, 0, 3}, c.rowSums());
        assertArrayEquals(new int[]{1, 1, 1}, c.columnNnz());
        assertEquals("CsrMatrix[3 x 3, nnz 3]", m.toString());
    }

    @Property(tries = 60)
    void roundTripsAndTransposes(@ForAll long seed) {
        Random rnd = new Random(seed);
        int rows = rnd.nextInt(12), cols = rnd.nextInt(12);
        float[] d = randomSparseDense(rnd, rows, cols, rnd.nextDouble());
        CsrMatrix m = CsrMatrix.fromDense(Tensor.wrap(d, rows, cols));
        assertTrue(m.canonical());
        assertArrayEquals(d, dense(m));
        CscMatrix c = m.toCsc();
        assertTrue(c.canonical());
        assertArrayEquals(d, dense(c));
        assertArrayEquals(d, dense(CscMatrix.fromDense(Tensor.wrap(d, rows, cols))));
        CsrMatrix back = c.toCsr();
        assertArrayEquals(m.indptr(), back.indptr());
        assertArrayEquals(m.indices(), back.indices());
        assertArrayEquals(m.values(), back.values());
        CsrMatrix t = m.transpose();
        assertEquals(cols, t.rows());
        assertEquals(rows, t.cols());
        assertArrayEquals(transpose(d, rows, cols), dense(t));
        CsrMatrix tt = t.transpose();
        assertArrayEquals(m.indptr(), tt.indptr());
        assertArrayEquals(m.indices(), tt.indices());
        assertArrayEquals(m.values(), tt.values());
        assertArrayEquals(transpose(d, rows, cols), dense(c.transpose()));
        assertArrayEquals(d, dense(c.transpose().transpose()));
        // sums and counts against the dense array
        double[] rs = new double[rows], cs = new double[cols];
        int[] rn = new int[rows], cn = new int[cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                float v = d[i * cols + j];
                rs[i] += v;
                cs[j] += v;
                if (v != 0) {
                    rn[i]++;
                    cn[j]++;
                }
            }
        assertArrayEquals(rs, m.rowSums(), 1e-9);
        assertArrayEquals(cs, m.columnSums(), 1e-9);
        assertArrayEquals(rs, c.rowSums(), 1e-9);
        assertArrayEquals(cs, c.columnSums(), 1e-9);
        assertArrayEquals(rn, m.rowNnz());
        assertArrayEquals(cn, m.columnNnz());
        assertArrayEquals(rn, c.rowNnz());
        assertArrayEquals(cn, c.columnNnz());
    }

    @Property(tries = 60)
    void fromCooSortsAndSumsDuplicates(@ForAll long seed) {
        Random rnd = new Random(seed);
        int rows = 1 + rnd.nextInt(8), cols = 1 + rnd.nextInt(8), n = rnd.nextInt(40);
        int[] r = new int[n], c = new int[n];
        float[] v = new float[n];
        double[] expected = new double[rows * cols];
        boolean[] present = new boolean[rows * cols];
        for (int e = 0; e < n; e++) {
            r[e] = rnd.nextInt(rows);
            c[e] = rnd.nextInt(cols);
            v[e] = rnd.nextInt(5) == 0 ? 0f : rnd.nextFloat();
            expected[r[e] * cols + c[e]] += v[e];
            present[r[e] * cols + c[e]] = true;
        }
        int distinct = 0;
        for (boolean p : present) if (p) distinct++;
        CsrMatrix m = CsrMatrix.fromCoo(rows, cols, r, c, v);
        CscMatrix k = CscMatrix.fromCoo(rows, cols, r, c, v);
        assertTrue(m.canonical());
        assertTrue(k.canonical());
        assertEquals(distinct, m.nnz(), "one entry per distinct position, stored zeros kept");
        assertEquals(distinct, k.nnz());
        float[] dm = dense(m), dk = dense(k);
        for (int i = 0; i < expected.length; i++) {
            assertEquals((float) expected[i], dm[i], 1e-6);
            assertEquals((float) expected[i], dk[i], 1e-6);
        }
    }

    @Property(tries = 60)
    void selectRowsAndColumnsMatchDense(@ForAll long seed) {
        Random rnd = new Random(seed);
        int rows = 1 + rnd.nextInt(10), cols = 1 + rnd.nextInt(10);
        float[] d = randomSparseDense(rnd, rows, cols, 0.4);
        CsrMatrix m = CsrMatrix.fromDense(Tensor.wrap(d, rows, cols));
        CscMatrix c = m.toCsc();
        int[] rs = new int[rnd.nextInt(8)], cs = new int[rnd.nextInt(8)];
        for (int i = 0; i < rs.length; i++) rs[i] = rnd.nextInt(rows);
        for (int j = 0; j < cs.length; j++) cs[j] = rnd.nextInt(cols);
        if (rnd.nextBoolean()) java.util.Arrays.sort(cs);  // the common, increasing case
        float[] er = new float[rs.length * cols], ec = new float[rows * cs.length];
        for (int i = 0; i < rs.length; i++) System.arraycopy(d, rs[i] * cols, er, i * cols, cols);
        for (int i = 0; i < rows; i++) for (int j = 0; j < cs.length; j++) ec[i * cs.length + j] = d[i * cols + cs[j]];
        CsrMatrix mr = m.selectRows(rs), mc = m.selectColumns(cs);
        CscMatrix cr = c.selectRows(rs), cc = c.selectColumns(cs);
        assertArrayEquals(er, dense(mr));
        assertArrayEquals(ec, dense(mc));
        assertArrayEquals(er, dense(cr));
        assertArrayEquals(ec, dense(cc));
        assertEquals(rs.length, mr.rows());
        assertEquals(cs.length, mc.cols());
        // indices stay sorted (canonical where no index repeats)
        for (CsrMatrix s : new CsrMatrix[]{mr, mc})
            for (int i = 0; i < s.rows(); i++)
                for (int e = s.indptr()[i] + 1; e < s.indptr()[i + 1]; e++)
                    assertTrue(s.indices()[e - 1] <= s.indices()[e]);
        if (java.util.Arrays.stream(cs).distinct().count() == cs.length) assertTrue(mc.canonical());
        if (java.util.Arrays.stream(rs).distinct().count() == rs.length) assertTrue(cr.canonical());
    }

    @Test
    void nonCanonicalInputStillConvertsCorrectly() {
        // row 0 has its columns out of order and a duplicate
        CsrMatrix m = new CsrMatrix(2, 3, new int[]{0, 3, 4}, new int[]{2, 0, 2, 1}, new float[]{1, 2, 3, 4});
        assertFalse(m.canonical());
        assertArrayEquals(new float[]{2, 0, 4, 0, 4, 0}, dense(m));
        assertArrayEquals(new float[]{2, 0, 4, 0, 4, 0}, dense(m.toCsc()));
        assertArrayEquals(new float[]{2, 0, 4, 0, 4, 0}, dense(m.transpose().transpose()));
        CsrMatrix sel = m.selectColumns(2, 0);
        assertArrayEquals(new float[]{4, 2, 0, 0}, dense(sel));
        assertArrayEquals(new int[]{0, 0, 1}, java.util.Arrays.copyOf(sel.indices(), 3));
        assertArrayEquals(new double[]{6, 4}, m.rowSums());
    }

    @Test
    void emptyMatrices() {
        CsrMatrix z = CsrMatrix.fromDense(Tensor.zeros(3, 4));
        assertEquals(0, z.nnz());
        assertArrayEquals(new float[12], dense(z.toCsc()));
        assertEquals(0, CsrMatrix.fromDense(Tensor.zeros(0, 4)).toCsc().nnz());
        assertEquals(0, CsrMatrix.fromCoo(0, 0, new int[0], new int[0], new float[0]).nnz());
        assertEquals(0, z.selectRows().rows());
        assertEquals(0, z.selectColumns().cols());
        assertEquals(3, z.selectColumns().rows());
    }

    @Test
    void badInputIsNamed() {
        CsrMatrix m = CsrMatrix.fromDense(Tensor.ones(2, 2));
        var e = assertThrows(IndexOutOfBoundsException.class, () -> m.selectRows(0, 2));
        assertTrue(e.getMessage().contains("selectRows") && e.getMessage().contains("index 2"), e.getMessage());
        e = assertThrows(IndexOutOfBoundsException.class, () -> m.selectColumns(-1));
        assertTrue(e.getMessage().contains("selectColumns") && e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IndexOutOfBoundsException.class, () -> m.toCsc().selectColumns(5));
        assertTrue(e.getMessage().contains("CscMatrix.selectColumns"), e.getMessage());
        var a = assertThrows(IllegalArgumentException.class,
                () -> CsrMatrix.fromCoo(2, 2, new int[]{0, 2}, new int[]{0, 0}, new float[]{1, 1}));
        assertTrue(a.getMessage().contains("fromCoo") && a.getMessage().contains("entry 1"), a.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> CsrMatrix.fromCoo(2, 2, new int[]{0}, new int[]{0, 1}, new float[]{1}));
        assertThrows(IllegalArgumentException.class, () -> CsrMatrix.fromDense(Tensor.zeros(2, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> CscMatrix.fromDense(Tensor.zeros(4)));
        assertThrows(IllegalArgumentException.class, () -> m.selectRows((int[]) null));
    }
}
