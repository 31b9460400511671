package org.genex.gpu;

/**
 * The device has no memory left for a request even after the {@link CachingAllocator} returned its cached blocks
 * to the driver and the JVM collected unreachable tensors. The message names the request and the pool's state.
 */
public final class GpuOutOfMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GpuOutOfMemoryException(String message) { super(message); }
}
