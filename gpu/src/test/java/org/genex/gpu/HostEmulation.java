package org.genex.gpu;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * An {@link Accelerator} on the host: genex.cu compiled by g++ with {@code gpu/src/test/cuda/emulate.h} into a
 * shared library, device memory from {@code malloc}, kernels called through JNA with the same packed arguments as
 * cuLaunchKernel gets. A launch runs one block of {@link #THREADS} host threads (or fewer when the launch asks for
 * fewer), which exercises the block reductions and barriers. With {@link JavaBlas} it makes a {@link CudaBackend}
 * whose host code and kernels run without a GPU. Built once per JVM; tests skip where g++ is missing.
 */
final class HostEmulation implements Accelerator {
    /** The Strided struct by value (33 ints). */
    @Structure.FieldOrder({"v"})
    public static final class Struct33 extends Structure implements Structure.ByValue {
        public int[] v = new int[Strided.INTS];
    }

    /** The RedPlan struct by value (34 ints). */
    @Structure.FieldOrder({"v"})
    public static final class Struct34 extends Structure implements Structure.ByValue {
        public int[] v = new int[ReducePlan.INTS];
    }

    /** Threads per emulated block: a power of two, as the kernels' tree reductions need. */
    static final int THREADS = 4;
    private static final java.util.concurrent.ExecutorService POOL =
            java.util.concurrent.Executors.newFixedThreadPool(THREADS, r -> {
                Thread t = new Thread(r, "genex-emulated-thread");
                t.setDaemon(true);
                return t;
            });

    private static HostEmulation instance;
    private static String failure;

    private final NativeLibrary lib;

    private HostEmulation(NativeLibrary lib) { this.lib = lib; }

    /** The emulation, compiling it on first use; skips the calling test where that is impossible. */
    static synchronized HostEmulation get() {
        if (instance == null && failure == null) {
            try {
                instance = new HostEmulation(NativeLibrary.getInstance(compile().toString()));
            } catch (IOException | InterruptedException | UnsatisfiedLinkError e) {
                failure = e.toString();
            }
        }
        Assumptions.assumeTrue(instance != null, "no host emulation of the kernels: " + failure);
        return instance;
    }

    private static Path compile() throws IOException, InterruptedException {
        Path src = Path.of(System.getProperty("genex.ptx.sources", "src/main/cuda"), "genex.cu");
        if (!Files.exists(src)) src = Path.of("gpu/src/main/cuda/genex.cu").toAbsolutePath(); // from the project root
        Path shim = src.getParent().resolveSibling("../test/cuda/emulate.h").normalize();
        if (!Files.exists(src) || !Files.exists(shim)) throw new IOException("sources not found: " + src + ", " + shim);
        Path dir = Files.createTempDirectory("genex-emu");
        Path so = dir.resolve("libgenexemu.so");
        Process p = new ProcessBuilder("g++", "-O1", "-std=c++20", "-shared", "-fPIC", "-ffp-contract=off", "-DGENEX_HOST_EMULATION",
                "-include", shim.toString(), "-x", "c++", src.toString(), "-o", so.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("g++ failed:\n" + out);
        so.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        return so;
    }

    @Override
    public long allocate(long bytes) { return Native.malloc(bytes); }

    @Override
    public void free(long address) { Native.free(address); }

    @Override
    public void bind() {}

    @Override
    public void memset32(long address, int bits, long count) {
        Pointer p = new Pointer(address);
        for (long i = 0; i < count; i++) p.setInt(4 * i, bits);
    }

    @Override
    public void copy(long dst, long src, long bytes) {
        if (bytes == 0) return;
        new Pointer(dst).write(0, new Pointer(src).getByteArray(0, (int) bytes), 0, (int) bytes);
    }

    @Override
    public void upload(long dst, float[] src, int offset, int count) {
        if (count > 0) new Pointer(dst).write(0, src, offset, count);
    }

    @Override
    public void upload(long dst, int[] src) {
        if (src.length > 0) new Pointer(dst).write(0, src, 0, src.length);
    }

    @Override
    public void download(float[] dst, int offset, long src, int count) {
        if (count > 0) new Pointer(src).read(0, dst, offset, count);
    }

    @Override
    public void download(int[] dst, long src) {
        if (dst.length > 0) new Pointer(src).read(0, dst, 0, dst.length);
    }

    @Override
    public void synchronize() {}

    @Override
    public void launch(Kernel kernel, int grid, int block, Object... args) {
        if (grid < 1 || block < 1 || block > 1024)
            throw new IllegalArgumentException(kernel.entry() + ": bad launch geometry <<<" + grid + ", " + block + ">>>");
        Object[] packed = kernel.pack(args);
        Function f = lib.getFunction(kernel.entry());
        int n = Math.min(THREADS, Integer.highestOneBit(block));
        lib.getFunction("emu_begin").invoke(Void.class, new Object[]{n});
        Function setThread = lib.getFunction("emu_thread");
        java.util.List<java.util.concurrent.Future<?>> threads = new java.util.ArrayList<>();
        for (int t = 0; t < n; t++) {
            int tid = t;
            // each thread its own arguments: JNA marshals a by-value Structure (writes it to its native memory) at
            // every call, and one instance shared by the block's threads was marshalled by all of them at once, the
            // likely cause of a SIGSEGV inside JNA's call dispatch seen once in a CI run (2026-11-22)
            Object[] call = arguments(kernel, packed);
            threads.add(POOL.submit(() -> {
                setThread.invoke(Void.class, new Object[]{tid, n});
                f.invoke(Void.class, call);
            }));
        }
        try {
            for (var th : threads) th.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("emulated launch of " + kernel.entry() + " failed (a barrier that not every "
                    + "thread reaches hangs)", e);
        }
    }

    /** The packed launch arguments as JNA passes them: ints, floats, pointers, and the plan structs by value. */
    private static Object[] arguments(Kernel kernel, Object[] packed) {
        Object[] call = new Object[packed.length];
        for (int i = 0; i < packed.length; i++) {
            Object a = packed[i];
            char c = kernel.signature().charAt(i);
            call[i] = switch (c) {
                case 'i' -> ((int[]) a)[0];
                case 'f' -> ((float[]) a)[0];
                case 'p' -> ((long[]) a)[0];
                default -> {
                    int[] v = (int[]) a;
                    Structure s = v.length == Strided.INTS ? new Struct33() : new Struct34();
                    System.arraycopy(v, 0, v.length == Strided.INTS ? ((Struct33) s).v : ((Struct34) s).v, 0, v.length);
                    s.write();
                    yield s;
                }
            };
        }
        return call;
    }

    @Override
    public String toString() { return "host emulation of genex.cu"; }
}
