package org.genex.gpu;

/**
 * Raw device memory, as the {@link CachingAllocator} sees it: allocate and free blocks by address. The CUDA
 * implementation calls {@code cuMemAlloc} / {@code cuMemFree}; tests use a fake with a fixed capacity.
 */
public interface DeviceMemory {
    /** A new block of {@code bytes} bytes (> 0), or 0 when the device is out of memory. */
    long allocate(long bytes);

    /** Returns a block that {@link #allocate} gave. */
    void free(long address);
}
