package org.genex.gpu;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.genex.tensor.Device;
import org.junit.jupiter.api.Test;

/** The caching allocator and the storage's cleaner, on a fake device memory with a fixed capacity. */
class CachingAllocatorTest {
    /** A device of {@code capacity} bytes: addresses count up from 4096, 0 means out of memory. */
    static final class FakeMemory implements DeviceMemory {
        final long capacity;
        final Map<Long, Long> live = new HashMap<>();
        long used, next = 4096;
        int allocs, frees;

        FakeMemory(long capacity) { this.capacity = capacity; }

        @Override
        public synchronized long allocate(long bytes) {
            if (used + bytes > capacity) return 0;
            long a = next;
            next += bytes;
            live.put(a, bytes);
            used += bytes;
            allocs++;
            return a;
        }

        @Override
        public synchronized void free(long address) {
            Long b = live.remove(address);
            assertNotNull(b, "free of an address that is not live: " + address);
            used -= b;
            frees++;
        }
    }

    @Test
    void sizeClassesRoundTo512BytesThenTo2MiB() {
        assertEquals(512, CachingAllocator.sizeClass(1));
        assertEquals(512, CachingAllocator.sizeClass(512));
        assertEquals(1024, CachingAllocator.sizeClass(513));
        assertEquals(1 << 20, CachingAllocator.sizeClass(1 << 20));
        assertEquals(2 << 20, CachingAllocator.sizeClass((1 << 20) + 1));
        assertEquals(4 << 20, CachingAllocator.sizeClass((2 << 20) + 1));
        assertThrows(IllegalArgumentException.class, () -> CachingAllocator.sizeClass(0));
    }

    @Test
    void aFreedBlockIsReusedByTheSameClassOnly() {
        FakeMemory mem = new FakeMemory(1 << 24);
        CachingAllocator a = new CachingAllocator(mem, () -> {});
        CachingAllocator.Block b1 = a.allocate(1000);
        assertEquals(1024, b1.size());
        a.free(b1);
        CachingAllocator.Block b2 = a.allocate(700); // another request of the same class
        assertEquals(b1.address(), b2.address());
        CachingAllocator.Block b3 = a.allocate(2000); // another class: a new block
        assertNotEquals(b1.address(), b3.address());
        assertEquals(2, mem.allocs);
        CachingAllocator.Stats s = a.stats();
        assertEquals(1024 + 2048, s.inUse());
        assertEquals(0, s.cached());
        assertEquals(1, s.cacheHits());
        assertEquals(3, s.requests());
        assertEquals(2, s.deviceAllocations());
    }

    @Test
    void accountingFollowsAllocateFreeAndRelease() {
        FakeMemory mem = new FakeMemory(1 << 24);
        CachingAllocator a = new CachingAllocator(mem, () -> {});
        CachingAllocator.Block x = a.allocate(3 << 20), y = a.allocate(100);
        assertEquals((4 << 20) + 512, a.stats().inUse());
        assertEquals((4 << 20) + 512, a.stats().peakInUse());
        a.free(x);
        assertEquals(512, a.stats().inUse());
        assertEquals(4 << 20, a.stats().cached());
        assertEquals(4 << 20, a.releaseCached());
        assertEquals(0, a.stats().cached());
        assertEquals(1, mem.frees);
        assertEquals(512, mem.used);
        a.free(y);
        assertEquals((4 << 20) + 512, a.stats().peakInUse());
        assertTrue(a.stats().toString().contains("in use"), a.stats().toString());
    }

    @Test
    void outOfMemoryReleasesTheCacheAndRetries() {
        FakeMemory mem = new FakeMemory(4 << 20);
        AtomicInteger pressure = new AtomicInteger();
        CachingAllocator a = new CachingAllocator(mem, pressure::incrementAndGet);
        a.free(a.allocate(2 << 20));
        a.free(a.allocate(1 << 20)); // 3 MiB cached, 1 MiB free on the device
        CachingAllocator.Block big = a.allocate(4 << 20); // fits only once the cache is released
        assertEquals(4 << 20, big.size());
        assertEquals(0, a.stats().cached());
        assertEquals(0, pressure.get(), "releasing the cache was enough");
        assertEquals(2, mem.frees);
    }

    @Test
    void outOfMemoryRunsThePressureActionThenThrowsNamingTheRequest() {
        FakeMemory mem = new FakeMemory(4 << 20);
        CachingAllocator[] holder = new CachingAllocator[1];
        CachingAllocator.Block[] held = new CachingAllocator.Block[1];
        // the pressure action stands for the cleaner: it frees a block the program no longer references
        CachingAllocator a = new CachingAllocator(mem, () -> {
            if (held[0] != null) {
                holder[0].free(held[0]);
                held[0] = null;
            }
        });
        holder[0] = a;
        held[0] = a.allocate(4 << 20);
        CachingAllocator.Block again = a.allocate(3 << 20); // served after the "cleaner" returned the block
        assertEquals(4 << 20, again.size());
        GpuOutOfMemoryException e = assertThrows(GpuOutOfMemoryException.class, () -> a.allocate(1 << 20));
        assertTrue(e.getMessage().contains("1048576 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }

    @Test
    void anUnreachableStorageReturnsItsBlockToTheCache() throws InterruptedException {
        FakeMemory mem = new FakeMemory(1 << 24);
        CachingAllocator a = new CachingAllocator(mem, () -> {});
        CudaStorage s = new CudaStorage(Device.cuda(0), 1000, a);
        assertEquals(1000, s.capacity());
        assertEquals(4096, a.stats().inUse());
        s = null; // the cleaner must not keep it reachable
        for (int i = 0; i < 200 && a.stats().cached() == 0; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertEquals(4096, a.stats().cached(), "the cleaner returned the block");
        assertEquals(0, a.stats().inUse());
        CudaStorage t = new CudaStorage(Device.cuda(0), 1024, a);
        assertEquals(1, a.stats().cacheHits(), "the next storage of that class reuses it");
        assertEquals(1, mem.allocs);
        assertNotEquals(0, t.address());
        assertEquals(0, new CudaStorage(Device.cuda(0), 0, a).address(), "an empty storage holds no block");
    }
}
