package org.genex.gpu;

/** A CUDA driver or cuBLAS call failed; the message names the call and the error code. */
public final class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CudaException(String message) { super(message); }
}
