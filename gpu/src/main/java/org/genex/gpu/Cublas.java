package org.genex.gpu;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.ArrayList;
import java.util.List;

/**
 * cuBLAS, bound with JNA direct mapping (not through JCublas): JCublas 12.6's native library links
 * {@code libcublas.so.12} by versioned symbols, while the GPU machines ship CUDA 13's {@code libcublas.so.13}, so
 * genex binds the few functions it needs itself. The library is the one named by the system property
 * {@code genex.cublas} or the environment variable {@code GENEX_CUBLAS} (a path), else {@code libcublas.so.13}, else
 * {@code libcublas.so.12} (found by the dynamic loader, then under {@code /usr/local/cuda/lib64}); their C ABI of
 * these functions is the same. Device pointers are raw addresses ({@code long}; see {@link CudaDevice}).
 *
 * <p>Row-major products go through cuBLAS's column-major API as {@code C^T = op(B)^T op(A)^T}: a row-major
 * [m, n] matrix is a column-major [n, m] one, so {@link #sgemm} swaps the operands and m, n.
 */
public final class Cublas implements Blas, AutoCloseable {
    /** cublasMath_t: the default (FP32) and TF32 tensor-core math modes. */
    static final int CUBLAS_DEFAULT_MATH = 0, CUBLAS_TF32_TENSOR_OP_MATH = 3;
    static final int CUBLAS_OP_N = 0, CUBLAS_OP_T = 1;

    /** The direct-mapped functions (registered on the loaded library by {@link #load}). */
    static final class Lib {
        static native int cublasCreate_v2(long[] handle);
        static native int cublasDestroy_v2(long handle);
        static native int cublasSetStream_v2(long handle, long stream);
        static native int cublasSetMathMode(long handle, int mode);
        static native int cublasSgemm_v2(long handle, int transa, int transb, int m, int n, int k, float[] alpha,
                                         long a, int lda, long b, int ldb, float[] beta, long c, int ldc);
        static native int cublasSgemmStridedBatched(long handle, int transa, int transb, int m, int n, int k,
                                                    float[] alpha, long a, int lda, long strideA, long b, int ldb,
                                                    long strideB, float[] beta, long c, int ldc, long strideC,
                                                    int batchCount);
    }

    private static String loaded;
    private static Throwable loadFailure;

    private final long handle;
    private boolean tf32;

    private Cublas(long handle) { this.handle = handle; }

    /** The candidate library names and paths, in the order they are tried. */
    static List<String> candidates() {
        List<String> c = new ArrayList<>();
        String p = System.getProperty("genex.cublas"), e = System.getenv("GENEX_CUBLAS");
        if (p != null && !p.isBlank()) c.add(p);
        if (e != null && !e.isBlank()) c.add(e);
        c.add("libcublas.so.13");
        c.add("libcublas.so.12");
        c.add("/usr/local/cuda/lib64/libcublas.so.13");
        c.add("/usr/local/cuda/lib64/libcublas.so.12");
        return c;
    }

    /** Loads and registers cuBLAS once; throws an IllegalStateException listing what was tried. */
    static synchronized String load() {
        if (loaded != null) return loaded;
        if (loadFailure != null) throw new IllegalStateException(loadFailure.getMessage(), loadFailure);
        StringBuilder tried = new StringBuilder();
        for (String name : candidates()) {
            try {
                NativeLibrary lib = NativeLibrary.getInstance(name);
                Native.register(Lib.class, lib);
                loaded = name;
                return name;
            } catch (UnsatisfiedLinkError err) {
                tried.append("\n  ").append(name).append(": ").append(err.getMessage());
            }
        }
        loadFailure = new IllegalStateException("cannot load cuBLAS (set -Dgenex.cublas=/path/to/libcublas.so.13 or "
                + "GENEX_CUBLAS); tried:" + tried);
        throw (IllegalStateException) loadFailure;
    }

    /** A cuBLAS handle bound to {@code stream}. */
    static Cublas create(long stream) {
        load();
        long[] h = new long[1];
        check(Lib.cublasCreate_v2(h), "cublasCreate_v2");
        Cublas c = new Cublas(h[0]);
        check(Lib.cublasSetStream_v2(h[0], stream), "cublasSetStream_v2");
        c.setTf32(false);
        return c;
    }

    @Override
    public void setTf32(boolean on) {
        check(Lib.cublasSetMathMode(handle, on ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
        tf32 = on;
    }

    @Override
    public boolean tf32() { return tf32; }

    @Override
    public String describe() { return "cuBLAS " + loaded + (tf32 ? " (TF32)" : " (FP32)"); }

    /**
     * The column-major call that computes a row-major product: {@code C = op(A) op(B)} row-major is
     * {@code C^T = op(B)^T op(A)^T} column-major, so the first operand is B (with transB's op), the second A, and
     * m, n swap; a row-major [r, c] matrix is a column-major one with leading dimension c.
     */
    record ColMajor(int opFirst, int opSecond, int m, int n, int k, boolean firstIsB, int ldFirst, int ldSecond,
                    int ldc) {
        static ColMajor of(boolean transA, boolean transB, int m, int n, int k) {
            int lda = Math.max(1, transA ? m : k), ldb = Math.max(1, transB ? k : n), ldc = Math.max(1, n);
            return new ColMajor(transB ? CUBLAS_OP_T : CUBLAS_OP_N, transA ? CUBLAS_OP_T : CUBLAS_OP_N, n, m, k, true,
                    ldb, lda, ldc);
        }
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, long b, float beta, long c) {
        ColMajor g = ColMajor.of(transA, transB, m, n, k);
        check(Lib.cublasSgemm_v2(handle, g.opFirst(), g.opSecond(), g.m(), g.n(), g.k(), new float[]{alpha}, b,
                g.ldFirst(), a, g.ldSecond(), new float[]{beta}, c, g.ldc()), "cublasSgemm_v2");
    }

    @Override
    public void sgemmStridedBatched(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, long strideA,
                             long b, long strideB, float beta, long c, long strideC, int count) {
        ColMajor g = ColMajor.of(transA, transB, m, n, k);
        check(Lib.cublasSgemmStridedBatched(handle, g.opFirst(), g.opSecond(), g.m(), g.n(), g.k(),
                new float[]{alpha}, b, g.ldFirst(), strideB, a, g.ldSecond(), strideA, new float[]{beta}, c, g.ldc(),
                strideC, count), "cublasSgemmStridedBatched");
    }

    @Override
    public void close() { Lib.cublasDestroy_v2(handle); }

    static void check(int status, String what) {
        if (status != 0) throw new CudaException(what + " failed: " + statusName(status) + " (" + status + ")");
    }

    /** cublasStatus_t names. */
    static String statusName(int s) {
        return switch (s) {
            case 0 -> "CUBLAS_STATUS_SUCCESS";
            case 1 -> "CUBLAS_STATUS_NOT_INITIALIZED";
            case 3 -> "CUBLAS_STATUS_ALLOC_FAILED";
            case 7 -> "CUBLAS_STATUS_INVALID_VALUE";
            case 8 -> "CUBLAS_STATUS_ARCH_MISMATCH";
            case 11 -> "CUBLAS_STATUS_MAPPING_ERROR";
            case 13 -> "CUBLAS_STATUS_EXECUTION_FAILED";
            case 14 -> "CUBLAS_STATUS_INTERNAL_ERROR";
            case 15 -> "CUBLAS_STATUS_NOT_SUPPORTED";
            case 16 -> "CUBLAS_STATUS_LICENSE_ERROR";
            default -> "cublasStatus " + s;
        };
    }
}
