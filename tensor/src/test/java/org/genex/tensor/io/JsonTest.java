package org.genex.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesPlainObjects() {
        Object v = Json.parse("{\"a\": [1, 2.5, \"x\", true, null], \"b\": {\"c\": -3}}");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of(1L, 2.5, "x", true), ((List<?>) m.get("a")).subList(0, 4));
        assertEquals(-3L, ((Map<?, ?>) m.get("b")).get("c"));
    }

    @Test
    void malformedInputNamesThePosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1,}"));
        assertTrue(e.getMessage().contains("at byte"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1, \"a\": 2}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[[[1]]]".getBytes(), 2));
    }
}
