package org.genex.nn;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.*;
import org.genex.nn.optim.Optimizer;
import org.genex.tensor.Tensor;
import org.genex.tensor.io.SafetensorsFile;
import org.genex.tensor.io.SafetensorsWriter;

/**
 * Saving and loading models and their training state as safetensors files.
 *
 * <h2>Layout: two sibling files</h2>
 * {@code save(model, optimizer, metadata, Path.of("run/model.safetensors"))} writes
 * <ul>
 *   <li>{@code run/model.safetensors}: the module's {@link Module#stateDict()} under its PyTorch names, float32,
 *       and nothing else, so PyTorch loads it unchanged:
 *       {@code model.load_state_dict(safetensors.torch.load_file("model.safetensors"))};</li>
 *   <li>{@code run/model.optim.safetensors} ({@link #optimizerPath}): the optimizer's state tensors
 *       ({@link Optimizer#state()}: {@code <group>.<index>.exp_avg}, ...), only when an optimizer is given.</li>
 * </ul>
 * Why not one file with an {@code optimizer.} prefix: the model file would then not be a plain state_dict
 * (PyTorch's strict {@code load_state_dict} rejects the extra keys), and publishing weights would mean rewriting the
 * file; with two files the model file is the deliverable and the optimizer file can be deleted.
 *
 * <h2>Metadata</h2>
 * Both files carry the same {@code __metadata__}: the caller's entries (by convention {@value #CONFIG}: the model
 * config as JSON, {@value #SEED}, {@value #DATA}: a fingerprint of the training data, and the trainer's position
 * under {@code trainer.*}), then the provenance added here ({@value #ID}, {@value #VERSION}, {@value #JDK},
 * {@value #OS}, {@value #ARCH}, {@value #CREATED}) and, with an optimizer, {@value #OPTIMIZER} (its class) and its
 * {@link Optimizer#metadata()} under {@code optimizer.} ({@code optimizer.steps}, {@code optimizer.lr.0}, ...).
 * {@code "format": "pt"} comes first, as Hugging Face writes it.
 *
 * <h2>Atomicity</h2>
 * Each file is first written completely to a hidden temporary file beside the target (itself written atomically by
 * {@link SafetensorsWriter}), then both are renamed over the targets, optimizer file first: a crash leaves every
 * file either old or new, never partial. A crash between the two renames leaves a pair from two different saves;
 * the files share a random {@value #ID}, and {@link #load} refuses a pair whose ids differ (loading only the model,
 * with a null optimizer, still works). To always keep a consistent checkpoint, save each under a new name (as the
 * {@link Trainer} does: one pair per step, the older ones deleted only after the new one is complete).
 */
public final class Checkpoint {
    /** The suffix of the optimizer file that replaces {@code .safetensors} in the model file's name. */
    public static final String OPTIMIZER_SUFFIX = ".optim.safetensors";

    /** Conventional caller keys. */
    public static final String CONFIG = "config", SEED = "seed", DATA = "data_fingerprint";

    /** Keys written by {@link #save}; a caller's metadata may not use them. */
    public static final String FORMAT = "format", ID = "checkpoint_id", VERSION = "genex_version", JDK = "jdk",
            OS = "os", ARCH = "arch", CREATED = "created_utc", OPTIMIZER = "optimizer";

    private static final Set<String> RESERVED = Set.of(FORMAT, ID, VERSION, JDK, OS, ARCH, CREATED, OPTIMIZER);
    private static final String OPTIMIZER_PREFIX = OPTIMIZER + ".";

    private Checkpoint() {}

    /** The optimizer file beside a model file: {@code x.safetensors -> x.optim.safetensors} (else appended). */
    public static Path optimizerPath(Path model) {
        String name = model.getFileName().toString();
        String base = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
        return model.resolveSibling(base + OPTIMIZER_SUFFIX);
    }

    // ------------------------------------------------------------------------------------------------ save

