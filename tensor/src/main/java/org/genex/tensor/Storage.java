package org.genex.tensor;

/**
 * The memory behind one or more tensors. A tensor is a {@link Shape} and an element offset into a storage; views
 * (reshape, leading-row ranges) share it. The CPU backend's storage is a {@link HeapStorage}; an accelerator backend
 * brings its own.
 */
public interface Storage {
    /** The device that owns this memory. */
    Device device();

    /** Capacity in float elements. */
    int capacity();
}
