package org.genex.gpu;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * A caching allocator over {@link DeviceMemory}, so that tensors do not cost a {@code cuMemAlloc} each (a driver
 * call that also synchronises the device): a freed block goes to a free list of its size class and the next request
 * of that class takes it back.
 *
 * <h2>Size classes</h2>
 * Requests are rounded up to a multiple of 512 bytes up to 1 MiB, and to a multiple of 2 MiB above; a request is
 * served only by a cached block of exactly its class, so no block is split and the waste is bounded by the rounding
 * (under 512 bytes, or under 2 MiB on blocks of more than 1 MiB).
 *
 * <h2>Out of memory</h2>
 * When the device refuses a block: (1) every cached block is returned to the device and the request retried; (2) the
 * {@code pressure} action runs (the backend's: {@code System.gc()} and a short wait, so that the {@link
 * java.lang.ref.Cleaner} returns the blocks of unreachable tensors) and, after checking the cache again and
 * releasing it, the request is retried once more; (3) a {@link GpuOutOfMemoryException} names the request and the
 * pool's state.
 *
 * <h2>Threads and streams</h2>
 * All methods are synchronised (the cleaner thread frees blocks). A block may be reused while kernels that used it
 * are still queued: that is safe because the backend runs all device work on one stream (a reused block's next
 * use is queued after them) and synchronises that stream before host-synchronous copies.
 */
public final class CachingAllocator {
    /** Granularity of the small classes, bytes. */
    public static final long SMALL_ALIGN = 512;
    /** Requests up to this many bytes are small. */
    public static final long SMALL_LIMIT = 1L << 20;
    /** Granularity of the large classes, bytes. */
    public static final long LARGE_ALIGN = 2L << 20;

    /** A block of device memory: its address and its (rounded) size in bytes. */
    public record Block(long address, long size) {}

    /** The pool's counters, in bytes and calls. */
    public record Stats(long inUse, long cached, long peakInUse, long deviceAllocations, long deviceFrees,
                        long cacheHits, long requests) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "%s in use (peak %s), %s cached; %d requests, %d from the cache, %d cuMemAlloc, %d cuMemFree",
                    mib(inUse), mib(peakInUse), mib(cached), requests, cacheHits, deviceAllocations, deviceFrees);
        }
    }

    private final DeviceMemory memory;
    private final Runnable pressure;
    private final TreeMap<Long, ArrayDeque<Long>> free = new TreeMap<>();
    private long inUse, cached, peak, deviceAllocations, deviceFrees, cacheHits, requests;

    /**
     * @param memory   the raw device memory
     * @param pressure run once when the device is out of memory even with the cache released (may be a no-op)
     */
    public CachingAllocator(DeviceMemory memory, Runnable pressure) {
        this.memory = memory;
        this.pressure = pressure;
    }

    /** The size class of a request of {@code bytes} (> 0). */
    public static long sizeClass(long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("allocation of " + bytes + " bytes");
        long align = bytes <= SMALL_LIMIT ? SMALL_ALIGN : LARGE_ALIGN;
        return Math.ceilDiv(bytes, align) * align;
    }

    /** A block of at least {@code bytes} bytes (> 0). */
    public Block allocate(long bytes) {
        long size = sizeClass(bytes);
        synchronized (this) {
            requests++;
            Block b = fromCache(size);
            if (b == null) b = fromDevice(size);
            if (b == null) {
                releaseCached();
                b = fromDevice(size);
            }
            if (b != null) return b;
        }
        // out of memory with an empty cache: let the cleaner return the blocks of unreachable tensors (outside the
        // lock: the cleaner thread needs it), then try the cache, a released cache and the device once more
        pressure.run();
        synchronized (this) {
            Block b = fromCache(size);
            if (b == null) {
                releaseCached();
                b = fromDevice(size);
            }
            if (b != null) return b;
            throw new GpuOutOfMemoryException("out of GPU memory: a request of " + bytes + " bytes (class "
                    + size + ") failed after releasing the cache and collecting unreachable tensors; pool: "
                    + stats());
        }
    }

    /** Returns {@code block} to the cache (not to the device). */
    public synchronized void free(Block block) {
        free.computeIfAbsent(block.size(), k -> new ArrayDeque<>()).push(block.address());
        inUse -= block.size();
        cached += block.size();
    }

    /** Returns every cached block to the device; the number of bytes released. */
    public synchronized long releaseCached() {
        long released = 0;
        for (Map.Entry<Long, ArrayDeque<Long>> e : free.entrySet()) {
            for (long address : e.getValue()) {
                memory.free(address);
                deviceFrees++;
                released += e.getKey();
            }
        }
        free.clear();
        cached -= released;
        return released;
    }

    public synchronized Stats stats() {
        return new Stats(inUse, cached, peak, deviceAllocations, deviceFrees, cacheHits, requests);
    }

    private Block fromCache(long size) {
        ArrayDeque<Long> list = free.get(size);
        if (list == null || list.isEmpty()) return null;
        long address = list.pop();
        if (list.isEmpty()) free.remove(size);
        cached -= size;
        cacheHits++;
        return taken(address, size);
    }

    private Block fromDevice(long size) {
        long address = memory.allocate(size);
        if (address == 0) return null;
        deviceAllocations++;
        return taken(address, size);
    }

    private Block taken(long address, long size) {
        inUse += size;
        peak = Math.max(peak, inUse);
        return new Block(address, size);
    }

    static String mib(long bytes) { return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0); }
}
