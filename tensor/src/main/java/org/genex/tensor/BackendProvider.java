package org.genex.tensor;

/**
 * A service (found with {@link java.util.ServiceLoader}) that makes the backend of a device type other than the
 * CPU; the {@code gpu} module provides one for {@link Device.Type#CUDA}.
 */
public interface BackendProvider {
    /** The device type this provider serves. */
    Device.Type type();

    /**
     * The backend of {@code device}, made once and cached by {@link Backends}. Throws an
     * {@link IllegalStateException} that says why (no driver, no such device) when it cannot be made.
     */
    Backend create(Device device);
}
