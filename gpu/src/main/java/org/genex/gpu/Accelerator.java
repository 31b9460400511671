package org.genex.gpu;

/**
 * What {@link CudaBackend} needs from a device: memory ({@link DeviceMemory}), copies, one queue of kernel launches.
 * {@link CudaDevice} is the CUDA implementation; the tests also run the backend on a host emulation of the kernels
 * (genex.cu compiled as plain C++ with one thread per launch), which checks the host code and the kernels' index
 * arithmetic against the CPU backend on machines without a GPU.
 */
interface Accelerator extends DeviceMemory {
    /** Makes this device current on the calling thread. */
    void bind();

    /** Sets {@code count} 32-bit words from {@code address} to {@code bits}, queued. */
    void memset32(long address, int bits, long count);

    /** Device-to-device copy, queued. */
    void copy(long dst, long src, long bytes);

    /** Host-to-device copy of {@code count} floats from {@code src[offset]}, after the queued work. */
    void upload(long dst, float[] src, int offset, int count);

    /** Host-to-device copy of {@code src}, after the queued work. */
    void upload(long dst, int[] src);

    /** Device-to-host copy of {@code count} floats into {@code dst[offset]}, after the queued work. */
    void download(float[] dst, int offset, long src, int count);

    /** Device-to-host copy into {@code dst}, after the queued work. */
    void download(int[] dst, long src);

    /** Waits for the queued work. */
    void synchronize();

    /** Queues {@code kernel} on {@code grid} blocks of {@code block} threads with {@code args} (see {@link Kernel}). */
    void launch(Kernel kernel, int grid, int block, Object... args);
}
