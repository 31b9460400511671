package org.genex.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ShapeTest {
    @Test
    void sizeStridesAndAxes() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(24, s.size());
        assertArrayEquals(new int[]{12, 4, 1}, s.strides());
        assertEquals(4, s.dim(-1));
        assertEquals(6, s.outer(2));
        assertEquals(4, s.inner(1));
        assertEquals(1, Shape.SCALAR.size());
        assertEquals(0, Shape.of(3, 0).size());
        assertThrows(IllegalArgumentException.class, () -> s.dim(3));
    }

    @Test
    void broadcastFollowsNumpy() {
        assertEquals(Shape.of(5, 3, 4), Shape.broadcast(Shape.of(5, 1, 4), Shape.of(3, 1), "add"));
        assertEquals(Shape.of(2, 3), Shape.broadcast(Shape.SCALAR, Shape.of(2, 3), "add"));
        assertEquals(Shape.of(0, 3), Shape.broadcast(Shape.of(0, 1), Shape.of(3), "add"));
        var e = assertThrows(IllegalArgumentException.class, () -> Shape.broadcast(Shape.of(2, 3), Shape.of(4), "mul"));
        assertTrue(e.getMessage().contains("mul") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"),
                e.getMessage());
        assertTrue(Shape.of(3, 1).broadcastsTo(Shape.of(2, 3, 4)));
        assertFalse(Shape.of(2, 4).broadcastsTo(Shape.of(2, 3, 4)));
    }

    @Test
    void reshapeInfersOneDimension() {
        assertEquals(Shape.of(4, 6), Shape.of(2, 3, 4).reshape(4, -1));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).reshape(4, -1));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).reshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).reshape(7));
    }

    @Test
    void reduceKeepsOrDropsAxes() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(Shape.of(2, 4), s.reduce(new int[]{1}, false));
        assertEquals(Shape.of(2, 1, 1), s.reduce(new int[]{-1, 1}, true));
        assertEquals(Shape.SCALAR, s.reduce(new int[0], false));
        assertThrows(IllegalArgumentException.class, () -> s.reduce(new int[]{1, -2}, false));
    }

    @Test
    void permuteChecksItIsAPermutation() {
        assertEquals(Shape.of(4, 2, 3), Shape.of(2, 3, 4).permute(2, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3, 4).permute(0, 0, 1));
    }

    @Test
    void overflowIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Shape.of(1 << 16, 1 << 16));
    }
}