    /**
     * Saves {@code module} (and {@code optimizer}'s state, if not null) with {@code metadata} to {@code path} and
     * its optimizer sibling, atomically (see the class comment). Without an optimizer, a stale optimizer file at
     * the sibling path is deleted.
     *
     * @return the checkpoint id written into both files
     * @throws IllegalArgumentException if {@code metadata} uses a reserved key ({@value #ID}, ...,
     *         {@code optimizer.*})
     */
    public static String save(Module module, Optimizer optimizer, Map<String, String> metadata, Path path)
            throws IOException {
        for (String k : metadata.keySet())
            if (RESERVED.contains(k) || k.startsWith(OPTIMIZER_PREFIX))
                throw new IllegalArgumentException("checkpoint metadata key '" + k + "' is reserved (written by"
                        + " Checkpoint.save): " + new TreeSet<>(RESERVED) + " and optimizer.*");
        String id = UUID.randomUUID().toString();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT, "pt");
        meta.putAll(metadata);
        meta.put(ID, id);
        meta.putAll(provenance());
        meta.put(OPTIMIZER, optimizer == null ? "none" : optimizer.getClass().getName());
        if (optimizer != null)
            for (var e : optimizer.metadata().entrySet()) meta.put(OPTIMIZER_PREFIX + e.getKey(), e.getValue());

