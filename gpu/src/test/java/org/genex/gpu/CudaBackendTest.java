package org.genex.gpu;

import org.genex.tensor.Backend;
import org.genex.tensor.Backends;
import org.genex.tensor.Device;
import org.junit.jupiter.api.Assumptions;

/** {@link BackendContract} on the GPU, cuda:0 (skipped, saying why, where there is none). */
class CudaBackendTest extends BackendContract {
    @Override
    protected Backend backend() {
        try {
            return Backends.of(Device.cuda(0));
        } catch (IllegalStateException e) {
            Assumptions.abort("no GPU: " + e.getMessage());
            throw e;
        }
    }
}
