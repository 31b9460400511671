package org.genex.gpu;

import org.genex.tensor.Backend;
import org.genex.tensor.BackendProvider;
import org.genex.tensor.Device;

/**
 * Makes the {@link CudaBackend} of a {@code cuda:N} device for {@link org.genex.tensor.Backends#of}, found by
 * {@link java.util.ServiceLoader} through {@code META-INF/services/org.genex.tensor.BackendProvider}. Without a GPU
 * or driver, {@link #create} throws an {@link IllegalStateException} that says which (never an
 * {@link UnsatisfiedLinkError}).
 */
public final class CudaBackendProvider implements BackendProvider {
    @Override
    public Device.Type type() { return Device.Type.CUDA; }

    @Override
    public Backend create(Device device) {
        try {
            return CudaBackend.open(device);
        } catch (LinkageError e) {
            throw new IllegalStateException("cannot use " + device + ": a native library did not load (" + e + ")", e);
        }
    }
}
