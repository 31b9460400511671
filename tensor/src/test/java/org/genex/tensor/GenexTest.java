package org.genex.tensor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GenexTest {
    @Test
    void versionComesFromTheBuild() {
        String v = Genex.version();
        assertTrue(v.matches("\\d+\\.\\d+\\.\\d+.*"), "version read from genex.properties: " + v);
    }
}
