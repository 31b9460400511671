package org.genex.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * An output folder written all at once: a command writes into {@link #temp()}, a hidden folder beside the target
 * ({@code .DIR.tmp-<pid>}), and {@link #commit()} renames it to the target. If the command fails or is interrupted,
 * {@link #close()} (or, on Ctrl-C, a shutdown hook) deletes the temporary folder, so no half-written output is left.
 *
 * <p>An existing target is replaced only when it is empty or was written by genex (it holds the marker file
 * {@value #MARKER}); anything else is refused before work starts, so that {@code --out} never deletes a user's
 * folder.
 */
public final class OutputDir implements AutoCloseable {
    /** The file that marks a folder written by genex. */
    public static final String MARKER = ".genex-output";

    private final Path target, temp;
    private final Thread hook;
    private boolean done; // committed or cleaned up (guarded by this)

    private OutputDir(Path target, Path temp) {
        this.target = target;
        this.temp = temp;
        this.hook = new Thread(this::abort, "genex-output-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Checks that {@code target} can be written (absent, empty or a genex output) and creates the temporary folder.
     *
     * @throws UsageException when the target is a file or a folder not written by genex, or cannot be created
     */
    public static OutputDir begin(Path target) {
        Path t = target.toAbsolutePath().normalize();
        if (Files.exists(t)) {
            if (!Files.isDirectory(t)) throw new UsageException("--out " + target + " is a file; give a folder");
            if (!isEmpty(t) && !Files.exists(t.resolve(MARKER)))
                throw new UsageException("--out " + target + " exists and was not written by genex; choose a new "
                        + "folder (genex replaces only its own outputs)");
        }
        Path parent = t.getParent();
        try {
            Files.createDirectories(parent);
            Path temp = parent.resolve("." + t.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            deleteTree(temp);
            Files.createDirectory(temp);
            Files.writeString(temp.resolve(MARKER), "written by genex\n");
            return new OutputDir(t, temp);
        } catch (IOException e) {
            throw new UsageException("--out " + target + ": cannot create a folder beside it (" + e + ")");
        }
    }

    /** The folder to write into. */
    public Path temp() { return temp; }

    /** The final folder. */
    public Path target() { return target; }

    /** Moves the finished output to the target (replacing an older genex output there). */
    public synchronized void commit() {
        if (done) throw new IllegalStateException("OutputDir: already committed or aborted");
        try {
            if (Files.exists(target)) {
                Path old = target.resolveSibling("." + target.getFileName() + ".old-" + ProcessHandle.current().pid());
                deleteTree(old);
                move(target, old);
                move(temp, target);
                deleteTree(old);
            } else {
                move(temp, target);
            }
            done = true;
        } catch (IOException e) {
            throw new UncheckedIOException("moving the output to " + target, e);
        }
        removeHook();
    }

    /** Deletes the temporary folder unless the output was committed. */
    @Override public void close() {
        abort();
        removeHook();
    }

    private synchronized void abort() {
        if (done) return;
        done = true;
        try {
            deleteTree(temp);
        } catch (IOException e) {
            // best effort while failing or shutting down: the hidden temp folder is all that is left
        }
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or has run
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes a file or folder tree (nothing if absent). */
    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
