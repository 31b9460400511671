package org.genex.gpu;

import static jcuda.driver.JCudaDriver.*;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;

/**
 * One GPU through JCuda's driver API: its primary context, one stream, the genex PTX module and its kernels, raw
 * memory ({@link DeviceMemory}) and copies. Everything else in this package speaks raw device addresses
 * ({@code long}); this class turns them into JCuda pointers and back.
 *
 * <h2>Raw addresses</h2>
 * JCuda keeps a pointer's address in {@code NativePointerObject.nativePointer} (protected getter) plus
 * {@code Pointer.byteOffset}, and its native code uses their sum. So {@link Ptr}, a one-method subclass of
 * {@code CUdeviceptr}, reads the address that {@code cuMemAlloc} stored in it, and {@link #ptr(long)} makes a
 * {@code CUdeviceptr} for any address as {@code NULL.withByteOffset(address)} (native pointer 0, byte offset
 * address), with public API only. Kernel arguments are plain {@code long[1]} holders of addresses. The stream's
 * handle reaches cuBLAS the same way ({@link Stream}).
 */
public final class CudaDevice implements Accelerator {
    /** A device pointer that exposes the address the driver wrote into it. */
    static final class Ptr extends CUdeviceptr {
        long address() { return getNativePointer() + getByteOffset(); }
    }

    /** A stream that exposes its handle (for cublasSetStream). */
    static final class Stream extends CUstream {
        long address() { return getNativePointer(); }
    }

    private static final CUdeviceptr NULL = new CUdeviceptr();

    private final int index;
    private final CUcontext context = new CUcontext();
    private final Stream stream = new Stream();
    private final Map<Kernel, CUfunction> functions = new EnumMap<>(Kernel.class);
    private final String name;
    private final long totalMemory;
    private final int driverVersion;
    /** The device whose context is current on each thread (as far as genex has set it). */
    private static final ThreadLocal<CudaDevice> CURRENT = new ThreadLocal<>();

    private CudaDevice(int index) {
        this.index = index;
        checkDriverLibrary();
        try {
            setExceptionsEnabled(false);
            int rc = cuInit(0);
            if (rc != CUresult.CUDA_SUCCESS)
                throw new IllegalStateException("cannot use cuda:" + index + ": cuInit failed with "
                        + CUresult.stringFor(rc) + (rc == CUresult.CUDA_ERROR_NO_DEVICE ? " (no GPU visible)" : ""));
        } catch (LinkageError e) {
            throw new IllegalStateException("cannot use cuda:" + index + ": JCuda's native driver library did not "
                    + "load (" + e + "); is the CUDA driver (libcuda.so.1) installed and the jcuda-natives "
                    + "linux-x86_64 jar on the class path?", e);
        }
        int[] count = new int[1];
        check(cuDeviceGetCount(count), "cuDeviceGetCount");
        if (index >= count[0])
            throw new IllegalStateException("no device cuda:" + index + ": the driver sees " + count[0] + " GPU"
                    + (count[0] == 1 ? "" : "s"));
        CUdevice dev = new CUdevice();
        check(cuDeviceGet(dev, index), "cuDeviceGet");
        check(cuDevicePrimaryCtxRetain(context, dev), "cuDevicePrimaryCtxRetain");
        bind();
        byte[] nb = new byte[256];
        check(cuDeviceGetName(nb, nb.length, dev), "cuDeviceGetName");
        int len = 0;
        while (len < nb.length && nb[len] != 0) len++;
        this.name = new String(nb, 0, len, java.nio.charset.StandardCharsets.US_ASCII);
        long[] total = new long[1];
        check(cuDeviceTotalMem(total, dev), "cuDeviceTotalMem");
        this.totalMemory = total[0];
        int[] v = new int[1];
        check(cuDriverGetVersion(v), "cuDriverGetVersion");
        this.driverVersion = v[0];
        check(cuStreamCreate(stream, 0), "cuStreamCreate");
        CUmodule module = new CUmodule();
        check(cuModuleLoadData(module, ptx()), "cuModuleLoadData (genex.ptx needs a driver for PTX ISA 9.0, CUDA 13)");
        for (Kernel k : Kernel.values()) {
            CUfunction f = new CUfunction();
            check(cuModuleGetFunction(f, module, k.entry()), "cuModuleGetFunction " + k.entry());
            functions.put(k, f);
        }
    }

