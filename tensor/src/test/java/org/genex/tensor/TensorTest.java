package org.genex.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The façade's own logic: creation, views sharing storage, element access, printing, errors. */
class TensorTest {
    @Test
    void creation() {
        Tensor t = Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(Shape.of(2, 3), t.shape());
        assertEquals(6f, t.get(1, 2));
        assertEquals(6f, t.get(-1, -1));
        assertEquals(Device.CPU, t.device());
        assertEquals(0f, Tensor.zeros(3).get(2));
        assertEquals(1f, Tensor.ones(2, 2).get(1, 1));
        assertEquals(7f, Tensor.scalar(7f).item());
        assertArrayEquals(new float[]{0, 1, 2}, Tensor.arange(3).toArray());
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void viewsShareStorage() {
        float[] data = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        Tensor t = Tensor.wrap(data, 3, 4);
        Tensor r = t.reshape(2, -1);
        assertEquals(Shape.of(2, 6), r.shape());
        r.set(100f, 1, 0);
        assertEquals(100f, data[6]);
        Tensor rows = t.rows(1, 3);
        assertEquals(Shape.of(2, 4), rows.shape());
        assertEquals(4, rows.offset());
        assertArrayEquals(new float[]{100, 7, 8, 9, 10, 11}, java.util.Arrays.copyOfRange(rows.toArray(), 2, 8));
        assertArrayEquals(new float[]{8, 9, 10, 11}, t.row(2).toArray());
        assertEquals(Shape.of(3, 1, 4), t.unsqueeze(1).shape());
        assertEquals(Shape.of(3, 4), t.unsqueeze(1).squeeze(1).shape());
        assertTrue(t.overlaps(rows));
        assertFalse(t.rows(0, 1).overlaps(t.rows(1, 2)));
        assertThrows(IndexOutOfBoundsException.class, () -> t.rows(2, 4));
        assertThrows(IllegalArgumentException.class, () -> t.squeeze(0));
    }

    @Test
    void elementAccessIsChecked() {
        Tensor t = Tensor.zeros(2, 3);
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        assertThrows(IllegalArgumentException.class, () -> t.get(0));
        assertThrows(IllegalStateException.class, t::item);
    }

    @Test
    void copyAndToCpuAreIndependent() {
        Tensor t = Tensor.of(1, 2, 3);
        assertSame(t, t.to(Device.CPU));
        float[] a = t.toArray();
        a[0] = 9;
        assertEquals(1f, t.get(0));
    }

    @Test
    void printsSmallTensorsLikeNested() {
        assertEquals("Tensor[2, 2] [[1.0, 2.0], [3.0, 4.0]]", Tensor.of(new float[]{1, 2, 3, 4}, 2, 2).toString());
        assertEquals("Tensor[] 5.0", Tensor.scalar(5).toString());
        assertEquals("Tensor[100, 100]", Tensor.zeros(100, 100).toString());
    }

    @Test
    void devicesParseAndAnUnknownDeviceIsExplained() {
        assertEquals(Device.cuda(1), Device.parse("cuda:1"));
        assertEquals(Device.CPU, Device.parse("CPU"));
        assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu"));
        var e = assertThrows(IllegalStateException.class, () -> Backends.of(Device.cuda(0)));
        assertTrue(e.getMessage().contains("genex-gpu"), e.getMessage());
    }
}
