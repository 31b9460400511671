package org.genex.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.genex.tensor.io.DType;
import org.genex.tensor.io.SafetensorsFile;
import org.genex.tensor.io.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's examples, as written there, run and checked: a tour of the API to read top to bottom. */
class ReadmeExamplesTest {

    @Test
    void aFirstTaste() {
        Tensor x = Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);     // [2, 3], row-major
        Tensor w = Rng.seeded(42).normal(Shape.of(3, 4), 0f, 1f);      // [3, 4]
        Tensor y = x.matmul(w).add(1f).map(UnaryOp.GELU);              // [2, 4]
        Tensor p = y.softmax(-1);                                      // rows sum to 1
        float[] rowSums = p.sum(1).toArray();

        assertEquals(Shape.of(2, 4), y.shape());
        assertArrayEquals(new float[]{1, 1}, rowSums, 1e-6f);
        // y by hand for one element: gelu(1 + sum_k x[1,k] w[k,2])
        double z = 1;
        for (int k = 0; k < 3; k++) z += x.get(1, k) * w.get(k, 2);
        assertEquals(UnaryOp.GELU.apply(z), y.get(1, 2), 1e-5);
    }

    @Test
    void randomStreams() {
        int epoch = 3;
        double[] weights = {1, 2, 3, 4};
        Rng rng = Rng.seeded(7);
        Rng init = rng.fork("init"), shuffle = rng.fork("shuffle").fork(epoch);   // named, position-independent
        int umi = rng.negativeBinomial(5.0, 0.3);                                   // mean 5, dispersion 0.3
        AliasTable genes = rng.alias(weights);                                      // O(1) draws

        assertTrue(umi >= 0);
        assertEquals(Rng.seeded(7).fork("init").nextLong(), init.nextLong(), "forks depend only on seed and name");
        assertNotEquals(init.nextLong(), shuffle.nextLong());
        int g = genes.sample();
        assertTrue(g >= 0 && g < 4);
    }

    @Test
    void safetensors(@TempDir Path dir) throws Exception {
        Tensor weight = Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor embedding = Tensor.of(new float[]{0.5f, -1.25f}, 1, 2);
        Path file = dir.resolve("model.safetensors");

        new SafetensorsWriter()
                .putMetadata("format", "pt")
                .put("encoder.weight", weight)             // float32 Tensor -> F32
                .put("embed", embedding, DType.BF16)       // rounded to nearest even
                .write(file);                              // temp file, fsync, rename

        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Tensor w = f.tensor("encoder.weight");         // F32/F16/BF16/F64/ints -> float32
            ByteBuffer raw = f.entry("embed").bytes();     // zero-copy view
            assertArrayEquals(weight.toArray(), w.toArray());
            assertEquals(4, raw.remaining());
            assertArrayEquals(embedding.toArray(), f.tensor("embed").toArray(), "exact in bf16");
            assertEquals("pt", f.metadata().get("format"));
        }
    }
}