    /** Opens device {@code index}, or throws an IllegalStateException that says why it cannot. */
    public static CudaDevice open(int index) { return new CudaDevice(index); }

    /**
     * Throws an IllegalStateException unless the CUDA driver library can be loaded: checked with JNA before JCuda
     * is touched, so that a machine without a driver gets a clear message rather than an UnsatisfiedLinkError.
     */
    static void checkDriverLibrary() {
        try {
            NativeLibrary.getInstance("libcuda.so.1");
        } catch (UnsatisfiedLinkError e) {
            String why = String.valueOf(e.getMessage()).lines().skip(1).findFirst().orElse(e.getMessage());
            throw new IllegalStateException("no CUDA driver: libcuda.so.1 cannot be loaded (" + why
                    + "); genex's GPU backend needs an NVIDIA GPU with its driver installed", e);
        }
    }

    /** The PTX module's text, NUL-terminated, from the class path. */
    static byte[] ptx() {
        try (InputStream in = CudaDevice.class.getResourceAsStream(Kernel.MODULE)) {
            if (in == null)
                throw new IllegalStateException("org/genex/gpu/" + Kernel.MODULE + " is missing from the class path");
            byte[] text = in.readAllBytes();
            byte[] z = java.util.Arrays.copyOf(text, text.length + 1);
            return z;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + Kernel.MODULE, e);
        }
    }

    public int index() { return index; }

    public String name() { return name; }

    public long totalMemory() { return totalMemory; }

    /** The driver's CUDA version, e.g. 13000. */
    public int driverVersion() { return driverVersion; }

    /** The stream handle (for cuBLAS). */
    long streamAddress() { return stream.address(); }

    /** Makes this device's context current on the calling thread (a driver call only when it is not already). */
    @Override
    public void bind() {
        if (CURRENT.get() == this) return;
        check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
        CURRENT.set(this);
    }

    /** A JCuda pointer to a raw device address. */
    static CUdeviceptr ptr(long address) { return NULL.withByteOffset(address); }

    // ------------------------------------------------------------------------------------------------ memory

    @Override
    public long allocate(long bytes) {
        bind();
        Ptr p = new Ptr();
        int rc = cuMemAlloc(p, bytes);
        if (rc == CUresult.CUDA_ERROR_OUT_OF_MEMORY) return 0;
        check(rc, "cuMemAlloc " + bytes + " bytes");
        return p.address();
    }

    @Override
    public void free(long address) {
        bind();
        check(cuMemFree(ptr(address)), "cuMemFree");
    }

    /** Free and total device memory, bytes. */
    public long[] memoryInfo() {
        bind();
        long[] free = new long[1], total = new long[1];
        check(cuMemGetInfo(free, total), "cuMemGetInfo");
        return new long[]{free[0], total[0]};
    }

    /** Sets {@code count} 32-bit words from {@code address} to {@code bits}, on the stream. */
    @Override
    public void memset32(long address, int bits, long count) {
        if (count == 0) return;
        check(cuMemsetD32Async(ptr(address), bits, count, stream), "cuMemsetD32Async");
    }

    /** Device-to-device copy on the stream. */
    @Override
    public void copy(long dst, long src, long bytes) {
        if (bytes == 0) return;
        check(cuMemcpyDtoDAsync(ptr(dst), ptr(src), bytes, stream), "cuMemcpyDtoDAsync");
    }

    /**
     * Host-to-device copy from a Java array, after the stream's queued work (a synchronous copy: the array may
     * change once this returns).
     */
    public void upload(long dst, Pointer host, long bytes) {
        if (bytes == 0) return;
        synchronize();
        check(cuMemcpyHtoD(ptr(dst), host, bytes), "cuMemcpyHtoD");
    }

    /** Device-to-host copy into a Java array, after the stream's queued work. */
    public void download(Pointer host, long src, long bytes) {
        if (bytes == 0) return;
        synchronize();
        check(cuMemcpyDtoH(host, ptr(src), bytes), "cuMemcpyDtoH");
    }

    @Override
    public void upload(long dst, float[] src, int offset, int count) {
        upload(dst, Pointer.to(src).withByteOffset(4L * offset), 4L * count);
    }

    @Override
    public void upload(long dst, int[] src) { upload(dst, Pointer.to(src), 4L * src.length); }

    @Override
    public void download(float[] dst, int offset, long src, int count) {
        download(Pointer.to(dst).withByteOffset(4L * offset), src, 4L * count);
    }

    @Override
    public void download(int[] dst, long src) { download(Pointer.to(dst), src, 4L * dst.length); }

    /** Waits for the stream's queued work. */
    @Override
    public void synchronize() {
        bind();
        check(cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    // ------------------------------------------------------------------------------------------------ launches

    /** Queues {@code kernel} on the stream with {@code args} (checked against its signature by {@link Kernel#pack}). */
    @Override
    public void launch(Kernel kernel, int grid, int block, Object... args) {
        bind();
        Object[] packed = kernel.pack(args);
        Pointer[] ps = new Pointer[packed.length];
        for (int i = 0; i < packed.length; i++) {
            Object a = packed[i];
            ps[i] = a instanceof int[] ia ? Pointer.to(ia) : a instanceof float[] fa ? Pointer.to(fa)
                    : Pointer.to((long[]) a);
        }
        check(cuLaunchKernel(functions.get(kernel), grid, 1, 1, block, 1, 1, 0, stream, Pointer.to(ps), null),
                "cuLaunchKernel " + kernel.entry() + " <<<" + grid + ", " + block + ">>>");
    }

    // ------------------------------------------------------------------------------------------------ timing

    /** Milliseconds the stream spends on {@code work} (events around it), for benchmarks. */
    public float time(Runnable work) {
        bind();
        CUevent start = new CUevent(), stop = new CUevent();
        check(cuEventCreate(start, 0), "cuEventCreate");
        check(cuEventCreate(stop, 0), "cuEventCreate");
        check(cuEventRecord(start, stream), "cuEventRecord");
        work.run();
        check(cuEventRecord(stop, stream), "cuEventRecord");
        check(cuEventSynchronize(stop), "cuEventSynchronize");
        float[] ms = new float[1];
        check(cuEventElapsedTime(ms, start, stop), "cuEventElapsedTime");
        cuEventDestroy(start);
        cuEventDestroy(stop);
        return ms[0];
    }

    /** Pinned host memory of {@code bytes} bytes (for the bandwidth benchmark); free it with {@link #freeHost}. */
    public Pointer allocateHost(long bytes) {
        bind();
        Pointer p = new Pointer();
        check(cuMemAllocHost(p, bytes), "cuMemAllocHost");
        return p;
    }

    public void freeHost(Pointer p) { check(cuMemFreeHost(p), "cuMemFreeHost"); }

    /** Host-to-device copy from any host pointer (pinned or pageable), synchronous. */
    public void uploadRaw(long dst, Pointer host, long bytes) { check(cuMemcpyHtoD(ptr(dst), host, bytes), "cuMemcpyHtoD"); }

    /** Device-to-host copy into any host pointer, synchronous. */
    public void downloadRaw(Pointer host, long src, long bytes) { check(cuMemcpyDtoH(host, ptr(src), bytes), "cuMemcpyDtoH"); }

    static void check(int rc, String what) {
        if (rc != CUresult.CUDA_SUCCESS)
            throw new CudaException(what + " failed: " + CUresult.stringFor(rc) + " (" + rc + ")");
    }

    @Override
    public String toString() {
        return name + ", " + (totalMemory >> 20) + " MiB, CUDA driver " + driverVersion / 1000 + "."
                + driverVersion % 1000 / 10;
    }
}