        Path model = path.toAbsolutePath(), optim = optimizerPath(model);
        Path modelTmp = pending(model, id), optimTmp = pending(optim, id);
        try {
            SafetensorsWriter.write(modelTmp, module.stateDict(), meta);
            if (optimizer != null) SafetensorsWriter.write(optimTmp, optimizer.state(), meta);
            if (optimizer != null) move(optimTmp, optim);
            move(modelTmp, model);
            if (optimizer == null) Files.deleteIfExists(optim);
            forceDirectory(model.getParent());
        } finally {
            Files.deleteIfExists(modelTmp);
            Files.deleteIfExists(optimTmp);
        }
        return id;
    }

    /** Provenance entries: genex version, JDK, OS, architecture and the current UTC time (to the second). */
    public static Map<String, String> provenance() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(VERSION, org.genex.tensor.Genex.version());
        m.put(JDK, Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
        m.put(OS, System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put(ARCH, System.getProperty("os.arch"));
        m.put(CREATED, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return m;
    }

    private static Path pending(Path target, String id) {
        return target.resolveSibling("." + target.getFileName() + "." + id + ".pending");
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every platform can open or force a directory; the renames are done either way
        }
    }

    // ------------------------------------------------------------------------------------------------ load

    /**
     * Restores what {@link #save} wrote: the module's parameters and buffers and, if {@code optimizer} is not
     * null, its state, step count and learning rates. Everything is checked before anything changes: a key or
     * shape mismatch of the model names every missing, unexpected and mismatched key with the shapes
     * ({@link Module#loadStateDict}); the optimizer file must exist, have the model file's id and the same
     * optimizer class.
     *
     * @return the metadata of the model file (the caller's entries, provenance and the optimizer's)
     */
    public static Map<String, String> load(Module module, Optimizer optimizer, Path path) throws IOException {
        Map<String, String> meta;
        Map<String, Tensor> modelState;
        try (SafetensorsFile f = SafetensorsFile.open(path)) {
            meta = f.metadata();
            modelState = tensors(f);
        }
        Map<String, Tensor> optimState = null;
        Map<String, String> optimMeta = null;
        if (optimizer != null) {
            Path op = optimizerPath(path);
            String saved = meta.get(OPTIMIZER);
            if ("none".equals(saved))
                throw new IllegalArgumentException(path + " was saved without optimizer state; load it with a null"
                        + " optimizer");
            Map<String, String> om;
            try (SafetensorsFile f = SafetensorsFile.open(op)) {
                om = f.metadata();
                optimState = tensors(f);
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(op.toString(), null, "the optimizer file of " + path + " is missing");
            }
            String id = meta.get(ID), oid = om.get(ID);
            if (id == null || !id.equals(oid))
                throw new IllegalStateException("checkpoint pair mismatch: " + path + " has " + ID + " " + id + " but "
                        + op + " has " + oid + " (the files come from different saves, e.g. one interrupted between"
                        + " its two renames); load the model alone with a null optimizer, or an older checkpoint");
            String cls = optimizer.getClass().getName();
            if (!cls.equals(om.get(OPTIMIZER)))
                throw new IllegalArgumentException(op + " holds the state of " + om.get(OPTIMIZER) + ", not " + cls);
            optimMeta = new LinkedHashMap<>();
            for (var e : om.entrySet())
                if (e.getKey().startsWith(OPTIMIZER_PREFIX))
                    optimMeta.put(e.getKey().substring(OPTIMIZER_PREFIX.length()), e.getValue());
            optimizer.validateState(optimState, optimMeta);
        }
        module.loadStateDict(modelState);                 // checks every key and shape before copying anything
        if (optimizer != null) optimizer.loadState(optimState, optimMeta);
        return meta;
    }

    /** The {@code __metadata__} of a safetensors file (empty if it has none), without loading any tensor. */
    public static Map<String, String> metadata(Path path) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(path)) {
            return f.metadata();
        }
    }

    /**
     * True if the model file at {@code path} can be loaded with its optimizer: the optimizer file exists and has
     * the same {@value #ID}.
     */
    public static boolean isCompletePair(Path path) {
        try {
            Map<String, String> m = metadata(path), o = metadata(optimizerPath(path));
            return m.get(ID) != null && m.get(ID).equals(o.get(ID));
        } catch (IOException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------ PyTorch

    /** What a non-strict load left out. */
    public record LoadReport(List<String> missing, List<String> unexpected) {}

    /**
     * Loads a plain PyTorch state_dict written with {@code safetensors.torch.save_file(model.state_dict(), path)}
     * (any float or integer dtype, converted to float32), strictly: every key must match, as
     * {@link Module#loadStateDict} checks.
     */
    public static void loadStateDict(Module module, Path path) throws IOException {
        loadStateDict(module, path, true);
    }

    /**
     * As {@link #loadStateDict(Module, Path)}; when not {@code strict}, keys present on one side only are skipped
     * and reported (PyTorch's {@code load_state_dict(strict=False)}), but a shape mismatch is still an error.
     */
    public static LoadReport loadStateDict(Module module, Path path, boolean strict) throws IOException {
        Map<String, Tensor> state;
        try (SafetensorsFile f = SafetensorsFile.open(path)) {
            state = tensors(f);
        }
        if (strict) {
            module.loadStateDict(state);
            return new LoadReport(List.of(), List.of());
        }
        Map<String, Tensor> own = module.stateDict();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        for (String k : own.keySet()) if (!state.containsKey(k)) missing.add(k);
        for (var e : state.entrySet()) {
            Tensor mine = own.get(e.getKey());
            if (mine == null) unexpected.add(e.getKey());
            else if (!mine.shape().equals(e.getValue().shape()))
                mismatched.add(e.getKey() + ": module has " + mine.shape() + ", state has " + e.getValue().shape());
        }
        if (!mismatched.isEmpty())
            throw new IllegalArgumentException(path + " does not match " + module.getClass().getSimpleName()
                    + ":\n  shape mismatches: " + String.join("; ", mismatched));
        for (var e : state.entrySet()) {
            Tensor dst = own.get(e.getKey());
            if (dst != null) dst.backend().copy(e.getValue().to(dst.device()), dst);
        }
        return new LoadReport(List.copyOf(missing), List.copyOf(unexpected));
    }

    private static Map<String, Tensor> tensors(SafetensorsFile f) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (SafetensorsFile.Entry e : f.entries()) out.put(e.name(), e.toTensor());
        return out;
    }
}
