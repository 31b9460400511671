package org.genex.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.genex.autodiff.Var;
import org.genex.nn.optim.AdamW;
import org.genex.nn.optim.Optimizer;
import org.genex.nn.optim.SGD;
import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.genex.tensor.io.DType;
import org.genex.tensor.io.SafetensorsFile;
import org.genex.tensor.io.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading models with their optimizer state, metadata, pair consistency, and PyTorch state dicts. */
class CheckpointTest {
    @TempDir
    Path dir;

    private static final Tensor X = Rng.seeded(3).normal(Shape.of(16, 4), 0f, 1f);

    /** A few AdamW steps on a fixed regression, so the optimizer has state. */
    private static void train(ModuleTest.Net net, Optimizer opt, int steps) {
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            net.forward(Var.of(X)).square().mean().backward();
            opt.step();
        }
    }

    private static void assertSameState(Module a, Module b) {
        for (var e : a.stateDict().entrySet())
            assertArrayEquals(e.getValue().toArray(), b.stateDict().get(e.getKey()).toArray(), e.getKey());
    }

    @Test
    void modelAndOptimizerRoundTripAndTrainingContinuesBitForBit() throws IOException {
        ModuleTest.Net a = new ModuleTest.Net(Rng.seeded(1));
        AdamW optA = new AdamW(a.parameters(), 1e-2f);
        train(a, optA, 3);
        optA.scaleLr(0.5);
        Path p = dir.resolve("model.safetensors");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(Checkpoint.CONFIG, "{\"hidden\":8}");
        meta.put(Checkpoint.SEED, "1");
        meta.put(Checkpoint.DATA, "sha256:abc");
        meta.put("trainer.epoch", "2");
        String id = Checkpoint.save(a, optA, meta, p);

        ModuleTest.Net b = new ModuleTest.Net(Rng.seeded(2));
        AdamW optB = new AdamW(b.parameters(), 1e-2f);
        Map<String, String> loaded = Checkpoint.load(b, optB, p);
        assertSameState(a, b);
        assertEquals(3, optB.steps());
        assertEquals(optA.groups().get(0).lr(), optB.groups().get(0).lr());
        assertEquals(id, loaded.get(Checkpoint.ID));
        assertEquals("{\"hidden\":8}", loaded.get(Checkpoint.CONFIG));
        assertEquals("sha256:abc", loaded.get(Checkpoint.DATA));
        assertEquals("2", loaded.get("trainer.epoch"));
        assertEquals("3", loaded.get("optimizer.steps"));
        assertEquals(Float.toString(optA.groups().get(0).lr()), loaded.get("optimizer.lr.0"));
        assertEquals(AdamW.class.getName(), loaded.get(Checkpoint.OPTIMIZER));
        assertEquals("pt", loaded.get(Checkpoint.FORMAT));
        for (String k : List.of(Checkpoint.VERSION, Checkpoint.JDK, Checkpoint.OS, Checkpoint.ARCH, Checkpoint.CREATED))
            assertNotNull(loaded.get(k), k);
        assertTrue(loaded.get(Checkpoint.CREATED).endsWith("Z"), loaded.get(Checkpoint.CREATED));

        train(a, optA, 2);
        train(b, optB, 2);
        assertSameState(a, b);
        assertNoLeftovers();
    }

    @Test
    void theModelFileIsAPlainStateDictWithPyTorchNames() throws IOException {
        ModuleTest.Net a = new ModuleTest.Net(Rng.seeded(1));
        AdamW opt = new AdamW(a.parameters(), 1e-2f);
        train(a, opt, 1);
        Path p = dir.resolve("net.safetensors");
        Checkpoint.save(a, opt, Map.of(), p);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(List.copyOf(a.stateDict().keySet()).stream().sorted().toList(),
                    f.names().stream().sorted().toList());
            for (SafetensorsFile.Entry e : f.entries()) assertEquals(DType.F32, e.dtype(), e.name());
        }
        Path o = Checkpoint.optimizerPath(p);
        assertEquals("net.optim.safetensors", o.getFileName().toString());
        try (SafetensorsFile f = SafetensorsFile.open(o)) {
            assertTrue(f.names().contains("0.0.exp_avg"), f.names().toString());
            assertTrue(f.names().contains("0.4.step"), f.names().toString());
        }
        assertEquals("x.bin.optim.safetensors", Checkpoint.optimizerPath(dir.resolve("x.bin")).getFileName().toString());
    }

    @Test
    void aMismatchedModelNamesEveryKeyAndChangesNothing() throws IOException {
        ModuleTest.Net a = new ModuleTest.Net(Rng.seeded(1));
        Path p = dir.resolve("m.safetensors");
        Checkpoint.save(a, null, Map.of(), p);
        Module other = new Sequential(new Linear(4, 8, true, Rng.seeded(1)), new Linear(8, 3, true, Rng.seeded(2)));
        float[] before = other.stateDict().get("0.weight").toArray();
        var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(other, null, p));
        String m = e.getMessage();
        assertTrue(m.contains("missing keys: 0.weight [8, 4], 0.bias [8], 1.weight [3, 8], 1.bias [3]"), m);
        assertTrue(m.contains("unexpected keys: "), m);
        for (String k : List.of("layers.0.weight [8, 4]", "layers.0.bias [8]", "layers.1.weight [8, 8]",
                "layers.1.bias [8]", "head.weight [2, 8]"))
            assertTrue(m.contains(k), k + " in " + m);
        assertArrayEquals(before, other.stateDict().get("0.weight").toArray());

        // same names, one shape differs
        final class Wide extends Module {
            Wide() {
                module("layers", new ModuleList<>(new Linear(4, 8, true, Rng.seeded(1)), new Linear(8, 8, true, Rng.seeded(1))));
                module("head", new Linear(8, 3, false, Rng.seeded(1)));
            }
        }
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(new Wide(), null, p));
        assertTrue(e.getMessage().contains("head.weight: module has [3, 8], state has [2, 8]"), e.getMessage());
    }

    @Test
    void aPairFromTwoSavesIsDetected() throws IOException {
        ModuleTest.Net a = new ModuleTest.Net(Rng.seeded(1));
        AdamW opt = new AdamW(a.parameters(), 1e-2f);
        train(a, opt, 1);
        Path p = dir.resolve("model.safetensors"), o = Checkpoint.optimizerPath(p);
        String first = Checkpoint.save(a, opt, Map.of(), p);
        Path oldOptim = dir.resolve("old-optim");
        Files.copy(o, oldOptim);
        train(a, opt, 1);
        String second = Checkpoint.save(a, opt, Map.of(), p);
        assertNotEquals(first, second);
        assertTrue(Checkpoint.isCompletePair(p));
        // as if the save was interrupted after renaming the model file but before the optimizer file
        Files.move(oldOptim, o, StandardCopyOption.REPLACE_EXISTING);
        assertFalse(Checkpoint.isCompletePair(p));
        ModuleTest.Net b = new ModuleTest.Net(Rng.seeded(2));
        AdamW optB = new AdamW(b.parameters(), 1e-2f);
        var e = assertThrows(IllegalStateException.class, () -> Checkpoint.load(b, optB, p));
        assertTrue(e.getMessage().contains(first) && e.getMessage().contains(second), e.getMessage());
        assertEquals(0, optB.steps());
        Checkpoint.load(b, null, p);                    // the model alone still loads
        assertSameState(a, b);
    }

    @Test
    void aModelSavedWithoutOptimizerDropsAStaleOptimizerFile() throws IOException {
        ModuleTest.Net a = new ModuleTest.Net(Rng.seeded(1));
        AdamW opt = new AdamW(a.parameters(), 1e-2f);
        train(a, opt, 1);
        Path p = dir.resolve("model.safetensors");
        Checkpoint.save(a, opt, Map.of(), p);
        assertTrue(Files.exists(Checkpoint.optimizerPath(p)));
        Checkpoint.save(a, null, Map.of("note", "weights only"), p);
        assertFalse(Files.exists(Checkpoint.optimizerPath(p)));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.load(new ModuleTest.Net(Rng.seeded(2)), new AdamW(a.parameters(), 1e-2f), p));
        assertTrue(e.getMessage().contains("without optimizer state"), e.getMessage());
        assertEquals("weights only", Checkpoint.metadata(p).get("note"));
        assertEquals("none", Checkpoint.metadata(p).get(Checkpoint.OPTIMIZER));
    }

    @Test
    void missingOrForeignOptimizerFilesAreRefused() throws IOException {
        ModuleTest.Net a = new ModuleTest.Net(Rng.seeded(1));
        AdamW opt = new AdamW(a.parameters(), 1e-2f);
        train(a, opt, 1);
        Path p = dir.resolve("model.safetensors");
        Checkpoint.save(a, opt, Map.of(), p);
        ModuleTest.Net b = new ModuleTest.Net(Rng.seeded(2));
        float[] before = b.stateDict().get("head.weight").toArray();
        var e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.load(b, new SGD(b.parameters(), 0.1f, 0.9f, 0f), p));
        assertTrue(e.getMessage().contains(AdamW.class.getName()) && e.getMessage().contains(SGD.class.getName()),
                e.getMessage());
        assertArrayEquals(before, b.stateDict().get("head.weight").toArray(), "nothing loaded after a refusal");
        Files.delete(Checkpoint.optimizerPath(p));
        assertThrows(NoSuchFileException.class, () -> Checkpoint.load(b, new AdamW(b.parameters(), 1e-2f), p));
    }

    @Test
    void reservedMetadataKeysAreRefusedBeforeWriting() {
        ModuleTest.Net a = new ModuleTest.Net(Rng.seeded(1));
        Path p = dir.resolve("model.safetensors");
        for (String k : List.of(Checkpoint.ID, Checkpoint.FORMAT, "optimizer.steps"))
            assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(a, null, Map.of(k, "x"), p), k);
        assertFalse(Files.exists(p));
    }

    @Test
    void aPlainPyTorchStateDictLoads() throws IOException {
        // what safetensors.torch.save_file(model.state_dict(), path) writes: no metadata, PyTorch's keys, any dtype
        ModuleTest.Net ref = new ModuleTest.Net(Rng.seeded(5));
        Path p = dir.resolve("pytorch.safetensors");
        SafetensorsWriter w = new SafetensorsWriter();
        for (var e : ref.stateDict().entrySet())
            w.put(e.getKey(), e.getValue(), e.getKey().startsWith("head") ? DType.F64 : DType.F32);
        w.write(p);
        ModuleTest.Net b = new ModuleTest.Net(Rng.seeded(6));
        Checkpoint.loadStateDict(b, p);
        assertSameState(ref, b);

        // a BF16 file with an extra buffer PyTorch keeps (e.g. BatchNorm's num_batches_tracked) loads non-strictly
        Path q = dir.resolve("bf16.safetensors");
        SafetensorsWriter w2 = new SafetensorsWriter();
        for (var e : ref.stateDict().entrySet()) if (!e.getKey().equals("head.weight")) w2.put(e.getKey(), e.getValue(), DType.BF16);
        w2.putLongs("num_batches_tracked", new long[]{7}, new long[0]);
        w2.write(q);
        ModuleTest.Net c = new ModuleTest.Net(Rng.seeded(7));
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.loadStateDict(c, q));
        Checkpoint.LoadReport r = Checkpoint.loadStateDict(c, q, false);
        assertEquals(List.of("head.weight"), r.missing());
        assertEquals(List.of("num_batches_tracked"), r.unexpected());
        float[] expected = ref.stateDict().get("layers.0.weight").toArray(), got = c.stateDict().get("layers.0.weight").toArray();
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], got[i], Math.abs(expected[i]) / 128 + 1e-6);
    }

    private void assertNoLeftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> hidden = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
            assertEquals(List.of(), hidden, "temporary files left behind");
        }
    }
}
