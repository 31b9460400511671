package org.genex.gpu;

import java.lang.ref.Cleaner;
import org.genex.tensor.Device;
import org.genex.tensor.Storage;

/**
 * Device memory behind GPU tensors: a block of the backend's {@link CachingAllocator}. When the storage becomes
 * unreachable, a {@link Cleaner} returns the block to the allocator's cache. The cleaning action ({@link Release})
 * holds the allocator and the block, never the storage (which would keep it reachable forever).
 */
public final class CudaStorage implements Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Device device;
    private final int capacity;
    private final long address;

    /** Returns one block to its allocator; runs at most once. */
    record Release(CachingAllocator allocator, CachingAllocator.Block block) implements Runnable {
        @Override
        public void run() { allocator.free(block); }
    }

    /** A storage of {@code capacity} floats; empty storages hold no block (address 0). */
    CudaStorage(Device device, int capacity, CachingAllocator allocator) {
        this.device = device;
        this.capacity = capacity;
        if (capacity == 0) {
            this.address = 0;
        } else {
            CachingAllocator.Block block = allocator.allocate(4L * capacity);
            this.address = block.address();
            CLEANER.register(this, new Release(allocator, block));
        }
    }

    @Override
    public Device device() { return device; }

    @Override
    public int capacity() { return capacity; }

    /** The device address of element 0. */
    public long address() { return address; }

    @Override
    public String toString() { return "CudaStorage[" + device + ", " + capacity + " floats]"; }
}
