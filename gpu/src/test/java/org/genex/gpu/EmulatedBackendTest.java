package org.genex.gpu;

import org.genex.tensor.Backend;
import org.genex.tensor.Device;

/**
 * {@link BackendContract} on the host emulation of the kernels ({@link HostEmulation}: genex.cu compiled by g++,
 * one thread per launch; {@link JavaBlas} for GEMM): the CudaBackend's host code (validation, plans, staging,
 * launch arguments) and every kernel's arithmetic checked against the CPU backend without a GPU. Skipped where g++
 * is missing.
 */
class EmulatedBackendTest extends BackendContract {
    private static CudaBackend backend;

    @Override
    protected synchronized Backend backend() {
        if (backend == null) backend = new CudaBackend(Device.cuda(9), HostEmulation.get(), new JavaBlas());
        return backend;
    }
}
