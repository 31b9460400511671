package org.genex.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.concurrent.TimeUnit;
import org.genex.autodiff.Grad;
import org.genex.autodiff.Var;
import org.genex.tensor.Rng;
import org.genex.tensor.Shape;
import org.genex.tensor.Tensor;
import org.genex.tensor.io.DType;
import org.genex.tensor.io.SafetensorsFile;
import org.genex.tensor.io.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * State dicts cross between PyTorch and genex unchanged, both ways, for two models: a 2-layer pre-norm GELU
 * {@code nn.TransformerEncoder} with a final LayerNorm and a Linear head ({@link EncoderHead}), and an MLP.
 * <ul>
 *   <li>PyTorch to genex: {@code interop_<model>.safetensors}, a bare PyTorch state_dict written by
 *       {@code nn/scripts/golden_layers.py}, loads with the strict {@link Checkpoint#loadStateDict}, and the model
 *       then gives PyTorch's (float64) output for the stored input;</li>
 *   <li>genex to PyTorch: {@link Checkpoint#save} writes exactly PyTorch's key set with PyTorch's shapes (recorded
 *       by the script in the file's metadata), all F32, with the loaded values bit for bit, so
 *       {@code model.load_state_dict(load_file(path))} works;</li>
 *   <li>where {@code /usr/bin/python3} with torch exists, PyTorch itself loads a genex-written checkpoint strictly
 *       ({@code nn/scripts/check_genex_checkpoint.py}) and reproduces genex's output; elsewhere that test is skipped
 *       by an assumption.</li>
 * </ul>
 * Output tolerance: as {@link LayerGoldenTest} (1e-5 relative plus 1e-6 of the largest value); the script's check of
 * genex's output against PyTorch is looser (1e-4 relative plus 1e-5 of the largest value) since genex's output there
 * is not compared with an exact reference but PyTorch's float64 run with genex's float32 one.
 */
class StateDictInteropTest {
    /** The Python with torch: /usr/bin/python3, or {@code -Dgenex.python=PATH}. */
    private static final Path PYTHON = Path.of(System.getProperty("genex.python", "/usr/bin/python3"));

    enum Model { ENCODER_HEAD, MLP }

    /** nn/scripts/golden_layers.py's EncoderHead: {@code encoder} (nn.TransformerEncoder) and {@code head}. */
    static final class EncoderHead extends Module {
        final TransformerEncoder encoder;
        final Linear head;

        EncoderHead(boolean finalNorm, Rng rng) {
            encoder = module("encoder", new TransformerEncoder(
                    i -> new TransformerEncoderLayer(16, 4, 32, 0f, new GELU(), 1e-5f, true, true, rng), 2,
                    finalNorm ? new LayerNorm(16) : null));
            head = module("head", new Linear(16, 3, true, rng));
        }

        /** x [b, l, 16], key padding mask [b][l] -> [b, l, 3]. */
        Var forward(Var x, boolean[][] keyPadding) { return head.forward(encoder.forward(x, null, keyPadding, false)); }
    }

    private static String fileName(Model m) { return "interop_" + m.name().toLowerCase(Locale.ROOT); }

    private static Module build(Model m, Rng rng) {
        Module module = m == Model.ENCODER_HEAD ? new EncoderHead(true, rng)
                : new MLP(new int[]{8, 16, 16, 4}, new GELU(), 0f, true, rng);
        module.eval();
        return module;
    }

    /** The model's output for x (and, for the encoder, the key padding mask), without recording a graph. */
    private static Tensor run(Module module, Tensor x, boolean[][] keyPadding) {
        try (Grad.Scope off = Grad.off()) {
            return module instanceof EncoderHead e ? e.forward(Var.of(x), keyPadding).value()
                    : ((MLP) module).forward(Var.of(x)).value();
        }
    }

    private static boolean[][] mask(Tensor m) {
        boolean[][] out = new boolean[m.dim(0)][m.dim(1)];
        for (int i = 0; i < out.length; i++)
            for (int j = 0; j < out[i].length; j++) out[i][j] = m.get(i, j) != 0;
        return out;
    }

    // ------------------------------------------------------------------------------------------------ PyTorch -> genex

    @ParameterizedTest
    @EnumSource(Model.class)
    void aPyTorchStateDictLoadsStrictlyAndGivesPyTorchsOutput(Model kind) throws IOException {
        Path file = GoldenFile.path(fileName(kind));
        Module model = build(kind, Rng.seeded(1));
        Checkpoint.loadStateDict(model, file);                            // strict: every key, every shape

        Tensor x, y, kpm = null;
        try (SafetensorsFile io = SafetensorsFile.open(GoldenFile.path(fileName(kind) + ".io"))) {
            x = io.tensor("x");
            y = io.tensor("y");
            if (io.contains("src_key_padding_mask")) kpm = io.tensor("src_key_padding_mask");
        }
        Tensor out = run(model, x, kpm == null ? null : mask(kpm));
        GoldenFile.assertCloseScaled(kind + " output", out, y, GoldenFile.maxAbs(y), 1e-5, 1e-6);
    }

    // ------------------------------------------------------------------------------------------------ genex -> PyTorch

    @ParameterizedTest
    @EnumSource(Model.class)
    void checkpointWritesExactlyPyTorchsKeysAndShapes(Model kind, @TempDir Path dir) throws IOException {
        Path source = GoldenFile.path(fileName(kind));
        Module model = build(kind, Rng.seeded(2));
        Checkpoint.loadStateDict(model, source);
        Path saved = dir.resolve("model.safetensors");
        Checkpoint.save(model, null, Map.of(Checkpoint.CONFIG, "{}"), saved);

        try (SafetensorsFile src = SafetensorsFile.open(source); SafetensorsFile out = SafetensorsFile.open(saved)) {
            Map<String, Shape> pytorch = GoldenFile.parseShapes(src.metadata().get("state_dict"));
            assertFalse(pytorch.isEmpty(), "the script records PyTorch's keys and shapes");
            Map<String, Shape> written = new TreeMap<>();
            for (SafetensorsFile.Entry e : out.entries()) {
                assertEquals(DType.F32, e.dtype(), e.name());
                written.put(e.name(), e.toTensor().shape());
                assertArrayEquals(src.entry(e.name()).toFloats(), e.toFloats(), 0f, e.name() + ": values");
            }
            assertEquals(new TreeMap<>(pytorch), written, "genex's checkpoint keys and shapes vs PyTorch's state_dict");
            assertEquals("pt", out.metadata().get("format"), "the format tag Hugging Face writes");
            assertFalse(Files.exists(Checkpoint.optimizerPath(saved)), "no optimizer file beside a bare state dict");
        }
    }

    /** A module of another architecture (no final norm) is refused, naming the key PyTorch has and genex lacks. */
    @Test
    void strictLoadingRefusesAMismatchedArchitecture() {
        Module noFinalNorm = new EncoderHead(false, Rng.seeded(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.loadStateDict(noFinalNorm, GoldenFile.path(fileName(Model.ENCODER_HEAD))));
        assertTrue(e.getMessage().contains("unexpected keys: "), e.getMessage());
        assertTrue(e.getMessage().contains("encoder.norm.weight [16]"), e.getMessage());
        assertTrue(e.getMessage().contains("encoder.norm.bias [16]"), e.getMessage());
        assertFalse(e.getMessage().contains("missing keys"), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------------ torch itself

    /**
     * PyTorch loads a genex-written checkpoint of a randomly initialised model (norm weights and biases perturbed so
     * that they are not ones and zeros) with {@code load_state_dict(strict=True)} and gives genex's output. Needs
     * {@code /usr/bin/python3} with torch; skipped otherwise. Takes about as long as importing torch (a second or
     * two).
     */
    @ParameterizedTest
    @EnumSource(Model.class)
    void pyTorchLoadsAGenexCheckpointStrictly(Model kind, @TempDir Path dir) throws Exception {
        Path script = script();
        assumeTrue(script != null, "skipped: nn/scripts/check_genex_checkpoint.py not found from "
                + Path.of("").toAbsolutePath());
        assumeTrue(torchAvailable(), "skipped: " + PYTHON + " with torch is not available on this machine");

        Rng rng = Rng.seeded(4);
        Module model = build(kind, rng);
        for (var e : model.namedParameters().entrySet())
            if (e.getKey().contains("norm"))
                Init.normal(e.getValue().value(), e.getKey().endsWith("weight") ? 1f : 0f, 0.2f, rng);
        Tensor x = Init.normal(kind == Model.ENCODER_HEAD ? Tensor.zeros(2, 5, 16) : Tensor.zeros(4, 8), 0f, 1f, rng);
        Map<String, Tensor> io = new LinkedHashMap<>();
        io.put("x", x);
        boolean[][] kpm = null;
        if (kind == Model.ENCODER_HEAD) {
            kpm = new boolean[][]{{false, false, false, false, false}, {false, false, false, true, true}};
            io.put("src_key_padding_mask", Tensor.wrap(new float[]{0, 0, 0, 0, 0, 0, 0, 0, 1, 1}, 2, 5));
        }
        io.put("y", run(model, x, kpm));
        Path modelFile = dir.resolve("model.safetensors"), ioFile = dir.resolve("io.safetensors");
        Checkpoint.save(model, null, Map.of(), modelFile);
        SafetensorsWriter.write(ioFile, io, null);

        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), kind.name().toLowerCase(Locale.ROOT),
                modelFile.toString(), ioFile.toString()).redirectErrorStream(true).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        if (!done) p.destroyForcibly();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, "the PyTorch check did not finish in 60 s: " + output);
        assertEquals(0, p.exitValue(), "PyTorch could not load genex's checkpoint or disagrees:\n" + output);
        assertTrue(output.contains("loaded strictly"), output);
    }

    private static Path script() {
        for (Path p : List.of(Path.of("scripts", "check_genex_checkpoint.py"),
                Path.of("nn", "scripts", "check_genex_checkpoint.py")))
            if (Files.isRegularFile(p)) return p.toAbsolutePath();
        return null;
    }

    private static Boolean torch;

    /** Whether {@code /usr/bin/python3} finds the torch and numpy packages (asked once, without importing them). */
    private static synchronized boolean torchAvailable() {
        if (torch == null) {
            torch = false;
            if (Files.isExecutable(PYTHON)) {
                try {
                    Process p = new ProcessBuilder(PYTHON.toString(), "-c",
                            "import importlib.util as u, sys;"
                                    + " sys.exit(u.find_spec('torch') is None or u.find_spec('numpy') is None)")
                            .redirectErrorStream(true).start();
                    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                    if (p.waitFor(30, TimeUnit.SECONDS)) torch = p.exitValue() == 0;
                    else p.destroyForcibly();
                } catch (IOException e) {
                    torch = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return torch;
    }
}
