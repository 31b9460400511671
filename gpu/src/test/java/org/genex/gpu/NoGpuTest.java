package org.genex.gpu;

import static org.junit.jupiter.api.Assertions.*;

import org.genex.tensor.Backend;
import org.genex.tensor.Backends;
import org.genex.tensor.Device;
import org.genex.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The backend is found through ServiceLoader, and on a machine without a GPU or driver asking for it fails with an
 * IllegalStateException that says why (never an UnsatisfiedLinkError). With a GPU, the same calls give the backend.
 */
class NoGpuTest {
    @Test
    void cudaDeviceGivesTheBackendOrAClearError() {
        Throwable failure = null;
        Backend b = null;
        try {
            b = Backends.of(Device.cuda(0));
        } catch (Throwable t) {
            failure = t;
        }
        if (failure == null) {
            assertInstanceOf(CudaBackend.class, b);
            assertEquals(Device.cuda(0), b.device());
            return;
        }
        assertInstanceOf(IllegalStateException.class, failure, "got " + failure);
        String m = failure.getMessage();
        assertTrue(m.contains("libcuda") || m.contains("cuInit") || m.contains("no device") || m.contains("cuBLAS"),
                "the message says why: " + m);
        // asking again gives a clear error again (no NoClassDefFoundError from a failed class initialisation)
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> Backends.of(Device.cuda(0)));
        assertFalse(again.getMessage().isBlank());
        assertThrows(IllegalStateException.class, () -> Tensor.zeros(org.genex.tensor.Shape.of(2), Device.cuda(0)));
    }

    @Test
    void aMissingDeviceIndexIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.of(Device.cuda(63)));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void theProviderServesCuda() {
        assertEquals(Device.Type.CUDA, new CudaBackendProvider().type());
        assertThrows(IllegalArgumentException.class, () -> CudaBackend.open(Device.CPU));
    }

    @Test
    void cublasIsLookedUpByPropertyThenVersion13Then12() {
        String old = System.getProperty("genex.cublas");
        try {
            System.setProperty("genex.cublas", "/opt/x/libcublas.so.13");
            var c = Cublas.candidates();
            assertEquals("/opt/x/libcublas.so.13", c.get(0));
            assertTrue(c.indexOf("libcublas.so.13") < c.indexOf("libcublas.so.12"));
        } finally {
            if (old == null) System.clearProperty("genex.cublas");
            else System.setProperty("genex.cublas", old);
        }
    }

    /**
     * Where a cuBLAS library is present (a CUDA toolkit, or {@code GENEX_CUBLAS} pointing at one), every function of
     * {@link Cublas.Lib} binds to it, and without a GPU creating a handle is a {@link CudaException} naming cuBLAS's
     * status, not a crash. Checked by hand with Debian's libcublas 12.4 on a machine without a GPU (closing note of
     * issue 7); skips where no library is found.
     */
    @Test
    void cublasBindsWhereALibraryIsPresent() {
        String name;
        try {
            name = Cublas.load();
        } catch (IllegalStateException e) {
            Assumptions.abort("no cuBLAS library here (set GENEX_CUBLAS=/path/to/libcublas.so.N to check the binding): "
                    + e.getMessage().lines().findFirst().orElse(""));
            return;
        }
        assertFalse(name.isBlank());
        try (Cublas c = Cublas.create(0L)) {
            assertTrue(c.describe().startsWith("cuBLAS " + name), c.describe());     // a GPU is present
        } catch (CudaException e) {
            assertTrue(e.getMessage().startsWith("cublasCreate_v2 failed: CUBLAS_STATUS_"), e.getMessage());
        }
    }

    @Test
    void rawAddressesBecomeJcudaPointersWithTheSameAddress() {
        // CUdeviceptr's toString shows its native pointer and byte offset; their sum is the address JCuda passes on
        // (JCuda's native getPointer() reads nativePointer + byteOffset)
        long address = 0x7f0012345600L;
        String s = CudaDevice.ptr(address).toString();
        assertTrue(s.contains("nativePointer=0x0") && s.contains("byteOffset=" + address), s);
    }
}
