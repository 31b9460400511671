package org.genex.tensor;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import org.genex.tensor.cpu.CpuBackend;

/** Finds the backend of a device: the CPU backend, or one made by a {@link BackendProvider} found on the class path. */
public final class Backends {
    private static final Map<Device, Backend> CACHE = new ConcurrentHashMap<>();

    private Backends() {}

    /** The CPU backend (Vector API or scalar, as chosen at start-up). */
    public static Backend cpu() { return CpuBackend.get(); }

    /** The backend that computes on {@code device}. */
    public static Backend of(Device device) {
        if (device.isCpu()) return CpuBackend.get();
        return CACHE.computeIfAbsent(device, d -> {
            for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
                if (p.type() == d.type()) return p.create(d);
            }
            throw new IllegalStateException("no backend for device " + d + ": put the genex-gpu module (and its "
                    + "JCuda natives) on the class path");
        });
    }
}
